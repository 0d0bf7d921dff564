#!/usr/bin/env bash
# Installs whatever this project needs and is missing, from crates.io, npm and
# Debian only (no other download works behind a firewall). Each step checks
# first, so a second run costs seconds.
#   scripts/tools.sh run    tools to build and serve the app
#   scripts/tools.sh test   plus Chromium, PostgreSQL, nginx, trunk, Playwright, cargo-fuzz
#   scripts/tools.sh fuzz   cargo-fuzz only
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen in Cargo.lock
CARGO_LEPTOS_VERSION=0.3.11
TRUNK_VERSION=0.21.14
CARGO_FUZZ_VERSION=0.13.2
BINARYEN_VERSION=132           # Debian's wasm-opt 108 breaks hydration

say() { printf '\033[1m[tools]\033[0m %s\n' "$*" >&2; }
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
# Tool builds need no fat LTO; this halves their install time.
export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16

sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} = 0 ] && return
  say "apt-get install ${missing[*]}"
  sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive sudo_ apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Installs crate $1 at version $2 with --locked, after pinning the dependency
# $3 to version $4 in its lock file (the published locks of these tools name
# versions that this toolchain or the registry index cannot use).
cargo_install_pinned() {
  local crate=$1 version=$2 dep=$3 dep_version=$4 src tmp
  say "cargo install $crate $version (about 5-20 minutes, once per machine)"
  if cargo install --locked "$crate" --version "$version" 2>/dev/null; then return; fi
  src=$(ls -d "$HOME"/.cargo/registry/src/*/"$crate-$version" 2>/dev/null | head -n1)
  [ -n "$src" ] || { say "could not fetch the source of $crate $version"; exit 1; }
  tmp=$(mktemp -d)
  cp -r "$src" "$tmp/$crate"
  (cd "$tmp/$crate" && cargo update -q -p "$dep" --precise "$dep_version" \
     && cargo install --locked --path .)
  rm -rf "$tmp"
}

has_version() { command -v "$1" >/dev/null && "$1" --version 2>/dev/null | grep -q "$2"; }

run_tools() {
  rustup target list --installed | grep -q wasm32-unknown-unknown \
    || rustup target add wasm32-unknown-unknown
  has_version wasm-bindgen "$WASM_BINDGEN_VERSION" \
    || cargo_install_pinned wasm-bindgen-cli "$WASM_BINDGEN_VERSION" webpki-roots 1.0.10
  has_version cargo-leptos "$CARGO_LEPTOS_VERSION" \
    || cargo_install_pinned cargo-leptos "$CARGO_LEPTOS_VERSION" cargo-util-schemas 0.14.1
  # Again whenever package-lock.json changed since the last install.
  if ! has_version wasm-opt "version $BINARYEN_VERSION" || [ ! -f node_modules/.package-lock.json ] \
    || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "npm ci (wasm-opt from binaryen $BINARYEN_VERSION, Playwright, axe-core)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

fuzz_tools() {
  has_version cargo-fuzz "$CARGO_FUZZ_VERSION" \
    || { say "cargo install cargo-fuzz $CARGO_FUZZ_VERSION (a few minutes, once per machine)";
         cargo install --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION"; }
}

test_tools() {
  run_tools
  fuzz_tools
  apt_install chromium brotli postgresql fonts-noto-cjk ca-certificates faketime nginx
  has_version trunk "$TRUNK_VERSION" \
    || { say "cargo install trunk $TRUNK_VERSION (about 11 minutes, once per machine)";
         cargo install --locked trunk --version "$TRUNK_VERSION"; }
}

case "${1:-run}" in
  run) run_tools ;;
  test) test_tools ;;
  fuzz) fuzz_tools ;;
  *) echo "usage: $0 run|test|fuzz" >&2; exit 2 ;;
esac
