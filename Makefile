# Harbinger — the two commands the README opens with:
#   make run    build everything (dashboard included) and serve on the embedded default
#   make test   the whole test suite (needs PostgreSQL and Redis on 127.0.0.1; .ci/run starts them)

CARGO ?= cargo
NPM ?= npm
export HARBINGER_TEST_PG_URL ?= postgres://postgres@127.0.0.1:5432/test
export HARBINGER_TEST_REDIS_URL ?= redis://127.0.0.1:6379
# The offline RustSec snapshot, checked in CI only (see deny.toml).
ADVISORY_DB ?= $(firstword $(wildcard ../shared/rustsec-advisory-db /work/shared/rustsec-advisory-db))

.PHONY: run build web test fmt-check clippy test-rust test-web api-client schemathesis audit bench clean bin

run: web
	$(CARGO) run --release -p harbinger --bin harbinger -- serve

build: web
	$(CARGO) build --release -p harbinger

# The dashboard; `npm ci` runs only when the lock file changed.
web: web/node_modules/.installed
	cd web && $(NPM) run build

web/node_modules/.installed: web/package-lock.json
	cd web && $(NPM) ci --no-audit --no-fund
	touch $@

test: web fmt-check clippy test-rust test-web test-e2e schemathesis audit

fmt-check:
	$(CARGO) fmt --all -- --check

clippy:
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

# Storage, API and CLI suites run every test on SQLite and on PostgreSQL.
test-rust:
	$(CARGO) test --workspace --locked

# Property-based API tests against a real server (fixed seed, time budget; see the script).
schemathesis: bin
	scripts/schemathesis.sh

# The debug server binary: the dashboard's tests run against it (the generated client check,
# the ledger verification compared with `harbinger ledger verify`, the browser suite).
bin:
	$(CARGO) build --locked -p harbinger --bin harbinger

# Fails when web/src/lib/api/schema.d.ts differs from the running server's OpenAPI document.
api-client: bin web/node_modules/.installed
	web/scripts/gen-api.sh --check

test-web: bin api-client web/node_modules/.installed
	cd web && $(NPM) run lint && $(NPM) test

# The dashboard in a real browser (web/e2e): each spec file starts the debug binary on a fresh
# data dir and drives Debian's Chromium; screenshots land in web/e2e-artifacts/screenshots.
# The binary is built after `web`: a debug build serves web/dist only if it existed at compile time.
test-e2e: web
	$(CARGO) build --locked -p harbinger --bin harbinger
	cd web && $(NPM) run e2e

audit:
	@if [ -n "$(ADVISORY_DB)" ] && [ -d "$(ADVISORY_DB)" ]; then \
		scripts/advisories.sh "$(ADVISORY_DB)"; \
	elif [ "$$CI" = "true" ]; then \
		echo "advisory check: no advisory database found (set ADVISORY_DB); failing in CI"; exit 1; \
	else \
		echo "advisory check skipped: no offline advisory database here (CI runs it)"; \
	fi

bench:
	bench/run.sh

clean:
	$(CARGO) clean
	rm -rf web/dist web/node_modules
