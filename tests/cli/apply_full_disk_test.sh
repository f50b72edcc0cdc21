#!/usr/bin/env bash
# A full disk during apply (issue 13, item 4), on the real openclaw: the
# sandbox root lives on a small tmpfs this test mounts (root only; exit 77,
# skipped, otherwise) and fills with a filler file beside the root.
#   A. The disk fills during the plugin step (npm install): the step fails,
#      the error says "No space left on device", every step is rolled back and
#      the root equals its snapshot from before the apply.
#   B. The disk fills while a step saves its copies (a big file in the
#      instance's state/, which the config step saves first): the step does
#      not run (openclaw is never asked to patch), the error names the copy
#      and ENOSPC, the steps before it are rolled back, the root equals its
#      snapshot, and no copy is left.
# No gateway is started (both fail before the gateway step); PORT is only planned.
# Usage: $0 CLAWFORM OPENCLAW PORT
set -u
clawform=$1
openclaw=$2
port=$3
if [ "$(id -u)" -ne 0 ]; then echo "SKIP: mounting a tmpfs needs root"; exit 77; fi
. "$(dirname "$0")/check_lib.sh"
. "$(dirname "$0")/apply_lib.sh"

disk="$tmp/disk"; mkdir -p "$disk"
if ! mount -t tmpfs -o size=64m,mode=0755 tmpfs "$disk"; then echo "SKIP: cannot mount a tmpfs here"; exit 77; fi
trap 'stop_gateways "$disk/root-a" "$disk/root-b"; umount "$disk" 2>/dev/null || umount -l "$disk"; rm -rf "$tmp"' EXIT

fill() {  # fill KB: the filler takes all of the tmpfs but KB
  rm -f "$disk/filler"
  local avail; avail=$(df --output=avail -k "$disk" | tail -1)
  fallocate -l "$(( (avail - $1) * 1024 ))" "$disk/filler"
}
host() { echo --root "$1" --openclaw "$openclaw" --timeout 600; }
with_ports fixtures/apply/solo.yaml "$port-$((port + 399))" "$port" > "$tmp/solo.yaml"

# A: an empty root; 4 MB free, the plugin's npm tree needs about 18 MB.
root="$disk/root-a"; mkdir -p "$root"
check "A: plan" 0 "$clawform" plan "$tmp/solo.yaml" $(host "$root") --out "$tmp/a.json"
snapshot "$root" > "$tmp/a.before"
fill 4096
check "A: apply fails" 1 "$clawform" apply "$tmp/a.json" $(host "$root") --health-timeout 180
expect_error "A: the plugin step failed" '^error: step 5 \(project\.solo\.plugin\["@openclaw/nostr"\]\) failed'
expect_error "A: ENOSPC said plainly" 'ENOSPC|[Nn]o space left on device'
echo "A said:"; grep -E -m2 'ENOSPC|[Nn]o space left on device' "$tmp/err"
expect_error "A: rolled back, checked" "^Rolled back: undid steps 5, 4, 3, 2, 1\. The host is as it was"
rm -f "$disk/filler"
snapshot "$root" > "$tmp/a.after"
same_files "A: the root is as before" "$tmp/a.before" "$tmp/a.after"
check "A: no journal left" 1 test -e "$root/.clawform/journal"
no_canary "A: output, journal and history" "$tmp/out" "$tmp/err" "$root/.clawform"

# B: 8 MB of state in the instance's state/, 4 MB free: the config step cannot copy it.
root="$disk/root-b"; state="$root/home/operator/.openclaw-solo/state"
mkdir -p "$state/sessions"
head -c 8M /dev/urandom > "$state/sessions/history.bin"
check "B: plan" 0 "$clawform" plan "$tmp/solo.yaml" $(host "$root") --out "$tmp/b.json"
snapshot "$root" > "$tmp/b.before"
fill 4096
check "B: apply fails" 1 "$clawform" apply "$tmp/b.json" $(host "$root") --health-timeout 180
echo "B said:"; grep -m1 '^error: ' "$tmp/err"
expect_error "B: the save failed with ENOSPC, naming the copy" \
  "^error: step 4 \(project\.solo\.config\) failed: could not save what the step would change: $root/\.clawform/journal/saved/4/[^ ]*: write: No space left on device"
refute_output "B: the step did not run" '\[4/[0-9]+\] undo'
expect_error "B: the steps before rolled back, checked" "^Rolled back: undid steps 3, 2, 1\. The host is as it was"
check "B: the journal was closed (its records fitted)" 1 test -e "$root/.clawform/journal"
check "B: history has the rolled-back journal" 0 bash -c "ls '$root'/.clawform/history/*-rolled_back.jsonl"
rm -f "$disk/filler"
snapshot "$root" > "$tmp/b.after"
same_files "B: the root is as before" "$tmp/b.before" "$tmp/b.after"
no_canary "B: output, journal and history" "$tmp/out" "$tmp/err" "$root/.clawform"
finish
