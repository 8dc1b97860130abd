#!/usr/bin/env python3
"""Kite Connect ticker binary frames for the end-to-end tests, encoded from the published protocol
(https://kite.trade/docs/connect/v3/websocket/), so the tests need no captured file.

A message is an int16 packet count, then per packet an int16 length and its bytes, all big-endian.
A full-mode packet (184 bytes): token, last price, last quantity, average price, volume, total buy
and sell quantity, open, high, low, close, last trade time, OI, OI day high, OI day low, exchange
timestamp, then 5 bid and 5 offer levels of (int32 quantity, int32 price, int16 orders, 2 bytes of
padding). Prices are integer paise (x100) outside the currency segments.

    kite_frames.py full OUT.bin   writes one frame of the two full packets in FULL_PACKETS
"""
import struct
import sys

# Two NFO option ticks (NIFTY 4 Nov 2025 25,000 CE and PE; the token's low byte 2 is NFO): every
# field distinct, so a field read from the wrong offset shows.
FULL_PACKETS = [
    {"token": 12342530, "last": 152.4, "last_quantity": 75, "average": 148.15,
     "volume": 8812500, "buy_quantity": 412350, "sell_quantity": 390075,
     "open": 130.0, "high": 168.9, "low": 125.05, "close": 131.1,
     "last_trade_time": 1762230301, "oi": 1234500, "oi_high": 1300050, "oi_low": 1100025,
     "exchange_time": 1762230302,
     "bids": [(152.35, 750, 3), (152.3, 1500, 5), (152.25, 225, 2), (152.2, 75, 1), (152.15, 3000, 9)],
     "offers": [(152.45, 1500, 4), (152.5, 150, 1), (152.55, 600, 2), (152.6, 975, 6),
                (152.65, 4125, 11)]},
    {"token": 12342786, "last": 98.75, "last_quantity": 150, "average": 101.2,
     "volume": 6127950, "buy_quantity": 288000, "sell_quantity": 301125,
     "open": 112.0, "high": 115.35, "low": 95.6, "close": 109.8,
     "last_trade_time": 1762230299, "oi": 2097825, "oi_high": 2150100, "oi_low": 1987650,
     "exchange_time": 1762230300,
     "bids": [(98.7, 300, 2), (98.65, 825, 4), (98.6, 75, 1), (98.55, 1200, 3), (98.5, 450, 2)],
     "offers": [(98.8, 225, 1), (98.85, 900, 3), (98.9, 1650, 7), (98.95, 150, 1),
                (99.0, 2700, 12)]},
]


def paise(rupees):
    return int(round(rupees * 100))


def full_packet(p):
    head = struct.pack(">IiIiIIIiiiiIIIII", p["token"], paise(p["last"]), p["last_quantity"],
                       paise(p["average"]), p["volume"], p["buy_quantity"], p["sell_quantity"],
                       paise(p["open"]), paise(p["high"]), paise(p["low"]), paise(p["close"]),
                       p["last_trade_time"], p["oi"], p["oi_high"], p["oi_low"], p["exchange_time"])
    depth = b"".join(struct.pack(">IiHxx", quantity, paise(price), orders)
                     for price, quantity, orders in p["bids"] + p["offers"])
    packet = head + depth
    assert len(packet) == 184, len(packet)
    return packet


def frame(packets):
    return struct.pack(">H", len(packets)) + b"".join(
        struct.pack(">H", len(p)) + p for p in packets)


def main():
    if len(sys.argv) != 3 or sys.argv[1] != "full":
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[2], "wb") as out:
        out.write(frame([full_packet(p) for p in FULL_PACKETS]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
