#!/usr/bin/env bash
# plan and apply --project on examples/three-clients.yaml (topology C) with
# the real openclaw, wrapped to log which instance each call is for:
#   plan --project internal plans only the canary and calls openclaw for no
#   other instance; the plan records the limit (JSON, text);
#   apply of that plan re-plans with the same limit and converges the canary
#   alone: no other project's state dir appears;
#   a full plan afterwards still creates acme and globex, and internal has
#   nothing left; a wrong name and a --project other than the plan's are
#   refused, nothing changed (topology A's refusal: project_filter_test.cc).
# Usage: $0 CLAWFORM OPENCLAW PORT
set -u
clawform=$1
openclaw=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
port=$3
here=$(dirname "$0")
. "$here/check_lib.sh"
. "$here/apply_lib.sh"
trap 'stop_gateways "$tmp/root"; rm -rf "$tmp"' EXIT

mkdir -p "$tmp/root"
with_ports examples/three-clients.yaml "$port-$((port + 399))" "$port" $((port + 120)) $((port + 240)) > "$tmp/fleet.yaml"
# The real openclaw, logging the state dir of every call.
cat > "$tmp/openclaw" <<SH
#!/bin/sh
echo "\${OPENCLAW_STATE_DIR:-none} \$*" >> "$tmp/calls.log"
exec "$openclaw" "\$@"
SH
chmod +x "$tmp/openclaw"
host=(--root "$tmp/root" --openclaw "$tmp/openclaw")

check "plan --project internal" 0 "$clawform" plan "$tmp/fleet.yaml" "${host[@]}" --project internal --out "$tmp/canary.json"
expect_output "says it is limited" "^Limited to project internal \(--project\): no other project was discovered or is changed\.$"
check "only internal's steps, and the limit recorded" 0 python3 - "$tmp/canary.json" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
assert plan["projects"] == ["internal"], plan.get("projects")
addresses = [s["address"] for s in plan["steps"]]
assert addresses and all(a.startswith("project.internal.") for a in addresses), addresses
PY
check "openclaw was asked about internal only" 0 python3 - "$tmp/calls.log" <<'PY'
import sys
dirs = {line.split(" ", 1)[0] for line in open(sys.argv[1])}
assert dirs and all(d.endswith(".openclaw-internal") for d in dirs), dirs
PY

check "an unknown project" 1 "$clawform" plan "$tmp/fleet.yaml" "${host[@]}" --project intrenal
expect_error "names it and the ones there are" "^error: --project intrenal: .*fleet.yaml has no project intrenal \(its projects: acme, globex, internal\)$"
check "apply with another --project" 1 "$clawform" apply "$tmp/canary.json" "${host[@]}" --project acme
expect_error "refused, naming the plan's limit" "was planned for \[\"internal\"\], not for --project acme"
check "nothing was made yet" 0 test -z "$(find "$tmp/root" -mindepth 1 -not -path "$tmp/root/.clawform*" | head -1)"

: > "$tmp/calls.log"
check "apply the canary's plan" 0 "$clawform" apply "$tmp/canary.json" "${host[@]}" --project internal --health-timeout 180
expect_output "apply complete" "^Apply complete: [0-9]+ steps done\.$"
check "no other instance was touched" 0 python3 - "$tmp/calls.log" "$tmp/root" <<'PY'
import os, sys
dirs = {line.split(" ", 1)[0] for line in open(sys.argv[1])}
assert dirs and all(d.endswith(".openclaw-internal") for d in dirs), dirs
made = [d for d, _, _ in os.walk(sys.argv[2]) if os.path.basename(d).startswith(".openclaw-")]
assert [os.path.basename(d) for d in made] == [".openclaw-internal"], made
PY
check "the canary is converged" 0 "$clawform" plan "$tmp/fleet.yaml" "${host[@]}" --project internal --detailed-exitcode
check "the rest follow in a later window" 2 "$clawform" plan "$tmp/fleet.yaml" "${host[@]}" --format json --detailed-exitcode
cp "$tmp/out" "$tmp/full.json"
check "a full plan creates acme and globex, nothing for internal" 0 python3 - "$tmp/full.json" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
projects = {s["address"].split(".")[1] for s in plan["steps"]}
assert projects == {"acme", "globex"}, projects
assert "projects" not in plan
PY
finish
