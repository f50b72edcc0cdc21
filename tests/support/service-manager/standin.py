"""What the launchctl and systemctl stand-ins share (tests only).

A stand-in is run by clawform from PATH, where a test puts a copy or a
symlink of it in a directory of its own (BIN). It appends one line per call
to BIN/calls.log (its name and arguments, space-separated), keeps what the
service manager would hold in memory under BIN/state/ (the loaded job or
unit definitions, as JSON, and the gateway's pid), and starts the real
gateway from the service file it was given: detached in its own session,
with exactly the environment the file names (plus the manager's default
PATH), its output appended to a log. Stopping signals that session with
SIGTERM, waits up to 20 s as launchd and systemd do, then SIGKILLs it.
"""
import json
import os
import signal
import subprocess
import sys
import time

BIN = os.path.dirname(os.path.abspath(sys.argv[0]))
STATE = os.path.join(BIN, "state")


def record(argv):
    os.makedirs(STATE, exist_ok=True)
    with open(os.path.join(BIN, "calls.log"), "a") as log:
        log.write(" ".join([os.path.basename(argv[0])] + argv[1:]) + "\n")


def fail(code, message):
    print(message, file=sys.stderr)
    sys.exit(code)


def state_file(name, suffix):
    return os.path.join(STATE, name + suffix)


def load(name):
    try:
        with open(state_file(name, ".json")) as f:
            return json.load(f)
    except FileNotFoundError:
        return None


def save(name, job):
    with open(state_file(name, ".json"), "w") as f:
        json.dump(job, f, indent=1, sort_keys=True)


def forget(name):
    for suffix in (".json", ".pid"):
        try:
            os.unlink(state_file(name, suffix))
        except FileNotFoundError:
            pass


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, IndexError, ProcessLookupError):
        return False


def running_pid(name):
    try:
        with open(state_file(name, ".pid")) as f:
            pid = int(f.read().strip())
    except (FileNotFoundError, ValueError):
        return None
    return pid if alive(pid) else None


def start(name, job, default_path):
    """Starts `job` (argv, env, cwd, log) detached; records its pid."""
    env = {"PATH": default_path}
    env.update(job["env"])
    log_path = job.get("log") or state_file(name, ".log")
    if not os.path.isdir(os.path.dirname(log_path)):
        log_path = state_file(name, ".log")
    with open(log_path, "ab") as log, open(os.devnull, "rb") as null:
        try:
            child = subprocess.Popen(job["argv"], env=env, cwd=job.get("cwd") or "/", stdin=null, stdout=log,
                                     stderr=log, start_new_session=True)
        except OSError as e:
            return f"{job['argv'][0]}: {e.strerror}"
    with open(state_file(name, ".pid"), "w") as f:
        f.write(f"{child.pid}\n")
    return None


def stop(name, timeout=20.0):
    pid = running_pid(name)
    if pid is not None:
        for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(pid, sig)
            except ProcessLookupError:
                pass
            deadline = time.monotonic() + wait
            while alive(pid) and time.monotonic() < deadline:
                time.sleep(0.1)
            if not alive(pid):
                break
    try:
        os.unlink(state_file(name, ".pid"))
    except FileNotFoundError:
        pass
