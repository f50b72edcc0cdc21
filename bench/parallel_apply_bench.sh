#!/usr/bin/env bash
# Five-client apply from an empty host (examples/five-clients.yaml, topology C,
# real openclaw and gateways, sandbox roots): wall time one instance after
# another (--jobs 1) beside apply's default (every instance at once), in the same run, and
# their ratio. The first host's gateways are stopped before the second apply.
# Usage: bench/parallel_apply_bench.sh CLAWFORM OPENCLAW
set -euo pipefail
clawform=$1 openclaw=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
stop_gateways() {  # stop_gateways ROOT
  local pid_file
  for pid_file in "$1"/.clawform/run/*.pid; do
    [ -f "$pid_file" ] && kill -TERM -- "-$(cat "$pid_file")" 2>/dev/null || true  # a stale pid file: nothing to stop (set -e)
  done
  sleep 2
  for pid_file in "$1"/.clawform/run/*.pid; do
    [ -f "$pid_file" ] && kill -KILL -- "-$(cat "$pid_file")" 2>/dev/null || true  # a stale pid file: nothing to stop (set -e)
  done
  return 0
}
trap 'stop_gateways "$work/serial"; stop_gateways "$work/parallel"; rm -rf "$work"' EXIT

# Gateways on 50789.. (120 apart), none of the tests' ports nor the re-plan bench's.
sed -e 's/18789-19379/50789-51379/' -e 's/port: 18/port: 50/' -e 's/port: 19/port: 51/' \
  "$here/../examples/five-clients.yaml" > "$work/fleet.yaml"
for var in ACME_GATEWAY_TOKEN ACME_ANTHROPIC_KEY GLOBEX_GATEWAY_TOKEN GLOBEX_OPENAI_KEY INITECH_GATEWAY_TOKEN \
           INITECH_ANTHROPIC_KEY INITECH_OPENAI_KEY UMBRELLA_GATEWAY_TOKEN UMBRELLA_ANTHROPIC_KEY \
           INTERNAL_GATEWAY_TOKEN INTERNAL_ANTHROPIC_KEY; do
  export "$var=bench-$var-$RANDOM$RANDOM"
done
export npm_config_cache="${CLAWFORM_TEST_NPM_CACHE:-$HOME/.cache/clawform-test-npm}"

busy_jiffies() {  # the machine's busy CPU time so far, in clock ticks (/proc/stat: all but idle and iowait)
  awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat
}

# apply_timed NAME [APPLY FLAG...]: plan and apply into $work/NAME; prints
# "WALL BUSY": wall seconds of the apply and the CPU-seconds the whole machine
# was busy meanwhile (the gateways' boots run outside clawform's own rusage).
apply_timed() {
  local name=$1 root=$work/$1
  shift
  mkdir -p "$root"
  "$clawform" plan "$work/fleet.yaml" --root "$root" --openclaw "$openclaw" --out "$work/$name.json" > /dev/null
  local started=$SECONDS busy_before
  busy_before=$(busy_jiffies)
  "$clawform" apply "$work/$name.json" --root "$root" --openclaw "$openclaw" "$@" --health-timeout 900 \
    --step-timeout 900 > "$work/$name.log" 2>&1 ||
    { tail -30 "$work/$name.log" >&2; echo "parallel apply bench: the $name apply failed" >&2; exit 1; }
  echo "$((SECONDS - started)) $(( ($(busy_jiffies) - busy_before) / $(getconf CLK_TCK) ))"
}

echo "five-client apply from an empty host, real openclaw (several minutes each)..."
read -r serial serial_busy < <(apply_timed serial --jobs 1)
[ -n "${serial_busy:-}" ] || exit 1  # it said why
stop_gateways "$work/serial"
read -r parallel parallel_busy < <(apply_timed parallel)
[ -n "${parallel_busy:-}" ] || exit 1
cores=$(nproc)
printf 'five-client apply, --jobs 1 (one instance after another): wall %5d s, machine busy %5d CPU-s\n' "$serial" "$serial_busy"
printf 'five-client apply, default (all five at once):             wall %5d s, machine busy %5d CPU-s\n' "$parallel" "$parallel_busy"
python3 - "$serial" "$parallel" "$serial_busy" "$cores" <<'PY'
import sys
serial, parallel, busy, cores = (int(a) for a in sys.argv[1:5])
print(f"default / --jobs 1: {parallel / serial:.2f} (target: at most 0.6)")
# No schedule on this machine can finish the serial run's CPU work faster than
# spread over every core: the floor of any parallel apply here.
print(f"floor on {cores} cores: {busy} CPU-s / {cores} = {busy / cores:.0f} s = {busy / cores / serial:.2f} of --jobs 1")
PY
