#!/usr/bin/env bash
# clawform lock against the real npm registry, and plan's use of the lock:
# the integrities written are the registry's (`npm view PKG@VER
# dist.integrity`); a second run changes nothing; a pin the lock does not
# cover and a lock that is not TOML are refused by plan at their line and
# column; a locked integrity that no longer matches the registry is refused
# by --refresh with nothing written; an unknown version is named; --prune
# drops what the manifest does not pin. No openclaw call, no gateway.
# Usage: $0 CLAWFORM
set -u
clawform=$1
. "$(dirname "$0")/check_lib.sh"

mkdir -p "$tmp/fleet" "$tmp/root"
cp examples/three-clients.yaml "$tmp/fleet/fleet.yaml"
lock=$tmp/fleet/clawform.lock
plan=("$clawform" plan "$tmp/fleet/fleet.yaml" --root "$tmp/root")

check "lock" 0 "$clawform" lock "$tmp/fleet/fleet.yaml"
expect_output "names what it wrote" "^wrote $lock \(3 packages\)$"
for spec in openclaw@2026.9.6 @openclaw/nostr@2026.9.5 @openclaw/matrix@2026.8.1-beta.3; do
  want=$(npm view "$spec" dist.integrity)
  check "$spec: the registry's integrity" 0 python3 - "$lock" "${spec%@*}" "${spec##*@}" "$want" <<'PY'
import sys, tomllib
lock = tomllib.load(open(sys.argv[1], "rb"))
entry = [p for p in lock["package"] if p["name"] == sys.argv[2] and p["version"] == sys.argv[3]]
assert len(entry) == 1, entry
assert entry[0]["integrity"] == sys.argv[4], (entry[0]["integrity"], sys.argv[4])
assert entry[0]["resolved"].startswith("https://"), entry[0]
PY
done
cp "$lock" "$tmp/first.lock"
check "lock again" 0 "$clawform" lock "$tmp/fleet/fleet.yaml"
expect_output "up to date" "is up to date \(3 packages\)$"
same_files "the lock is byte for byte the same" "$tmp/first.lock" "$lock"

# A pin the lock does not cover: plan refuses at the pin.
python3 - "$lock" <<'PY'
import sys
text = open(sys.argv[1]).read()
head, *tables = text.split("\n[[package]]\n")
open(sys.argv[1], "w").write("\n[[package]]\n".join([head] + [t for t in tables if '"@openclaw/nostr"' not in t]))
PY
check "plan without nostr's lock entry" 1 "${plan[@]}"
expect_error "names the pin and the command" \
  "fleet.yaml:[0-9]+:[0-9]+: error: \[lock-missing\] @openclaw/nostr@2026.9.5 is pinned, but .*clawform.lock does not lock it; run \`clawform lock"
check "nothing was made under the root" 0 test -z "$(ls -A "$tmp/root")"

# A lock that is not TOML.
printf 'lock_version = 1\n[[package]\n' > "$lock"
check "plan with a broken lock" 1 "${plan[@]}"
expect_error "line and column" "clawform.lock:2:[0-9]+: error: \[lock-syntax\]"
check "lock refuses to overwrite it" 1 "$clawform" lock "$tmp/fleet/fleet.yaml"
expect_error "says why" "cannot be read; nothing was written"

# Tampered: the lock's integrity is not the registry's.
sed -e 's|^integrity = "sha512-Ie0k[^"]*"|integrity = "sha512-'"$(printf 'A%.0s' $(seq 86))"'=="|' "$tmp/first.lock" > "$lock"
cp "$lock" "$tmp/tampered.lock"
check "lock --refresh refuses the changed integrity" 1 "$clawform" lock "$tmp/fleet/fleet.yaml" --refresh
expect_error "names the package and both integrities" "openclaw@2026.9.6: the registry now serves sha512-Ie0k.*, the lock says sha512-AAAA"
same_files "nothing was written" "$tmp/tampered.lock" "$lock"

# An unknown version.
cp "$tmp/first.lock" "$lock"
sed -e 's|"@openclaw/nostr": 2026.9.5|"@openclaw/nostr": 1999.1.1|' examples/three-clients.yaml > "$tmp/fleet/fleet.yaml"
check "lock an unknown version" 1 "$clawform" lock "$tmp/fleet/fleet.yaml"
expect_error "names it and the registry's answer" "@openclaw/nostr@1999.1.1 \(pinned at .*fleet.yaml:[0-9]+\): .*No match found for version 1999.1.1"
same_files "nothing was written" "$tmp/first.lock" "$lock"

# --prune: a manifest without nostr drops its entry; without --prune it stays.
sed -e '/"@openclaw\/nostr": 2026.9.5/d' examples/three-clients.yaml > "$tmp/fleet/fleet.yaml"
check "lock keeps other manifests' entries" 0 "$clawform" lock "$tmp/fleet/fleet.yaml"
check "nostr still locked" 0 grep -q '"@openclaw/nostr"' "$lock"
check "lock --prune" 0 "$clawform" lock "$tmp/fleet/fleet.yaml" --prune
expect_output "says what it dropped" "^dropped @openclaw/nostr@2026.9.5 \(not pinned by "
check "nostr dropped" 1 grep -q '"@openclaw/nostr"' "$lock"
finish
