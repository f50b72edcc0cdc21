#!/usr/bin/env bash
# `clawform apply` on the topologies cli.apply (C) does not cover, on the real
# openclaw in empty sandbox roots: examples/three-projects.yaml (A: one
# gateway, a workspace and an agent per project) and examples/two-users.yaml
# (B: a home, state dir and gateway per OS user). Each applies, every
# gateway answers /health and /ready, and a fresh plan has nothing left to
# do. The examples' ports are moved to 22000-22400 so that this test can
# run beside cli.apply. No canary key value in any output, journal or log.
# Usage: $0 CLAWFORM OPENCLAW
set -u
clawform=$1
openclaw=$2
. "$(dirname "$0")/check_lib.sh"
. "$(dirname "$0")/apply_lib.sh"
make_canaries INITECH_ANTHROPIC_KEY INITECH_OPENAI_KEY PILOT_ANTHROPIC_KEY PILOT_GATEWAY_TOKEN

trap 'stop_gateways "$tmp/a" "$tmp/b"; rm -rf "$tmp"' EXIT

# apply_converges NAME MANIFEST ROOT PORT...: plan, apply, every PORT healthy,
# then a fresh plan has no changes.
apply_converges() {
  local name=$1 manifest=$2 root=$3 port; shift 3
  mkdir -p "$root"
  local host=(--root "$root" --openclaw "$openclaw")
  check "$name: plan" 0 "$clawform" plan "$manifest" "${host[@]}" --out "$root.plan.json"
  check "$name: apply" 0 "$clawform" apply "$root.plan.json" "${host[@]}" --health-timeout 180
  expect_output "$name: apply complete" '^Apply complete: [0-9]+ steps done\.$'
  no_canary "$name: apply output" "$tmp/out" "$tmp/err"
  for port in "$@"; do
    check "$name: /health on $port" 0 curl -sf "http://127.0.0.1:$port/health"
    expect_output "$name: live on $port" '"status":"live"'
    check "$name: /ready on $port" 0 curl -sf "http://127.0.0.1:$port/ready"
    expect_output "$name: ready on $port" '"ready":true'
  done
  check "$name: nothing left to plan" 0 "$clawform" plan "$manifest" "${host[@]}" --detailed-exitcode
  expect_output "$name: no changes" '^No changes\.$'
  no_canary "$name: journal, history and gateway logs" "$root/.clawform"
}

# A: one gateway on 22000 serving three agents, each with its own workspace.
with_ports examples/three-projects.yaml 22000-22000 > "$tmp/a.yaml"
apply_converges "topology A" "$tmp/a.yaml" "$tmp/a" 22000
check "topology A: one agent per project, each in its own workspace" 0 python3 - \
  "$tmp/a/Users/operator/.openclaw/openclaw.json" <<'PY'
import json, os, sys
entries = json.load(open(sys.argv[1]))["agents"]["entries"]
for project in ("acme", "globex", "initech"):
    workspace = entries[project]["workspace"]
    assert workspace.endswith("/workspace-" + project) and os.path.isdir(workspace), (project, workspace)
assert entries["globex"]["model"] == "openai/gpt-5.4", entries["globex"]
PY

# B: acme and pilot, each in its own home with its own gateway.
with_ports examples/two-users.yaml 22200-22400 22200 22400 > "$tmp/b.yaml"
apply_converges "topology B" "$tmp/b.yaml" "$tmp/b" 22200 22400
for user in acme pilot; do
  check "topology B: $user has an openclaw.json of its own" 0 test -f "$tmp/b/Users/$user/.openclaw/openclaw.json"
done

finish
