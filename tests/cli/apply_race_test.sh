#!/usr/bin/env bash
# Two `clawform apply` of one plan started at the same instant, ROUNDS times
# (default 50), on a sandbox root: each time exactly one proceeds (its
# steps run; an injected failure after step 1 rolls it back, so every round
# starts from the same empty host) and the other exits 1 naming the holder
# by the winner's pid, having run no step. The host is never touched by
# both: each round leaves exactly one journal in history/, begun by the
# winner, and the root as it was. No gateway is started (the steps stop at
# the state dir); the real openclaw only answers discovery.
# Usage: $0 CLAWFORM OPENCLAW [ROUNDS]
set -u
clawform=$1
openclaw=$2
rounds=${3:-50}
. "$(dirname "$0")/check_lib.sh"
. "$(dirname "$0")/apply_lib.sh"

root="$tmp/root"; mkdir -p "$root"
with_ports examples/one-project.yaml 34101-34109 34101 > "$tmp/one.yaml"
# --timeout: each openclaw call bounded by what a busy machine needs, not 60 s.
check "plan" 0 "$clawform" plan "$tmp/one.yaml" --root "$root" --openclaw "$openclaw" --timeout 600 --out "$tmp/plan.json"
[ -s "$tmp/plan.json" ] || { finish; exit 1; }
snapshot "$root" > "$tmp/before"

# Starts CLAWFORM apply at the wall-clock instant $1 (both sleep until then).
at_instant() {  # at_instant EPOCH OUT ERR
  CLAWFORM_FAULT=1:fail exec /usr/bin/python3 -c '
import os, sys, time
time.sleep(max(0.0, float(sys.argv[1]) - time.time()))
os.execv(sys.argv[2], sys.argv[2:])' "$1" "$clawform" apply "$tmp/plan.json" --root "$root" --openclaw "$openclaw" --timeout 600 \
    > "$2" 2> "$3"
}

one_winner=0 winners=()
for round in $(seq 1 "$rounds"); do
  instant=$(/usr/bin/python3 -c 'import time; print(f"{time.time() + 0.4:.3f}")')
  at_instant "$instant" "$tmp/a.out" "$tmp/a.err" & pid_a=$!
  at_instant "$instant" "$tmp/b.out" "$tmp/b.err" & pid_b=$!
  wait "$pid_a"; exit_a=$?
  wait "$pid_b"; exit_b=$?
  winner="" loser=""
  grep -q '^\[1/' "$tmp/a.out" && winner=a
  grep -q '^\[1/' "$tmp/b.out" && winner="$winner"b
  case $winner in
    a) loser=b; winner_pid=$pid_a ;;
    b) loser=a; winner_pid=$pid_b ;;
    *) echo "FAIL round $round: steps ran in '${winner:-neither}'"; cat "$tmp"/[ab].{out,err}
       failures=$((failures + 1)); continue ;;
  esac
  loser_exit=$([ $loser = a ] && echo $exit_a || echo $exit_b)
  holder="another clawform holds the lock on this host root: clawform apply \\(pid $winner_pid on host [^ ]+, since [0-9T:-]+Z\\); wait for it to finish"
  winners+=("$winner_pid")
  if [ "$loser_exit" -eq 1 ] && grep -qE "$holder" "$tmp/$loser.err" && [ ! -s "$tmp/$loser.out" ] &&
     grep -q '^Rolled back: undid step 1\. The host is as it was before the apply' "$tmp/$winner.err"; then
    one_winner=$((one_winner + 1))
  else
    echo "FAIL round $round: winner $winner (pid $winner_pid), loser exit $loser_exit"; cat "$tmp"/[ab].{out,err}
    failures=$((failures + 1))
  fi
done
echo "rounds with exactly one apply proceeding and the other refused naming it: $one_winner of $rounds"
[ "$one_winner" -eq "$rounds" ] && passed=$((passed + 1))

# One journal per round, each begun by the round's winner alone; the host as before.
check "one journal per round" 0 test "$(ls "$root/.clawform/history" | wc -l)" -eq "$rounds"
check "each journal begun by its round's winner" 0 /usr/bin/python3 -c '
import json, os, sys
history = sys.argv[1]
begun = sorted(json.loads(open(os.path.join(history, f)).readline())["pid"] for f in os.listdir(history))
assert begun == sorted(int(p) for p in sys.argv[2:]), (begun, sys.argv[2:])' "$root/.clawform/history" "${winners[@]}"
check "no journal left open" 1 test -e "$root/.clawform/journal"
check "no lock left" 1 test -e "$root/.clawform/lock"
snapshot "$root" > "$tmp/after"
same_files "the root as before" "$tmp/before" "$tmp/after"
finish
