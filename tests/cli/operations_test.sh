#!/usr/bin/env bash
# The operations commands (docs/operations.md) on one converged three-client
# sandbox host (examples/three-clients.yaml, topology C, real openclaw, real
# gateways on PORT, PORT+120, PORT+240): the host is applied once, then each
# SECTION (tests/cli/operations/SECTION.sh, defining section_SECTION) runs in
# the order given. Sections that only read the host come first; a section
# that changes it leaves it converged (or says so in its header).
# Usage: $0 CLAWFORM OPENCLAW PORT SECTION...
# A section sees: $clawform $openclaw $port $root $fleet, the array
# host=(--root ROOT --openclaw OPENCLAW), $tmp (its scratch is $tmp/SECTION),
# and check_lib.sh / apply_lib.sh (check, expect_output, no_canary, ...).
set -u
clawform=$1
openclaw=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
port=$3
shift 3
here=$(dirname "$0")
. "$here/check_lib.sh"
. "$here/apply_lib.sh"
trap 'stop_gateways "$tmp"/*/ "$tmp/root"; rm -rf "$tmp"' EXIT

root=$tmp/root
fleet=$tmp/fleet.yaml
mkdir -p "$root"
with_ports examples/three-clients.yaml "$port-$((port + 399))" "$port" $((port + 120)) $((port + 240)) > "$fleet"
host=(--root "$root" --openclaw "$openclaw")

check "the host converges" 0 "$clawform" apply "$fleet" "${host[@]}" --auto-approve --health-timeout 600 --step-timeout 900
if [ "$failures" -ne 0 ]; then finish; exit 1; fi

for section in "$@"; do
  echo "== $section"
  mkdir -p "$tmp/$section"
  . "$here/operations/$section.sh"
  "section_$section"
done
finish
