#!/usr/bin/env bash
# Runs a command (a test binary, as cargo's runner) with the wall clock moved
# to the other half of the UTC day, ticking on from there: 23:30 UTC when it is
# now before 16:00 UTC, 02:00 UTC otherwise. Dates of service are Beijing
# dates, a day ahead of UTC's from 16:00 to 24:00 UTC, so a test that mixes the
# two zones fails on one side of that line; running the tests on both sides
# makes it fail on every run, not only in the evening.
#   scripts/other-half-of-day.sh            prints the instant it would use
#   scripts/other-half-of-day.sh CMD ARGS   runs CMD under it (Debian faketime)
set -euo pipefail
if [ "$(date -u +%-H)" -lt 16 ]; then at="$(date -u +%F) 23:30:00"; else at="$(date -u +%F) 02:00:00"; fi
[ $# = 0 ] && { echo "$at UTC"; exit 0; }
# Timers and timeouts (tokio's monotonic clock) keep real time.
export FAKETIME_DONT_FAKE_MONOTONIC=1 TZ=UTC
exec faketime "$at" "$@"
