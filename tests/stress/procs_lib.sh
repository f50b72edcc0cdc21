# Sourced by the tests that interrupt applies: the processes an apply left.

# Processes whose cwd or environment names ROOT (not this script's own).
procs_under() {  # procs_under ROOT
  local dir pid
  for dir in /proc/[0-9]*; do
    pid=${dir#/proc/}
    [ "$pid" = $$ ] || [ "$pid" = "$BASHPID" ] && continue
    if readlink "$dir/cwd" 2>/dev/null | grep -qF -- "$1" ||
       tr '\0' '\n' 2>/dev/null < "$dir/environ" | grep -qF -- "$1"; then
      grep -q '^State:.*Z' "$dir/status" 2>/dev/null && continue
      echo "$pid $(tr '\0' ' ' 2>/dev/null < "$dir/cmdline" | cut -c1-120)"
    fi
  done
}
kill_under() {  # cleanup only
  local pid rest
  procs_under "$1" | while read -r pid rest; do kill -KILL "$pid" 2>/dev/null; done
}
# The journal's child records (in history/ once the apply ended) still alive: same pid and start time.
live_children() {  # live_children ROOT
  python3 - "$1" <<'PY'
import glob, json, sys
for path in glob.glob(sys.argv[1] + "/.clawform/history/*.jsonl") + glob.glob(sys.argv[1] + "/.clawform/journal/*.jsonl"):
    for line in open(path):
        try: r = json.loads(line)
        except ValueError: continue
        if r.get("event") != "child": continue
        try: fields = open(f"/proc/{r['pid']}/stat").read().rsplit(")", 1)[1].split()
        except OSError: continue
        if fields[0] != "Z" and int(fields[19]) == r["start_time"]:
            print(r["pid"], r["program"], "step", r["step"], r["phase"])
PY
}
children_recorded() {  # children_recorded ROOT: how many child records
  cat "$1"/.clawform/history/*.jsonl "$1"/.clawform/journal/*.jsonl 2>/dev/null | grep -c '"event":"child"'
}

