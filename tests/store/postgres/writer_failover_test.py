#!/usr/bin/env python3
"""Writer fail-over, end to end (run under with-postgres.sh, which sets STRIKELINE_TEST_PG_URL and
STRIKELINE_TEST_PG_CTL).
Usage: writer_failover_test.py STRIKELINE

Two `serve --role writer` servers on the simulator with the same seed share one PostgreSQL
database, with a short lease (2 s, renewed every 0.5 s). The leader is SIGKILLed three times at
random moments (restarted each time as a new follower) and SIGSTOPped once (then SIGCONT). After
each, the other server must lead within 10 s (/metrics: strikeline_writer_leader and
strikeline_writer_term). After the SIGSTOP,
the paused leader must step down and must not have written after the new leader took over: from
the database, no term has a write (fo_writer_terms.last_write_at) after a later term was taken.
After each, /health of both says exactly one leader, both on its term. Then the database stops
for longer than the lease: the leader must step down, and one of them lead a new term once it is
back.
At the end the stored 1-minute bars and future bars equal, row for row, those of one uninterrupted
writer with the same seed on a database of its own, over the minutes both hold (the simulator is
a function of its seed and the time, and every writer replays the day from its start): nothing
missing, nothing doubled, no minute with another version. The takeover times (SIGKILL to the new
leader's first committed write, on the database's clock) are printed, not asserted.
"""
import json
import os
import random
import shlex
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from loopback import free_port, get  # noqa: E402

BIN = sys.argv[1]
ADMIN_URL = os.environ["STRIKELINE_TEST_PG_URL"]
PG_CTL = shlex.split(os.environ["STRIKELINE_TEST_PG_CTL"])
WORK = tempfile.mkdtemp(prefix="strikeline-failover.")
SIM = ["--sim-seed", "23", "--sim-days", "0", "--sim-symbols", "NIFTY"]
LEASE = ["--writer-lease", "2", "--writer-lease-renew", "0.5"]
servers = []


def fail(message):
    print("FAIL:", message)
    for proc, log in servers:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGCONT)
        print(f"--- {log} (tail)")
        print(open(log).read()[-3000:])
    sys.exit(1)


def psql(url, sql):
    return subprocess.run(["psql", url, "-AtqX", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True,
                          capture_output=True, text=True).stdout.strip()


def create_database(name):
    psql(ADMIN_URL, f"CREATE DATABASE {name}")
    return ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def metrics(port):
    """The unlabelled samples of /metrics, by name (None when it does not answer)."""
    status, text = get(port, "/metrics", timeout=2)
    if status != 200:
        return None
    out = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2 and not line.startswith("#") and "{" not in parts[0]:
            out[parts[0]] = float(parts[1])
    return out


def health(port):
    """/health's answer (a 503's too), None when nothing answers."""
    status, body = get(port, "/health", timeout=2)
    if status is None:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None


class Writer:
    def __init__(self, db, name):
        self.port = free_port()
        self.log = os.path.join(WORK, f"{name}-{self.port}.log")
        out = open(self.log, "w")
        self.proc = subprocess.Popen([BIN, "serve", "--listen", f"127.0.0.1:{self.port}", "--db", db,
                                      "--access-log", "false", "--threads", "1", *SIM, *LEASE],
                                     stdout=out, stderr=subprocess.STDOUT)
        servers.append((self.proc, self.log))

    def health(self):
        if self.proc.poll() is not None:
            fail(f"{self.log}: the server exited with {self.proc.returncode}")
        return health(self.port)

    def writer(self):
        if self.proc.poll() is not None:
            fail(f"{self.log}: the server exited with {self.proc.returncode}")
        return metrics(self.port) or {}

    def role(self):
        leader = self.writer().get("strikeline_writer_leader")
        return None if leader is None else "leader" if leader == 1 else "follower"

    def term(self):
        return int(self.writer().get("strikeline_writer_term", 0))

    def wait_streaming(self, within=60):
        """Until its backfill is done (the feed runs live)."""
        deadline = time.time() + within
        while time.time() < deadline:
            h = self.health()
            if h and h["feed"]["state"] == "running":
                return h
            time.sleep(0.1)
        fail(f"{self.log}: not streaming within {within} s")

    def wait_role(self, role, within=10):
        deadline = time.time() + within
        while time.time() < deadline:
            if self.role() == role:
                return
            time.sleep(0.05)
        fail(f"{self.log}: not {role} within {within} s (metrics: {self.writer()})")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def check_health_roles(a, b, within=5):
    """/health of both writers: exactly one says leader, both the same term and the same leader
    id (the follower learns the newest term at its next attempt, every renewal interval)."""
    deadline = time.time() + within
    while True:
        roles = [(w.health() or {}).get("writer") for w in (a, b)]
        if all(roles):
            leaders = [r for r in roles if r["role"] == "leader"]
            if (len(leaders) == 1 and all(r["role"] in ("leader", "follower") for r in roles)
                    and roles[0]["term"] == roles[1]["term"]
                    and all(r["leader"] == leaders[0]["id"] for r in roles)):
                return roles
        if time.time() > deadline:
            fail(f"/health writer roles: {roles}, not exactly one leader with both on its term")
        time.sleep(0.1)


def first_write_after(db, term):
    """Seconds since the epoch of term's first write, once it has one (database clock)."""
    deadline = time.time() + 10
    while time.time() < deadline:
        t = psql(db, f"SELECT extract(epoch FROM first_write_at) FROM fo_writer_terms "
                     f"WHERE term = {term} AND first_write_at IS NOT NULL")
        if t:
            return float(t)
        time.sleep(0.05)
    fail(f"term {term} wrote nothing within 10 s")


def check_fencing(db):
    late = psql(db, "SELECT string_agg(a.term || ' wrote at ' || a.last_write_at || ' after ' || "
                    "b.term || ' was taken at ' || b.taken_at, '; ') FROM fo_writer_terms a JOIN "
                    "fo_writer_terms b ON b.term > a.term WHERE a.last_write_at > b.taken_at")
    if late:
        fail(f"a superseded leader wrote: {late}")


def rows(db, table, lo, hi):
    columns = psql(db, "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM "
                       f"information_schema.columns WHERE table_name = '{table}' AND column_name "
                       "NOT IN ('created_at', 'updated_at', 'written_at')")
    return psql(db, f"SELECT {columns} FROM {table} WHERE bucket_time >= to_timestamp({lo}) AND "
                    f"bucket_time < to_timestamp({hi}) ORDER BY {columns}").splitlines()


def newest_minute(db):
    return int(psql(db, "SELECT extract(epoch FROM max(bucket_time))::bigint FROM "
                        "fo_option_strike_bars WHERE timeframe = '1min'") or 0)


def main():
    db = create_database("failover")
    a = Writer(db, "a")
    a.wait_streaming()
    a.wait_role("leader")
    b = Writer(db, "b")
    b.wait_streaming()
    b.wait_role("follower")
    leader, follower = a, b
    check_health_roles(leader, follower)
    started = time.time()
    takeovers = []
    rng = random.Random()
    for round in range(4):
        time.sleep(rng.uniform(0.5, 3.0))
        term = leader.term()
        paused = round == 3
        leader.proc.send_signal(signal.SIGSTOP if paused else signal.SIGKILL)
        cut = time.time()
        follower.wait_role("leader", within=10)
        new_term = follower.term()
        if new_term <= term:
            fail(f"the new leader's term {new_term} is not after {term}")
        takeovers.append(first_write_after(db, new_term) - cut)
        print(f"{'SIGSTOP' if paused else 'SIGKILL'} of term {term}: term {new_term} led after "
              f"{time.time() - cut:.2f} s, first write {takeovers[-1]:.2f} s after the signal")
        if paused:
            time.sleep(1)  # the new leader writes on
            leader.proc.send_signal(signal.SIGCONT)
            leader.wait_role("follower", within=10)
            if "steps down" not in open(leader.log).read():
                fail("the resumed leader did not say it stepped down")
            check_fencing(db)
        else:
            leader.proc.wait()
            leader = Writer(db, f"restart{round}")
            leader.wait_streaming()
            leader.wait_role("follower")
        leader, follower = follower, leader
        check_health_roles(leader, follower)
    # A database outage longer than the lease: the leader's renewals fail for a whole lease, so it
    # steps down rather than go on saying it leads; once the database is back a writer takes a new
    # term and writes the outage's bars from the newest stored minute on (compared below).
    term = leader.term()
    subprocess.run(PG_CTL + ["stop", "-m", "fast"], check=True, capture_output=True)
    outage = time.time()
    leader.wait_role("follower", within=10)
    stepped_down = time.time() - outage
    time.sleep(0.5)
    subprocess.run(PG_CTL + ["start"], check=True, capture_output=True)
    deadline = time.time() + 30
    while not any(w.role() == "leader" and w.term() > term for w in (leader, follower)):
        if time.time() > deadline:
            fail(f"no writer led a term after {term} within 30 s of the database's restart")
        time.sleep(0.1)
    if leader.role() != "leader":
        leader, follower = follower, leader
    check_health_roles(leader, follower, within=10)
    print(f"database outage: the leader of term {term} stepped down after {stepped_down:.2f} s; "
          f"term {leader.term()} led after the restart")
    time.sleep(1.5)
    for w in (follower, leader):  # the leader last: it writes its last bars and releases the lease
        w.stop()
    check_fencing(db)
    terms = psql(db, "SELECT count(*) FROM fo_writer_terms")
    print(f"{terms} terms in {time.time() - started:.0f} s; takeover (signal to first write) "
          f"{', '.join(f'{t:.2f}' for t in takeovers)} s")

    # One uninterrupted writer with the same seed, until it has stored the fail-over's newest minute.
    reference_db = create_database("reference")
    hi = newest_minute(db)  # the newest minute may have been cut short by the stop: excluded
    r = Writer(reference_db, "reference")
    r.wait_streaming()
    deadline = time.time() + 90
    while newest_minute(reference_db) < hi:  # its minutes before hi are then complete
        if time.time() > deadline:
            fail("the reference writer did not reach the fail-over's newest minute")
        time.sleep(0.5)
    r.stop()
    lo = max(int(psql(d, "SELECT extract(epoch FROM min(bucket_time))::bigint FROM "
                         "fo_option_strike_bars WHERE timeframe = '1min'")) for d in (db, reference_db))
    if lo > started - 60:
        fail("the compared minutes do not cover the fail-overs (an IST day began meanwhile?)")
    duplicates = psql(db, "SELECT count(*) - count(DISTINCT (symbol, expiry, strike, timeframe, "
                          "bucket_time)) FROM fo_option_strike_bars")
    if duplicates != "0":
        fail(f"{duplicates} duplicate bars")
    for table in ("fo_option_strike_bars", "fo_future_bars"):
        got, expected = rows(db, table, lo, hi), rows(reference_db, table, lo, hi)
        if got != expected:
            missing = sorted(set(expected) - set(got))[:3]
            extra = sorted(set(got) - set(expected))[:3]
            fail(f"{table}: {len(got)} rows, {len(expected)} expected; missing {missing}, "
                 f"other {extra}")
        print(f"{table}: {len(got)} rows equal the uninterrupted writer's")
    minutes = psql(db, "SELECT count(DISTINCT bucket_time) FROM fo_option_strike_bars WHERE "
                       f"timeframe = '1min' AND bucket_time >= to_timestamp({lo}) AND "
                       f"bucket_time < to_timestamp({hi})")
    print(f"PASS: {minutes} minutes as the uninterrupted writer's: no gap, no duplicate, fencing "
          "held")


try:
    main()
finally:
    for proc, _ in servers:
        if proc.poll() is None:
            proc.send_signal(signal.SIGCONT)
            proc.kill()
            proc.wait()
