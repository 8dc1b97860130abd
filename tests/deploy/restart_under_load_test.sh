#!/usr/bin/env bash
# Zero-downtime restart under constant load: a server on a pre-populated SQLite file (`--feed none`,
# so the old and the new process only read it) is restarted twice with
# scripts/restart-zero-downtime.sh while tests/deploy/http_load.py keeps 4 keep-alive and 2
# new-connection-per-request clients busy. Asserts: zero failed requests, requests answered before,
# between and after the restarts, each old process exited with status 0 (it drained), the last
# one serves; a restart whose new server cannot start fails (status 1) and the old one serves on. Bounded: every wait gives up (120 s), the load stops after 120 s at the latest.
# Usage: restart_under_load_test.sh PATH/TO/strikeline
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(readlink -f "${1:?usage: restart_under_load_test.sh PATH/TO/strikeline}")
work=$(mktemp -d)
pids=()
cleanup() {
  touch "$work/stop"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  sleep 0.2
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; echo "--- server log"; tail -n 30 "$work/server.log" 2>/dev/null || true; exit 1; }
. "$root/tests/lib/health.sh"
count() { python3 -c "import json, sys; print(json.load(open(sys.argv[1]))['ok'])" "$1"; }

"$bin" simulate --days 1 --symbols NIFTY --format bars --out "$work/bars-all.csv" >/dev/null
head -n 4001 "$work/bars-all.csv" >"$work/bars.csv"
"$bin" import "$work/bars.csv" --db "sqlite:$work/bars.db" >"$work/import.log" 2>&1 || { cat "$work/import.log"; fail "import"; }

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
serve=("$bin" serve --listen "127.0.0.1:$port" --db "sqlite:$work/bars.db" --feed none --threads 2 --access-log false)
"${serve[@]}" >>"$work/server.log" 2>&1 &
first=$!
pids+=("$first")
wait_for_health "$url" 120 "$first"
curl -s "$url/fo/strike-distribution?symbol=NIFTY&timeframe=5&indicator=oi" | grep -q '"call_oi":[1-9]' ||
  fail "the pre-populated server serves no OI"

python3 "$root/tests/deploy/http_load.py" 127.0.0.1 "$port" "$work/stop" --max-seconds 120 >"$work/load.json" &
load=$!
pids+=("$load")
sleep 1.5
old=$first
for round in 1 2; do
  # Round 1 names the old process, round 2 goes through a PID file (read, then rewritten).
  which=(--old-pid "$old")
  if [ $round = 2 ]; then echo "$old" >"$work/strikeline.pid"; which=(--pid-file "$work/strikeline.pid"); fi
  new=$("$root/scripts/restart-zero-downtime.sh" "${which[@]}" --url "$url" --log "$work/server.log" --timeout 60 \
    -- "${serve[@]}") || fail "restart $round"
  pids+=("$new")
  if [ $round = 2 ]; then [ "$(cat "$work/strikeline.pid")" = "$new" ] || fail "the PID file does not hold $new"; fi
  if [ "$old" = "$first" ]; then
    status=0
    wait "$first" || status=$?
    [ "$status" = 0 ] || fail "the first server exited with status $status after SIGTERM"
  fi
  ! kill -0 "$old" 2>/dev/null || [ "$(cut -d' ' -f3 "/proc/$old/stat" 2>/dev/null)" = Z ] ||
    fail "restart $round: the old server $old still runs"
  echo "restart $round: $old -> $new"
  old=$new
  sleep 1.5
done
# A restart whose new server cannot start (a bad flag) fails and leaves the old one serving.
status=0
"$root/scripts/restart-zero-downtime.sh" --old-pid "$old" --url "$url" --log "$work/server.log" --timeout 60 \
  -- "$bin" serve --listen "127.0.0.1:$port" --feed bogus >/dev/null 2>&1 || status=$?
[ "$status" = 1 ] || fail "a failed restart exited with status $status, expected 1"
kill -0 "$old" 2>/dev/null || fail "a failed restart stopped the old server"
sleep 0.5
touch "$work/stop"
wait "$load" || fail "the load client failed"
cat "$work/load.json"
python3 - "$work/load.json" <<'PY' || fail "requests failed during the restarts"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["failed"] == 0, r
assert r["ok"] >= 300, r  # the load really ran through both restarts
assert r["closes"] > 0, r  # keep-alive clients were told to reconnect by the draining servers
PY
curl -sf -o /dev/null "$url/health" || fail "the last server does not answer"
grep -q "signal 15: draining" "$work/server.log" || fail "no drain in the log"
echo "zero-downtime restart under load: passed"
