#!/usr/bin/env python3
"""/metrics of a writer and a replica on PostgreSQL, against values this test knows independently
(run under with-postgres.sh, which sets STRIKELINE_TEST_PG_URL and STRIKELINE_TEST_PG_CTL).
Usage: monitoring_test.py STRIKELINE GRAFANA_DASHBOARD_JSON ALERTS_YML

1. A writer (--feed none, today a holiday in its --holidays file) and a replica; NDJSON ticks posted
   to the writer: ticks received, bars written, stored bars missing OI (computed here from the
   ticks), seconds since the newest bar, days and bars in memory, the feed's state, the market
   closed on a holiday (and, on the replica without holidays, open exactly when the NSE session
   is by the clock), process_* against /proc and the time the process was started, build_info;
   the replica listens and measures its lag.
2. PostgreSQL stopped: a post fails, database write errors count it and its bars stay pending; the
   replica stops listening; PostgreSQL back: the next post writes the pending bars.
3. Every metric the Grafana dashboard and the alert rules query is exported by one of the servers.
"""
import datetime
import json
import os
import re
import shlex
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

BIN, DASHBOARD, ALERTS = sys.argv[1], sys.argv[2], sys.argv[3]
ADMIN_URL = os.environ["STRIKELINE_TEST_PG_URL"]
PG_CTL = shlex.split(os.environ["STRIKELINE_TEST_PG_CTL"])
WORK = tempfile.mkdtemp(prefix="strikeline-monitoring.")
IST = datetime.timezone(datetime.timedelta(hours=5, minutes=30))
servers = []


def fail(message):
    print("FAIL:", message)
    for proc, log in servers:
        print(f"--- {log}")
        print(open(log).read()[-3000:])
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, path, body=None, timeout=10):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body,
                                 headers={"Content-Type": "application/x-ndjson"} if body else {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def start_server(db, *extra):
    port = free_port()
    log = os.path.join(WORK, f"server-{port}.log")
    started = time.time()
    proc = subprocess.Popen([BIN, "serve", "--listen", f"127.0.0.1:{port}", "--db", db,
                             "--access-log", "false", "--threads", "2", *extra],
                            stdout=open(log, "w"), stderr=subprocess.STDOUT)
    launched = time.time()
    servers.append((proc, log))
    deadline = time.time() + 60
    while time.time() < deadline:
        check(proc.poll() is None, f"server exited with {proc.returncode}")
        try:
            request(port, "/health", timeout=2)
            return proc, port, (started, launched)
        except (urllib.error.URLError, ConnectionError, socket.timeout):
            time.sleep(0.1)
    fail("server did not start")


def scrape(port):
    """{name: {frozenset(labels.items()): value}} of the exposition."""
    status, text = request(port, "/metrics")
    check(status == 200, f"/metrics answered {status}")
    out = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = re.fullmatch(r'([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)', line)
        check(m, f"not an exposition line: {line!r}")
        labels = frozenset(re.findall(r'([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"', m.group(2) or ""))
        out.setdefault(m.group(1), {})[labels] = float(m.group(3))
    return out


def value(metrics, name, **labels):
    series = metrics.get(name)
    check(series is not None, f"/metrics has no {name}")
    key = frozenset(labels.items())
    check(key in series, f"{name} has no series {labels}: {series}")
    return series[key]


def wait_until(what, predicate, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    fail(f"{what} within {seconds} s")


def psql(sql):
    subprocess.run(["psql", ADMIN_URL, "-AtqX", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True,
                   capture_output=True, text=True)


try:
    psql("CREATE DATABASE monitoring")
    db = ADMIN_URL.rsplit("/", 1)[0] + "/monitoring"
    today_ist = datetime.datetime.now(IST).date()
    holidays = os.path.join(WORK, "holidays.txt")
    open(holidays, "w").write(f"# today, so that the market is closed\n{today_ist.isoformat()}\n")
    writer, wport, _ = start_server(db, "--feed", "none", "--holidays", holidays)
    replica, rport, (rstarted, rlaunched) = start_server(db, "--role", "replica")

    # Ticks of the minute before this one: an underlying line and six option sides, two of them
    # (24350 CE, 24400 CE) with data but no OI (absent, zero). Stored bars missing OI: 24350, 24400.
    minute = int(time.time()) // 60 * 60 - 60
    expiry = (today_ist + datetime.timedelta(days=7)).isoformat()
    lines = [{"ts": minute + 0.5, "symbol": "NIFTY", "price": 24350.75}]
    for strike, ce_oi, pe_oi in [(24300, 5123400, 4800000), (24350, None, 100), (24400, 0, 200)]:
        for side, oi in (("CE", ce_oi), ("PE", pe_oi)):
            tick = {"ts": minute + 1, "symbol": "NIFTY", "expiry": expiry, "strike": strike,
                    "type": side, "price": 150.5, "volume": 1000}
            if oi is not None:
                tick["oi"] = oi
            lines.append(tick)
    body = "".join(json.dumps(line) + "\n" for line in lines).encode()
    status, reply = request(wport, "/fo/ingest/ticks", body)
    check(status == 200, f"ingest: {status} {reply}")
    written = json.loads(reply)["bars_written"]
    check(written == 3, f"three strikes of one minute: {reply}")
    scraped_at = time.time()
    w = scrape(wport)
    check(value(w, "strikeline_ticks_received_total") == len(lines), "ticks received")
    check(value(w, "strikeline_bars_written_total") == written, "bars written")
    check(value(w, "strikeline_stored_points_missing_oi_total", symbol="NIFTY") == 2,
          "stored bars missing OI: 24350 and 24400")
    age = value(w, "strikeline_newest_bar_age_seconds", symbol="NIFTY")
    check(abs(age - (scraped_at - minute)) < 5, f"newest bar age {age}, expected {scraped_at - minute}")
    check(value(w, "strikeline_store_days_in_memory") == 1, "one day in memory")
    check(value(w, "strikeline_store_bars_in_memory") == written, "the bars in memory")
    check(value(w, "strikeline_store_memory_bytes") > 0, "store memory")
    check(value(w, "strikeline_feed_state", source="none", state="idle") == 1, "feed state")
    check(value(w, "strikeline_feed_healthy") == 1, "feed healthy")
    check(value(w, "strikeline_market_open") == 0, "a holiday: the market is closed")
    check(value(w, "strikeline_db_write_errors_total") == 0, "no write errors yet")
    check(value(w, "strikeline_db_pending_bars") == 0, "nothing pending yet")
    check(value(w, "strikeline_kite_reconnects_total") == 0, "no Kite")
    check("strikeline_replica_lag_seconds" not in w, "a writer has no replica lag")
    version = subprocess.run([BIN, "--version"], capture_output=True, text=True).stdout.split()[-1]
    check(value(w, "strikeline_build_info", version=version) == 1, f"build_info of {version}")

    # The replica: follows, has measured its lag, and its market clock has no holiday.
    wait_until("the replica applies the ticks' bars",
               lambda: "strikeline_replica_lag_seconds" in scrape(rport))
    r = scrape(rport)
    check(value(r, "strikeline_replica_listening") == 1, "replica listening")
    lag = value(r, "strikeline_replica_lag_seconds")
    check(0 < lag < 10, f"replica lag {lag} s")
    print(f"replica lag: {lag:.3f} s")
    check(value(r, "strikeline_feed_state", source="replica", state="idle") == 1, "replica feed")
    now_ist = datetime.datetime.now(IST)
    session = (now_ist.weekday() < 5 and
               datetime.time(9, 15) <= now_ist.time() < datetime.time(15, 30))
    check(value(r, "strikeline_market_open") == (1 if session else 0),
          f"market open at {now_ist:%a %H:%M} IST")
    # process_* of the replica against /proc and the moment it was started.
    pid = replica.pid
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    check(abs(value(r, "process_open_fds") - fds) <= 3, f"open fds {value(r, 'process_open_fds')} vs {fds}")
    rss_kib = int(re.search(r"VmRSS:\s+(\d+) kB", open(f"/proc/{pid}/status").read()).group(1))
    rss = value(r, "process_resident_memory_bytes")
    check(abs(rss - rss_kib * 1024) < 0.2 * rss_kib * 1024, f"resident {rss} vs VmRSS {rss_kib} kB")
    start = value(r, "process_start_time_seconds")
    check(rstarted - 1.5 <= start <= rlaunched + 1.5,
          f"start time {start} not when the process was started ({rstarted}..{rlaunched})")
    stat = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    cpu = (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    check(abs(value(r, "process_cpu_seconds_total") - cpu) <= 0.05,
          f"CPU {value(r, 'process_cpu_seconds_total')} s vs /proc's {cpu} s")
    check(value(r, "process_max_fds") >= fds, "max fds")

    # PostgreSQL down: the write fails, counted; its bars stay pending (the answer says so: 202, to
    # be written once the database is back); the replica stops listening.
    subprocess.run(PG_CTL + ["stop", "-m", "fast"], check=True, capture_output=True)
    later = [dict(line, ts=line["ts"] + 60) for line in lines]
    body2 = "".join(json.dumps(line) + "\n" for line in later).encode()
    status, reply = request(wport, "/fo/ingest/ticks", body2, timeout=30)
    check(status == 202 and json.loads(reply)["bars_pending"] == 3 and not json.loads(reply)["durable"],
          f"an ingest while the database is down: {status} {reply}")
    w = scrape(wport)
    check(value(w, "strikeline_db_write_errors_total") >= 1, "the failed write counted")
    check(value(w, "strikeline_db_pending_bars") == 3, "its three bars pending")
    wait_until("the replica says it does not listen",
               lambda: value(scrape(rport), "strikeline_replica_listening") == 0)
    subprocess.run(PG_CTL + ["start"], check=True, capture_output=True)
    # No feed runs: the next ingest call writes what is pending (the writer reconnects first).
    wait_until("the writer writes again",
               lambda: request(wport, "/fo/ingest/ticks", body2, timeout=30)[0] == 200, seconds=30)
    check(value(scrape(wport), "strikeline_db_pending_bars") == 0, "the pending bars written")
    wait_until("the replica listens again",
               lambda: value(scrape(rport), "strikeline_replica_listening") == 1, seconds=30)

    # Every metric the dashboard and the alert rules query is exported (up is Prometheus's own).
    exported = set(scrape(wport)) | set(scrape(rport))
    names = re.compile(r"\b((?:strikeline|process|http|fo)_[a-z0-9_]+)\b")
    dashboard = json.load(open(DASHBOARD))
    queried = set()

    def walk(panels):
        for panel in panels:
            for target in panel.get("targets", []):
                queried.update(names.findall(target["expr"]))
            walk(panel.get("panels", []))
    walk(dashboard["panels"])
    check(len(queried) >= 20, f"the dashboard queries only {sorted(queried)}")
    missing = sorted(queried - exported)
    check(not missing, f"the dashboard queries metrics no server exports: {missing}")
    # The rules' expressions (comments and descriptions name metrics too; only queries count).
    exprs = re.findall(r"^\s+expr: (?:\|\n((?:\s{10,}.*\n)+)|(.*)$)", open(ALERTS).read(), re.M)
    check(len(exprs) >= 9, f"alerts.yml: only {len(exprs)} expressions found")
    in_rules = set(names.findall(" ".join(a + b for a, b in exprs)))
    missing = sorted(in_rules - exported)
    check(not missing, f"alerts.yml uses metrics no server exports: {missing}")
    print(f"dashboard: {len(queried)} metrics, alert rules: {len(in_rules)} metrics, all exported")
    print("monitoring: passed")
finally:
    for proc, _ in servers:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
