#!/usr/bin/env bash
# Indicator throughput: Harbinger (examples/bench_indicators.rs) beside TA-Lib
# (shared/bench/peers/talib_indicators.py) on the same gen_ohlcv.py data, interleaved in one
# session, then compare.py's ratio table. The machine is shared and noisy: rounds alternate the
# two tools and compare.py takes the median of each name over the rounds.
#   bench/indicators.sh [ROUNDS] [RUNS]
# Environment: WORK (data and results, default /tmp/harbinger-indicators), VENV (Python venv
# with ta-lib, default /tmp/talib-venv), SHARED (the shared folder, default ../shared).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-3}
runs=${2:-5}
work=${WORK:-/tmp/harbinger-indicators}
venv=${VENV:-/tmp/talib-venv}
shared=${SHARED:-}
if [ -z "$shared" ]; then
  for d in "$root/../shared" /work/shared; do [ -d "$d/bench" ] && shared=$d && break; done
fi
peers=$shared/bench/peers
mkdir -p "$work"

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet ta-lib==0.8.2 numpy==2.4.6 pandas==3.1.1
fi
[ -f "$work/ohlcv_large.csv" ] || python3 "$shared/bench/gen_ohlcv.py" --size large -o "$work/ohlcv_large.csv"
[ -f "$work/ohlcv_long.csv" ] || python3 "$shared/bench/gen_ohlcv.py" --size long -o "$work/ohlcv_long.csv"

cd "$root"
cargo build --release --quiet -p harbinger-signals --example bench_indicators
bin=${CARGO_TARGET_DIR:-$root/target}/release/examples/bench_indicators
args=(--csv "$work/ohlcv_large.csv" --long-csv "$work/ohlcv_long.csv" --runs "$runs" --threads 2)

: >"$work/talib.jsonl"; : >"$work/harbinger_into.jsonl"; : >"$work/harbinger_alloc.jsonl"
for r in $(seq "$rounds"); do
  echo "round $r/$rounds" >&2
  "$venv/bin/python" "$peers/talib_indicators.py" "${args[@]}" >>"$work/talib.jsonl"
  "$bin" "${args[@]}" --api into >>"$work/harbinger_into.jsonl"
  "$bin" "${args[@]}" --api alloc >>"$work/harbinger_alloc.jsonl"
done

echo "== caller buffers (--api into) vs TA-Lib" >&2
python3 "$peers/compare.py" "$work/talib.jsonl" "$work/harbinger_into.jsonl" | grep -v '"missing"'
echo "== allocating wrappers (--api alloc) vs TA-Lib" >&2
python3 "$peers/compare.py" "$work/talib.jsonl" "$work/harbinger_alloc.jsonl" | grep -v '"missing"'
