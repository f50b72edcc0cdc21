# Section checklist (tests/cli/converged_host_test.sh): the exit checklist of
# the converged host, and of the same host after one plugin pin change
# (acme's @openclaw/nostr 2026.9.5 -> 2026.9.4), which must be exactly that
# one difference; apply's own before/after comparison says the same. Puts
# the pin back at the end: the host is left as it was found.

section_checklist() {
  local dir=$tmp/checklist
  check "checklist capture of the converged host" 0 \
    "$clawform" checklist capture "$fleet" "${host[@]}" --out "$dir/before.json" --label "before the pin change"
  expect_output "capture says where it wrote" "Captured the exit checklist of 3 project\(s\) into .*before.json"
  check "the checklist records each project as an operator checks it" 0 python3 - "$dir/before.json" "$port" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
port = int(sys.argv[2])
projects = {p["project"]: p for p in doc["projects"]}
assert list(projects) == ["acme", "globex", "internal"], list(projects)
for name, offset in (("acme", 0), ("globex", 120), ("internal", 240)):
    p = projects[name]
    assert p["openclaw_version"] == "2026.9.6", p
    assert p["health"] == "200 live", p["health"]
    assert p["startup"] == "200 started", p["startup"]
    assert p["ready"].startswith("200 ready"), p["ready"]
    assert p["port"] == port + offset, p["port"]
    assert p["service"].startswith("running ("), p["service"]
    assert p["workspace"]["files"] >= 0 and len(p["workspace"]["digest"]) == 64, p["workspace"]  # a fresh workspace is empty
    assert p["state_bytes"] > 0
    assert len(p["plugins"]) > 10, len(p["plugins"])  # the bundled ones too
assert projects["acme"]["plugins"]["nostr"] == "2026.9.5 enabled", projects["acme"]["plugins"].get("nostr")
assert "nostr" not in projects["globex"]["plugins"]
PY
  check "a second capture of the unchanged host" 0 \
    "$clawform" checklist capture "$fleet" "${host[@]}" --out "$dir/again.json"
  check "compare: the unchanged host has no difference" 0 "$clawform" checklist compare "$dir/before.json" "$dir/again.json"
  expect_output "compare says so" "^no difference\.$"

  sed 's|"@openclaw/nostr": 2026.9.5|"@openclaw/nostr": 2026.9.4|' "$fleet" > "$dir/pin.yaml"
  check "apply the pin change" 0 "$clawform" apply "$dir/pin.yaml" "${host[@]}" --auto-approve --health-timeout 600 --step-timeout 900
  expect_output "apply prints its own before/after comparison" "^1 difference \(0 expected\):$"
  expect_output "naming exactly the pin" "^  acme plugins\.nostr: 2026\.9\.5 enabled -> 2026\.9\.4 enabled$"
  expect_output "and keeps both" "Kept: .*/\.clawform/checklists/.*checklist-before\.json and .*checklist-after\.json"
  check "both checklists are there" 0 bash -c "ls '$root'/.clawform/checklists/*checklist-before.json '$root'/.clawform/checklists/*checklist-after.json"

  check "capture after the change" 0 "$clawform" checklist capture "$fleet" "${host[@]}" --out "$dir/after.json"
  check "compare: a difference not declared expected exits 1" 1 \
    "$clawform" checklist compare "$dir/before.json" "$dir/after.json"
  expect_output "the side-by-side row of the plugin" "^! +nostr +2026\.9\.5 enabled +2026\.9\.4 enabled$"
  expect_output "exactly one difference" "^1 difference \(0 expected\):$"
  grep -E '^  [a-z]+ [a-z._-]+: ' "$tmp/out" > "$dir/differences"
  check "nothing else differs ($(tr '\n' ';' < "$dir/differences"))" 0 bash -c "[ \$(wc -l < '$dir/differences') -eq 1 ]"
  check "compare: the same difference declared expected exits 0" 0 \
    "$clawform" checklist compare "$dir/before.json" "$dir/after.json" --expect acme.plugins.nostr
  expect_output "marked expected" "acme plugins\.nostr: 2026\.9\.5 enabled -> 2026\.9\.4 enabled \(expected\)"
  check "compare --markdown for the ticket" 1 \
    "$clawform" checklist compare "$dir/before.json" "$dir/after.json" --markdown
  expect_output "a Markdown table per project" "^\| \| item \| before \| after \|$"
  expect_output "the difference listed" "^- \`acme\` plugins\.nostr: 2026\.9\.5 enabled → 2026\.9\.4 enabled$"
  check "compare: a damaged checklist is an error naming the file and field" 1 bash -c \
    "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d[\"projects\"][1][\"port\"]=\"x\"; json.dump(d,open(sys.argv[2],\"w\"))' '$dir/after.json' '$dir/bad.json' && '$clawform' checklist compare '$dir/before.json' '$dir/bad.json'"
  expect_error "names it" "bad\.json: projects\[1\]\.port: not a port number"

  check "put the pin back" 0 "$clawform" apply "$fleet" "${host[@]}" --auto-approve --health-timeout 600 --step-timeout 900
  expect_output "the way back is the same one difference" "^  acme plugins\.nostr: 2026\.9\.4 enabled -> 2026\.9\.5 enabled$"
}
