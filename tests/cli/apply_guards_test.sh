#!/usr/bin/env bash
# The guards against OpenClaw's own updaters (docs/apply.md), on the real
# openclaw in an empty sandbox root: two topology C projects (linux, systemd)
# on ports 31101 and 31401. After apply: every instance's openclaw.json has
# update.auto.enabled false (openclaw itself reads it back); every unit file
# and every running gateway's environment carries OPENCLAW_NO_AUTO_UPDATE=1
# and OPENCLAW_SERVICE_REPAIR_POLICY=external; the plan's doctor step ran
# `openclaw doctor --lint` on each healthy instance and passed, after its
# health check. An operator turning auto-update on by hand is drift that the
# next plan undoes. No canary key value in any output, journal or log.
# Usage: $0 CLAWFORM OPENCLAW
set -u
clawform=$1
openclaw=$2
. "$(dirname "$0")/check_lib.sh"
. "$(dirname "$0")/apply_lib.sh"

root="$tmp/root"; mkdir -p "$root"
trap 'stop_gateways "$root"; rm -rf "$tmp"' EXIT
host=(--root "$root" --openclaw "$openclaw")
apply_host=("${host[@]}" --health-timeout 180)
home="$root/home/operator"
instance_openclaw() {  # instance_openclaw PROJECT ARGS...: the real CLI on one instance of the root
  env -i PATH=/usr/bin:/bin HOME="$home" OPENCLAW_STATE_DIR="$home/.openclaw-$1" \
    OPENCLAW_CONFIG_PATH="$home/.openclaw-$1/openclaw.json" "$openclaw" --profile "$1" "${@:2}"
}

# 300 ports apart: OpenClaw's browser control takes P+2 and managed Chrome P+11..P+110.
cat > "$tmp/guards.yaml" <<'YAML'
apiVersion: clawform/v1
fleet: guards
region: sg
host: {os: linux, memory_gb: 64, disk_gb: 2048}
openclaw: {version: 2026.9.6, node_major: 24}
topology: C
gateway: {ports: 31101-31401, bind: loopback}
defaults: {model: anthropic/claude-sonnet-4-6, update_channel: stable}
projects:
  acme:
    port: 31101
    gateway_token: {from: env, var: ACME_GATEWAY_TOKEN}
    keys: {ANTHROPIC_API_KEY: {from: env, var: ACME_ANTHROPIC_KEY}}
  globex:
    port: 31401
    gateway_token: {from: env, var: GLOBEX_GATEWAY_TOKEN}
    keys: {OPENAI_API_KEY: {from: env, var: GLOBEX_OPENAI_KEY}}
YAML

check "plan" 0 "$clawform" plan "$tmp/guards.yaml" "${host[@]}" --out "$tmp/plan.json"
check "each instance: update.auto.enabled false, a doctor check after its health check" 0 python3 - "$tmp/plan.json" <<'PY'
import json, sys
steps = json.load(open(sys.argv[1]))["steps"]
for project in ("acme", "globex"):
    mine = [s for s in steps if s["project"] == project]
    config = [s for s in mine if s["kind"] == "config"]
    assert config and config[0]["after"]["update.auto.enabled"] is False, config
    assert mine[-1]["kind"] == "doctor" and mine[-1]["address"] == f"project.{project}.doctor", mine[-1]
    assert mine[-1]["target"] == {"severity_min": "error"}, mine[-1]
    assert mine[-2]["kind"] == "health" and mine[-1]["depends_on"] == [mine[-2]["index"]], mine[-2:]
PY

check "apply" 0 "$clawform" apply "$tmp/plan.json" "${apply_host[@]}"
grep -E '^\[' "$tmp/out"
expect_output "apply complete" '^Apply complete: [0-9]+ steps done\.$'
for project in acme globex; do
  expect_output "$project: doctor passed" "^\[[0-9]+/[0-9]+\] project\.$project\.doctor check \.\.\. ok \([0-9.]+ s\)$"
done
no_canary "apply output" "$tmp/out" "$tmp/err"

for project in acme globex; do
  check "$project: openclaw reads update.auto.enabled back as false" 0 \
    instance_openclaw "$project" config get update.auto.enabled --json
  expect_output "$project: false" '^false$'
  unit="$home/.config/systemd/user/openclaw-gateway-$project.service"
  check "$project: the unit sets OPENCLAW_NO_AUTO_UPDATE=1" 0 grep -qx 'Environment=OPENCLAW_NO_AUTO_UPDATE=1' "$unit"
  check "$project: the unit sets OPENCLAW_SERVICE_REPAIR_POLICY=external" 0 \
    grep -qx 'Environment=OPENCLAW_SERVICE_REPAIR_POLICY=external' "$unit"
  pid=$(cat "$root/.clawform/run/$project.pid")
  check "$project: the running gateway has both switches in its environment" 0 bash -c \
    "tr '\0' '\n' < /proc/$pid/environ | grep -cxE 'OPENCLAW_NO_AUTO_UPDATE=1|OPENCLAW_SERVICE_REPAIR_POLICY=external' | grep -qx 2"
done

# An operator turns OpenClaw's auto-updater on by hand: the next plan puts it back.
check "auto-update turned on by hand" 0 instance_openclaw acme config set update.auto.enabled true
check "plan sees the drift" 2 "$clawform" plan "$tmp/guards.yaml" "${host[@]}" --detailed-exitcode --out "$tmp/drift.json"
expect_output "the config step turns it off again" '^ +update\.auto\.enabled: true -> false$'
check "apply puts it back" 0 "$clawform" apply "$tmp/drift.json" "${apply_host[@]}"
check "acme: update.auto.enabled false again" 0 instance_openclaw acme config get update.auto.enabled --json
expect_output "acme: false" '^false$'
check "nothing left to plan" 0 "$clawform" plan "$tmp/guards.yaml" "${host[@]}" --detailed-exitcode
no_canary "journal, history and gateway logs" "$root/.clawform"

finish
