#!/usr/bin/env bash
# A real test killed mid-way leaves no gateway and no openclaw behind, both
# ways a real test is killed from outside:
#   by its bound (run-real-test's timeout: SIGTERM, SIGKILL 30 s later),
#   while it applies a one-project manifest or holds the gateway it started;
#   by SIGKILL of the wrapper and everything in its process tree but the
#   gateway (which clawform detaches into a session of its own), as ctest's
#   TIMEOUT or an operator's kill would: the run dir's fixture
#   (`reap --spare-running`, tests.reap_after) then stops what was left.
# After each: nothing names the test's root in /proc, nothing listens on its port.
# Usage: $0 CLAWFORM OPENCLAW PORT
set -u
clawform=$1
openclaw=$2
port=$3
here=$(dirname "$0")
. "$here/../cli/check_lib.sh"
run="$tmp/run"
trap '"$here/reap" "$run" 1 > /dev/null; rm -rf "$tmp"' EXIT

# The test that gets killed: apply one project (no plugin), say so, then hold.
sed "s/port: 21000/port: $port/; s/ports: 21000-21399/ports: $port-$((port + 399))/; /plugins:/,\$d" \
  "$here/../../fixtures/apply/solo.yaml" > "$tmp/fleet.yaml"
cat > "$tmp/victim.sh" <<'EOF'
set -u
tmp=$1 clawform=$2 openclaw=$3 tag=$4
echo "$TMPDIR" > "$tmp/$tag.root"
export SOLO_ANTHROPIC_KEY=sk-killed-test SOLO_GATEWAY_TOKEN=killed-test-token
host=(--root "$TMPDIR/root" --openclaw "$openclaw")
"$clawform" plan "$tmp/fleet.yaml" "${host[@]}" --out "$TMPDIR/plan.json" > /dev/null &&
  "$clawform" apply "$TMPDIR/plan.json" "${host[@]}" > "$tmp/$tag.apply" 2>&1 &&
  touch "$tmp/$tag.applied"
exec sleep 3600
EOF

left_behind() {  # left_behind ROOT: every live process whose cwd, command line or environment names ROOT
  local dir pid
  for dir in /proc/[0-9]*; do
    pid=${dir#/proc/}
    [ "$pid" = "$$" ] || [ "$pid" = "$BASHPID" ] && continue
    if readlink "$dir/cwd" 2>/dev/null | grep -qF -- "$1" ||
       tr '\0' ' ' < "$dir/cmdline" 2>/dev/null | grep -qF -- "$1" ||
       tr '\0' '\n' < "$dir/environ" 2>/dev/null | grep -qF -- "$1"; then
      echo "$pid $(tr '\0' ' ' < "$dir/cmdline" 2>/dev/null)"
    fi
  done
}
listening() { ss -Hltn "sport = :$port" | grep -q .; }
expect_nothing_left() {  # expect_nothing_left TAG
  local root left
  root=$(cat "$tmp/$1.root")
  left=$(left_behind "$root")
  if [ -z "$left" ]; then passed=$((passed + 1)); else
    echo "FAIL $1: processes left under $root:"; echo "$left"; failures=$((failures + 1)); fi
  check "$1: nothing listens on $port" 1 listening
}

# 1. Killed by its bound, at whatever point the apply reached in 90 s.
check "bounded: stopped by its bound" 124 \
  "$here/run-real-test" "$run" 90 bash "$tmp/victim.sh" "$tmp" "$clawform" "$openclaw" bound
expect_error "bounded: says so" "run-real-test: stopped after 90 s"
echo "bounded: killed $( [ -e "$tmp/bound.applied" ] && echo 'holding its gateway' || echo 'mid-apply')"
expect_nothing_left bound
check "bounded: its dir is gone" 1 test -e "$(cat "$tmp/bound.root")"

# 2. SIGKILL of the wrapper's tree once the gateway is up; the fixture reaps.
setsid "$here/run-real-test" "$run" 3000 bash "$tmp/victim.sh" "$tmp" "$clawform" "$openclaw" kill \
  > "$tmp/kill.out" 2>&1 &
wrapper=$!
for _ in $(seq 1 900); do [ -e "$tmp/kill.applied" ] || ! kill -0 "$wrapper" 2>/dev/null && break; sleep 1; done
check "killed: the apply finished first" 0 test -e "$tmp/kill.applied" || cat "$tmp/kill.apply" "$tmp/kill.out"
check "killed: its gateway listens" 0 listening
kill -KILL -- "-$wrapper"  # the wrapper's session: wrapper, timeout, the test, its sleep
for _ in $(seq 1 50); do kill -0 "$wrapper" 2>/dev/null || break; sleep 0.1; done
wait "$wrapper" 2>/dev/null
check "killed: the detached gateway outlived the kill" 0 listening
check "fixture reap" 0 "$here/reap" --spare-running "$run" 2
expect_output "the reaper names what it stopped" "stopping [0-9]+ "
for _ in $(seq 1 50); do listening || break; sleep 0.2; done
expect_nothing_left kill
finish
