#!/usr/bin/env bash
# The core, CLI, GUI and in-process trial test suites built with AddressSanitizer and
# UndefinedBehaviorSanitizer (gcc, ./build-asan, CMake option
# RATIOSCOPE_SANITIZE) and run; any sanitizer report fails the suite that
# made it, and this script. ccache keeps the rebuilds cheap.
#
# Only the suites' own targets are built, and the CLI without its LibTorch
# trials runner (RATIOSCOPE_BUILD_TRIALS=OFF). LibTorch itself is not
# instrumented; our trial code (core/trials) is.
#
# The GUI suites (gui_suites: Qt Widgets windows and panels, the figures,
# session and project, `plot`/`fit`/`render` through the CLI) run under Qt's
# offscreen platform. Debian's Qt is not instrumented: ASan still sees every
# allocation (malloc and new are intercepted), so our code's use of Qt's
# memory (a dangling widget, a QList read past its end in an inline template)
# is caught; only Qt's own reads and writes are unchecked. No report, so no
# suppression. The window links the trials, so their code is built here
# anyway, and their in-process suites (trial_suites: training, compression,
# the checkpoint cache reading damaged files, runs from trials) cost 55 s of
# build and 37 s of run on top (one job, two busy cores).
#
# Left out: the suites that run the trials runners as programs
# (test_trial_main, test_cli_trial, test_cli_sweep): 38 s more to build but
# 138 s to run instrumented, for code the in-process suites already cover;
# they run in the normal build.
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
gui_suites=(test_figure_export test_figure_composer test_figure_style test_figure_provenance test_legend_grid test_analysis_overlay
  test_cli_plot test_cli_fit test_main_window test_main_window_project test_export_dialog test_fit_panel test_fit_options_widget
  test_table_copy test_slurm_submit test_run_filter test_ratio_readout test_run_tree_model test_session test_project_file
  test_live_view_postgres test_trial_dialog test_trial_progress test_trial_controller test_latest_job test_fit_runner test_live_view
  test_effective_panel test_dropout_panel)
trial_suites=(test_trials test_compress test_checkpoint_cache test_trial_runs)
suites+=("${gui_suites[@]}" "${trial_suites[@]}")

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
echo "sanitizers: ${#suites[@]} suites (${#gui_suites[@]} GUI, ${#trial_suites[@]} trials) under ASan+UBSan, no reports, in $((SECONDS - start)) s"
