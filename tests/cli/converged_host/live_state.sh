# Section live_state (tests/cli/converged_host_test.sh): planning offline from
# a recorded live state (`plan --live-state`, docs/discovery.md "A recorded
# live state"), as CI does without the host. Reads the host only.
# 1. `discover --json` records the converged host; a plan from it, made with
#    no openclaw to find, no key variable set and nothing at the root, has the
#    live plan's steps: none for the manifest as it is, and for a change (a
#    pin, a model, a key whose value changed, a new project) the same steps,
#    but for the key whose value changed and the restart it causes, which
#    offline cannot see (its plan says values are checked at apply).
# 2. A plan made from a recording that no longer matches the host is refused
#    by apply, naming what drifted; nothing is changed.
# 3. A recording without its host section, or made under another root, is
#    refused naming the file.

section_live_state() {
  local dir=$tmp/live_state
  check "discover --json records the host" 0 "$clawform" discover "$fleet" "${host[@]}" --json
  cp "$tmp/out" "$dir/recorded.json"
  check "the recording has the host section" 0 python3 - "$dir/recorded.json" "$root" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["root"] == sys.argv[2], doc["root"]
host = doc["host"]
assert host["openclaw"]["version"] == "2026.9.6", host["openclaw"]
assert host["clawform_dir"] == sys.argv[2] + "/.clawform", host["clawform_dir"]
assert [i["instance"] for i in doc["instances"]] == ["acme", "globex", "internal"]
PY
  no_canary "the recording holds no key value" "$dir/recorded.json"

  # Offline: nothing to run (an openclaw call would fail on this path), no key
  # value in the environment, from a directory with nothing of the host.
  local cf
  cf=$(cd "$(dirname "$clawform")" && pwd)/$(basename "$clawform")
  offline() {
    (cd "$dir" && env -u ACME_ANTHROPIC_KEY -u GLOBEX_OPENAI_KEY -u INTERNAL_ANTHROPIC_KEY -u ACME_GATEWAY_TOKEN \
       -u GLOBEX_GATEWAY_TOKEN -u INTERNAL_GATEWAY_TOKEN PATH=/usr/bin:/bin CLAWFORM_OPENCLAW=/nonexistent/openclaw \
       "$cf" plan "$@" --live-state "$dir/recorded.json")
  }
  check "offline: the converged host has nothing to plan" 0 offline "$fleet" --detailed-exitcode
  expect_output "says it was planned offline" "^Planned offline from the live state recorded in .*recorded.json"
  expect_output "and no changes" '^No changes\.$'

  # A change: acme's pin, globex's model, internal's key value, a new project.
  sed -e 's|"@openclaw/nostr": 2026.9.5|"@openclaw/nostr": 2026.9.4|' \
      -e 's|model: openai/gpt-5.4|model: openai/gpt-5.4-mini|' \
      -e 's|var: INTERNAL_ANTHROPIC_KEY|var: INTERNAL_ANTHROPIC_KEY_NEW|' "$fleet" > "$dir/change.yaml"
  cat >> "$dir/change.yaml" <<EOF
  delta:
    port: $((port + 360))
    gateway_token: { from: env, var: DELTA_GATEWAY_TOKEN }
    keys:
      ANTHROPIC_API_KEY: { from: env, var: DELTA_ANTHROPIC_KEY }
EOF
  make_canaries INTERNAL_ANTHROPIC_KEY_NEW DELTA_GATEWAY_TOKEN DELTA_ANTHROPIC_KEY
  check "live plan of the change" 2 "$clawform" plan "$dir/change.yaml" "${host[@]}" --detailed-exitcode --format json
  cp "$tmp/out" "$dir/live.json"
  check "offline plan of the change" 2 offline "$dir/change.yaml" --detailed-exitcode --format json
  cp "$tmp/out" "$dir/offline.json"
  check "the offline plan has the live plan's steps, but the key value it cannot read" 0 python3 - \
    "$dir/live.json" "$dir/offline.json" <<'PY'
import json, sys
live, offline = (json.load(open(p)) for p in sys.argv[1:3])
def steps(plan):
    # Step numbers are shifted by the key step offline leaves out: each step
    # and what it depends on are compared by address.
    address = {s["index"]: s["address"] for s in plan["steps"]}
    out = []
    for s in plan["steps"]:
        s = dict(s)
        s.pop("index", None)
        s["depends_on"] = [address.get(k, k) for k in s.get("depends_on", [])]
        s.pop("target", None)  # key digests: offline ones are unchecked
        out.append(s)
    return out
changed_value = [s for s in steps(live) if s["reason"] == "a key's value changed"]
assert [s["address"] for s in changed_value] == ["project.internal.key_file"], changed_value
# Offline, internal's key file holds the right names, so nothing of internal
# changes: neither its key file nor the restart and checks that follow it.
expected = [s for s in steps(live) if s["project"] != "internal"]
got = steps(offline)
assert got == expected, "\n".join(json.dumps(s, sort_keys=True) for s in got if s not in expected) + "\n--\n" + \
    "\n".join(json.dumps(s, sort_keys=True) for s in expected if s not in got)
assert {s["project"] for s in got} == {"acme", "globex", "delta"}, {s["project"] for s in got}
assert offline["recorded_live_state"].endswith("recorded.json")
assert offline["root"] == live["root"] and offline["openclaw"] == live["openclaw"]
PY
  no_canary "no key value in either plan" "$dir/live.json" "$dir/offline.json"
  check "the offline Markdown plan for the ticket" 2 offline "$dir/change.yaml" --detailed-exitcode --format markdown
  expect_output "says so" "^Planned offline from the live state recorded in \`.*recorded.json\`"
  expect_output "with the boundary table" "^\| Project \| Data \|"

  # 2. The recording says acme's nostr is 2026.9.4; the host has 2026.9.5.
  python3 - "$dir/recorded.json" "$dir/stale.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
for i in doc["instances"]:
    for p in i["plugins"]:
        if p["id"] == "nostr":
            p["version"] = "2026.9.4"
            p["install_spec"] = "@openclaw/nostr@2026.9.4"
json.dump(doc, open(sys.argv[2], "w"), indent=2)
PY
  check "offline plan from a stale recording" 2 \
    "$clawform" plan "$fleet" --live-state "$dir/stale.json" --detailed-exitcode --out "$dir/stale-plan.json"
  check "apply refuses it" 1 "$clawform" apply "$dir/stale-plan.json" "${host[@]}"
  expect_error "naming the drift" "the host has changed since this plan was made"
  expect_error "in acme's plugin" "project\.acme\.plugin"
  check "the refused apply left no journal" 1 test -e "$root/.clawform/journal"

  # 3. Bad recordings.
  python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); d.pop("host"); json.dump(d, open(sys.argv[2], "w"))' \
    "$dir/recorded.json" "$dir/hostless.json"
  check "a recording without its host section" 1 "$clawform" plan "$fleet" --live-state "$dir/hostless.json"
  expect_error "is named" "--live-state .*hostless.json: not a live state recorded by .clawform discover FILE --json."
  check "a recording made under another root" 1 \
    "$clawform" plan "$fleet" --live-state "$dir/recorded.json" --root "$dir/elsewhere"
  expect_error "is named" "--live-state .*recorded.json was recorded under --root $root, not $dir/elsewhere"
}
