#!/usr/bin/env bash
# `clawform apply --service-manager` through the real-host gateway path, on
# the real openclaw in an empty sandbox root: launchctl and systemctl are
# recording stand-ins (tests/support/service-manager/) first on PATH, which
# start the real gateway from the service file they are given.
#   launchd: examples/five-clients.yaml (macOS, launchd plists), its projects
#            globex and internal
#   systemd: examples/five-clients-linux.yaml (systemd user units), its first
#            two projects
# (a converge of all five would add a quarter of an hour of the same openclaw
# work to `make test` for each manager).
# Each: the fleet applies, every gateway is live and ready and
# runs from its service file (its environment names its state dir), the
# written files pass plistlib or systemd-analyze verify, the recorded calls
# are the documented sequence (docs/apply.md, "Gateways"), and nothing is
# left to plan. Then one project's model changes and a failure injected at
# its gateway restart rolls back through bootout (stop), the gateway back on
# its port with the old config, again with the documented calls. No canary
# key value in any output, journal or log. Gateways on 32000-32480, 120
# apart (browser control at P+2, Chrome's CDP at P+11..P+110), or on PORT...
# Usage: $0 CLAWFORM OPENCLAW launchd|systemd [PORT PORT PORT PORT PORT]
set -u
clawform=$1
openclaw=$2
manager=$3
ports=("${@:4}")
[ ${#ports[@]} -eq 5 ] || ports=(32000 32120 32240 32360 32480)
. "$(dirname "$0")/check_lib.sh"
. "$(dirname "$0")/apply_lib.sh"
make_canaries INITECH_ANTHROPIC_KEY INITECH_OPENAI_KEY INITECH_GATEWAY_TOKEN UMBRELLA_ANTHROPIC_KEY \
  UMBRELLA_GATEWAY_TOKEN

root="$tmp/root"; mkdir -p "$root"
bin="$tmp/bin"; mkdir -p "$bin"
ln -s "$PWD/tests/support/service-manager/launchctl" "$PWD/tests/support/service-manager/systemctl" "$bin/"
stop_standin_gateways() {  # every gateway a stand-in started, by the pid it recorded
  local pid_file pid
  for pid_file in "$bin"/state/*.pid; do
    [ -f "$pid_file" ] || continue
    pid=$(cat "$pid_file")
    kill -TERM -- "-$pid" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null
  done
}
trap 'stop_standin_gateways; stop_gateways "$root"; rm -rf "$tmp"' EXIT
# clawform with the stand-ins first on PATH.
cf() { PATH="$bin:$PATH" "$clawform" "$@"; }
# A loaded host makes openclaw slow: plan's config dry-runs took over 60 s here.
host=(--root "$root" --openclaw "$openclaw" --timeout 600)
uid=$(id -u)

projects=(acme globex initech umbrella internal)
if [ "$manager" = launchd ]; then
  example=examples/five-clients.yaml
  home="$root/Users/operator"
  service_file() { echo "$home/Library/LaunchAgents/ai.openclaw.$1.plist"; }
  job_name() { echo "ai.openclaw.$1"; }
else
  example=examples/five-clients-linux.yaml
  home="$root/home/operator"
  service_file() { echo "$home/.config/systemd/user/openclaw-gateway-$1.service"; }
  job_name() { echo "openclaw-gateway-$1.service"; }
fi
with_ports "$example" "${ports[0]}-$((ports[4] + 110))" "${ports[@]}" > "$tmp/five.yaml"
# Fewer projects than the example has: each converge is minutes of openclaw
# work on a busy machine, and what differs between instances (a plugin or
# none, a beta canary) is in these.
if [ "$manager" = systemd ]; then  # acme and globex: every project from initech on is left out
  projects=(acme globex)
  awk '/^  initech:/ { skip = 1 } /^[a-z]/ { skip = 0 } !skip' "$tmp/five.yaml" > "$tmp/fewer.yaml"
else  # globex and internal (a beta canary with a beta plugin): acme, initech and umbrella are left out
  projects=(globex internal)
  ports=("${ports[1]}" "${ports[4]}")
  awk '/^  (acme|initech|umbrella):/ { skip = 1; next } /^  [a-z]+:$|^[a-z]/ { skip = 0 } !skip' "$tmp/five.yaml" > "$tmp/fewer.yaml"
fi
globex_port=${ports[1]}
[ "$manager" = launchd ] && globex_port=${ports[0]}
mv "$tmp/fewer.yaml" "$tmp/five.yaml"

# The calls the gateway control makes, as docs/apply.md lists them, with the
# root written $ROOT. is_running: the gateway step saves whether it ran.
is_running() {
  if [ "$manager" = launchd ]; then echo "launchctl print gui/$uid/ai.openclaw.$1"
  else echo "systemctl --user is-active --quiet openclaw-gateway-$1.service"; fi
}
start_calls() {  # start_calls PROJECT LOADED: a start, when the job is (1) or is not (0) loaded
  if [ "$manager" = launchd ]; then
    is_running "$1"
    [ "$2" = 1 ] && echo "launchctl bootout gui/$uid/ai.openclaw.$1"
    echo "launchctl bootstrap gui/$uid \$ROOT/Users/operator/Library/LaunchAgents/ai.openclaw.$1.plist"
    echo "launchctl kickstart -k gui/$uid/ai.openclaw.$1"
  else
    echo "systemctl --user daemon-reload"
    echo "systemctl --user restart openclaw-gateway-$1.service"
  fi
}
stop_calls() {  # stop_calls PROJECT: a stop of a running gateway
  is_running "$1"
  if [ "$manager" = launchd ]; then echo "launchctl bootout gui/$uid/ai.openclaw.$1"
  else echo "systemctl --user stop openclaw-gateway-$1.service"; fi
}
recorded_calls() { sed "s|$root|\$ROOT|g" "$bin/calls.log"; }

# 1. The fleet on an empty host.
check "plan the fleet" 0 cf plan "$tmp/five.yaml" "${host[@]}" --out "$tmp/plan.json"
started=$(date +%s)
check "apply the fleet through $manager" 0 cf apply "$tmp/plan.json" "${host[@]}" --service-manager \
  --health-timeout 600
echo "the fleet's apply through $manager: $(( $(date +%s) - started )) s"
expect_output "apply complete" '^Apply complete: [0-9]+ steps done\.$'
no_canary "apply output" "$tmp/out" "$tmp/err"
for i in "${!projects[@]}"; do
  project=${projects[$i]} port=${ports[$i]}
  check "$project: /health on $port" 0 curl -sf "http://127.0.0.1:$port/health"
  expect_output "$project: live" '"status":"live"'
  check "$project: /ready on $port" 0 curl -sf "http://127.0.0.1:$port/ready"
  expect_output "$project: ready" '"ready":true'
  # The stand-in started it from the service file: its environment is the file's.
  pid=$(cat "$bin/state/$(job_name "$project").pid")
  check "$project: the gateway runs from its service file" 0 \
    grep -qzx "OPENCLAW_STATE_DIR=$home/.openclaw-$project" "/proc/$pid/environ"
done
check "no sandbox runner was used" 1 bash -c "ls '$root'/.clawform/run/*.pid 2>/dev/null | grep -q ."
for project in "${projects[@]}"; do
  if [ "$manager" = launchd ]; then
    check "$project: the plist parses (plistlib)" 0 /usr/bin/python3 -c \
      'import plistlib, sys; plistlib.load(open(sys.argv[1], "rb"))' "$(service_file "$project")"
  else
    check "$project: systemd-analyze verify accepts the unit" 0 \
      /usr/bin/systemd-analyze verify --man=no "$(service_file "$project")"
    refute_output "$project: verify has nothing to say" '.'
  fi
done
gateway_projects=$(python3 -c '
import json, sys
print(" ".join(s["project"] for s in json.load(open(sys.argv[1]))["steps"] if s["kind"] == "gateway"))' "$tmp/plan.json")
for project in $gateway_projects; do is_running "$project"; start_calls "$project" 0; done > "$tmp/want.calls"
recorded_calls > "$tmp/got.calls"
# The instances are applied at once (apply's default): each project's calls in
# its plan order, the projects' calls interleaved as they came.
sort "$tmp/want.calls" > "$tmp/want.sorted"; sort "$tmp/got.calls" > "$tmp/got.sorted"
same_files "the documented $manager calls, each once" "$tmp/want.sorted" "$tmp/got.sorted"
for project in $gateway_projects; do
  grep -F "$project" "$tmp/want.calls" > "$tmp/want.$project"; grep -F "$project" "$tmp/got.calls" > "$tmp/got.$project"
  same_files "$project: the documented $manager calls, in plan order" "$tmp/want.$project" "$tmp/got.$project"
done
check "nothing left to plan" 0 cf plan "$tmp/five.yaml" "${host[@]}" --detailed-exitcode
expect_output "no changes" '^No changes\.$'

# 2. globex's model changes; a failure injected at its gateway restart rolls
# back: the gateway stopped (bootout / stop), its config restored, then
# started again on its port.
sed 's|model: openai/gpt-5.4$|model: openai/gpt-5.4-mini|' "$tmp/five.yaml" > "$tmp/changed.yaml"
check "plan globex's new model" 0 cf plan "$tmp/changed.yaml" "${host[@]}" --out "$tmp/change.json"
restart=$(python3 -c '
import json, sys
steps = json.load(open(sys.argv[1]))["steps"]
assert {s["project"] for s in steps} == {"globex"}, [s["address"] for s in steps]
print(next(s["index"] for s in steps if s["kind"] == "gateway"))' "$tmp/change.json")
: > "$bin/calls.log"
CLAWFORM_FAULT="$restart:fail" check "a failure at globex's restart" 1 cf apply "$tmp/change.json" "${host[@]}" \
  --service-manager --health-timeout 600
expect_error "named" "^error: step $restart \(.*\) failed: injected fault"
expect_error "rolled back" "^Rolled back: undid steps $restart, [0-9, ]+\. The host is as it was"
no_canary "failed apply output" "$tmp/out" "$tmp/err"
# After the stop, the rollback checks the gateway is as its undo record says
# (running?), then the config undo asks running? again.
{ is_running globex; start_calls globex 1; stop_calls globex; is_running globex; is_running globex
  start_calls globex 0; } > "$tmp/want.calls"
recorded_calls > "$tmp/got.calls"
same_files "the documented $manager calls of a restart rolled back" "$tmp/want.calls" "$tmp/got.calls"
check "globex: /ready again on $globex_port" 0 curl -sf "http://127.0.0.1:$globex_port/ready"
expect_output "globex: ready" '"ready":true'
check "globex's openclaw.json names the old model only" 1 grep -q 'gpt-5.4-mini' "$home/.openclaw-globex/openclaw.json"
check "the host is as the fleet says" 0 cf plan "$tmp/five.yaml" "${host[@]}" --detailed-exitcode
expect_output "no changes after the rollback" '^No changes\.$'
no_canary "journal, history and gateway logs" "$root/.clawform" "$home"/.openclaw-*/logs "$bin/state"
finish
