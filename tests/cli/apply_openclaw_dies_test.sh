#!/usr/bin/env bash
# openclaw killed (SIGKILL) and hung in the middle of `plugins install` and
# of `config patch` during an apply of fixtures/apply/solo.yaml:
#   killed: the real openclaw, found by the journal's child record while it
#           runs and killed by this test; the step fails ("killed by signal 9");
#   hung:   a wrapper that runs the real openclaw for every other call and
#           hangs (with a child of its own) in that one; the step fails after
#           --step-timeout.
# Either way apply exits 1, rolls back (npm/, state/, openclaw.json as
# before: the root equals its snapshot), and no process remains whose cwd or
# environment is under the root.
# Usage: $0 CLAWFORM OPENCLAW PORT
set -u
clawform=$1
openclaw=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
port=$3
here=$(dirname "$0")
. "$here/check_lib.sh"
. "$here/apply_lib.sh"
. "$here/../stress/procs_lib.sh"
roots=()
trap 'for r in "${roots[@]}"; do stop_gateways "$r"; kill_under "$r"; done; rm -rf "$tmp"' EXIT

sed "s/port: 21000/port: $port/; s/ports: 21000-21399/ports: $port-$((port + 399))/" \
  "$here/../../fixtures/apply/solo.yaml" > "$tmp/solo.yaml"

# The wrapper for the hang: the real openclaw, except the call named by its
# file name (config-patch or plugins-install), which never returns.
for call in "config patch" "plugins install"; do
  wrapper="$tmp/${call// /-}/openclaw"; mkdir -p "$(dirname "$wrapper")"
  cat > "$wrapper" <<SH
#!/bin/sh
case " \$* " in
  *" --dry-run "*) ;;
  *" $call "*) sleep 1000 & wait; exit 0 ;;
esac
exec "$openclaw" "\$@"
SH
  chmod +x "$wrapper"
done

step_of() {  # step_of PLAN KIND: the index of the plan's first step of KIND
  python3 -c 'import json, sys
print(next(s["index"] for s in json.load(open(sys.argv[1]))["steps"] if s["kind"] == sys.argv[2]))' "$1" "$2"
}

hang_timeout=90
n=0
for call in "config patch" "plugins install"; do
  kind=${call%% *}; [ "$kind" = plugins ] && kind=plugin
  for how in killed hung; do
    n=$((n + 1)); root="$tmp/root$n"; mkdir -p "$root"; roots+=("$root")
    name="$call $how"
    bin=$openclaw; [ "$how" = hung ] && bin="$tmp/${call// /-}/openclaw"
    # The hung call's limit; long enough for the real calls on a loaded machine.
    host=(--root "$root" --openclaw "$bin" --health-timeout 180)
    [ "$how" = hung ] && host+=(--step-timeout "$hang_timeout")
    check "$name: plan" 0 "$clawform" plan "$tmp/solo.yaml" "${host[@]:0:4}" --out "$tmp/plan$n.json"
    step=$(step_of "$tmp/plan$n.json" "$kind")
    snapshot "$root" > "$tmp/before.snap"
    "$clawform" apply "$tmp/plan$n.json" "${host[@]}" > "$tmp/out" 2> "$tmp/err" &
    pid=$!
    if [ "$how" = killed ]; then
      # The step's openclaw child, from its journal record, while it runs.
      child=""
      for _ in $(seq 1 2400); do
        child=$(python3 - "$root/.clawform/journal/journal.jsonl" "$step" <<'PY'
import json, sys
try: lines = open(sys.argv[1]).read().splitlines()
except OSError: lines = []
pids = []
for line in lines:
    try: r = json.loads(line)
    except ValueError: continue
    if r.get("event") == "child" and r.get("step") == int(sys.argv[2]) and r.get("phase") == "run": pids.append(r["pid"])
print(pids[-1] if pids else "")
PY
)
        [ -n "$child" ] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.02
      done
      if [ -n "$child" ] && kill -KILL "$child" 2>/dev/null; then passed=$((passed + 1)); else
        echo "FAIL $name: no running child of step $step to kill"; failures=$((failures + 1)); fi
    fi
    wait "$pid"; code=$?
    if [ "$code" -ne 1 ]; then echo "FAIL $name: apply exit $code, want 1"; cat "$tmp/out" "$tmp/err"
      failures=$((failures + 1)); else passed=$((passed + 1)); fi
    if [ "$how" = killed ]; then
      expect_error "$name: the step failed, saying why" "^error: step $step \(.*\) failed: .*killed by signal 9"
    else
      expect_error "$name: the step failed after its timeout" \
        "^error: step $step \(.*\) failed: .*timed out after $hang_timeout.0 s \(process group killed\)"
    fi
    expect_error "$name: rolled back" "^Rolled back"
    snapshot "$root" > "$tmp/after.snap"
    same_files "$name: npm/, state/ and openclaw.json as before" "$tmp/before.snap" "$tmp/after.snap"
    left=$(live_children "$root"; procs_under "$root")
    if [ -n "$left" ]; then echo "FAIL $name: processes left:"; echo "$left"; failures=$((failures + 1)); else
      passed=$((passed + 1)); fi
    no_canary "$name: output and journal history" "$tmp/out" "$tmp/err" "$root/.clawform"
  done
done
finish
