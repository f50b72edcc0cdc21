#!/usr/bin/env bash
# `clawform plan` and `clawform show` as the operator runs them, on the real
# openclaw in an empty sandbox root: exit codes, the three formats, the saved
# plan, stale-plan warnings, colour, and no secret value anywhere.
# Usage: $0 CLAWFORM OPENCLAW
set -u
clawform=$1
openclaw=$2
. "$(dirname "$0")/check_lib.sh"

root="$tmp/root"; mkdir -p "$root"
host=(--root "$root" --openclaw "$openclaw")
untouched_root() {  # untouched_root NAME: nothing under $root but clawform's own dir
  local created
  created=$(find "$root" -mindepth 1 -not -path "$root/.clawform*")
  check "$1" 0 test -z "$created"
  [ -z "$created" ] || echo "  created: $created"
}
# A unique canary value for every key reference of the examples.
make_canaries ACME_ANTHROPIC_KEY GLOBEX_OPENAI_KEY INITECH_ANTHROPIC_KEY INITECH_OPENAI_KEY INTERNAL_ANTHROPIC_KEY \
  PILOT_ANTHROPIC_KEY UMBRELLA_ANTHROPIC_KEY ACME_GATEWAY_TOKEN GLOBEX_GATEWAY_TOKEN INITECH_GATEWAY_TOKEN \
  UMBRELLA_GATEWAY_TOKEN INTERNAL_GATEWAY_TOKEN PILOT_GATEWAY_TOKEN

# The examples on this test's own ports, away from OpenClaw's defaults.
with_ports examples/five-clients.yaml 24000-24999 24000 24200 24400 24600 24800 > "$tmp/five.yaml"
with_ports examples/one-project.yaml 25000-25000 > "$tmp/one.yaml"

check "five clients on an empty host: changes present" 2 \
  "$clawform" plan "$tmp/five.yaml" "${host[@]}" --detailed-exitcode --out "$tmp/plan.json"
for project in acme globex initech umbrella internal; do
  expect_output "$project state dir created" "^  \+ \[ ?[0-9]+\] project\.$project\.state_dir: create \(absent\)$"
  expect_output "$project gateway started" "^  \^ \[ ?[0-9]+\] project\.$project\.gateway: restart \(not running\)$"
done
expect_output "summary line" "^Plan: [0-9]+ to create, 0 to update, 0 to delete, 5 restart\.$"
expect_output "points at the saved plan" "Saved the plan to .*plan\.json"
no_canary "plan text" "$tmp/out" "$tmp/err"
no_canary "plan file" "$tmp/plan.json"
cp "$tmp/out" "$tmp/plan.txt"
untouched_root "the root is left as it was, but for the digest key"

check "without --detailed-exitcode changes exit 0" 0 "$clawform" plan "$tmp/five.yaml" "${host[@]}"
check "json format is the saved plan" 0 "$clawform" plan "$tmp/five.yaml" "${host[@]}" --format json
same_files "json == --out" "$tmp/out" "$tmp/plan.json"
check "markdown" 0 "$clawform" plan "$tmp/five.yaml" "${host[@]}" --format markdown
expect_output "markdown summary" '^\*\*Plan: [0-9]+ to create, 0 to update, 0 to delete, 5 restart\.\*\*$'
expect_output "markdown section per project" "^## umbrella$"
no_canary "markdown" "$tmp/out" "$tmp/err"

check "show renders the saved plan" 0 "$clawform" show "$tmp/plan.json" --offline
head -n -2 "$tmp/plan.txt" > "$tmp/plan-body.txt"  # less the blank line and "Saved the plan to ..."
same_files "show text == plan text" "$tmp/out" "$tmp/plan-body.txt"
check "show json is the file" 0 "$clawform" show "$tmp/plan.json" --offline --format json
same_files "show json == file" "$tmp/out" "$tmp/plan.json"
check "show on an unchanged host: no warning" 0 "$clawform" show "$tmp/plan.json" --openclaw "$openclaw"
refute_output "no stale warning" "warning"
mkdir -m 0700 -p "$root/Users/operator/.openclaw-acme"
check "show on a changed host" 0 "$clawform" show "$tmp/plan.json" --openclaw "$openclaw"
expect_error "stale warning" "the host has changed since this plan was made"
expect_error "names the instance and what changed" "^  acme: .*state_dir changed$"
rmdir "$root/Users/operator/.openclaw-acme" "$root/Users/operator" "$root/Users"

sed 's#model: openai/gpt-5.4#model: openai/gpt-5.1#' "$tmp/five.yaml" > "$tmp/unknown-model.yaml"
check "a model openclaw does not know" 1 "$clawform" plan "$tmp/unknown-model.yaml" "${host[@]}" --out "$tmp/none.json"
expect_error "names the project and the dry run" \
  '^error: project globex: openclaw refuses the config this plan sets \(`openclaw config patch --dry-run`\): exit 1'
expect_error "gives openclaw's reason" 'Unknown model: openai/gpt-5\.1'
no_canary "dry-run errors" "$tmp/out" "$tmp/err"
check "no plan file is written despite errors" 1 test -e "$tmp/none.json"
untouched_root "the dry run changed nothing under the root"

unset UMBRELLA_ANTHROPIC_KEY
check "an unresolvable key reference" 1 "$clawform" plan "$tmp/five.yaml" "${host[@]}" --out "$tmp/none.json"
expect_error "names project and key" "error: project umbrella: key ANTHROPIC_API_KEY \(env:UMBRELLA_ANTHROPIC_KEY\): environment variable UMBRELLA_ANTHROPIC_KEY is not set"
no_canary "errors" "$tmp/out" "$tmp/err"
check "no plan file is written despite errors" 1 test -e "$tmp/none.json"

check "an invalid manifest" 1 "$clawform" plan fixtures/manifests/invalid/port-collision.yaml "${host[@]}"
expect_error "validation diagnostics" "error: \[port-collision\]"
check "usage error is 1, never 2" 1 "$clawform" plan --detailed-exitcode
check "unknown format" 1 "$clawform" plan "$tmp/one.yaml" --format yaml
check "show: not a plan" 1 "$clawform" show examples/one-project.yaml --offline
expect_error "says so" "is not a clawform plan"

export UMBRELLA_ANTHROPIC_KEY=x-umbrella
# Colour on a terminal, none with NO_COLOR or in a pipe.
check "colour on a tty" 0 script -qec "$clawform plan $tmp/one.yaml --root $root --openclaw $openclaw" /dev/null
expect_output "ANSI colour" $'\033\\[32m'
check "NO_COLOR on a tty" 0 env NO_COLOR=1 script -qec "$clawform plan $tmp/one.yaml --root $root --openclaw $openclaw" /dev/null
refute_output "no ANSI" $'\033\\['
check "pipe" 0 "$clawform" plan "$tmp/one.yaml" "${host[@]}"
refute_output "no ANSI in a pipe" $'\033\\['

finish
