#!/usr/bin/env bash
# Installs what is missing, then builds and serves Beilei on SQLite
# (data/beilei.db, created on first start with the demo districts) to try it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/tools.sh run
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
# A try-out: an empty database gets the demo districts (published demo
# passwords), and the log shows one-time codes, as no SMS gateway is set.
# A real deployment sets neither (README, "Deployment").
# The site's address as a phone on this machine reaches it: QR codes and
# open data are built on it (a deployment sets its own https:// address).
export BEILEI_DEMO_WHEN_EMPTY="${BEILEI_DEMO_WHEN_EMPTY:-true}" BEILEI_LOG_CODES="${BEILEI_LOG_CODES:-true}"
export BEILEI_PUBLIC_URL="${BEILEI_PUBLIC_URL:-http://127.0.0.1:3000}"
# `--split`: lazy routes (staff and bureau pages) become separate WASM chunks.
exec cargo leptos serve --release --precompress --split
