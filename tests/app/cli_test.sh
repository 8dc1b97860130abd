#!/usr/bin/env bash
# The command line as an operator uses it: greeks (values and bad arguments), simulate -> import
# round trip into a fresh SQLite file, and import refusing files that are not bars or ticks.
# Usage: cli_test.sh /path/to/strikeline
set -euo pipefail
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# greeks: the IV it prints must reprice the premium (Black-Scholes, computed here independently).
out=$("$bin" greeks --type CE --strike 24500 --premium 152.4 --spot 24350.75 --years 0.0192 --rate 0.10)
echo "$out"
python3 - "$out" <<'PY' || fail "greeks output does not reprice the premium: $out"
import json, math, sys
d = json.loads(sys.argv[1])
assert d["status"] == "ok", d
S, K, T, r, sigma = 24350.75, 24500.0, 0.0192, 0.10, d["iv"] / 100
N = lambda x: 0.5 * math.erfc(-x / math.sqrt(2))
d1 = (math.log(S / K) + (r + sigma * sigma / 2) * T) / (sigma * math.sqrt(T))
d2 = d1 - sigma * math.sqrt(T)
price = S * N(d1) - K * math.exp(-r * T) * N(d2)
assert abs(price - 152.4) < 1e-9, price
assert abs(d["delta"] - N(d1)) < 1e-9, (d["delta"], N(d1))
pdf = math.exp(-d1 * d1 / 2) / math.sqrt(2 * math.pi)
assert abs(d["vega"] - S * pdf * math.sqrt(T) / 100) < 1e-6, d["vega"]
PY
# Put with --expiry/--at: 1 day to the 15:30 IST close.
out=$("$bin" greeks --type PE --strike 24300 --premium 80 --forward 24400 --expiry 2025-11-04 --at 2025-11-03T15:30:00+05:30)
python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert d['status']=='ok' and abs(d['years']-1/365)<1e-12 and d['delta']<0, d" "$out" \
  || fail "greeks --expiry: $out"
# Below intrinsic: a typed status, exit 1, no NaN.
set +e
out=$("$bin" greeks --type CE --strike 20000 --premium 10 --spot 24350 --years 0.1)
rc=$?
set -e
[ $rc -eq 1 ] || fail "below-intrinsic premium should exit 1, got $rc"
python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert d['status']=='below_intrinsic' and d['iv'] is None, d" "$out" \
  || fail "below intrinsic: $out"
# Bad arguments, the parser's and the commands' own: a message naming what is accepted and exit
# status 2 (not CLI11's 104-114), with a "did you mean" where a name is close.
check_bad() {
  local expect=$1; shift
  set +e
  msg=$("$bin" "$@" 2>&1 >/dev/null)
  rc=$?
  set -e
  [ $rc -eq 2 ] || fail "'$*' exited $rc, not 2: $msg"
  echo "$msg" | grep -qF -- "$expect" || fail "'$*' said: $msg (expected: $expect)"
}
check_bad "CE or PE" greeks --type XX --strike 1 --premium 1 --spot 1 --years 1
check_bad "exactly one of --spot" greeks --type CE --strike 1 --premium 1 --years 1
check_bad "exactly one of --expiry" greeks --type CE --strike 1 --premium 1 --spot 1
check_bad "YYYY-MM-DD" greeks --type CE --strike 1 --premium 1 --spot 1 --expiry 04/11/2025
check_bad "strike" greeks --type CE --strike -5 --premium 1 --spot 1 --years 1
check_bad "ticks" simulate --format candles --out "$work/x"
check_bad "cannot be simulated" simulate --symbols NOPE --out "$work/x"
check_bad "sqlite:PATH" serve --db mysql://x
# Writer fail-over's lease: for PostgreSQL writers only, renewed at least twice a lease.
check_bad "are for --role writer on --db postgres://" serve --db "sqlite:$work/lease.db" --writer-lease 3
check_bad "at most half of --writer-lease (got 2 s and 3 s)" \
  serve --db postgres://127.0.0.1:9/x --writer-lease 3 --writer-lease-renew 2
check_bad "--writer-lease" serve --db postgres://127.0.0.1:9/x --writer-lease 0.1
check_bad "unknown command 'serv' (did you mean 'serve'?)" serv
check_bad "unknown flag --lisen (did you mean '--listen'?)" serve --lisen 0.0.0.0:1
check_bad "--strike is required" greeks --type CE --premium 1 --spot 1 --years 1
check_bad "no such file" serve --config "$work/missing.toml"
printf '[serve]\nfeed = none\nlisen = 127.0.0.1:1\n' >"$work/typo.toml"
check_bad "$work/typo.toml line 3: strikeline serve has no flag --lisen (did you mean 'listen'?)" \
  serve --config "$work/typo.toml"
# greeks: fractions only, NSE dates, IST without an offset, a labelled table.
check_bad "give a fraction (0.065 for 6.5 %, not 6.5)" greeks --type CE --strike 1 --premium 1 --spot 1 --years 1 --rate 6.5
check_bad "--div" greeks --type CE --strike 1 --premium 1 --spot 1 --years 1 --div 2
out=$("$bin" greeks --type PE --strike 24300 --premium 80 --forward 24400 --expiry 08-Dec-2026 --at "2026-12-07 15:30")
python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert d['status']=='ok' and abs(d['years']-1/365)<1e-12, d" "$out" \
  || fail "greeks --expiry 08-Dec-2026 --at '2026-12-07 15:30' (IST, one day before the 15:30 IST close): $out"
table=$("$bin" greeks --type CE --strike 24500 --premium 152.4 --spot 24350.75 --years 0.0192 --format table)
echo "$table"
python3 - "$out" "$table" <<'PY' || fail "greeks --format table: $table"
import re, subprocess, sys
table = sys.argv[2]
rows = dict(re.match(r"(\w+)\s+(\S+)", line).groups() for line in table.splitlines())
assert set(rows) == {"IV", "Delta", "Gamma", "Theta", "Vega", "Rho", "Years", "Status"}, rows
assert rows["Status"] == "ok" and re.fullmatch(r"\d+\.\d\d", rows["IV"]), rows
assert re.fullmatch(r"0\.\d{4}", rows["Delta"]) and re.fullmatch(r"0\.\d{6}", rows["Gamma"]), rows
PY

# serve --config: the file's settings take effect (feed none, the loopback port, the database).
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$work/serve.toml" <<TOML
# flat keys, then serve's own section with TOML-quoted values
db = "sqlite:$work/db/configured.db"
[serve]
listen = '127.0.0.1:$port'
feed = "none"
access_log = false
TOML
"$bin" serve --config="$work/serve.toml" >"$work/serve.log" 2>&1 &
server=$!
deadline=$((SECONDS + 30))
until health=$(curl -sf "http://127.0.0.1:$port/health"); do
  kill -0 $server 2>/dev/null || fail "serve --config exited: $(cat "$work/serve.log")"
  [ $SECONDS -lt $deadline ] || fail "serve --config did not listen on $port"
  sleep 0.2
done
kill -TERM $server; wait $server || true
python3 -c "import json,sys; d=json.loads(sys.argv[1]); f=d.get('feed',{}); assert f.get('source')=='none' and not d.get('simulated'), d" "$health" \
  || fail "serve --config did not take feed = none: $health"
[ -f "$work/db/configured.db" ] || fail "serve --config did not use the configured database"

# simulate -> import: every bar written is accepted.
"$bin" simulate --days 1 --symbols NIFTY --seed 3 --from 2025-11-04 --format bars --out "$work/bars.csv"
rows=$(($(wc -l <"$work/bars.csv") - 1))
[ "$rows" -gt 10000 ] || fail "simulate wrote only $rows bars"
out=$("$bin" import "$work/bars.csv" --db "sqlite:$work/db/a.db")
echo "$out"
echo "$out" | grep -q "accepted $rows bars, rejected 0 lines" || fail "import: $out"
count=$(sqlite3 "$work/db/a.db" "select count(*) from fo_option_strike_bars where call_oi_sum > 0")
[ "$count" -gt 0 ] || fail "no OI in the imported table"
# Re-importing the same file is idempotent.
"$bin" import "$work/bars.csv" --db "sqlite:$work/db/a.db" >/dev/null
total=$(sqlite3 "$work/db/a.db" "select count(*) from fo_option_strike_bars")
[ "$total" -eq "$rows" ] || fail "re-import changed the row count: $total vs $rows"
# Ticks import.
"$bin" simulate --days 1 --symbols NIFTY --seed 3 --from 2025-11-04 --format ticks --out "$work/ticks.ndjson"
out=$("$bin" import "$work/ticks.ndjson" --db "sqlite:$work/db/b.db")
echo "$out"
echo "$out" | grep -q "from [0-9]* ticks" || fail "tick import: $out"

# Refused files: non-zero exit, nothing stored.
head -c 4096 /dev/urandom >"$work/binary.bin"
printf 'bucket_time,symbol,expiry,strike\n' >"$work/header_only.csv"
: >"$work/empty.csv"
for f in binary.bin header_only.csv empty.csv; do
  set +e
  msg=$("$bin" import "$work/$f" --db "sqlite:$work/db/c.db" 2>&1)
  rc=$?
  set -e
  [ $rc -ne 0 ] || fail "import of $f exited 0: $msg"
  echo "$msg" | grep -q "refused" || fail "import of $f: $msg"
done
[ "$(sqlite3 "$work/db/c.db" "select count(*) from fo_option_strike_bars")" -eq 0 ] || fail "a refused file stored rows"
echo "cli: passed"
