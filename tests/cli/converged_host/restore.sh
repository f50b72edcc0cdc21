# restore --drill (docs/operations.md, "restore --drill") on the converged
# three-client host: every project of a backup set restored into scratch
# dirs and booted on ports PORT+500..PORT+799, its checklist compared, its RTO
# printed; nothing left behind (no scratch dir, no process, no listener in
# the scratch range); a set with a truncated archive refused before anything
# is created; an archive openclaw refuses (the index made to match it)
# reported with openclaw's message, its scratch dir removed; the live
# gateways answer throughout. Reads the host only: it leaves it as it was.
#
# The set is the backup section's ("$tmp/backup/out"/*/index.json) when it
# ran first; else this section makes one by hand the way `clawform backup`
# does (openclaw backup create --verify as the instance, key files taken out
# of the archive, an index with sizes, sha256 and the checklist).

restore_scratch_first=$((port + 500))
restore_scratch_last=$((port + 799))
restore_scratch_ports=$restore_scratch_first-$restore_scratch_last

# Listeners in the scratch range, one port a line.
restore_scratch_listeners() {
  ss -ltnH 2>/dev/null | awk -v first="$restore_scratch_first" -v last="$restore_scratch_last" \
    '{ n = split($4, a, ":"); p = a[n] + 0; if (p >= first && p <= last) print p }'
}

# Processes still running on a scratch state (the drill's gateway or its children).
restore_scratch_processes() {
  grep -lsF "OPENCLAW_STATE_DIR=$1/clawform-drill-" /proc/[0-9]*/environ 2>/dev/null
}

# A backup set made by hand, as `clawform backup` makes one: restore_make_set DIR.
restore_make_set() {
  local dir=$1 home project state archive work created
  mkdir -p "$dir"
  home=$(dirname "$(find "$root" -maxdepth 4 -type d -name '.openclaw-acme' | head -1)")
  "$clawform" checklist capture "$fleet" "${host[@]}" --out "$dir/checklist.json" > /dev/null || return 1
  created=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  local instances=()
  for project in acme globex internal; do
    state=$home/.openclaw-$project
    mkdir -p "$dir/$project" "$dir/raw-$project"
    env -i PATH=/usr/bin:/bin HOME="$home" OPENCLAW_STATE_DIR="$state" OPENCLAW_CONFIG_PATH="$state/openclaw.json" \
      OPENCLAW_NO_RESPAWN=1 TMPDIR="${TMPDIR:-/tmp}" \
      "$openclaw" --profile "$project" backup create --output "$dir/raw-$project" --verify --json > "$dir/raw-$project.json" \
      || return 1
    archive=$(jq -r .archivePath "$dir/raw-$project.json")
    # The key file and credentials/ leave the archive (backup keeps them
    # encrypted apart): repack without them.
    work=$dir/work-$project
    mkdir -p "$work" && tar -xzf "$archive" -C "$work" || return 1
    find "$work" -path '*/.openclaw-'"$project"'/.env' -delete
    find "$work" -path '*/.openclaw-'"$project"'/credentials' -prune -exec rm -rf {} +
    (cd "$work" && tar -czf "$dir/$project/state.tar.gz" -- *) || return 1
    rm -rf "$work" "$dir/raw-$project" "$dir/raw-$project.json"
    instances+=("$(jq -n --arg p "$project" --arg s "$state" --arg f "$project/state.tar.gz" \
      --argjson b "$(stat -c %s "$dir/$project/state.tar.gz")" --arg h "$(sha256sum < "$dir/$project/state.tar.gz" | cut -d' ' -f1)" \
      '{instance: $p, projects: [$p], openclaw_version: "2026.9.6", node_major: 24, state_dir: $s, archive_root: "",
        files: [{role: "state", path: $f, bytes: $b, sha256: $h}], removed_from_archive: [".env", "credentials"], seconds: 0}')")
  done
  printf '%s\n' "${instances[@]}" | jq -s --slurpfile c "$dir/checklist.json" \
    --arg t "$created" '{kind: "clawform-backup", format: 1, created_at: $t, clawform_version: "test", fleet: "m4pro-sg-01",
      region: "sg", topology: "C", recipients: [], checklist: $c[0], instances: .}' > "$dir/index.json"
  rm -f "$dir/checklist.json"
}

section_restore() {
  local index out=$tmp/restore drills=$tmp/restore/tmpdir copy p
  mkdir -p "$drills"
  index=$(ls "$tmp"/backup/out/*/index.json 2>/dev/null | tail -1)
  if [ -z "$index" ]; then
    check "a backup set made by hand" 0 restore_make_set "$out/set"
    index=$out/set/index.json
  fi
  [ -f "$index" ] || { echo "FAIL restore: no backup set"; failures=$((failures + 1)); return; }
  local set_dir
  set_dir=$(dirname "$index")

  # The drill of every project.
  check "restore --drill of every project exits 0" 0 env TMPDIR="$drills" \
    "$clawform" restore "$index" --drill --boot-timeout 600 --scratch-ports "$restore_scratch_ports" --openclaw "$openclaw"
  cp "$tmp/out" "$out/drill.out"
  for p in acme globex internal; do
    expect_output "drill $p: database exact, booted in the scratch range, checklist matches, RTO" \
      "^drill $p: verified [0-9.]+ s, restored [0-9.]+ s, database exact, booted on [0-9]+ in [0-9.]+ s, checklist matches.*; RTO [0-9.]+ s$"
  done
  expect_output "the summary counts every project" "^3 of 3 projects passed; longest RTO [0-9.]+ s"
  cat "$out/drill.out"
  check "no scratch dir is left" 0 test -z "$(ls -A "$drills" | grep clawform-drill-)"
  check "no process runs on a scratch state" 0 test -z "$(restore_scratch_processes "$drills")"
  check "nothing listens in the scratch range" 0 test -z "$(restore_scratch_listeners)"

  # A truncated archive: refused before anything is created.
  copy=$out/truncated
  cp -a "$set_dir" "$copy"
  truncate -s -1000 "$copy/acme/state.tar.gz"
  check "a set with a truncated archive exits 1" 1 env TMPDIR="$drills" \
    "$clawform" restore "$copy/index.json" --drill --boot-timeout 600 --scratch-ports "$restore_scratch_ports" --openclaw "$openclaw"
  expect_error "the error names the truncated archive and its sizes" \
    "acme/state\.tar\.gz: [0-9]+ bytes, the index says [0-9]+ \(truncated or replaced\)"
  refute_output "no drill ran" "^drill "
  check "no scratch dir after the refused set" 0 test -z "$(ls -A "$drills" | grep clawform-drill-)"

  # The same archive with the index made to match it: openclaw refuses it.
  jq --arg b "$(stat -c %s "$copy/acme/state.tar.gz")" --arg h "$(sha256sum < "$copy/acme/state.tar.gz" | cut -d' ' -f1)" \
    '(.instances[] | select(.instance == "acme") | .files[] | select(.role == "state")) |= (.bytes = ($b | tonumber) | .sha256 = $h)' \
    "$set_dir/index.json" > "$copy/index.json"
  check "an archive openclaw refuses: exit 1" 1 env TMPDIR="$drills" \
    "$clawform" restore "$copy/index.json" --drill --project acme --boot-timeout 600 --scratch-ports "$restore_scratch_ports" --openclaw "$openclaw"
  expect_output "the drill names the archive and openclaw's reason" \
    "^drill acme: FAILED at restore: openclaw backup restore .*/acme/state\.tar\.gz: exit 1: Backup archive verification failed"
  # --project: that drill alone (a drill that passes with --project would boot
  # a fourth scratch gateway for nothing the drill of every project did not show).
  expect_output "--project acme: one drill, counted as one" "^0 of 1 project passed"
  refute_output "--project acme: globex is not drilled" "^drill globex"
  check "no scratch dir after openclaw refused the archive" 0 test -z "$(ls -A "$drills" | grep clawform-drill-)"
  check "no process left after the failed drill" 0 test -z "$(restore_scratch_processes "$drills")"
  check "nothing listens in the scratch range after the failures" 0 test -z "$(restore_scratch_listeners)"

  # The live host is as it was.
  for p in $port $((port + 120)) $((port + 240)); do
    check "the live gateway on $p still answers /health" 0 curl -fsS --max-time 5 "http://127.0.0.1:$p/health"
  done
  no_canary "no key value in the drill's output" "$out/drill.out"
}
