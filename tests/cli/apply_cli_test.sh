#!/usr/bin/env bash
# `clawform apply` as an operator runs it, on the real openclaw in an empty
# sandbox root: examples/three-clients.yaml applied (three gateways healthy,
# then nothing left to plan); one project's plugin pin and port changed (the
# plan names only that project); a stale plan refused naming the drift; a
# failure injected after the plugin step on the live host rolled back
# (openclaw, the state DB and /health as before); the change applied while a
# concurrent apply is refused naming the holder (openclaw and /health
# confirm); a dead owner's lock reported and cleared by unlock. No canary key
# value in any output, journal, history or log. Every gateway started is
# stopped by its pid at the end.
# Usage: $0 CLAWFORM OPENCLAW
set -u
clawform=$1
openclaw=$2
. "$(dirname "$0")/check_lib.sh"
. "$(dirname "$0")/apply_lib.sh"

root="$tmp/root"; mkdir -p "$root"
trap 'stop_gateways "$root"; rm -rf "$tmp"' EXIT
host=(--root "$root" --openclaw "$openclaw" --health-timeout 180)
plan_host=(--root "$root" --openclaw "$openclaw")
instance_openclaw() {  # instance_openclaw PROJECT ARGS...: the real CLI on one instance of the root
  local home="$root/Users/operator"
  env -i PATH=/usr/bin:/bin HOME="$home" OPENCLAW_STATE_DIR="$home/.openclaw-$1" \
    OPENCLAW_CONFIG_PATH="$home/.openclaw-$1/openclaw.json" "$openclaw" --profile "$1" "${@:2}"
}

expect_acme_nostr() {  # expect_acme_nostr WHAT VERSION: openclaw lists acme's nostr at VERSION, enabled
  check "openclaw lists nostr at $1" 0 instance_openclaw acme plugins list --json
  cp "$tmp/out" "$tmp/plugins.json"
  check "nostr $2 enabled" 0 python3 -c '
import json, sys
plugins = [p for p in json.load(sys.stdin)["plugins"] if p.get("id") == "nostr"]
assert plugins and plugins[0]["version"] == sys.argv[1] and plugins[0]["enabled"], plugins' "$2" < "$tmp/plugins.json"
}

# The example's projects on this test's own ports, 200 apart (a gateway on P
# also takes P+1..P+110, docs/ports.md): acme 23000, globex 23200, initech 23400.
acme=23000 globex=23200 initech=23400 moved=23600
with_ports examples/three-clients.yaml 23000-23799 $acme $globex $initech > "$tmp/three.yaml"

# 1. An empty host: plan, apply, converged.
check "plan three clients" 0 "$clawform" plan "$tmp/three.yaml" "${plan_host[@]}" --out "$tmp/plan.json"
started=$(date +%s.%N)
check "apply three clients" 0 "$clawform" apply "$tmp/plan.json" "${host[@]}"
echo "three-client apply: $(python3 -c "import sys,time; print(f'{time.time()-float(sys.argv[1]):.1f}')" "$started") s"
grep -E '^\[' "$tmp/out"
expect_output "progress names each step's project" '^\[1/[0-9]+\] project\.acme\.state_dir create \.\.\. ok \([0-9.]+ s\)$'
expect_output "apply complete" '^Apply complete: [0-9]+ steps done\.$'
no_canary "apply output" "$tmp/out" "$tmp/err"
for port in $acme $globex $initech; do
  check "gateway on $port: /health" 0 curl -sf "http://127.0.0.1:$port/health"
  expect_output "gateway on $port: live" '"status":"live"'
  check "gateway on $port: /ready" 0 curl -sf "http://127.0.0.1:$port/ready"
  expect_output "gateway on $port: ready" '"ready":true'
done
check "nothing left to plan" 0 "$clawform" plan "$tmp/three.yaml" "${plan_host[@]}" --detailed-exitcode \
  --out "$tmp/empty.json"
expect_output "no changes" '^No changes\.$'
check "a plan without changes applies as nothing" 0 "$clawform" apply "$tmp/empty.json" "${host[@]}"
expect_output "says so" '^No changes: nothing to apply\.$'
check "and leaves no journal" 1 test -e "$root/.clawform/journal"
check "the applied plan is refused a second time" 1 "$clawform" apply "$tmp/plan.json" "${host[@]}"
expect_error "applied already" 'this plan was applied already'

# 2. acme's nostr pin and port changed.
with_ports examples/three-clients.yaml 23000-23799 $moved $globex $initech |
  sed -e 's|"@openclaw/nostr": 2026.9.5|"@openclaw/nostr": 2026.9.4|' > "$tmp/changed.yaml"
check "plan the change" 2 "$clawform" plan "$tmp/changed.yaml" "${plan_host[@]}" --detailed-exitcode --out "$tmp/change.json"
check "the change is acme's port and pin, and nothing else" 0 python3 - "$tmp/change.json" <<'PY'
import json, sys
steps = json.load(open(sys.argv[1]))["steps"]
others = [s["address"] for s in steps if not s["address"].startswith("project.acme.")]
assert not others, f"steps outside acme: {others}"
config = [s for s in steps if s["kind"] == "config"]
assert len(config) == 1 and config[0]["after"] == {"gateway.port": 23600}, config
assert config[0]["before"] == {"gateway.port": 23000}, config
plugin = [s for s in steps if s["kind"] == "plugin"]
assert len(plugin) == 1 and plugin[0]["before"]["version"] == "2026.9.5" and plugin[0]["after"]["version"] == "2026.9.4", plugin
kinds = sorted(s["kind"] for s in steps)
assert kinds == ["config", "doctor", "gateway", "health", "plugin", "service"], kinds
PY

check "apply of a manifest asks first, and refuses without a terminal to ask on" 1 \
  "$clawform" apply "$tmp/changed.yaml" "${host[@]}" < /dev/null
expect_error "says why" 'refusing to apply without --auto-approve'

# 3. The host drifts after the plan was made: the plan is refused, nothing changes.
check "drift: globex's model changed by hand" 0 instance_openclaw globex config set agents.defaults.model openai/gpt-5.4-mini
check "a stale plan is refused" 1 "$clawform" apply "$tmp/change.json" "${host[@]}"
expect_error "names the drifted step" 'project\.globex\.config: now needs update'
expect_error "nothing was changed" 'apply refused; nothing was changed'
check "acme's gateway still on its old port" 0 curl -sf "http://127.0.0.1:$acme/health"

# 4. A step fails on the live host (gateways running, acme's state DB open):
# apply rolls back; openclaw, the state DB and /health are as before.
check "re-plan" 2 "$clawform" plan "$tmp/changed.yaml" "${plan_host[@]}" --detailed-exitcode --out "$tmp/change2.json"
plugin_step=$(python3 -c 'import json, sys
print(next(s["index"] for s in json.load(open(sys.argv[1]))["steps"] if s["kind"] == "plugin"))' "$tmp/change2.json")
check "acme's state DB is open while its gateway runs" 0 \
  test -e "$root/Users/operator/.openclaw-acme/state/openclaw.sqlite-wal"
CLAWFORM_FAULT="$plugin_step:fail" check "a failure after acme's plugin step" 1 \
  "$clawform" apply "$tmp/change2.json" "${host[@]}"
expect_error "rolled back" "^Rolled back: undid steps? $plugin_step(, [0-9]+)*\. The host is as it was"
expect_output "acme's gateway started again on its old port" \
  "^gateway of instance acme started again on port $acme \([0-9.]+ s\)$"
check "acme's state DB is whole" 0 python3 -c 'import sqlite3, sys
result = sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0]
sys.exit(0 if result == "ok" else result)' "$root/Users/operator/.openclaw-acme/state/openclaw.sqlite"
expect_acme_nostr "its old pin" 2026.9.5
check "acme answers /health on its old port again" 0 curl -sf "http://127.0.0.1:$acme/health"
check "the host calls for the same plan" 2 "$clawform" plan "$tmp/changed.yaml" "${plan_host[@]}" \
  --detailed-exitcode --out "$tmp/change3.json"
check "step for step" 0 python3 -c 'import json, sys
steps = [[(s["address"], s["action"], s["before"], s["after"]) for s in json.load(open(f))["steps"]] for f in sys.argv[1:]]
assert steps[0] == steps[1], steps' "$tmp/change2.json" "$tmp/change3.json"

# 5. Applied while a second apply is refused.
"$clawform" apply "$tmp/change2.json" "${host[@]}" > "$tmp/first.out" 2> "$tmp/first.err" &
first=$!
for _ in $(seq 1 50); do [ -e "$root/.clawform/lock" ] && break; sleep 0.1; done
check "a concurrent apply is refused" 1 "$clawform" apply "$tmp/change2.json" "${host[@]}"
expect_error "names the holder" "another clawform holds the lock on this host root: clawform apply \(pid $first on host"
wait "$first"; first_exit=$?
check "the first apply succeeded" 0 test "$first_exit" -eq 0
[ "$first_exit" -eq 0 ] || cat "$tmp/first.out" "$tmp/first.err"
no_canary "the first apply's output" "$tmp/first.out" "$tmp/first.err"
expect_acme_nostr "the new pin" 2026.9.4
check "acme answers /health on its new port" 0 curl -sf "http://127.0.0.1:$moved/health"
check "nothing answers on acme's old port" 7 curl -s "http://127.0.0.1:$acme/health"
check "converged after the change" 0 "$clawform" plan "$tmp/changed.yaml" "${plan_host[@]}" --detailed-exitcode

# 6. A dead owner's lock: reported, cleared by unlock.
sleep 60 & holder=$!
printf '{"pid":%d,"host":"%s","started":"2026-11-25T00:00:00Z","command":"apply"}\n' "$holder" "$(hostname)" \
  > "$root/.clawform/lock"
check "unlock refuses a live owner" 1 "$clawform" unlock --root "$root"
kill "$holder"; wait "$holder" 2>/dev/null
check "apply reports the dead owner" 1 "$clawform" apply "$tmp/change2.json" "${host[@]}"
expect_error "dead owner named" "held by clawform apply \(pid $holder .*no longer running.*clawform unlock"
check "unlock clears it" 0 "$clawform" unlock --root "$root"
check "no lock" 1 test -e "$root/.clawform/lock"

no_canary "journal, history and gateway logs" "$root/.clawform"
finish
