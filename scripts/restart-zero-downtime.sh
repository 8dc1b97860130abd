#!/usr/bin/env bash
# Zero-downtime restart of `strikeline serve` (README "Zero-downtime restart"): the new process
# binds the same address beside the old one (the listener sets SO_REUSEPORT), and only once it
# listens and /health answers is the old one sent SIGTERM; the old process then takes the
# connections still queued for it, answers its in-flight requests (with Connection: close), gives
# idle keep-alive connections a last grace second, and exits. If the new process does not come up,
# it is stopped and the old one keeps serving (exit 1): a failed restart is never an outage.
#
#   scripts/restart-zero-downtime.sh (--old-pid PID | --pid-file FILE) --url http://127.0.0.1:8081
#       [--log FILE] [--timeout 120] -- COMMAND [ARGS...]
#
# COMMAND starts the new server (e.g. build/strikeline serve --listen 0.0.0.0:8081 ...), in the
# background with output appended to --log (default ./strikeline.log), as the explicit successor of
# the old one (STRIKELINE_HANDOVER=true, serve's --handover): on a SQLite file it serves reads at
# once and takes the file over for writing when the old process releases it at SIGTERM. --pid-file is read for the
# old PID and rewritten with the new one. Prints the new PID. Under systemd use `systemctl restart`
# instead only if a short refusal window is acceptable; this script is for hosts that run the
# process themselves (see README for the systemd and docker variants).
set -euo pipefail

usage() { sed -n '2,/^set -euo/{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; }
old_pid="" pid_file="" url="" log="./strikeline.log" timeout=120
while [ $# -gt 0 ]; do
  case "$1" in
    --old-pid) old_pid=${2:?}; shift 2 ;;
    --pid-file) pid_file=${2:?}; shift 2 ;;
    --url) url=${2:?}; shift 2 ;;
    --log) log=${2:?}; shift 2 ;;
    --timeout) timeout=${2:?}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    --) shift; break ;;
    *) echo "restart-zero-downtime: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
[ $# -gt 0 ] || { echo "restart-zero-downtime: the new server's command is missing (after --)" >&2; exit 2; }
[ -n "$url" ] || { echo "restart-zero-downtime: --url is required" >&2; exit 2; }
if [ -z "$old_pid" ] && [ -n "$pid_file" ]; then old_pid=$(cat "$pid_file"); fi
[ -n "$old_pid" ] || { echo "restart-zero-downtime: --old-pid or --pid-file is required" >&2; exit 2; }
url=${url%/}
port=$(python3 -c 'import sys, urllib.parse; u = urllib.parse.urlsplit(sys.argv[1]); print(u.port or 80)' "$url")

# True while process $1 runs (a zombie, exited but not yet reaped by its parent, does not count).
alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [ "${stat%% *}" != Z ]
}

# True when process $1 holds a socket listening on TCP port $port (from /proc: no ss/lsof needed).
listens() {
  python3 - "$1" "$port" <<'PY'
import os, sys
pid, port = sys.argv[1], int(sys.argv[2])
inodes = set()
for table in ("/proc/net/tcp", "/proc/net/tcp6"):
    try:
        rows = open(table).read().splitlines()[1:]
    except OSError:
        continue
    for row in rows:
        f = row.split()
        if f[3] == "0A" and int(f[1].rsplit(":", 1)[1], 16) == port:  # LISTEN on the port
            inodes.add(f[9])
held = set()
for fd in os.listdir(f"/proc/{pid}/fd"):
    try:
        target = os.readlink(f"/proc/{pid}/fd/{fd}")
    except OSError:
        continue
    if target.startswith("socket:["):
        held.add(target[8:-1])
sys.exit(0 if inodes & held else 1)
PY
}

alive "$old_pid" || { echo "restart-zero-downtime: no process $old_pid" >&2; exit 2; }

echo "restart: starting the new server beside $old_pid: $*" >&2
STRIKELINE_HANDOVER=true nohup "$@" >>"$log" 2>&1 </dev/null &
new_pid=$!
disown "$new_pid" 2>/dev/null || true

deadline=$((SECONDS + timeout))
until listens "$new_pid" && curl -sf -o /dev/null -m 5 "$url/health"; do
  if ! alive "$new_pid"; then
    echo "restart: the new server exited before it listened (see $log); $old_pid keeps serving" >&2
    exit 1
  fi
  if [ $SECONDS -ge $deadline ]; then
    echo "restart: the new server did not listen within ${timeout} s; stopping it, $old_pid keeps serving" >&2
    kill -TERM "$new_pid" 2>/dev/null || true
    exit 1
  fi
  sleep 0.2
done
echo "restart: $new_pid listens and $url/health answers; draining $old_pid" >&2

kill -TERM "$old_pid"
deadline=$((SECONDS + timeout))
while alive "$old_pid"; do
  if [ $SECONDS -ge $deadline ]; then
    echo "restart: $old_pid still running ${timeout} s after SIGTERM" >&2
    exit 1
  fi
  sleep 0.1
done
[ -z "$pid_file" ] || echo "$new_pid" >"$pid_file"
echo "restart: $old_pid exited; $new_pid serves" >&2
echo "$new_pid"
