#!/usr/bin/env bash
# The migration playbook (ansible/migration/migrate.yml, docs/migration.md)
# moves a running three-client host (examples/three-projects.yaml: topology
# A, one gateway serving acme, globex and initech) from one sandbox root to
# another over SSH. Three "hosts" on 127.0.0.1, each OpenSSH's own sshd
# (tests/support/loopback_sshd.sh): the source on PORT+1, the target on
# PORT+2, reached only through the jump host on PORT+3 (ProxyJump in the
# inventory). The source's gateway runs on PORT+100, the target's on
# PORT+300 (both hosts share one loopback: the port is the one checklist
# item a move here changes by design, declared with --expect '*.port').
# 1. A target that runs another OpenClaw release (a launcher saying
#    2026.9.5): the play fails after the backup and the checked transfer,
#    before anything is applied on the target, saying the source still
#    serves; the source's gateway is the same process and answers, nothing
#    of OpenClaw is on the target.
# 2. The move: the target's checklist equals the source's but for the port,
#    its workspaces are the source's files, nothing is left to plan there,
#    it serves; only then is the source's gateway stopped (its state kept: its
#    plan starts the gateway again). The RTO and the cutover gap are in the
#    play's output and report.
# No canary key value in any output, work dir or clawform dir. Every sshd,
# ssh master and gateway is stopped at the end.
# Usage: $0 CLAWFORM OPENCLAW PORT
set -u
clawform=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
openclaw=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
port=$3
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
. "$here/check_lib.sh"
. "$here/apply_lib.sh"
. "$repo/tests/support/loopback_sshd.sh"
make_canaries INITECH_ANTHROPIC_KEY INITECH_OPENAI_KEY

source_root=$tmp/source/root target_root=$tmp/target/root
source_gateway=$((port + 100)) target_gateway=$((port + 300))
ssh_dir=$tmp/sshd
cleanup() {
  local socket
  for socket in "$tmp"/cp/*; do [ -S "$socket" ] && ssh -O exit -S "$socket" clawform-test 2>/dev/null; done
  stop_gateways "$source_root" "$target_root"
  sshd_stop "$ssh_dir/source"; sshd_stop "$ssh_dir/target"; sshd_stop "$ssh_dir/jump"
  rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -p "$source_root" "$target_root" "$tmp/cp" "$tmp/ansible/tmp" "$tmp/controller"

# --- The hosts: three sshd, an age identity, the manifests, key files. ---
for h in source:1 target:2 jump:3; do
  check "sshd for the ${h%%:*} on $((port + ${h#*:}))" 0 sshd_start "$ssh_dir/${h%%:*}" $((port + ${h#*:}))
done
if [ "$failures" -ne 0 ]; then finish; exit 1; fi
key=$(sshd_client_key "$ssh_dir/source")
age-keygen -o "$tmp/identity.txt" 2> /dev/null
recipient=$(age-keygen -y "$tmp/identity.txt")
fleet_for() {  # fleet_for REGION PORT > FILE: the example in REGION, its gateway on PORT, a backup section
  with_ports examples/three-projects.yaml "$2-$2" | sed "s/^region: .*/region: $1/"
  printf 'backup:\n  recipients: [%s]\n' "$recipient"
}
fleet_for sg $source_gateway > "$tmp/source.yaml"
fleet_for jp $target_gateway > "$tmp/target.yaml"
# Each host's clawform environment (clawform_env_file, read on the host): the values of the
# manifest's env key references, what npm needs there (this machine's CA bundle, the shared plugin
# download cache) and the test's TMPDIR and clawform timeouts: an SSH session inherits none of them.
for h in source target; do
  (umask 077; for var in ACME_ANTHROPIC_KEY GLOBEX_OPENAI_KEY INITECH_ANTHROPIC_KEY INITECH_OPENAI_KEY \
                         NODE_EXTRA_CA_CERTS SSL_CERT_FILE npm_config_cache HTTPS_PROXY HTTP_PROXY NO_PROXY \
                         TMPDIR CLAWFORM_TIMEOUT CLAWFORM_HEALTH_TIMEOUT; do
     [ -z "${!var:-}" ] || echo "$var=${!var}"; done > "$tmp/$h/clawform.env")
done

cat > "$tmp/ssh_config" <<EOF
Host clawform-jump
  HostName 127.0.0.1
  Port $((port + 3))
  User $(id -un)
  IdentityFile $key
Host *
  IdentitiesOnly yes
  StrictHostKeyChecking no
  UserKnownHostsFile /dev/null
  LogLevel ERROR
EOF
inventory() {  # inventory TARGET_OPENCLAW > FILE
  cat <<EOF
all:
  vars:
    ansible_user: $(id -un)
    ansible_python_interpreter: /usr/bin/python3
    ansible_ssh_private_key_file: $key
    clawform_binary: $clawform
    clawform_openclaw: $openclaw
  children:
    migration_source:
      hosts:
        sg-01:
          ansible_host: 127.0.0.1
          ansible_port: $((port + 1))
          ansible_ssh_common_args: -F $tmp/ssh_config
          clawform_root: $source_root
          clawform_env_file: $tmp/source/clawform.env
          migration_workdir: $tmp/source/work
    migration_target:
      hosts:
        jp-01:
          ansible_host: 127.0.0.1
          ansible_port: $((port + 2))
          ansible_ssh_common_args: -F $tmp/ssh_config -o ProxyJump=clawform-jump
          clawform_root: $target_root
          clawform_openclaw: $1
          clawform_env_file: $tmp/target/clawform.env
          migration_workdir: $tmp/target/work
EOF
}
inventory "$openclaw" > "$tmp/inventory.yml"
# An OpenClaw launcher that says it is 2026.9.5 (the Node it runs on is told as it is).
cat > "$tmp/openclaw-2026.9.5" <<EOF
#!/bin/sh
if [ "\$1" = --version ] && [ -z "\${NODE_OPTIONS:-}" ]; then echo "OpenClaw 2026.9.5 (eb377ac)"; exit 0; fi
exec "$openclaw" "\$@"
EOF
chmod +x "$tmp/openclaw-2026.9.5"
inventory "$tmp/openclaw-2026.9.5" > "$tmp/inventory-old-openclaw.yml"

cat > "$tmp/ansible/ansible.cfg" <<EOF
[defaults]
local_tmp = $tmp/ansible/tmp
remote_tmp = $tmp/ansible/remote
collections_path = $repo/ansible
retry_files_enabled = false
host_key_checking = false
nocolor = true
[ssh_connection]
control_path_dir = $tmp/cp
EOF
export ANSIBLE_CONFIG=$tmp/ansible/ansible.cfg ANSIBLE_HOME=$tmp/ansible ANSIBLE_COLLECTIONS_PATH=$repo/ansible
playbook() {  # playbook INVENTORY ID EXPECT...: the migration play, its output in $tmp/out
  local inventory=$1 id=$2; shift 2
  local expect=$(python3 -c 'import json, sys; print(json.dumps(sys.argv[1:]))' "$@")
  ansible-playbook -i "$inventory" "$repo/ansible/migration/migrate.yml" \
    -e "migration_manifest=$tmp/source.yaml" -e "migration_target_manifest=$tmp/target.yaml" \
    -e "migration_controller_dir=$tmp/controller/$id" -e "{\"migration_expect\": $expect}"
}

# --- The source: a running three-client host with files in its workspaces. ---
host=(--root "$source_root" --openclaw "$openclaw")
check "plan the source" 0 "$clawform" plan "$tmp/source.yaml" "${host[@]}" --out "$tmp/source-plan.json"
started=$SECONDS
check "the source converges" 0 "$clawform" apply "$tmp/source-plan.json" "${host[@]}" --health-timeout 600 --step-timeout 900
echo "source apply: $((SECONDS - started)) s"
check "the source's gateway answers" 0 curl -sf "http://127.0.0.1:$source_gateway/health"
if [ "$failures" -ne 0 ]; then finish; exit 1; fi
state=$source_root/Users/operator/.openclaw
for p in acme globex initech; do
  mkdir -p "$state/workspace-$p/memory"
  echo "# Agents of $p" > "$state/workspace-$p/AGENTS.md"
  echo "what $p's agent remembers" > "$state/workspace-$p/memory/notes.md"
done
workspaces() {  # workspaces STATE_DIR: every workspace file's name and content
  (cd "$1" && find workspace-* -type f -print0 | sort -z | xargs -0r sha256sum)
}
workspaces "$state" > "$tmp/source-workspaces"
source_pid=$(cat "$source_root/.clawform/run/default.pid")

# --- 1. A target on another OpenClaw: the move stops, the source serves. ---
started=$SECONDS
check "a target on OpenClaw 2026.9.5: the play fails" 2 playbook "$tmp/inventory-old-openclaw.yml" refused '*.port'
echo "failed move: $((SECONDS - started)) s"
cp "$tmp/out" "$tmp/refused.out"
expect_output "the transfer was checked on the target" "TASK \[clawform_migration : Every file arrived as the index says"
expect_output "it names the versions" "instance default: OpenClaw 2026\.9\.5 on Node 24, the source ran 2026\.9\.6 on Node 24"
expect_output "it says the move failed before the target was verified" "failed before the target was verified"
expect_output "and that the source was left serving" "the source sg-01 was left untouched, its gateways were never stopped \(default on $source_gateway: serving\)"
refute_output "no cutover" "Stop the source's gateways"
check "the source's gateway is the same process" 0 test "$(cat "$source_root/.clawform/run/default.pid")" = "$source_pid"
check "and answers" 0 curl -sf "http://127.0.0.1:$source_gateway/health"
check "nothing of OpenClaw on the target" 1 test -e "$target_root/Users"
workspaces "$state" > "$tmp/source-workspaces-after"
same_files "the source's workspaces are as they were" "$tmp/source-workspaces" "$tmp/source-workspaces-after"
check "the target's gateway port is free" 7 curl -s "http://127.0.0.1:$target_gateway/health"

# --- 2. The move. ---
started=$SECONDS
check "the move" 0 playbook "$tmp/inventory.yml" moved '*.port'
echo "move: $((SECONDS - started)) s"
cp "$tmp/out" "$tmp/moved.out"
sed -n '/The checklists, source and target\]/,/^}/p; /TASK \[clawform_migration : The move\]/,/^}/p' "$tmp/moved.out"
expect_output "the jump host leads to the target" "ok: \[jp-01\]"
expect_output "the set is checked on the target" "TASK \[clawform_migration : Every file arrived as the index says"
expect_output "the checklists side by side" "The checklists, source and target"
expect_output "the RTO is reported" "RTO [0-9.]+ s from the start of the move to the target verified"
expect_output "the cutover gap is reported" "Cutover gap [0-9.]+ s"
report=$(ls "$tmp"/controller/moved/*/report.json 2>/dev/null | head -1)
check "the report" 0 python3 - "${report:-none}" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(json.dumps(r["seconds"]))
s = r["seconds"]
assert r["fleet"] == "mini-sg-02" and r["source"] == "sg-01" and r["target"] == "jp-01", r
assert r["source_region"] == "sg" and r["target_region"] == "jp", r
assert r["projects"] == ["acme", "globex", "initech"], r["projects"]
assert 0 < s["checklist_and_backup"] < s["rto"] and 0 <= s["cutover_gap"] < s["rto"], s
PY
cp "$tmp/out" "$tmp/report.out"
check "jump host: the target was reached through it" 0 grep -q "Accepted publickey" "$ssh_dir/jump/sshd.log"

check "the target's gateway answers" 0 curl -sf "http://127.0.0.1:$target_gateway/health"
expect_output "live" '"status":"live"'
check "the source's gateway is stopped" 7 curl -s "http://127.0.0.1:$source_gateway/health"
check "and its pid file gone" 1 test -e "$source_root/.clawform/run/default.pid"
check "the source's state is kept" 0 test -f "$state/openclaw.json"
workspaces "$state" > "$tmp/source-workspaces-after"
same_files "the source's workspaces are as they were" "$tmp/source-workspaces" "$tmp/source-workspaces-after"
check "the source can come back: its plan starts its gateway" 2 "$clawform" plan "$tmp/source.yaml" "${host[@]}" \
  --detailed-exitcode
expect_output "a gateway step" "instance\.default\.gateway"
workspaces "$target_root/Users/operator/.openclaw" > "$tmp/target-workspaces"
same_files "the target's workspaces are the source's" "$tmp/source-workspaces" "$tmp/target-workspaces"
checklists=$(ls -d "$tmp"/controller/moved/*/ | head -1)
check "checklist compare: the port differs" 1 "$clawform" checklist compare \
  "$checklists/source-checklist.json" "$checklists/target-checklist.json"
grep -E '^  [a-z]+ [a-z._-]+: ' "$tmp/out" > "$tmp/differences"
check "only the port ($(tr '\n' ';' < "$tmp/differences"))" 0 \
  bash -c "[ \$(grep -cv ' port: ' '$tmp/differences') -eq 0 ] && [ \$(wc -l < '$tmp/differences') -eq 3 ]"
check "checklist compare --expect '*.port': equal" 0 "$clawform" checklist compare \
  "$checklists/source-checklist.json" "$checklists/target-checklist.json" --expect '*.port'
check "nothing left to plan on the target" 0 "$clawform" plan "$tmp/target.yaml" --root "$target_root" \
  --openclaw "$openclaw" --detailed-exitcode
set_copy=$(ls -d "$tmp"/target/work/*/set | tail -1)
check "the secrets travelled encrypted and decrypt with the identity" 0 bash -c \
  "age -d -i '$tmp/identity.txt' '$set_copy/default/secrets.tar.age' | tar -t | grep -q '^projects/'"
check "the controller keeps no copy of the set" 1 bash -c "ls -d '$tmp'/controller/*/*/set 2>/dev/null | grep ."

no_canary "the plays' output" "$tmp/refused.out" "$tmp/moved.out" "$tmp/report.out"
no_canary "the controller's files" "$tmp/controller"
no_canary "the work dirs" "$tmp/source/work" "$tmp/target/work"
no_canary "clawform's dirs (journal, history, gateway logs)" "$source_root/.clawform" "$target_root/.clawform"
finish
