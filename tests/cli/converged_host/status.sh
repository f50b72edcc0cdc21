# Section "status" of tests/cli/converged_host_test.sh: `clawform status` on the
# converged three-client host. All well -> exit 0, every project live on
# 2026.9.6 with its pins; never one openclaw call (the --openclaw given is a
# wrapper logging each call); one sample appended per run. A stopped gateway
# shows down for two samples and alerts on the third (exit 2); apply brings
# it back and the alert clears. A synthetic history whose last week grew
# 2.5x the weekly average raises the disk alert. Damaged history lines are
# skipped with a warning and dropped; an old history is thinned. The
# Prometheus file passes a strict parser (tests/cli/prometheus_check.py;
# promtool too when installed). Errors exit 1. Leaves the host converged,
# every gateway running, the real history back in place.

section_status() {
  local dir=$tmp/status here_dir
  here_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  local history=$root/.clawform/status/history.jsonl
  local prom_check=("${PYTHON3:-python3}" "$here_dir/prometheus_check.py")
  # Every openclaw call status makes would be logged here.
  cat > "$dir/openclaw" <<EOF
#!/bin/sh
echo "\$*" >> "$dir/openclaw.log"
exec "$openclaw" "\$@"
EOF
  chmod +x "$dir/openclaw"
  : > "$dir/openclaw.log"
  local st=(--root "$root" --openclaw "$dir/openclaw")
  json_get() {  # json_get FILE PYTHON_EXPR(j) -> prints it
    "${PYTHON3:-python3}" -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
  }

  # --- all well
  check "status, converged host" 0 "$clawform" status "$fleet" "${st[@]}" --json --prometheus "$dir/metrics.prom"
  cp "$tmp/out" "$dir/well.json"
  check "json: all three live" 0 test "$(json_get "$dir/well.json" \
    '" ".join(p["project"] + ":" + str(p["health"]["ok"]) for p in j["projects"])')" = "acme:True globex:True internal:True"
  check "json: started, service running" 0 test "$(json_get "$dir/well.json" \
    'all(p["startup"]["ok"] and p["service"] == "running" for p in j["projects"])')" = True
  check "json: versions 2026.9.6" 0 test "$(json_get "$dir/well.json" \
    '" ".join(p["openclaw_version"] for p in j["projects"])')" = "2026.9.6 2026.9.6 2026.9.6"
  check "json: pins ok (nostr and matrix found installed)" 0 test "$(json_get "$dir/well.json" \
    '" ".join(str(p["plugins"]["ok"]) + "/" + ",".join(q["installed"] for q in p["plugins"]["pins"]) for p in j["projects"])')" \
    = "True/2026.9.5 True/ True/2026.8.1-beta.3"
  check "json: no alert, ok" 0 test "$(json_get "$dir/well.json" 'str(j["ok"]) + str(j["alerts"])')" = "True[]"
  check "json: disk bytes counted" 0 test "$(json_get "$dir/well.json" 'min(p["disk"]["bytes"] for p in j["projects"]) > 100000')" = True
  check "json: under a week of history, no weekly growth" 0 test "$(json_get "$dir/well.json" \
    'j["projects"][0]["disk"]["weekly_growth_bytes"]')" = None
  check "one sample in the history" 0 test "$(wc -l < "$history")" -eq 1

  check "prometheus file parses (strict)" 0 "${prom_check[@]}" "$dir/metrics.prom"
  expect_output "gateway up, project label" '^clawform_gateway_up\{project="acme"\} 1$'
  expect_output "alert series, 0" '^clawform_alert\{alert="probe",project="globex"\} 0$'
  expect_output "disk bytes" '^clawform_disk_bytes\{project="internal"\} [0-9]+$'
  expect_output "last run, with the project" '^clawform_status_last_run_timestamp_seconds\{project="acme"\} [0-9]+$'
  check "HELP and TYPE lines" 0 grep -qx '# TYPE clawform_gateway_up gauge' "$dir/metrics.prom"
  if command -v promtool > /dev/null; then
    check "promtool check metrics" 0 sh -c "promtool check metrics < '$dir/metrics.prom'"
  else
    echo "   (promtool not installed: Debian ships it only in the prometheus package; the strict parser stands in)"
  fi
  # The parser can fail: a sample without a project label, a series twice,
  # a family split in two, a bad escape.
  printf '# HELP a x\n# TYPE a gauge\na 1\n' > "$dir/bad1.prom"
  printf '# HELP a x\n# TYPE a gauge\na{project="p"} 1\na{project="p"} 2\n' > "$dir/bad2.prom"
  printf '# HELP a x\n# TYPE a gauge\na{project="p"} 1\n# HELP b x\n# TYPE b gauge\nb{project="p"} 1\na{project="q"} 1\n' > "$dir/bad3.prom"
  printf '# HELP a x\n# TYPE a gauge\na{project="p\\q"} 1\n' > "$dir/bad4.prom"
  for bad in 1 2 3 4; do check "the parser refuses bad$bad.prom" 1 "${prom_check[@]}" "$dir/bad$bad.prom"; done

  check "status, text" 0 "$clawform" status "$fleet" "${st[@]}"
  expect_output "acme row" '^acme +[0-9]+ +running +live +ready +2026\.9\.6 +ok +[0-9.]+ [KMG]?i?B +n/a$'
  expect_output "globex has no pins" '^globex +[0-9]+ +running +live +ready +2026\.9\.6 +- '
  expect_output "closing line" '^No alerts \(3 projects\)\.$'
  check "each run appends one line" 0 test "$(wc -l < "$history")" -eq 2

  # --- a gateway stops: shown down, alert on the third probe
  local pid
  pid=$(cat "$root/.clawform/run/globex.pid")
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  check "globex's gateway stopped" 1 kill -0 "$pid"
  check "down, sample 1: no alert yet" 0 "$clawform" status "$fleet" "${st[@]}" --json
  cp "$tmp/out" "$dir/down1.json"
  check "sample 1: globex down once" 0 test "$(json_get "$dir/down1.json" \
    '[(p["health"]["ok"], p["probe_failures"], p["service"]) for p in j["projects"] if p["project"] == "globex"]')" \
    = "[(False, 1, 'stopped')]"
  check "sample 1: the others live" 0 test "$(json_get "$dir/down1.json" '[p["health"]["ok"] for p in j["projects"]]')" \
    = "[True, False, True]"
  check "down, sample 2: no alert yet" 0 "$clawform" status "$fleet" "${st[@]}"
  expect_output "sample 2 shows it down twice" '^globex +[0-9]+ +stopped +down \(2 probes\) +not ready '
  expect_output "sample 2 says why" '^  globex: /health unreachable'
  check "down, sample 3: alert" 2 "$clawform" status "$fleet" "${st[@]}" --prometheus "$dir/down.prom"
  expect_output "the probe alert names the project" '^ALERT globex: gateway down for 3 probes$'
  expect_output "one alert" '^1 alert\.$'
  refute_output "no alert for the others" 'ALERT (acme|internal)'
  check "prometheus file while alerting parses" 0 "${prom_check[@]}" "$dir/down.prom"
  expect_output "alert metric up" '^clawform_alert\{alert="probe",project="globex"\} 1$'
  expect_output "gateway down metric" '^clawform_gateway_up\{project="globex"\} 0$'

  check "apply brings globex back" 0 "$clawform" apply "$fleet" "${host[@]}" --auto-approve --health-timeout 600 --step-timeout 900
  check "after the restart: the alert clears" 0 "$clawform" status "$fleet" "${st[@]}" --json
  check "all live again" 0 test "$(json_get "$tmp/out" '[p["probe_failures"] for p in j["projects"]]')" = "[0, 0, 0]"

  # --- errors: exit 1
  printf 'apiVersion: clawform/v1\nfleet: x\nprojects:\n  acme: {port: nope}\n' > "$dir/bad.yaml"
  check "a bad manifest: exit 1" 1 "$clawform" status "$dir/bad.yaml" "${st[@]}"
  expect_error "with file:line:col" "bad\.yaml:[0-9]+:[0-9]+: error"
  cp "$history" "$dir/history.real"
  rm "$history" && mkdir "$history"
  check "an unusable history: exit 1" 1 "$clawform" status "$fleet" "${st[@]}"
  expect_error "names the history" 'error: the status history: .*history\.jsonl'
  rmdir "$history" && cp "$dir/history.real" "$history"

  # --- damaged lines: skipped with a warning, dropped by a rewrite
  printf '\001garbage\n{"t":"2026-12-01T2' >> "$history"
  check "damaged lines are not fatal" 0 "$clawform" status "$fleet" "${st[@]}"
  expect_error "a warning names the line" 'warning: .*history\.jsonl:[0-9]+: skipped a damaged sample'
  check "the rewrite dropped them" 1 grep -q garbage "$history"
  check "no warning the next time" 0 "$clawform" status "$fleet" "${st[@]}"
  refute_output "no warning" 'warning'
  check "every line a sample" 0 "${PYTHON3:-python3}" -c '
import json, sys
for line in open(sys.argv[1]): json.loads(line)["projects"]' "$history"
  cp "$history" "$dir/history.real"

  # --- a synthetic history: five weeks growing by g, the last by 2.5 g (acme)
  local now
  now=$(date -u +%s)
  "${PYTHON3:-python3}" - "$dir/history.real" "$now" > "$history" <<'EOF'
import json, sys, time
# The sizes of the newest real sample: the disk of a running gateway grows
# by the minute (about 1 MiB between the first run and this one, seen).
last = json.loads(open(sys.argv[1]).read().splitlines()[-1])
real = {p: s["disk"] for p, s in last["projects"].items()}
# g: 4 MiB a week, less for a small project (acme's oldest sample is 7.5 g back).
now, week = int(sys.argv[2]), 7 * 86400
g = {p: min(4 << 20, d // 8) for p, d in real.items()}
def line(t, sizes):
    projects = {p: {"health": True, "ready": True, "version": "2026.9.6", "disk": d} for p, d in sizes.items()}
    return json.dumps({"t": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t)), "projects": projects})
for k in range(6):  # weeks -6 .. -1
    sizes = {p: d - (6 - k) * g[p] - (int(1.5 * g[p]) if p == "acme" else 0) for p, d in real.items()}
    print(line(now - (6 - k) * week, sizes))
EOF
  check "doubled week: exit 2" 2 "$clawform" status "$fleet" "${st[@]}"
  expect_output "the disk alert names acme" '^ALERT acme: disk grew [0-9.]+ [KM]iB this week, [0-9.]+x the weekly average [0-9.]+ [KM]iB$'
  refute_output "steady growth is no alert" 'ALERT (globex|internal)'
  expect_output "weekly growth shown" '^acme .* \+[0-9.]+ [KM]iB$'
  check "doubled week, json and prometheus" 2 "$clawform" status "$fleet" "${st[@]}" --json --prometheus "$dir/disk.prom"
  check "json names the disk alert" 0 test "$(json_get "$tmp/out" '[(a["project"], a["alert"]) for a in j["alerts"]]')" \
    = "[('acme', 'disk')]"
  check "prometheus with weekly figures parses" 0 "${prom_check[@]}" "$dir/disk.prom"
  expect_output "disk alert metric" '^clawform_alert\{alert="disk",project="acme"\} 1$'
  # globex may shrink: a restarted gateway checkpoints its database.
  expect_output "weekly growth metric" '^clawform_disk_weekly_growth_bytes\{project="globex"\} -?[0-9]+$'

  # --- thinning: four days of one sample a minute, thinned past two days
  "${PYTHON3:-python3}" - "$dir/well.json" "$now" > "$history" <<'EOF'
import json, sys, time
status = json.load(open(sys.argv[1]))
now = int(sys.argv[2])
projects = {p["project"]: {"health": True, "ready": True, "version": "2026.9.6", "disk": p["disk"]["bytes"]}
            for p in status["projects"]}
for t in range(now - 4 * 86400, now, 60):
    print(json.dumps({"t": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t)), "projects": projects}))
EOF
  check "status over four days of minutes" 0 "$clawform" status "$fleet" "${st[@]}"
  local lines
  lines=$(wc -l < "$history")
  check "thinned to two days whole and hours before ($lines lines)" 0 test "$lines" -ge 2880 -a "$lines" -le 2940

  # --- restore the real history; measure a run
  cp "$dir/history.real" "$history"
  local start end
  start=$(date +%s%N)
  for _ in $(seq 1 20); do "$clawform" status "$fleet" "${st[@]}" > /dev/null || echo "FAIL a timed run failed"; done
  end=$(date +%s%N)
  echo "   status: $(( (end - start) / 20000000 )) ms a run (mean of 20, converged host)"
  check "a run takes under a second" 0 test $(( (end - start) / 20000000 )) -lt 1000
  check "all well at the end" 0 "$clawform" status "$fleet" "${st[@]}"

  check "not one openclaw call by status" 0 test ! -s "$dir/openclaw.log"
  "$dir/openclaw" --version > /dev/null 2>&1
  check "(the wrapper does log a call)" 0 test -s "$dir/openclaw.log"
}
