#!/usr/bin/env bash
# Command 2 of the README: install what is missing, build, run every test with
# CTest. Tests need no display (Qt's offscreen platform).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
RATIOSCOPE_BENCH_DEPS=1 "$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
build=${RATIOSCOPE_BUILD_DIR:-$root/build}
export QT_QPA_PLATFORM=offscreen
# Benchmarks first, verbose, so their figures and reference ratios are in the
# log; then every test, whose summary is the run's closing line.
ctest --test-dir "$build" -L bench --verbose "$@" | grep -E '^[0-9]+: ' | sed 's/^[0-9]*: //' || true
ctest --test-dir "$build" -LE bench --output-on-failure -j "${RATIOSCOPE_JOBS:-$(nproc)}" "$@"
