#!/usr/bin/env python3
"""The whole market in the served process (issue 22; a report, not a test). Usage:
whole_market.py STRIKELINE PROBE [--minutes 20] [--query-seconds 10] [--connections 16]
                [--sim-days 1] [--universe nse-fo|indices] [--db sqlite:FILE]

STRIKELINE is build/strikeline, PROBE build/bench/api/strikeline_http_probe. Runs
`strikeline serve --sim-universe nse-fo --sim-days 1` on a fresh SQLite file (outside NSE hours it
backfills the previous session as fast as it can: ingest with IV computed, the aggregator, the
chain store and the SQLite write path, all in the served process) and samples /metrics every
second: ticks aggregated (strikeline_ticks_received_total), the simulated time reached (the
newest bar's bucket: now - strikeline_newest_bar_age_seconds), 1-minute bars in memory, RSS
(process_resident_memory_bytes). It reports ticks/s overall and while the open's burst
(09:15-09:30 IST) was being ingested, the speed against real time, and RSS per stored bar.
Once the simulated time passes 10:00 IST it measures, while the feed keeps running, the option
chain and the strike distribution of one stock expiry (the stock with the most strikes listed;
each request at another moment of the session so far, so no cache answers) with PROBE at
--connections keep-alive connections: rps, p50, p99. It stops the server at 15:30 IST of the
simulated day or after --minutes, restarts it on the same file with --feed none and reports the
seconds until /health answers, until the newest moment's option chain and strike distribution of
that expiry are served (and how long each took), until the oldest stored day's chain is served
(read from the file while the older days are not in memory yet), and until every day of the
window is in memory (/health's "memory" start-up check passed), with the RSS then.
--universe indices measures the index-only server the same way (NIFTY's nearest expiry is
queried); --db restarts on an existing file only (no ingest).
Say the machine's load (`uptime`, printed) beside every figure.
"""
import argparse
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests",
                                "lib"))
from loopback import free_port, get  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("strikeline")
parser.add_argument("probe")
parser.add_argument("--minutes", type=float, default=20)
parser.add_argument("--query-seconds", type=int, default=10)
parser.add_argument("--connections", type=int, default=16)
parser.add_argument("--sim-days", default="1",
                    help="previous sessions to backfill (nse-fo: 1 to 4; 4 + today fill the 5-day store)")
parser.add_argument("--universe", default="nse-fo", choices=["nse-fo", "indices"])
parser.add_argument("--db", help="sqlite:FILE to restart on (the ingest is skipped)")
args = parser.parse_args()
IST = 5 * 3600 + 1800


def metrics(port):
    status, body = get(port, "/metrics")
    if status != 200:
        return None
    out, ages = {}, []
    for line in body.splitlines():
        if line.startswith("#"):
            continue
        m = re.match(r"^([a-z_]+)(\{[^}]*\})? ([-+0-9.eE]+|NaN)$", line)
        if not m:
            continue
        if m.group(1) == "strikeline_newest_bar_age_seconds":
            ages.append(float(m.group(3)))
        elif not m.group(2):
            out[m.group(1)] = float(m.group(3))
    out["newest_age"] = min(ages) if ages else None
    return out


def uptime():
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def ist_clock(epoch):
    s = (int(epoch) + IST) % 86400
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def seconds_of_day_ist(epoch):
    return (int(epoch) + IST) % 86400


def serve(work, db, *extra):
    port = free_port()
    log = open(os.path.join(work, f"server-{port}.log"), "w")
    proc = subprocess.Popen([args.strikeline, "serve", "--listen", f"127.0.0.1:{port}", "--db", db,
                             "--access-log", "false", *extra], stdout=log,
                            stderr=subprocess.STDOUT)
    return proc, port, log.name


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def stock_expiry(port, at=None):
    """The stock with the most listed strikes in its nearest expiry, and that expiry (the index
    universe: NIFTY's nearest expiry unexpired at `at`)."""
    if args.universe == "indices":
        status, body = get(port, "/fo/option-chain?symbol=NIFTY" + (f"&at={at}" if at else ""))
        if status != 200:
            return None
        d = json.loads(body)
        return "NIFTY", d["expiry"], len(d.get("rows", []))
    status, body = get(port, "/fo/symbols")
    if status != 200:
        return None
    best = None
    for s in json.loads(body)["symbols"]:
        if s.get("kind") != "stock" or not s.get("expiries"):
            continue
        expiry = s["expiries"][0]
        status, chain = get(port, f"/fo/option-chain?symbol={s['symbol']}&expiry={expiry}")
        if status != 200:
            continue
        rows = len(json.loads(chain).get("rows", []))
        if best is None or rows > best[2]:
            best = (s["symbol"], expiry, rows)
        if rows >= 30:
            break
    return best


def probe(port, targets):
    r = subprocess.run([args.probe, "--port", str(port), "--seconds", str(args.query_seconds),
                        "--connections", str(args.connections), *targets],
                       capture_output=True, text=True)
    return r.stdout.strip() or r.stderr.strip()


def main():
    work = tempfile.mkdtemp(prefix="strikeline-whole-market.")
    db = f"sqlite:{work}/s.db"
    print("uptime at start:", uptime())
    if args.db:
        restart(work, args.db, None)
        return
    # The index universe runs around the clock by default; NSE hours make its sessions end.
    hours = ["--sim-nse-hours"] if args.universe == "indices" else []
    proc, port, log = serve(work, db, "--sim-universe", args.universe, "--sim-days", args.sim_days,
                            *hours)
    started = time.monotonic()
    samples = []  # (wall monotonic, ticks, simulated epoch, bars, rss)
    queried = None
    try:
        while time.monotonic() - started < args.minutes * 60:
            if proc.poll() is not None:
                sys.exit("the server exited: " + open(log).read()[-2000:])
            m = metrics(port)
            if m and m.get("newest_age") is not None:
                simulated = time.time() - m["newest_age"]
                samples.append((time.monotonic(), m.get("strikeline_ticks_received_total", 0),
                                simulated, m.get("strikeline_store_bars_in_memory", 0),
                                m.get("process_resident_memory_bytes", 0)))
                day_seconds = seconds_of_day_ist(simulated)
                if queried is None and day_seconds >= 10 * 3600:
                    found = stock_expiry(port, int(simulated))
                    if found:
                        symbol, expiry, rows = found
                        session_open = int(simulated) - (day_seconds - (9 * 3600 + 900))
                        moments = [session_open + 60 * k + 59
                                   for k in range(0, (day_seconds - 33300) // 60)][:60]
                        load = uptime()
                        chain = probe(port, [f"/fo/option-chain?symbol={symbol}&expiry={expiry}"
                                             f"&at={t}" for t in moments])
                        dist = probe(port, [f"/fo/strike-distribution?symbol={symbol}"
                                            f"&timeframe=1min&indicator=oi&expiry={expiry}"
                                            f"&bucket_time={t}" for t in moments])
                        queried = (symbol, expiry, rows, len(moments), load, chain, dist)
                if day_seconds >= 15 * 3600 + 1800 - 60 and m.get(
                        "strikeline_store_days_in_memory", 0) >= int(args.sim_days):
                    break
            time.sleep(1)
        final = metrics(port) or {}
    finally:
        stop(proc)
    print("uptime after the feed:", uptime())
    for line in open(log).read().splitlines():
        if "simulator: backfilled" in line:
            print("server log:", line.split("] ", 2)[-1])
    if len(samples) < 2:
        sys.exit("too few samples: " + open(log).read()[-2000:])
    first, last = samples[0], samples[-1]
    wall = last[0] - first[0]
    ticks = last[1] - first[1]
    # Simulated session seconds: the nights and weekends between sessions do not count.
    simulated = sum(b[2] - a[2] for a, b in zip(samples, samples[1:]) if 0 <= b[2] - a[2] < 7200)
    print(f"simulated {ist_clock(first[2])} -> {ist_clock(last[2])} IST in {wall:.0f} s of wall "
          f"time: {simulated / wall:.1f} x real time (session time); {ticks:,.0f} ticks, {ticks / wall:,.0f} "
          f"ticks/s overall")
    last_day = (int(last[2]) + IST) // 86400  # the open's burst of the last simulated session
    burst = [s for s in samples if (int(s[2]) + IST) // 86400 == last_day and
             9 * 3600 + 900 <= seconds_of_day_ist(s[2]) < 9 * 3600 + 1800]
    if len(burst) >= 2:
        bw = burst[-1][0] - burst[0][0]
        bt = burst[-1][1] - burst[0][1]
        bs = burst[-1][2] - burst[0][2]
        print(f"open's burst ({ist_clock(burst[0][2])} -> {ist_clock(burst[-1][2])} IST): "
              f"{bt:,.0f} ticks in {bw:.0f} s, {bt / max(bw, 1e-9):,.0f} ticks/s, "
              f"{bs / max(bw, 1e-9):.1f} x real time")
    bars = final.get("strikeline_store_bars_in_memory", last[3])
    rss = final.get("process_resident_memory_bytes", last[4])
    store = final.get("strikeline_store_memory_bytes", 0)
    print(f"at the end: {bars:,.0f} 1-minute bars in memory, RSS {rss / 2**20:,.0f} MiB "
          f"({(rss - first[4]) / max(bars - first[3], 1):,.0f} B per bar beyond the first sample "
          f"at {first[4] / 2**20:,.0f} MiB), chain store {store / 2**20:,.0f} MiB "
          f"({store / max(bars, 1):,.0f} B per bar)")
    if queried:
        symbol, expiry, rows, n, load, chain, dist = queried
        print(f"while the feed ran ({load}): {symbol} {expiry} ({rows} strikes), {n} moments, "
              f"{args.connections} connections, {args.query_seconds} s each")
        print(f"  option-chain:        {chain}")
        print(f"  strike-distribution: {dist}")
    restart(work, db, bars)
    subprocess.run(["rm", "-rf", work])


def timed_get(port, path):
    t = time.monotonic()
    status, body = get(port, path, timeout=120)
    return status, body, time.monotonic() - t


def restart(work, db, bars):
    """Start-up on the stored file: the newest day first, the older days after it."""
    proc, port, log = serve(work, db, "--feed", "none")
    t0 = time.monotonic()
    ready = newest = oldest = warm = None
    try:
        while time.monotonic() - t0 < 300:
            if proc.poll() is not None:
                sys.exit("the restarted server exited: " + open(log).read()[-2000:])
            status, body = get(port, "/health", timeout=2)
            if status is not None and json.loads(body).get("chain_store") == "ready":
                ready = time.monotonic() - t0
                break
            time.sleep(0.1)
        if ready is None:
            sys.exit("the restarted server did not answer /health within 300 s")
        m = metrics(port)
        at = int(time.time() - m["newest_age"]) + 59
        found = stock_expiry(port, at)
        if found:
            symbol, expiry, _ = found
            s1, b1, chain_took = timed_get(
                port, f"/fo/option-chain?symbol={symbol}&expiry={expiry}&at={at}")
            s2, _, dist_took = timed_get(
                port, f"/fo/strike-distribution?symbol={symbol}&timeframe=1min&indicator=oi"
                f"&expiry={expiry}&bucket_time={at - 59}")
            if s1 == 200 and s2 == 200 and json.loads(b1).get("rows"):
                newest = (time.monotonic() - t0, symbol, expiry, ist_clock(at), chain_took,
                          dist_took)
            # The oldest stored day of the expiry, at 10:00 IST (not in memory yet: read from
            # the file), from the file's catalogue of days.
            con = sqlite3.connect(f"file:{db.split(':', 1)[1]}?mode=ro", uri=True, timeout=30)
            day0 = con.execute("SELECT min(first_bucket) FROM fo_bar_days WHERE symbol = ? AND "
                               "expiry = ?", (symbol, expiry)).fetchone()[0]
            con.close()
            oldest_at = int(day0) - seconds_of_day_ist(int(day0)) + 10 * 3600
            s3, _, old_took = timed_get(
                port, f"/fo/option-chain?symbol={symbol}&expiry={expiry}&at={oldest_at}")
            oldest = (time.monotonic() - t0, ist_clock(oldest_at), s3, old_took)
        while time.monotonic() - t0 < 300:
            if proc.poll() is not None:
                sys.exit("the restarted server exited: " + open(log).read()[-2000:])
            status, body = get(port, "/health", timeout=2)
            if status == 200 and "memory:" not in json.loads(body).get("detail", ""):
                warm = time.monotonic() - t0
                break
            time.sleep(0.2)
        final = metrics(port) or {}
    finally:
        stop(proc)
    print(f"restart on the stored file ({uptime()}):")
    print(f"  /health answered, the newest day in memory: {ready:.1f} s")
    if newest:
        print(f"  the newest moment served: {newest[0]:.1f} s ({newest[1]} {newest[2]} at "
              f"{newest[3]} IST: option-chain {newest[4] * 1000:.0f} ms, strike-distribution "
              f"{newest[5] * 1000:.0f} ms)")
    if oldest:
        print(f"  the oldest day served: {oldest[0]:.1f} s (at {oldest[1]} IST, HTTP {oldest[2]}, "
              f"{oldest[3] * 1000:.0f} ms, read from the file)")
    days = final.get("strikeline_store_days_in_memory", 0)
    held = final.get("strikeline_store_bars_in_memory", 0)
    rss = final.get("process_resident_memory_bytes", 0)
    print(f"  every day of the window in memory: "
          f"{warm if warm is not None else float('nan'):.1f} s ({days:.0f} days, {held:,.0f} "
          f"bars{'' if bars is None else f' of {bars:,.0f}'}; RSS {rss / 2**20:,.0f} MiB, "
          f"{rss / max(held, 1):,.0f} B per bar)")


main()
