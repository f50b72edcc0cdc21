# Sourced by the tests that interrupt applies: the processes an apply left.

# Live processes whose cwd or environment names ROOT: "PID COMMAND" lines.
procs_under() {  # procs_under ROOT
  python3 - "$1" <<'PY'
import os, sys
root = sys.argv[1].rstrip("/").encode() + b"/"
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        if open(f"/proc/{pid}/stat", "rb").read().rsplit(b")", 1)[1].split()[0] == b"Z": continue
        cwd = os.readlink(f"/proc/{pid}/cwd").encode()
        env = open(f"/proc/{pid}/environ", "rb").read()
        cmd = open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ")[:120]
    except (OSError, IndexError):
        continue
    if root in cwd + b"/" or root in env.replace(b"\0", b"/\0"):
        print(pid, cmd.decode(errors="replace"))
PY
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
