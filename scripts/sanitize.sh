#!/usr/bin/env bash
# The core and CLI test suites built with AddressSanitizer and
# UndefinedBehaviorSanitizer (gcc, ./build-asan, CMake option
# RATIOSCOPE_SANITIZE) and run; any sanitizer report fails the suite that
# made it, and this script. ccache keeps the rebuilds cheap.
#
# Only the suites' own targets are built, and the CLI without its LibTorch
# trials runner (RATIOSCOPE_BUILD_TRIALS=OFF): LibTorch's headers make the
# trial translation units the slowest to compile instrumented, and LibTorch
# itself is not instrumented. Left out, for that reason: the suites that run
# trials (test_trials, test_compress, test_checkpoint_cache,
# test_trial_runs, test_trial_main, test_cli_trial, test_cli_sweep), which run
# under ThreadSanitizer instead (scripts/sanitize-thread.sh); and the GUI
# suites (Qt Widgets windows, test_cli_plot and test_slurm_submit among them).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${RATIOSCOPE_ASAN_BUILD_DIR:-$root/build-asan}
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache} CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
jobs=${RATIOSCOPE_JOBS:-$(nproc)}

suites=(test_run_fields test_task_catalog test_csv_importer test_experiment_store test_series test_run_batch test_metric_title
  test_lm_eval_importer test_lighteval_importer test_opencompass_importer test_uncertain_number test_training_budget
  test_input_file test_runtime_dir test_sqlite_store_concurrency test_sqlite_store_faults test_postgres_store
  test_sweep_manifest test_sweep_entry
  test_cli test_cli_import test_cli_limits test_cli_tables
  test_gaussian_mse test_catalogue test_fitter test_covariance test_influence test_small_lm
  test_fit_table test_law_metric test_fit_limits test_knee test_fairness test_dropout test_analysis_report
  test_law_invert test_compression test_critical_ratio test_robust_loss_text test_effective_params test_dense_scope test_cli_trials_example)

# -O1 -g1, not RelWithDebInfo's -O2 -g: ASan's recommended level, and line
# tables are all a report's stack needs. A Ceres law compiles in 4.7 s
# instead of 11.5 s, which is what a cold CI run (no ccache) pays 180 times.
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRATIOSCOPE_SANITIZE=address,undefined \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
  -DRATIOSCOPE_BUILD_TRIALS=OFF -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
build_start=$SECONDS
cmake --build "$build" -j "$jobs" --target "${suites[@]}" example_database >/dev/null
echo "sanitizers: ASan+UBSan build in $((SECONDS - build_start)) s"

export QT_QPA_PLATFORM=offscreen
# Leaks are not what this run looks for: Qt, fontconfig and LibTorch keep
# caches for the life of the process.
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="suppressions=$root/tests/fuzz/ubsan.supp:halt_on_error=1:print_stacktrace=1"
regex="^($(IFS='|'; echo "${suites[*]}"))\$"
start=$SECONDS
ctest --test-dir "$build" -R "$regex" --output-on-failure -j "$jobs"
echo "sanitizers: ${#suites[@]} suites under ASan+UBSan, no reports, in $((SECONDS - start)) s"
