#!/usr/bin/env python3
"""NSE's real files in, end to end (issue 20), on files this test writes in each exact format
(nse-files.md: headers, value styles, trailing reserved fields and commas; never NSE's own files):

- UDiFF F&O bhavcopies of 2025-12-24 (a Wednesday expiry) and 2025-12-26 (after the 25th's
  holiday), one of them as NSE's .csv.zip, imported as a directory: mixed lot sizes in one day
  (NIFTY 75 and 25), a Monday expiry (FINNIFTY 2026-03-02), long-dated strikes 500 apart, futures
  rows, a stock underlying with a fractional strike (RELIANCE 1542.50), an untraded contract and a
  malformed line;
- a legacy bhavcopy (fo02JAN2020bhav.csv) with --lots and NSE's index close file;
- minute data of a day kept over that day's bhavcopy, whichever comes first (an option-chain
  response or ticks after the bhavcopy replace its daily bar of that expiry and day; the other
  expiries and days keep theirs);
- lot sizes stored per contract and day (two lots on one day, a lot change between days, a stock's
  lot, the lot of a later run's option chain) and served; the IV convention of stored IVs stored
  and stated by the answers;
- the stored bars, and the served answers (/fo/symbols, the option chain as of just before and at
  15:30 IST across the holiday, strike distribution, an unknown symbol), equal values computed here
  by hand; re-importing changes nothing;
- `greeks --iv-convention nse` against Black-Scholes on spot, r = 10 %, q = 0,
  T = max(1, days)/365, to 1e-9 on a grid;
- `--forward` refused with the nse convention (import and serve) and outside its three values.

Usage: nse_files_test.py /path/to/strikeline
"""
import calendar
import datetime
import json
import math
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile

BIN = sys.argv[1]
WORK = tempfile.mkdtemp(prefix="nse_files_")

UDIFF_HEADER = ("TradDt,BizDt,Sgmt,Src,FinInstrmTp,FinInstrmId,ISIN,TckrSymb,SctySrs,XpryDt,"
                "FininstrmActlXpryDt,StrkPric,OptnTp,FinInstrmNm,OpnPric,HghPric,LwPric,ClsPric,"
                "LastPric,PrvsClsgPric,UndrlygPric,SttlmPric,OpnIntrst,ChngInOpnIntrst,TtlTradgVol,"
                "TtlTrfVal,TtlNbOfTxsExctd,SsnId,NewBrdLotQty,Rmks,Rsvd1,Rsvd2,Rsvd3,Rsvd4")


def udiff(day, tp, sym, expiry, strike, opt, o, h, l, c, und, settle, oi, chg, vol, lot):
    """A UDiFF row in NSE's style: strikes with two decimals, empty strike/type for futures, empty
    reserved fields at the end."""
    strike_text = "" if strike is None else "%.2f" % strike
    name = sym + expiry.replace("-", "")[2:] + (opt or "FUT")
    return ",".join([day, day, "FO", "NSE", tp, "57001", "", sym, "", expiry, expiry, strike_text,
                     opt or "", name, "%.2f" % o, "%.2f" % h, "%.2f" % l, "%.2f" % c, "%.2f" % c,
                     "%.2f" % c, "%.2f" % und, "%.2f" % settle, str(oi), str(chg), str(vol),
                     "%.2f" % (vol * lot * (c + (strike or 0))), "100", "F1", str(lot), "", "", "",
                     "", ""])


DAY1 = [
    # Wednesday expiry, on its expiry day.
    udiff("2025-12-24", "IDO", "NIFTY", "2025-12-24", 26100, "CE", 10, 12.5, 0.05, 40.1, 26140.5, 40.5, 1000050, -50000, 200000, 75),
    udiff("2025-12-24", "IDO", "NIFTY", "2025-12-30", 26000, "CE", 250, 271.2, 198.4, 220.35, 26140.5, 220.35, 5443125, 812400, 92831, 75),
    udiff("2025-12-24", "IDO", "NIFTY", "2025-12-30", 26000, "PE", 80, 95, 60, 70.25, 26140.5, 70.25, 6000000, 30000, 50000, 75),
    # Untraded: zero open/high/low, the close repeats the previous close.
    udiff("2025-12-24", "IDO", "NIFTY", "2025-12-30", 26050, "CE", 0, 0, 0, 180, 26140.5, 185.1, 150000, 0, 0, 75),
    # The same day lists the March monthly at a lot of 25; its strikes are 500 apart.
    udiff("2025-12-24", "IDO", "NIFTY", "2026-03-30", 26000, "CE", 900, 910, 880, 905.5, 26140.5, 905.5, 12500, 2500, 40, 25),
    udiff("2025-12-24", "IDO", "NIFTY", "2026-03-30", 26500, "CE", 700, 705, 650, 690, 26140.5, 690, 5000, 250, 8, 25),
    udiff("2025-12-24", "IDF", "NIFTY", "2025-12-30", None, None, 26150, 26260, 26100, 26200, 26140.5, 26210, 180000, -12000, 1700, 75),
    # A Monday expiry.
    udiff("2025-12-24", "IDO", "FINNIFTY", "2026-03-02", 27500, "PE", 300, 320, 290, 310, 27480.25, 311, 65000, 6500, 100, 65),
    # A stock, with a fractional strike, and its future.
    udiff("2025-12-24", "STO", "RELIANCE", "2025-12-30", 1540, "CE", 20, 22, 18, 21.35, 1551.2, 21.35, 2500000, 250000, 1200, 500),
    udiff("2025-12-24", "STO", "RELIANCE", "2025-12-30", 1542.5, "PE", 9.5, 10, 9, 9.75, 1551.2, 9.75, 1000000, 0, 300, 500),
    udiff("2025-12-24", "STF", "RELIANCE", "2025-12-30", None, None, 1550, 1560, 1545, 1555, 1551.2, 1555.4, 40000000, 0, 5000, 500),
]
# A malformed line: open interest that is not a number.
MALFORMED = udiff("2025-12-24", "IDO", "NIFTY", "2025-12-30", 26100, "CE", 1, 1, 1, 1, 26140.5, 1, 7, 0, 1, 75).replace(",7,0,1,", ",12x45,0,1,")
DAY2 = [
    udiff("2025-12-26", "IDO", "NIFTY", "2025-12-30", 26000, "CE", 230, 260, 200, 240, 26180, 240, 6000000, 556875, 100000, 75),
    udiff("2025-12-26", "IDO", "NIFTY", "2025-12-30", 26000, "PE", 60, 70, 50, 55, 26180, 55, 6100000, 100000, 40000, 75),
    udiff("2025-12-26", "IDF", "NIFTY", "2025-12-30", None, None, 26200, 26250, 26190, 26230, 26180, 26235, 170000, -10000, 1500, 75),
    udiff("2025-12-26", "STO", "RELIANCE", "2025-12-30", 1540, "CE", 22, 26, 21, 25, 1560, 25, 2600000, 100000, 1000, 500),
    # The March monthly's lot changes from 25 to 75 between the two days.
    udiff("2025-12-26", "IDO", "NIFTY", "2026-03-30", 26000, "CE", 910, 920, 900, 915, 26180, 915, 15000, 2500, 10, 75),
]

LEGACY_HEADER = ("INSTRUMENT,SYMBOL,EXPIRY_DT,STRIKE_PR,OPTION_TYP,OPEN,HIGH,LOW,CLOSE,SETTLE_PR,"
                 "CONTRACTS,VAL_INLAKH,OPEN_INT,CHG_IN_OI,TIMESTAMP,")
LEGACY = [
    "OPTIDX,NIFTY,30-Jan-2020,12200,CE,150,170,140,160.5,160.5,25000,23000.5,1500000,75000,02-JAN-2020,",
    "OPTIDX,NIFTY,30-Jan-2020,12200,PE,80,90,70,75,75,20000,18000.25,1800000,-15000,02-JAN-2020,",
    "FUTIDX,NIFTY,30-Jan-2020,0,XX,12300,12330,12280,12310.4,12312,12000,110000,11000000,100000,02-JAN-2020,",
    "OPTSTK,SBIN,30-Jan-2020,340,CE,8,9,7.5,8.4,8.4,300,10,3000000,30000,02-JAN-2020,",
    "FUTSTK,SBIN,30-Jan-2020,0,XX,337,339,335,338.5,338.6,1000,1000,60000000,0,02-JAN-2020,",
]
INDEX_CLOSE = ("Index Name,Index Date,Open Index Value,High Index Value,Low Index Value,"
               "Closing Index Value,Points Change,Change(%),Volume,Turnover (Rs. Cr.),P/E,P/B,Div Yield\n"
               "Nifty 50,02-01-2020,12198.55,12289.90,12195.25,12282.20,99.70,.82,,,,,\n"
               "Nifty 100,02-01-2020,12298.55,12389.90,12295.25,12382.20,-.76,-.01,,,,,\n")

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def run(*args, expect=0):
    p = subprocess.run([BIN, *args], capture_output=True, text=True, timeout=120)
    if p.returncode != expect:
        print(p.stdout, p.stderr)
        raise SystemExit("%s exited %d, expected %d" % (" ".join(args), p.returncode, expect))
    return p.stdout + p.stderr


def ist_epoch(day, hh, mm, ss=0):
    y, m, d = map(int, day.split("-"))
    return calendar.timegm((y, m, d, hh, mm, ss, 0, 0, 0)) - (5 * 3600 + 1800)


def n(x):
    return 0.5 * math.erfc(-x / math.sqrt(2))


def black(forward, strike, years, sigma, call, discount):
    s = sigma * math.sqrt(years)
    d1 = (math.log(forward / strike) + 0.5 * s * s) / s
    d2 = d1 - s
    if call:
        return discount * (forward * n(d1) - strike * n(d2))
    return discount * (strike * n(-d2) - forward * n(-d1))


def implied(price, forward, strike, years, call, discount):
    lo, hi = 1e-4, 5.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if black(forward, strike, years, mid, call, discount) > price:
            hi = mid
        else:
            lo = mid
    return 0.5 * (lo + hi)


def write(path, lines, header):
    with open(path, "w", newline="") as f:
        f.write(header + "\r\n" + "\r\n".join(lines) + "\r\n")


def bars(db):
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    rows = {}
    for r in con.execute("SELECT * FROM fo_option_strike_bars"):
        rows[(r["bucket_time"], r["symbol"], str(r["expiry"]), float(r["strike"]))] = dict(r)
    con.close()
    return rows


# --- UDiFF: a directory holding day 1 as CSV and day 2 as NSE's zip ---------------------------
udiff_dir = os.path.join(WORK, "udiff")
os.makedirs(udiff_dir)
write(os.path.join(udiff_dir, "BhavCopy_NSE_FO_0_0_0_20251224_F_0000.csv"), DAY1 + [MALFORMED],
      UDIFF_HEADER)
day2_csv = os.path.join(WORK, "BhavCopy_NSE_FO_0_0_0_20251226_F_0000.csv")
write(day2_csv, DAY2, UDIFF_HEADER)
with zipfile.ZipFile(os.path.join(udiff_dir, "BhavCopy_NSE_FO_0_0_0_20251226_F_0000.csv.zip"), "w",
                     zipfile.ZIP_DEFLATED) as z:
    z.write(day2_csv, "BhavCopy_NSE_FO_0_0_0_20251226_F_0000.csv")
# A saved option-chain response of the 26th, 11:00 IST: OI in contracts, fractional; its lot comes
# from the bhavcopy imported before it in the same run.
chain_json = os.path.join(WORK, "option-chain-NIFTY.json")
ce = {"strikePrice": 26000, "expiryDate": "30-Dec-2025", "underlying": "NIFTY", "identifier": "OPTIDXNIFTY30-12-2025CE26000.00",
      "openInterest": 72575.5, "changeinOpenInterest": -1.5, "pchangeinOpenInterest": 0, "totalTradedVolume": 1000,
      "impliedVolatility": 12.3, "lastPrice": 230.5, "change": -10, "pChange": -4, "totalBuyQuantity": 1, "totalSellQuantity": 1,
      "bidQty": 750, "bidprice": 230.4, "askQty": 1500, "askPrice": 230.6, "underlyingValue": 26150.25}
pe = dict(ce, strikePrice=26050, identifier="OPTIDXNIFTY30-12-2025PE26050.00", openInterest=319.5, changeinOpenInterest=0,
          totalTradedVolume=0, impliedVolatility=0, lastPrice=0, bidQty=0, bidprice=0, askQty=0, askPrice=0)
response = {"records": {"expiryDates": ["30-Dec-2025"], "timestamp": "26-Dec-2025 11:00:00", "underlyingValue": 26150.25,
                        "strikePrices": [26000, 26050],
                        "data": [{"strikePrice": 26000, "expiryDate": "30-Dec-2025", "CE": ce},
                                 {"strikePrice": 26050, "expiryDate": "30-Dec-2025", "PE": pe}]},
            "filtered": {"data": [], "CE": {"totOI": 0, "totVol": 0}, "PE": {"totOI": 0, "totVol": 0}}}
with open(chain_json, "w") as f:
    json.dump(response, f)
db = os.path.join(WORK, "a.db")
out = run("import", udiff_dir, chain_json, "--db", "sqlite:" + db)
print(out)
check("2 files, 2 trading days (2025-12-24 to 2025-12-26), 17 rows: 13 option contracts, 3 futures, 1 rejected lines" in out, "summary: " + out)
# The header is line 1, the 11 rows of day 1 lines 2-12: the malformed row is line 13.
check("BhavCopy_NSE_FO_0_0_0_20251224_F_0000.csv:13: invalid OpnIntrst '12x45'" in out, "rejection reason: " + out)
# One bar per (symbol, expiry, strike) and day: 8 on the 24th, 3 on the 26th.
check("11 daily strike bars stored" in out, "bars stored: " + out)
# The response is minute data of the 26th for NIFTY's December expiry: it replaces that expiry's
# daily bar of the 26th (one strike, 26000).
check("option chain: 1 responses, 2 contract sides as ticks, 0 rejected; 2 1-minute strike bars stored; "
      "1 daily bars of those days replaced by this minute data" in out, "chain summary: " + out)

stored = bars(db)
t1, t2 = ist_epoch("2025-12-24", 15, 30), ist_epoch("2025-12-26", 15, 30)
t_chain = ist_epoch("2025-12-26", 11, 0)
check(len(stored) == 12, "12 bars, got %d" % len(stored))
check((t2, "NIFTY", "2025-12-30", 26000.0) not in stored, "the minute data's day kept its daily bar")
snap = stored[(t_chain, "NIFTY", "2025-12-30", 26000.0)]
oi_units = math.floor(72575.5 * 75 + 0.5)
check(snap["call_oi_sum"] == oi_units, "snapshot OI: contracts x lot, rounded: %r vs %r" % (snap["call_oi_sum"], oi_units))
# NSE's change of -1.5 contracts is -112.5 units, rounded away from zero to -113.
check(snap["call_oi_change"] == -113, "snapshot OI change: %r" % snap["call_oi_change"])
check(snap["underlying_close"] == 26150.25 and snap["call_close"] == 230.5, "snapshot price and spot")
check(stored[(t_chain, "NIFTY", "2025-12-30", 26050.0)]["put_oi_sum"] == math.floor(319.5 * 75 + 0.5), "fractional OI of a put")
b = stored[(t1, "NIFTY", "2025-12-30", 26000.0)]
check(b["timeframe"] == "1min", "daily bars are stored as the 15:30 minute")
check(b["call_oi_sum"] == 5443125 and b["put_oi_sum"] == 6000000, "OI in units as the file gives it")
check(b["call_volume"] == 92831 * 75 and b["put_volume"] == 50000 * 75, "volume = contracts x lot")
check(b["call_oi_change"] == 812400 and b["put_oi_change"] == 30000, "OI change from the file")
check(b["underlying_close"] == 26140.5, "underlying from UndrlygPric")
check((b["call_open"], b["call_high"], b["call_low"], b["call_close"]) == (250, 271.2, 198.4, 220.35), "premium OHLC")
# IV from the settlement price, strikeline convention: Black-76 on the same expiry's future
# settlement (26210), T = 6 days of 365, r = 10 %.
years = 6 / 365
iv = implied(220.35, 26210, 26000, years, True, math.exp(-0.10 * years))
check(abs(b["call_iv_avg"] - 100 * iv) < 1e-6, "call IV %r vs %r" % (b["call_iv_avg"], 100 * iv))
# Mixed lots in one day: the March monthly at 25 a lot.
march = stored[(t1, "NIFTY", "2026-03-30", 26000.0)]
check(march["call_volume"] == 40 * 25, "March volume at lot 25: %r" % march["call_volume"])
march2 = stored[(t2, "NIFTY", "2026-03-30", 26000.0)]
check(march2["call_volume"] == 10 * 75, "March volume at lot 75 after the change: %r" % march2["call_volume"])
check((t1, "NIFTY", "2026-03-30", 26500.0) in stored, "the strike 500 above is stored")
# Untraded: OI and an IV from its settlement price, no premium, no volume.
untraded = stored[(t1, "NIFTY", "2025-12-30", 26050.0)]
check(untraded["call_volume"] == 0 and untraded["call_close"] is None and untraded["call_oi_sum"] == 150000, "untraded contract")
check(untraded["call_iv_avg"] is not None, "untraded contract still has an IV from SttlmPric")
# The Wednesday expiry on its expiry day: no time value left under the strikeline convention.
expiring = stored[(t1, "NIFTY", "2025-12-24", 26100.0)]
check(expiring["call_oi_sum"] == 1000050 and expiring["call_iv_avg"] is None, "expiry-day bar")
monday = stored[(t1, "FINNIFTY", "2026-03-02", 27500.0)]
check(monday["put_volume"] == 100 * 65 and monday["underlying_close"] == 27480.25, "Monday expiry")
stock_put = stored[(t1, "RELIANCE", "2025-12-30", 1542.5)]
check(stock_put["put_volume"] == 300 * 500 and stock_put["put_oi_sum"] == 1000000, "stock, fractional strike")
day2 = stored[(t2, "RELIANCE", "2025-12-30", 1540.0)]
check(day2["call_oi_sum"] == 2600000 and day2["call_oi_change"] == 100000, "day 2 from the zip")

# Futures rows (IDF, STF) are the futures' daily bars: the 15:30 bar of the day, observed then,
# OHLC and settlement as the file says, volume = contracts x lot, OI and its change in units, the
# underlying from UndrlygPric.
def future_bars(path):
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    rows = {(r["bucket_time"], r["symbol"], r["expiry"]): dict(r)
            for r in con.execute("SELECT * FROM fo_future_bars")}
    con.close()
    return rows


futs = future_bars(db)
check(len(futs) == 3, "3 future bars, got %d: %r" % (len(futs), sorted(futs)))
check("3 daily future bars stored" in out, "futures summary: " + out)
f1 = futs.get((t1, "NIFTY", "2025-12-30"), {})
check((f1.get("open"), f1.get("high"), f1.get("low"), f1.get("close"), f1.get("settle")) ==
      (26150, 26260, 26100, 26200, 26210), "NIFTY future OHLC and settle: %r" % f1)
check((f1.get("oi"), f1.get("oi_change"), f1.get("volume"), f1.get("underlying"), f1.get("observed_at")) ==
      (180000, -12000, 1700 * 75, 26140.5, t1), "NIFTY future OI, volume, spot, observed: %r" % f1)
f2 = futs.get((t2, "NIFTY", "2025-12-30"), {})
check((f2.get("close"), f2.get("oi"), f2.get("volume")) == (26230, 170000, 1500 * 75), "NIFTY future day 2: %r" % f2)
rel = futs.get((t1, "RELIANCE", "2025-12-30"), {})
check((rel.get("close"), rel.get("oi"), rel.get("volume"), rel.get("underlying")) ==
      (1555, 40000000, 5000 * 500, 1551.2), "stock future: %r" % rel)

# Re-import: idempotent.
run("import", udiff_dir, "--db", "sqlite:" + db)
check(future_bars(db) == futs or all(future_bars(db)[k]["oi"] == v["oi"] for k, v in futs.items()),
      "re-import changed the future bars")
check(bars(db) == stored or len(bars(db)) == len(stored), "re-import changed the bars")
again = bars(db)
for k, v in stored.items():
    for col in ("call_oi_sum", "put_oi_sum", "call_volume", "put_volume", "call_iv_avg", "underlying_close"):
        check(again[k][col] == v[col], "re-import changed %s of %s" % (col, k))


def lots_of(db):
    con = sqlite3.connect(db)
    rows = sorted(tuple(r) for r in con.execute("SELECT symbol, expiry, day, lot_size FROM fo_contract_lots"))
    con.close()
    return rows


# The lots stored per contract and day: each UDiFF row's NewBrdLotQty (the malformed line's is not
# taken), and the chain response's (the lot its bhavcopy gave).
expected_lots = sorted([
    ("FINNIFTY", "2026-03-02", "2025-12-24", 65),
    ("NIFTY", "2025-12-24", "2025-12-24", 75),
    ("NIFTY", "2025-12-30", "2025-12-24", 75),
    ("NIFTY", "2025-12-30", "2025-12-26", 75),
    ("NIFTY", "2026-03-30", "2025-12-24", 25),
    ("NIFTY", "2026-03-30", "2025-12-26", 75),
    ("RELIANCE", "2025-12-30", "2025-12-24", 500),
    ("RELIANCE", "2025-12-30", "2025-12-26", 500),
])
check(lots_of(db) == expected_lots, "stored lots: %r" % lots_of(db))


def conventions_of(db):
    con = sqlite3.connect(db)
    rows = {r[0] for r in con.execute("SELECT coalesce(iv_convention, 'NULL') FROM fo_bar_days")}
    con.close()
    return rows


# Every contract-day imported here was priced under the run's convention (the default).
check(conventions_of(db) == {"strikeline"}, "stored IV conventions: %r" % conventions_of(db))
# A chain response imported in a later run, with no lot given: the lot stored for that contract
# on the response's day (75 since the 26th, not the 24th's 25), fractional contracts x 75.
later_json = os.path.join(WORK, "option-chain-NIFTY-march.json")
march_ce = dict(ce, expiryDate="30-Mar-2026", identifier="OPTIDXNIFTY30-03-2026CE26000.00", openInterest=200.5,
                changeinOpenInterest=0, totalTradedVolume=2)
with open(later_json, "w") as f:
    json.dump({"records": {"expiryDates": ["30-Mar-2026"], "timestamp": "26-Dec-2025 12:00:00", "underlyingValue": 26160.0,
                           "strikePrices": [26000], "data": [{"strikePrice": 26000, "expiryDate": "30-Mar-2026", "CE": march_ce}]},
               "filtered": {"data": [], "CE": {"totOI": 0, "totVol": 0}, "PE": {"totOI": 0, "totVol": 0}}}, f)
out = run("import", later_json, "--db", "sqlite:" + db)
check("option chain: 1 responses, 1 contract sides as ticks, 0 rejected; 1 1-minute strike bars stored; "
      "1 daily bars of those days replaced by this minute data" in out, "later chain summary: " + out)
check((t2, "NIFTY", "2026-03-30", 26000.0) not in bars(db), "the March daily bar of the 26th is replaced")
check((t1, "NIFTY", "2026-03-30", 26000.0) in bars(db), "the March daily bar of the 24th stays")
later = bars(db)[(ist_epoch("2025-12-26", 12, 0), "NIFTY", "2026-03-30", 26000.0)]
check(later["call_oi_sum"] == 15038, "200.5 contracts x the stored lot 75 = 15037.5, rounded: %r" % later["call_oi_sum"])
check(lots_of(db) == expected_lots, "lots after the later run: %r" % lots_of(db))

# --- The server on the imported file -------------------------------------------------------------
s = socket.socket()
s.bind(("127.0.0.1", 0))
port = s.getsockname()[1]
s.close()
log = open(os.path.join(WORK, "serve.log"), "w")
server = subprocess.Popen([BIN, "serve", "--db", "sqlite:" + db, "--feed", "none", "--listen",
                           "127.0.0.1:%d" % port, "--access-log", "false"], stdout=log, stderr=log)


def get(path, status=200):
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path), timeout=10) as r:
            body, code = r.read(), r.status
    except urllib.error.HTTPError as e:
        body, code = e.read(), e.code
    check(code == status, "%s: %d, expected %d: %s" % (path, code, status, body[:300]))
    return json.loads(body)


try:
    deadline = time.time() + 30
    while True:
        try:
            urllib.request.urlopen("http://127.0.0.1:%d/health" % port, timeout=2)
            break
        except Exception:
            if time.time() > deadline or server.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.2)
    symbols = get("/fo/symbols")["symbols"]
    # Each expiry's lot as of today (after both days): the latest stored.
    check(symbols == [
        {"symbol": "FINNIFTY", "kind": "index", "expiries": ["2026-03-02"], "lot_sizes": {"2026-03-02": 65}},
        {"symbol": "NIFTY", "kind": "index", "expiries": ["2025-12-24", "2025-12-30", "2026-03-30"],
         "lot_sizes": {"2025-12-24": 75, "2025-12-30": 75, "2026-03-30": 75}},
        {"symbol": "RELIANCE", "kind": "stock", "expiries": ["2025-12-30"], "lot_sizes": {"2025-12-30": 500}},
    ], "symbols: %r" % symbols)

    def chain_lot(symbol, expiry, at):
        return get("/fo/option-chain?symbol=%s&expiry=%s&at=%d" % (symbol, expiry, at))["lot_size"]

    # Two lots on one day (the 24th: 75 and 25), the March monthly's change on the 26th (a lot
    # holds for its whole IST day), and a stock's own lot, not a default.
    check(chain_lot("NIFTY", "2025-12-30", t1) == 75, "December lot on the 24th")
    check(chain_lot("NIFTY", "2026-03-30", t1) == 25, "March lot on the 24th")
    check(chain_lot("NIFTY", "2026-03-30", t1 - 6 * 3600) == 25, "March lot early on the 24th")
    check(chain_lot("NIFTY", "2026-03-30", ist_epoch("2025-12-26", 9, 0)) == 75, "March lot on the 26th")
    check(chain_lot("RELIANCE", "2025-12-30", t1) == 500, "RELIANCE lot")
    check(chain_lot("FINNIFTY", "2026-03-02", t1) == 65, "FINNIFTY lot")
    # The answers that return IVs say which convention computed them.
    chain_iv = get("/fo/option-chain?symbol=NIFTY&expiry=2025-12-30&at=%d" % t2).get("iv_convention")
    check(chain_iv == "strikeline", "chain iv_convention: %r" % chain_iv)
    window = "&from=%d&to=%d" % (ist_epoch("2025-12-20", 9, 15), t2 + 60)
    hist = get("/fo/strike-history?symbol=NIFTY&expiry=2025-12-30&strike=26000&timeframe=1d" + window)
    check(hist["iv_convention"] == "strikeline", "strike history iv_convention: %r" % hist.get("iv_convention"))
    # The series read the minute data of the 26th too: its daily candle ends at the snapshot's OI.
    day_candles = {c["time"]: c for c in hist["candles"]}
    check(day_candles[ist_epoch("2025-12-26", 0, 0)]["call"]["oi"] == oi_units and
          day_candles[ist_epoch("2025-12-24", 0, 0)]["call"]["oi"] == 5443125,
          "strike history by day: %r" % sorted(day_candles))
    check(any(c["call"]["iv"] is not None for c in hist["candles"]), "strike history has IVs: %r" % hist["candles"])
    series = get("/fo/moneyness-series?symbol=NIFTY&expiry=2025-12-30&indicator=iv&timeframe=1d" + window)
    check(series["iv_convention"] == "strikeline" and series["series"] and
          all(s["iv_convention"] == "strikeline" for s in series["series"]),
          "moneyness series iv_convention: %r" % {k: series.get(k) for k in ("iv_convention", "series")})

    def chain_oi(at):
        c = get("/fo/option-chain?symbol=NIFTY&expiry=2025-12-30&at=" + str(at))
        rows = {r["strike"]: r for r in c["rows"]}
        return rows[26000]["call"]["oi"], rows[26000]["put"]["oi"], c

    # As of 15:29:59 on the 26th the chain is the 11:00 snapshot's call and the 24th's put (the
    # 25th is a holiday); from 15:30 too: the snapshot is minute data of the 26th, which takes
    # precedence over that day's bhavcopy (6000000 and 6100000) for this expiry.
    call_oi, put_oi, before = chain_oi(t2 - 1)
    check((call_oi, put_oi) == (oi_units, 6000000), "as of 15:29:59: %r" % ((call_oi, put_oi),))
    call_oi, put_oi, after = chain_oi(t2)
    check((call_oi, put_oi) == (oi_units, 6000000), "as of 15:30: %r" % ((call_oi, put_oi),))
    check(after["spot"] == 26150.25, "spot at 15:30: the snapshot's, %r" % after.get("spot"))
    # The days and expiries without minute data still read their daily bars.
    check(chain_oi(t1)[:2] == (5443125, 6000000), "the 24th's close: %r" % (chain_oi(t1)[:2],))
    reliance = get("/fo/option-chain?symbol=RELIANCE&expiry=2025-12-30&at=%d" % t2)
    check({r["strike"]: r for r in reliance["rows"]}[1540]["call"]["oi"] == 2600000,
          "RELIANCE on the 26th: its bhavcopy")
    check(before["total_call_oi"] == oi_units + 150000, "totals before: %r" % before.get("total_call_oi"))
    # As of noon on the 26th: the 11:00 snapshot (the 24th's close before it).
    call_oi, _, noon = chain_oi(ist_epoch("2025-12-26", 12, 0))
    row = {r["strike"]: r for r in noon["rows"]}[26000]["call"]
    check(call_oi == oi_units and row["bid"] == 230.4 and row["ask_qty"] == 1500 and row["oi_change"] == -113,
          "as of noon: %r" % row)
    call_oi, _, _ = chain_oi(ist_epoch("2025-12-26", 10, 59))
    check(call_oi == 5443125, "as of 10:59: the 24th's close, %r" % call_oi)
    # The chain's header: the same expiry's future as of the moment (the 24th's close before the
    # 26th's 15:30), and the forward pricing uses, that future.
    check((before["future"], before["forward"]) == (26200, 26200), "future before: %r" % ((before["future"], before["forward"]),))
    check((after["future"], after["forward"]) == (26230, 26230), "future after: %r" % ((after["future"], after["forward"]),))
    # /fo/futures over the two days, daily: price, basis, OI, its change against the 24th's close.
    f = get("/fo/futures?symbol=NIFTY&timeframe=1d&from=%d&to=%d" % (t1 - 86400, t2 + 3600))
    series = {s["expiry"]: s["points"] for s in f["series"]}
    pts = series.get("2025-12-30", [])
    check(len(pts) == 2, "futures points: %r" % f)
    if len(pts) == 2:
        check((pts[0]["price"], pts[0]["spot"], pts[0]["oi"], pts[0]["volume"]) == (26200, 26140.5, 180000, 1700 * 75),
              "futures point 1: %r" % pts[0])
        check(abs(pts[0]["basis"] - 59.5) < 1e-9, "basis: %r" % pts[0])
        check((pts[1]["price"], pts[1]["oi"], pts[1]["oi_change"], pts[1]["volume"]) == (26230, 170000, -10000, 1500 * 75),
              "futures point 2 (OI change against the 24th's close): %r" % pts[1])
        check(f["rollover"][0]["near_expiry"] == "2025-12-30" and f["rollover"][0]["rollover_pct"] == 0,
              "rollover with one future: %r" % f["rollover"][0])
    dist = get("/fo/strike-distribution?symbol=RELIANCE&indicator=oi&timeframe=1d&expiry=2025-12-30&at=" + str(t1 + 60))
    points = {p["strike"]: p for p in dist["series"][0]["points"]}
    check(points[1540]["call_oi"] == 2500000 and points[1542.5]["put_oi"] == 1000000, "stock distribution: %r" % points)
    unknown = get("/fo/expiries?symbol=HDFCBANK", status=400)
    check("unknown symbol 'HDFCBANK'" in unknown["detail"], "unknown symbol: %r" % unknown)
finally:
    server.terminate()
    server.wait(timeout=20)
    log.close()

# --- Legacy bhavcopy with a lot table and the index close file ------------------------------------
legacy = os.path.join(WORK, "fo02JAN2020bhav.csv")
write(legacy, LEGACY, LEGACY_HEADER)
lots = os.path.join(WORK, "lots.csv")
with open(lots, "w") as f:
    f.write("symbol,lot\nNIFTY,75\nSBIN,3000\n")
index_close = os.path.join(WORK, "ind_close_all_02012020.csv")
with open(index_close, "w") as f:
    f.write(INDEX_CLOSE)
db2 = os.path.join(WORK, "b.db")
out = run("import", legacy, "--db", "sqlite:" + db2, "--lots", lots, "--underlying", index_close,
          "--iv-convention", "nse")
print(out)
legacy_bars = bars(db2)
t0 = ist_epoch("2020-01-02", 15, 30)
nifty = legacy_bars[(t0, "NIFTY", "2020-01-30", 12200.0)]
check(nifty["call_volume"] == 25000 * 75 and nifty["put_oi_sum"] == 1800000, "legacy NIFTY: %r" % nifty)
check(nifty["underlying_close"] == 12282.20, "legacy underlying from the index close file")
check(nifty["put_oi_change"] == -15000, "legacy OI change")
sbin = legacy_bars[(t0, "SBIN", "2020-01-30", 340.0)]
check(sbin["call_volume"] == 300 * 3000 and sbin["underlying_close"] == 338.6, "legacy SBIN: %r" % sbin)
check("1 bars took a future's price as the underlying" in out, "legacy summary: " + out)
legacy_futs = future_bars(db2)
lf = legacy_futs.get((t0, "NIFTY", "2020-01-30"), {})
check((lf.get("close"), lf.get("settle"), lf.get("oi"), lf.get("oi_change"), lf.get("volume"), lf.get("underlying")) ==
      (12310.4, 12312, 11000000, 100000, 12000 * 75, 12282.20), "legacy FUTIDX: %r" % lf)
sf = legacy_futs.get((t0, "SBIN", "2020-01-30"), {})
check((sf.get("close"), sf.get("oi"), sf.get("volume")) == (338.5, 60000000, 1000 * 3000), "legacy FUTSTK: %r" % sf)
check(lots_of(db2) == [("NIFTY", "2020-01-30", "2020-01-02", 75), ("SBIN", "2020-01-30", "2020-01-02", 3000)],
      "legacy lots from --lots: %r" % lots_of(db2))
check(conventions_of(db2) == {"nse"}, "imported with --iv-convention nse: %r" % conventions_of(db2))
run("import", legacy, "--db", "sqlite:" + db2, "--lots", lots, "--underlying", index_close)
check(conventions_of(db2) == {"mixed"}, "re-imported under the other convention: %r" % conventions_of(db2))

# --- Minute data of a day keeps precedence over that day's bhavcopy -------------------------------
db3 = os.path.join(WORK, "c.db")
ticks = os.path.join(WORK, "ticks.ndjson")
with open(ticks, "w") as f:
    f.write(json.dumps({"ts": ist_epoch("2025-12-26", 10, 0), "symbol": "RELIANCE", "expiry": "2025-12-30",
                        "strike": 1540, "type": "CE", "price": 24, "oi": 2550000, "volume": 500}) + "\n")
run("import", ticks, "--db", "sqlite:" + db3)
out = run("import", day2_csv, "--db", "sqlite:" + db3)
minute_kept = bars(db3)
check((t2, "RELIANCE", "2025-12-30", 1540.0) not in minute_kept, "the day's minute data was overridden")
check((t2, "NIFTY", "2025-12-30", 26000.0) in minute_kept, "other symbols' daily bars stored")
check("1 not stored (minute data of that day kept)" in out, "precedence summary: " + out)
# Then minute data after the bhavcopy: a tick of NIFTY's December expiry at 10:00 on the 26th
# replaces that expiry's daily bar of the 26th; the March expiry keeps its own.
with open(ticks, "w") as f:
    f.write(json.dumps({"ts": ist_epoch("2025-12-26", 10, 0), "symbol": "NIFTY", "expiry": "2025-12-30",
                        "strike": 26000, "type": "CE", "price": 235, "oi": 5900000, "volume": 75}) + "\n")
out = run("import", ticks, "--db", "sqlite:" + db3)
check("1 daily bars of those days replaced by this minute data" in out, "replacement summary: " + out)
replaced = bars(db3)
check((t2, "NIFTY", "2025-12-30", 26000.0) not in replaced, "the December daily bar of the 26th is replaced")
check(replaced[(ist_epoch("2025-12-26", 10, 0), "NIFTY", "2025-12-30", 26000.0)]["call_oi_sum"] == 5900000, "the tick's minute")
check((t2, "NIFTY", "2026-03-30", 26000.0) in replaced, "the March daily bar stays")
con = sqlite3.connect(db3)
marks = sorted(tuple(r) for r in con.execute("SELECT day, symbol, expiry FROM fo_daily_bar_days"))
day_rows = {tuple(r[:3]): r[3:] for r in con.execute(
    "SELECT day, symbol, expiry, first_bucket, last_bucket FROM fo_bar_days")}
con.close()
check(marks == [("2025-12-26", "NIFTY", "2026-03-30")], "daily marks: %r" % marks)
minute = ist_epoch("2025-12-26", 10, 0)
check(day_rows[("2025-12-26", "NIFTY", "2025-12-30")] == (minute, minute), "the day's span is the minute's: %r" % day_rows)

# --- Kite historical minute candles with OI, instruments resolved through the dump ---------------
kite_dir = os.path.join(WORK, "kite")
os.makedirs(kite_dir)
dump = os.path.join(WORK, "instruments.csv")
with open(dump, "w") as f:
    f.write("instrument_token,exchange_token,tradingsymbol,name,last_price,expiry,strike,tick_size,lot_size,instrument_type,segment,exchange\n"
            "256265,1001,NIFTY 50,NIFTY 50,0,,0,0.05,0,EQ,INDICES,NSE\n"
            "12345,48213,NIFTY25D3026000CE,\"NIFTY\",0,2025-12-30,26000,0.05,75,CE,NFO-OPT,NFO\n")
# The index's candles (named as the dump names it), then the option's: sorted, the index comes first.
with open(os.path.join(kite_dir, "NIFTY 50.csv"), "w") as f:
    f.write("date,open,high,low,close,volume,oi\n2025-12-26 10:00:00+05:30,26140,26152,26138,26150,0,0\n"
            "2025-12-26 10:01:00+05:30,26150,26158,26149,26155,0,0\n")
with open(os.path.join(kite_dir, "NIFTY25D3026000CE.json"), "w") as f:
    json.dump({"status": "success", "data": {"candles": [
        ["2025-12-26T10:00:00+0530", 230, 232, 229, 231, 7500, 5443125],
        ["2025-12-26T10:01:00+0530", 231, 233, 230, 232.5, 1500, 5444625],
        ["2025-12-26T10:02:00+0530", 231, 229, 230, 232.5, 1500, 5444625]]}}, f)
db4 = os.path.join(WORK, "d.db")
out = run("import", kite_dir, "--db", "sqlite:" + db4, "--instruments", dump)
print(out)
check("kite candles: 2 files, 2 option candles, 2 underlying candles, 1 rejected; 2 1-minute strike bars stored" in out, "candles summary: " + out)
check("NIFTY25D3026000CE.json:3: high must be the highest price" in out, "candle rejection: " + out)
put_csv = os.path.join(WORK, "put.csv")
with open(put_csv, "w") as f:
    f.write("date,open,high,low,close,volume,oi\n2025-12-26 10:00:00,80,81,79,80.5,3000,6000000\n")
run("import", put_csv, "--db", "sqlite:" + db4, "--instrument", "NIFTY,2025-12-30,26000,PE")
candle_bars = bars(db4)
check(lots_of(db4) == [("NIFTY", "2025-12-30", "2025-12-26", 75)], "the dump's lot of the candles' day: %r" % lots_of(db4))
k10 = candle_bars[(ist_epoch("2025-12-26", 10, 0), "NIFTY", "2025-12-30", 26000.0)]
check((k10["call_open"], k10["call_high"], k10["call_low"], k10["call_close"]) == (230, 232, 229, 231), "candle OHLC: %r" % k10)
check(k10["call_volume"] == 7500 and k10["call_oi_sum"] == 5443125 and k10["underlying_close"] == 26150, "candle volume/OI/underlying")
check(k10["put_volume"] == 3000 and k10["put_oi_sum"] == 6000000, "the put's candle joins the call's bar: %r" % k10)
# IV from the close on the index's close of the minute: Black-Scholes on spot, r = 10 %, time from
# the minute's end (10:01 IST) to 15:30 IST on the expiry.
years = (ist_epoch("2025-12-30", 15, 30) - ist_epoch("2025-12-26", 10, 1)) / (365 * 86400)
iv = implied(231, 26150 * math.exp(0.10 * years), 26000, years, True, math.exp(-0.10 * years))
check(abs(k10["call_iv_avg"] - 100 * iv) < 1e-6, "candle IV %r vs %r" % (k10["call_iv_avg"], 100 * iv))

# --- greeks --iv-convention nse: Black-Scholes on spot, r = 10 %, q = 0, T = max(1, days)/365 ------
worst = 0.0
for side in ("CE", "PE"):
    for spot in (24000.0, 1500.0):
        for moneyness in (0.97, 1.0, 1.03):
            for days in (0, 1, 7, 30):
                for sigma in (0.15, 0.4):
                    strike = round(spot * moneyness, 2)
                    years = max(1, days) / 365
                    disc = math.exp(-0.10 * years)
                    forward = spot / disc
                    price = black(forward, strike, years, sigma, side == "CE", disc)
                    at_day = (datetime.date(2026, 3, 30) - datetime.timedelta(days=days)).isoformat()
                    got = json.loads(run("greeks", "--type", side, "--strike", repr(strike), "--premium", repr(price),
                                         "--spot", repr(spot), "--expiry", "2026-03-30", "--at", at_day + " 11:00",
                                         "--iv-convention", "nse"))
                    s = sigma * math.sqrt(years)
                    d1 = (math.log(forward / strike) + 0.5 * s * s) / s
                    delta = n(d1) if side == "CE" else n(d1) - 1
                    gamma = math.exp(-d1 * d1 / 2) / math.sqrt(2 * math.pi) / (spot * s)
                    check(got["years"] == years, "years %r vs %r" % (got["years"], years))
                    worst = max(worst, abs(got["iv"] / 100 - sigma), abs(got["delta"] - delta),
                                abs(got["gamma"] - gamma) * spot)
                    check(abs(got["iv"] / 100 - sigma) < 1e-9, "nse IV %r vs %r (%s %r %r %d)" % (got["iv"], sigma, side, spot, strike, days))
                    check(abs(got["delta"] - delta) < 1e-9, "nse delta %r vs %r" % (got["delta"], delta))
print("greeks nse grid: worst difference %.3g" % worst)
run("greeks", "--type", "CE", "--strike", "100", "--premium", "5", "--forward", "100", "--expiry", "2026-03-30",
    "--iv-convention", "nse", expect=2)

# --forward (serve, import): one of future|synthetic|spot; the nse convention always prices on the
# spot, so a forward other than the default with it is refused (exit 2, nothing imported or served).
out = run("import", udiff_dir, "--db", "sqlite:" + db, "--iv-convention", "nse", "--forward", "synthetic",
          expect=2)
check("applies to --iv-convention strikeline" in out, "import nse + synthetic: " + out)
run("import", udiff_dir, "--db", "sqlite:" + db, "--forward", "futures", expect=2)
out = run("serve", "--db", "sqlite:" + db, "--listen", "127.0.0.1:9", "--feed", "none", "--iv-convention", "nse",
          "--forward", "spot", expect=2)
check("applies to --iv-convention strikeline" in out, "serve nse + spot: " + out)

if failures:
    print("%d failures" % len(failures))
    sys.exit(1)
print("ok")
