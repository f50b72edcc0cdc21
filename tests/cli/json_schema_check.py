"""The JSON Schema of `clawform schema`, checked with a real validator
(python3-jsonschema, Draft 2020-12): every example and valid fixture is
accepted; every invalid fixture whose golden report has an error the schema
can express is rejected. Usage: json_schema_check.py CLAWFORM"""
import glob
import json
import re
import subprocess
import sys

import jsonschema
import yaml

# Diagnostic IDs a JSON Schema can detect (structure, types, enumerations,
# name and version shapes). Cross-field rules (ports, keys, topology) it cannot.
SCHEMA_IDS = {"unknown-key", "missing-field", "wrong-type", "invalid-value", "bad-name",
              "key-inline-value", "plugin-unpinned", "openclaw-version", "model-format"}


def main():
    schema = json.loads(subprocess.run([sys.argv[1], "schema"], check=True, capture_output=True).stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    passed = failed = 0

    def expect(path, accepted):
        nonlocal passed, failed
        with open(path, "rb") as f:
            document = yaml.safe_load(f)
        errors = list(validator.iter_errors(document))
        if bool(errors) == (not accepted):
            passed += 1
            return
        failed += 1
        what = "rejected" if errors else "accepted"
        print(f"FAIL {path}: the schema {what} it" + (f": {errors[0].message}" if errors else ""))

    for path in sorted(glob.glob("examples/*.yaml") + glob.glob("fixtures/manifests/valid/*.yaml")):
        expect(path, accepted=True)
    for path in sorted(glob.glob("fixtures/manifests/invalid/*.yaml")):
        golden = open(path[:-len(".yaml")] + ".expected", encoding="utf-8").read()
        ids = set(re.findall(r": error: \[([a-z0-9-]+)\]", golden))
        if "yaml-syntax" in ids or "yaml-duplicate-key" in ids or not ids & SCHEMA_IDS:
            continue  # not YAML a schema validator can load faithfully, or beyond a schema
        expect(path, accepted=False)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
