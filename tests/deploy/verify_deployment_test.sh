#!/usr/bin/env bash
# scripts/verify-deployment.sh against real servers:
#   1. the embedded store with the simulator (after its backfill): every gate passes, exit 0;
#      The same store served with `--feed none`: still exit 1 at "2.6 real data" (the provenance is
#      the data's, not the running feed's);
#   2. `--feed none` on an empty database: exit 1 at the stop gate "3.1 strike-distribution OI";
#      a store fed by HTTP ingest (real data): every gate passes, "2.6 real data: not simulated";
#   3. a server that does not answer: exit 1 at "2.5 health"; bad usage: exit 2;
#   4. with PostgreSQL (a throwaway cluster, skipped when the server binaries are missing):
#      migrated but empty -> exit 1 at "1.2 continuous aggregates have rows"; with imported bars
#      and a server on that database -> Phase 1 and Phase 3 (with 3.4 EXPLAIN ANALYZE) pass.
# Servers listen on free loopback ports; bounded: every wait gives up after 120 s.
# Usage: verify_deployment_test.sh PATH/TO/strikeline
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(readlink -f "${1:?usage: verify_deployment_test.sh PATH/TO/strikeline}")
verify="$root/scripts/verify-deployment.sh"
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; for log in "$work"/*.log; do echo "--- $log"; tail -n 20 "$log"; done; exit 1; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
. "$(dirname "$0")/../lib/health.sh"
wait_for() { wait_for_health_field "$1" "$2" "$3" 120; }  # URL FIELD VALUE
# expect_gate NAME STATUS GATE ARGS...: runs the script, checks its exit status and the failed gate.
expect() {
  local name=$1 want=$2 gate=$3 status=0
  shift 3
  "$verify" "$@" >"$work/$name.out" 2>&1 || status=$?
  cat "$work/$name.out"
  [ "$status" = "$want" ] || fail "$name: exit status $status, expected $want"
  if [ -n "$gate" ]; then
    grep -q "^STOP GATE FAILED: $gate:" "$work/$name.out" || fail "$name: did not stop at gate '$gate'"
  else
    grep -q "^deployment verified: every stop gate passed" "$work/$name.out" || fail "$name: no pass line"
    ! grep -q "STOP GATE FAILED" "$work/$name.out" || fail "$name: a gate failed"
  fi
  echo "ok: $name"
}

echo "== 1. embedded store + simulator"
port=$(free_port)
"$bin" serve --listen "127.0.0.1:$port" --db "sqlite:$work/sim.db" --sim-symbols NIFTY --sim-days 0 \
  --access-log false >"$work/sim.log" 2>&1 &
simulator=$!
pids+=($simulator)
wait_for "http://127.0.0.1:$port" "d['feed']['state']" running
expect simulator-refused 1 "2.6 real data" --url "http://127.0.0.1:$port"
grep -q "serves simulated data" "$work/simulator-refused.out" || fail "simulated: the message does not say why"
expect simulator 0 "" --url "http://127.0.0.1:$port" --allow-simulated
grep -q '^PASS  2.6 real data: simulated data, allowed by --allow-simulated' "$work/simulator.out" ||
  fail "2.6 does not say the simulated data was allowed"
grep -q '^PASS  3.1 strike-distribution OI: OI values: [1-9]' "$work/simulator.out" || fail "3.1 without OI values"
kill -TERM "$simulator"
wait "$simulator" || fail "the simulator's server did not stop cleanly"
port=$(free_port)
"$bin" serve --listen "127.0.0.1:$port" --db "sqlite:$work/sim.db" --feed none --access-log false \
  >"$work/sim-none.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$port" "d['status']" healthy
expect simulated-store-refused 1 "2.6 real data" --url "http://127.0.0.1:$port"
grep -q "serves simulated data.*NIFTY 20[0-9-]* (simulator)" "$work/simulated-store-refused.out" ||
  fail "simulated store: the message does not name the simulated data"

echo "== 2. no data"
port=$(free_port)
"$bin" serve --listen "127.0.0.1:$port" --db "sqlite:$work/empty.db" --feed none --access-log false \
  >"$work/empty.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$port" "d['status']" healthy
expect no-data 1 "3.1 strike-distribution OI" --url "http://127.0.0.1:$port"
grep -q "the server serves no OI data" "$work/no-data.out" || fail "no-data: the message does not say why"
# The same simulator's bars, sent over HTTP ingest: real data as far as the server knows.
"$bin" simulate --days 1 --symbols NIFTY --format bars --out "$work/bars-all.csv" >/dev/null
head -n 4001 "$work/bars-all.csv" >"$work/bars.csv"
port=$(free_port)
"$bin" serve --listen "127.0.0.1:$port" --db "sqlite:$work/ingest.db" --feed none --access-log false \
  >"$work/ingest.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$port" "d['status']" healthy
code=$(curl -s -o "$work/ingest.json" -w '%{http_code}' -H 'Content-Type: text/csv' \
  --data-binary @"$work/bars.csv" "http://127.0.0.1:$port/fo/ingest/bars")
[ "$code" = 200 ] || fail "ingest: HTTP $code $(cat "$work/ingest.json")"
expect ingested 0 "" --url "http://127.0.0.1:$port"
grep -q '^PASS  2.6 real data: not simulated: [0-9]* expiries market$' "$work/ingested.out" ||
  fail "2.6 does not say the ingested data is market data"

echo "== 3. no server, bad usage"
expect no-server 1 "2.5 health" --url "http://127.0.0.1:$(free_port)"
status=0
"$verify" --db postgres://x >/dev/null 2>&1 || status=$?
[ "$status" = 2 ] || fail "missing --url: exit status $status, expected 2"
status=0
"$verify" --url http://127.0.0.1:1 --db sqlite:x.db >/dev/null 2>&1 || status=$?
[ "$status" = 2 ] || fail "--db sqlite: exit status $status, expected 2"

echo "== 4. PostgreSQL"
if [ ! -x "${PG_BINDIR:-/usr/lib/postgresql/15/bin}/initdb" ] || ! command -v psql >/dev/null; then
  echo "SKIP: no PostgreSQL 15 server binaries or psql (scripts/install-deps.sh installs them)"
  echo "verify-deployment: passed"
  exit 0
fi
cat >"$work/postgres.sh" <<SH
set -euo pipefail
db="\$STRIKELINE_TEST_PG_URL"
"$bin" migrate up --db "\$db" >"$work/migrate.log" 2>&1
status=0
"$verify" --url http://127.0.0.1:1 --db "\$db" >"$work/pg-empty.out" 2>&1 || status=\$?
cat "$work/pg-empty.out"
[ \$status = 1 ] && grep -q '^STOP GATE FAILED: 1.2 continuous aggregates have rows:' "$work/pg-empty.out" ||
  { echo "FAIL: migrated empty database: status \$status"; exit 1; }
echo "ok: pg-empty"
# One NSE session of NIFTY, the first 4000 bars (made above): enough for every check, quick to import.
"$bin" import "$work/bars.csv" --db "\$db" >"$work/import.log" 2>&1
port=\$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$bin" serve --listen "127.0.0.1:\$port" --db "\$db" --feed none --access-log false >"$work/pg-serve.log" 2>&1 &
server=\$!
trap 'kill -TERM \$server 2>/dev/null; wait \$server 2>/dev/null || true' EXIT
deadline=\$((SECONDS + 120))
until curl -sf "http://127.0.0.1:\$port/health" >/dev/null; do
  [ \$SECONDS -lt \$deadline ] || { echo "FAIL: the PostgreSQL server did not answer"; tail "$work/pg-serve.log"; exit 1; }
  sleep 0.5
done
status=0
"$verify" --url "http://127.0.0.1:\$port" --db "\$db" --max-query-ms 1000 >"$work/pg.out" 2>&1 || status=\$?
cat "$work/pg.out"
[ \$status = 0 ] && grep -q '^PASS  3.4 query performance' "$work/pg.out" && grep -q '^PASS  1.4 enriched views' "$work/pg.out" ||
  { echo "FAIL: PostgreSQL deployment: status \$status"; tail "$work/pg-serve.log"; exit 1; }
echo "ok: pg"
SH
"$root/tests/store/postgres/with-postgres.sh" bash "$work/postgres.sh" || fail "PostgreSQL part"
echo "verify-deployment: passed"
