#!/usr/bin/env bash
# Provenance is data (issue 25), with the real binary and SQLite stores:
#   1. a server with the built-in simulator writes a store; the same store served by a server with
#      --feed none says "simulated" per symbol and expiry and at the top level (from the data: the
#      expiries and sources are those the store's catalogue holds);
#   2. an import of real bars into a store holding simulated bars of the same contracts is
#      refused (exit 2, the file byte for byte unchanged); with --discard-simulated the simulated
#      bars of those contracts go (the count printed is the store's own count of them, other
#      contracts keep theirs) and the import is stored as market data; with --allow-mixed it is
#      stored beside them and the days read mixed;
#   3. HTTP ingest of real bars into simulated contracts: 409 with a detail, nothing stored.
# Servers listen on free loopback ports; every wait gives up after 60 s.
# Usage: provenance_test.sh PATH/TO/strikeline
set -euo pipefail
bin=$(readlink -f "${1:?usage: provenance_test.sh PATH/TO/strikeline}")
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
q() { sqlite3 "$1" "$2"; }  # DB SQL

echo "== 1. a store the simulator wrote, served with --feed none"
port=$(free_port)
"$bin" serve --listen "127.0.0.1:$port" --db "sqlite:$work/sim.db" --sim-symbols NIFTY --sim-days 0 \
  --access-log false >"$work/sim.log" 2>&1 &
sim=$!
pids+=($sim)
wait_for_health_field "http://127.0.0.1:$port" "d['newest_bar_time'] is not None" True 60
kill -TERM "$sim"
wait "$sim" || fail "the simulator's server did not stop cleanly"
expected=$(q "$work/sim.db" "SELECT group_concat(expiry || '=' || source, ',') FROM
  (SELECT DISTINCT expiry, source FROM fo_bar_days WHERE symbol = 'NIFTY' ORDER BY expiry)")
case "$expected" in *=simulator*) ;; *) fail "the simulator's days are not recorded as simulated: '$expected'" ;; esac
port=$(free_port)
"$bin" serve --listen "127.0.0.1:$port" --db "sqlite:$work/sim.db" --feed none --access-log false \
  >"$work/none.log" 2>&1 &
pids+=($!)
wait_for_health "http://127.0.0.1:$port" 60
health=$(curl -s "http://127.0.0.1:$port/health")
served=$(python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert d["feed"]["source"] == "none", d["feed"]
assert d["simulated"] is True, "top-level simulated is not true"
n = d["sources"]["NIFTY"]
assert all(v["simulated"] is (v["source"] in ("simulator", "mixed")) for v in n.values()), n
print(",".join(e + "=" + v["source"] for e, v in sorted(n.items())))' "$health") || fail "/health: $health"
[ "$served" = "$expected" ] || fail "/health sources '$served', the store's '$expected'"
echo "ok: --feed none over the simulator's store: $served"

echo "== 2. import of real data into a simulated store"
"$bin" simulate --days 1 --symbols NIFTY --format bars --out "$work/all.csv" >/dev/null
head -n 3001 "$work/all.csv" >"$work/sim.csv"
# The real file: the bars of one expiry only (the simulated store also holds others).
expiry_col=$(head -n 1 "$work/sim.csv" | tr ',' '\n' | grep -nx expiry | cut -d: -f1)
first_expiry=$(sed -n 2p "$work/sim.csv" | cut -d, -f"$expiry_col")
awk -F, -v c="$expiry_col" -v e="$first_expiry" 'NR == 1 || $c == e' "$work/sim.csv" >"$work/real.csv"
real_rows=$(($(wc -l <"$work/real.csv") - 1))
for db in refused discard mixed; do
  "$bin" import --simulated "$work/sim.csv" --db "sqlite:$work/$db.db" >"$work/import-$db.log" 2>&1 ||
    fail "import --simulated into $db"
done
[ "$(q "$work/refused.db" "SELECT DISTINCT source FROM fo_bar_days")" = simulator ] ||
  fail "import --simulated did not mark its days simulated"
other_expiries=$(q "$work/refused.db" "SELECT count(DISTINCT expiry) FROM fo_bar_days WHERE expiry <> '$first_expiry'")
[ "$other_expiries" -gt 0 ] || fail "the simulated file holds one expiry only"

before=$(sqlite3 "$work/refused.db" .dump | md5sum)
status=0
"$bin" import "$work/real.csv" --db "sqlite:$work/refused.db" >"$work/refused.out" 2>&1 || status=$?
cat "$work/refused.out"
[ "$status" = 2 ] || fail "import over simulated bars: exit $status, expected 2"
grep -q "simulated bars" "$work/refused.out" && grep -q -- "--discard-simulated" "$work/refused.out" &&
  grep -q "NIFTY $first_expiry" "$work/refused.out" || fail "the refusal does not say why and what to do"
[ "$(sqlite3 "$work/refused.db" .dump | md5sum)" = "$before" ] || fail "a refused import changed the store"
echo "ok: refused, nothing changed"

simulated_there=$(q "$work/discard.db" "SELECT count(*) FROM fo_option_strike_bars WHERE expiry = '$first_expiry'")
others=$(q "$work/discard.db" "SELECT count(*) FROM fo_option_strike_bars WHERE expiry <> '$first_expiry'")
"$bin" import --discard-simulated "$work/real.csv" --db "sqlite:$work/discard.db" >"$work/discard.out" 2>&1 ||
  { cat "$work/discard.out"; fail "import --discard-simulated"; }
cat "$work/discard.out"
grep -q "^discarded $simulated_there simulated bars" "$work/discard.out" ||
  fail "--discard-simulated does not say it removed the $simulated_there simulated bars"
[ "$(q "$work/discard.db" "SELECT count(*) FROM fo_option_strike_bars WHERE expiry = '$first_expiry'")" = "$real_rows" ] ||
  fail "after --discard-simulated the contract does not hold exactly the imported bars"
[ "$(q "$work/discard.db" "SELECT count(*) FROM fo_option_strike_bars WHERE expiry <> '$first_expiry'")" = "$others" ] ||
  fail "--discard-simulated touched other contracts"
[ "$(q "$work/discard.db" "SELECT group_concat(DISTINCT source) FROM fo_bar_days WHERE expiry = '$first_expiry'")" = market ] ||
  fail "the imported days are not market data"
[ "$(q "$work/discard.db" "SELECT group_concat(DISTINCT source) FROM fo_bar_days WHERE expiry <> '$first_expiry'")" = simulator ] ||
  fail "other contracts' days lost their source"
echo "ok: --discard-simulated removed $simulated_there simulated bars"

"$bin" import --allow-mixed "$work/real.csv" --db "sqlite:$work/mixed.db" >"$work/mixed.out" 2>&1 ||
  { cat "$work/mixed.out"; fail "import --allow-mixed"; }
[ "$(q "$work/mixed.db" "SELECT group_concat(DISTINCT source) FROM fo_bar_days WHERE expiry = '$first_expiry'")" = mixed ] ||
  fail "--allow-mixed: the days are not mixed"
status=0
"$bin" import --allow-mixed --discard-simulated "$work/real.csv" --db "sqlite:$work/mixed.db" >/dev/null 2>&1 || status=$?
[ "$status" = 2 ] || fail "both flags: exit $status, expected 2"
echo "ok: --allow-mixed marks the days mixed"

echo "== 3. HTTP ingest of real bars into simulated contracts"
port=$(free_port)
"$bin" serve --listen "127.0.0.1:$port" --db "sqlite:$work/refused.db" --feed none --access-log false \
  >"$work/ingest.log" 2>&1 &
pids+=($!)
wait_for_health "http://127.0.0.1:$port" 60
bars_before=$(q "$work/refused.db" "SELECT count(*) FROM fo_option_strike_bars")
code=$(curl -s -o "$work/ingest.json" -w '%{http_code}' -H 'Content-Type: text/csv' \
  --data-binary @"$work/real.csv" "http://127.0.0.1:$port/fo/ingest/bars")
[ "$code" = 409 ] || fail "ingest over simulated bars: HTTP $code $(cat "$work/ingest.json")"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert "--allow-mixed" in d["detail"], d' \
  "$work/ingest.json" || fail "409 without a detail saying what to do"
[ "$(q "$work/refused.db" "SELECT count(*) FROM fo_option_strike_bars")" = "$bars_before" ] ||
  fail "a refused ingest stored bars"
echo "ok: 409 $(cat "$work/ingest.json")"
echo "provenance: passed"
