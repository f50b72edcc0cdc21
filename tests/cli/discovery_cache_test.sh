#!/usr/bin/env bash
# The discovery cache (docs/discovery.md, "The discovery cache") against
# every way a plugin can change by hand with the real openclaw: install,
# disable, enable, update, uninstall. After each, `clawform discover` must
# show what `openclaw plugins list --json` shows (it asked again: one
# plugins call, the binary's answers from the cache), and the discovery
# after it must ask nothing. One topology-C instance; no gateway is
# started (port PORT is only probed). Needs the npm registry.
# Usage: $0 CLAWFORM OPENCLAW PORT
set -u
clawform=$1
openclaw=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
port=$3
here=$(dirname "$0")
. "$here/check_lib.sh"
trap 'rm -rf "$tmp"' EXIT
pass() { passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failures=$((failures + 1)); }

root=$tmp/root
fleet=$tmp/fleet.yaml
cat > "$fleet" <<EOF
apiVersion: clawform/v1
fleet: cache-test
region: sg
host: {os: linux, memory_gb: 64, disk_gb: 2048}
openclaw: {version: 2026.9.6}
topology: C
gateway: {ports: $port-$port}
defaults: {model: anthropic/claude-sonnet-4-6}
projects:
  solo: {port: $port, browser: false, unauthenticated_gateway: discovery cache test}
EOF
home=$root/home/operator
state=$home/.openclaw-solo
mkdir -p "$state"

# openclaw as clawform runs it for this instance (docs/discovery.md), with
# the variables it passes through (the registry's CA bundle, proxy, cache).
export npm_config_cache="${CLAWFORM_TEST_NPM_CACHE:-$HOME/.cache/clawform-test-npm}"  # as apply_lib.sh
passed_through=()
for name in TMPDIR NODE_EXTRA_CA_CERTS SSL_CERT_FILE SSL_CERT_DIR HTTPS_PROXY https_proxy HTTP_PROXY http_proxy \
            NO_PROXY no_proxy npm_config_cache npm_config_registry npm_config_cafile; do
  [ -n "${!name:-}" ] && passed_through+=("$name=${!name}")
done
oc() {
  (cd / && env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$home" LANG=C.UTF-8 NO_COLOR=1 TERM=dumb \
     OPENCLAW_STATE_DIR="$state" OPENCLAW_CONFIG_PATH="$state/openclaw.json" OPENCLAW_NO_RESPAWN=1 \
     "${passed_through[@]}" "$openclaw" --profile solo "$@")
}

# "id version enabled" per non-bundled plugin, from a live state or a list.
plugins_of_live() {
  python3 -c 'import json,sys
for p in json.load(open(sys.argv[1]))["instances"][0]["plugins"]:
    if p["origin"] != "bundled": print(p["id"], p["version"], p["enabled"])' "$1"
}
plugins_of_list() {
  python3 -c 'import json,sys
for p in json.load(open(sys.argv[1]))["plugins"]:
    if p.get("origin") != "bundled": print(p["id"], p.get("version"), p.get("enabled"))' "$1"
}

discover() {  # discover [FLAGS...]: live state in $tmp/live.json, timing in $tmp/timing
  "$clawform" discover "$fleet" --root "$root" --openclaw "$openclaw" --json --timing "$@" \
    > "$tmp/live.json" 2> "$tmp/timing"
}

# HITS counts answers: the binary's (its version and Node's) and the plugin list.
calls() {  # calls NAME N HITS: the last discovery made N openclaw calls and took HITS answers from the cache
  if grep -qE "; $2 openclaw calls .*; $3 answers from the discovery cache" "$tmp/timing"; then
    pass "$1"
  else
    fail "$1: want $2 calls and $3 cache answers, got: $(cat "$tmp/timing")"
  fi
}

# After a change by hand: discovery asks again (1 call) and agrees with
# openclaw; the next one asks nothing and still agrees.
seen_after() {  # seen_after WHAT
  discover
  calls "$1: discovery asks openclaw again" 1 1
  oc plugins list --json > "$tmp/list.json" 2> /dev/null
  plugins_of_list "$tmp/list.json" > "$tmp/want"
  plugins_of_live "$tmp/live.json" > "$tmp/got"
  same_files "$1: discovery shows what openclaw shows ($(tr '\n' ' ' < "$tmp/want"))" "$tmp/want" "$tmp/got"
  discover
  calls "$1: the discovery after it asks nothing" 0 2
  plugins_of_live "$tmp/live.json" > "$tmp/got"
  same_files "$1: and shows the same" "$tmp/want" "$tmp/got"
}

discover
calls "a first discovery asks openclaw" 3 0
discover
calls "an unchanged instance costs no openclaw call" 0 2
[ -f "$root/.clawform/discovery-cache.json" ] && pass "the cache is in .clawform/" || fail "no discovery-cache.json"

check "install @openclaw/nostr@2026.9.4 by hand" 0 oc plugins install @openclaw/nostr@2026.9.4 --pin
seen_after "install"
check "disable nostr by hand" 0 oc plugins disable nostr
seen_after "disable"
check "enable nostr by hand" 0 oc plugins enable nostr
seen_after "enable"
check "update nostr to 2026.9.5 by hand" 0 oc plugins update @openclaw/nostr@2026.9.5
seen_after "update"
grep -q "nostr 2026.9.5" "$tmp/got" && pass "the update reached 2026.9.5" || fail "after update: $(cat "$tmp/got")"
check "uninstall nostr by hand" 0 oc plugins uninstall nostr --force
seen_after "uninstall"

discover --refresh
calls "--refresh asks openclaw everything" 3 0
discover
calls "and the answers it got are kept" 0 2
finish
