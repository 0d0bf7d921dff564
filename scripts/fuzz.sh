#!/usr/bin/env bash
# Fuzzes, with libFuzzer (cargo-fuzz), everything the server reads from a
# request before it decides anything: uploaded calendars, spreadsheets,
# photos and PDFs, form and JSON arguments, and the date and money
# arithmetic done on typed values (fuzz/fuzz_targets). Each target runs for
# SECONDS from the corpus kept in fuzz/corpus; what it learns stays in
# target/fuzz/corpus. A failure stops the run and leaves the input that
# caused it in target/fuzz/artifacts/<target>/.
#   scripts/fuzz.sh              10 s a target (what the test command runs)
#   scripts/fuzz.sh 600          ten minutes a target
#   scripts/fuzz.sh 60 ics form  some targets
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(ics sheet files form json dates money)
command -v cargo-fuzz >/dev/null || PATH="$HOME/.cargo/bin:$PATH"
command -v cargo-fuzz >/dev/null || scripts/tools.sh fuzz
# libFuzzer's instrumentation takes flags of the nightly compiler; the
# machine's stable one accepts them this way.
export RUSTC_BOOTSTRAP=1
out=$PWD/target/fuzz
for t in "${targets[@]}"; do
  mkdir -p "$out/corpus/$t" "$out/artifacts/$t"
  cargo fuzz run --fuzz-dir fuzz --target-dir "$out" "$t" "$out/corpus/$t" "fuzz/corpus/$t" -- \
    -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$out/artifacts/$t/" 2>"$out/$t.log" \
    || { tail -n 40 "$out/$t.log"; echo "fuzz target $t failed: the input is in $out/artifacts/$t/"; exit 1; }
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$t.log" | tail -n 1)
  cov=$(grep -o 'cov: [0-9]*' "$out/$t.log" | tail -n 1)
  printf '%-6s %10s inputs in %s s, %s\n' "$t" "${runs:-?}" "$seconds" "${cov:-cov: ?}"
done
