#!/usr/bin/env bash
# Command 2 of the README: install what is missing, build, run every test with
# CTest. Tests need no display (Qt's offscreen platform).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
RATIOSCOPE_BENCH_DEPS=1 "$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
build=${RATIOSCOPE_BUILD_DIR:-$root/build}
# The trials-only runner (LibTorch without Qt), with and without the store
# client libraries: built here, tested by test_trials_only_build.
"$root/scripts/build-trials-only.sh" "$build/trials-only" > "$build/trials-only.log" 2>&1 ||
  { tail -40 "$build/trials-only.log"; exit 1; }
"$root/scripts/build-trials-only.sh" "$build/trials-only-no-clients" -DCMAKE_DISABLE_FIND_PACKAGE_SQLite3=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_PostgreSQL=ON > "$build/trials-only-no-clients.log" 2>&1 ||
  { tail -40 "$build/trials-only-no-clients.log"; exit 1; }
export QT_QPA_PLATFORM=offscreen
# Benchmarks first, verbose, so their figures and reference ratios are in the
# log; then every test, whose summary is the run's closing line.
bench_log="$build/bench.log"
bench_rc=0
ctest --test-dir "$build" -L bench --verbose "$@" > "$bench_log" 2>&1 || bench_rc=$?
sed -n 's/^[0-9]*: //p' "$bench_log"
if ((bench_rc != 0)); then echo "benchmarks failed (rc=$bench_rc): see $bench_log"; tail -20 "$bench_log"; exit "$bench_rc"; fi
# The readers and the store under libFuzzer with ASan and UBSan, a bounded
# time each (scripts/fuzz.sh; FUZZ_SECONDS=600 for a long run).
fuzz_rc=0
FUZZ_SECONDS=${FUZZ_SECONDS:-30} bash "$root/scripts/fuzz.sh" || fuzz_rc=$?
if ((fuzz_rc != 0)); then echo "fuzzing failed (rc=$fuzz_rc): see $root/build-fuzz/fuzz_*.log"; exit "$fuzz_rc"; fi
# The core, CLI, GUI and in-process trial suites again, built with AddressSanitizer
# and UndefinedBehaviorSanitizer (scripts/sanitize.sh, ./build-asan): any report fails.
sanitize_rc=0
bash "$root/scripts/sanitize.sh" > "$build/sanitize.log" 2>&1 || sanitize_rc=$?
tail -1 "$build/sanitize.log"
if ((sanitize_rc != 0)); then echo "sanitizers failed (rc=$sanitize_rc): see $build/sanitize.log"; tail -60 "$build/sanitize.log"; exit "$sanitize_rc"; fi
# The suites that run work on other threads (the window's background jobs
# and trial sweeps, the fitter, the trials), built with ThreadSanitizer (scripts/sanitize-thread.sh,
# ./build-tsan): any report fails.
tsan_rc=0
bash "$root/scripts/sanitize-thread.sh" > "$build/sanitize-thread.log" 2>&1 || tsan_rc=$?
tail -1 "$build/sanitize-thread.log"
if ((tsan_rc != 0)); then echo "ThreadSanitizer failed (rc=$tsan_rc): see $build/sanitize-thread.log"; tail -60 "$build/sanitize-thread.log"; exit "$tsan_rc"; fi
ctest --test-dir "$build" -LE bench --output-on-failure -j "${RATIOSCOPE_JOBS:-$(nproc)}" "$@"
