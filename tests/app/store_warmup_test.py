#!/usr/bin/env python3
"""The chain store's start-up (issue 22): the served process loads the newest day before it
serves and brings the window's older days into memory after it, newest first, while it answers.

On a 4-day SQLite file (simulated NIFTY bars, imported), served with --feed none:
- the log says the newest of 4 days was loaded before serving and the 3 others were brought in
  newest first, ending "4 of 4 days";
- /health answers, names the "memory" start-up check and ends with it passed; /metrics ends with
  4 days in memory;
- the option chain of one expiry as of 09:15:59 (the session's first minute: the OI carried from
  the days before) and 12:00:59 IST of every day, asked for at once when /health first answers
  (the older days then read from the file) and again once every day is in memory, has every
  strike's call and put OI and the totals equal to an oracle this test computes from the bars file:
  each strike's OI of its newest bar with OI at or before the moment.
Bounded: every wait gives up after 120 s.
Usage: store_warmup_test.py PATH/TO/strikeline
"""
import csv
import datetime
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from loopback import free_port, get  # noqa: E402

BIN = sys.argv[1]
WORK = tempfile.mkdtemp(prefix="store_warmup_")
IST = datetime.timezone(datetime.timedelta(hours=5, minutes=30))
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what)


def run(*cmd):
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed: {r.stdout[-1000:]}{r.stderr[-1000:]}")


def epoch(text):
    return int(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


def oracle(rows, expiry, at):
    """Each strike's newest call and put OI observed at or before `at`, from the bars file: a
    side's OI is observed at its `observed_at` (a minute's bar without one: by its HH:MM:59)."""
    call, put = {}, {}
    for r in rows:
        if r["expiry"] != expiry:
            continue
        strike = float(r["strike"])
        for side, book in (("call", call), ("put", put)):
            oi, seen = r[f"{side}_oi_sum"], r[f"{side}_observed_at"]
            seen = int(seen) if seen else r["bucket"] + 59
            if oi != "" and seen <= at and (strike not in book or book[strike][0] < seen):
                book[strike] = (seen, int(float(oi)))
    return ({k: v[1] for k, v in call.items()}, {k: v[1] for k, v in put.items()})


def chain_oi(port, expiry, at):
    status, body = get(port, f"/fo/option-chain?symbol=NIFTY&expiry={expiry}&at={at}", timeout=60)
    if status != 200:
        return None
    d = json.loads(body)
    call = {float(r["strike"]): r["call"]["oi"] for r in d["rows"]
            if r.get("call") and r["call"].get("oi") is not None}
    put = {float(r["strike"]): r["put"]["oi"] for r in d["rows"]
           if r.get("put") and r["put"].get("oi") is not None}
    return call, put, d.get("total_call_oi"), d.get("total_put_oi")


def main():
    bars = os.path.join(WORK, "bars.csv")
    run(BIN, "simulate", "--days", "4", "--symbols", "NIFTY", "--format", "bars", "--out", bars)
    run(BIN, "import", bars, "--db", f"sqlite:{WORK}/s.db")
    with open(bars) as f:
        rows = [dict(r, bucket=epoch(r["bucket_time"])) for r in csv.DictReader(f)]
    days = sorted({datetime.datetime.fromtimestamp(r["bucket"], IST).date() for r in rows})
    check(len(days) == 4, f"the file holds 4 IST days: {days}")
    # The nearest expiry that every day trades.
    per_day = {}
    for r in rows:
        per_day.setdefault(datetime.datetime.fromtimestamp(r["bucket"], IST).date(), set()).add(
            r["expiry"])
    expiry = min(set.intersection(*per_day.values()))
    moments = []
    for day in days:
        for hh, mm in ((9, 15), (12, 0)):
            moments.append(int(datetime.datetime(day.year, day.month, day.day, hh, mm, 59,
                                                 tzinfo=IST).timestamp()))
    expected = {at: oracle(rows, expiry, at) for at in moments}
    check(all(expected[at][0] and expected[at][1] for at in moments), "the oracle has OI")

    port = free_port()
    log_path = os.path.join(WORK, "server.log")
    with open(log_path, "w") as log:
        proc = subprocess.Popen([BIN, "serve", "--listen", f"127.0.0.1:{port}", "--db",
                                 f"sqlite:{WORK}/s.db", "--feed", "none", "--access-log", "false"],
                                stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        first = None
        while time.monotonic() < deadline and first is None:
            if proc.poll() is not None:
                sys.exit("the server exited: " + open(log_path).read()[-2000:])
            status, body = get(port, "/health", timeout=5)
            if status == 200:
                first = json.loads(body)
            else:
                time.sleep(0.05)
        if first is None:
            sys.exit("no /health within 120 s")
        check(first.get("chain_store") == "ready", f"the chain store ready: {first}")
        check("memory" in first.get("checks", {}), f"/health names the memory check: {first}")
        # At once, whatever is in memory yet; then once every day is.
        answers = {"at the start": {at: chain_oi(port, expiry, at) for at in moments}}
        health = first
        while time.monotonic() < deadline and health.get("checks", {}).get("memory") != "passed":
            time.sleep(0.1)
            status, body = get(port, "/health", timeout=5)
            health = json.loads(body) if status == 200 else health
        check(health.get("checks", {}).get("memory") == "passed",
              f"every day in memory within 120 s: {health}")
        status, body = get(port, "/metrics")
        in_memory = [line for line in body.splitlines()
                     if line.startswith("strikeline_store_days_in_memory ")]
        check(in_memory == ["strikeline_store_days_in_memory 4"], f"4 days in memory: {in_memory}")
        answers["in memory"] = {at: chain_oi(port, expiry, at) for at in moments}
        for when, got in answers.items():
            for at in moments:
                call, put = expected[at]
                where = f"{when}, {expiry} as of {datetime.datetime.fromtimestamp(at, IST)}"
                a = got[at]
                check(a is not None, f"{where}: answered")
                if a is None:
                    continue
                check(a[0] == call, f"{where}: call OI by strike {a[0]} != {call}")
                check(a[1] == put, f"{where}: put OI by strike {a[1]} != {put}")
                check(a[2] == sum(call.values()) and a[3] == sum(put.values()),
                      f"{where}: totals {a[2]}, {a[3]} != {sum(call.values())}, "
                      f"{sum(put.values())}")
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
    log = open(log_path).read()
    check("of the newest of 4 day(s)" in log, "the log: the newest of 4 days loaded before serving")
    warmed = [line.split("store: ")[1].split(" ")[0] for line in log.splitlines()
              if " in memory (" in line and "store: " in line]
    names = [d.isoformat() for d in days]
    check(warmed == names[-2::-1], f"the older days brought in newest first: {warmed}")
    check("4 of 4 days" in log, "the log: 4 of 4 days")
    if failures:
        print("--- server log\n" + log[-3000:])
        sys.exit(f"{len(failures)} check(s) failed")
    subprocess.run(["rm", "-rf", WORK])
    print(f"store warm-up: passed ({len(moments)} moments x 2, {len(rows)} bars, expiry {expiry})")


main()
