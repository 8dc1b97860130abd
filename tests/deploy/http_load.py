#!/usr/bin/env python3
"""Constant HTTP load for the zero-downtime restart test: KEEPALIVE threads each reuse one
connection (reconnecting only when a response says Connection: close), NEW threads open a new
connection per request. Runs until STOP_FILE exists (or --max-seconds), then prints a JSON summary
{"ok":N,"failed":N,"errors":[...],"closes":N} and exits 0. A request fails when it raises (reset,
refused, timeout) or answers anything but 200.

usage: http_load.py HOST PORT STOP_FILE [--keepalive 4] [--new 2] [--max-seconds 120]
"""
import argparse
import http.client
import json
import os
import threading
import time

PATHS = ["/health", "/fo/expiries?symbol=NIFTY", "/fo/strike-distribution?symbol=NIFTY&timeframe=5&indicator=oi"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.add_argument("stop_file")
    p.add_argument("--keepalive", type=int, default=4)
    p.add_argument("--new", type=int, default=2)
    p.add_argument("--max-seconds", type=float, default=120)
    a = p.parse_args()
    deadline = time.monotonic() + a.max_seconds
    lock = threading.Lock()
    totals = {"ok": 0, "failed": 0, "closes": 0, "errors": []}

    def record(ok, error=None, closed=False):
        with lock:
            totals["ok" if ok else "failed"] += 1
            totals["closes"] += closed
            if error and len(totals["errors"]) < 20:
                totals["errors"].append(error)

    def running():
        return not os.path.exists(a.stop_file) and time.monotonic() < deadline

    def one(conn, path):
        conn.request("GET", path)
        r = conn.getresponse()
        r.read()
        return r.status, r.will_close

    def keepalive_client(k):
        conn, i = None, k
        while running():
            path = PATHS[i % len(PATHS)]
            i += 1
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(a.host, a.port, timeout=10)
                status, will_close = one(conn, path)
                record(status == 200, None if status == 200 else f"{path}: HTTP {status}", will_close)
                if will_close:
                    conn.close()
                    conn = None
            except Exception as e:  # noqa: BLE001 - every failure counts
                record(False, f"keep-alive {path}: {type(e).__name__}: {e}")
                if conn is not None:
                    conn.close()
                conn = None

    def new_connection_client(k):
        i = k
        while running():
            path = PATHS[i % len(PATHS)]
            i += 1
            conn = http.client.HTTPConnection(a.host, a.port, timeout=10)
            try:
                status, _ = one(conn, path)
                record(status == 200, None if status == 200 else f"{path}: HTTP {status}")
            except Exception as e:  # noqa: BLE001
                record(False, f"new connection {path}: {type(e).__name__}: {e}")
            finally:
                conn.close()

    threads = [threading.Thread(target=keepalive_client, args=(k,)) for k in range(a.keepalive)]
    threads += [threading.Thread(target=new_connection_client, args=(k,)) for k in range(a.new)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps(totals))


if __name__ == "__main__":
    main()
