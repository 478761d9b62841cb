#!/usr/bin/env python3
"""Regenerate the backtest reference figures (expected/backtest_sma_cross.json).

    python3 crates/harbinger-signals/tests/golden/generate_backtest.py PEERS_DIR

PEERS_DIR holds the peer benchmark `backtest_peers.py` (shared/bench/peers); its
`numpy_ref_symbol` (numpy + TA-Lib SMA) is the reference strategy and metric definition:
SMA(10)/SMA(30) cross, long only, fills at the close, no fees, cash 10,000,000,
total return, Sharpe (ddof 1, sqrt 252, r[0] = 0), max drawdown, win rate of closed trades.
Needs ta-lib==0.8.2 and numpy (as for generate.py).
"""

import csv
import json
import math
import os
import sys

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, sys.argv[1])
from backtest_peers import numpy_ref_symbol  # noqa: E402


def closes_multi(path):
    out = {}
    with open(path) as f:
        for row in csv.DictReader(f):
            out.setdefault(row["symbol"], []).append(float(row["close"]))
    return out


def closes_daily(path):
    with open(path) as f:
        return [float(r["close"]) for r in csv.DictReader(f)]


def figures(close):
    total, sharpe, mdd, win = numpy_ref_symbol(np.asarray(close, dtype=np.float64))
    clean = lambda v: None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)
    return {"total_return": clean(total), "sharpe": clean(sharpe), "max_drawdown": clean(mdd),
            "win_rate": clean(win)}


series = closes_multi(os.path.join(here, "data", "synthetic_ohlcv.csv"))
for name in ("AAPL", "MSFT"):
    series[name] = closes_daily(os.path.join(here, "data", name + ".csv"))
# The correctness anchor of the signal-engine issue: gen_ohlcv.py --symbols 100 (2,520 bars),
# the means over symbols (NaN win rates skipped), as backtest_peers.py's "check" prints them.
import subprocess
import tempfile

with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "ohlcv_100.csv")
    subprocess.run([sys.executable, os.path.join(here, "gen_ohlcv.py"), "--symbols", "100", "--bars",
                    "2520", "-o", path], check=True)
    rows = [numpy_ref_symbol(np.asarray(c, dtype=np.float64)) for c in closes_multi(path).values()]
a = np.array(rows, dtype=float)
mean_100 = {k: float(np.nanmean(a[:, i])) for i, k in
            enumerate(("total_return", "sharpe", "max_drawdown", "win_rate"))}

result = {
    "mean_100": mean_100,
    "source": "backtest_peers.numpy_ref_symbol (numpy %s, ta-lib)" % np.__version__,
    "strategy": "sma_cross fast=10 slow=30, fill close, fees 0",
    "symbols": {name: figures(c) for name, c in series.items()},
}
with open(os.path.join(here, "expected", "backtest_sma_cross.json"), "w") as f:
    json.dump(result, f, indent=1, sort_keys=True)
    f.write("\n")
print(json.dumps(result, indent=1))
