#!/usr/bin/env bash
# Property-based tests of the HTTP API: schemathesis reads /api/openapi.json from a real
# `harbinger serve` (embedded default, fresh data dir, loopback) and sends it generated requests,
# valid and invalid, as a signed-in user, with a fixed seed and a time budget. Any failure of
# its checks (a 5xx, an undocumented status or content type, a response that does not match its
# schema, a schema-valid request refused or an invalid one accepted, one user reading another's
# object) fails the run. The stateful phase follows the document's links from each created
# object (a portfolio, a transaction, an API key, a backtest) to the operations on it, and the
# object-level-authorization check then replays those reads as the second user: a query that
# forgets its owner filter fails the run (shown by planting one in the portfolio lookup).
#
#   scripts/schemathesis.sh [BINARY]      default: $CARGO_TARGET_DIR/debug/harbinger
#   SCHEMATHESIS_SECONDS=120              time budget
#   SCHEMATHESIS_VENV=/var/tmp/harbinger-schemathesis   where the tool is installed (pip)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-${CARGO_TARGET_DIR:-target}/debug/harbinger}
venv=${SCHEMATHESIS_VENV:-/var/tmp/harbinger-schemathesis}
seconds=${SCHEMATHESIS_SECONDS:-120}
version=4.32.5

if [ ! -x "$bin" ]; then
    echo "schemathesis: $bin not found; build it with cargo build -p harbinger" >&2
    exit 2
fi
if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "$version"; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "schemathesis==$version"
fi

work=$(mktemp -d)
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# Billing on (random test-mode secrets), so the Stripe webhook checks its signatures.
export HARBINGER_STRIPE__SECRET_KEY="sk_test_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export HARBINGER_STRIPE__WEBHOOK_SECRET="whsec_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
HARBINGER_DATA_DIR="$work/data" HARBINGER_LISTEN=127.0.0.1:0 HARBINGER_LOG=warn \
HARBINGER_AUTH__AUTH_REQUESTS_PER_MINUTE=1000000 \
HARBINGER_AUTH__ANONYMOUS_REQUESTS_PER_MINUTE=1000000 \
HARBINGER_AUTH__LOGIN_ACCOUNT_ATTEMPTS_PER_HOUR=1000000 \
HARBINGER_PLANS__FREE__REQUESTS_PER_MINUTE=1000000 \
HARBINGER_PLANS__PRO__REQUESTS_PER_MINUTE=1000000 \
HARBINGER_PLANS__QUANT__REQUESTS_PER_MINUTE=1000000 \
    "$bin" serve >"$work/server.out" 2>"$work/server.err" &
server=$!
url=""
for _ in $(seq 1 200); do
    url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/server.out" | head -1 || true)
    [ -n "$url" ] && break
    sleep 0.1
done
if [ -z "$url" ]; then
    echo "schemathesis: the server did not start:" >&2
    cat "$work/server.err" >&2
    exit 1
fi

# Two users; the run signs in as the first (the second owns objects the first must not see).
password="schemathesis-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
login() {
    curl -sf -o /dev/null -X POST -H 'content-type: application/json' \
        -d "{\"email\":\"$1\",\"password\":\"$password\"}" "$url/api/v1/auth/register"
    curl -sf -i -X POST -H 'content-type: application/json' \
        -d "{\"email\":\"$1\",\"password\":\"$password\"}" "$url/api/v1/auth/login" |
        grep -i '^set-cookie: harbinger_session=' | sed 's/^[^:]*: \([^;]*\);.*/\1/' | tr -d '\r'
}
a="st-a-$RANDOM@example.net"
b="st-b-$RANDOM@example.net"
cookie=$(login "$a")
other=$(login "$b")
# On the Quant plan every feature is open to them (Free allows one portfolio, no backtests, no
# CSV export), so the run reaches the handlers behind the plan checks.
for user in "$a" "$b"; do
    HARBINGER_DATA_DIR="$work/data" HARBINGER_LOG=warn \
        "$bin" users set-plan --email "$user" --plan quant >/dev/null
done
curl -sf -o /dev/null -X POST -H 'content-type: application/json' -H "cookie: $other" \
    -d '{"name":"theirs"}' "$url/api/v1/portfolios"
# Both users, as a Web Fuzzing Commons auth document: the run acts as "a", and the
# object-level-authorization check replays each of a's reads of its own objects as "b", who
# must not get them (scripts/schemathesis.toml names the peers).
export HARBINGER_ST_AUTH="$work/auth.json"
cat >"$HARBINGER_ST_AUTH" <<JSON
{"auth": [
  {"name": "a", "fixedHeaders": [{"name": "cookie", "value": "$cookie"}]},
  {"name": "b", "fixedHeaders": [{"name": "cookie", "value": "$other"}]}
]}
JSON

# Routes that end the run's own session or account are left out: the run would go on signed
# out. Their behaviour is covered by the API suite.
# One worker: with two, hypothesis's lambda descriptions call ast.parse from two threads, and
# CPython 3.11's parser then fails at random ("AST constructor recursion depth mismatch"), an
# error of the tool rather than of the API.
"$venv/bin/schemathesis" --config-file scripts/schemathesis.toml run "$url/api/openapi.json" \
    --seed 1 --max-time "$seconds" --workers 1 \
    --phases examples,coverage,fuzzing,stateful \
    --exclude-path-regex '^/api/v1/(auth/(logout|reset-password)|me/(password|email|delete|sessions/\{id\}))$' \
    || status=$?
exit "${status:-0}"
