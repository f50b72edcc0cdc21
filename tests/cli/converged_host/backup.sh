# clawform backup on the converged host (tests/cli/converged_host_test.sh):
# per instance OpenClaw's verified state archive without key files or
# credentials, and those encrypted apart with age to a recipient the test
# makes; no canary in clear anywhere under the backup dir (gzip'd tars
# unpacked too); the secrets decrypt and hold the canaries; the index's
# sizes and digests match; retention; a failure leaves nothing behind; the
# gateways still run. Leaves for the restore drill, which runs next:
#   $tmp/backup/out/<stamp>/index.json (one set), $tmp/backup/identity.txt,
#   $tmp/backup/fleet.yaml (the fleet with its backup: section).
# Reads the host only (the gateways keep running); leaves it converged.

# The fleet with a backup: section naming `recipient` (any section the
# example has is replaced), or without one when `recipient` is empty.
backup_fleet() {  # backup_fleet RECIPIENT > FILE
  awk '/^backup:/ { skip = 1; next } skip && /^[^ #]/ { skip = 0 } !skip { print }' "$fleet"
  if [ -n "$1" ]; then printf 'backup:\n  recipients: [%s]\n  keep: 5\n' "$1"; fi
}

# The sets this section wrote (not its 2020 decoy).
backup_sets() {  # backup_sets OUT
  find "$1" -mindepth 1 -maxdepth 1 -type d -name '2[0-9][0-9][0-9]*T*Z' ! -name 20200101T000000Z | sort
}

# Staging dirs a backup left in the test's $TMPDIR (Node keeps its own
# compile cache there too: not ours).
staging_left() {  # staging_left DIR
  find "$1/staging" -mindepth 1 -maxdepth 1 -name 'clawform-backup-*'
}

# Every instance's files in a set: modes, the index's bytes and sha256.
check_backup_set() {  # check_backup_set NAME SET
  local name=$1 set=$2
  if [ -z "$(find "$set" \( -type f ! -perm 0600 \) -o \( -type d ! -perm 0700 \))" ]; then passed=$((passed + 1))
  else echo "FAIL $name: files not 0600 or dirs not 0700:"; find "$set" -printf '%m %p\n'; failures=$((failures + 1)); fi
  if python3 - "$set" <<'EOF'
import hashlib, json, os, sys
set_dir = sys.argv[1]
index = json.load(open(os.path.join(set_dir, "index.json")))
assert index["kind"] == "clawform-backup" and index["format"] == 1, index["kind"]
assert index["topology"] == "C" and len(index["recipients"]) == 1
assert [p["project"] for p in index["checklist"]["projects"]] == ["acme", "globex", "internal"], index["checklist"]
assert [i["instance"] for i in index["instances"]] == ["acme", "globex", "internal"]
for instance in index["instances"]:
    assert instance["openclaw_version"] == "2026.9.6" and instance["node_major"] >= 24, instance
    assert any(r.endswith("/.env") for r in instance["removed_from_archive"]), instance["removed_from_archive"]
    roles = [f["role"] for f in instance["files"]]
    assert roles == ["state", "secrets"], roles
    for f in instance["files"]:
        data = open(os.path.join(set_dir, f["path"]), "rb").read()
        assert len(data) == f["bytes"], (f["path"], len(data), f["bytes"])
        assert hashlib.sha256(data).hexdigest() == f["sha256"], f["path"]
    assert ".env" in instance["files"][1]["contains"], instance["files"][1]["contains"]
EOF
  then passed=$((passed + 1)); else echo "FAIL $name: index.json does not match the set"; failures=$((failures + 1)); fi
}

section_backup() {
  local dir=$tmp/backup out=$tmp/backup/out set first p var
  mkdir -p "$dir/staging"
  age-keygen -o "$dir/identity.txt" 2> /dev/null
  local recipient
  recipient=$(age-keygen -y "$dir/identity.txt")
  backup_fleet "$recipient" > "$dir/fleet.yaml"
  backup_fleet "" > "$dir/no-backup.yaml"

  check "backup without recipients is refused" 1 "$clawform" backup "$dir/no-backup.yaml" --out "$dir/none" "${host[@]}"
  expect_error "it names the file and what to add" "^error: $dir/no-backup.yaml has no backup recipients: add a section"
  expect_error "it shows the section" "recipients: \[age1\.\.\.\]"
  sed 's/^  recipients: .*/  recipients: [age1notarecipient]/' "$dir/fleet.yaml" > "$dir/bad-recipient.yaml"
  check "a recipient that is not one is refused at its line" 1 "$clawform" backup "$dir/bad-recipient.yaml" \
    --out "$dir/none" "${host[@]}"
  expect_error "with the recipient lint" "^$dir/bad-recipient.yaml:[0-9]+:[0-9]+: error: \[backup-recipient\]"
  if [ ! -e "$dir/none" ]; then passed=$((passed + 1)); else echo "FAIL refused backups wrote $dir/none"; failures=$((failures + 1)); fi

  # A set a crashed run left is removed (and said); other entries are never touched.
  mkdir -p "$out/.partial-20200101T000000Z/acme" "$out/notes" "$out/20200101T000000Z"
  check "backup of the running host" 0 env TMPDIR="$dir/staging" "$clawform" backup "$dir/fleet.yaml" --out "$out" "${host[@]}"
  cat "$tmp/out"
  for p in acme globex internal; do
    expect_output "progress for $p" "^backup $p: state [0-9]+ kB \(verified\), secrets [0-9]+ kB \(age, 1 recipient\), [0-9.]+ s$"
  done
  expect_output "the crashed run's partial set is removed" "^removed $out/\.partial-20200101T000000Z: a backup that did not finish$"
  expect_output "a summary with the set's path" "^Backup set $out/[0-9]{8}T[0-9]{6}Z: 3 instance\(s\), [0-9]+ kB, [0-9.]+ s$"
  no_canary "progress output" "$tmp/out" "$tmp/err"
  first=$(backup_sets "$out")
  if [ -n "$first" ] && [ ! -e "$out/.partial-20200101T000000Z" ] && [ -d "$out/notes" ] && [ -z "$(staging_left "$dir")" ]; then
    passed=$((passed + 1))
  else
    echo "FAIL set in place, partial gone, notes kept, staging empty:"; ls -la "$out" "$dir/staging"; failures=$((failures + 1))
  fi
  check_backup_set "first set" "$first"

  # OpenClaw verifies each state archive; none holds a key file, credentials or a canary.
  mkdir -p "$dir/home" "$dir/unpacked"
  for p in acme globex internal; do
    check "openclaw backup verify $p" 0 env HOME="$dir/home" "$openclaw" backup verify "$first/$p/state.tar.gz" --json
    expect_output "$p verifies ok" '"ok": *true'
    mkdir -p "$dir/unpacked/$p"
    tar -xzf "$first/$p/state.tar.gz" -C "$dir/unpacked/$p"
    if [ -z "$(find "$dir/unpacked/$p" \( -name .env -o -name credentials -o -name keys.env \))" ] &&
       [ -n "$(find "$dir/unpacked/$p" -name openclaw.json)" ]; then passed=$((passed + 1))
    else echo "FAIL $p: the state archive holds a key file or credentials (or no config)"; failures=$((failures + 1)); fi
  done
  no_canary "no canary in clear under the backup dir" "$out"
  no_canary "no canary inside the state archives" "$dir/unpacked"
  rm -rf "$dir/unpacked"

  # The secrets decrypt with the identity and hold the key files and service file.
  for p in acme globex internal; do
    mkdir -p "$dir/secrets/$p"
    check "secrets of $p decrypt" 0 age -d -i "$dir/identity.txt" -o "$dir/secrets/$p.tar" "$first/$p/secrets.tar.age"
    tar -xf "$dir/secrets/$p.tar" -C "$dir/secrets/$p"
    var=$(echo "$p" | tr a-z A-Z)_GATEWAY_TOKEN
    if grep -qF -- "${!var}" "$dir/secrets/$p/.env" && [ -n "$(ls "$dir/secrets/$p/service/")" ]; then
      passed=$((passed + 1))
    else echo "FAIL $p: the decrypted secrets lack the canary or the service file"; ls -R "$dir/secrets/$p"; failures=$((failures + 1)); fi
  done
  if grep -qF -- "$ACME_ANTHROPIC_KEY" "$dir/secrets/acme/.env" && grep -qF -- "$GLOBEX_OPENAI_KEY" "$dir/secrets/globex/.env"
  then passed=$((passed + 1)); else echo "FAIL the API key canaries are not in the secrets"; failures=$((failures + 1)); fi
  rm -rf "$dir/secrets"

  # A failure (age cannot encrypt) names the project and command, writes no set, leaves no staging.
  mkdir -p "$dir/badbin"
  printf '#!/bin/sh\necho "age: error: simulated failure" >&2\nexit 1\n' > "$dir/badbin/age"
  chmod +x "$dir/badbin/age"
  check "a failing age fails the backup" 1 env PATH="$dir/badbin:$PATH" TMPDIR="$dir/staging" \
    "$clawform" backup "$dir/fleet.yaml" --out "$dir/failed" "${host[@]}"
  expect_error "it names the project and the command" "^error: backup acme: \`$dir/badbin/age -r age1[a-z0-9]+ -o .*secrets.tar.age\` failed: exit 1: age: error: simulated failure$"
  expect_error "and says no set was written" "^No backup set was written\.$"
  no_canary "the failure's output" "$tmp/out" "$tmp/err"
  if [ -z "$(ls -A "$dir/failed")" ] && [ -z "$(staging_left "$dir")" ]; then passed=$((passed + 1))
  else echo "FAIL the failed backup left:"; ls -la "$dir/failed" "$dir/staging"; failures=$((failures + 1)); fi

  # Retention: --keep 1 leaves the new set alone, and only backup sets are counted or removed.
  sleep 1
  check "a second backup keeps 1" 0 env TMPDIR="$dir/staging" "$clawform" backup "$dir/fleet.yaml" --out "$out" --keep 1 "${host[@]}"
  cat "$tmp/out"
  expect_output "the older set is removed and said" "^removed $first \(keep 1\)$"
  set=$(backup_sets "$out")
  if [ "$(echo "$set" | wc -l)" -eq 1 ] && [ "$set" != "$first" ] && [ -d "$out/notes" ] && [ -d "$out/20200101T000000Z" ]; then
    passed=$((passed + 1))
  else echo "FAIL --keep 1 left: $(ls "$out")"; failures=$((failures + 1)); fi
  check_backup_set "second set" "$set"
  rmdir "$out/notes" "$out/20200101T000000Z"

  # The gateways ran through it all, and the host is as converged as before.
  for p in $port $((port + 120)) $((port + 240)); do
    check "gateway on $p still answers /health" 0 curl -sf "http://127.0.0.1:$p/health"
  done
  check "the host is still converged" 0 "$clawform" plan "$fleet" "${host[@]}" --detailed-exitcode
}
