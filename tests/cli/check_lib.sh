# Sourced by the CLI tests: run a command, check its exit code and output.
# Sets $tmp (removed on exit); the test ends with `finish`.
failures=0
passed=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

check() {  # check NAME EXPECTED_EXIT COMMAND...  (stdout -> $tmp/out, stderr -> $tmp/err)
  local name=$1 want=$2; shift 2
  local started=$SECONDS
  "$@" > "$tmp/out" 2> "$tmp/err"
  local got=$?
  # Where a real test spends its time (ctest shows it with a failure).
  [ $((SECONDS - started)) -ge 10 ] && echo "($((SECONDS - started)) s: $name)"
  if [ "$got" -ne "$want" ]; then
    echo "FAIL $name: exit $got, want $want"; cat "$tmp/out" "$tmp/err"; failures=$((failures + 1))
  else
    passed=$((passed + 1))
  fi
}
expect_output() {  # expect_output NAME GREP_PATTERN  (stdout)
  if grep -qE -- "$2" "$tmp/out"; then passed=$((passed + 1)); else
    echo "FAIL $1: output lacks /$2/"; cat "$tmp/out"; failures=$((failures + 1)); fi
}
expect_error() {  # expect_error NAME GREP_PATTERN  (stderr)
  if grep -qE -- "$2" "$tmp/err"; then passed=$((passed + 1)); else
    echo "FAIL $1: stderr lacks /$2/"; cat "$tmp/err"; failures=$((failures + 1)); fi
}
refute_output() {  # refute_output NAME GREP_PATTERN  (stdout and stderr)
  if grep -qE -- "$2" "$tmp/out" "$tmp/err"; then
    echo "FAIL $1: output has /$2/"; failures=$((failures + 1)); else passed=$((passed + 1)); fi
}
same_files() {  # same_files NAME A B
  if cmp -s "$2" "$3"; then passed=$((passed + 1)); else
    echo "FAIL $1: $2 and $3 differ"; diff "$2" "$3" | head -20; failures=$((failures + 1)); fi
}
canaries=()
make_canaries() {  # make_canaries VAR...: export a unique canary value for each key variable
  local var value
  for var in "$@"; do
    value="sk-canary-$var-$RANDOM$RANDOM"
    export "$var=$value"
    canaries+=("$value")
  done
}
no_canary() {  # no_canary NAME FILE_OR_DIR...: no canary value in any of them
  local value
  for value in "${canaries[@]}"; do
    if grep -rqF -- "$value" "${@:2}" 2>/dev/null; then
      echo "FAIL $1: secret value $value found in:"; grep -rlF -- "$value" "${@:2}"; failures=$((failures + 1)); return
    fi
  done
  passed=$((passed + 1))
}
finish() {
  echo "$passed passed, $failures failed"
  [ "$failures" -eq 0 ]
}
with_ports() {  # with_ports MANIFEST FIRST-LAST PORT... > OUT: gateway.ports, then each project's port in order
  local manifest=$1 range=$2; shift 2
  awk -v range="$range" -v ports="$*" 'BEGIN { n = split(ports, p, " "); k = 0 }
    /^  ports: / { sub(/ports: .*/, "ports: " range) }
    /^    port: / && k < n { k++; sub(/port: [0-9]+/, "port: " p[k]) }
    { print }' "$manifest"
}
