#!/usr/bin/env bash
# Under a hostile umask (000), on the real openclaw in a sandbox root seeded
# with a world-readable key file and a state tree (0644 files, 0755 dirs):
# an apply killed right after its config step leaves .clawform/ with every
# directory 0700 and every file 0600 (the journal, the plan, the digest key,
# the lock, the saved copies and their .modes), the secrets dir 0700 and the
# key file 0600. `recover` (umask 000 too) puts the root back exactly, modes
# included, says so only because each undo was checked, and leaves
# .clawform/ as private. Then a stale plan: a changed key variable and a
# hand-edited key file are refused with different messages, each naming
# what moved. No gateway is started (ports 34201-34209 are planned only).
# Usage: $0 CLAWFORM OPENCLAW
set -u
clawform=$1
openclaw=$2
. "$(dirname "$0")/check_lib.sh"
. "$(dirname "$0")/apply_lib.sh"
umask 000

root="$tmp/root"
state="$root/Users/operator/.openclaw"
keys="$state/projects/acme/keys.env"
# --timeout: each openclaw call bounded by what a busy machine needs, not 60 s.
host=(--root "$root" --openclaw "$openclaw" --timeout 600)
# What a careless operator left: readable by all.
mkdir -p "$state/state/sub" "$state/projects/acme"
chmod 0755 "$state" "$state/state" "$state/state/sub" "$state/projects" "$state/projects/acme"
printf 'ANTHROPIC_API_KEY=old\n' > "$keys"; chmod 0644 "$keys"
printf 'seed\n' > "$state/state/sub/data"; chmod 0644 "$state/state/sub/data"
with_ports examples/one-project.yaml 34201-34209 > "$tmp/one.yaml"

not_private() {  # not_private DIR: every directory not 0700 and file not 0600 under DIR
  find "$1" \( -type d ! -perm 0700 \) -o \( -type f ! -perm 0600 \) -printf '%m %p\n'
}

check "plan" 0 "$clawform" plan "$tmp/one.yaml" "${host[@]}" --out "$tmp/plan.json"
[ -s "$tmp/plan.json" ] || { finish; exit 1; }
config_step=$(/usr/bin/python3 -c 'import json,sys; print(next(s["index"] for s in json.load(open(sys.argv[1]))["steps"] if s["kind"] == "config"))' "$tmp/plan.json")
key_step=$(/usr/bin/python3 -c 'import json,sys; print(next(s["index"] for s in json.load(open(sys.argv[1]))["steps"] if s["kind"] == "key_file"))' "$tmp/plan.json")
snapshot "$root" > "$tmp/before"

check "apply killed after the config step" 137 env CLAWFORM_FAULT="$config_step:kill" "$clawform" apply "$tmp/plan.json" "${host[@]}"
check "the journal is there" 0 test -s "$root/.clawform/journal/journal.jsonl"
check "a saved key file copy" 0 test -f "$root/.clawform/journal/saved/$key_step/0"
check "a saved tree and its modes" 0 test -f "$root/.clawform/journal/saved/$config_step/3.modes"
not_private "$root/.clawform" > "$tmp/loose"
echo ".clawform/ after the kill: $(find "$root/.clawform" | wc -l) paths"
same_files ".clawform/: dirs 0700, files 0600" /dev/null "$tmp/loose"
check "secrets dir 0700" 0 test "$(stat -c %a "$state/projects/acme")" = 700
check "key file 0600" 0 test "$(stat -c %a "$keys")" = 600
no_canary "journal and saved copies hold no key value" "$root/.clawform"

check "recover" 0 "$clawform" recover --root "$root"
expect_output "recover verified every undo" \
  "^Rolled back: undid steps $config_step(, [0-9]+)*\. The host is as it was before the apply: each undo was checked against its record\.$"
# openclaw config patch makes its own cache dirs (~/.cache/openclaw*, 0700,
# empty): not a path clawform saves or undoes.
snapshot "$root" | grep -v '^\./Users/operator/\.cache' > "$tmp/after"
same_files "the root as before, modes included" "$tmp/before" "$tmp/after"
check "key file back to 0644" 0 test "$(stat -c %a "$keys")" = 644
not_private "$root/.clawform" > "$tmp/loose"
same_files ".clawform/ after recover: dirs 0700, files 0600" /dev/null "$tmp/loose"

# A stale plan: which of the two moved.
check "plan again" 0 "$clawform" plan "$tmp/one.yaml" "${host[@]}" --out "$tmp/plan2.json"
check "apply after the key variable changed" 1 \
  env ACME_ANTHROPIC_KEY="$ACME_ANTHROPIC_KEY-rotated" "$clawform" apply "$tmp/plan2.json" "${host[@]}"
expect_error "names the reference" \
  "^project\.acme\.key_file: the value the manifest's reference gives for key ANTHROPIC_API_KEY changed since the plan was made"
refute_output "does not blame the file" "key file .* was changed on the host"
printf 'ANTHROPIC_API_KEY=edited-by-hand\n' > "$keys"
check "apply after the key file was edited" 1 "$clawform" apply "$tmp/plan2.json" "${host[@]}"
expect_error "names the key file" \
  "^project\.acme\.key_file: the key file $keys \(or another file of instance default\) was changed on the host since the plan was made, not by clawform$"
refute_output "does not blame the reference" "reference gives"
no_canary "no key value in any output" "$tmp/out" "$tmp/err"
finish
