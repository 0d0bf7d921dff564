#!/usr/bin/env bash
# Runs every test: installs what is missing, then unit and server tests on
# SQLite (twice: now, and with the clock at the other half of the UTC day),
# the database tests again on a real PostgreSQL server, and the
# browser tests in headless Chromium against the real server (server-rendered
# and the trunk-built static front end).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/tools.sh test
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

cargo fetch --locked

step "unit and server tests on SQLite"
cargo test --locked --workspace --exclude frontend

step "the same tests at the other half of the UTC day ($(scripts/other-half-of-day.sh))"
# Only the test binaries see the moved clock (cargo's runner), not cargo or
# rustc; same selection, so nothing is rebuilt.
host=$(rustc -vV | sed -n 's/^host: //p' | tr 'a-z.-' 'A-Z__')
env "CARGO_TARGET_${host}_RUNNER=$PWD/scripts/other-half-of-day.sh" \
  cargo test --locked --workspace --exclude frontend

step "database and server tests on PostgreSQL"
pg_url=$(scripts/postgres.sh start)
trap 'scripts/postgres.sh stop' EXIT
echo "PostgreSQL at $pg_url"
# Same selection as above, so nothing is rebuilt; the pure unit tests run again too.
BEILEI_TEST_POSTGRES="$pg_url" cargo test --locked --workspace --exclude frontend

step "browser tests (Chromium)"
trunk build --release
rm -rf target/e2e && mkdir -p target/e2e
# BEILEI_TEST_CLOCK lets the tests move the server's clock past a notice period.
DATABASE_URL=sqlite://target/e2e/beilei.db LEPTOS_SITE_ADDR=127.0.0.1:3000 BEILEI_TEST_CLOCK=true BEILEI_DEMO_WHEN_EMPTY=true \
  cargo leptos end-to-end --split
