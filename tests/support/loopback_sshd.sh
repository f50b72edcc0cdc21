# Sourced by the Ansible tests: OpenSSH's own sshd on 127.0.0.1, one per
# sandbox "host", reached with a key made for the test. Nothing leaves
# loopback; nothing outside DIR is written (the privilege separation dir
# /run/sshd aside, which sshd needs when run as root).
#
#   sshd_start DIR PORT   start sshd on 127.0.0.1:PORT; its files under DIR
#   sshd_stop DIR         stop it (safe to call twice, or when never started)
#   sshd_client_key DIR   the client key every sshd started with DIR's
#                         parent accepts: DIR/../ssh-client/id_ed25519
#
# Every sshd a test starts with dirs under one parent accepts the same client
# key (made once, in PARENT/ssh-client/), so that an inventory names one key.

sshd_client_dir() { echo "$(dirname "$1")/ssh-client"; }
sshd_client_key() { echo "$(sshd_client_dir "$1")/id_ed25519"; }

sshd_start() {  # sshd_start DIR PORT
  local dir=$1 port=$2 client
  client=$(sshd_client_dir "$dir")
  mkdir -p "$dir" "$client"
  chmod 700 "$dir" "$client"
  [ -f "$client/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C clawform-test -f "$client/id_ed25519" || return 1
  [ -f "$dir/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -f "$dir/host_ed25519" || return 1
  cp "$client/id_ed25519.pub" "$dir/authorized_keys"
  chmod 600 "$dir/authorized_keys"
  [ "$(id -u)" -ne 0 ] || mkdir -p /run/sshd
  cat > "$dir/sshd_config" <<EOF
ListenAddress 127.0.0.1
Port $port
HostKey $dir/host_ed25519
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
AllowTcpForwarding yes
PermitUserEnvironment no
AcceptEnv CLAWFORM_* ANTHROPIC_* OPENAI_*
Subsystem sftp internal-sftp
LogLevel VERBOSE
EOF
  # sshd wants itself named by its absolute path (it re-executes itself).
  /usr/sbin/sshd -f "$dir/sshd_config" -E "$dir/sshd.log" || { cat "$dir/sshd.log" >&2; return 1; }
  local _
  for _ in $(seq 1 100); do
    ssh -q -p "$port" -i "$client/id_ed25519" -o BatchMode=yes -o StrictHostKeyChecking=no \
      -o UserKnownHostsFile=/dev/null -o ConnectTimeout=2 "$(id -un)@127.0.0.1" true 2>/dev/null && return 0
    sleep 0.1
  done
  echo "sshd on 127.0.0.1:$port did not answer; its log:" >&2
  cat "$dir/sshd.log" >&2
  return 1
}

sshd_stop() {  # sshd_stop DIR
  local pid
  [ -f "$1/sshd.pid" ] || return 0
  pid=$(cat "$1/sshd.pid")
  kill -TERM "$pid" 2>/dev/null
  rm -f "$1/sshd.pid"
  return 0
}
