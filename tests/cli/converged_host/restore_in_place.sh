# Section restore_in_place (tests/cli/converged_host_test.sh): files written
# into acme's workspace (a fresh instance has none), a backup of acme made,
# then the workspace damaged by hand,
# then `clawform restore INDEX --project acme` without --drill, a journaled
# plan. With a failure injected after its last step the rollback leaves the
# damaged state exactly as it was (nothing lost); without, the workspace is
# the backup's again, the key file is the live one, the gateway is healthy
# and the host is converged (a plan has no change). Leaves the host as the
# backup had it.

workspace_digest() {  # workspace_digest DIR: every file's name and content
  (cd "$1" && find . -type f -print0 | sort -z | xargs -0r sha256sum)
}

section_restore_in_place() {
  local dir=$tmp/restore_in_place index state ws
  state=$root/Users/operator/.openclaw-acme
  ws=$state/workspace
  check "acme's workspace is there" 0 test -d "$ws"
  mkdir -p "$ws/memory"
  echo "# Agents of acme" > "$ws/AGENTS.md"
  echo "# The user" > "$ws/USER.md"
  echo "what acme's agent remembers" > "$ws/memory/notes.md"
  check "a backup of acme with its workspace" 0 "$clawform" backup "$fleet" "${host[@]}" --out "$dir/out" --project acme
  index=$(ls "$dir"/out/*/index.json 2>/dev/null | tail -1)
  check "its set" 0 test -f "$index"
  workspace_digest "$ws" > "$dir/backed-up"
  sha256sum "$state/.env" > "$dir/key-file"
  check "the workspace has files to lose" 0 test -s "$dir/backed-up"

  # Damage it by hand: a file lost, one overwritten, one added.
  local lost written
  lost=$(cd "$ws" && find . -type f -name '*.md' | sort | head -1)
  written=$(cd "$ws" && find . -type f -name '*.md' | sort | sed -n 2p)
  rm -f "$ws/$lost"
  echo "overwritten by hand" > "$ws/$written"
  echo "not in the backup" > "$ws/stray.md"
  workspace_digest "$ws" > "$dir/damaged"
  check "the damage shows" 1 cmp -s "$dir/backed-up" "$dir/damaged"

  CLAWFORM_FAULT=3:fail check "restore with a failure injected after its last step: rolled back" 1 \
    "$clawform" restore "$index" --project acme --manifest "$fleet" "${host[@]}" --auto-approve --health-timeout 600 --step-timeout 900
  expect_error "the apply says it rolled back" "[Rr]olled back"
  workspace_digest "$ws" > "$dir/after-rollback"
  check "the rollback left the damaged workspace exactly as it was" 0 cmp "$dir/damaged" "$dir/after-rollback"
  check "the key file untouched" 0 sha256sum -c --quiet "$dir/key-file"
  check "nothing left beside the state dir" 1 bash -c "ls -d '$state'.clawform-* 2>/dev/null | grep ."
  check "acme's gateway runs again after the rollback" 0 curl -sf "http://127.0.0.1:$port/health"

  check "restore in place" 0 \
    "$clawform" restore "$index" --project acme --manifest "$fleet" "${host[@]}" --auto-approve --health-timeout 600 --step-timeout 900
  expect_output "the plan's restore step" "project\.acme\.state"
  expect_output "the checklist shows the workspace came back" "acme workspace: "
  workspace_digest "$ws" > "$dir/restored"
  check "the workspace is the backup's again (lost file back, overwrite undone, stray gone)" 0 \
    cmp "$dir/backed-up" "$dir/restored"
  check "the key file is the live one, never from the backup" 0 sha256sum -c --quiet "$dir/key-file"
  check "acme's gateway answers" 0 curl -sf "http://127.0.0.1:$port/health"
  check "nothing left beside the state dir" 1 bash -c "ls -d '$state'.clawform-* 2>/dev/null | grep ."
  check "the host is converged: a plan has no change" 0 \
    "$clawform" plan "$fleet" "${host[@]}" --detailed-exitcode
  check "another fleet's manifest is refused, naming both" 1 bash -c \
    "sed 's/^fleet: .*/fleet: elsewhere/' '$fleet' > '$dir/other.yaml' && '$clawform' restore '$index' --project acme --manifest '$dir/other.yaml' --root '$root' --openclaw '$openclaw' --auto-approve"
  expect_error "names the fleets" "is a backup of fleet .*, and .*other\.yaml describes fleet elsewhere"
}
