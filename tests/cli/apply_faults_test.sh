#!/usr/bin/env bash
# The fault matrix of `clawform apply` on the real openclaw: fixtures/apply/
# solo.yaml on an empty sandbox root, with a fault injected after each step
# k in turn (CLAWFORM_FAULT=k:fail or k:kill; kill skips the service and
# health steps, see below).
#   fail: apply exits 1 and the root equals its snapshot from before.
#   kill: apply dies (kill -9); plan and apply refuse; `recover` brings the
#         root back to the snapshot; a fresh plan is the original plan again;
#         after the last k, that plan applies cleanly and the host converges.
# No canary key value appears in any output, journal, history or log.
# Usage: $0 CLAWFORM OPENCLAW fail|kill PORT
set -u
clawform=$1
openclaw=$2
mode=$3
port=$4
. "$(dirname "$0")/check_lib.sh"
. "$(dirname "$0")/apply_lib.sh"

root="$tmp/root"; mkdir -p "$root"
trap 'stop_gateways "$root"; rm -rf "$tmp"' EXIT
host=(--root "$root" --openclaw "$openclaw" --health-timeout 180)
sed "s/port: 21000/port: $port/" fixtures/apply/solo.yaml > "$tmp/solo.yaml"

check "plan on an empty root" 2 "$clawform" plan "$tmp/solo.yaml" --root "$root" --openclaw "$openclaw" \
  --detailed-exitcode
cp "$tmp/out" "$tmp/plan.txt"
check "save the plan" 0 "$clawform" plan "$tmp/solo.yaml" --root "$root" --openclaw "$openclaw" --out "$tmp/plan.json"
steps=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["steps"]))' "$tmp/plan.json")
check "every kind of step is in the plan" 0 python3 -c '
import json, sys
kinds = {s["kind"] for s in json.load(open(sys.argv[1]))["steps"]}
want = {"state_dir", "workspace", "key_file", "config", "plugin", "service", "gateway", "health", "doctor"}
sys.exit(0 if kinds == want else f"kinds: {sorted(kinds)}")' "$tmp/plan.json"
snapshot "$root" > "$tmp/before.snap"

# The kill matrix leaves out the service and health steps: a kill after them
# leaves what a kill after the step before leaves plus a file put back by
# the same undo as the key file's (service) or nothing (health); the fail
# matrix covers both, and recover's reading of their records is covered by
# the unit tests' crash at every journal record. Each kill round is an apply
# and a recover on the real openclaw (~2 min on a busy machine at the
# gateway steps).
kinds=($(python3 -c 'import json,sys; print(" ".join(s["kind"] for s in json.load(open(sys.argv[1]))["steps"]))' \
  "$tmp/plan.json"))
for k in $(seq 1 "$steps"); do
  if [ "$mode" = kill ] && { [ "${kinds[$((k - 1))]}" = service ] || [ "${kinds[$((k - 1))]}" = health ]; }; then
    continue
  fi
  if [ "$mode" = fail ]; then
    CLAWFORM_FAULT="$k:fail" check "fail at step $k: exit 1" 1 "$clawform" apply "$tmp/plan.json" "${host[@]}"
    expect_error "fail at step $k: named" "^error: step $k \(.*\) failed: injected fault"
    expect_error "fail at step $k: rolled back" "^Rolled back: undid steps? $k(, [0-9]+)*\. The host is as it was"
  else
    CLAWFORM_FAULT="$k:kill" check "kill at step $k: killed" 137 "$clawform" apply "$tmp/plan.json" "${host[@]}"
    no_canary "kill at step $k: output" "$tmp/out" "$tmp/err"
    if [ "$k" -eq 1 ]; then
      check "plan refuses an unfinished journal" 1 "$clawform" plan "$tmp/solo.yaml" --root "$root" --openclaw "$openclaw"
      expect_error "plan names recover" "run \`clawform recover\`"
      check "apply refuses the dead owner's lock" 1 "$clawform" apply "$tmp/plan.json" "${host[@]}"
      expect_error "apply names the dead owner" "held by clawform apply \(pid [0-9]+ .*no longer running"
    fi
    check "kill at step $k: recover" 0 "$clawform" recover "${host[@]}"
    expect_output "kill at step $k: recover rolled back" "^Rolled back: undid steps? $k(, [0-9]+)*\."
  fi
  no_canary "step $k: output" "$tmp/out" "$tmp/err"
  no_canary "step $k: journal, history and logs" "$root/.clawform"
  snapshot "$root" > "$tmp/after.snap"
  same_files "step $k ($mode): the root is as before" "$tmp/before.snap" "$tmp/after.snap"
  check "step $k: no journal left" 1 test -e "$root/.clawform/journal/journal.jsonl"
  check "step $k: no lock left" 1 test -e "$root/.clawform/lock"
  check "step $k: no gateway left running" 1 bash -c "ls '$root'/.clawform/run/*.pid 2>/dev/null | grep -q ."
  if [ "$mode" = kill ]; then
    check "step $k: a fresh plan is the original one" 2 "$clawform" plan "$tmp/solo.yaml" --root "$root" \
      --openclaw "$openclaw" --detailed-exitcode
    same_files "step $k: the same plan" "$tmp/plan.txt" "$tmp/out"
  fi
done

if [ "$mode" = kill ]; then
  check "save a fresh plan" 0 "$clawform" plan "$tmp/solo.yaml" --root "$root" --openclaw "$openclaw" \
    --out "$tmp/replan.json"
  check "the fresh plan applies cleanly" 0 "$clawform" apply "$tmp/replan.json" "${host[@]}"
  expect_output "the last step done" "^\[$steps/$steps\] .* \.\.\. ok"
  no_canary "apply output" "$tmp/out" "$tmp/err"
  check "then the host has converged" 0 "$clawform" plan "$tmp/solo.yaml" --root "$root" --openclaw "$openclaw" \
    --detailed-exitcode
  check "the gateway answers /health" 0 curl -sf "http://127.0.0.1:$port/health"
  check "the applied plan cannot be applied again" 1 "$clawform" apply "$tmp/replan.json" "${host[@]}"
  expect_error "applied already" "applied already"
fi
no_canary "journal, history and logs at the end" "$root/.clawform"
finish
