#!/usr/bin/env bash
# `clawform validate` as the operator runs it: exit codes, formats, --strict,
# several files at once, and no secret value echoed. Usage: $0 CLAWFORM
set -u
clawform=$1
. "$(dirname "$0")/check_lib.sh"

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
# port-collision.yaml's three projects also lack gateway auth (gateway-auth-none).
assert doc["valid"] is False and doc["error_count"] == 5 and doc["warning_count"] == 0, doc
d = next(d for d in doc["diagnostics"] if d["id"] == "port-collision")
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
check "no file given is a usage error" 1 "$clawform" validate
check "unknown format is a usage error" 1 "$clawform" validate --format xml examples/one-project.yaml

check "schema prints JSON" 0 "$clawform" schema
expect_output "draft 2020-12" '"\$schema": "https://json-schema.org/draft/2020-12/schema"'
check "--version" 0 "$clawform" --version
expect_output "version" "^clawform [0-9]+\.[0-9]+\.[0-9]+$"

finish
