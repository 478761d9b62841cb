#!/usr/bin/env bash
# Login flood (issue: accounts and security): `harbinger serve --release` on a fresh data dir
# with the rate limits lifted, then the load generator: logins per second sustained by the
# bounded argon2id pool, and the p99 of a cached read with and without the flood. The load
# generator is crates/harbinger/examples/login_flood.rs (compiled, so it takes little of the cores
# it shares with the server).
#   bench/login_flood.sh [SECONDS] [LOGIN_THREADS] [LOGINS_PER_S]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
cd "$root"
cargo build --release --quiet --locked -p harbinger --bin harbinger --example login_flood
work=$(mktemp -d)
pid=""
cleanup() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT
HARBINGER_LISTEN=127.0.0.1:0 HARBINGER_DATA_DIR="$work/data" HARBINGER_LOG=warn \
HARBINGER_AUTH__AUTH_REQUESTS_PER_MINUTE=1000000 \
HARBINGER_AUTH__ANONYMOUS_REQUESTS_PER_MINUTE=1000000 \
HARBINGER_AUTH__LOGIN_ACCOUNT_ATTEMPTS_PER_HOUR=1000000 \
HARBINGER_PLANS__FREE__REQUESTS_PER_MINUTE=1000000 \
HARBINGER_PLANS__PRO__REQUESTS_PER_MINUTE=1000000 \
HARBINGER_PLANS__QUANT__REQUESTS_PER_MINUTE=1000000 \
    "$target/release/harbinger" serve > "$work/h.out" 2>"$work/h.err" &
pid=$!
until grep -q listening "$work/h.out" 2>/dev/null; do sleep 0.01; done
url=$(sed -n 's/^Harbinger listening on //p' "$work/h.out")
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/readyz")" = 200 ]; do sleep 0.05; done
"$target/release/examples/login_flood" "$url" "${1:-15}" "${2:-8}" ${3:+"$3"}
