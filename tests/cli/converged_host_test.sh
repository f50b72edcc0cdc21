#!/usr/bin/env bash
# One converged three-client sandbox host (examples/three-clients.yaml,
# topology C, real openclaw, real gateways on PORT, PORT+120, PORT+240) shared
# by every test of what an operator does to a running host: the host is
# planned and applied once from empty, as an operator runs it (progress,
# three gateways live and ready, nothing left to plan, a plan without changes
# applies as nothing, an applied plan is refused a second time), then each
# SECTION (tests/cli/converged_host/SECTION.sh, defining section_SECTION)
# runs in the order given. Sections that only read the host come first; a
# section that changes it leaves it converged, or says in its header that it
# must come last. Converging three instances is the dearest thing a real
# test does (plugin installs, gateway boots, doctor: ~6 min on a busy 2-core
# machine), so it is done once here rather than once per test.
# Usage: $0 CLAWFORM OPENCLAW PORT SECTION...
# A section sees: $clawform $openclaw $port $root $fleet, the array
# host=(--root ROOT --openclaw OPENCLAW), $tmp (its scratch is $tmp/SECTION),
# and check_lib.sh / apply_lib.sh (check, expect_output, no_canary, ...).
# The fleet's port range is PORT..PORT+499; the restore drill's scratch
# gateways use PORT+500..PORT+799.
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
with_ports examples/three-clients.yaml "$port-$((port + 499))" "$port" $((port + 120)) $((port + 240)) > "$fleet"
host=(--root "$root" --openclaw "$openclaw")

check "plan three clients" 0 "$clawform" plan "$fleet" "${host[@]}" --out "$tmp/converge.json"
started=$SECONDS
check "the host converges" 0 "$clawform" apply "$tmp/converge.json" "${host[@]}" --health-timeout 600 --step-timeout 900
echo "three-client apply: $((SECONDS - started)) s"
grep -E '^\[' "$tmp/out"
expect_output "progress names each step's project" '^\[1/[0-9]+\] project\.acme\.state_dir create \.\.\. ok \([0-9.]+ s\)$'
expect_output "apply complete" '^Apply complete: [0-9]+ steps done\.$'
no_canary "apply output" "$tmp/out" "$tmp/err"
if [ "$failures" -ne 0 ]; then finish; exit 1; fi
for p in $port $((port + 120)) $((port + 240)); do
  check "gateway on $p: /health" 0 curl -sf "http://127.0.0.1:$p/health"
  expect_output "gateway on $p: live" '"status":"live"'
  check "gateway on $p: /ready" 0 curl -sf "http://127.0.0.1:$p/ready"
  expect_output "gateway on $p: ready" '"ready":true'
done
check "nothing left to plan" 0 "$clawform" plan "$fleet" "${host[@]}" --detailed-exitcode --out "$tmp/empty.json"
expect_output "no changes" '^No changes\.$'
check "a plan without changes applies as nothing" 0 "$clawform" apply "$tmp/empty.json" "${host[@]}"
expect_output "says so" '^No changes: nothing to apply\.$'
check "and leaves no journal" 1 test -e "$root/.clawform/journal"
check "the applied plan is refused a second time" 1 "$clawform" apply "$tmp/converge.json" "${host[@]}"
expect_error "applied already" 'this plan was applied already'

for section in "$@"; do
  echo "== $section ($SECONDS s)"
  mkdir -p "$tmp/$section"
  . "$here/converged_host/$section.sh"
  "section_$section"
done
echo "== done ($SECONDS s)"
finish
