#!/usr/bin/env python3
"""Soak of `strikeline serve` under mixed valid, invalid and hostile traffic (issue 26; not run in
CI). Starts the server (built-in simulator, a fresh SQLite file, access log off) on a free loopback
port, waits for its backfill, then for --minutes keeps --connections client connections busy with a
weighted mix while a separate process probes /health every 100 ms:

  valid    the /fo queries with varied parameters, /metrics, /fo/indicators, tick and bar ingest of
           current data (about 1 request in 10 an ingest);
  invalid  bad parameters (400), unknown routes (404), wrong methods (405), an ingest body that is
           not NDJSON (400), absurd ticks (rejected lines), a Host the server does not serve (421),
           a cross-site ingest (403);
  hostile  (on connections of their own, from 127.0.0.2: another client address) a header that
           never ends (slowloris), an 80 KB header (431), an announced 100 MiB body (413), an
           answer requested and not read for a few seconds, garbage bytes, connect-and-close,
           Expect: 100-continue with a wrong token.

Reports: requests by status (and by class), the routes of the 503s, any 5xx other than 503 (must
be 0), 503s without Retry-After (must be 0), the server's RSS over the run (flat: within 10 % of
its level after the first minute), and /health latency p50/p99/max from the probe process (p99
target: under 20 ms). Exit status 1 when a target is missed.

  bench/api/soak.py build/strikeline [--minutes 10] [--connections 64] [--sim-days 2]

Run it on a quiet machine; on 2 cores the load generator (Python, 64 threads) and the server share
the CPU, which the latencies include."""

import argparse
import http.client
import json
import multiprocessing
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse


HOSTILE_ADDRESS = "127.0.0.2"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024 / 1e6
    return 0.0


def next_week():
    return time.strftime("%Y-%m-%d", time.gmtime(time.time() + 19800 + 7 * 86400))


def ticks_body(n):
    now = time.time()
    expiry = next_week()
    lines = ['{"ts":%.3f,"symbol":"FINNIFTY","price":23500.5}' % now]
    for i in range(n):
        lines.append('{"ts":%.3f,"symbol":"FINNIFTY","expiry":"%s","strike":%d,"type":"%s",'
                     '"price":%.2f,"volume":%d,"oi":%d}'
                     % (now, expiry, 23000 + 50 * (i % 20), "CE" if i % 2 else "PE",
                        50 + i % 30, 1000 + i, 40000 + i))
    return ("\n".join(lines) + "\n").encode()


def bars_body(n):
    minute = int(time.time()) // 60 * 60 - 120
    expiry = next_week()
    rows = ["bucket_time,symbol,expiry,strike,call_oi_sum,put_oi_sum,underlying_close"]
    for i in range(n):
        rows.append(f"{minute},MIDCPNIFTY,{expiry},{12000 + 25 * i},{1000 + i},{900 + i},12310.5")
    return ("\n".join(rows) + "\n").encode()


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.status = {}
        self.by_class = {}
        self.transport_kinds = {}
        self.refused = {}  # 503s of the valid and invalid traffic, by route
        self.bad_503 = 0
        self.server_errors = []
        self.transport_errors = {"hostile": 0, "valid_or_invalid": 0}

    def add(self, status, headers=None, kind="hostile"):
        with self.lock:
            self.status[status] = self.status.get(status, 0) + 1
            counts = self.by_class.setdefault(kind, {})
            counts[status] = counts.get(status, 0) + 1
            if status == 503 and not (headers or {}).get("retry-after"):
                self.bad_503 += 1
            if status >= 500 and status != 503:
                self.server_errors.append(status)


def request(conn, method, path, body=None, headers=None):
    conn.request(method, path, body=body, headers=headers or {})
    r = conn.getresponse()
    r.read()
    return r.status, {k.lower(): v for k, v in r.getheaders()}


def valid_and_invalid(conn, rng, tally):
    now = int(time.time())
    # "nifty 50" is an alias with a space: encoded, or http.client refuses the URL unsent.
    symbol = urllib.parse.quote(rng.choice(["NIFTY", "BANKNIFTY", "nifty 50"]))
    tf = rng.choice(["1min", "5min", "15min", "1h"])
    ind = rng.choice(["iv", "oi", "pcr", "delta", "volume", "oi_change"])
    frm = now - rng.randint(3600, 2 * 86400)
    choices = [
        (20, "GET", f"/fo/strike-distribution?symbol={symbol}&timeframe={tf}&indicator={ind}"
                    f"&strike_range={rng.randint(5, 30)}", None, None),
        (15, "GET", f"/fo/moneyness-series?symbol={symbol}&timeframe={tf}&indicator={ind}"
                    f"&from={frm}&to={now - rng.randint(0, 600)}", None, None),
        (8, "GET", f"/fo/expiries?symbol={symbol}", None, None),
        (8, "GET", f"/fo/expiry-metrics?symbol={symbol}&timeframe={tf}", None, None),
        (5, "GET", "/fo/strike-history?symbol=NIFTY&strike=24000&expiry=NWeek%2B0", None, None),
        (3, "GET", "/metrics", None, None),
        (3, "GET", "/fo/indicators", None, None),
        (6, "POST", "/fo/ingest/ticks", ticks_body(rng.randint(5, 200)),
         {"Content-Type": "application/x-ndjson"}),
        (3, "POST", "/fo/ingest/bars", bars_body(rng.randint(5, 100)), {"Content-Type": "text/csv"}),
        # invalid
        (4, "GET", f"/fo/strike-distribution?timeframe=7min&symbol={symbol}", None, None),
        (3, "GET", "/fo/moneyness-series?from=abc", None, None),
        (3, "GET", "/fo/no-such-thing", None, None),
        (2, "DELETE", "/fo/expiries", None, None),
        (2, "POST", "/fo/ingest/ticks", b"\x00\x01binary", {"Content-Type": "application/x-ndjson"}),
        (2, "POST", "/fo/ingest/ticks",
         b'{"ts":0,"symbol":"NIFTY","price":1e308}\n{"ts":2051222400,"symbol":"NIFTY","price":1}\n',
         {"Content-Type": "application/x-ndjson"}),
        (2, "GET", "/fo/expiries", None, {"Host": "evil.example"}),
        (2, "POST", "/fo/ingest/ticks", ticks_body(3),
         {"Content-Type": "text/plain", "Origin": "https://evil.example"}),
    ]
    weights = [c[0] for c in choices]
    valid_count = 9  # the entries before "# invalid"
    pick = rng.choices(range(len(choices)), weights)[0]
    _, method, path, body, headers = choices[pick]
    status, response_headers = request(conn, method, path, body, headers)
    tally.add(status, response_headers, "valid" if pick < valid_count else "invalid")
    if status == 503:
        with tally.lock:
            route = path.split("?", 1)[0]
            tally.refused[route] = tally.refused.get(route, 0) + 1


def hostile(port, rng, tally):
    kind = rng.choice(["slowloris", "big_header", "big_body", "stalled_reader", "garbage",
                       "connect_close", "expect_wrong_token"])
    # From another loopback address: a hostile client is not the one whose traffic is measured, so
    # the server's limits per client address (connections, unread answers) fall on it alone.
    s = socket.create_connection(("127.0.0.1", port), timeout=30,
                                 source_address=(HOSTILE_ADDRESS, 0))
    try:
        if kind == "slowloris":
            s.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            for _ in range(rng.randint(2, 6)):
                time.sleep(1)
                s.sendall(b"a")
        elif kind == "big_header":
            s.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 80000 + b"\r\n\r\n")
            tally.add(*read_status(s))
        elif kind == "big_body":
            s.sendall(b"POST /fo/ingest/ticks HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      b"Content-Length: 104857600\r\nContent-Type: application/x-ndjson\r\n\r\n")
            tally.add(*read_status(s))
        elif kind == "stalled_reader":
            now = int(time.time())
            s.sendall((f"GET /fo/moneyness-series?symbol=NIFTY&timeframe=1min&from={now - 2 * 86400}"
                       f"&to={now - rng.randint(0, 3600)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").encode())
            time.sleep(rng.uniform(1, 5))
        elif kind == "garbage":
            s.sendall(os.urandom(rng.randint(10, 3000)))
            try:
                tally.add(*read_status(s))
            except (OSError, ValueError, IndexError):
                pass
        elif kind == "expect_wrong_token":
            s.sendall(b"POST /fo/ingest/ticks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 50000000\r\n"
                      b"Expect: 100-continue\r\nOrigin: https://evil.example\r\n\r\n")
            tally.add(*read_status(s))
    except (OSError, ValueError):
        pass
    finally:
        s.close()


def read_status(s):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    headers = {}
    for line in head[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    return int(head[0].split()[1]), headers


def worker(port, deadline, tally, seed):
    rng = random.Random(seed)
    conn = None
    while time.time() < deadline:
        kind = "hostile"
        try:
            if rng.random() < 0.03:
                hostile(port, rng, tally)
                continue
            kind = "valid_or_invalid"
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            valid_and_invalid(conn, rng, tally)
        except (OSError, http.client.HTTPException) as e:
            with tally.lock:
                tally.transport_errors[kind] += 1
                name = type(e).__name__
                tally.transport_kinds[name] = tally.transport_kinds.get(name, 0) + 1
            if conn:
                conn.close()
            conn = None
            time.sleep(0.05)


def probe(port, deadline, out):
    latencies = []
    failures = 0
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while time.time() < deadline:
        started = time.perf_counter()
        try:
            conn.request("GET", "/health")
            r = conn.getresponse()
            r.read()
            if r.status not in (200,):
                failures += 1
            latencies.append(time.perf_counter() - started)
        except (OSError, http.client.HTTPException):
            failures += 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        time.sleep(max(0.0, 0.1 - (time.perf_counter() - started)))
    out.put((latencies, failures))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("binary")
    p.add_argument("--minutes", type=float, default=10)
    p.add_argument("--connections", type=int, default=64)
    p.add_argument("--sim-days", type=int, default=2)
    a = p.parse_args()

    work = tempfile.mkdtemp(prefix="strikeline-soak-")
    port = free_port()
    log = open(os.path.join(work, "server.log"), "wb")
    server = subprocess.Popen([a.binary, "serve", "--listen", f"127.0.0.1:{port}", "--db",
                               f"sqlite:{work}/bars.db", "--sim-days", str(a.sim_days),
                               "--access-log", "false"], stdout=log, stderr=log)
    try:
        deadline = time.time() + 300
        while time.time() < deadline:
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                c.request("GET", "/health")
                d = json.loads(c.getresponse().read())
                if d["feed"]["state"] == "running":
                    break
            except (OSError, ValueError, KeyError, http.client.HTTPException):
                pass
            time.sleep(0.5)
        print(f"server {server.pid} on port {port}, backfilled; soaking {a.minutes} min at "
              f"{a.connections} connections", flush=True)
        end = time.time() + a.minutes * 60
        tally = Tally()
        results = multiprocessing.Queue()
        prober = multiprocessing.Process(target=probe, args=(port, end, results))
        prober.start()
        threads = [threading.Thread(target=worker, args=(port, end, tally, i), daemon=True)
                   for i in range(a.connections)]
        for t in threads:
            t.start()
        rss = []
        start = time.time()
        while time.time() < end:
            rss.append((time.time() - start, rss_mb(server.pid)))
            time.sleep(5)
            if server.poll() is not None:
                print("the server died", file=sys.stderr)
                break
        for t in threads:
            t.join(60)
        latencies, probe_failures = results.get(timeout=60)
        prober.join()

        total = sum(tally.status.values())
        after_first_minute = [m for t, m in rss if t >= 60] or [m for _, m in rss]
        baseline = statistics.median(after_first_minute[:12])
        peak = max(after_first_minute)
        final = after_first_minute[-1]
        lat = sorted(latencies)
        pct = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000
        report = {
            "minutes": a.minutes, "connections": a.connections, "requests": total,
            "rps": round(total / (a.minutes * 60), 1),
            "status": dict(sorted(tally.status.items())),
            "status_by_class": {k: dict(sorted(v.items())) for k, v in sorted(tally.by_class.items())},
            "503_by_route": dict(sorted(tally.refused.items())),
            "5xx_other_than_503": len(tally.server_errors),
            "503_without_retry_after": tally.bad_503,
            "transport_errors": tally.transport_errors,
            "transport_error_kinds": tally.transport_kinds,
            "rss_mb": {"baseline": round(baseline, 1), "peak": round(peak, 1), "final": round(final, 1),
                       "peak_over_baseline_pct": round(100 * (peak / baseline - 1), 1)},
            "health_ms": {"probes": len(lat), "failures": probe_failures, "p50": round(pct(0.5), 2),
                          "p99": round(pct(0.99), 2), "max": round(lat[-1] * 1000, 2)},
            "server_alive": server.poll() is None,
        }
        print(json.dumps(report, indent=2))
        ok = (report["server_alive"] and report["5xx_other_than_503"] == 0 and tally.bad_503 == 0
              and peak <= baseline * 1.10 and final <= baseline * 1.10 and pct(0.99) < 20)
        print("targets met" if ok else "TARGETS MISSED")
        return 0 if ok else 1
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
