#!/usr/bin/env bash
# Torn and damaged journals on the real CLI (issue 13, item 3): a real apply
# of fixtures/apply/solo.yaml on the real openclaw fails at step 2 with
# --no-rollback, leaving its journal (begin, steps 1 and 2, "failed", "end
# kept") and the host changed. Then, each time from that state:
#   - the journal cut at every byte offset of its last two records (a power
#     cut while "failed" or "end" was written: the host is the same):
#     `recover` exits 0, rolls back steps 2 and 1, and the root equals its
#     snapshot from before the apply;
#   - one byte flipped, at every 7th offset of the journal: `recover` either
#     does the same, or refuses (exit 1) naming the journal and what to do,
#     having changed nothing: the root and the journal dir (saved copies
#     included) are as the failed apply left them.
# No gateway is started (PORT is only planned).
# Usage: $0 CLAWFORM OPENCLAW PORT
set -u
clawform=$1
openclaw=$2
port=$3
. "$(dirname "$0")/check_lib.sh"
. "$(dirname "$0")/apply_lib.sh"

root="$tmp/root"; mkdir -p "$root"
journal="$root/.clawform/journal/journal.jsonl"
host=(--root "$root" --openclaw "$openclaw" --timeout 600)
with_ports fixtures/apply/solo.yaml "$port-$((port + 399))" "$port" > "$tmp/solo.yaml"
check "plan" 0 "$clawform" plan "$tmp/solo.yaml" "${host[@]}" --out "$tmp/plan.json"
snapshot "$root" > "$tmp/before.snap"
CLAWFORM_FAULT=2:fail check "apply fails at step 2 and keeps what it did" 1 "$clawform" apply "$tmp/plan.json" \
  "${host[@]}" --no-rollback
check "the journal is there" 0 test -s "$journal"
cp -a "$root" "$tmp/failed"
(cd "$tmp/failed" && find . -printf '%p %y %m %s\n' | sort && find . -type f -print0 | sort -z | xargs -0r sha256sum) \
  > "$tmp/failed.snap"
size=$(stat -c %s "$journal")
# Where the last two records start: after the third newline from the end.
start=$(python3 -c 'import sys; t=open(sys.argv[1],"rb").read(); print(t.rfind(b"\n", 0, t.rfind(b"\n", 0, len(t)-1)) + 1)' "$journal")
[ "$start" -gt 0 ] || { echo "FAIL: no records to cut"; exit 1; }

reset() { rm -rf "$root"; cp -a "$tmp/failed" "$root"; }
flip() {  # flip FILE OFFSET: its byte at OFFSET xor 0x01, in place
  perl -e 'open(my $f, "+<", $ARGV[0]) or die; seek($f, $ARGV[1], 0); read($f, my $c, 1);
           seek($f, $ARGV[1], 0); print $f chr(ord($c) ^ 1); close($f) or die' "$1" "$2"
}
as_failed() {  # the root, .clawform/ included, as the failed apply left it
  (cd "$root" && find . -printf '%p %y %m %s\n' | sort && find . -type f -print0 | sort -z | xargs -0r sha256sum) \
    > "$tmp/now.snap"
  cmp -s "$tmp/failed.snap" "$tmp/now.snap"
}

cut_fail=0; cuts=0
for cut in $(seq "$start" "$size"); do
  reset
  truncate -s "$cut" "$journal"
  cuts=$((cuts + 1))
  "$clawform" recover "${host[@]}" > "$tmp/out" 2> "$tmp/err"
  rc=$?
  snapshot "$root" > "$tmp/after.snap"
  if [ "$rc" -ne 0 ] || ! grep -qE '^Rolled back: undid steps 2, 1\. The host is as it was' "$tmp/out" ||
     ! cmp -s "$tmp/before.snap" "$tmp/after.snap" || [ -e "$journal" ]; then
    echo "FAIL cut at byte $cut of $size: exit $rc"; cat "$tmp/out" "$tmp/err"; cut_fail=$((cut_fail + 1))
  fi
done
[ "$cut_fail" -eq 0 ] && passed=$((passed + 1)) || failures=$((failures + 1))
echo "cut at $cuts offsets: $cut_fail failed"

flip_fail=0; flips=0; refused=0
for at in $(seq 0 7 $((size - 1))); do
  reset
  flip "$journal" "$at"
  flips=$((flips + 1))
  "$clawform" recover "${host[@]}" > "$tmp/out" 2> "$tmp/err"
  rc=$?
  if [ "$rc" -eq 1 ]; then
    refused=$((refused + 1))
    # Refused: named, what to do, nothing changed (flipped journal aside).
    flip "$journal" "$at"
    if ! grep -qF "the journal $journal is damaged: " "$tmp/err" || ! grep -qF "move $root/.clawform/journal out of" "$tmp/err" ||
       ! grep -qF "recover refused; nothing was changed" "$tmp/err" || ! as_failed; then
      echo "FAIL flip at byte $at: refused, but not as it must"; cat "$tmp/out" "$tmp/err"; flip_fail=$((flip_fail + 1))
    fi
  else
    snapshot "$root" > "$tmp/after.snap"
    if [ "$rc" -ne 0 ] || ! grep -qE '^Rolled back: undid steps 2, 1\. The host is as it was' "$tmp/out" ||
       ! cmp -s "$tmp/before.snap" "$tmp/after.snap"; then
      echo "FAIL flip at byte $at: exit $rc"; cat "$tmp/out" "$tmp/err"; flip_fail=$((flip_fail + 1))
    fi
  fi
done
[ "$flip_fail" -eq 0 ] && passed=$((passed + 1)) || failures=$((failures + 1))
echo "flipped $flips bytes: $refused refused, $((flips - refused)) rolled back, $flip_fail failed"
# One refusal in full, for the record.
reset
sed -i '2s/"step":1/"step":7/' "$journal"
check "a damaged record: refused" 1 "$clawform" recover "${host[@]}"
cat "$tmp/err"
no_canary "outputs, journal and history" "$tmp/out" "$tmp/err" "$root/.clawform"
finish
