"""A `strikeline serve` process on a free loopback port for the hostile-client tests: start, wait for
/health, requests from chosen loopback source addresses (127.0.0.0/8 is all loopback on Linux, so
each address is another client as the server counts them), the process's resident memory, and a
graceful stop. Every wait has a deadline."""

import http.client
import json
import os
import signal
import socket
import subprocess
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid):
    """Resident memory of a process, in MB (10^6 bytes)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024 / 1e6
    raise RuntimeError(f"no VmRSS for {pid}")


def connect(port, source="127.0.0.1", timeout=30):
    s = socket.socket()
    s.settimeout(timeout)
    s.bind((source, 0))
    s.connect(("127.0.0.1", port))
    return s


def read_response(sock):
    """(status, headers dict with lower-case names, body bytes) of one HTTP/1.1 response."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed before a response: {data[:200]!r}")
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        chunk = sock.recv(1 << 20)
        if not chunk:
            break
        rest += chunk
    return status, headers, rest[:length]


class Server:
    def __init__(self, binary, *args, workdir=None, env=None, db=None, stdout=None):
        self.workdir = workdir or tempfile.mkdtemp(prefix="strikeline-hostile-")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.db = db or os.path.join(self.workdir, "bars.db")
        self.log_path = os.path.join(self.workdir, f"server-{self.port}.log")
        command = [binary, "serve", "--listen", f"127.0.0.1:{self.port}", "--db",
                   f"sqlite:{self.db}", *args]
        full_env = dict(os.environ)
        full_env.update(env or {})
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(command, stdout=stdout or self.log, stderr=self.log,
                                        env=full_env, stdin=subprocess.DEVNULL)
        self.pid = self.process.pid

    def wait_healthy(self, seconds=120, field=None, value=None):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the server exited ({self.process.returncode}):\n{self.log_text()}")
            try:
                status, body = self.get("/health", timeout=5)
                if 200 <= status < 300:
                    d = json.loads(body)
                    if field is None or field(d) == value:
                        return d
            except (OSError, http.client.HTTPException, ValueError):
                pass
            time.sleep(0.2)
        raise AssertionError(f"{self.url}/health not ready in {seconds} s:\n{self.log_text()}")

    def get(self, path, timeout=30, source="127.0.0.1", headers=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout,
                                       source_address=(source, 0))
        try:
            c.request("GET", path, headers=headers or {})
            r = c.getresponse()
            return r.status, r.read()
        finally:
            c.close()

    def post(self, path, body, headers=None, timeout=120, source="127.0.0.1"):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout,
                                       source_address=(source, 0))
        try:
            c.request("POST", path, body=body, headers=headers or {})
            r = c.getresponse()
            return r.status, dict((k.lower(), v) for k, v in r.getheaders()), r.read()
        finally:
            c.close()

    def requests_counted(self, endpoint):
        """Sum of http_requests_total for a route template, from /metrics."""
        _, text = self.get("/metrics", source="127.0.0.254")
        total = 0
        prefix = f'http_requests_total{{endpoint="{endpoint}"'
        for line in text.decode().splitlines():
            if line.startswith(prefix):
                total += int(float(line.rsplit(" ", 1)[1]))
        return total

    def rss_mb(self):
        return rss_mb(self.pid)

    def log_text(self):
        if not self.log.closed:
            self.log.flush()
        with open(self.log_path, "rb") as f:
            return f.read().decode(errors="replace")[-4000:]

    def signal(self, sig):
        os.kill(self.pid, sig)

    def stop(self, seconds=30):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(seconds)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise AssertionError(f"the server did not stop within {seconds} s of SIGTERM")
        if not self.log.closed:
            self.log.close()
        return self.process.returncode
