#!/usr/bin/env bash
# Instances applied at once (issue 16; docs/apply.md, "Instances at once"), on
# the real openclaw in an empty sandbox root: fixtures/apply/trio.yaml
# (topology C, alpha, bravo and charlie on PORT, PORT+200, PORT+400).
# 1. The three applied (at once: apply's default) with a failure injected at bravo's gateway
#    step: bravo alone is rolled back (nothing of it answers), alpha and
#    charlie finish and answer /health, the report names each instance's
#    outcome, every progress line is whole, and a re-plan is bravo's steps only;
#    applied, the host converges.
# 2. Every project's token rotated (a key file, a restart, a health check and
#    doctor each), the apply killed (kill -9) after charlie's key file while the
#    others are mid-way: recover rolls every instance back; the same plan is
#    called for again and every gateway answers with its old token.
# 3. --rollback-all: a failure in bravo rolls back every instance.
# No canary token in any output, journal or log. Every gateway is stopped at the end.
# Usage: $0 CLAWFORM OPENCLAW PORT
set -u
clawform=$1
openclaw=$2
port=$3
. "$(dirname "$0")/check_lib.sh"
. "$(dirname "$0")/apply_lib.sh"
make_canaries ALPHA_GATEWAY_TOKEN BRAVO_GATEWAY_TOKEN CHARLIE_GATEWAY_TOKEN

root="$tmp/root"; mkdir -p "$root"
trap 'stop_gateways "$root"; rm -rf "$tmp"' EXIT
host=(--root "$root" --openclaw "$openclaw")
apply_host=("${host[@]}" --health-timeout 600 --step-timeout 900)
alpha=$port bravo=$((port + 200)) charlie=$((port + 400))
with_ports fixtures/apply/trio.yaml "$port-$((port + 799))" $alpha $bravo $charlie > "$tmp/trio.yaml"

step_of() {  # step_of PLAN PROJECT KIND: the index of PROJECT's KIND step
  python3 -c 'import json, sys
print(next(s["index"] for s in json.load(open(sys.argv[1]))["steps"] if s["project"] == sys.argv[2] and s["kind"] == sys.argv[3]))' "$@"
}
only_project() {  # only_project NAME PLAN PROJECT: every step of PLAN is PROJECT's
  check "$1" 0 python3 -c 'import json, sys
projects = {s["project"] for s in json.load(open(sys.argv[1]))["steps"]}
assert projects == {sys.argv[2]}, projects' "$2" "$3"
}
whole_lines() {  # whole_lines NAME FILE: every progress line of FILE ends in its outcome
  check "$1" 0 python3 -c 'import re, sys
lines = [l for l in open(sys.argv[1]).read().splitlines() if l.startswith("[")]
broken = [l for l in lines if not re.search(r" \.\.\. (ok|FAILED) \([0-9.]+ s\)$", l)]
assert lines and not broken, broken' "$2"
}
answers() { curl -sf -m 10 "http://127.0.0.1:$1/health" > /dev/null || return 1; }

# 1. A failure in bravo rolls back bravo alone.
check "plan three projects" 0 "$clawform" plan "$tmp/trio.yaml" "${host[@]}" --out "$tmp/plan.json"
fault=$(step_of "$tmp/plan.json" bravo gateway)
CLAWFORM_FAULT="$fault:fail" check "a failure at bravo's gateway step: exit 1" 1 \
  "$clawform" apply "$tmp/plan.json" "${apply_host[@]}"
cp "$tmp/out" "$tmp/apply1.out"; cp "$tmp/err" "$tmp/apply1.err"
expect_error "the failure is named" "^error: step $fault \(project\.bravo\.gateway\) failed: injected fault"
expect_error "each instance's outcome" "^By instance: alpha applied, bravo rolled back, charlie applied\.$"
expect_error "bravo's undo checked" "^Rolled back: undid steps? [0-9, ]+\. The instances rolled back are as they were"
expect_error "the others keep their changes" "^The instances applied keep their changes"
whole_lines "progress lines of instances applied at once are whole" "$tmp/apply1.out"
check "alpha's state dir is kept (bravo's undo keeps the parents they share)" 0 \
  test -f "$root/home/operator/.openclaw-alpha/openclaw.json"
check "alpha answers" 0 answers $alpha
check "charlie answers" 0 answers $charlie
check "bravo does not" 1 answers $bravo
check "bravo's state dir is gone" 1 test -e "$root/home/operator/.openclaw-bravo"
check "no journal left" 1 test -e "$root/.clawform/journal/journal.jsonl"
check "a re-plan is bravo's alone" 2 "$clawform" plan "$tmp/trio.yaml" "${host[@]}" --detailed-exitcode \
  --out "$tmp/bravo.json"
only_project "every step of it is bravo's" "$tmp/bravo.json" bravo
check "bravo's plan applies" 0 "$clawform" apply "$tmp/bravo.json" "${apply_host[@]}"
check "converged" 0 "$clawform" plan "$tmp/trio.yaml" "${host[@]}" --detailed-exitcode
for p in $alpha $bravo $charlie; do check "$p answers" 0 answers "$p"; done

# 2. kill -9 while three instances change at once; recover rolls all back.
old_alpha=$ALPHA_GATEWAY_TOKEN old_bravo=$BRAVO_GATEWAY_TOKEN old_charlie=$CHARLIE_GATEWAY_TOKEN
make_canaries ALPHA_GATEWAY_TOKEN BRAVO_GATEWAY_TOKEN CHARLIE_GATEWAY_TOKEN
check "plan three rotations" 2 "$clawform" plan "$tmp/trio.yaml" "${host[@]}" --detailed-exitcode \
  --out "$tmp/rotate.json"
cp "$tmp/out" "$tmp/rotate.txt"
kill_at=$(step_of "$tmp/rotate.json" charlie key_file)
CLAWFORM_FAULT="$kill_at:kill" check "killed after charlie's key file" 137 \
  "$clawform" apply "$tmp/rotate.json" "${apply_host[@]}"
cp "$tmp/out" "$tmp/apply2.out"; cp "$tmp/err" "$tmp/apply2.err"
check "recover" 0 "$clawform" recover "${host[@]}" --health-timeout 600
expect_output "recover rolled back" "^Rolled back: undid steps? [0-9, ]+\. The host is as it was"
cp "$tmp/out" "$tmp/recover.out"
check "no journal left after recover" 1 test -e "$root/.clawform/journal/journal.jsonl"
check "the same plan is called for again" 2 "$clawform" plan "$tmp/trio.yaml" "${host[@]}" --detailed-exitcode \
  --out "$tmp/rotate2.json"
check "step for step" 0 python3 -c 'import json, sys
steps = [[(s["address"], s["action"]) for s in json.load(open(f))["steps"]] for f in sys.argv[1:]]
assert steps[0] == steps[1], steps' "$tmp/rotate.json" "$tmp/rotate2.json"
invoke() {  # invoke PORT TOKEN: POST /tools/invoke with TOKEN; prints the HTTP status
  curl -s -o /dev/null -w '%{http_code}' -m 20 -X POST "http://127.0.0.1:$1/tools/invoke" \
    -H 'Content-Type: application/json' -H "Authorization: Bearer $2" -d '{"tool":"sessions_list"}'
}
check "alpha takes its old token" 0 test "$(invoke $alpha "$old_alpha")" = 200
check "bravo takes its old token" 0 test "$(invoke $bravo "$old_bravo")" = 200
check "charlie takes its old token" 0 test "$(invoke $charlie "$old_charlie")" = 200

# 3. --rollback-all: a failure in bravo rolls every instance back.
fault=$(step_of "$tmp/rotate2.json" bravo gateway)
CLAWFORM_FAULT="$fault:fail" check "--rollback-all: a failure at bravo's restart" 1 \
  "$clawform" apply "$tmp/rotate2.json" "${apply_host[@]}" --rollback-all
cp "$tmp/out" "$tmp/apply3.out"; cp "$tmp/err" "$tmp/apply3.err"
expect_error "every instance rolled back" "^By instance: alpha rolled back, bravo rolled back, charlie rolled back\.$"
expect_error "the host is as it was" "\. The host is as it was before the apply"
check "the rotations are called for again" 2 "$clawform" plan "$tmp/trio.yaml" "${host[@]}" --detailed-exitcode
for p in $alpha $bravo $charlie; do check "$p answers after --rollback-all" 0 answers "$p"; done

no_canary "plans, outputs" "$tmp"/*.json "$tmp"/*.out "$tmp"/*.err "$tmp/rotate.txt"
no_canary "journal, history and gateway logs" "$root/.clawform"
finish
