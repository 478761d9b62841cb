#!/usr/bin/env bash
# Indicator throughput: Harbinger (examples/bench_indicators.rs) beside TA-Lib
# (shared/bench/peers/talib_indicators.py) on the same gen_ohlcv.py data, interleaved in one
# session, then compare.py's ratio table. The machine is shared and noisy: rounds alternate the
# two tools and compare.py takes the median of each name over the rounds.
#   bench/indicators.sh [ROUNDS] [RUNS]        measure; results in $WORK/run-<time>/
#   bench/indicators.sh --table RUN_DIR...      one table over several runs' rounds
# Environment: WORK (data and results, default /tmp/harbinger-indicators), VENV (Python venv
# with ta-lib, default /tmp/talib-venv), SHARED (the shared folder, default ../shared).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK:-/tmp/harbinger-indicators}

# The ratio table of BENCHMARKS.md: medians over all rounds of the given runs (compare.py's
# rule for repeated names).
table() {
python3 - "$@" <<'PY'
import json, statistics, sys
def load(name):
    vals = {}
    for run in sys.argv[1:]:
        for line in open("%s/%s.jsonl" % (run, name)):
            if line.startswith("{"):
                d = json.loads(line)
                if "points_per_s" in d:
                    vals.setdefault(d["name"], []).append(d["points_per_s"])
    return {k: statistics.median(v) for k, v in vals.items()}
talib = load("talib")
ours = {api: load("harbinger_" + api) for api in ("into", "alloc", "alloc_warm")}
goals = {"BBANDS20_2.long": 1.5, "MACD12_26_9.long": 1.3, "all6.long": 1.3, "all6.multi": 1.5}
rounds = sum(1 for run in sys.argv[1:] for l in open(run + "/talib.jsonl") if '"talib.all6.multi"' in l)
print("Medians over %d rounds." % rounds)
print()
print("| measurement | TA-Lib pts/s | Harbinger `into` pts/s | ratio `into` | ratio `alloc` | ratio `alloc`, warm glibc | goal |")
print("|---|---:|---:|---:|---:|---:|---:|")
rows = [("%s.%s" % (i, t), 1.0) for t in ("long", "multi")
        for i in ("SMA20", "EMA20", "RSI14", "MACD12_26_9", "BBANDS20_2", "ATR14", "all6")]
for key, _ in rows + [("all6.multi.threads2", 2.5)]:
    peer = talib["talib." + (key if key != "all6.multi.threads2" else "all6.multi")]
    r = {api: ours[api]["harbinger." + key] / peer for api in ours}
    goal = 2.5 if key.endswith("threads2") else goals.get(key, 1.0)
    print("| %s | %.0fM | %.0fM | **%.2f** | %.2f | %.2f | %.1f |" % (
        key, peer / 1e6, ours["into"]["harbinger." + key] / 1e6, r["into"], r["alloc"],
        r["alloc_warm"], goal))
PY
}
if [ "${1:-}" = "--table" ]; then
  shift
  table "$@"
  exit 0
fi
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
if ! "$venv/bin/python" -c "import talib, numpy, pandas" 2>/dev/null; then
  "$venv/bin/pip" install --quiet ta-lib==0.8.2 numpy==2.4.6 pandas==3.1.1
fi
[ -f "$work/ohlcv_large.csv" ] || python3 "$shared/bench/gen_ohlcv.py" --size large -o "$work/ohlcv_large.csv"
[ -f "$work/ohlcv_long.csv" ] || python3 "$shared/bench/gen_ohlcv.py" --size long -o "$work/ohlcv_long.csv"

cd "$root"
cargo build --release --quiet -p harbinger-signals --example bench_indicators
bin=${CARGO_TARGET_DIR:-$root/target}/release/examples/bench_indicators
args=(--csv "$work/ohlcv_large.csv" --long-csv "$work/ohlcv_long.csv" --runs "$runs" --threads 2)

# glibc's malloc thresholds as the peer's Python process has them after pandas read its CSV
# (freeing a large block raises them to 32 MiB / 64 MiB); a fresh Rust process starts at
# 128 KiB and returns freed heap to the kernel, which then faults it back in page by page.
warm_glibc=glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=67108864

out=$work/run-$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
echo "results in $out" >&2
for r in $(seq "$rounds"); do
  echo "round $r/$rounds" >&2
  "$venv/bin/python" "$peers/talib_indicators.py" "${args[@]}" >>"$out/talib.jsonl"
  "$bin" "${args[@]}" --api into >>"$out/harbinger_into.jsonl"
  "$bin" "${args[@]}" --api alloc >>"$out/harbinger_alloc.jsonl"
  GLIBC_TUNABLES=$warm_glibc "$bin" "${args[@]}" --api alloc >>"$out/harbinger_alloc_warm.jsonl"
done

echo "== caller buffers (--api into) vs TA-Lib" >&2
python3 "$peers/compare.py" "$out/talib.jsonl" "$out/harbinger_into.jsonl" | grep -v '"missing"'
echo "== allocating wrappers (--api alloc) vs TA-Lib" >&2
python3 "$peers/compare.py" "$out/talib.jsonl" "$out/harbinger_alloc.jsonl" | grep -v '"missing"'
echo "== allocating wrappers, glibc thresholds as in the peer's process, vs TA-Lib" >&2
python3 "$peers/compare.py" "$out/talib.jsonl" "$out/harbinger_alloc_warm.jsonl" | grep -v '"missing"'

table "$out"
