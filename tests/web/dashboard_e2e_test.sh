#!/usr/bin/env bash
# End-to-end browser test of the dashboard: builds web/ (scripts/build-web.sh) into BUILD/web,
# starts `strikeline serve` on a free loopback port with the simulator (one backfilled day) and a
# temporary database, waits for the feed to run, then drives Debian's chromium with playwright-core
# (web/e2e/dashboard.e2e.mjs). Screenshots go to BUILD/e2e-screenshots/. Bounded: 150 s in all.
# Usage: dashboard_e2e_test.sh STRIKELINE_BINARY BUILD_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
binary=$1
build=$2
work=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -f "$work/server.log" ] && { echo "--- server log"; tail -n 30 "$work/server.log"; }; exit 1; }

[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium is missing (scripts/install-deps.sh installs it)"
timeout 90 "$root/scripts/build-web.sh" "$build/web" || fail "scripts/build-web.sh failed"

# A free port: bind port 0 and read what the kernel chose.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
"$binary" serve --listen "127.0.0.1:$port" --db "sqlite:$work/strikeline.db" --web-root "$build/web" \
  --sim-days 1 --access-log false >"$work/server.log" 2>&1 &
server=$!

deadline=$((SECONDS + 60))
until [ "$(curl -s "$base/health" | python3 -c 'import sys, json; print(json.load(sys.stdin)["feed"]["state"])' 2>/dev/null)" = running ]; do
  [ $SECONDS -lt $deadline ] || fail "the simulator was not running within 60 s"
  kill -0 "$server" 2>/dev/null || fail "the server exited"
  sleep 0.5
done

# The dashboard's live updates come over the WebSocket /fo/stream: the server must upgrade
# (101 Switching Protocols; curl then waits for data until --max-time, hence `|| true`).
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H 'Connection: Upgrade' -H 'Upgrade: websocket' \
  -H 'Sec-WebSocket-Version: 13' -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' "$base/fo/stream" || true)
[ "$code" = 101 ] || fail "GET /fo/stream with a WebSocket upgrade answered HTTP $code, not 101"

rm -rf "$build/e2e-screenshots"
cd "$root/web"
timeout 120 node e2e/dashboard.e2e.mjs "$base" "$build/e2e-screenshots" || fail "the browser test failed"
