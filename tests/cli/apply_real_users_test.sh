#!/usr/bin/env bash
# Topology B on real OS users (--real-users), on the real openclaw:
# examples/two-users.yaml with its users renamed to test-only ones
# (cfu-acme, cfu-pilot, made here with useradd and removed at the end, even
# on failure, with every process they run), on Linux so that lingering is
# planned, on ports 33000 and 33120. loginctl needs a running logind, which a
# container lacks: a stand-in on PATH records its calls and makes or removes
# /var/lib/systemd/linger/USER as logind would.
#
# Checks: the plan lingers both users; apply makes both gateways healthy,
# each running as its user; the state dir, openclaw.json, key file,
# workspace and service file are the user's with the plan's modes; one user
# cannot read the other's key file or state dir (and can read its own); a
# fresh plan has nothing to do; a key file given to root is drift ("owner
# differs") that the next apply puts right. No canary value in any output.
# Needs root (useradd, sudo); exits 77 (skipped) without it.
# Usage: $0 CLAWFORM OPENCLAW
set -u
clawform=$1
openclaw=$2
. "$(dirname "$0")/check_lib.sh"

if [ "$(id -u)" -ne 0 ] || ! command -v sudo >/dev/null || ! command -v useradd >/dev/null; then
  echo "SKIP: needs root, sudo and useradd (scripts/setup installs sudo)"; exit 77
fi

users=(cfu-acme cfu-pilot)
ports=(33000 33120)
root=$tmp/root
# Seconds a gateway may take to start; a loaded machine needs more.
health_timeout=${CLAWFORM_TEST_HEALTH_TIMEOUT:-180}
# Each user's npm uses its own ~/.npm: the shared test cache is root's.
unset npm_config_cache

cleanup() {
  local user pid_file pid
  for pid_file in "$root"/.clawform/run/*.pid; do
    [ -f "$pid_file" ] || continue
    pid=$(cat "$pid_file")
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null
  done
  for user in "${users[@]}"; do
    if id "$user" >/dev/null 2>&1; then
      pkill -KILL -u "$user" 2>/dev/null
      for _ in $(seq 1 50); do pgrep -u "$user" >/dev/null || break; sleep 0.1; done
      userdel -r "$user" 2>/dev/null || userdel -f -r "$user" 2>/dev/null
    fi
    rm -f "/var/lib/systemd/linger/$user"
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
cleanup_leftovers() {  # users left by a run that was killed before its trap ran
  local user
  for user in "${users[@]}"; do
    id "$user" >/dev/null 2>&1 || continue
    pkill -KILL -u "$user" 2>/dev/null; sleep 0.5; userdel -f -r "$user" 2>/dev/null
  done
}
cleanup_leftovers
mkdir -p "$tmp/bin" "$root"
for user in "${users[@]}"; do
  useradd -m -s /usr/sbin/nologin "$user" || { echo "FAIL: useradd $user"; exit 1; }
  # Open homes: what keeps the other user out must be clawform's modes.
  chmod 0755 "/home/$user"
done

cat > "$tmp/bin/loginctl" <<STANDIN
#!/bin/sh
# Stand-in for loginctl: records the call, does what logind would.
echo "\$*" >> "$tmp/loginctl.log"
case "\$1" in
  enable-linger) mkdir -p /var/lib/systemd/linger && : > "/var/lib/systemd/linger/\$2" ;;
  disable-linger) rm -f "/var/lib/systemd/linger/\$2" ;;
  *) echo "loginctl stand-in: \$1 is not supported" >&2; exit 1 ;;
esac
STANDIN
chmod +x "$tmp/bin/loginctl"
export PATH="$tmp/bin:$PATH"

make_canaries ACME_ANTHROPIC_KEY ACME_GATEWAY_TOKEN PILOT_ANTHROPIC_KEY PILOT_GATEWAY_TOKEN
with_ports examples/two-users.yaml 33000-33120 "${ports[@]}" |
  sed -e 's/^  os: macos$/  os: linux/' -e 's/^    user: acme$/    user: cfu-acme/' \
      -e 's/^    user: pilot$/    user: cfu-pilot/' > "$tmp/fleet.yaml"
host=(--root "$root" --real-users --openclaw "$openclaw")

check "plan" 0 "$clawform" plan "$tmp/fleet.yaml" "${host[@]}" --out "$tmp/plan.json"
for user in "${users[@]}"; do
  check "the plan lingers $user" 0 python3 - "$tmp/plan.json" "$user" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
assert plan.get("real_users") is True, "the plan does not record --real-users"
lingers = [s for s in plan["steps"] if s["kind"] == "linger" and s["target"]["user"] == sys.argv[2]]
assert len(lingers) == 1, lingers
assert lingers[0]["target"]["path"] == "/var/lib/systemd/linger/" + sys.argv[2], lingers[0]
PY
done
check "apply" 0 "$clawform" apply "$tmp/plan.json" "${host[@]}" --health-timeout "$health_timeout"
expect_output "apply complete" '^Apply complete: [0-9]+ steps done\.$'
no_canary "apply output" "$tmp/out" "$tmp/err"

# (the two users' instances are applied at once: their calls in either order)
check "loginctl ran once per user" 0 diff <(printf 'enable-linger cfu-acme\nenable-linger cfu-pilot\n') <(sort "$tmp/loginctl.log")
for i in 0 1; do
  user=${users[$i]} port=${ports[$i]} home=/home/${users[$i]}
  check "$user: /health on $port" 0 curl -sf "http://127.0.0.1:$port/health"
  expect_output "$user: live" '"status":"live"'
  check "$user: /ready on $port" 0 curl -sf "http://127.0.0.1:$port/ready"
  expect_output "$user: ready" '"ready":true'
  check "$user: lingers" 0 test -f "/var/lib/systemd/linger/$user"
  pid=$(cat "$root/.clawform/run/$user.pid" 2>/dev/null)
  check "$user: the gateway runs as $user" 0 test "$(ps -o user= -p "${pid:-0}" | tr -d ' ')" = "$user"
  for entry in ".openclaw 700" ".openclaw/openclaw.json 600" ".openclaw/.env 600" ".openclaw/workspace 700" \
               ".config/systemd/user/openclaw-gateway.service 644" ".config 755"; do
    set -- $entry
    check "$user: $1 is $user's, mode $2" 0 test "$(stat -c '%U %a' "$home/$1")" = "$user $2"
  done
  check "$user: reads its own key file" 0 sudo -n -u "$user" cat "$home/.openclaw/.env"
done
check "cfu-acme cannot read cfu-pilot's key file" 1 sudo -n -u cfu-acme cat /home/cfu-pilot/.openclaw/.env
expect_error "the key file: permission denied" 'Permission denied'
check "cfu-acme cannot list cfu-pilot's state dir" 2 sudo -n -u cfu-acme ls /home/cfu-pilot/.openclaw
check "cfu-pilot cannot read cfu-acme's openclaw.json" 1 sudo -n -u cfu-pilot cat /home/cfu-acme/.openclaw/openclaw.json
no_canary "gateway logs and journal" "$root/.clawform"

check "nothing left to plan" 0 "$clawform" plan "$tmp/fleet.yaml" "${host[@]}" --detailed-exitcode
expect_output "no changes" '^No changes\.$'

# A key file someone gave to root is drift, and the next apply gives it back.
chown root:root /home/cfu-pilot/.openclaw/.env
check "owner drift is planned" 2 "$clawform" plan "$tmp/fleet.yaml" "${host[@]}" --detailed-exitcode \
  --out "$tmp/fix.json"
expect_output "owner drift: the key file" 'project\.pilot\.key_file.*owner differs|owner differs.*project\.pilot\.key_file'
check "owner drift: apply" 0 "$clawform" apply "$tmp/fix.json" "${host[@]}" --health-timeout "$health_timeout"
check "owner drift: the key file is cfu-pilot's again" 0 \
  test "$(stat -c '%U %a' /home/cfu-pilot/.openclaw/.env)" = "cfu-pilot 600"
no_canary "drift output" "$tmp/out" "$tmp/err"

finish
