#!/usr/bin/env bash
# HTTP baseline: start-to-ready, idle RSS and /healthz throughput of `harbinger serve` (SQLite,
# embedded default) beside a bare axum hello-world built in the same run. Prints JSON lines
# (name, points, seconds, points_per_s, p50_ms, p99_ms) and a ratio line.
#   bench/http.sh [DURATION_SECONDS] [CONNECTIONS]
# HARBINGER_BIN=path measures another build of harbinger (an A/B against an older commit)
# beside the bare axum server built here.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dur=${1:-10}
conns=${2:-64}
target=${CARGO_TARGET_DIR:-$root/target}
cd "$root"
cargo build --release --quiet -p harbinger --bin harbinger
cargo build --release --quiet -p harbinger-web --example bare_axum
bin=${HARBINGER_BIN:-$target/release/harbinger}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

now_ms() { date +%s%3N; }

# Start-to-ready: spawn until /readyz answers 200, on a fresh data dir.
t0=$(now_ms)
HARBINGER_LISTEN=127.0.0.1:0 HARBINGER_DATA_DIR="$work/data" HARBINGER_LOG=warn \
    "$bin" serve > "$work/h.out" 2>"$work/h.err" &
pids+=($!)
hpid=$!
until grep -q listening "$work/h.out" 2>/dev/null; do sleep 0.005; done
hurl=$(sed -n 's/^Harbinger listening on //p' "$work/h.out")
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$hurl/readyz")" = 200 ]; do sleep 0.005; done
t1=$(now_ms)
sleep 2
rss_kib=$(awk '/VmRSS/ {print $2}' "/proc/$hpid/status")
printf '{"name":"harbinger.start_to_ready.sqlite","seconds":%s}\n' "$(echo "scale=3; ($t1-$t0)/1000" | bc)"
printf '{"name":"harbinger.idle_rss","mib":%s}\n' "$(echo "scale=1; $rss_kib/1024" | bc)"

"$target/release/examples/bare_axum" 127.0.0.1:0 > "$work/b.out" &
pids+=($!)
until grep -q listening "$work/b.out" 2>/dev/null; do sleep 0.005; done
burl=$(sed -n 's/^listening on //p' "$work/b.out")

run_wrk() { # name url
    local out
    out=$(wrk -t2 -c"$conns" -d"${dur}s" --latency "$2/healthz")
    local rps p50 p99 total
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    total=$(awk '/requests in/ {print $1}' <<<"$out")
    p50=$(awk '$1=="50%" {print $2}' <<<"$out")
    p99=$(awk '$1=="99%" {print $2}' <<<"$out")
    to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us/,"",v); print v/1000 } else if (v ~ /ms$/) { sub(/ms/,"",v); print v } else { sub(/s/,"",v); print v*1000 } }'; }
    printf '{"name":"%s","points":%s,"seconds":%s,"points_per_s":%s,"p50_ms":%s,"p99_ms":%s,"connections":%s}\n' \
        "$1" "$total" "$dur" "$rps" "$(to_ms "$p50")" "$(to_ms "$p99")" "$conns"
}

# Interleave the two servers so drift on shared cores hits both alike.
for round in 1 2; do
    run_wrk "http.bare_axum.healthz.c$conns" "$burl"
    run_wrk "http.harbinger.healthz.c$conns" "$hurl"
done | tee "$work/lines"
python3 - "$work/lines" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
med = lambda key: statistics.median(r["points_per_s"] for r in rows if r["name"].startswith(key))
h, b = med("http.harbinger"), med("http.bare_axum")
print(json.dumps({"name": "ratio.harbinger_healthz_vs_bare_axum", "ratio": round(h / b, 3), "harbinger_rps": h, "bare_axum_rps": b}))
PY
