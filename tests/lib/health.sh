# Waiting for a server the end-to-end shell tests started, with a deadline on every wait.
# Source it after defining fail MESSAGE (each test's own: it prints the test's logs and exits).
#
#   wait_for_health URL SECONDS [PID]
#       until URL/health answers with a 2xx status; with PID, fails at once if that process exits.
#   wait_for_health_field URL EXPRESSION VALUE SECONDS
#       until the python EXPRESSION on the /health JSON (bound to d) prints VALUE.

wait_for_health() {
  local url=$1 seconds=$2 pid=${3:-}
  local deadline=$((SECONDS + seconds))
  until curl -sf -o /dev/null "$url/health"; do
    [ $SECONDS -lt $deadline ] || fail "$url/health did not answer within $seconds s"
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then fail "the server exited"; fi
    sleep 0.2
  done
}

wait_for_health_field() {
  local url=$1 expression=$2 value=$3 seconds=$4
  local deadline=$((SECONDS + seconds)) seen=
  while :; do
    seen=$(curl -s "$url/health" |
      python3 -c "import sys, json; d = json.load(sys.stdin); print($expression)" 2>/dev/null || true)
    [ "$seen" = "$value" ] && return 0
    [ $SECONDS -lt $deadline ] || fail "$url/health: $expression is '$seen', not $value, after $seconds s"
    sleep 0.25
  done
}
