#!/usr/bin/env bash
# A first word that is no command: an error naming it (exit 1, nothing on
# stdout), "did you mean" for a plausible typo, the list of commands; with
# --help too, which must not print the main help and exit 0. Timeouts that
# are not a number of seconds above zero, from a flag or the environment.
# Usage: $0 CLAWFORM
set -u
clawform=$1
. "$(dirname "$0")/check_lib.sh"

commands='^The commands are: validate, schema, discover, plan, show, apply, recover, unlock, lock, prune, checklist, backup, restore, status\. Run `clawform --help` for what each does\.$'
check "bakup" 1 "$clawform" bakup
expect_error "names the word" '^clawform: unknown command "bakup"; did you mean "backup"\?$'
expect_error "lists the commands" "$commands"
check "nothing on stdout" 0 test ! -s "$tmp/out"

check "bakup --help" 1 "$clawform" bakup --help
expect_error "names the word with --help" '^clawform: unknown command "bakup"; did you mean "backup"\?$'
refute_output "not the main help" 'Subcommands:'

check "aply (a typo)" 1 "$clawform" aply plan.json
expect_error "did you mean apply" '^clawform: unknown command "aply"; did you mean "apply"\?$'
check "recovr --root x" 1 "$clawform" recovr --root /nonexistent
expect_error "did you mean recover" '^clawform: unknown command "recovr"; did you mean "recover"\?$'

# Timeouts: a number of seconds above zero, from the flag or the environment.
check "--timeout 0" 1 "$clawform" plan examples/one-project.yaml --root "$tmp/none" --timeout 0
expect_error "names the flag and the value" '^--timeout: "0" is not a number of seconds above zero$'
check "CLAWFORM_TIMEOUT=abc" 1 env CLAWFORM_TIMEOUT=abc "$clawform" plan examples/one-project.yaml --root "$tmp/none"
expect_error "the variable's value is checked as the flag's" '^--timeout: "abc" is not a number of seconds above zero$'
check "CLAWFORM_HEALTH_TIMEOUT=-1" 1 env CLAWFORM_HEALTH_TIMEOUT=-1 "$clawform" apply "$tmp/none.json" --root "$tmp/none"
expect_error "apply's health timeout too" '^--health-timeout: "-1" is not a number of seconds above zero$'
check "nothing was made under the root" 0 test ! -e "$tmp/none"

check "a known command's help still exits 0" 0 "$clawform" apply --help
expect_output "apply's help" 'clawform apply'
check "the main help still exits 0" 0 "$clawform" --help
check "no command still exits 1" 1 "$clawform"
finish
