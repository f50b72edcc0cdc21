#!/usr/bin/env bash
# What both CI examples run on a change to a host's fleet manifest, without
# access to the host: validate the manifest, plan it offline from the live
# state recorded on the host (`clawform discover fleet.yaml --json`, committed
# beside the manifest), and write the plan for review: OUT/plan.md (the
# Markdown change ticket, posted to the pull request) and OUT/plan.json (the
# full plan). No openclaw, no key value: the plan says key values are checked
# when apply plans the live host, which refuses anything that drifted.
# Usage: plan-review.sh MANIFEST LIVE_STATE OUT   ($CLAWFORM: the binary, else clawform on PATH)
# Exit 0: planned (OUT/changes says "yes" or "no"); 1: the manifest or the
# recording is refused (clawform's message names the file, line and column).
set -uo pipefail
clawform=${CLAWFORM:-clawform}
manifest=$1 live_state=$2 out=$3
mkdir -p "$out"
"$clawform" validate "$manifest" || exit 1
"$clawform" plan "$manifest" --live-state "$live_state" --detailed-exitcode --format markdown \
  --out "$out/plan.json" > "$out/plan.md"
case $? in
  0) echo no > "$out/changes" ;;
  2) echo yes > "$out/changes" ;;
  *) exit 1 ;;
esac
echo "clawform: planned $manifest from $live_state: changes: $(cat "$out/changes"); the plan is $out/plan.md"
