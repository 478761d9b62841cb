#!/usr/bin/env bash
# Every Harbinger benchmark beside its peers, each ending in compare.py's ratio lines
# (../shared/bench/peers/compare.py). Each script takes its own arguments when run alone.
set -euo pipefail
cd "$(dirname "$0")"
echo "== HTTP (bench/http.sh)" >&2
./http.sh
echo "== indicators (bench/indicators.sh)" >&2
./indicators.sh
echo "== backtest (bench/backtest.sh)" >&2
./backtest.sh
