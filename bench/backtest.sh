#!/usr/bin/env bash
# Backtest throughput: Harbinger (crates/harbinger-signals/examples/bench_backtest.rs) beside
# shared/bench/peers/backtest_peers.py (numpy reference, vectorbt, backtesting.py) on the same
# gen_ohlcv.py data, 100 and 1,000 symbols, interleaved in one session; then compare.py's ratios.
#   bench/backtest.sh [ROUNDS] [RUNS]
# Environment: WORK (data and results, default /tmp/harbinger-backtest), VENV (Python venv with
# ta-lib, vectorbt and backtesting; default /tmp/talib-venv), SHARED (the shared folder).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK:-/tmp/harbinger-backtest}
rounds=${1:-3}
runs=${2:-5}
venv=${VENV:-/tmp/talib-venv}
shared=${SHARED:-}
if [ -z "$shared" ]; then
  shared=$root/../shared
fi
if [ ! -d "$shared/bench/peers" ]; then
  echo "no peer benchmarks at $shared/bench/peers: set SHARED to the shared folder" >&2
  exit 2
fi
peers=$shared/bench/peers
mkdir -p "$work"

# The venv may have been made by another bench script with fewer packages: check for what
# this one imports, not for the venv.
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
if ! "$venv/bin/python" -c "import talib, numpy, pandas, vectorbt, backtesting" 2>/dev/null; then
  "$venv/bin/pip" install --quiet ta-lib==0.8.2 numpy pandas vectorbt backtesting
fi
[ -f "$work/ohlcv_large.csv" ] || python3 "$shared/bench/gen_ohlcv.py" --size large -o "$work/ohlcv_large.csv"

cd "$root"
cargo build --release --quiet -p harbinger-signals --example bench_backtest
bin=${CARGO_TARGET_DIR:-$root/target}/release/examples/bench_backtest

out=$work/run-$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
echo "results in $out" >&2
for r in $(seq "$rounds"); do
  echo "round $r/$rounds" >&2
  for n in 100 1000; do
    engines=numpy,vectorbt
    # backtesting.py runs one symbol at a time in Python: 100 symbols are enough for its ratio.
    [ "$n" = 100 ] && engines=numpy,vectorbt,backtesting
    "$venv/bin/python" "$peers/backtest_peers.py" --csv "$work/ohlcv_large.csv" --symbols "$n" \
      --runs "$runs" --backtesting-runs 1 --engines "$engines" >>"$out/peers.jsonl"
    "$bin" --csv "$work/ohlcv_large.csv" --symbols "$n" --runs "$runs" --threads 2 >>"$out/harbinger.jsonl"
  done
done
python3 "$peers/compare.py" "$out/peers.jsonl" "$out/harbinger.jsonl" | grep backtest
# The four cross-checked metric means of every engine, side by side.
grep -h '"check"' "$out/peers.jsonl" "$out/harbinger.jsonl" | python3 -c '
import json, sys
seen = set()
for line in sys.stdin:
    d = json.loads(line)
    key = (d["name"], d.get("symbols"))
    if key in seen:
        continue
    seen.add(key)
    c = d["check"]
    print("%-45s s%-5s total_return %.12g  sharpe %.12g  max_dd %.12g  win_rate %.12g" % (
        d["name"], d.get("symbols"), c["total_return_mean"], c["sharpe_mean"],
        c["max_drawdown_mean"], c["win_rate_mean"]))
'
