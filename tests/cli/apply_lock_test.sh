#!/usr/bin/env bash
# apply against clawform.lock, with the real openclaw and the real npm
# registry, on fixtures/apply/solo.yaml (one project, one plugin pin):
#   the plan's plugin step carries the lock's integrity, which is the
#   registry's (`npm view PKG@VER dist.integrity`);
#   a lock entry tampered with: apply fails at the plugin step before
#   anything is installed (no npm/ ever appears), rolls back, root as before;
#   the real lock: apply installs, and npm's install record (the
#   package-lock.json OpenClaw's npm wrote) holds the locked integrity.
# Usage: $0 CLAWFORM OPENCLAW PORT
set -u
clawform=$1
openclaw=$2
port=$3
here=$(dirname "$0")
. "$here/check_lib.sh"
. "$here/apply_lib.sh"
trap 'stop_gateways "$tmp/root"; rm -rf "$tmp"' EXIT

mkdir -p "$tmp/fleet" "$tmp/root"
sed "s/port: 21000/port: $port/; s/ports: 21000-21399/ports: $port-$((port + 399))/" \
  "$here/../../fixtures/apply/solo.yaml" > "$tmp/fleet/fleet.yaml"
host=(--root "$tmp/root" --openclaw "$openclaw" --health-timeout 180)
lock=$tmp/fleet/clawform.lock
nostr=$(npm view @openclaw/nostr@2026.9.5 dist.integrity)

integrity_in_plan() {  # the plan's plugin step's integrity
  python3 -c 'import json, sys
print(next(s["target"].get("integrity", "") for s in json.load(open(sys.argv[1]))["steps"] if s["kind"] == "plugin"))' "$1"
}

check "lock" 0 "$clawform" lock "$tmp/fleet/fleet.yaml"
cp "$lock" "$tmp/good.lock"

# Tampered: nostr's integrity is not the registry's.
python3 - "$lock" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
head, *tables = text.split("\n[[package]]\n")
tables = [re.sub(r'integrity = "sha512-[^"]*"', 'integrity = "sha512-' + "A" * 86 + '=="', t)
          if '"@openclaw/nostr"' in t else t for t in tables]
open(sys.argv[1], "w").write("\n[[package]]\n".join([head] + tables))
PY
check "plan with the tampered lock" 0 "$clawform" plan "$tmp/fleet/fleet.yaml" "${host[@]:0:4}" --out "$tmp/tampered.json"
check "the plan names the lock's integrity" 0 test "$(integrity_in_plan "$tmp/tampered.json")" = "sha512-$(printf 'A%.0s' $(seq 86))=="
snapshot "$tmp/root" > "$tmp/before.snap"
check "apply with the tampered lock" 1 "$clawform" apply "$tmp/tampered.json" "${host[@]}"
expect_error "the plugin step failed, naming both integrities" \
  "^error: step [0-9]+ \(project\.solo\.plugin.*nostr.*\) failed: .*clawform\.lock says sha512-AAAA.* but the registry serves $(printf '%s' "$nostr" | sed 's/[+/.]/\\&/g').*nothing was installed"
expect_error "rolled back" "^Rolled back"
snapshot "$tmp/root" > "$tmp/after.snap"
same_files "the root is as before" "$tmp/before.snap" "$tmp/after.snap"
check "no npm/ ever made" 0 test -z "$(find "$tmp/root" -path '*/npm' -not -path '*/.clawform/*')"

# The real lock: the install's record holds the locked integrity.
cp "$tmp/good.lock" "$lock"
check "plan with the lock" 0 "$clawform" plan "$tmp/fleet/fleet.yaml" "${host[@]:0:4}" --out "$tmp/plan.json"
check "the plan names the registry's integrity" 0 test "$(integrity_in_plan "$tmp/plan.json")" = "$nostr"
check "apply with the lock" 0 "$clawform" apply "$tmp/plan.json" "${host[@]}"
expect_output "apply complete" "^Apply complete: [0-9]+ steps done\.$"
check "npm's install record holds it" 0 python3 - "$tmp/root" "$nostr" <<'PY'
import json, os, sys
records = [os.path.join(d, "package-lock.json") for d, _, files in os.walk(sys.argv[1])
           if "package-lock.json" in files and os.path.basename(os.path.dirname(d)) == "projects"
           and "/.clawform/" not in d]
assert records, "no install record"
got = [json.load(open(r))["packages"].get("node_modules/@openclaw/nostr", {}).get("integrity") for r in records]
assert sys.argv[2] in got, got
PY
no_canary "output" "$tmp/out" "$tmp/err" "$tmp/root/.clawform"
finish
