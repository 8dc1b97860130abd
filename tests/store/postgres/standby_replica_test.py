#!/usr/bin/env python3
"""A read replica on a hot standby, end to end (issue 23 item 1). Usage:
standby_replica_test.py STRIKELINE

Builds a real PostgreSQL 15 primary and a physical streaming-replication standby of it on loopback
ports (initdb with wal_level replica and a replication line in pg_hba.conf, `pg_basebackup -R`,
the standby started), runs `strikeline serve --role writer` with the simulator on the primary and
`strikeline serve --role replica` on the standby, and checks:
1. the replica says it follows a standby (/health "replica", /metrics) and measures its lag;
2. after each of several commits (seen as the primary's change log counter moving), within 2 s
   the replica answers /fo/option-chain and /fo/strike-distribution at the newest minute exactly as
   the writer does (both asked for the same moment; `as_of`, the asking instant, left out);
3. the same after a restart of the standby (pg_ctl restart while both servers run): the replica
   reconnects and resumes from the change log (no catch-up by the old window).
Everything listens on 127.0.0.1; the clusters and servers are stopped and removed on exit.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
from loopback import free_port, get  # noqa: E402
from pg_standby import PrimaryAndStandby  # noqa: E402

BIN = sys.argv[1]
WORK = tempfile.mkdtemp(prefix="strikeline-standby.")
servers = []
pg = PrimaryAndStandby()
ROUNDS = 6


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"{' '.join(cmd)}: exit {r.returncode}: {r.stdout[-1500:]} {r.stderr[-1500:]}")
    return r.stdout


def psql(url, sql):
    return run(["psql", url, "-AtqX", "-v", "ON_ERROR_STOP=1", "-c", sql]).strip()


def wait_until(what, predicate, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        got = predicate()
        if got:
            return got
        time.sleep(0.05)
    fail(f"{what} within {seconds} s")


def start_server(db, *extra):
    port = free_port()
    log = open(os.path.join(WORK, f"server-{port}.log"), "w")
    proc = subprocess.Popen([BIN, "serve", "--listen", f"127.0.0.1:{port}", "--db", db,
                             "--access-log", "false", "--threads", "2", *extra],
                            stdout=log, stderr=subprocess.STDOUT)
    servers.append(proc)
    def up():
        if proc.poll() is not None:
            fail(f"server on {db} exited with {proc.returncode}: " + open(log.name).read()[-2000:])
        return get(port, "/health", timeout=2)[0] is not None
    wait_until(f"server on {db} answering", up, 60)
    return proc, port


def answers(port, paths):
    out = {}
    for path in paths:
        status, body = get(port, path)
        if status != 200:
            return None
        out[path] = re.sub(r'"as_of":\d+,?', "", body)
    return out


def health(port):
    status, body = get(port, "/health")
    return status, (json.loads(body) if status is not None else {})


def agree_after_commits(label, primary, writer_port, replica_port):
    """ROUNDS times: wait for a new commit on the primary (its change log number N), then within
    2 s the replica must have applied N (/health's change_seq) and answer the newest minute as the
    writer does (the writer asked just before and just after it, since it moves on while the
    replica is asked). Returns the seconds each round took."""
    took = []
    counter = "SELECT last_seq FROM fo_bar_change_counter"
    for _ in range(ROUNDS):
        before = int(psql(primary, counter))
        committed_seq = wait_until("a new commit on the primary",
                                   lambda: (lambda n: n if n > before else None)(
                                       int(psql(primary, counter))), 20)
        committed = time.monotonic()
        minute = int(time.time()) // 60 * 60
        paths = [f"/fo/option-chain?symbol=NIFTY&at={minute + 59}",
                 f"/fo/strike-distribution?symbol=NIFTY&timeframe=1min&indicator=oi"
                 f"&bucket_time={minute}"]
        last = None
        while time.monotonic() - committed < 2.0:
            applied = health(replica_port)[1].get("replica", {}).get("change_seq") or 0
            if applied < committed_seq:
                last = (None, {"change_seq": applied})
                time.sleep(0.01)
                continue
            w1 = answers(writer_port, paths)
            r = answers(replica_port, paths)
            w2 = answers(writer_port, paths)
            if r is not None and (r == w1 or r == w2):
                took.append(time.monotonic() - committed)
                break
            last = (w2, r)
        else:
            w, r = last if last else (None, None)
            if r and "change_seq" in r:
                fail(f"{label}: the replica had not applied change {committed_seq} 2 s after its "
                     f"commit (it had {r['change_seq']})")
            diff = next((p for p in paths if not w or not r or w.get(p) != r.get(p)), None)
            fail(f"{label}: the replica did not answer as the writer within 2 s of a commit; "
                 f"first differing: {diff}\nwriter:  {(w or {}).get(diff, '')[:400]}\n"
                 f"replica: {(r or {}).get(diff, '')[:400]}")
    print(f"{label}: equal within {', '.join(f'{t:.2f}' for t in took)} s of {ROUNDS} commits")
    return took


def main():
    try:
        pg.start()
    except RuntimeError as e:
        fail(str(e))
    primary, standby = pg.primary_url, pg.standby_url
    if psql(standby, "SELECT pg_is_in_recovery()") != "t":
        fail("the standby is not in recovery")

    # The simulator writes from the current minute on: a seed bar there (else it backfills today).
    bars = os.path.join(WORK, "bars.csv")
    run([BIN, "simulate", "--days", "1", "--symbols", "NIFTY", "--format", "bars", "--out", bars])
    with open(bars) as f:
        header, first = f.readline(), f.readline()
    seed = os.path.join(WORK, "seed.csv")
    with open(seed, "w") as f:
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(time.time()) // 60 * 60))
        f.write(header + stamp + first[first.index(","):])
    run([BIN, "import", seed, "--db", primary])  # migrates the primary too
    writer, writer_port = start_server(primary, "--feed", "simulator", "--sim-symbols", "NIFTY",
                                       "--sim-days", "0", "--sim-tick-interval", "30")
    wait_until("the writer's feed running",
               lambda: health(writer_port)[1].get("feed", {}).get("state") == "running", 60)
    # The replica needs the schema on the standby (replayed from the primary).
    wait_until("the schema on the standby", lambda: psql(
        standby, "SELECT to_regclass('fo_bar_changes') IS NOT NULL") == "t", 20)
    replica, replica_port = start_server(standby, "--role", "replica",
                                         "--replica-poll-interval", "0.2")

    # 1. It knows it is on a standby, and says so.
    def following():
        status, h = health(replica_port)
        return h if status == 200 and h.get("replica", {}).get("following") else None
    h = wait_until("the replica following the standby", following, 30)
    if h["replica"]["database"] != "standby":
        fail(f"replica /health: {h.get('replica')}")
    # 2. Equal answers within 2 s of each commit.
    before_restart = agree_after_commits("before the standby restart", primary, writer_port,
                                         replica_port)
    status, h = health(replica_port)
    if h["replica"]["lag_seconds"] is None or h["replica"]["change_seq"] is None:
        fail(f"replica lag or position not measured: {h['replica']}")
    metrics = get(replica_port, "/metrics")[1]
    for line in ["strikeline_replica_on_standby 1", "strikeline_replica_listening 1",
                 "strikeline_replica_window_catch_ups_total 0"]:
        if line not in metrics:
            fail(f"replica /metrics lacks '{line}'")
    if not re.search(r"^strikeline_replica_lag_seconds \d", metrics, re.M):
        fail("replica /metrics has no strikeline_replica_lag_seconds")
    print(f"replica /health replica: {h['replica']}")

    # 3. The standby restarts under both servers.
    seq_before = h["replica"]["change_seq"]
    try:
        pg.restart_standby()
    except RuntimeError as e:
        fail(f"{e}\n{pg.log_tail(pg.standby_data)}")
    restarted = time.monotonic()
    def following_again():
        status, h = health(replica_port)
        r = h.get("replica", {})
        return status == 200 and r.get("following") and (r.get("change_seq") or 0) > seq_before
    wait_until("the replica following again after the restart", following_again, 30)
    print(f"replica following again {time.monotonic() - restarted:.1f} s after the restart")
    after_restart = agree_after_commits("after the standby restart", primary, writer_port,
                                        replica_port)
    metrics = get(replica_port, "/metrics")[1]
    if "strikeline_replica_window_catch_ups_total 0" not in metrics:
        fail("the replica caught up by the old window, not from the change log")
    if writer.poll() is not None or replica.poll() is not None:
        fail("a server exited")
    took = sorted(before_restart + after_restart)
    print(f"equal after a commit: median {took[len(took) // 2]:.2f} s, most {took[-1]:.2f} s")
    print("PASS")


try:
    main()
finally:
    for p in servers:
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
    pg.stop()
    subprocess.run(["rm", "-rf", WORK])
