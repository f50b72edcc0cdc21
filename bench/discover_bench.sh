#!/usr/bin/env bash
# Discovery of 5 real openclaw instances (topology C, sandbox root): wall
# time concurrently (--jobs 5) vs one at a time (--jobs 1), and the time
# spent inside openclaw, every answer asked of openclaw (--refresh: the
# discovery cache is bench/replan_bench.sh's). Usage: bench/discover_bench.sh CLAWFORM OPENCLAW
set -euo pipefail
clawform=$1 openclaw=$2
root=$(mktemp -d); trap 'rm -rf "$root"' EXIT
manifest="$root/fleet.yaml"
sed -e 's/18789-19379/38789-39379/' -e 's/port: 1\([89]\)/port: 3\1/' \
  "$(dirname "$0")/../examples/five-clients.yaml" > "$manifest"
home="$root/Users/operator"
mkdir -p "$home"
for p in acme globex initech umbrella internal; do
  env -i PATH=/usr/bin:/bin HOME="$home" OPENCLAW_STATE_DIR="$home/.openclaw-$p" \
    OPENCLAW_CONFIG_PATH="$home/.openclaw-$p/openclaw.json" "$openclaw" --profile "$p" setup --baseline > /dev/null &
done
wait
for jobs in 5 1; do
  printf 'discover, 5 instances, --jobs %s: ' "$jobs"
  "$clawform" discover "$manifest" --root "$root" --openclaw "$openclaw" --jobs "$jobs" --timing --refresh 2>&1 >/dev/null
done
