#!/usr/bin/env python3
"""systemd Type=notify as deploy/systemd/strikeline.service uses it, without systemd: the test is
the service manager. It listens on a datagram socket, starts `strikeline serve` with NOTIFY_SOCKET
pointing at it, and asserts READY=1 arrives and /health answers at that moment (ready means
listening); with WATCHDOG_USEC set (the unit's WatchdogSec=) keep-alives WATCHDOG=1 follow; then it
sends SIGTERM and asserts STOPPING=1 arrives and the process exits with status 0.
Bounded: each wait gives up after 60 s.

usage: sd_notify_test.py PATH/TO/strikeline
"""
import os
import signal
import socket
import subprocess
import sys
import tempfile
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def receive(sock, wanted):
    """Datagrams until one holds the line `wanted`; returns that datagram's lines."""
    while True:
        lines = sock.recv(4096).decode().splitlines()
        if wanted in lines:
            return lines


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "notify.sock")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(path)
        sock.settimeout(60)
        port = free_port()
        env = dict(os.environ, NOTIFY_SOCKET=path, WATCHDOG_USEC="400000")  # keep-alive every 0.2 s
        env.pop("WATCHDOG_PID", None)
        with open(os.path.join(work, "server.log"), "w") as log:
            server = subprocess.Popen(
                [binary, "serve", "--listen", f"127.0.0.1:{port}", "--db", f"sqlite:{work}/s.db",
                 "--feed", "none", "--access-log", "false"], env=env, stdout=log, stderr=log)
        try:
            ready = receive(sock, "READY=1")
            print("received:", ready)
            assert f"STATUS=serving on 127.0.0.1:{port}" in ready, ready
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=10) as r:
                assert r.status == 200, r.status  # READY=1 came after the server listened
            for _ in range(3):
                receive(sock, "WATCHDOG=1")  # the server answers HTTP, so keep-alives flow
            print("received: 3 x WATCHDOG=1")
            server.send_signal(signal.SIGTERM)
            stopping = receive(sock, "STOPPING=1")
            print("received:", stopping)
            assert server.wait(timeout=60) == 0, "the server did not exit with status 0"
        except BaseException:
            server.kill()
            server.wait()
            print(open(os.path.join(work, "server.log")).read()[-3000:])
            raise
    print("sd_notify: passed")


if __name__ == "__main__":
    main()
