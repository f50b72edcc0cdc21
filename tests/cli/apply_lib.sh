# Sourced by the apply tests, after check_lib.sh: canary keys, root
# snapshots, and stopping every gateway a test started (by its pid file).

# A unique canary value for every key reference the tests use.
make_canaries SOLO_ANTHROPIC_KEY ACME_ANTHROPIC_KEY GLOBEX_OPENAI_KEY INTERNAL_ANTHROPIC_KEY \
  SOLO_GATEWAY_TOKEN ACME_GATEWAY_TOKEN GLOBEX_GATEWAY_TOKEN INTERNAL_GATEWAY_TOKEN

# Every path under ROOT but clawform's own dir: type, mode, size and content digest.
snapshot() {  # snapshot ROOT > FILE
  (cd "$1" && find . -mindepth 1 -not -path './.clawform' -not -path './.clawform/*' -printf '%p %y %m %s\n' | sort
   cd "$1" && find . -type f -not -path './.clawform/*' -print0 | sort -z | xargs -0r sha256sum)
}

stop_gateways() {  # stop_gateways ROOT...: every gateway a pid file under ROOT names
  local root pid_file pid
  for root in "$@"; do
    for pid_file in "$root"/.clawform/run/*.pid; do
      [ -f "$pid_file" ] || continue
      pid=$(cat "$pid_file")
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -KILL -- "-$pid" 2>/dev/null
    done
  done
}

# Plugin downloads are shared by every root of a test run.
export npm_config_cache="${CLAWFORM_TEST_NPM_CACHE:-$HOME/.cache/clawform-test-npm}"
