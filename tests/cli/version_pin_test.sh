#!/usr/bin/env bash
# The version pin on the real openclaw 2026.9.6 in an empty sandbox root:
# discovery reports openclaw 2026.9.6 and the Node that runs it (the one
# `openclaw status` names, not the node on PATH); a manifest pinning another
# openclaw, or another Node major, plans the release clawform installs for
# it (docs/upgrades.md; not applied here: tests/cli/upgrade_test.sh does);
# a given openclaw whose Node cannot be told plans with a drift line in
# every format (exit 2 with --detailed-exitcode), and apply refuses it,
# exit 1, naming the project, with nothing changed on the host. No gateway
# is started.
# Usage: $0 CLAWFORM OPENCLAW
set -u
clawform=$1
openclaw=$2
. "$(dirname "$0")/check_lib.sh"
make_canaries SOLO_ANTHROPIC_KEY SOLO_GATEWAY_TOKEN

root="$tmp/root"; mkdir -p "$root"
host=(--root "$root" --openclaw "$openclaw" --timeout 300)  # openclaw calls; a loaded CI box is slow
# fixtures/apply/solo.yaml on a port of this test's own (never started).
with_ports fixtures/apply/solo.yaml 30801-30819 30801 > "$tmp/pinned.yaml"
sed -e 's/^  version: 2026.9.6$/  version: 2026.9.5/' "$tmp/pinned.yaml" > "$tmp/old.yaml"
sed -e 's/^  node_major: 24$/  node_major: 25/' "$tmp/pinned.yaml" > "$tmp/node25.yaml"
check "the manifests differ only in their pins" 1 cmp -s "$tmp/pinned.yaml" "$tmp/old.yaml"

# 1. What discovery reads, against what openclaw itself says.
check "discover" 0 "$clawform" discover "$tmp/pinned.yaml" "${host[@]}" --json
node=$(python3 -c 'import json,sys; i=json.load(sys.stdin)["instances"][0]; print(i["openclaw_version"], i["node_version"])' < "$tmp/out")
check "discover reports openclaw 2026.9.6 and a Node version" 0 test -n "$(echo "$node" | grep -E '^2026\.9\.6 [0-9]+\.[0-9]+\.[0-9]+$')"
node=${node#* }
home="$root/home/operator"
check "openclaw status" 0 env -i PATH=/usr/bin:/bin HOME="$home" OPENCLAW_STATE_DIR="$home/.openclaw-solo" \
  OPENCLAW_CONFIG_PATH="$home/.openclaw-solo/openclaw.json" "$openclaw" --profile solo status
expect_output "openclaw status names the same Node ($node)" "· node $node "
rm -rf "$home"  # status may leave a state dir behind; the plans below start from an empty host

# 2. The pins as the host runs them: no drift.
check "plan with matching pins" 0 "$clawform" plan "$tmp/pinned.yaml" "${host[@]}"
refute_output "no drift line" "Version drift"

# 3. openclaw pinned at 2026.9.5, which the given openclaw is not: the plan
#    installs that release (docs/upgrades.md), no drift.
release=$root/opt/clawform/openclaw/2026.9.5-node24
check "plan with another openclaw pin" 0 "$clawform" plan "$tmp/old.yaml" "${host[@]}" --out "$tmp/plan.json"
expect_output "text: the release step" '^  \+ \[ *[0-9]+\] project\.solo\.openclaw: create'
refute_output "text: no drift" "Version drift"
check "json: the step installs 2026.9.5 on Node 24, and the service runs it" 0 python3 -c '
import json, sys
plan = json.load(open(sys.argv[1]))
assert "version_drift" not in plan, plan["version_drift"]
step = next(s for s in plan["steps"] if s["kind"] == "openclaw")
assert step["target"] == {"version": "2026.9.5", "node_major": 24, "binary": sys.argv[2] + "/bin/openclaw"}, step["target"]
service = next(s for s in plan["steps"] if s["kind"] == "service")
assert sys.argv[2] + "/bin/openclaw" in service["target"]["content"]
assert plan["instance_openclaw"] == {"solo": sys.argv[2] + "/bin/openclaw"}, plan["instance_openclaw"]' "$tmp/plan.json" "$release"

# 4. Node pinned at 25: the given openclaw's version on Node 25, a release too.
check "plan with another Node pin" 0 "$clawform" plan "$tmp/node25.yaml" "${host[@]}" --out "$tmp/node.json"
check "the release is 2026.9.6 on Node 25" 0 python3 -c '
import json, sys
step = next(s for s in json.load(open(sys.argv[1]))["steps"] if s["kind"] == "openclaw")
assert step["target"]["version"] == "2026.9.6" and step["target"]["node_major"] == 25, step' "$tmp/node.json"

# 5. A given openclaw whose Node cannot be told (a wrapper that drops
#    NODE_OPTIONS, so the Node probe prints only the version): drift, shown
#    in every format; apply refuses, exit 1, and changes nothing.
printf '#!/bin/sh\nunset NODE_OPTIONS\nexec "%s" "$@"\n' "$openclaw" > "$tmp/openclaw-wrapper"
chmod +x "$tmp/openclaw-wrapper"
wrapped=(--root "$root" --openclaw "$tmp/openclaw-wrapper" --timeout 300)
check "plan with a Node that cannot be told" 0 "$clawform" plan "$tmp/pinned.yaml" "${wrapped[@]}" --out "$tmp/drift.json"
expect_output "text: the drift section" '^Version drift \(apply refuses until the host runs what the manifest pins\):$'
expect_output "text: the drift line" "^  node: the host's node version is unknown, the manifest pins Node 24 \(project solo\)$"
check "--detailed-exitcode: drift is a difference" 2 "$clawform" plan "$tmp/pinned.yaml" "${wrapped[@]}" --detailed-exitcode
check "json: version_drift" 0 python3 -c '
import json, sys
plan = json.load(open(sys.argv[1]))
assert plan["version_drift"] == [{"what": "node", "host": "unknown", "pinned": "24", "projects": ["solo"]}], plan["version_drift"]
assert not [s for s in plan["steps"] if s["kind"] == "openclaw"], "nothing is installed on a guess"' "$tmp/drift.json"
check "markdown" 0 "$clawform" plan "$tmp/pinned.yaml" "${wrapped[@]}" --format markdown
expect_output "markdown: the drift banner" '^> \*\*Version drift: apply refuses until the host runs what the manifest pins\.\*\*$'
snapshot() { (cd "$root" && find . -mindepth 1 -not -path './.clawform/lock' -printf '%p %y %m %s\n' | sort); }
snapshot > "$tmp/before"
check "apply refuses the plan" 1 "$clawform" apply "$tmp/drift.json" "${wrapped[@]}"
expect_error "the refusal names the pins" 'apply refuses until they agree'
expect_error "the project and the unknown Node" "^  node: the host's node version is unknown, the manifest pins Node 24 \(project solo\)$"
expect_error "nothing was changed" '^clawform: apply refused; nothing was changed$'
snapshot > "$tmp/after"
same_files "the root is as it was" "$tmp/before" "$tmp/after"
check "no journal" 1 test -e "$root/.clawform/journal"
check "no state dir" 1 test -e "$root/home/operator/.openclaw-solo"
check "no release installed" 1 test -e "$root/opt"
check "no gateway" 7 curl -s -o /dev/null "http://127.0.0.1:30801/health"
check "apply with the manifest refuses before asking" 1 "$clawform" apply "$tmp/pinned.yaml" "${wrapped[@]}" --auto-approve
expect_error "the same refusal" '^clawform: apply refused; nothing was changed$'
snapshot > "$tmp/after"
same_files "the root is still as it was" "$tmp/before" "$tmp/after"

no_canary "no key value anywhere" "$tmp" "$root"
finish
