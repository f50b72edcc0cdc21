#!/usr/bin/env bash
# Gateway auth per project (issue 18), on the real openclaw in a sandbox root.
# Validate: the B and C examples pass with a gateway_token per project; with
# auth none they are refused with [gateway-auth-none] naming the project;
# with the unauthenticated_gateway opt-out they pass, and the plan text,
# Markdown ticket and saved plan say so in plain words. Apply:
# fixtures/apply/two-tokens.yaml (C, alpha on 26000, bravo on 26200): each
# gateway's POST /tools/invoke refuses no token and the other project's
# token, accepts its own; /health, /startupz and /ready answer without one.
# Rotating alpha's token plans exactly alpha's key_file update, gateway
# restart and health check; applied, the old token is refused and the new
# one accepted. No canary token value in any plan, journal, output or
# gateway log. Ports 26000-26399 only; every gateway is stopped at the end.
# Usage: $0 CLAWFORM OPENCLAW
set -u
clawform=$1
openclaw=$2
. "$(dirname "$0")/check_lib.sh"
. "$(dirname "$0")/apply_lib.sh"
make_canaries ACME_GATEWAY_TOKEN PILOT_GATEWAY_TOKEN GLOBEX_GATEWAY_TOKEN INITECH_GATEWAY_TOKEN \
  UMBRELLA_GATEWAY_TOKEN INTERNAL_GATEWAY_TOKEN ALPHA_GATEWAY_TOKEN BRAVO_GATEWAY_TOKEN

root="$tmp/root"; mkdir -p "$root"
trap 'stop_gateways "$root"; rm -rf "$tmp"' EXIT
host=(--root "$root" --openclaw "$openclaw")
both() { cat "$tmp/out" "$tmp/err" > "$tmp/both"; grep -qE -- "$2" "$tmp/both" && passed=$((passed + 1)) ||
  { echo "FAIL $1: output lacks /$2/"; cat "$tmp/both"; failures=$((failures + 1)); }; }

# 1. Validate: tokens pass, none is refused, the opt-out passes.
check "B and C examples validate with a token per project" 0 \
  "$clawform" validate examples/two-users.yaml examples/five-clients.yaml examples/three-clients.yaml
for example in two-users five-clients; do
  sed '/gateway_token:/d' "examples/$example.yaml" > "$tmp/$example-none.yaml"
  check "$example with auth none is refused" 1 "$clawform" validate "$tmp/$example-none.yaml"
  both "$example: the new ID, the project, the reason, the fix" \
    'error: \[gateway-auth-none\] project "acme" runs its gateway without auth: .*another tenant on this host can drive its agent.*gateway_token'
  sed 's/^\(    \)gateway_token: .*/\1unauthenticated_gateway: "demo host, one tenant only"/' \
    "examples/$example.yaml" > "$tmp/$example-optout.yaml"
  check "$example with the opt-out validates" 0 "$clawform" validate "$tmp/$example-optout.yaml"
done

# The opt-out in the plan, the ticket and the saved plan.
sed 's/^    gateway_token: { from: env, var: BRAVO_GATEWAY_TOKEN }/    unauthenticated_gateway: "bravo is a demo"/' \
  fixtures/apply/two-tokens.yaml > "$tmp/optout.yaml"
check "plan with an opt-out" 0 "$clawform" plan "$tmp/optout.yaml" "${host[@]}" --out "$tmp/optout.json"
expect_output "plan text names the waiver" \
  'project bravo: gateway runs WITHOUT auth \(unauthenticated_gateway: "bravo is a demo"\)'
check "ticket of that plan" 0 "$clawform" show "$tmp/optout.json" --format markdown --offline
expect_output "ticket has the waiver section" '^## Waived on purpose$'
expect_output "ticket names the waiver" 'project bravo: gateway runs WITHOUT auth'
check "saved plan keeps the waiver" 0 grep -q '"waivers"' "$tmp/optout.json"

# 2. Apply two projects, each with its own token.
check "plan two tokens" 0 "$clawform" plan fixtures/apply/two-tokens.yaml "${host[@]}" --out "$tmp/plan.json"
check "apply two tokens" 0 "$clawform" apply "$tmp/plan.json" "${host[@]}" --health-timeout 180
expect_output "apply complete" '^Apply complete: [0-9]+ steps done\.$'
cp "$tmp/out" "$tmp/apply1.out"; cp "$tmp/err" "$tmp/apply1.err"

invoke() {  # invoke PORT [TOKEN]: POST /tools/invoke sessions_list; prints the HTTP status
  local auth=()
  [ -n "${2:-}" ] && auth=(-H "Authorization: Bearer $2")
  curl -s -o "$tmp/body" -w '%{http_code}' -m 20 -X POST "http://127.0.0.1:$1/tools/invoke" \
    -H 'Content-Type: application/json' "${auth[@]}" -d '{"tool":"sessions_list"}'
}
expect_status() {  # expect_status NAME WANT PORT [TOKEN]
  local got; got=$(invoke "${@:3}")
  if [ "$got" = "$2" ]; then passed=$((passed + 1)); else
    echo "FAIL $1: HTTP $got, want $2"; cat "$tmp/body"; echo; failures=$((failures + 1)); fi
}
tokens_hold() {  # tokens_hold WHEN ALPHA_TOKEN
  expect_status "$1: alpha refuses no token" 401 26000
  expect_status "$1: alpha refuses bravo's token" 401 26000 "$BRAVO_GATEWAY_TOKEN"
  expect_status "$1: alpha accepts its own token" 200 26000 "$2"
  check "$1: alpha's answer is ok" 0 grep -q '"ok":true' "$tmp/body"
  expect_status "$1: bravo refuses no token" 401 26200
  expect_status "$1: bravo refuses alpha's token" 401 26200 "$2"
  expect_status "$1: bravo accepts its own token" 200 26200 "$BRAVO_GATEWAY_TOKEN"
  local port path
  for port in 26000 26200; do
    for path in /health /startupz /ready; do
      check "$1: $path on $port answers without a token" 0 curl -sf -m 10 "http://127.0.0.1:$port$path"
    done
  done
}
tokens_hold "applied" "$ALPHA_GATEWAY_TOKEN"
check "config refers to the token as a SecretRef" 0 python3 -c '
import json, sys
auth = json.load(open(sys.argv[1]))["gateway"]["auth"]
assert auth == {"mode": "token", "token": {"source": "env", "provider": "default", "id": "OPENCLAW_GATEWAY_SECRET"}}, auth
' "$root/home/operator/.openclaw-alpha/openclaw.json"
check "nothing left to plan" 0 "$clawform" plan fixtures/apply/two-tokens.yaml "${host[@]}" --detailed-exitcode

# 3. Rotate alpha's token: its key file, its restart, its health check; nothing of bravo's.
old_alpha=$ALPHA_GATEWAY_TOKEN
make_canaries ALPHA_GATEWAY_TOKEN
check "plan the rotation" 2 "$clawform" plan fixtures/apply/two-tokens.yaml "${host[@]}" --detailed-exitcode \
  --out "$tmp/rotate.json"
cp "$tmp/out" "$tmp/rotate.txt"
check "the rotation is alpha's key file, restart and health check only" 0 python3 -c '
import json, sys
steps = [(s["project"], s["kind"], s["action"]) for s in json.load(open(sys.argv[1]))["steps"]]
assert steps == [("alpha", "key_file", "update"), ("alpha", "gateway", "restart"), ("alpha", "health", "check"),
                 ("alpha", "doctor", "check")], steps
' "$tmp/rotate.json"
check "rotation ticket" 0 "$clawform" show "$tmp/rotate.json" --format markdown --offline
cp "$tmp/out" "$tmp/rotate.md"
check "apply the rotation" 0 "$clawform" apply "$tmp/rotate.json" "${host[@]}" --health-timeout 180
cp "$tmp/out" "$tmp/apply2.out"; cp "$tmp/err" "$tmp/apply2.err"
tokens_hold "rotated" "$ALPHA_GATEWAY_TOKEN"
expect_status "rotated: alpha refuses its old token" 401 26000 "$old_alpha"

# 4. No token value anywhere but the key files.
no_canary "plans, tickets and apply output" "$tmp"/*.json "$tmp/rotate.txt" "$tmp/rotate.md" "$tmp"/apply*.out \
  "$tmp"/apply*.err
no_canary "journal, history and gateway logs" "$root/.clawform"
no_canary "openclaw's own logs" /tmp/openclaw/openclaw-alpha-*.log /tmp/openclaw/openclaw-bravo-*.log
stop_gateways "$root"
finish
