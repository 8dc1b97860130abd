#!/usr/bin/env bash
# The deployment runbook's verification (seed runbook, Phases 1 and 3) as one script with its stop
# gates. Read-only: it migrates nothing (`strikeline migrate up` is the runbook's Step 1.3).
#
#   scripts/verify-deployment.sh --url http://localhost:8081 [--db postgres://USER:PW@HOST/DB]
#                                [--symbol NIFTY50] [--expiry YYYY-MM-DD] [--max-query-ms 100]
#                                [--allow-simulated]
#
# Phase 1 (only with --db, needs psql): 1.1 the database answers; 1.2 the rollup tables
# fo_option_strike_bars_5min/_15min have rows and the base table has OI > 0; 1.4 the enriched
# views exist with call_oi_sum/put_oi_sum and hold OI > 0.
# Phase 3: 2.5 /health is healthy; 2.6 the data is real: simulated data served (the provenance
# /health reports per symbol and expiry from the stored data, "sources", and its top-level
# "simulated") is a production deployment still holding the built-in simulator's bars, whatever
# feed runs now: a stop gate unless --allow-simulated (a demo, a test); 3.1 strike-distribution returns OI > 0 (call and put);
# 3.2 moneyness-series of OI has series and a first value > 0 (window: the 6 hours ending at the
# newest bar, the API's default, so it also passes outside market hours; 3.1 and 3.3 ask as of the
# newest bar too, so a store of history whose expiries are all past is checked on its newest chain); 3.3 strike-distribution
# of IV has series; 3.4 (with --db) the runbook's EXPLAIN ANALYZE runs under --max-query-ms;
# 3.5 /metrics exports the series the alert rules (deploy/prometheus/alerts.yml) use.
# The expiry is --expiry, else the first listed expiry on or after today (IST), else the newest.
#
# Exit status: 0 all gates passed; 1 a stop gate failed (the message names it: do not proceed,
# roll back); 2 bad usage or a missing tool.
set -euo pipefail

usage() { sed -n '2,/^set -euo/{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; }
url="" db="" symbol="NIFTY50" expiry="" max_query_ms=100 allow_simulated=""
while [ $# -gt 0 ]; do
  case "$1" in
    --url) url=${2:?--url needs a value}; shift 2 ;;
    --db) db=${2:?--db needs a value}; shift 2 ;;
    --symbol) symbol=${2:?--symbol needs a value}; shift 2 ;;
    --expiry) expiry=${2:?--expiry needs a value}; shift 2 ;;
    --max-query-ms) max_query_ms=${2:?--max-query-ms needs a value}; shift 2 ;;
    --allow-simulated) allow_simulated=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "verify-deployment: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
[ -n "$url" ] || { echo "verify-deployment: --url is required" >&2; usage >&2; exit 2; }
url=${url%/}
case "$db" in
  ""|postgres://*|postgresql://*) ;;
  *) echo "verify-deployment: --db must be postgres://... (got '$db')" >&2; exit 2 ;;
esac
for tool in curl python3 ${db:+psql}; do
  command -v "$tool" >/dev/null || { echo "verify-deployment: $tool is required" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

pass() { echo "PASS  $1: $2"; }
stop_gate() {
  echo "STOP GATE FAILED: $1: $2"
  echo "Do not proceed: roll back (README \"Rollback\")."
  exit 1
}

# get PATH GATE: the body of GET $url$PATH in $work/body; a transport error or non-200 fails GATE.
get() {
  local status
  status=$(curl -sS -m 20 -o "$work/body" -w '%{http_code}' "$url$1" 2>"$work/curl.err") ||
    stop_gate "$2" "GET $1 failed: $(cat "$work/curl.err")"
  [ "$status" = 200 ] || stop_gate "$2" "GET $1 answered $status: $(head -c 300 "$work/body")"
}
# json GATE PYTHON_EXPRESSION: evaluates the expression on the parsed body (as d); prints its value.
json() {
  python3 - "$work/body" "$2" <<'PY' 2>"$work/py.err" || stop_gate "$1" "$(tail -n1 "$work/py.err")"
import json, sys
d = json.load(open(sys.argv[1]))
print(eval(sys.argv[2]))
PY
}
sql() { psql "$db" -X -q -A -t -v ON_ERROR_STOP=1 -c "$1" 2>"$work/psql.err"; }

if [ -n "$db" ]; then
  echo "== Phase 1: database ($(echo "$db" | sed 's|://[^@]*@|://***@|'))"
  gate="1.1 database connection"
  sql "SELECT 1" >/dev/null || stop_gate "$gate" "$(head -n1 "$work/psql.err")"
  pass "$gate" "connected"

  gate="1.2 continuous aggregates have rows"
  for table in fo_option_strike_bars_5min fo_option_strike_bars_15min; do
    rows=$(sql "SELECT COUNT(*) FROM $table") || stop_gate "$gate" "$table: $(head -n1 "$work/psql.err")"
    [ "$rows" -gt 0 ] || stop_gate "$gate" "$table has no rows"
    pass "$gate" "$table: $rows rows"
  done
  gate="1.2 base table has OI"
  row=$(sql "SELECT call_oi_sum, put_oi_sum FROM fo_option_strike_bars WHERE call_oi_sum > 0 LIMIT 1") ||
    stop_gate "$gate" "$(head -n1 "$work/psql.err")"
  [ -n "$row" ] || stop_gate "$gate" "no row of fo_option_strike_bars has call_oi_sum > 0"
  pass "$gate" "call_oi_sum|put_oi_sum = $row"

  gate="1.4 enriched views with OI"
  for view in fo_option_strike_bars_5min_enriched fo_option_strike_bars_15min_enriched; do
    exists=$(sql "SELECT COUNT(*) FROM information_schema.views WHERE table_name = '$view'") ||
      stop_gate "$gate" "$(head -n1 "$work/psql.err")"
    [ "$exists" -gt 0 ] || stop_gate "$gate" "view $view is missing (run: strikeline migrate up)"
    columns=$(sql "SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY column_name)
                   FROM information_schema.columns WHERE table_name = '$view'
                   AND column_name IN ('call_oi_sum', 'put_oi_sum')") || stop_gate "$gate" "$(head -n1 "$work/psql.err")"
    case "$columns" in
      call_oi_sum*", put_oi_sum"*) ;;
      *) stop_gate "$gate" "$view lacks call_oi_sum/put_oi_sum (has: ${columns:-neither})" ;;
    esac
    pass "$gate" "$view: $columns"
  done
  rows=$(sql "SELECT COUNT(*) FROM fo_option_strike_bars_5min_enriched WHERE call_oi_sum > 0") ||
    stop_gate "$gate" "$(head -n1 "$work/psql.err")"
  [ "$rows" -gt 0 ] || stop_gate "$gate" "fo_option_strike_bars_5min_enriched has no row with call_oi_sum > 0"
  pass "$gate" "fo_option_strike_bars_5min_enriched: $rows rows with call_oi_sum > 0"
fi

echo "== Phase 3: API ($url)"
gate="2.5 health"
get /health "$gate"
status=$(json "$gate" "d['status']")
[ "$status" = healthy ] || stop_gate "$gate" "status is $status: $(head -c 300 "$work/body")"
pass "$gate" "$(json "$gate" "'status=%s database=%s feed=%s/%s' % (d['status'], d.get('database'), d.get('feed', {}).get('source'), d.get('feed', {}).get('state'))")"

# The newest stored bar: the distributions below are asked as of it, like 3.2's window, so a store
# of history only (every expiry past) is checked on its newest chain rather than on today's.
newest=$(json "$gate" "d.get('newest_bar_time') or ''")
at_param=${newest:+&at=$newest}

gate="2.6 real data"
# The symbol/expiry pairs whose served data is simulated (or mixed), from the data's provenance.
simulated=$(json "$gate" "', '.join('%s %s (%s)' % (s, e, v.get('source')) for s, by in sorted((d.get('sources') or {}).items()) for e, v in sorted(by.items()) if v.get('simulated')) or ('the running feed' if d.get('simulated') is True else '')")
if [ -n "$simulated" ]; then
  [ -n "$allow_simulated" ] ||
    stop_gate "$gate" "the server serves simulated data (the built-in market simulator's bars, /health's \"sources\"): $simulated; feed real data (--feed kite, ingest, import with --discard-simulated), or pass --allow-simulated for a demo"
  pass "$gate" "simulated data, allowed by --allow-simulated: $simulated"
else
  pass "$gate" "not simulated: $(json "$gate" "', '.join('%d expiries %s' % (n, k) for k, n in sorted(__import__('collections').Counter(v.get('source') for by in (d.get('sources') or {}).values() for v in by.values()).items())) or 'no data'")"
fi

if [ -z "$expiry" ]; then
  get "/fo/expiries?symbol=$symbol" "3.1 strike-distribution OI"
  expiry=$(json "3.1 strike-distribution OI" "next(iter([e for e in d['expiries'] if e >= __import__('datetime').datetime.fromtimestamp(__import__('time').time() + 19800, __import__('datetime').timezone.utc).date().isoformat()] + d['expiries'][-1:]), '')")
fi
expiry_param=${expiry:+&expiry=$expiry}
echo "symbol $symbol, expiry ${expiry:-(none listed)}"

gate="3.1 strike-distribution OI"
get "/fo/strike-distribution?symbol=$symbol&timeframe=5$expiry_param$at_param" "$gate"
[ "$(json "$gate" "len(d['series'])")" -gt 0 ] || stop_gate "$gate" "no series: the server serves no OI data for $symbol${expiry:+ expiry $expiry}"
oi=$(json "$gate" "'%s %s' % (d['series'][0]['points'][0]['call_oi'], d['series'][0]['points'][0]['put_oi']) if d['series'][0]['points'] else 'none none'")
python3 -c "import sys; c, p = sys.argv[1].split(); sys.exit(0 if float(c) > 0 and float(p) > 0 else 1)" "$oi" 2>/dev/null ||
  stop_gate "$gate" "OI values: $oi (expected call_oi and put_oi > 0)"
pass "$gate" "OI values: $oi"

gate="3.2 moneyness-series OI"
get "/fo/moneyness-series?symbol=$symbol&timeframe=5&indicator=oi$expiry_param" "$gate"
count=$(json "$gate" "len(d['series'])")
[ "$count" -gt 0 ] || stop_gate "$gate" "series count is 0"
first=$(json "$gate" "d['series'][0]['points'][0]['value'] if d['series'][0]['points'] else 'EMPTY'")
python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) > 0 else 1)" "$first" 2>/dev/null ||
  stop_gate "$gate" "first point value is $first (expected > 0)"
pass "$gate" "series count $count, first point value $first"

gate="3.3 strike-distribution IV"
get "/fo/strike-distribution?symbol=$symbol&timeframe=5$expiry_param&indicator=iv$at_param" "$gate"
[ "$(json "$gate" "len(d['series']) > 0")" = True ] || stop_gate "$gate" "IV working: False"
pass "$gate" "IV working: True"

if [ -n "$db" ]; then
  gate="3.4 query performance"
  # The runbook's query; bucket_time may be a timestamp or epoch seconds depending on the schema.
  type=$(sql "SELECT data_type FROM information_schema.columns
              WHERE table_name = 'fo_option_strike_bars_5min_enriched' AND column_name = 'bucket_time'") ||
    stop_gate "$gate" "$(head -n1 "$work/psql.err")"
  since="NOW() - INTERVAL '6 hours'"
  case "$type" in *int*|numeric|double*) since="extract(epoch FROM NOW() - INTERVAL '6 hours')" ;; esac
  plan=$(sql "EXPLAIN ANALYZE SELECT * FROM fo_option_strike_bars_5min_enriched
              WHERE symbol = (SELECT symbol FROM fo_option_strike_bars_5min_enriched LIMIT 1)
              AND bucket_time > $since LIMIT 100") || stop_gate "$gate" "$(head -n1 "$work/psql.err")"
  ms=$(echo "$plan" | sed -n 's/^ *Execution Time: \([0-9.]*\) ms.*/\1/p')
  [ -n "$ms" ] || stop_gate "$gate" "no execution time in the plan"
  python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < float(sys.argv[2]) else 1)" "$ms" "$max_query_ms" ||
    stop_gate "$gate" "query execution time $ms ms (expected < $max_query_ms ms)"
  pass "$gate" "query execution time $ms ms"
fi

gate="3.5 alert metrics exported"
get /metrics "$gate"
for series in 'http_request_duration_seconds_bucket{endpoint="/fo/strike-distribution"' \
  'http_requests_total{endpoint="/fo/strike-distribution",status="200"}' 'fo_oi_zero_count_total'; do
  grep -qF "$series" "$work/body" || stop_gate "$gate" "/metrics lacks $series (deploy/prometheus/alerts.yml needs it)"
done
pass "$gate" "http_request_duration_seconds, http_requests_total, fo_oi_zero_count_total"

echo "deployment verified: every stop gate passed"
