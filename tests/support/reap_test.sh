#!/usr/bin/env bash
# support/reap --spare-running: the run dir's fixtures stop what a dead test
# left, and leave a real test whose run-real-test wrapper is alive (another
# ctest on the same build dir) running, wrapper included.
here=$(dirname "$0")
. "$here/../cli/check_lib.sh"
run="$tmp/run"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; "$here/reap" "$run" 1 > /dev/null; rm -rf "$tmp"' EXIT

"$here/run-real-test" "$run" 60 bash -c 'cd "$TMPDIR" && exec sleep 57' &
wrapper=$!; pids+=("$wrapper")
mkdir -p "$run/test.dead"
echo "999999 1" > "$run/test.dead/.owner"  # a wrapper that is gone
(cd "$run/test.dead" && exec sleep 58) &
orphan=$!; pids+=("$orphan")
for _ in $(seq 1 100); do [ -n "$(ls "$run"/test.*/.owner 2>/dev/null | grep -v dead)" ] && break; sleep 0.05; done
live=$(pgrep -f "^sleep 57$")

check "reap sparing running tests" 0 "$here/reap" --spare-running "$run" 2
expect_output "names the running test" "leaving $run/test\..*: its test is still running"
expect_output "stops what the dead test left" "stopping $orphan \(sleep 58\)"
sleep 0.3
check "the dead test's process is gone" 1 kill -0 "$orphan"
check "the running test's process is alive" 0 kill -0 "$live"
check "its wrapper is alive" 0 kill -0 "$wrapper"

check "reap without --spare-running" 0 "$here/reap" "$run" 2
wait "$wrapper" 2>/dev/null
check "stops the running test too" 1 kill -0 "$live"
finish
