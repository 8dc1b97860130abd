#!/usr/bin/env bash
# The Kite feed from the command line: kite-decode on frames encoded by the test from the protocol
# (tests/lib/kite_frames.py: packets, and ticks in the ticks-ndjson import format that
# `strikeline import` reads back) and, when they are beside the checkout, on the real captures;
# refused files; and `serve --feed kite` refusing bad set-ups without ever printing the access
# token or over a store holding simulated bars of its symbols, then running against a ticker URL
# where nothing listens (it keeps reconnecting, /health says so, the log holds no secret), having
# removed those simulated bars with --discard-simulated.
# Usage: kite_cli_test.sh /path/to/strikeline [/path/to/fixtures/kite (optional real captures)]
set -euo pipefail
bin=$1
captures=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -f "$work/serve.log" ] && { echo "--- server log"; tail -n 20 "$work/serve.log"; }; exit 1; }
. "$here/../lib/health.sh"
secret=kite_token_DO_NOT_PRINT_4242

# Packets of a frame of two full-mode packets, encoded from the protocol.
python3 "$here/../lib/kite_frames.py" full "$work/frame.bin" || fail "encoding the test frame"
"$bin" kite-decode "$work/frame.bin" > "$work/packets.ndjson"
python3 - "$work/packets.ndjson" <<'PY' || fail "kite-decode packets"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert [r["instrument_token"] for r in rows] == [12342530, 12342786], rows
assert rows[0]["last_price"] == 152.4 and rows[1]["last_price"] == 98.75, rows
assert rows[0]["mode"] == "full" and rows[0]["exchange_timestamp"] == 1762230302, rows[0]
assert rows[0]["oi"] == 1234500 and rows[1]["volume"] == 6127950, rows
assert rows[1]["sell"][4] == {"price": 99.0, "quantity": 2700, "orders": 12}, rows[1]["sell"]
PY

# The real captures, when present: the publisher's values of the two full-mode packets.
if [ -n "$captures" ] && [ -f "$captures/websocket_ticks.bin" ]; then
  "$bin" kite-decode "$captures/websocket_ticks.bin" > "$work/captured.ndjson"
  python3 - "$work/captured.ndjson" <<'PY' || fail "kite-decode of the real capture"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert [r["instrument_token"] for r in rows] == [408065, 2953217], rows
assert rows[0]["last_price"] == 1299.05 and rows[1]["last_price"] == 3209.4, rows
assert rows[0]["mode"] == "full" and rows[0]["exchange_timestamp"] == 1612777255
assert rows[1]["sell"][4] == {"price": 3210.2, "quantity": 670, "orders": 1}, rows[1]["sell"]
PY
fi

# Ticks with an instrument dump: the frame's tokens are NIFTY options, read back by import.
cat > "$work/instruments.csv" <<'CSV'
instrument_token,exchange_token,tradingsymbol,name,last_price,expiry,strike,tick_size,lot_size,instrument_type,segment,exchange
12342530,48213,NIFTY25N0425000CE,"NIFTY",0,2025-11-04,25000,0.05,75,CE,NFO-OPT,NFO
12342786,48214,NIFTY25N0425000PE,"NIFTY",0,2025-11-04,25000,0.05,75,PE,NFO-OPT,NFO
CSV
"$bin" kite-decode "$work/frame.bin" --instruments "$work/instruments.csv" > "$work/ticks.ndjson"
python3 - "$work/ticks.ndjson" <<'PY' || fail "kite-decode ticks"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 2, rows
assert rows[0] == {"ts": 1762230302, "symbol": "NIFTY", "expiry": "2025-11-04", "strike": 25000,
                   "type": "CE", "price": 152.4, "volume": 8812500, "oi": 1234500, "bid": 152.35,
                   "ask": 152.45, "bid_qty": 750, "ask_qty": 1500}, rows[0]
assert rows[1]["type"] == "PE" and rows[1]["ts"] == 1762230300, rows[1]
PY
"$bin" import --db "sqlite:$work/decoded.db" --format ticks-ndjson "$work/ticks.ndjson" > "$work/import.txt" \
  || fail "import of kite-decode ticks: $(cat "$work/import.txt")"
# The depth's best levels are the bar's quotes (prices in rupees, sizes in units; both ticks fall
# in one minute).
quotes=$(sqlite3 "$work/decoded.db" "select call_bid, call_ask, call_bid_qty, call_ask_qty, put_bid, put_ask, put_bid_qty, put_ask_qty from fo_option_strike_bars order by bucket_time")
[ "$quotes" = "152.35|152.45|750|1500|98.7|98.8|300|225" ] || fail "quotes stored from the depth: $quotes"

# Refused input: message and exit 1.
set +e
printf '# Not a frame\n\nSome text.\n' > "$work/notes.md"
"$bin" kite-decode "$work/notes.md" > /dev/null 2> "$work/err.txt"; rc=$?
set -e
[ $rc -eq 1 ] || fail "kite-decode on text should exit 1, got $rc"
grep -q "not a Kite ticker frame" "$work/err.txt" || fail "kite-decode message: $(cat "$work/err.txt")"

# serve --feed kite: bad set-ups are refused, and the token never appears.
expect_refused() {
  local what=$1; shift
  set +e
  "$@" > "$work/out.txt" 2>&1; rc=$?
  set -e
  [ $rc -ne 0 ] || fail "$what: serve should refuse"
  grep -q "$secret" "$work/out.txt" && fail "$what: the access token was printed"
  return 0
}
expect_refused "no instruments" env STRIKELINE_KITE_API_KEY=k STRIKELINE_KITE_ACCESS_TOKEN=$secret \
  "$bin" serve --feed kite --db "sqlite:$work/s.db" --listen 127.0.0.1:0
grep -q -- "--kite-instruments" "$work/out.txt" || fail "no instruments message: $(cat "$work/out.txt")"
expect_refused "no credentials" env -u STRIKELINE_KITE_API_KEY -u STRIKELINE_KITE_ACCESS_TOKEN \
  "$bin" serve --feed kite --kite-instruments "$work/instruments.csv" --db "sqlite:$work/s.db" --listen 127.0.0.1:0
grep -q "STRIKELINE_KITE_ACCESS_TOKEN" "$work/out.txt" || fail "no credentials message: $(cat "$work/out.txt")"
printf 'api_key = k\naccess_token = %s\nfoo = %s\n' "$secret" "$secret" > "$work/kite.env"
expect_refused "bad credentials file" "$bin" serve --feed kite --kite-credentials "$work/kite.env" \
  --kite-instruments "$work/instruments.csv" --db "sqlite:$work/s.db" --listen 127.0.0.1:0
expect_refused "binary instruments" env STRIKELINE_KITE_API_KEY=k STRIKELINE_KITE_ACCESS_TOKEN=$secret \
  "$bin" serve --feed kite --kite-instruments "$work/frame.bin" --db "sqlite:$work/s.db" --listen 127.0.0.1:0
expect_refused "bad url" env STRIKELINE_KITE_API_KEY=k STRIKELINE_KITE_ACCESS_TOKEN=$secret \
  "$bin" serve --feed kite --kite-instruments "$work/instruments.csv" --kite-url "http://x?access_token=$secret" \
  --db "sqlite:$work/s.db" --listen 127.0.0.1:0

expect_refused "ws:// without --insecure-kite-url" env STRIKELINE_KITE_API_KEY=k STRIKELINE_KITE_ACCESS_TOKEN=$secret \
  "$bin" serve --feed kite --kite-instruments "$work/instruments.csv" --kite-url "ws://127.0.0.1:9/" \
  --db "sqlite:$work/s.db" --listen 127.0.0.1:0
grep -q "wss://" "$work/out.txt" || fail "no wss:// message: $(cat "$work/out.txt")"

# Over a store holding simulated bars of its symbols the Kite feed does not start (exit 2, the
# contracts named), unless told what to do with them (issue 25).
printf 'api_key = k\naccess_token = %s\n' "$secret" > "$work/kite.env"
"$bin" import --simulated --db "sqlite:$work/simulated.db" --format ticks-ndjson "$work/ticks.ndjson" \
  > "$work/import.txt" || fail "import --simulated: $(cat "$work/import.txt")"
simulated_bars=$(sqlite3 "$work/simulated.db" "select count(*) from fo_option_strike_bars")
expect_refused "simulated bars" "$bin" serve --feed kite --kite-credentials "$work/kite.env" \
  --kite-instruments "$work/instruments.csv" --kite-url "ws://127.0.0.1:9/" --insecure-kite-url \
  --db "sqlite:$work/simulated.db" --listen 127.0.0.1:0
[ $rc -eq 2 ] || fail "serve --feed kite over simulated bars: exit $rc, expected 2"
grep -q "simulated bars.*NIFTY 2025-11-04.*--discard-simulated" "$work/out.txt" ||
  fail "simulated bars message: $(cat "$work/out.txt")"
[ "$(sqlite3 "$work/simulated.db" "select count(*) from fo_option_strike_bars")" = "$simulated_bars" ] ||
  fail "the refused start changed the store"

# A ticker where nothing listens: the server runs, keeps reconnecting, and says so in /health;
# with --discard-simulated it first removed the simulated bars (and said how many).
# Ports the kernel hands out as free (a random pick could fall among the ephemeral ports other
# tests' connections hold, and the server would fail to bind).
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
dead_port=$(free_port)
port=$(free_port)
"$bin" serve --feed kite --kite-credentials "$work/kite.env" --kite-instruments "$work/instruments.csv" \
  --kite-url "ws://127.0.0.1:$dead_port/" --insecure-kite-url --db "sqlite:$work/simulated.db" \
  --discard-simulated --listen "127.0.0.1:$port" --access-log false > "$work/serve.log" 2>&1 &
server_pid=$!
wait_for_health_field "http://127.0.0.1:$port" "d['feed']['source'] + ':' + d['feed']['state']" \
  kite:reconnecting 15
kill -TERM "$server_pid"
wait "$server_pid" || true
server_pid=
grep -q "$secret" "$work/serve.log" && fail "the access token is in the server log"
grep -q "reconnecting in" "$work/serve.log" || fail "no reconnection in the log: $(cat "$work/serve.log")"
grep -q "discarded $simulated_bars simulated bars of 1 contract-days: NIFTY 2025-11-04" "$work/serve.log" ||
  fail "--discard-simulated: $(grep -i simulated "$work/serve.log")"
[ "$(sqlite3 "$work/simulated.db" "select count(*) from fo_option_strike_bars")" = 0 ] ||
  fail "--discard-simulated left bars"
echo "kite command line: ok"
