#!/usr/bin/env bash
# OpenClaw upgrades through a plan, on the real openclaw releases 2026.9.5
# (installed by clawform from npm into its release dir) and 2026.9.6 (the
# given one, .deps/), two topology-C projects on real gateways:
#   1. `old` pins 2026.9.5, `cur` runs the fleet's 2026.9.6: the plan installs
#      the 2026.9.5 release (against clawform.lock), both gateways run side
#      by side, each on its own version; discover reports each;
#   2. `old` moved to 2026.9.6: the plan shows `update 2026.9.5 -> 2026.9.6`;
#      a failure injected after the restart on the new version rolls back to
#      2026.9.5, healthy, openclaw.json byte for byte and the state and
#      agent DBs with the same data (2026.9.6 migrates the agent DB, which
#      2026.9.5 then refuses; docs/apply.md: a DB in use is saved through
#      SQLite's backup); then the plan applies and `old` runs 2026.9.6;
#   3. the 2026.9.5 release stays until `clawform prune --yes` removes it
#      (listed first without --yes, which removes nothing).
# Prints the upgrade's figures: install, switch and restart, health.
# Usage: $0 CLAWFORM OPENCLAW PORT
set -u
clawform=$1
openclaw=$2
port=$3
. "$(dirname "$0")/check_lib.sh"
. "$(dirname "$0")/apply_lib.sh"
make_canaries OLD_ANTHROPIC_KEY CUR_ANTHROPIC_KEY OLD_GATEWAY_TOKEN CUR_GATEWAY_TOKEN
root="$tmp/root"; mkdir -p "$root" "$tmp/fleet"
trap 'stop_gateways "$root"; rm -rf "$tmp"' EXIT
host=(--root "$root" --openclaw "$openclaw" --health-timeout 300)
fleet=$tmp/fleet/fleet.yaml
release=$root/opt/clawform/openclaw/2026.9.5-node24

write_fleet() {  # write_fleet OLD_VERSION
  cat > "$fleet" <<YAML
apiVersion: clawform/v1
fleet: upgrades
region: sg
host: {os: linux, memory_gb: 64, disk_gb: 2048}
openclaw: {version: 2026.9.6, node_major: 24}
topology: C
gateway: {ports: $port-$((port + 399)), bind: loopback}
defaults: {model: anthropic/claude-sonnet-4-6}
projects:
  old:
    port: $port
    openclaw: {version: $1}
    gateway_token: {from: env, var: OLD_GATEWAY_TOKEN}
    keys: {ANTHROPIC_API_KEY: {from: env, var: OLD_ANTHROPIC_KEY}}
  cur:
    port: $((port + 200))
    canary: true
    gateway_token: {from: env, var: CUR_GATEWAY_TOKEN}
    keys: {ANTHROPIC_API_KEY: {from: env, var: CUR_ANTHROPIC_KEY}}
YAML
}
gateway_binary() {  # gateway_binary PORT: the Node executable of the gateway listening there
  # (OpenClaw renames its process "openclaw-gateway": its command line says nothing)
  local pid
  pid=$(ss -Hltnp "sport = :$1" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
  [ -n "$pid" ] && readlink "/proc/$pid/exe"
}
step_seconds() {  # step_seconds ADDRESS_PATTERN: the seconds apply's progress line gave the step
  grep -E "$1" "$tmp/out" | grep -oE 'ok \([0-9.]+ s\)' | head -1 | grep -oE '[0-9.]+'
}

# 1. Side by side.
write_fleet 2026.9.5
check "lock" 0 "$clawform" lock "$fleet"
check "plan" 0 "$clawform" plan "$fleet" "${host[@]:0:4}" --out "$tmp/plan1.json"
check "the plan installs the 2026.9.5 release, locked" 0 python3 -c '
import json, sys
steps = [s for s in json.load(open(sys.argv[1]))["steps"] if s["kind"] == "openclaw"]
assert len(steps) == 1, steps
t = steps[0]["target"]
assert steps[0]["address"] == "project.old.openclaw" and steps[0]["action"] == "create", steps[0]
assert t["version"] == "2026.9.5" and t["node_major"] == 24 and t["integrity"].startswith("sha512-"), t' "$tmp/plan1.json"
started=$(date +%s)
check "apply" 0 "$clawform" apply "$tmp/plan1.json" "${host[@]}"
install_s=$(step_seconds 'project\.old\.openclaw')
echo "figures: first apply $(( $(date +%s) - started )) s, of which the 2026.9.5 release install ${install_s} s"
check "the release is in place" 0 test -x "$release/bin/openclaw"
check "its record holds the registry's integrity" 0 test \
  "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["integrity"])' "$release/release.json")" = \
  "$(npm view openclaw@2026.9.5 dist.integrity)"
check "no staging dir left" 0 test -z "$(ls -A "$root/opt/clawform/openclaw" | grep -v '^2026.9.5-node24$')"
echo "figures: disk per version: the 2026.9.5 release $(du -sm "$release" | cut -f1) MB (Node included)"
given=$(cd "$(dirname "$openclaw")/.." && pwd -P)  # the Node the given launcher runs lies under it
check "old's gateway runs the 2026.9.5 release" 0 grep -qF "$release/" <(gateway_binary "$port")
check "cur's gateway runs the given openclaw" 0 grep -qF "$given/" <(gateway_binary $((port + 200)))
check "discover" 0 "$clawform" discover "$fleet" "${host[@]:0:4}" --json
cp "$tmp/out" "$tmp/discover1.json"
check "discover reports each instance's version and binary" 0 python3 -c '
import json, sys
found = {i["instance"]: (i["openclaw_version"], i["openclaw_binary"]) for i in json.load(open(sys.argv[1]))["instances"]}
assert found == {"old": ("2026.9.5", sys.argv[2] + "/bin/openclaw"), "cur": ("2026.9.6", sys.argv[3])}, found' \
  "$tmp/discover1.json" "$release" "$openclaw"
check "converged" 0 "$clawform" plan "$fleet" "${host[@]:0:4}" --detailed-exitcode

# 2. old moves to 2026.9.6.
write_fleet 2026.9.6
check "plan the upgrade" 0 "$clawform" plan "$fleet" "${host[@]:0:4}" --out "$tmp/plan2.json"
check "show it" 0 "$clawform" show "$tmp/plan2.json"
expect_output "the plan shows the upgrade" '^  ~ \[ *[0-9]+\] project\.old\.openclaw: update \(version differs\)$'
expect_output "from 2026.9.5 to 2026.9.6" '^        version: "2026\.9\.5" -> "2026\.9\.6"$'
refute_output "cur is not touched" "project\.cur\."
state=$root/home/operator/.openclaw-old
cp "$state/openclaw.json" "$tmp/config.before"
# The state DB without what every gateway start rewrites (its boot record,
# ownership lease, config snapshot and health entry, and once the gateway has
# opened its agent DB, that DB's lease and the time and byte size it last saw
# in the agent_databases row): the rollback starts 2026.9.5 again, which
# writes those after the restore, sooner or later (seen in one CI run).
db_dump() {  # db_dump DB: its rows, but the per-boot tables and columns
  sqlite3 "$1" .dump |
    grep -vE "^INSERT INTO (gateway_boot_lifecycle|state_leases|config_health_entries|diagnostic_events|agent_database_leases) " |
    sed -E "s/^(INSERT INTO agent_databases VALUES\('[^']*','[^']*',[0-9]+),[0-9]+,[0-9]+\);$/\1,(seen at),(size));/"
}
agent_db=$state/agents/main/agent/openclaw-agent.sqlite  # 2026.9.6 writes it at schema 23; 2026.9.5 refuses that
db_dump "$state/state/openclaw.sqlite" > "$tmp/db.before"
if [ -e "$agent_db" ]; then sqlite3 "$agent_db" .dump; else echo "absent"; fi > "$tmp/agent-db.before"
restart=$(python3 -c 'import json,sys; print(next(s["index"] for s in json.load(open(sys.argv[1]))["steps"] if s["kind"] == "gateway"))' "$tmp/plan2.json")
CLAWFORM_FAULT="$restart:fail" check "a failure after the restart on 2026.9.6" 1 "$clawform" apply "$tmp/plan2.json" "${host[@]}"
expect_error "rolled back" "^Rolled back"
check "old is healthy again" 0 curl -sf "http://127.0.0.1:$port/health"
check "on the 2026.9.5 release" 0 grep -qF "$release/" <(gateway_binary "$port")
same_files "openclaw.json byte for byte" "$tmp/config.before" "$state/openclaw.json"
db_dump "$state/state/openclaw.sqlite" > "$tmp/db.after"
same_files "the state DB holds the same data" "$tmp/db.before" "$tmp/db.after"
if [ -e "$agent_db" ]; then sqlite3 "$agent_db" .dump; else echo "absent"; fi > "$tmp/agent-db.after"
same_files "the agent DB 2026.9.6 migrated holds its 2026.9.5 data and schema" "$tmp/agent-db.before" "$tmp/agent-db.after"
check "the same plan is called for again" 0 "$clawform" plan "$fleet" "${host[@]:0:4}" --out "$tmp/plan3.json"
started=$(date +%s)
check "apply the upgrade" 0 "$clawform" apply "$tmp/plan3.json" "${host[@]}"
upgrade_s=$(( $(date +%s) - started ))
echo "figures: upgrade apply ${upgrade_s} s: switch $(step_seconds 'project\.old\.openclaw') s, service $(step_seconds 'project\.old\.service') s, restart $(step_seconds 'old\.gateway restart') s, health $(step_seconds 'old\.gateway check') s"
check "old is healthy on 2026.9.6" 0 curl -sf "http://127.0.0.1:$port/health"
check "on the given openclaw" 0 grep -qF "$given/" <(gateway_binary "$port")
check "converged" 0 "$clawform" plan "$fleet" "${host[@]:0:4}" --detailed-exitcode
check "discover: both on 2026.9.6" 0 "$clawform" discover "$fleet" "${host[@]:0:4}" --json
cp "$tmp/out" "$tmp/discover2.json"
check "each instance's version" 0 python3 -c '
import json, sys
v = {i["instance"]: i["openclaw_version"] for i in json.load(open(sys.argv[1]))["instances"]}
assert v == {"old": "2026.9.6", "cur": "2026.9.6"}, v' "$tmp/discover2.json"

# 3. The old release stays until an explicit prune.
check "the 2026.9.5 release stays" 0 test -x "$release/bin/openclaw"
check "prune lists it" 0 "$clawform" prune "$fleet" "${host[@]:0:4}"
expect_output "as unused" "^  remove +2026\.9\.5-node24 .*no instance uses it"
expect_output "and removes nothing without --yes" "run again with --yes"
check "still there" 0 test -x "$release/bin/openclaw"
check "prune --yes" 0 "$clawform" prune "$fleet" "${host[@]:0:4}" --yes
expect_output "removed" "^  removed +2026\.9\.5-node24 "
check "gone" 1 test -e "$release"
check "still converged" 0 "$clawform" plan "$fleet" "${host[@]:0:4}" --detailed-exitcode
no_canary "outputs" "$tmp/out" "$tmp/err"
no_canary "plans, journal, history and logs" "$tmp"/plan*.json "$root/.clawform"
finish
