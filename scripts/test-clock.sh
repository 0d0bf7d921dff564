#!/usr/bin/env bash
# The clock tests run on; cargo's runner for the test binaries, and the
# wrapper of the test server.
#   scripts/test-clock.sh CMD ARGS               runs CMD on the test clock: the
#       real one, or the hour `faketime` gave scripts/test.sh
#   scripts/test-clock.sh --other-half CMD ARGS  runs CMD with the clock moved to
#       the other half of the UTC day (Debian faketime), ticking on from there
#   scripts/test-clock.sh --other-half           prints that instant
# Dates of service are Beijing dates, a day ahead of UTC's from 16:00 to 24:00
# UTC: a test that mixes the two zones fails on one side of that line, and
# running the tests on both sides makes it fail on every run, not only in the
# evening. Timers and timeouts (the monotonic clock) keep real time.
set -euo pipefail
export FAKETIME_DONT_FAKE_MONOTONIC=1

# Runs a command on the test clock.
on_test_clock() {
  local clock=()
  if [ -n "${OUTER_FAKETIME_PRELOAD:-}" ]; then
    clock=(LD_PRELOAD="$OUTER_FAKETIME_PRELOAD" FAKETIME="$OUTER_FAKETIME")
    [ -n "${OUTER_FAKETIME_SHARED:-}" ] && clock+=(FAKETIME_SHARED="$OUTER_FAKETIME_SHARED")
  fi
  exec env "${clock[@]}" "$@"
}
now() { (on_test_clock date -u "$@"); }

if [ "${1:-}" = --other-half ]; then
  shift
  if [ "$(now +%-H)" -lt 16 ]; then at="$(now +%F) 23:30:00"; else at="$(now +%F) 02:00:00"; fi
  [ $# = 0 ] && { echo "$at UTC"; exit 0; }
  TZ=UTC exec faketime "$at" "$@"
fi
on_test_clock "$@"
