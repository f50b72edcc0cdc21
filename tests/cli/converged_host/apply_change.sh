# Section apply_change (tests/cli/converged_host_test.sh): a change applied
# to the running host as an operator applies one. acme's plugin pin and port
# change (the plan names only acme); a plan made before the host drifted by
# hand is refused naming the drift; the re-plan mends globex too, and a
# failure injected after acme's plugin step on the live host (gateways
# running, acme's state DB open) rolls back acme alone while globex's mend is
# applied (instances at once, apply's default): acme's openclaw, state DB and
# /health as before, and the host calls for acme's steps of the same plan;
# acme's change applied while a concurrent apply is refused naming
# the holder; a dead owner's lock reported and cleared by unlock. No canary
# key value in any output, journal, history or log.
# It leaves acme on PORT+360 with nostr 2026.9.4: it must be the last section.

section_apply_change() {
  local dir=$tmp/apply_change
  local acme=$port globex=$((port + 120)) internal=$((port + 240)) moved=$((port + 360))
  local apply_host=("${host[@]}" --health-timeout 600 --step-timeout 900)
  local plugin_step first first_exit holder
  instance_openclaw() {  # instance_openclaw PROJECT ARGS...: the real CLI on one instance of the root
    local home="$root/Users/operator"
    env -i PATH=/usr/bin:/bin HOME="$home" OPENCLAW_STATE_DIR="$home/.openclaw-$1" \
      OPENCLAW_CONFIG_PATH="$home/.openclaw-$1/openclaw.json" "$openclaw" --profile "$1" "${@:2}"
  }
  expect_acme_nostr() {  # expect_acme_nostr WHAT VERSION: openclaw lists acme's nostr at VERSION, enabled
    check "openclaw lists nostr at $1" 0 instance_openclaw acme plugins list --json
    cp "$tmp/out" "$dir/plugins.json"
    check "nostr $2 enabled" 0 python3 -c '
import json, sys
plugins = [p for p in json.load(sys.stdin)["plugins"] if p.get("id") == "nostr"]
assert plugins and plugins[0]["version"] == sys.argv[1] and plugins[0]["enabled"], plugins' "$2" < "$dir/plugins.json"
  }

  # 2. acme's nostr pin and port changed.
  with_ports examples/three-clients.yaml "$port-$((port + 499))" $moved $globex $internal |
    sed -e 's|"@openclaw/nostr": 2026.9.5|"@openclaw/nostr": 2026.9.4|' > "$dir/changed.yaml"
  check "plan the change" 2 "$clawform" plan "$dir/changed.yaml" "${host[@]}" --detailed-exitcode --out "$dir/change.json"
  check "the change is acme's port and pin, and nothing else" 0 python3 - "$dir/change.json" "$acme" "$moved" <<'PY'
import json, sys
steps = json.load(open(sys.argv[1]))["steps"]
others = [s["address"] for s in steps if not s["address"].startswith("project.acme.")]
assert not others, f"steps outside acme: {others}"
config = [s for s in steps if s["kind"] == "config"]
assert len(config) == 1 and config[0]["after"] == {"gateway.port": int(sys.argv[3])}, config
assert config[0]["before"] == {"gateway.port": int(sys.argv[2])}, config
plugin = [s for s in steps if s["kind"] == "plugin"]
assert len(plugin) == 1 and plugin[0]["before"]["version"] == "2026.9.5" and plugin[0]["after"]["version"] == "2026.9.4", plugin
kinds = sorted(s["kind"] for s in steps)
assert kinds == ["config", "doctor", "gateway", "health", "plugin", "service"], kinds
PY

  check "apply of a manifest asks first, and refuses without a terminal to ask on" 1 \
    "$clawform" apply "$dir/changed.yaml" "${apply_host[@]}" < /dev/null
  expect_error "says why" 'refusing to apply without --auto-approve'

  # 3. The host drifts after the plan was made: the plan is refused, nothing changes.
  check "drift: globex's model changed by hand" 0 instance_openclaw globex config set agents.defaults.model openai/gpt-5.4-mini
  check "a stale plan is refused" 1 "$clawform" apply "$dir/change.json" "${apply_host[@]}"
  expect_error "names the drifted step" 'project\.globex\.config: now needs update'
  expect_error "nothing was changed" 'apply refused; nothing was changed'
  check "acme's gateway still on its old port" 0 curl -sf "http://127.0.0.1:$acme/health"

  # 4. A step fails on the live host (gateways running, acme's state DB open):
  # apply rolls back acme alone; its openclaw, state DB and /health are as
  # before; globex's mend (its model put back), another instance, is applied.
  check "re-plan" 2 "$clawform" plan "$dir/changed.yaml" "${host[@]}" --detailed-exitcode --out "$dir/change2.json"
  plugin_step=$(python3 -c 'import json, sys
print(next(s["index"] for s in json.load(open(sys.argv[1]))["steps"] if s["kind"] == "plugin"))' "$dir/change2.json")
  check "acme's state DB is open while its gateway runs" 0 \
    test -e "$root/Users/operator/.openclaw-acme/state/openclaw.sqlite-wal"
  CLAWFORM_FAULT="$plugin_step:fail" check "a failure after acme's plugin step" 1 \
    "$clawform" apply "$dir/change2.json" "${apply_host[@]}"
  expect_error "acme rolled back" "^Rolled back: undid steps? $plugin_step(, [0-9]+)*\. The instances rolled back are as they were"
  expect_error "alone: globex's mend applied" "^By instance: acme rolled back, globex applied\.$"
  expect_output "acme's gateway started again on its old port" \
    "^gateway of instance acme started again on port $acme \([0-9.]+ s\)$"
  check "acme's state DB is whole" 0 python3 -c 'import sqlite3, sys
result = sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0]
sys.exit(0 if result == "ok" else result)' "$root/Users/operator/.openclaw-acme/state/openclaw.sqlite"
  expect_acme_nostr "its old pin" 2026.9.5
  check "acme answers /health on its old port again" 0 curl -sf "http://127.0.0.1:$acme/health"
  check "the host calls for acme's steps of the same plan" 2 "$clawform" plan "$dir/changed.yaml" "${host[@]}" \
    --detailed-exitcode --out "$dir/change3.json"
  check "step for step" 0 python3 -c 'import json, sys
steps = [[(s["address"], s["action"], s["before"], s["after"]) for s in json.load(open(f))["steps"]
          if s["project"] == "acme"] for f in sys.argv[1:]]
assert steps[0] == steps[1], steps
assert all(s["project"] == "acme" for s in json.load(open(sys.argv[2]))["steps"])' "$dir/change2.json" "$dir/change3.json"

  # 5. Applied while a second apply is refused.
  "$clawform" apply "$dir/change3.json" "${apply_host[@]}" > "$dir/first.out" 2> "$dir/first.err" &
  first=$!
  for _ in $(seq 1 50); do [ -e "$root/.clawform/lock" ] && break; sleep 0.1; done
  check "a concurrent apply is refused" 1 "$clawform" apply "$dir/change3.json" "${apply_host[@]}"
  expect_error "names the holder" "another clawform holds the lock on this host root: clawform apply \(pid $first on host"
  wait "$first"; first_exit=$?
  check "the first apply succeeded" 0 test "$first_exit" -eq 0
  [ "$first_exit" -eq 0 ] || cat "$dir/first.out" "$dir/first.err"
  no_canary "the first apply's output" "$dir/first.out" "$dir/first.err"
  expect_acme_nostr "the new pin" 2026.9.4
  check "acme answers /health on its new port" 0 curl -sf "http://127.0.0.1:$moved/health"
  check "nothing answers on acme's old port" 7 curl -s "http://127.0.0.1:$acme/health"
  check "converged after the change" 0 "$clawform" plan "$dir/changed.yaml" "${host[@]}" --detailed-exitcode

  # 6. A dead owner's lock: reported, cleared by unlock.
  sleep 60 & holder=$!
  printf '{"pid":%d,"host":"%s","started":"2026-11-25T00:00:00Z","command":"apply"}\n' "$holder" "$(hostname)" \
    > "$root/.clawform/lock"
  check "unlock refuses a live owner" 1 "$clawform" unlock --root "$root"
  kill "$holder"; wait "$holder" 2>/dev/null
  check "apply reports the dead owner" 1 "$clawform" apply "$dir/change2.json" "${apply_host[@]}"
  expect_error "dead owner named" "held by clawform apply \(pid $holder .*no longer running.*clawform unlock"
  check "unlock clears it" 0 "$clawform" unlock --root "$root"
  check "no lock" 1 test -e "$root/.clawform/lock"

  no_canary "journal, history and gateway logs" "$root/.clawform"
}
