#!/usr/bin/env python3
"""Writer fail-over's takeover time (issue 23; a report, not a test).
Usage: with-postgres.sh python3 writer_takeover.py STRIKELINE [--kills 6] [--lease 5] [--renew 1]

Runs two `strikeline serve --role writer` servers on the simulator (NIFTY, the same seed) on the
database of STRIKELINE_TEST_PG_URL (tests/store/postgres/with-postgres.sh starts a throwaway
PostgreSQL 15 and sets it), with --writer-lease LEASE and --writer-lease-renew RENEW. --kills times,
at a random moment 1 to 1 + RENEW x 2 s after both run, it SIGKILLs the leader and measures:
  takeover  from the SIGKILL to the new term's first committed write (fo_writer_terms
            first_write_at, the database's clock: the database runs on this machine);
  leads     from the SIGKILL to the follower's /metrics saying strikeline_writer_leader 1
            (polled every 20 ms);
then restarts the killed server as the next follower. Prints each sample, then the median and the
maximum of each, and `uptime` before and after. Expect about LEASE - (time since the last renewal)
+ up to RENEW: between LEASE - RENEW and LEASE + RENEW.
"""
import argparse
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests",
                                "lib"))
from loopback import free_port, get  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("strikeline")
parser.add_argument("--kills", type=int, default=6)
parser.add_argument("--lease", type=float, default=5.0)
parser.add_argument("--renew", type=float, default=1.0)
args = parser.parse_args()
ADMIN_URL = os.environ["STRIKELINE_TEST_PG_URL"]
WORK = tempfile.mkdtemp(prefix="strikeline-takeover-bench.")
servers = []


def psql(url, sql):
    return subprocess.run(["psql", url, "-AtqX", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True,
                          capture_output=True, text=True).stdout.strip()


def leader_metric(port):
    status, body = get(port, "/metrics", timeout=2)
    if status != 200:
        return None
    for line in body.splitlines():
        if line.startswith("strikeline_writer_leader "):
            return float(line.split()[1])
    return None


def start(db, name):
    port = free_port()
    log = open(os.path.join(WORK, f"{name}.log"), "w")
    proc = subprocess.Popen(
        [args.strikeline, "serve", "--listen", f"127.0.0.1:{port}", "--db", db, "--access-log",
         "false", "--threads", "1", "--sim-seed", "23", "--sim-days", "0", "--sim-symbols",
         "NIFTY", "--writer-lease", str(args.lease), "--writer-lease-renew", str(args.renew)],
        stdout=log, stderr=subprocess.STDOUT)
    servers.append(proc)
    return proc, port


def wait_leader_metric(proc, port, value, within):
    deadline = time.time() + within
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.exit(f"a server exited ({proc.returncode}); logs in {WORK}")
        if leader_metric(port) == value:
            return time.time()
        time.sleep(0.02)
    sys.exit(f"no strikeline_writer_leader {value} within {within} s; logs in {WORK}")


def first_write(db, term, within=30):
    deadline = time.time() + within
    while time.time() < deadline:
        t = psql(db, f"SELECT extract(epoch FROM first_write_at) FROM fo_writer_terms WHERE "
                     f"term = {term} AND first_write_at IS NOT NULL")
        if t:
            return float(t)
        time.sleep(0.05)
    sys.exit(f"term {term} wrote nothing within {within} s")


def main():
    print("uptime before:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    psql(ADMIN_URL, "CREATE DATABASE takeover_bench")
    db = ADMIN_URL.rsplit("/", 1)[0] + "/takeover_bench"
    leader = start(db, "writer0")
    wait_leader_metric(*leader, 1, 120)
    follower = start(db, "writer1")
    wait_leader_metric(*follower, 0, 120)
    takeovers, leads = [], []
    rng = random.Random()
    for kill in range(args.kills):
        time.sleep(1 + rng.uniform(0, 2 * args.renew))
        term = int(psql(db, "SELECT term FROM fo_writer_lease"))
        leader[0].send_signal(signal.SIGKILL)
        cut = time.time()
        leads.append(wait_leader_metric(*follower, 1, 4 * args.lease + 10) - cut)
        takeovers.append(first_write(db, term + 1) - cut)
        print(f"kill {kill + 1}: term {term} -> {term + 1}: takeover {takeovers[-1]:.2f} s, "
              f"leads after {leads[-1]:.2f} s")
        leader[0].wait()
        leader, follower = follower, start(db, f"writer{kill + 2}")
        wait_leader_metric(*follower, 0, 120)
    for name, samples in (("takeover (SIGKILL to first committed write)", takeovers),
                          ("leads (SIGKILL to /metrics leader 1)", leads)):
        print(f"{name}: median {statistics.median(samples):.2f} s, max {max(samples):.2f} s over "
              f"{len(samples)} kills (lease {args.lease:g} s, renewed every {args.renew:g} s)")
    print("uptime after:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


try:
    main()
finally:
    for proc in servers:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
