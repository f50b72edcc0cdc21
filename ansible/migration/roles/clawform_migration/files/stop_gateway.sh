#!/bin/sh
# stop_gateway.sh MANAGER NAME PID_FILE TIMEOUT: stops one gateway the way
# clawform's gateway control does (docs/apply.md, "Gateways"). MANAGER:
#   sandbox  under --root: the runner's PID_FILE; its process group gets
#            SIGTERM, then SIGKILL after TIMEOUT seconds, and only while the
#            pid is still an openclaw process; the pid file is removed
#   systemd  `systemctl --user stop NAME` (the unit NAME)
#   launchd  `launchctl bootout gui/UID/NAME` (the label NAME), when loaded
# A gateway that is not running is no error; a manager whose command is
# missing is.
set -u
manager=$1 name=$2 pid_file=$3 timeout=$4
need() { command -v "$1" > /dev/null || { echo "stop_gateway.sh: $1 not found: cannot stop $name" >&2; exit 1; }; }
case $manager in
  sandbox)
    [ -f "$pid_file" ] || { echo "$name: not running (no $pid_file)"; exit 0; }
    pid=$(cat "$pid_file")
    if [ -n "$pid" ] && grep -qa openclaw "/proc/$pid/cmdline" 2>/dev/null; then
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
      waited=0
      while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt "$((timeout * 5))" ]; do
        sleep 0.2
        waited=$((waited + 1))
      done
      kill -KILL -- "-$pid" 2>/dev/null
      echo "$name: stopped pid $pid"
    else
      echo "$name: not running (pid ${pid:-none} is no openclaw)"
    fi
    rm -f "$pid_file" ;;
  systemd)
    need systemctl
    XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/run/user/$(id -u)} systemctl --user stop "$name" || exit 1
    echo "$name: stopped" ;;
  launchd)
    need launchctl
    if launchctl print "gui/$(id -u)/$name" > /dev/null 2>&1; then
      launchctl bootout "gui/$(id -u)/$name" || exit 1
      echo "$name: stopped"
    else
      echo "$name: not loaded"
    fi ;;
  *)
    echo "stop_gateway.sh: unknown service manager '$manager' for $name" >&2
    exit 1 ;;
esac
