#!/usr/bin/env bash
# Re-plan of an unchanged, converged five-client host (examples/five-clients.yaml,
# topology C, real openclaw and gateways, sandbox root): `clawform plan`'s
# wall time and how many times it ran openclaw (counted by a wrapper), beside
# its Ansible peer (bench/ansible_peer.py: the same files, config, pins and
# health checked by `ansible-playbook --check --diff`) on the same host, in
# the same run; best of three each, and their ratio.
# Usage: bench/replan_bench.sh CLAWFORM OPENCLAW
set -euo pipefail
clawform=$1 openclaw=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
root=$work/root
cleanup() {
  for pid_file in "$root"/.clawform/run/*.pid; do
    [ -f "$pid_file" ] && kill -TERM -- "-$(cat "$pid_file")" 2>/dev/null || true  # a stale pid file: nothing to stop (set -e)
  done
  sleep 2
  for pid_file in "$root"/.clawform/run/*.pid; do
    [ -f "$pid_file" ] && kill -KILL -- "-$(cat "$pid_file")" 2>/dev/null || true  # a stale pid file: nothing to stop (set -e)
  done
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$root" "$work/bin"

# Gateways on 48789.. (120 apart), none of the tests' ports.
sed -e 's/18789-19379/48789-49379/' -e 's/port: 1\([89]\)/port: 4\1/' \
  "$here/../examples/five-clients.yaml" > "$work/fleet.yaml"
for var in ACME_GATEWAY_TOKEN ACME_ANTHROPIC_KEY GLOBEX_GATEWAY_TOKEN GLOBEX_OPENAI_KEY INITECH_GATEWAY_TOKEN \
           INITECH_ANTHROPIC_KEY INITECH_OPENAI_KEY UMBRELLA_GATEWAY_TOKEN UMBRELLA_ANTHROPIC_KEY \
           INTERNAL_GATEWAY_TOKEN INTERNAL_ANTHROPIC_KEY; do
  export "$var=bench-$var-$RANDOM$RANDOM"
done
export npm_config_cache="${CLAWFORM_TEST_NPM_CACHE:-$HOME/.cache/clawform-test-npm}"

# openclaw through a wrapper that counts its runs. The log's path is made at
# run time (no absolute path in the script): the discovery cache fingerprints
# what a launcher names, and a log that grows would change it every call.
cat > "$work/bin/openclaw" <<EOF
#!/bin/sh
echo "\$*" >> "\$(dirname "\$0")/../calls.log"
exec "$openclaw" "\$@"
EOF
chmod 755 "$work/bin/openclaw"
counted=$work/bin/openclaw
host=(--root "$root" --openclaw "$counted")

echo "converging the five-client host (real openclaw, 5 gateways; several minutes)..."
started=$(date +%s)
"$clawform" apply "$work/fleet.yaml" "${host[@]}" --auto-approve --health-timeout 600 --step-timeout 900 \
  > "$work/apply.log" 2>&1 || { tail -30 "$work/apply.log"; echo "replan bench: the host did not converge"; exit 1; }
echo "converged in $(( $(date +%s) - started )) s"

best() {  # best COMMAND...: best wall time of three runs -> $work/best
  local b="" t
  for _ in 1 2 3; do
    /usr/bin/time -f "%e" -o "$work/time" "$@" > "$work/out" 2>&1 || true
    t=$(cat "$work/time")
    if [ -z "$b" ] || awk -v a="$t" -v b="$b" 'BEGIN { exit !(a < b) }'; then b=$t; fi
  done
  echo "$b" > "$work/best"
}

# clawform: a plan with its discovery cache as apply left it.
"$clawform" plan "$work/fleet.yaml" "${host[@]}" --detailed-exitcode > "$work/plan.out" 2>&1 && rc=0 || rc=$?
[ "$rc" -eq 0 ] || { cat "$work/plan.out"; echo "replan bench: the converged host's plan has changes (exit $rc)"; exit 1; }
: > "$work/calls.log"
best "$clawform" plan "$work/fleet.yaml" "${host[@]}"
clawform_s=$(cat "$work/best")
clawform_calls=$(wc -l < "$work/calls.log")

# The Ansible peer, from the same host's live state.
"$clawform" discover "$work/fleet.yaml" "${host[@]}" --json > "$work/live.json"
python3 "$here/ansible_peer.py" "$work/live.json" "$openclaw" > "$work/playbook.yml"
export ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_LOCALHOST_WARNING=0 ANSIBLE_INVENTORY_UNPARSED_WARNING=0
ansible-playbook -i localhost, -c local --check --diff "$work/playbook.yml" > "$work/ansible.out" 2>&1 ||
  { tail -30 "$work/ansible.out"; echo "replan bench: the Ansible peer failed"; exit 1; }
grep -q "changed=0 " "$work/ansible.out" ||
  { tail -30 "$work/ansible.out"; echo "replan bench: the Ansible peer reports changes on the converged host"; exit 1; }
best ansible-playbook -i localhost, -c local --check --diff "$work/playbook.yml"
ansible_s=$(cat "$work/best")

printf 're-plan, converged five-client host, clawform plan:            wall %6.3f s (best of 3), %d openclaw calls in the 3 runs\n' \
  "$clawform_s" "$clawform_calls"
printf 're-plan, same host, Ansible peer (ansible-playbook --check --diff): wall %6.3f s (best of 3)\n' "$ansible_s"
python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print(f'Ansible peer / clawform plan: {b/a if a else float(\"inf\"):.1f}x (target: clawform at most 0.5 s and at least 15x faster, 0 openclaw calls)')" \
  "$clawform_s" "$ansible_s"
