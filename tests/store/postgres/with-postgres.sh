#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15: initdb in a temporary directory, a server on a
# free loopback port (as the `postgres` user when run as root), then COMMAND with
#   STRIKELINE_TEST_PG_URL  postgres://postgres@127.0.0.1:PORT/postgres (trust authentication)
#   STRIKELINE_TEST_PG_CTL  a pg_ctl command line for this cluster (tests stop/start it: outages)
# The server is always stopped and the directory removed, whatever the command does.
# Usage: with-postgres.sh COMMAND [ARGS...]     (PG_BINDIR overrides /usr/lib/postgresql/15/bin)
set -euo pipefail
bindir=${PG_BINDIR:-/usr/lib/postgresql/15/bin}
if [ ! -x "$bindir/initdb" ]; then
  echo "with-postgres: no PostgreSQL server binaries in $bindir (scripts/install-deps.sh installs postgresql-15)" >&2
  exit 1
fi
work=$(mktemp -d /tmp/strikeline-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$work"
  as_pg=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ctl="${as_pg[*]} $bindir/pg_ctl -D $work/data -l $work/server.log -w -t 30"
stop() {
  $ctl stop -m immediate >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop EXIT
"${as_pg[@]}" "$bindir/initdb" -D "$work/data" -U postgres -A trust -E UTF8 --locale=C >"$work/initdb.log" 2>&1 \
  || { cat "$work/initdb.log" >&2; exit 1; }
# Tests need speed, not crash safety of the throwaway cluster: fsync off.
cat >>"$work/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$work'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
CONF
$ctl start >/dev/null || { cat "$work/server.log" >&2; exit 1; }
export STRIKELINE_TEST_PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
export STRIKELINE_TEST_PG_CTL="$ctl"
status=0
"$@" || status=$?
if [ $status -ne 0 ]; then
  echo "with-postgres: '$*' failed ($status); server log tail:" >&2
  tail -n 20 "$work/server.log" >&2 || true
fi
exit $status
