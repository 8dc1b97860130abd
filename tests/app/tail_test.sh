#!/usr/bin/env bash
# `strikeline tail` and HTTP ingest end to end: a server with no feed on a free loopback port and a
# temporary database; tail subscribes to NIFTY before there is data (--wait); ticks posted with
# curl come out of tail as one summary line (and as the raw fo_bucket with --json); a symbol the
# server has no data for is said so at once (exit 1, with a did-you-mean); tail reaches the server
# through a TLS proxy as wss:// (trusting the proxy's certificate through SSL_CERT_FILE, and
# refusing it otherwise) and negotiates permessage-deflate; bad arguments and an unreachable server
# exit non-zero with a message; a wrong ingest token is 403 and stores nothing. tail --chain: the
# --json lines (the snapshot, then the table after an update) equal /fo/option-chain at their as_of;
# the fixed-width table marks ATM and writes OI in lakh, also over wss://; an expiry or a symbol
# without data is said so (exit 1); bad --chain arguments exit 2. Bounded: 60 s.
# Usage: tail_test.sh /path/to/strikeline
set -euo pipefail
bin=$1
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
"$bin" serve --listen "127.0.0.1:$port" --db "sqlite:$work/db.sqlite" --feed none --access-log false \
  --ingest-token t0ken >"$work/server.log" 2>&1 &
server=$!
cleanup() { kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; echo "--- server log"; tail -n 20 "$work/server.log"; exit 1; }
. "$(dirname "$0")/../lib/health.sh"

wait_for_health "$base" 60 "$server"

# Ticks of the current minute (HTTP tick ingest takes times near the server's clock), for an
# expiry a week ahead; the expected tail line is computed from the same clock.
read -r minute expiry expiry_nse other_expiry ist <<<"$(python3 - "$work/ticks.ndjson" <<'PY'
import datetime, sys, time
minute = int(time.time()) // 60 * 60
if time.time() - minute > 50:  # leave the ticks inside one minute
    time.sleep(61 - (time.time() - minute)); minute += 60
ist = datetime.timezone(datetime.timedelta(hours=5, minutes=30))
expiry = (datetime.datetime.fromtimestamp(minute, ist).date() + datetime.timedelta(days=7)).isoformat()
with open(sys.argv[1], "w") as out:
    out.write('{"ts":%s.5,"symbol":"NIFTY","price":24350.75}\n' % minute)
    out.write('{"ts":%s.25,"symbol":"NIFTY","expiry":"%s","strike":24300,"type":"CE","price":152.4,"volume":1203450,"oi":5123400}\n' % (minute + 1, expiry))
    out.write('{"ts":%s,"symbol":"NIFTY","expiry":"%s","strike":24300,"type":"PE","price":98.1,"volume":800000,"oi":4800000}\n' % (minute + 2, expiry))
print(minute, expiry, datetime.date.fromisoformat(expiry).strftime("%d-%b-%Y"),
      (datetime.date.fromisoformat(expiry) + datetime.timedelta(days=7)).isoformat(),
      datetime.datetime.fromtimestamp(minute, ist).strftime("%Y-%m-%d_%H:%M"))
PY
)"
ist=${ist/_/ }

# A wrong token: 403, nothing stored.
status=$(curl -s -o "$work/denied.json" -w '%{http_code}' -H 'Content-Type: application/x-ndjson' \
  -H 'Authorization: Bearer nope' --data-binary @"$work/ticks.ndjson" "$base/fo/ingest/ticks")
[ "$status" = 403 ] || fail "wrong token: expected 403, got $status"
expiries=$(curl -s "$base/fo/expiries?symbol=NIFTY")
python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert d['expiries']==[], d" "$expiries" \
  || fail "a refused ingest stored data: $expiries"

# Without data and without --wait, tail says so and exits 1.
set +e
timeout 30 "$bin" tail --url "ws://127.0.0.1:$port/fo/stream" --symbol NIFTY 2>"$work/err"; rc=$?
set -e
[ $rc -eq 1 ] && grep -q "no data for NIFTY" "$work/err" || fail "tail without data: rc=$rc $(cat "$work/err")"
timeout 30 "$bin" tail --url "ws://127.0.0.1:$port/fo/stream" --symbol 'nifty 50' --count 1 --wait \
  >"$work/tail.out" 2>"$work/tail.err" &
tail_pid=$!
timeout 30 "$bin" tail --url "ws://127.0.0.1:$port/fo/stream" --symbol NIFTY --expiry "$expiry_nse" \
  --json --count 1 --wait >"$work/tail.json" 2>"$work/tail-json.err" &
json_pid=$!
deadline=$((SECONDS + 30))
until grep -q subscribed "$work/tail.err" 2>/dev/null && grep -q subscribed "$work/tail-json.err" 2>/dev/null; do
  [ $SECONDS -lt $deadline ] || fail "tail did not subscribe: $(cat "$work/tail.err" "$work/tail-json.err" 2>/dev/null)"
  sleep 0.1
done
reply=$(curl -s -H 'Content-Type: application/x-ndjson' -H 'Authorization: Bearer t0ken' \
  --data-binary @"$work/ticks.ndjson" "$base/fo/ingest/ticks")
python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert d['accepted']==3 and d['rejected']==[], d" "$reply" \
  || fail "ingest reply: $reply"
wait "$tail_pid" || fail "tail exited with $?"
wait "$json_pid" || fail "tail --json exited with $?"
line=$(cat "$work/tail.out")
echo "$line"
case "$line" in
  *"$ist IST  NIFTY $expiry 1min  spot 24350.75  ATM 24300  OI C 51.23 L P 48.00 L  PCR 0.9369"*"max pain 24300"*"1 strikes") ;;
  *) fail "unexpected tail line: $line" ;;
esac
python3 - "$work/tail.json" "$expiry" "$minute" <<'PY' || fail "tail --json: $(cat "$work/tail.json")"
import json, sys
m = json.loads(open(sys.argv[1]).read())
assert m["type"] == "fo_bucket" and m["symbol"] == "NIFTY" and m["expiry"] == sys.argv[2], m
assert m["bucket_time"] == int(sys.argv[3]), m
s = m["strikes"][0]
assert s["call"]["oi"] == 5123400 and s["put"]["oi"] == 4800000 and s["underlying"] == 24350.75, s
assert s["call"]["iv"] is not None and s["put"]["iv"] is not None, s
assert m["metrics"]["atm_strike"] == 24300 and m["as_of"] >= m["bucket_time"], m["metrics"]
PY

grep -q "waiting for data" "$work/tail.err" || fail "tail --wait did not say it waits: $(cat "$work/tail.err")"

# tail --chain --json: a line for the snapshot, then one for the table after an update (a new
# strike's call in the same minute, below ATM); each equals /fo/option-chain at the line's as_of.
timeout 30 "$bin" tail --url "ws://127.0.0.1:$port/fo/stream" --symbol NIFTY --chain --json --count 2 \
  >"$work/chain.json" 2>"$work/chain.err" &
chain_pid=$!
deadline=$((SECONDS + 30))
until [ -s "$work/chain.json" ]; do
  [ $SECONDS -lt $deadline ] || fail "tail --chain printed no snapshot: $(cat "$work/chain.err")"
  sleep 0.1
done
curl -sf -H 'Content-Type: application/x-ndjson' -H 'Authorization: Bearer t0ken' --data-binary \
  "{\"ts\":$((minute + 3)),\"symbol\":\"NIFTY\",\"expiry\":\"$expiry\",\"strike\":24200,\"type\":\"CE\",\"price\":190,\"volume\":65,\"oi\":650,\"bid\":189.5,\"ask\":190.5}" \
  "$base/fo/ingest/ticks" >/dev/null || fail "ingest of the chain update"
wait "$chain_pid" || fail "tail --chain --json exited with $?: $(cat "$work/chain.err")"
[ "$(wc -l <"$work/chain.json")" -eq 2 ] || fail "tail --chain --json --count 2 printed: $(cat "$work/chain.json")"
n=0
while read -r line; do
  n=$((n + 1))
  as_of=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["as_of"])' "$line")
  curl -sf "$base/fo/option-chain?symbol=NIFTY&expiry=$expiry&at=$as_of" >"$work/chain-api.json" ||
    fail "/fo/option-chain at $as_of"
  python3 - "$line" "$work/chain-api.json" "$minute" "$n" <<'PY' || fail "tail --chain --json line $n: $line"
import json, sys
table, api, minute, n = json.loads(sys.argv[1]), json.load(open(sys.argv[2])), int(sys.argv[3]), int(sys.argv[4])
assert api.pop("status") == "ok"
assert table == api, (table, api)
assert table["as_of"] == minute + (2 if n == 1 else 3) and table["atm_strike"] == 24300, table
rows = {r["strike"]: r for r in table["rows"]}
assert list(rows) == ([24300] if n == 1 else [24200, 24300]), list(rows)
assert rows[24300]["call"]["oi"] == 5123400 and rows[24300]["put"]["oi"] == 4800000, table
if n == 2:
    assert rows[24200]["call"]["bid"] == 189.5 and rows[24200]["call"]["ask"] == 190.5, table
PY
done <"$work/chain.json"
# The table as text (not a terminal here: printed once, not redrawn).
timeout 30 "$bin" tail --url "ws://127.0.0.1:$port/fo/stream" --symbol NIFTY --chain --count 1 \
  >"$work/chain.txt" 2>"$work/chain.err" || fail "tail --chain: $(cat "$work/chain.err")"
cat "$work/chain.txt"
grep -q "CALLS.*PUTS" "$work/chain.txt" ||
  fail "tail --chain has no CALLS/PUTS heading: $(cat "$work/chain.txt")"
grep -Eq "51\.23 L .*> 24300 <.*48\.00 L" "$work/chain.txt" ||
  fail "tail --chain's ATM row (call OI 51.23 L, put OI 48.00 L): $(cat "$work/chain.txt")"
grep -q "NIFTY $expiry NWeek+0" "$work/chain.txt" || fail "tail --chain's heading: $(cat "$work/chain.txt")"
set +e
timeout 30 "$bin" tail --url "ws://127.0.0.1:$port/fo/stream" --symbol NIFTY --chain --expiry "$other_expiry" 2>"$work/err"; rc=$?
set -e
[ $rc -eq 1 ] && grep -qF "no data for NIFTY expiry $other_expiry; its expiries with data: $expiry" "$work/err" ||
  fail "tail --chain of an expiry without data: rc=$rc $(cat "$work/err")"
set +e
timeout 30 "$bin" tail --url "ws://127.0.0.1:$port/fo/stream" --symbol BANKNIFTY --chain 2>"$work/err"; rc=$?
set -e
[ $rc -eq 1 ] && grep -qF "no data for BANKNIFTY; symbols with data: NIFTY" "$work/err" ||
  fail "tail --chain of a symbol without data: rc=$rc $(cat "$work/err")"

# A mistyped symbol: no data, said at once with what the server has.
curl -sf -H 'Content-Type: application/x-ndjson' -H 'Authorization: Bearer t0ken' --data-binary \
  "{\"ts\":$minute.5,\"symbol\":\"BANKNIFTY\",\"expiry\":\"$expiry\",\"strike\":52000,\"type\":\"CE\",\"price\":300,\"volume\":10,\"oi\":1000}" \
  "$base/fo/ingest/ticks" >/dev/null || fail "BANKNIFTY ingest"
set +e
timeout 30 "$bin" tail --url "ws://127.0.0.1:$port/fo/stream" --symbol BANKNIFY 2>"$work/err"; rc=$?
set -e
[ $rc -eq 1 ] || fail "tail --symbol BANKNIFY exited $rc: $(cat "$work/err")"
grep -qF "no data for BANKNIFY (did you mean 'BANKNIFTY'?); symbols with data: BANKNIFTY, NIFTY" "$work/err" ||
  fail "tail --symbol BANKNIFY said: $(cat "$work/err")"
set +e
timeout 30 "$bin" tail --url "ws://127.0.0.1:$port/fo/stream" --symbol NIFTY --expiry "$other_expiry" 2>"$work/err"; rc=$?
set -e
[ $rc -eq 1 ] && grep -qF "no data for NIFTY expiry $other_expiry; its expiries with data: $expiry" "$work/err" ||
  fail "tail of an expiry without data: rc=$rc $(cat "$work/err")"

# wss:// through a TLS proxy with a self-signed certificate for localhost.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost -addext subjectAltName=DNS:localhost \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null || fail "openssl could not make a certificate"
python3 "$(dirname "$0")/tls_proxy.py" "$work/cert.pem" "$work/key.pem" "$port" >"$work/proxy.port" &
proxy=$!
trap 'kill $proxy 2>/dev/null || true; cleanup' EXIT
deadline=$((SECONDS + 10))
until [ -s "$work/proxy.port" ]; do
  [ $SECONDS -lt $deadline ] || fail "the TLS proxy did not start"
  sleep 0.1
done
tls_port=$(cat "$work/proxy.port")
SSL_CERT_FILE="$work/cert.pem" timeout 30 "$bin" tail --url "wss://localhost:$tls_port/fo/stream" \
  --symbol NIFTY --count 1 >"$work/tls.out" 2>"$work/tls.err" || fail "tail over wss://: $(cat "$work/tls.err")"
grep -q "NIFTY $expiry 1min  spot 24350.75" "$work/tls.out" || fail "tail over wss:// printed: $(cat "$work/tls.out")"
grep -q "permessage-deflate" "$work/tls.err" || fail "tail did not negotiate permessage-deflate: $(cat "$work/tls.err")"
SSL_CERT_FILE="$work/cert.pem" timeout 30 "$bin" tail --url "wss://localhost:$tls_port/fo/stream" \
  --symbol NIFTY --chain --count 1 >"$work/tls.out" 2>"$work/tls.err" || fail "tail --chain over wss://: $(cat "$work/tls.err")"
grep -q "> 24300 <" "$work/tls.out" || fail "tail --chain over wss:// printed: $(cat "$work/tls.out")"
set +e
SSL_CERT_FILE=/nonexistent timeout 30 "$bin" tail --url "wss://localhost:$tls_port/fo/stream" --symbol NIFTY \
  --count 1 2>"$work/err"; rc=$?
set -e
[ $rc -eq 1 ] && grep -q "certificate verify failed" "$work/err" ||
  fail "an untrusted certificate was not refused: rc=$rc $(cat "$work/err")"

# Bad arguments and an unreachable server.
set +e
"$bin" tail --symbol NIFTY --timeframe 7min 2>"$work/err"; rc=$?
[ $rc -ne 0 ] && grep -q "timeframe" "$work/err" || fail "bad --timeframe: rc=$rc $(cat "$work/err")"
"$bin" tail --symbol NIFTY --chain --strike-range 0 2>"$work/err"; rc=$?
[ $rc -eq 2 ] && grep -q "strike-range" "$work/err" || fail "bad --strike-range: rc=$rc $(cat "$work/err")"
"$bin" tail --symbol NIFTY --strike-range 5 2>"$work/err"; rc=$?
[ $rc -eq 2 ] && grep -q "strike-range is for --chain" "$work/err" || fail "--strike-range without --chain: rc=$rc $(cat "$work/err")"
"$bin" tail --symbol NIFTY --url "http://127.0.0.1:$port" 2>"$work/err"; rc=$?
[ $rc -ne 0 ] && grep -q "ws://" "$work/err" || fail "bad --url: rc=$rc $(cat "$work/err")"
"$bin" tail --url "ws://127.0.0.1:$port/fo/stream" 2>"$work/err"; rc=$?
[ $rc -ne 0 ] && grep -q "symbol" "$work/err" || fail "missing --symbol: rc=$rc $(cat "$work/err")"
"$bin" tail --symbol NIFTY --url "ws://127.0.0.1:1/fo/stream" 2>"$work/err"; rc=$?
[ $rc -eq 1 ] && grep -q "cannot reach" "$work/err" || fail "unreachable: rc=$rc $(cat "$work/err")"
set -e
echo "tail test passed"
