#!/usr/bin/env python3
"""A TLS terminating proxy for tests: accepts TLS on a free loopback port (prints the port on
stdout), and forwards each connection's bytes both ways to 127.0.0.1:TARGET_PORT in plain TCP.
Runs until killed. Usage: tls_proxy.py CERT.pem KEY.pem TARGET_PORT"""
import socket
import ssl
import sys
import threading

cert, key, target = sys.argv[1], sys.argv[2], int(sys.argv[3])
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(16)
print(listener.getsockname()[1], flush=True)


def pump(source, sink):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for s in (source, sink):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve(client):
    try:
        tls = context.wrap_socket(client, server_side=True)
    except (ssl.SSLError, OSError):
        client.close()  # a client that refused our certificate
        return
    upstream = socket.create_connection(("127.0.0.1", target))
    threading.Thread(target=pump, args=(tls, upstream), daemon=True).start()
    pump(upstream, tls)


while True:
    conn, _ = listener.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
