#!/usr/bin/env python3
"""End-to-end checks of issue 26 ("hardened against a hostile client and a bad day") against the
release binary on loopback, one scenario per finding:

  hostile_test.py PATH/TO/strikeline SCENARIO

Each scenario reproduces what the issue reported and asserts the bound the fix guarantees; each
failed on the code before the fix. Memory bounds use distinct requests (no cache shares a buffer)
and VmRSS of the server process. Bounded: every wait has a deadline."""

import fcntl
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import termios
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_under_test import Server, connect, read_response, rss_mb  # noqa: E402

BIN = None


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def ist_today():
    return time.strftime("%Y-%m-%d", time.gmtime(time.time() + 19800))


def next_week():
    return time.strftime("%Y-%m-%d", time.gmtime(time.time() + 19800 + 7 * 86400))


def populated_db(workdir, symbols="NIFTY", days=2):
    """A bar file filled by the simulator's backfill (days + today), then no feed."""
    warm = Server(BIN, "--sim-symbols", symbols, "--sim-days", str(days), "--access-log", "false",
                  workdir=workdir)
    try:
        warm.wait_healthy(180, field=lambda d: d["feed"]["state"], value="running")
    finally:
        warm.stop()
    return warm.db


# 1. Unread answers pin memory: 300 clients ask for different ~5 MB answers and never read them.
def unread_answers():
    work = tempfile.mkdtemp(prefix="strikeline-unread-")
    db = populated_db(work)
    server = Server(BIN, "--feed", "none", "--access-log", "false", db=db, workdir=work)
    try:
        server.wait_healthy()
        now = int(time.time())
        base = ("/fo/moneyness-series?symbol=NIFTY&timeframe=1min&indicator=iv&expiry=NWeek%2B0"
                "&expiry=NWeek%2B1&expiry=NWeek%2B2&expiry=NWeek%2B3&from=" + str(now - 4 * 86400))
        status, body = server.get(base + f"&to={now}")
        check(status == 200 and len(body) > 4_000_000, f"the answer is {len(body)} bytes, not ~5 MB")
        server.get(base + f"&to={now - 1}")
        time.sleep(1)
        before = server.rss_mb()
        readers = []
        for i in range(300):
            s = connect(server.port, source=f"127.0.1.{1 + i // 3}")  # 100 clients, 3 each
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
            s.sendall(f"GET {base}&to={now - 10 - i} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            readers.append(s)
        deadline = time.time() + 120
        peak = before
        while server.requests_counted("/fo/moneyness-series") < 302 and time.time() < deadline:
            peak = max(peak, server.rss_mb())
            time.sleep(0.1)
        check(server.requests_counted("/fo/moneyness-series") >= 302, "the requests were not answered")
        for _ in range(10):
            peak = max(peak, server.rss_mb())
            time.sleep(0.1)
        print(f"RSS before {before:.1f} MB, peak with 300 stalled readers {peak:.1f} MB "
              f"(+{peak - before:.1f} MB)")
        check(peak - before < 100, f"300 stalled readers grew RSS by {peak - before:.1f} MB")
        ok = refused = 0
        for s in readers:
            status, headers, body = read_response(s)
            if status == 200:
                ok += 1
            else:
                check(status == 503 and headers.get("retry-after"), f"status {status} {headers}")
                refused += 1
            s.close()
        time.sleep(2)
        after = server.rss_mb()
        print(f"answered {ok} x 200 and {refused} x 503 with Retry-After; RSS after they left "
              f"{after:.1f} MB (+{after - before:.1f} MB)")
        check(after - before < 100, f"{after - before:.1f} MB still held after the readers left")
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


def upload(port, path, headers, total, piece=1 << 20, source="127.0.0.1"):
    """Sends a POST of `total` bytes, watching for an early answer. Returns (status, bytes sent)."""
    s = connect(port, source=source, timeout=60)
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {total}\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    s.sendall(head.encode())
    sent = 0
    chunk = b"x" * piece
    s.setblocking(False)
    answer = b""
    try:
        while sent < total:
            try:
                got = s.recv(65536)
                if got:
                    answer += got
                    break
            except BlockingIOError:
                pass
            try:
                sent += s.send(chunk[: min(piece, total - sent)])
            except BlockingIOError:
                time.sleep(0.005)
            except (BrokenPipeError, ConnectionResetError):
                break
        s.setblocking(True)
        s.settimeout(30)
        while b"\r\n\r\n" not in answer:
            got = s.recv(65536)
            if not got:
                break
            answer += got
    except (ConnectionResetError, BrokenPipeError):
        pass
    finally:
        s.close()
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.1") else 0
    return status, sent


# 2. Ingest bodies are read before the token is checked.
def ingest_auth_before_body():
    work = tempfile.mkdtemp(prefix="strikeline-auth-")
    server = Server(BIN, "--feed", "none", "--access-log", "false", workdir=work,
                    env={"STRIKELINE_INGEST_TOKEN": "s3cret-token"})
    try:
        server.wait_healthy()
        before = server.rss_mb()
        total = 60 << 20
        results = [None] * 12
        peak = [before]

        def client(i):
            headers = {"Content-Type": "application/x-ndjson"}
            if i % 2 == 0:
                headers["Authorization"] = "Bearer wrong"
            results[i] = upload(server.port, "/fo/ingest/ticks", headers, total)

        threads = [threading.Thread(target=client, args=(i,)) for i in range(12)]
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            peak[0] = max(peak[0], server.rss_mb())
            time.sleep(0.05)
        for i, (status, sent) in enumerate(results):
            check(status == (403 if i % 2 == 0 else 401), f"client {i}: status {status}")
            check(sent < 16 << 20, f"client {i}: sent {sent >> 20} MiB before the answer")
        print(f"12 x 60 MiB uploads without a valid token: answered 401/403 after at most "
              f"{max(s for _, s in results) >> 20} MiB sent; RSS +{peak[0] - before:.1f} MB")
        check(peak[0] - before < 32, f"RSS grew by {peak[0] - before:.1f} MB")
        # With Expect: 100-continue the refusal comes instead of the 100: nothing is sent.
        s = connect(server.port)
        s.sendall(b"POST /fo/ingest/ticks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 62914560\r\n"
                  b"Content-Type: application/x-ndjson\r\nExpect: 100-continue\r\n\r\n")
        status, headers, body = read_response(s)
        check(status == 401 and "bearer" in headers.get("www-authenticate", "").lower(),
              f"Expect: 100-continue without a token: {status}")
        s.close()
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


# 3. One client takes every connection slot.
def connection_flood():
    work = tempfile.mkdtemp(prefix="strikeline-flood-")
    server = Server(BIN, "--feed", "none", "--access-log", "false", workdir=work)
    flood = []
    try:
        server.wait_healthy()
        for _ in range(10100):
            try:
                flood.append(connect(server.port, timeout=10))
            except OSError:
                break
        print(f"{len(flood)} silent connections from 127.0.0.1")
        status, _ = server.get("/fo/expiries?symbol=NIFTY", source="127.0.0.2", timeout=10)
        check(status == 200, f"another client got {status}")
        status, body = server.get("/health", timeout=10)  # the flooding address itself
        check(status == 200, f"a loopback /health probe got {status}")
        s = connect(server.port)
        s.sendall(b"GET /fo/expiries HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        try:
            status, headers, _ = read_response(s)
            check(status == 503 and headers.get("retry-after"), f"past the limit: {status}")
        except ConnectionError:
            pass  # closed at once is fine too
        s.close()
        # The admitted silent connections are closed after the first-byte timeout (10 s), not the
        # idle timeout (60 s).
        deadline = time.time() + 25
        open_ones = list(flood)
        while open_ones and time.time() < deadline:
            still = []
            for c in open_ones:
                c.setblocking(False)
                try:
                    if c.recv(1) == b"":
                        continue  # closed by the server
                except BlockingIOError:
                    still.append(c)
                    continue
                except OSError:
                    continue
            open_ones = still
            time.sleep(0.5)
        check(not open_ones, f"{len(open_ones)} silent connections still open after 25 s")
    finally:
        for c in flood:
            c.close()
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


def tick_lines(n=3, expiry=None, ts=None):
    ts = ts or time.time()
    expiry = expiry or next_week()
    lines = ['{"ts":%.3f,"symbol":"NIFTY","price":24350.75}' % ts]
    for i in range(n - 1):
        lines.append('{"ts":%.3f,"symbol":"NIFTY","expiry":"%s","strike":%d,"type":"CE",'
                     '"price":152.4,"volume":%d,"oi":5123400}' % (ts + 0.5, expiry, 24300 + 50 * i,
                                                                  1000 + i))
    return ("\n".join(lines) + "\n").encode()


# 4. Cross-site writes, and Host not checked (DNS rebinding).
def cross_site():
    work = tempfile.mkdtemp(prefix="strikeline-xsite-")
    server = Server(BIN, "--feed", "none", "--access-log", "false", workdir=work,
                    env={"STRIKELINE_ALLOWED_HOST": "dash.internal"})
    try:
        server.wait_healthy()
        for headers in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"},
                        {"Origin": "null"}):
            headers["Content-Type"] = "text/plain"
            status, _, body = server.post("/fo/ingest/ticks", tick_lines(), headers)
            check(status == 403, f"{headers}: {status} {body[:200]}")
        _, body = server.get("/fo/expiries?symbol=NIFTY")
        check(json.loads(body)["expiries"] == [], f"a cross-site write was stored: {body}")
        for host, want in (("evil.example", 421), ("evil.example:%d" % server.port, 421),
                           ("dash.internal:%d" % server.port, 200), ("localhost", 200),
                           ("127.0.0.1:%d" % server.port, 200)):
            status, _ = server.get("/fo/expiries?symbol=NIFTY", headers={"Host": host})
            check(status == want, f"Host {host}: {status}, expected {want}")
        # Same origin (the server's own page) and command-line clients may write.
        status, _, body = server.post("/fo/ingest/ticks", tick_lines(),
                                      {"Content-Type": "application/x-ndjson",
                                       "Origin": f"http://127.0.0.1:{server.port}"})
        check(status == 200, f"same-origin ingest: {status} {body[:300]}")
        print("cross-site ingest 403, rebinding Host 421, same-origin and allowed hosts served")
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


# 6. Rejected-line amplification: a 64 MiB body of a CSV header and bad lines.
def bad_lines():
    work = tempfile.mkdtemp(prefix="strikeline-badlines-")
    server = Server(BIN, "--feed", "none", "--access-log", "false", workdir=work)
    try:
        server.wait_healthy()
        before = server.rss_mb()
        header = b"bucket_time,symbol,expiry,strike\n"
        body = header + b"x\n" * ((64 * (1 << 20) - len(header)) // 2)
        peak = [before]
        done = threading.Event()
        answer = {}
        probes = []

        def post():
            answer["reply"] = server.post("/fo/ingest/bars", body, {"Content-Type": "text/csv"})
            done.set()

        def sample():
            while not done.is_set():
                peak[0] = max(peak[0], server.rss_mb())
                time.sleep(0.02)

        t = threading.Thread(target=post)
        t.start()
        sampler = threading.Thread(target=sample)
        sampler.start()
        while not done.is_set():
            started = time.time()
            status, _ = server.get("/health", source="127.0.0.3", timeout=30)
            probes.append((status, time.time() - started, done.is_set()))
            time.sleep(0.05)
        t.join()
        sampler.join()
        status, _, reply = answer["reply"]
        d = json.loads(reply)
        lines = (len(body) - len(header)) // 2
        check(status == 400 and d["rejected_count"] == lines and len(d["rejected"]) == 1000,
              f"{status} rejected_count {d.get('rejected_count')} listed {len(d.get('rejected', []))}")
        check(all(p[0] == 200 for p in probes), f"/health during the upload: {probes[:5]}")
        print(f"64 MiB of {lines} bad lines: 400, {lines} counted, 1000 listed; RSS peak "
              f"+{peak[0] - before:.1f} MB; {len(probes)} /health probes answered during it "
              f"(slowest {max(p[1] for p in probes) * 1000:.0f} ms)")
        check(peak[0] - before < 64, f"RSS grew by {peak[0] - before:.1f} MB")
        # strikeline import of a 16 MiB such file.
        path = os.path.join(work, "bad.csv")
        with open(path, "wb") as f:
            f.write(header + b"x\n" * ((16 * (1 << 20) - len(header)) // 2))
        server.stop()
        runner = ("import resource, subprocess, sys\n"
                  "r = subprocess.run(sys.argv[1:], capture_output=True)\n"
                  "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)\n")
        out = subprocess.run([sys.executable, "-c", runner, BIN, "import", path, "--db",
                              f"sqlite:{os.path.join(work, 'import.db')}"],
                             capture_output=True, text=True, timeout=300).stdout.split()
        peak_import = int(out[0]) * 1024 / 1e6
        print(f"strikeline import of 16 MiB of bad lines: peak RSS {peak_import:.1f} MB")
        check(peak_import < 100, f"import peaked at {peak_import:.1f} MB")
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


# 7. Head-of-line blocking: handlers on the I/O thread, accept on worker 0 (one I/O thread here).
def head_of_line():
    work = tempfile.mkdtemp(prefix="strikeline-hol-")
    server = Server(BIN, "--feed", "none", "--access-log", "false", "--threads", "1",
                    workdir=work)
    try:
        server.wait_healthy()
        # A valid 60 MiB ingest of ticks spread over 2000 strikes and 4 hours, so that nearly
        # every tick makes a bar of its own: seconds of aggregation and writing after the body.
        now = time.time()
        expiry = next_week()
        start = int(now - 4 * 3600) // 60 * 60
        lines = ['{"ts":%d,"symbol":"NIFTY","price":24350.75}' % start]
        i = 0
        size = 0
        while size < 60 << 20:
            line = ('{"ts":%d,"symbol":"NIFTY","expiry":"%s","strike":%d,"type":"%s",'
                    '"price":%.2f,"volume":%d,"oi":%d}' %
                    (start + 60 * (i // 2000) + 1, expiry, 10000 + 10 * (i % 2000),
                     "CE" if i % 2 else "PE", 100 + i % 50, 1000 + i, 500000 + i))
            lines.append(line)
            size += len(line) + 1
            i += 1
        body = ("\n".join(lines) + "\n").encode()
        sent = threading.Event()
        answered = threading.Event()
        result = {}

        def ingest():
            s = connect(server.port, timeout=300)
            s.sendall(b"POST /fo/ingest/ticks HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      b"Content-Type: application/x-ndjson\r\nContent-Length: %d\r\n\r\n" % len(body))
            s.sendall(body)
            # Until the server's kernel has acknowledged every byte, then a moment for the server
            # to read what its socket buffer still holds: the body is then the server's.
            while fcntl.ioctl(s.fileno(), termios.TIOCOUTQ, b"\0\0\0\0") != b"\0\0\0\0":
                time.sleep(0.01)
            time.sleep(0.2)
            sent.set()
            result["status"] = read_response(s)[0]
            answered.set()
            s.close()

        t = threading.Thread(target=ingest)
        t.start()
        sent.wait(120)
        # The body is in: the server aggregates and stores it now. /health must not wait for that.
        during = []
        began = time.time()
        latencies = []
        while not answered.is_set() and len(during) < 400:
            t0 = time.time()
            status, _ = server.get("/health", source="127.0.0.4", timeout=60)
            latencies.append(time.time() - t0)
            if not answered.is_set():
                during.append(status)
            time.sleep(0.02)
        stored_in = time.time() - began
        t.join()
        print(f"{len(during)} /health answers (slowest {max(latencies) * 1000:.0f} ms) during the "
              f"{stored_in:.1f} s the server stored a 60 MiB ingest ({i} ticks, about as many bars)"
              f"; ingest {result.get('status')}")
        check(result.get("status") == 200, f"the ingest: {result}")
        # Probes go one after another: one waiting for the whole ingest makes at most one or two.
        check(len(during) >= 5 and all(s == 200 for s in during), "/health waited for the ingest")
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


# 8. Absurd data is stored.
def absurd_data():
    work = tempfile.mkdtemp(prefix="strikeline-absurd-")
    server = Server(BIN, "--feed", "none", "--access-log", "false", workdir=work)
    try:
        server.wait_healthy()
        now = time.time()
        expiry = next_week()
        good = '{"ts":%.3f,"symbol":"NIFTY","expiry":"%s","strike":24300,"type":"CE","price":152.4,"oi":5000}' % (now, expiry)
        absurd = [
            ('{"ts":2051222400,"symbol":"NIFTY","expiry":"2035-01-31","strike":24300,"type":"CE","price":1}', "ahead"),
            ('{"ts":0,"symbol":"NIFTY","expiry":"2025-01-02","strike":24300,"type":"CE","price":1}', "before 2000"),
            ('{"ts":%.3f,"symbol":"NIFTY","expiry":"2020-01-02","strike":24300,"type":"CE","price":1}' % now, "expired"),
            ('{"ts":%.3f,"symbol":"NIFTY","expiry":"%s","strike":24300,"type":"CE","price":1,"oi":1e18}' % (now, expiry), "oi"),
            ('{"ts":%.3f,"symbol":"NIFTY","expiry":"%s","strike":1e12,"type":"CE","price":1}' % (now, expiry), "strike"),
            ('{"ts":%.3f,"symbol":"NIFTY","expiry":"%s","strike":24300,"type":"CE","price":1e308}' % (now, expiry), "price"),
            ('{"ts":%.3f,"symbol":"NIFTY","price":1e308}' % now, "price"),
            ('{"ts":%.3f,"symbol":"NIFTY","expiry":"2099-01-01","strike":24300,"type":"CE","price":1}' % now, "years after"),
        ]
        body = "\n".join([good] + [a for a, _ in absurd]) + "\n"
        status, _, reply = server.post("/fo/ingest/ticks", body.encode(),
                                       {"Content-Type": "application/x-ndjson"})
        d = json.loads(reply)
        check(status == 200 and d["accepted"] == 1, f"{status} {reply[:400]}")
        details = {r["line"]: r["detail"] for r in d["rejected"]}
        for n, (_, why) in enumerate(absurd, start=2):
            check(why in details.get(n, ""), f"line {n}: {details.get(n)!r} does not say '{why}'")
        health = server.wait_healthy()
        newest = health["newest_bar_time"]
        check(newest is not None and newest <= now + 120, f"newest_bar_time {newest}")
        # Bars: one from 2035 over HTTP is refused; history import of old bars stays allowed.
        csv = ("bucket_time,symbol,expiry,strike,call_oi_sum\n"
               "2051222400,NIFTY,2035-01-31,24300,5\n").encode()
        status, _, reply = server.post("/fo/ingest/bars", csv, {"Content-Type": "text/csv"})
        check(status == 400 and "after" in reply.decode(), f"a bar from 2035: {status} {reply[:300]}")
        server.stop()
        old = os.path.join(work, "old.csv")
        with open(old, "w") as f:
            f.write("bucket_time,symbol,expiry,strike,call_oi_sum\n"
                    "1420099200,NIFTY,2015-01-29,8300,5\n"  # 2015: years of history import fine
                    "1420099200,NIFTY,2014-12-25,8300,5\n")  # expired before its bar: rejected
        r = subprocess.run([BIN, "import", old, "--db", f"sqlite:{work}/import.db"],
                           capture_output=True, text=True, timeout=120)
        check(r.returncode == 0 and "accepted 1 bars" in r.stdout and "rejected 1 lines" in r.stdout,
              f"import: {r.returncode} {r.stdout} {r.stderr}")
        print("absurd ticks and bars rejected with their reasons; newest_bar_time unmoved; "
              "2015 history imports")
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


# 9. Secrets in logs and process lists.
def secrets():
    work = tempfile.mkdtemp(prefix="strikeline-secrets-")
    token_file = os.path.join(work, "token")
    with open(token_file, "w") as f:
        f.write("file-token-123\n")
    os.chmod(token_file, 0o600)
    server = Server(BIN, "--feed", "none", workdir=work,
                    env={"STRIKELINE_INGEST_TOKEN_FILE": token_file})
    try:
        server.wait_healthy()
        status, _ = server.get("/health?token=abc123secret&symbol=NIFTY")
        status, _, _ = server.post("/fo/ingest/ticks", tick_lines(),
                                   {"Content-Type": "application/x-ndjson",
                                    "Authorization": "Bearer file-token-123"})
        check(status == 200, f"the token from the file: {status}")
        # SIGHUP re-reads the token file.
        with open(token_file, "w") as f:
            f.write("rotated-456\n")
        server.signal(signal.SIGHUP)
        deadline = time.time() + 10
        while time.time() < deadline:
            status, _, _ = server.post("/fo/ingest/ticks", tick_lines(),
                                       {"Content-Type": "application/x-ndjson",
                                        "Authorization": "Bearer rotated-456"})
            if status == 200:
                break
            time.sleep(0.2)
        check(status == 200, f"the rotated token after SIGHUP: {status}")
        server.stop()
        log = server.log_text()
        check("abc123secret" not in log and "token=***" in log, "the URL's token is in the access log")
        check("file-token-123" not in log and "visible to every user" not in log, "token file: warned")
    finally:
        server.stop()
    # A token and a database password given as flags: warned, and never logged.
    flags = Server(BIN, "--feed", "none", "--ingest-token", "flag-token-789", workdir=work)
    try:
        flags.wait_healthy()
    finally:
        flags.stop()
    log = flags.log_text()
    check("visible to every user" in log and "flag-token-789" not in log, "no warning for the flag")
    r = subprocess.run([BIN, "serve", "--db", "postgres://trader:pa55word@127.0.0.1:1/strikeline",
                        "--listen", "127.0.0.1:0"], capture_output=True, text=True, timeout=60)
    out = r.stdout + r.stderr
    check(r.returncode != 0 and "pa55word" not in out and "visible to every user" in out,
          f"database password: {out}")
    print("URL tokens masked in the access log; token file (re-read at SIGHUP); flags warned; "
          "no secret in any log")
    shutil.rmtree(work, ignore_errors=True)


# 10. SIGPIPE kills the server when its stdout reader goes away; SIGHUP/USR1/USR2 end it.
def signals():
    work = tempfile.mkdtemp(prefix="strikeline-signals-")
    reader = subprocess.Popen(["head", "-c", "1"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    server = Server(BIN, "--feed", "none", workdir=work, stdout=reader.stdin)
    reader.stdin.close()
    try:
        server.wait_healthy()
        reader.wait(10)  # the log shipper went away
        for _ in range(50):  # access log lines now go to a broken pipe
            status, _ = server.get("/health")
        check(server.process.poll() is None and status == 200, "the server died of SIGPIPE")
        for sig in (signal.SIGUSR1, signal.SIGUSR2, signal.SIGHUP):
            server.signal(sig)
            time.sleep(0.3)
            status, _ = server.get("/health")
            check(server.process.poll() is None and status == 200, f"the server died of {sig}")
    finally:
        code = server.stop()
    check(code == 0, f"exit status {code}")
    # --log-file is reopened at SIGHUP (logrotate moves it away first).
    log = os.path.join(work, "strikeline.log")
    server = Server(BIN, "--feed", "none", "--log-file", log, workdir=work)
    try:
        server.wait_healthy()
        os.rename(log, log + ".1")
        server.signal(signal.SIGHUP)
        deadline = time.time() + 10
        while not os.path.exists(log) and time.time() < deadline:
            time.sleep(0.1)
        server.get("/health?after=rotation")
        time.sleep(0.5)
        check(os.path.exists(log) and "after=rotation" in open(log).read(),
              "the log file was not reopened")
    finally:
        server.stop()
    print("SIGPIPE ignored, SIGUSR1/2 ignored, SIGHUP reopens --log-file")
    shutil.rmtree(work, ignore_errors=True)


# 11. SIGTERM during the start-up backfill waits for the whole backfill.
def sigterm_backfill():
    work = tempfile.mkdtemp(prefix="strikeline-backfill-")
    server = Server(BIN, "--sim-days", "30", "--access-log", "false", workdir=work)
    try:
        server.wait_healthy(60, field=lambda d: d["feed"]["state"], value="backfilling")
        time.sleep(1)
        started = time.time()
        code = server.stop(seconds=20)
        print(f"SIGTERM during a 30-day backfill: exited {code} after {time.time() - started:.1f} s")
        check(code == 0, f"exit status {code}")
        check("backfill interrupted" in server.log_text(), "the log does not say the backfill stopped")
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


# 12a. A corrupted SQLite file loads silently and partly and reports healthy.
def sqlite_integrity():
    work = tempfile.mkdtemp(prefix="strikeline-corrupt-")
    db = populated_db(work, days=1)
    # Damage that SQLite does not notice while reading: the cell count of 100 leaf pages of the
    # bars table set to 1, so their other rows vanish from every scan without an error.
    c = sqlite3.connect(db)
    leaves = [p for (p,) in c.execute("select pageno from dbstat where name = "
                                      "'fo_option_strike_bars' and pagetype = 'leaf' order by pageno")]
    page_size = c.execute("pragma page_size").fetchone()[0]
    c.close()
    with open(db, "r+b") as f:
        for page in leaves[::10][:100]:
            f.seek((page - 1) * page_size + 3)
            f.write((1).to_bytes(2, "big"))
    server = Server(BIN, "--feed", "none", "--access-log", "false", db=db, workdir=work)
    try:
        deadline = time.time() + 60
        seen = None
        while time.time() < deadline and server.process.poll() is None:
            try:
                status, body = server.get("/health", timeout=5)
            except OSError:  # not listening yet
                time.sleep(0.2)
                continue
            seen = (status, json.loads(body))
            if status != 200 or seen[1].get("checks", {}).get("integrity") == "passed" or \
                    time.time() > deadline - 50:
                break
            time.sleep(0.2)
        check(seen is not None, f"the server did not answer:\n{server.log_text()}")
        status, d = seen
        check(status == 503 and "integrity" in d.get("failing", []) and d["database"] == "unhealthy",
              f"/health of a damaged file: {seen}")
        check("integrity check FAILED" in server.log_text(), "no clear error in the log")
        print(f"/health: 503, {d['detail'][:200]}")
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


# 12b. Two writers on one SQLite file; the zero-downtime successor takes it over explicitly.
def one_writer():
    work = tempfile.mkdtemp(prefix="strikeline-writer-")
    first = Server(BIN, "--feed", "none", "--access-log", "false", workdir=work)
    second = None
    try:
        first.wait_healthy()
        r = subprocess.run([BIN, "serve", "--db", f"sqlite:{first.db}", "--listen", "127.0.0.1:0",
                            "--feed", "none"], capture_output=True, text=True, timeout=60)
        check(r.returncode == 2 and "--handover" in r.stderr, f"a second writer: {r.returncode} {r.stderr}")
        r = subprocess.run([BIN, "import", "/dev/null", "--db", f"sqlite:{first.db}"],
                           capture_output=True, text=True, timeout=60)
        check(r.returncode == 2 and "being written by" in r.stderr, f"import: {r.returncode} {r.stderr}")
        second = Server(BIN, "--feed", "none", "--access-log", "false", "--handover", db=first.db,
                        workdir=work)
        d = second.wait_healthy()
        check(d["status"] == "degraded" and d["checks"]["writer"] == "pending", f"successor: {d}")
        status, headers, _ = second.post("/fo/ingest/ticks", tick_lines(),
                                         {"Content-Type": "application/x-ndjson"})
        check(status == 503 and headers.get("retry-after"), f"successor ingest: {status}")
        # The first one writes on until SIGTERM; the successor re-reads what it wrote.
        status, _, _ = first.post("/fo/ingest/ticks", tick_lines(5),
                                  {"Content-Type": "application/x-ndjson"})
        check(status == 200, f"first ingest: {status}")
        check(first.stop() == 0, "the first server did not drain")
        d = second.wait_healthy(30, field=lambda d: d["checks"]["writer"], value="passed")
        _, body = second.get("/fo/expiries?symbol=NIFTY")
        check(json.loads(body)["expiries"] == [next_week()], f"the overlap's bars are missing: {body}")
        status, _, _ = second.post("/fo/ingest/ticks", tick_lines(),
                                   {"Content-Type": "application/x-ndjson"})
        check(status == 200, f"the successor writes: {status}")
        print("a second writer is refused; the --handover successor serves reads, then writes "
              "once the first releases the file, with the first's last bars")
    finally:
        first.stop()
        if second:
            second.stop()
        shutil.rmtree(work, ignore_errors=True)


SCENARIOS = {f.__name__: f for f in (unread_answers, ingest_auth_before_body, connection_flood,
                                      cross_site, bad_lines, head_of_line, absurd_data, secrets,
                                      signals, sigterm_backfill, sqlite_integrity, one_writer)}

if __name__ == "__main__":
    BIN = os.path.abspath(sys.argv[1])
    started = time.time()
    SCENARIOS[sys.argv[2]]()
    print(f"{sys.argv[2]}: passed in {time.time() - started:.1f} s")
