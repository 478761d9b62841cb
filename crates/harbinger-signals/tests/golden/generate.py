#!/usr/bin/env python3
"""Regenerate Harbinger's golden indicator outputs from TA-Lib.

    python3 -m venv /tmp/talib-venv
    /tmp/talib-venv/bin/pip install ta-lib==0.8.2 numpy==2.4.6
    /tmp/talib-venv/bin/python crates/harbinger-signals/tests/golden/generate.py

Inputs (all under data/, see PROVENANCE.md):
    AAPL.csv, MSFT.csv      real daily prices: date,open,high,low,close,volume,adj_close
    synthetic_ohlcv.csv     gen_ohlcv.py --symbols 2 --bars 1000 (seed 42):
                            symbol,ts,open,high,low,close,volume

Outputs (expected/): one CSV per series, one row per input bar, one column per output,
the warm-up (NaN) left empty, values with 12 significant digits (the Rust test allows 1e-9).

    expected/AAPL.csv, expected/MSFT.csv         TA-Lib columns
    expected/SYM0000.csv, expected/SYM0001.csv   TA-Lib columns + reference columns
    expected/manifest.json                       versions and the call behind every column

Reference columns are for indicators TA-Lib does not have (Donchian channels, VWAP, rolling
z-score); they are computed here directly from their definitions, window by window, with
numpy (no running sums), so they are an independent check of Harbinger's sliding versions.
"""

import csv
import json
import os
import sys

import numpy as np
import talib

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")
EXPECTED = os.path.join(HERE, "expected")
DIGITS = 12


def talib_columns(o, h, l, c, v):
    """TA-Lib calls; (column name, call text, values)."""
    macd, macd_signal, macd_hist = talib.MACD(c, fastperiod=12, slowperiod=26, signalperiod=9)
    upper, middle, lower = talib.BBANDS(c, timeperiod=20, nbdevup=2.0, nbdevdn=2.0, matype=0)
    slowk, slowd = talib.STOCH(h, l, c, fastk_period=5, slowk_period=3, slowk_matype=0,
                               slowd_period=3, slowd_matype=0)
    return [
        ("SMA20", "SMA(close, 20)", talib.SMA(c, timeperiod=20)),
        ("EMA20", "EMA(close, 20)", talib.EMA(c, timeperiod=20)),
        ("WMA20", "WMA(close, 20)", talib.WMA(c, timeperiod=20)),
        ("RSI14", "RSI(close, 14)", talib.RSI(c, timeperiod=14)),
        ("MACD", "MACD(close, 12, 26, 9)[0]", macd),
        ("MACD_SIGNAL", "MACD(close, 12, 26, 9)[1]", macd_signal),
        ("MACD_HIST", "MACD(close, 12, 26, 9)[2]", macd_hist),
        ("BB_UPPER", "BBANDS(close, 20, 2, 2, SMA)[0]", upper),
        ("BB_MIDDLE", "BBANDS(close, 20, 2, 2, SMA)[1]", middle),
        ("BB_LOWER", "BBANDS(close, 20, 2, 2, SMA)[2]", lower),
        ("ATR14", "ATR(high, low, close, 14)", talib.ATR(h, l, c, timeperiod=14)),
        ("STOCH_K", "STOCH(high, low, close, 5, 3, SMA, 3, SMA)[0]", slowk),
        ("STOCH_D", "STOCH(high, low, close, 5, 3, SMA, 3, SMA)[1]", slowd),
        ("ADX14", "ADX(high, low, close, 14)", talib.ADX(h, l, c, timeperiod=14)),
        ("PLUS_DI14", "PLUS_DI(high, low, close, 14)", talib.PLUS_DI(h, l, c, timeperiod=14)),
        ("MINUS_DI14", "MINUS_DI(high, low, close, 14)", talib.MINUS_DI(h, l, c, timeperiod=14)),
        ("OBV", "OBV(close, volume)", talib.OBV(c, v)),
        ("ROC10", "ROC(close, 10)", talib.ROC(c, timeperiod=10)),
    ]


def padded(window_values, n, period):
    out = np.full(n, np.nan)
    out[period - 1:] = window_values
    return out


def reference_columns(o, h, l, c, v, period=20):
    """Direct window-by-window definitions of the indicators TA-Lib lacks."""
    n = len(c)
    win = np.lib.stride_tricks.sliding_window_view
    upper = padded(win(h, period).max(axis=1), n, period)
    lower = padded(win(l, period).min(axis=1), n, period)
    typical = (h + l + c) / 3.0
    pv = typical * v
    with np.errstate(invalid="ignore", divide="ignore"):
        vwap = np.where(np.cumsum(v) > 0, np.cumsum(pv) / np.cumsum(v), np.nan)
        vw = win(v, period).sum(axis=1)
        vwap20 = padded(np.where(vw > 0, win(pv, period).sum(axis=1) / vw, np.nan), n, period)
    windows = win(c, period)
    mean = windows.mean(axis=1)
    std = windows.std(axis=1)  # population (ddof=0)
    flat = std <= 1e-12 * np.abs(mean)
    z = np.where(flat, 0.0, (c[period - 1:] - mean) / np.where(flat, 1.0, std))
    return [
        ("DONCHIAN20_UPPER", "max(high[t-19..=t])", upper),
        ("DONCHIAN20_MIDDLE", "(upper + lower) / 2", (upper + lower) / 2.0),
        ("DONCHIAN20_LOWER", "min(low[t-19..=t])", lower),
        ("VWAP", "cumsum(typical * volume) / cumsum(volume)", vwap),
        ("VWAP20", "sum20(typical * volume) / sum20(volume)", vwap20),
        ("ZSCORE20", "(close - mean20) / pstdev20, 0 when flat", padded(z, n, period)),
    ]


def read_prices(path):
    """AAPL.csv / MSFT.csv -> {name: (o, h, l, c, v)}."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    cols = [np.array([float(r[k]) for r in rows]) for k in ("open", "high", "low", "close", "volume")]
    return {os.path.splitext(os.path.basename(path))[0]: tuple(cols)}


def read_synthetic(path):
    """gen_ohlcv.py CSV -> {symbol: (o, h, l, c, v)} in file order."""
    groups = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            groups.setdefault(r["symbol"], []).append(r)
    out = {}
    for sym, rows in groups.items():
        out[sym] = tuple(np.array([float(r[k]) for r in rows])
                         for k in ("open", "high", "low", "close", "volume"))
    return out


def fmt(x):
    return "" if np.isnan(x) else "%.*g" % (DIGITS, x)


def write(name, columns):
    path = os.path.join(EXPECTED, name + ".csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow([c[0] for c in columns])
        for row in zip(*(c[2] for c in columns)):
            w.writerow([fmt(x) for x in row])
    print("wrote %s (%d rows, %d bytes)" % (path, len(columns[0][2]), os.path.getsize(path)),
          file=sys.stderr)


def main():
    os.makedirs(EXPECTED, exist_ok=True)
    series = {}
    series.update(read_prices(os.path.join(DATA, "AAPL.csv")))
    series.update(read_prices(os.path.join(DATA, "MSFT.csv")))
    synthetic = read_synthetic(os.path.join(DATA, "synthetic_ohlcv.csv"))
    manifest = {"talib": talib.__version__, "ta_lib_c": str(talib.__ta_version__),
                "numpy": np.__version__, "digits": DIGITS, "files": {}}
    for name, ohlcv in list(series.items()) + list(synthetic.items()):
        cols = talib_columns(*ohlcv)
        if name in synthetic:
            cols += reference_columns(*ohlcv)
        write(name, cols)
        manifest["files"][name + ".csv"] = {c[0]: c[1] for c in cols}
    with open(os.path.join(EXPECTED, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
