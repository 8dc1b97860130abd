#!/usr/bin/env python3
"""Replica lag on a hot standby under the whole-market feed (issue 23; a report, not a test).
Usage: standby_lag.py STRIKELINE [--minutes 4] [--sim-days 1] [--poll-interval 0.2] [--fsync]

Builds a PostgreSQL 15 primary and a streaming-replication standby on loopback ports
(tests/lib/pg_standby.py), runs `strikeline serve --role writer --sim-universe nse-fo` on the
primary and `strikeline serve --role replica` on the standby, and samples the replica's /health
every 20 ms for --minutes: each change log read the replica made shows as a new `change_seq` with
its `lag_seconds` (from the oldest change's commit on the primary to its bars applied on the
replica; see store/postgres/bar_change_follower.h). Prints p50/p99/max over the reads seen, the
writer's commits per second, bars stored, and `uptime` before and after. With --sim-days 1 the
writer backfills the previous session as fast as it can (the heaviest write load it makes);
during NSE hours --sim-days 0 measures the live feed instead.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests",
                                "lib"))
from loopback import free_port, get  # noqa: E402
from pg_standby import PrimaryAndStandby  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("strikeline")
parser.add_argument("--minutes", type=float, default=4)
parser.add_argument("--sim-days", default="1")
parser.add_argument("--poll-interval", default="0.2")
parser.add_argument("--fsync", action="store_true", help="fsync on (default off, as the tests)")
args = parser.parse_args()
work = tempfile.mkdtemp(prefix="strikeline-standby-bench.")
servers = []


def psql(url, sql):
    return subprocess.run(["psql", url, "-AtqX", "-c", sql], capture_output=True,
                          text=True).stdout.strip()


def serve(db, *extra):
    port = free_port()
    log = open(os.path.join(work, f"server-{port}.log"), "w")
    proc = subprocess.Popen([args.strikeline, "serve", "--listen", f"127.0.0.1:{port}", "--db", db,
                             "--access-log", "false", *extra], stdout=log,
                            stderr=subprocess.STDOUT)
    servers.append(proc)
    deadline = time.monotonic() + 120
    while get(port, "/health")[0] is None:
        if proc.poll() is not None or time.monotonic() > deadline:
            sys.exit(f"server on {db} did not start: " + open(log.name).read()[-2000:])
        time.sleep(0.1)
    return proc, port


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


pg = PrimaryAndStandby(fsync=args.fsync)
try:
    pg.start()
    print("uptime before:", subprocess.run(["uptime"], capture_output=True,
                                           text=True).stdout.strip())
    subprocess.run([args.strikeline, "migrate", "up", "--db", pg.primary_url], check=True,
                   capture_output=True)
    while psql(pg.standby_url, "SELECT to_regclass('fo_bar_changes') IS NOT NULL") != "t":
        time.sleep(0.1)
    replica, replica_port = serve(pg.standby_url, "--role", "replica", "--replica-poll-interval",
                                  args.poll_interval)
    writer, writer_port = serve(pg.primary_url, "--sim-universe", "nse-fo", "--sim-days",
                                args.sim_days)
    started = time.monotonic()
    seq0 = int(psql(pg.primary_url, "SELECT last_seq FROM fo_bar_change_counter") or 0)
    samples = {}
    while time.monotonic() - started < args.minutes * 60:
        status, body = get(replica_port, "/health")
        if status is not None:
            r = json.loads(body).get("replica", {})
            if r.get("change_seq") is not None and r.get("lag_seconds") is not None:
                samples.setdefault(r["change_seq"], r["lag_seconds"])
        time.sleep(0.02)
    elapsed = time.monotonic() - started
    seq1 = int(psql(pg.primary_url, "SELECT last_seq FROM fo_bar_change_counter") or 0)
    bars = psql(pg.primary_url, "SELECT count(*) FROM fo_option_strike_bars")
    print("uptime after: ", subprocess.run(["uptime"], capture_output=True,
                                           text=True).stdout.strip())
    lags = list(samples.values())
    print(f"{seq1 - seq0} commits in {elapsed:.0f} s ({(seq1 - seq0) / elapsed:.1f}/s), "
          f"{bars} 1-minute option bars stored; {len(lags)} replica reads sampled")
    if lags:
        print(f"replica lag on the standby: p50 {percentile(lags, 0.5):.3f} s, p99 "
              f"{percentile(lags, 0.99):.3f} s, max {max(lags):.3f} s")
finally:
    for p in servers:
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
    pg.stop()
    subprocess.run(["rm", "-rf", work])
