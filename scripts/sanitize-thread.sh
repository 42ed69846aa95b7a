#!/usr/bin/env bash
# The suites that run work on other threads, built with ThreadSanitizer
# (gcc, ./build-tsan, RATIOSCOPE_SANITIZE=thread) and run; any report fails
# the suite that made it, and this script:
#   the window's workers without the window: ui/jobs/latest_job.h
#     (test_latest_job), the fit runner (test_fit_runner) and the live view
#     (test_live_view, its own thread and store connection);
#   the fitter's threads (multi-start and bootstrap: test_fitter,
#     test_catalogue);
#   the trials (test_trials, test_checkpoint_cache, test_trial_runs), and
#     the window's sweeps on its job runner (test_trial_controller: a
#     status bar, the sweep's thread with its own store connection, runs
#     handed to the window's thread, Cancel, destruction mid-sweep).
# Left out, measured: test_compress, test_trial_main and test_cli_sweep. Our
# code in them runs on one thread (compression with at::set_num_threads(1);
# the trials runners are single-threaded programs the tests start), so there
# is nothing for ThreadSanitizer to see beyond LibTorch's own, uninstrumented
# threads; building them here costs 111 s more (the CLI and its libraries),
# plus RATIOSCOPE_BUILD_TRIALS=ON for the runner, and running them 137 s
# (one job, two busy cores). test_compress runs under ASan (scripts/sanitize.sh).
#
# Qt, GLib, SQLite and LibTorch are Debian's and PyTorch's builds, not
# instrumented. Qt's QMutex locks and unlocks with futexes inside
# libQt6Core, where ThreadSanitizer cannot see them, so what Qt itself does
# under its locks looks unsynchronised: every suite reported QThread::wait()
# in Qt Test's watchdog thread (~QWaitCondition against wakeAll() in
# libQt6Core), QFutureInterface's lists (realloc in libQt6Core against main)
# and GLib's event-loop eventfd. All of those accesses are made by the
# uninstrumented libraries through intercepted calls (realloc, write,
# pthread_cond_*), which ignore_noninstrumented_modules=1 leaves unreported;
# every access our own code makes, inline Qt templates (QList, QFuture)
# included, is still checked. tests/sanitize/tsan_canary.cpp shows that:
# its unguarded counter and QList, written from a QtConcurrent task and from
# main, must be reported, or this script fails. No suppression file.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${RATIOSCOPE_TSAN_BUILD_DIR:-$root/build-tsan}
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache} CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
jobs=${RATIOSCOPE_JOBS:-$(nproc)}

suites=(test_latest_job test_fit_runner test_live_view test_fitter test_catalogue test_trials test_checkpoint_cache test_trial_runs
  test_trial_controller)

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRATIOSCOPE_SANITIZE=thread \
  -DRATIOSCOPE_BUILD_TRIALS=OFF -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
build_start=$SECONDS
cmake --build "$build" -j "$jobs" --target "${suites[@]}" tsan_canary >/dev/null
echo "sanitizers: TSan build in $((SECONDS - build_start)) s"

export QT_QPA_PLATFORM=offscreen
export TSAN_OPTIONS="ignore_noninstrumented_modules=1:halt_on_error=1:second_deadlock_stack=1"
# The canary's race must be reported (exit 66, ThreadSanitizer's).
canary_rc=0
"$build/tests/tsan_canary" > "$build/tsan_canary.log" 2>&1 || canary_rc=$?
if ((canary_rc != 66)) || ! grep -q "tsan_canary.cpp" "$build/tsan_canary.log"; then
  echo "sanitizers: ThreadSanitizer missed the race in tests/sanitize/tsan_canary.cpp (rc=$canary_rc): see $build/tsan_canary.log"
  exit 1
fi
regex="^($(IFS='|'; echo "${suites[*]}"))\$"
start=$SECONDS
ctest --test-dir "$build" -R "$regex" --output-on-failure -j "$jobs"
echo "sanitizers: ${#suites[@]} suites under TSan, no reports, in $((SECONDS - start)) s"
