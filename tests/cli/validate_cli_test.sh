#!/usr/bin/env bash
# `clawform validate` as the operator runs it: exit codes, formats, --strict,
# several files at once, and no secret value echoed. Usage: $0 CLAWFORM
set -u
clawform=$1
failures=0
passed=0

check() {  # check NAME EXPECTED_EXIT COMMAND...
  local name=$1 want=$2; shift 2
  "$@" > "$tmp/out" 2> "$tmp/err"
  local got=$?
  if [ "$got" -ne "$want" ]; then
    echo "FAIL $name: exit $got, want $want"; cat "$tmp/out" "$tmp/err"; failures=$((failures + 1))
  else
    passed=$((passed + 1))
  fi
}
expect_output() {  # expect_output NAME GREP_PATTERN
  if grep -qE -- "$2" "$tmp/out"; then passed=$((passed + 1)); else
    echo "FAIL $1: output lacks /$2/"; cat "$tmp/out"; failures=$((failures + 1)); fi
}
refute_output() {  # refute_output NAME GREP_PATTERN
  if grep -qE -- "$2" "$tmp/out" "$tmp/err"; then
    echo "FAIL $1: output has /$2/"; failures=$((failures + 1)); else passed=$((passed + 1)); fi
}

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

check "examples are valid" 0 "$clawform" validate examples/*.yaml
expect_output "one summary per example" "^examples/five-clients.yaml: valid$"

check "invalid exits 1" 1 "$clawform" validate fixtures/manifests/invalid/port-collision.yaml
expect_output "error line" "^fixtures/manifests/invalid/port-collision.yaml:[0-9]+:[0-9]+: error: \[port-collision\]"

check "one invalid among valid exits 1" 1 "$clawform" validate examples/one-project.yaml fixtures/manifests/invalid/key-shared.yaml
expect_output "valid file still reported" "^examples/one-project.yaml: valid$"

check "warnings alone exit 0" 0 "$clawform" validate fixtures/manifests/valid/warnings.yaml
expect_output "warning shown" "warning: \[hardware-floor\]"
check "--strict makes warnings errors" 1 "$clawform" validate --strict fixtures/manifests/valid/warnings.yaml
expect_output "promoted" "error: \[hardware-floor\]"

check "json format" 1 "$clawform" validate --format json fixtures/manifests/invalid/port-collision.yaml
/usr/bin/python3 - "$tmp/out" <<'PY' || { echo "FAIL json shape"; failures=$((failures + 1)); }
import json, sys
doc = json.load(open(sys.argv[1]))
assert list(doc) == ["valid", "error_count", "warning_count", "diagnostics"], list(doc)
assert doc["valid"] is False and doc["error_count"] == 2 and doc["warning_count"] == 0, doc
d = doc["diagnostics"][0]
assert list(d) == ["severity", "id", "message", "file", "line", "column"], list(d)
assert d["severity"] == "error" and d["id"] == "port-collision" and d["line"] > 0, d
PY
check "json for a valid file" 0 "$clawform" validate --format json examples/two-users.yaml
expect_output "valid true" '"valid": true'

check "secret values never echoed" 1 "$clawform" validate fixtures/manifests/invalid/key-inline-value.yaml
refute_output "no canary in text" "CANARYSECRETVALUE"
check "secret values never echoed (json)" 1 "$clawform" validate --format json fixtures/manifests/invalid/key-inline-value.yaml
refute_output "no canary in json" "CANARYSECRETVALUE"

check "missing file" 1 "$clawform" validate "$tmp/absent.yaml"
expect_output "names the file" "absent.yaml: error: \[file-unreadable\] no such file"
check "no file given is a usage error" 2 "$clawform" validate
check "unknown format is a usage error" 2 "$clawform" validate --format xml examples/one-project.yaml

check "schema prints JSON" 0 "$clawform" schema
expect_output "draft 2020-12" '"\$schema": "https://json-schema.org/draft/2020-12/schema"'
check "--version" 0 "$clawform" --version
expect_output "version" "^clawform [0-9]+\.[0-9]+\.[0-9]+$"

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
