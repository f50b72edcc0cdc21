#!/usr/bin/env bash
# The Ansible collection (ansible/, docs/ansible.md; issue 17 items 1 and 2)
# driving clawform on three "hosts": one OpenSSH sshd on 127.0.0.1 and one
# sandbox root each (sg-01, tyo-01, nyc-01: regions sg, jp, us-east), one
# topology C project each, keys from an env file (gateway token) and a key
# file (provider key) on the host.
# 1. install.yml puts this checkout's clawform and openclaw on sg-01 (a prefix
#    in its sandbox): changed, versions returned; again: not changed.
# 2. sg-01 converged through the plays (plan.yml saves the plan, apply.yml
#    applies it: its gateway answers).
# 3. plan.yml --check --diff over the three: sg-01 not changed, tyo-01 and
#    nyc-01 changed with a diff per step; no plan file written on a host; one
#    Markdown ticket on the controller with a section per host, within 65,536
#    characters, and each host's full plan beside it. Timed against the same
#    play with -f 1 (one host after another) and -f 3 (at once) again, both
#    on warm discovery caches; both figures printed.
# 4. plan.yml saves the three plans; apply.yml with a failure injected in
#    tyo-01's apply (CLAWFORM_FAULT, in its env file): sg-01 has nothing to
#    apply, tyo-01 fails and rolls back (its root as it was), the play stops:
#    nyc-01 is untouched (its whole root as it was). apply.yml --check on
#    tyo-01 shows its saved plan and changes nothing.
# 5. nyc-01's plan made stale (its token rotated in the env file): apply.yml
#    fails with clawform's refusal. A clawform that exits 3 fails the task with
#    its report, the env file's values masked.
# No canary value in any output, result, ticket or plan. Every sshd, ssh
# master and gateway is stopped at the end.
# Usage: $0 CLAWFORM OPENCLAW PORT  (sshd on PORT+1..PORT+3; gateway ports
# PORT+100, PORT+300, PORT+500, only sg-01's started)
set -u
clawform=$1
openclaw=$2
port=$3
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
. "$here/check_lib.sh"
. "$here/apply_lib.sh"
. "$here/../support/loopback_sshd.sh"
make_canaries SG_GATEWAY_TOKEN TYO_GATEWAY_TOKEN NYC_GATEWAY_TOKEN \
  SG_ANTHROPIC_KEY TYO_ANTHROPIC_KEY NYC_ANTHROPIC_KEY

hosts=(sg-01 tyo-01 nyc-01)
declare -A region=([sg-01]=sg [tyo-01]=jp [nyc-01]=us-east)  # the manifest's region
declare -A group=([sg-01]=sg [tyo-01]=jp [nyc-01]=us_east)    # the inventory's group
declare -A tag=([sg-01]=SG [tyo-01]=TYO [nyc-01]=NYC)         # its key variables' prefix
declare -A gateway=([sg-01]=$((port + 100)) [tyo-01]=$((port + 300)) [nyc-01]=$((port + 500)))
declare -A ssh_port=([sg-01]=$((port + 1)) [tyo-01]=$((port + 2)) [nyc-01]=$((port + 3)))
host_dir() { echo "$tmp/hosts/$1"; }
root_of() { echo "$tmp/hosts/$1/root"; }

cleanup() {
  local h sock
  for h in "${hosts[@]}"; do stop_gateways "$(root_of "$h")"; done
  for sock in "$tmp"/ansible/cp/*; do
    [ -S "$sock" ] && ssh -o ControlPath="$sock" -O exit placeholder 2>/dev/null
  done
  for h in "${hosts[@]}"; do sshd_stop "$tmp/sshd/$h"; done
  rm -rf "$tmp"
}
trap cleanup EXIT

# Each host: a sandbox root, a manifest, an env file with its gateway token
# and clawform's timeouts, a provider key file.
for h in "${hosts[@]}"; do
  dir=$(host_dir "$h"); r=${region[$h]}; R=${tag[$h]}; p=${gateway[$h]}
  mkdir -p "$dir/root"
  token_var=${R}_GATEWAY_TOKEN key_var=${R}_ANTHROPIC_KEY
  printf '%s\n' "${!key_var}" > "$dir/anthropic.key"; chmod 600 "$dir/anthropic.key"
  printf 'CLAWFORM_TIMEOUT=600\n%s=%s\n' "$token_var" "${!token_var}" > "$dir/keys.env"; chmod 600 "$dir/keys.env"
  cat > "$dir/fleet.yaml" <<EOF
apiVersion: clawform/v1
fleet: m4pro-$h
region: $r
host: {os: linux, memory_gb: 64, disk_gb: 2048}
openclaw: {version: 2026.9.6, node_major: 24}
topology: C
gateway:
  ports: $p-$((p + 199))
  bind: loopback
defaults:
  model: anthropic/claude-sonnet-4-6
projects:
  ${R,,}-ops:
    port: $p
    gateway_token: { from: env, var: $token_var }
    keys:
      ANTHROPIC_API_KEY: { from: file, path: $dir/anthropic.key }
EOF
  sshd_start "$tmp/sshd/$h" "${ssh_port[$h]}" || { echo "FAIL sshd for $h did not start"; exit 1; }
done

# The inventory: hosts grouped by region, each reached on its own sshd.
{
  echo "clawform:"
  echo "  vars:"
  echo "    ansible_host: 127.0.0.1"
  echo "    ansible_user: $(id -un)"
  echo "    ansible_ssh_private_key_file: $(sshd_client_key "$tmp/sshd/sg-01")"
  echo "    ansible_python_interpreter: /usr/bin/python3"
  echo "    clawform_binary: $clawform"
  echo "    clawform_openclaw: $openclaw"
  echo "    clawform_health_timeout: 600"
  echo "    clawform_step_timeout: 900"
  echo "  children:"
  for h in "${hosts[@]}"; do
    dir=$(host_dir "$h")
    echo "    ${group[$h]}:"
    echo "      vars: {clawform_region: ${region[$h]}}"
    echo "      hosts:"
    echo "        $h:"
    echo "          ansible_port: ${ssh_port[$h]}"
    echo "          clawform_root: $dir/root"
    echo "          clawform_manifest: $dir/fleet.yaml"
    echo "          clawform_plan_file: $dir/plan.json"
    echo "          clawform_env_file: $dir/keys.env"
    if [ "$h" = sg-01 ]; then  # what install.yml puts there (section 1)
      echo "          clawform_binary: $dir/prefix/bin/clawform"
      echo "          clawform_openclaw: $dir/prefix/bin/openclaw"
    fi
  done
} > "$tmp/inventory.yml"

# Ansible's own files under $tmp; the collection from this checkout.
mkdir -p "$tmp/ansible"/{home,local,remote,cp,callbacks}
: > "$tmp/ansible/ansible.cfg"
export ANSIBLE_CONFIG="$tmp/ansible/ansible.cfg" ANSIBLE_HOME="$tmp/ansible/home"
export ANSIBLE_COLLECTIONS_PATH="$repo/ansible" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
export ANSIBLE_LOCAL_TEMP="$tmp/ansible/local" ANSIBLE_REMOTE_TEMP="$tmp/ansible/remote"
export ANSIBLE_SSH_CONTROL_PATH_DIR="$tmp/ansible/cp"
export ANSIBLE_SSH_ARGS="-o ControlMaster=auto -o ControlPersist=120s -o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no"
export ANSIBLE_HOST_KEY_CHECKING=False ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0
export ANSIBLE_CALLBACK_PLUGINS="$tmp/ansible/callbacks" ANSIBLE_CALLBACKS_ENABLED=results_jsonl
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in the checkout's collection
# Every task result, one JSON line each, into $RESULTS_JSONL (what the module returned, as Ansible saw it).
cat > "$tmp/ansible/callbacks/results_jsonl.py" <<'EOF'
import json
import os

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'notification'
    CALLBACK_NAME = 'results_jsonl'
    CALLBACK_NEEDS_ENABLED = True

    def _write(self, result, status):
        with open(os.environ['RESULTS_JSONL'], 'a') as out:
            out.write(json.dumps({'host': result._host.get_name(), 'task': result._task.get_name(),
                                  'status': status, 'result': result._result}, default=str) + '\n')

    def v2_runner_on_ok(self, result):
        self._write(result, 'ok')

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._write(result, 'failed')

    def v2_runner_on_skipped(self, result):
        self._write(result, 'skipped')

    def v2_runner_on_unreachable(self, result):
        self._write(result, 'unreachable')
EOF
play() {  # play NAME RESULTS WANT_EXIT ARGS...: ansible-playbook ARGS, its task results in $tmp/RESULTS.jsonl
  local name=$1 results=$tmp/$2.jsonl; shift 2
  local want=$1; shift
  rm -f "$results"
  RESULTS_JSONL=$results check "$name" "$want" ansible-playbook -i "$tmp/inventory.yml" "$@"
  cp "$tmp/out" "$tmp/${results##*/}.out"; cp "$tmp/err" "$tmp/${results##*/}.err"
}
result() {  # result RESULTS HOST TASK_PREFIX EXPR: python EXPR over r (the task's result) and status is true
  check "$2: $3: $4" 0 python3 - "$tmp/$1.jsonl" "$2" "$3" "$4" <<'EOF'
import json, sys
path, host, task, expr = sys.argv[1:]
rows = [json.loads(l) for l in open(path)]
found = [x for x in rows if x['host'] == host and x['task'].startswith(task)]
if not found:
    sys.exit('no result of %r for %s in %s' % (task, host, sorted({(x['host'], x['task']) for x in rows})))
r, status = found[-1]['result'], found[-1]['status']
if not eval(expr):
    sys.exit('not %s: status %s, result %s' % (expr, status, json.dumps(r, indent=1)[:3000]))
EOF
}
whole_root() {  # whole_root ROOT > FILE: every path under ROOT, clawform's own dir too
  (cd "$1" && find . -mindepth 1 -printf '%p %y %m %s\n' | sort && find . -type f -print0 | sort -z | xargs -0r sha256sum)
}
plan_task="Plan the manifest"
apply_task="Apply exactly the saved plan"

# 1. install.yml: this checkout's clawform and openclaw into sg-01's prefix.
sg=$(host_dir sg-01)
install_args=(--limit sg-01 -e "clawform_source=$repo" -e "clawform_built_binary=$clawform" -e "clawform_prefix=$sg/prefix"
              -e clawform_openclaw_install=install)
play "install.yml installs on sg-01" install 0 clawform.fleet.install "${install_args[@]}"
result install sg-01 "clawform into the prefix" \
  "status == 'ok' and r['changed'] and r['installed'] == ['clawform', 'openclaw link']"
result install sg-01 "clawform into the prefix" "'2026.9.6' in r['openclaw_version'] and r['clawform_version'] != ''"
check "the installed clawform is the built one" 0 cmp "$clawform" "$sg/prefix/bin/clawform"
play "install.yml again" install2 0 clawform.fleet.install "${install_args[@]}"
result install2 sg-01 "clawform into the prefix" "status == 'ok' and not r['changed'] and r['installed'] == []"

# 2. sg-01 converged through the plays.
play "plan.yml saves sg-01's plan" converge_plan 0 clawform.fleet.plan --limit sg-01 -e "clawform_ticket_dir=$tmp/ticket-sg"
result converge_plan sg-01 "$plan_task" "status == 'ok' and r['changed'] and r['plan_file'] == '$sg/plan.json'"
play "apply.yml applies sg-01's plan" converge_apply 0 clawform.fleet.apply --limit sg-01
result converge_apply sg-01 "$apply_task" "status == 'ok' and r['changed'] and r['rc'] == 0"
result converge_apply sg-01 "$apply_task" \
  "[x['status'] for x in r['progress'] if x['event'] == 'step'] == ['ok'] * len(r['steps_applied']) and r['steps_applied']"
check "sg-01's gateway answers" 0 curl -sf -m 10 "http://127.0.0.1:${gateway[sg-01]}/health" -o /dev/null

# 3. The check run over the three, at once; then one host after another, and at once again, timed.
play "plan.yml --check --diff over three hosts" check3 0 clawform.fleet.plan --check --diff -e "clawform_ticket_dir=$tmp/ticket"
cp "$tmp/check3.jsonl.out" "$tmp/check3.txt"
result check3 sg-01 "$plan_task" "status == 'ok' and not r['changed'] and r['rc'] == 0 and r['plan']['steps'] == []"
for h in tyo-01 nyc-01; do
  result check3 "$h" "$plan_task" "status == 'ok' and r['changed'] and r['rc'] == 2 and len(r['plan']['steps']) > 5"
  result check3 "$h" "$plan_task" \
    "[d['before_header'] for d in r['diff']] == ['[%d] %s (before)' % (s['index'], s['address']) for s in r['plan']['steps']]"
  result check3 "$h" "$plan_task" "r['markdown'].startswith('#') and 'm4pro-$h' in r['markdown']"
  check "$h: check mode wrote no plan file" 1 test -e "$(host_dir "$h")/plan.json"
done
expect_output_of() {  # expect_output_of NAME FILE PATTERN
  if grep -qE -- "$3" "$2"; then passed=$((passed + 1)); else
    echo "FAIL $1: $2 lacks /$3/"; head -c 3000 "$2"; failures=$((failures + 1)); fi
}
expect_output_of "a step's diff shown" "$tmp/check3.txt" '^\+# create: '
expect_output_of "recap: sg-01 not changed" "$tmp/check3.txt" '^sg-01 +: ok=[0-9]+ +changed=0 '
expect_output_of "recap: tyo-01 changed" "$tmp/check3.txt" '^tyo-01 +: ok=[0-9]+ +changed=1 '
expect_output_of "recap: nyc-01 changed" "$tmp/check3.txt" '^nyc-01 +: ok=[0-9]+ +changed=1 '
ticket=$tmp/ticket/ticket.md
check "the ticket" 0 test -s "$ticket"
expect_output_of "the ticket's table" "$ticket" '^\| sg-01 \| sg \| no changes \|$'
for h in "${hosts[@]}"; do
  expect_output_of "a section for $h" "$ticket" "^## $h \(${region[$h]}\): "
  expect_output_of "$h's plan in it" "$ticket" "^### .*m4pro-$h"
  check "$h's full plan beside the ticket" 0 python3 -c 'import json, sys; json.load(open(sys.argv[1]))' \
    "$tmp/ticket/plans/$h.json"
done
check "the ticket within 65,536 characters" 0 python3 -c 'import sys; n = len(open(sys.argv[1], encoding="utf-8").read()); assert n <= 65536, n' "$ticket"

timed_play() {  # timed_play NAME RESULTS FORKS: the check run with -f FORKS; seconds in $seconds
  local started; started=$(date +%s.%N)
  play "$1" "$2" 0 clawform.fleet.plan --check --diff -f "$3" -e "clawform_ticket_dir=$tmp/ticket-$2"
  seconds=$(python3 -c "import sys, time; print('%.1f' % (time.time() - float(sys.argv[1])))" "$started")
}
timed_play "the check run, one host after another (-f 1)" serial 1; serial_s=$seconds
timed_play "the check run, three hosts at once (-f 3)" parallel 3; parallel_s=$seconds
for run in serial parallel; do
  result "$run" sg-01 "$plan_task" "not r['changed']"
  result "$run" tyo-01 "$plan_task" "r['changed']"
done
echo "ansible-playbook plan.yml --check --diff, three hosts: at once (-f 3) ${parallel_s} s; one after another (-f 1) ${serial_s} s"

# 4. The plans saved; applied host by host with a failure in tyo-01.
play "plan.yml saves three plans" planned 0 clawform.fleet.plan -e "clawform_ticket_dir=$tmp/ticket-planned"
for h in "${hosts[@]}"; do check "$h's plan saved on the host" 0 test -s "$(host_dir "$h")/plan.json"; done
tyo=$(host_dir tyo-01) nyc=$(host_dir nyc-01)
fault=$(python3 -c 'import json, sys
print(next(s["index"] for s in json.load(open(sys.argv[1]))["steps"] if s["kind"] == "service"))' "$tyo/plan.json")
echo "CLAWFORM_FAULT=$fault:fail" >> "$tyo/keys.env"
snapshot "$tyo/root" > "$tmp/tyo-before"
whole_root "$nyc/root" > "$tmp/nyc-before"
play "apply.yml stops at tyo-01's failure" apply 2 clawform.fleet.apply
result apply sg-01 "$apply_task" "status == 'ok' and not r['changed'] and r['progress'] == [] and r['rc'] == 0"
result apply tyo-01 "$apply_task" "status == 'failed' and r['rc'] == 1 and not r['changed']"
result apply tyo-01 "$apply_task" "'injected fault' in r['msg'] and 'Rolled back: undid steps' in r['msg']"
result apply tyo-01 "$apply_task" \
  "[x['step'] for x in r['progress'] if x['event'] == 'undo'] == list(range($fault, 0, -1)) and r['steps_applied'] == []"
check "nyc-01 was never reached by the apply" 1 grep -q '"host": "nyc-01"' "$tmp/apply.jsonl"
snapshot "$tyo/root" > "$tmp/tyo-after"
same_files "tyo-01 rolled back: its root as it was" "$tmp/tyo-before" "$tmp/tyo-after"
check "tyo-01: no journal left" 1 test -e "$tyo/root/.clawform/journal/journal.jsonl"
whole_root "$nyc/root" > "$tmp/nyc-after"
same_files "nyc-01 untouched: its whole root as it was" "$tmp/nyc-before" "$tmp/nyc-after"
check "sg-01 still answers" 0 curl -sf -m 10 "http://127.0.0.1:${gateway[sg-01]}/health" -o /dev/null
play "apply.yml --check on tyo-01: its saved plan shown" apply_check 0 clawform.fleet.apply --check --diff --limit tyo-01
result apply_check tyo-01 "$apply_task" \
  "status == 'ok' and r['changed'] and r['plan']['steps'] and r['plan_file'] == '$tyo/plan.json' and not r.get('warnings')"
snapshot "$tyo/root" > "$tmp/tyo-after-check"
same_files "tyo-01 after the check run: as it was" "$tmp/tyo-before" "$tmp/tyo-after-check"

# 5. A stale plan refused by clawform; a clawform that needs a human.
make_canaries NYC_GATEWAY_TOKEN
printf 'CLAWFORM_TIMEOUT=600\nNYC_GATEWAY_TOKEN=%s\n' "$NYC_GATEWAY_TOKEN" > "$nyc/keys.env"
snapshot "$nyc/root" > "$tmp/nyc-before-stale"
play "apply.yml with nyc-01's token rotated since its plan" stale 2 clawform.fleet.apply --limit nyc-01
result stale nyc-01 "$apply_task" "status == 'failed' and r['rc'] == 1 and 'changed since the plan was made' in r['msg']"
snapshot "$nyc/root" > "$tmp/nyc-stale"
same_files "nyc-01 refused: nothing changed" "$tmp/nyc-before-stale" "$tmp/nyc-stale"
cat > "$tmp/needs-a-human" <<'EOF'
#!/bin/sh
# Stands in for a clawform whose rollback stopped (exit 3), and that prints an env value it was given.
echo "error: step 2 (project.nyc-ops.config) failed: injected" >&2
echo "The rollback stopped. A human must finish it, last step first:" >&2
echo "  [1] project.nyc-ops.state_dir: remove it (token $NYC_GATEWAY_TOKEN)" >&2
exit 3
EOF
chmod +x "$tmp/needs-a-human"
RESULTS_JSONL=$tmp/human.jsonl check "a clawform that exits 3" 2 ansible -i "$tmp/inventory.yml" nyc-01 -m clawform.fleet.clawform \
  -a "state=present plan_file=$nyc/plan.json binary_path=$tmp/needs-a-human env_file=$nyc/keys.env"
cp "$tmp/out" "$tmp/human.out"; cp "$tmp/err" "$tmp/human.err"
expect_output "exit 3 fails the task with the report" 'a human must finish \(exit 3\):.*A human must finish it, last step first'
expect_output "the env file's value masked" 'remove it \(token \*\*\*\*\*\*\*\*\)'

no_canary "ansible output, results, tickets and plans" "$tmp"/*.out "$tmp"/*.err "$tmp"/*.jsonl "$tmp"/*.txt \
  "$tmp"/ticket* "$tmp/ansible" "$tmp"/hosts/*/plan.json
no_canary "journals and history" "$sg/root/.clawform" "$tyo/root/.clawform" "$nyc/root/.clawform"
finish
