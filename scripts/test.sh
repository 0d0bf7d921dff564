#!/usr/bin/env bash
# Runs every test: installs what is missing, then unit and server tests on
# SQLite (twice: now, and with the clock at the other half of the UTC day),
# the database tests again on a real PostgreSQL server, three app servers
# behind nginx (scripts/cluster.sh), a short run of every fuzz target
# (scripts/fuzz.sh), and the browser tests
# in headless Chromium against the real server (server-rendered and the
# trunk-built static front end).
#
# To run it all at a chosen hour: `faketime '2026-12-01 23:30:00' scripts/test.sh`.
# The compilers then keep the real clock (rustc hangs under libfaketime) and
# the tests and the test server get the chosen one.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${LD_PRELOAD:-}" == *faketime* ]]; then
  export OUTER_FAKETIME_PRELOAD="$LD_PRELOAD" OUTER_FAKETIME="${FAKETIME:-}" OUTER_FAKETIME_SHARED="${FAKETIME_SHARED:-}"
  unset LD_PRELOAD
fi
scripts/tools.sh test
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null || true
  [ -n "${pg_url:-}" ] && scripts/postgres.sh stop || true
}
trap cleanup EXIT

cargo fetch --locked
# Test binaries run through cargo's runner: on the test clock, or moved.
host=$(cargo -vV | sed -n 's/^host: //p' | tr 'a-z.-' 'A-Z__')
runner="CARGO_TARGET_${host}_RUNNER"

step "the code's shape: no circle of files, no import back up"
python3 scripts/structure.py --check | grep -v '^  '

step "unit and server tests on SQLite"
env "$runner=$PWD/scripts/test-clock.sh" cargo test --locked --workspace --exclude frontend

step "the same tests at the other half of the UTC day ($(scripts/test-clock.sh --other-half))"
# Same selection, so nothing is rebuilt.
env "$runner=$PWD/scripts/test-clock.sh --other-half" cargo test --locked --workspace --exclude frontend

step "database and server tests on PostgreSQL"
pg_url=$(scripts/postgres.sh start)
echo "PostgreSQL at $pg_url"
# Same selection again; the pure unit tests run again too.
BEILEI_TEST_POSTGRES="$pg_url" env "$runner=$PWD/scripts/test-clock.sh" cargo test --locked --workspace --exclude frontend

step "three app servers on one PostgreSQL behind nginx"
# Its own private PostgreSQL (fsync on) and the server binary cargo test
# builds (the same selection as above, so only the app and server crates
# build again, about a minute), on the real clock (PostgreSQL and nginx must
# not inherit faketime).
BEILEI_TEST_CLUSTER=1 cargo test --locked --workspace --exclude frontend --test cluster

step "fuzzing every parser and the date and money arithmetic (10 s a target)"
scripts/fuzz.sh 10

step "browser tests (Chromium)"
trunk build --release
cargo leptos build --split
rm -rf target/e2e && mkdir -p target/e2e
# The real server on a fresh database. BEILEI_TEST_CLOCK lets the tests move
# its clock past a notice period.
DATABASE_URL=sqlite://target/e2e/beilei.db LEPTOS_SITE_ADDR=127.0.0.1:3000 BEILEI_PUBLIC_URL=http://127.0.0.1:3000 BEILEI_TEST_CLOCK=true BEILEI_DEMO_WHEN_EMPTY=true \
  scripts/test-clock.sh target/debug/beilei > target/e2e/server.log 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null http://127.0.0.1:3000/healthz 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat target/e2e/server.log; exit 1; }
  sleep 0.2
done
(cd end2end && npx playwright test) || { echo "server log: target/e2e/server.log"; exit 1; }
