#!/usr/bin/env bash
# The port plan (issue 12 item 1, docs/ports.md), on the real openclaw in a
# sandbox root. With the browser on (OpenClaw's default) three gateways 2
# apart are refused with [port-overlap] naming both projects, and so are
# gateways 20 apart (OpenClaw's own advice: still inside the CDP range); 2
# apart with the browser off validates. The same fleet 120 apart applies;
# starting acme's browser control service with the real CLI (`openclaw
# browser status`, through the gateway) makes acme's gateway listen on a
# derived port, and every port listening in this test's range belongs to
# the instance whose range holds it. A re-plan does not flag acme's own
# browser service; a foreign listener on globex's browser control port
# fails the plan naming globex and the port. Ports 28000-28999 only; every
# process the test started is stopped at the end.
# Usage: $0 CLAWFORM OPENCLAW
set -u
clawform=$1
openclaw=$2
. "$(dirname "$0")/check_lib.sh"
. "$(dirname "$0")/apply_lib.sh"
make_canaries PACME_GATEWAY_TOKEN PGLOBEX_GATEWAY_TOKEN PINITECH_GATEWAY_TOKEN

root="$tmp/root"; mkdir -p "$root"
squatter=""
trap 'stop_gateways "$root"; [ -n "$squatter" ] && kill "$squatter" 2>/dev/null; rm -rf "$tmp"' EXIT
host=(--root "$root" --openclaw "$openclaw")

fleet() {  # fleet ACME GLOBEX INITECH [BROWSER]: the three-project fleet on those ports
  cat <<EOF
apiVersion: clawform/v1
fleet: ports-test
region: sg
host: {os: linux, memory_gb: 64, disk_gb: 2048}
openclaw: {version: 2026.9.6, node_major: 24}
topology: C
gateway: {ports: 28000-28999, bind: loopback}
defaults: {model: anthropic/claude-sonnet-4-6}
projects:
  acme:
    port: $1
    gateway_token: { from: env, var: PACME_GATEWAY_TOKEN }${4:+
    browser: $4}
  globex:
    port: $2
    gateway_token: { from: env, var: PGLOBEX_GATEWAY_TOKEN }${4:+
    browser: $4}
  initech:
    port: $3
    gateway_token: { from: env, var: PINITECH_GATEWAY_TOKEN }${4:+
    browser: $4}
EOF
}

# 1. validate: 2 apart and 20 apart are refused with the browser on.
fleet 28000 28002 28004 > "$tmp/near.yaml"
check "gateways 2 apart are refused" 1 "$clawform" validate "$tmp/near.yaml"
expect_output "both projects, the port, the fix" \
  'error: \[port-overlap\] project "globex" \(gateway 28002\) and project "acme" \(gateway 28000, line 1[0-9]\) both reserve ports 28002-28110, acme.s browser control, .*Move globex to port 28111 or above'
expect_output "initech overlaps globex" '\[port-overlap\] project "initech" \(gateway 28004\) and project "globex"'
fleet 28000 28020 28040 > "$tmp/twenty.yaml"
check "gateways 20 apart are refused (CDP range)" 1 "$clawform" validate "$tmp/twenty.yaml"
expect_output "20 apart: acme's CDP range" "both reserve ports 28020-28110, acme's browser CDP: "
fleet 28000 28002 28004 false > "$tmp/near-off.yaml"
check "2 apart with the browser off validates" 0 "$clawform" validate "$tmp/near-off.yaml"
check "plan of the refused fleet changes nothing" 1 "$clawform" plan "$tmp/near.yaml" "${host[@]}"
check "nothing written for it" 0 test ! -e "$root/home"

# 2. The fleet as the docs recommend (120 apart) applies.
fleet 28000 28120 28240 > "$tmp/fleet.yaml"
check "120 apart validates" 0 "$clawform" validate "$tmp/fleet.yaml"
check "plan" 0 "$clawform" plan "$tmp/fleet.yaml" "${host[@]}" --out "$tmp/plan.json"
expect_output "browser.enabled is written" 'browser.enabled'
check "apply" 0 "$clawform" apply "$tmp/plan.json" "${host[@]}" --health-timeout 180
expect_output "apply complete" '^Apply complete: [0-9]+ steps done\.$'
for port in 28000 28120 28240; do
  check "gateway $port live" 0 curl -sf -m 10 "http://127.0.0.1:$port/health"
done

# 3. Start acme's browser control service with the real CLI, through its gateway.
home="$root/home/operator"
acme_pid=$(cat "$root/.clawform/run/acme.pid" 2>/dev/null || echo none)
check "openclaw browser status (acme)" 0 env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$home" \
  OPENCLAW_STATE_DIR="$home/.openclaw-acme" OPENCLAW_CONFIG_PATH="$home/.openclaw-acme/openclaw.json" \
  timeout 120 "$openclaw" --profile acme browser --token "$PACME_GATEWAY_TOKEN" status --json
expect_output "the browser is on, its CDP port derived from 28000" '"cdpPort": 28011'
# Listening sockets in this test's range: "PORT PID" per line.
listeners() {
  ss -ltnpH 2>/dev/null | awk '{ n = split($4, a, ":"); port = a[n]; pid = "-"
      if (match($0, /pid=[0-9]+/)) pid = substr($0, RSTART + 4, RLENGTH - 4)
      if (port >= 28000 && port <= 28999) print port, pid }' | sort -u
}
for _ in $(seq 1 50); do listeners | grep -q "^28010 " && break; sleep 0.2; done
listeners > "$tmp/listeners"
echo "listening in 28000-28999 after the browser started:"; sed 's/^/  /' "$tmp/listeners"
# The gateway's own process (or a child of it) holds the derived port.
owner=$(awk '$1 == 28010 { print $2 }' "$tmp/listeners" | head -n 1)
if [ -n "$owner" ] && { [ "$owner" = "$acme_pid" ] || [ "$(ps -o ppid= -p "$owner" | tr -d ' ')" = "$acme_pid" ] ||
     pgrep -g "$acme_pid" 2>/dev/null | grep -qx "$owner"; }; then passed=$((passed + 1)); else
  echo "FAIL acme's gateway (pid $acme_pid) listens on its extension relay port 28010: owner '$owner'"
  failures=$((failures + 1)); fi
# Every listener lies inside the reserved range of the instance it belongs to.
for project in acme:28000 globex:28120 initech:28240; do
  name=${project%%:*} base=${project##*:}
  pgid=$(cat "$root/.clawform/run/$name.pid" 2>/dev/null) ||
    { echo "FAIL $name: no gateway pid file"; failures=$((failures + 1)); continue; }
  for pid in $(pgrep -g "$pgid"); do
    awk -v pid="$pid" -v lo="$base" -v hi=$((base + 110)) -v name="$name" \
      '$2 == pid && ($1 < lo || $1 > hi) { print "FAIL " name " (pid " pid ") listens on " $1 ", outside " lo "-" hi; bad = 1 }
       END { exit bad }' "$tmp/listeners" && passed=$((passed + 1)) || failures=$((failures + 1))
  done
done

# 4. plan: acme's own browser service is not flagged; a foreign listener is.
check "re-plan: converged, acme's relay is its own" 0 "$clawform" plan "$tmp/fleet.yaml" "${host[@]}" --detailed-exitcode
python3 -c 'import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 28122)); s.listen(1); time.sleep(300)' &
squatter=$!
for _ in $(seq 1 50); do listeners | grep -q "^28122 " && break; sleep 0.2; done
check "a foreign listener on globex's browser control port fails the plan" 1 \
  "$clawform" plan "$tmp/fleet.yaml" "${host[@]}"
expect_error "names globex, the port and the fix" \
  "error: project globex: port 28122 is in use by pid $squatter \(python3\), not by this instance's gateway: a gateway on port 28120 takes it for its browser control\. Stop that process, or move the gateway to a port P where P\.\.P\+110 is free"
refute_output "acme and initech are not flagged" 'project (acme|initech):'
kill "$squatter" 2>/dev/null; wait "$squatter" 2>/dev/null; squatter=""

# Outputs and plans in $tmp itself (the root below it holds the key files,
# where the values belong), the journal and history, the gateway logs.
no_canary "no token value in outputs, plans or logs" $(find "$tmp" -maxdepth 1 -type f) "$root/.clawform" \
  "$root"/home/operator/.openclaw-*/logs
finish
