#!/usr/bin/env bash
# Every Harbinger benchmark, as JSON lines (the shape ../shared/bench/peers/compare.py reads).
set -euo pipefail
cd "$(dirname "$0")"
./http.sh "$@"
