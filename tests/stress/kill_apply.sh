#!/usr/bin/env bash
# Stress: clawform apply interrupted at random moments inside its long steps
# (config, plugin install, gateway restart) of fixtures/apply/solo.yaml on
# the real openclaw, N times per way of dying:
#   KILL (kill -9), then `clawform recover`;
#   INT, TERM, HUP: apply stops the running child, rolls back, exits 1.
# After each: no process the apply (or recover) started is alive (by the
# journal's child records, and by /proc: nothing whose cwd or environment is
# under the test's root), the root equals its snapshot from before the
# apply, and again WAIT seconds later (an orphan would write after the
# rollback). Each round has its own root so that the late checks of all
# rounds run together at the end.
# Usage: $0 CLAWFORM OPENCLAW PORT [N=20] [WAIT=60] [SIGNALS="KILL INT TERM HUP"]
set -u
clawform=$1
openclaw=$2
port=$3
rounds=${4:-20}
wait_seconds=${5:-60}
signals=${6:-KILL INT TERM HUP}
here=$(dirname "$0")
. "$here/../cli/check_lib.sh"
. "$here/../cli/apply_lib.sh"
. "$here/procs_lib.sh"
roots=()
trap 'for r in "${roots[@]}"; do stop_gateways "$r"; kill_under "$r"; done; rm -rf "$tmp"' EXIT

sed "s/port: 21000/port: $port/; s/ports: 21000-21399/ports: $port-$((port + 399))/" \
  "$here/../../fixtures/apply/solo.yaml" > "$tmp/solo.yaml"
host_flags() { echo --root "$1" --openclaw "$openclaw" --health-timeout 180; }

# The steps to interrupt, by kind: each round picks one and a moment in it.
check "save a plan" 0 "$clawform" plan "$tmp/solo.yaml" --root "$tmp/probe" --openclaw "$openclaw" --out "$tmp/probe.json"
mapfile -t long_steps < <(python3 -c '
import json, sys
for s in json.load(open(sys.argv[1]))["steps"]:
    if s["kind"] in ("config", "plugin", "gateway"): print(s["index"], s["kind"])' "$tmp/probe.json")
rm -rf "$tmp/probe" "$tmp/probe.json"

declare -A tally
late=()  # "root recovered_at" for the late checks
round=0
for signal in $signals; do
  for i in $(seq 1 "$rounds"); do
    round=$((round + 1))
    root="$tmp/r$round"; mkdir -p "$root"; roots+=("$root")
    name="round $round ($signal)"
    check "$name: plan" 0 "$clawform" plan "$tmp/solo.yaml" --root "$root" --openclaw "$openclaw" --out "$tmp/plan$round.json"
    snapshot "$root" > "$tmp/before$round.snap"
    read -r step kind <<< "${long_steps[$((RANDOM % ${#long_steps[@]}))]}"
    "$clawform" apply "$tmp/plan$round.json" $(host_flags "$root") > "$tmp/out" 2> "$tmp/err" &
    pid=$!
    # Wait for step $step to be prepared, then a random moment (0-4 s) into it.
    for _ in $(seq 1 1200); do
      grep -q "\"event\":\"prepared\",\"step\":$step," "$root/.clawform/journal/journal.jsonl" 2>/dev/null && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.05
    done
    sleep "$((RANDOM % 40 / 10)).$((RANDOM % 10))"
    inside=yes
    grep -q "\"event\":\"done\",\"step\":$step," "$root/.clawform/journal/journal.jsonl" 2>/dev/null && inside=no
    kill -0 "$pid" 2>/dev/null || inside=no
    kill "-$signal" "$pid" 2>/dev/null
    wait "$pid"; code=$?
    echo "round $round: $signal in step $step ($kind), inside the step: $inside, apply exit $code"
    tally["$signal $kind $inside"]=$(( ${tally["$signal $kind $inside"]:-0} + 1 ))
    if [ "$code" -eq 0 ]; then
      # The apply ended before the signal came: nothing to roll back, not counted.
      echo "round $round: $signal came after the apply ended; not counted"
      tally["$signal $kind $inside"]=$(( ${tally["$signal $kind $inside"]} - 1 ))
      stop_gateways "$root"
      continue
    fi
    if [ "$signal" = KILL ]; then
      if [ "$code" -ne 137 ]; then echo "FAIL $name: apply exit $code, want 137"; cat "$tmp/err"; failures=$((failures + 1)); fi
      check "$name: recover" 0 "$clawform" recover $(host_flags "$root")
      expect_output "$name: recover rolled back" "^Rolled back"
      grep -h '^stopped ' "$tmp/out" "$tmp/err" | sed "s/^/round $round: /"
    else
      if [ "$code" -ne 1 ]; then echo "FAIL $name: apply exit $code, want 1"; cat "$tmp/out" "$tmp/err"; failures=$((failures + 1))
      else passed=$((passed + 1)); fi
      [ "$inside" = yes ] && expect_error "$name: says why" "interrupted by SIG$signal"
      expect_error "$name: rolled back" "^Rolled back"
    fi
    check "$name: no journal left" 1 test -e "$root/.clawform/journal/journal.jsonl"
    recorded=$(children_recorded "$root")
    if [ "$recorded" -lt 1 ]; then echo "FAIL $name: no child records"; failures=$((failures + 1)); fi
    left=$(live_children "$root"; procs_under "$root")
    if [ -n "$left" ]; then echo "FAIL $name: processes left:"; echo "$left"; failures=$((failures + 1)); kill_under "$root"
    else passed=$((passed + 1)); fi
    snapshot "$root" > "$tmp/after.snap"
    same_files "$name (step $step, $kind): the root is as before" "$tmp/before$round.snap" "$tmp/after.snap"
    late+=("$round $(date +%s)")
  done
done

for entry in "${late[@]}"; do
  read -r round at <<< "$entry"
  now=$(date +%s)
  [ $((at + wait_seconds)) -gt "$now" ] && sleep $((at + wait_seconds - now))
  root="$tmp/r$round"
  snapshot "$root" > "$tmp/after.snap"
  same_files "round $round: the root is as before ${wait_seconds} s later" "$tmp/before$round.snap" "$tmp/after.snap"
  left=$(live_children "$root"; procs_under "$root")
  if [ -n "$left" ]; then echo "FAIL round $round: processes ${wait_seconds} s later:"; echo "$left"; failures=$((failures + 1))
  else passed=$((passed + 1)); fi
done
echo "rounds by signal, step kind and whether the signal came inside the step:"
for key in "${!tally[@]}"; do echo "  $key: ${tally[$key]}"; done | sort
finish
