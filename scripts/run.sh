#!/usr/bin/env bash
# Installs what is missing, then builds and serves Beilei on SQLite
# (data/beilei.db, created on first start with the demo districts).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/tools.sh run
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
# `--split`: lazy routes (staff and bureau pages) become separate WASM chunks.
exec cargo leptos serve --release --precompress --split
