#!/usr/bin/env bash
# What the browser's WASM is made of: twiggy's sizes of the unoptimised
# release module (before wasm-opt, which keeps no names), summed by crate.
#   bench/wasm-crates.sh [path/to/module.wasm]   (default: the last release build)
# Installs twiggy from crates.io if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
command -v twiggy >/dev/null || cargo install --locked twiggy
wasm=${1:-target/front/wasm32-unknown-unknown/wasm-release/frontend.wasm}
[ -f "$wasm" ] || { echo "no $wasm: run cargo leptos build --release --split first" >&2; exit 1; }
echo "$wasm: $(stat -c %s "$wasm") bytes"
# Each item's shallow size, by the crate its (demangled) name starts with;
# the custom sections (names, relocations, bindgen's) are not shipped.
twiggy top -n 1000000 --format csv "$wasm" | tail -n +2 | python3 -c '
import csv, re, sys
sizes = {}
for row in csv.reader(sys.stdin):
    name, size = row[0], int(row[1])
    # Nor are the type descriptions that the wasm-bindgen CLI runs and removes.
    if name.startswith("custom section") or name.endswith("subsection") or "describe" in name:
        continue
    # The first path in the name: "<&mut T as wasm_bindgen::…>" is wasm_bindgen.
    m = re.search(r"([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::", name)
    if m:
        crate = m.group(1)
    elif "__wbindgen" in name or "__wbg" in name or "__externref" in name:
        crate = "wasm_bindgen"
    elif name.startswith("__wasm_split"):
        crate = "wasm_split"
    elif name.startswith(("data", "elem", "table")):
        crate = "data and tables"
    else:
        crate = "other"
    sizes[crate] = sizes.get(crate, 0) + size
total = sum(sizes.values())
print(f"{total:>9}  100.0%  code and data, before wasm-opt")
for crate, size in sorted(sizes.items(), key=lambda kv: -kv[1])[:25]:
    print(f"{size:>9}  {100 * size / total:5.1f}%  {crate}")
'
