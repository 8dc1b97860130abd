"""Loopback helpers shared by the Python tests and benches that start real servers:
free_port() an unused TCP port on 127.0.0.1 (bind to port 0 and release it), and get(port, path)
an HTTP GET to 127.0.0.1 returning (status, body); (None, the error's text) when nothing answered.
"""
import socket
import urllib.error
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path, timeout=10):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
    except (urllib.error.URLError, ConnectionError, socket.timeout) as e:
        return None, str(e)
