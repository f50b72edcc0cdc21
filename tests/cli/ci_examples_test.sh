#!/usr/bin/env bash
# The CI examples (examples/ci/: a GitHub Actions workflow and a GitLab CI
# job) run as CI would run them, on a copy of a manifest repository: the
# live state recorded on a sandbox host with the real openclaw (`discover
# --json`), then each example's commands (tests/cli/ci_example_commands.py)
# with no openclaw to find and no key value set, and `gh` and `curl` standing
# in for the two forges' APIs (they record what would be posted).
# 1. A manifest change: validated, planned offline, the Markdown plan (with
#    the boundary table and the host diagram) posted to the pull request.
# 2. A broken manifest: the job fails naming file, line and column; nothing
#    is posted.
# Usage: $0 CLAWFORM OPENCLAW
set -u
clawform=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
openclaw=$2
. "$(dirname "$0")/check_lib.sh"
make_canaries ACME_ANTHROPIC_KEY GLOBEX_OPENAI_KEY INTERNAL_ANTHROPIC_KEY \
  ACME_GATEWAY_TOKEN GLOBEX_GATEWAY_TOKEN INTERNAL_GATEWAY_TOKEN
here=$(cd "$(dirname "$0")" && pwd)
examples=$(cd "$here/../../examples" && pwd)
host=m4pro-sg-01

# The manifest repository: the host's manifest, its recorded live state, the script.
repo=$tmp/repo
mkdir -p "$repo/fleet" "$repo/live-state" "$repo/ci" "$tmp/root" "$tmp/bin"
cp "$examples/three-clients.yaml" "$repo/fleet/$host.yaml"
cp "$examples/clawform.lock" "$repo/fleet/clawform.lock"
cp "$examples/ci/plan-review.sh" "$repo/ci/plan-review.sh"
check "record the host's live state" 0 \
  "$clawform" discover "$repo/fleet/$host.yaml" --root "$tmp/root" --openclaw "$openclaw" --json
cp "$tmp/out" "$repo/live-state/$host.json"

# The forges' command-line clients: they keep what they were asked to post.
cat > "$tmp/bin/gh" <<'SH'
#!/bin/sh
# gh pr comment N --body-file FILE
[ "$1 $2" = "pr comment" ] && [ "$4" = "--body-file" ] && [ -n "$GH_TOKEN" ] || { echo "gh: unexpected: $*" >&2; exit 2; }
echo "pr $3" > "$POSTED.to"; cp "$5" "$POSTED"
SH
cat > "$tmp/bin/curl" <<'SH'
#!/bin/sh
# curl ... --data-urlencode body@FILE URL
for a in "$@"; do case $a in body@*) cp "${a#body@}" "$POSTED" ;; https://*) echo "$a" > "$POSTED.to" ;; esac; done
[ -f "$POSTED" ] || { echo "curl: nothing posted: $*" >&2; exit 2; }
SH
chmod +x "$tmp/bin/gh" "$tmp/bin/curl"

# CI's shell: the examples' commands, no openclaw, no key value.
run_ci() {  # run_ci github|gitlab FILE: in the repository
  python3 "$here/ci_example_commands.py" "$1" "$2" "$host" 17 > "$tmp/ci-$1.sh" || return 1
  (cd "$repo" && env -i HOME="$tmp" PATH="$tmp/bin:/usr/bin:/bin" CLAWFORM="$clawform" \
     CLAWFORM_OPENCLAW=/nonexistent/openclaw POSTED="$tmp/posted-$1.md" bash "$tmp/ci-$1.sh")
}

# 1. A change: globex moves to another model.
sed -i 's|model: openai/gpt-5.4|model: openai/gpt-5.4-mini|' "$repo/fleet/$host.yaml"
for forge in github gitlab; do
  rm -rf "$repo/out" "$tmp/posted-$forge.md"
  check "$forge: the example's commands" 0 run_ci $forge "$examples/ci/$( [ $forge = github ] && echo github-actions || echo gitlab-ci).yml"
  expect_output "$forge: planned offline" "^clawform: planned fleet/$host.yaml from live-state/$host.json: changes: yes"
  check "$forge: the plan was posted" 0 test -s "$tmp/posted-$forge.md"
  check "$forge: posted where it belongs" 0 grep -qE "^pr 17$|merge_requests/17/notes$" "$tmp/posted-$forge.md.to"
  check "$forge: the posted plan is the Markdown plan" 0 cmp "$tmp/posted-$forge.md" "$repo/out/$host/plan.md"
  check "$forge: says it was planned offline" 0 grep -q "^Planned offline from the live state recorded in \`live-state/$host.json\`" "$tmp/posted-$forge.md"
  check "$forge: with the boundary table" 0 grep -q "^| Project | Data | Credentials | Model | Plugins | Gateway | Observability |" "$tmp/posted-$forge.md"
  check "$forge: and the host diagram" 0 grep -q '^```mermaid' "$tmp/posted-$forge.md"
  check "$forge: under the cap" 0 test "$(wc -c < "$tmp/posted-$forge.md")" -lt 65536
  check "$forge: the full plan is kept" 0 test -s "$repo/out/$host/plan.json"
  no_canary "$forge: no key value posted or kept" "$tmp/posted-$forge.md" "$repo/out" "$repo/live-state"
done

# 2. A broken manifest: named with line and column, nothing posted.
sed -i 's|^topology: C|topology: Q|' "$repo/fleet/$host.yaml"
for forge in github gitlab; do
  rm -rf "$repo/out" "$tmp/posted-$forge.md"
  check "$forge: a broken manifest fails the job" 1 run_ci $forge "$examples/ci/$( [ $forge = github ] && echo github-actions || echo gitlab-ci).yml"
  expect_output "$forge: naming file, line and column" "fleet/$host\.yaml:[0-9]+:[0-9]+: error"
  check "$forge: nothing posted" 1 test -e "$tmp/posted-$forge.md"
done
finish
