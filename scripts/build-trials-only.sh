#!/usr/bin/env bash
# Builds ratioscope-trial alone, as the README's "Trials on another machine"
# says (-DRATIOSCOPE_TRIALS_ONLY=ON: LibTorch, no Qt, no Ceres), into DIR
# (default build/trials-only), with ccache sharing its hits with the full
# build (scripts/build.sh's settings). Extra arguments go to cmake, e.g.
#   scripts/build-trials-only.sh build/trials-only-no-clients \
#     -DCMAKE_DISABLE_FIND_PACKAGE_SQLite3=ON -DCMAKE_DISABLE_FIND_PACKAGE_PostgreSQL=ON
# The test command builds both variants before the tests run, so that
# tests/app/test_trials_only_build.cpp (which calls this script too, a no-op
# then) spends its time testing, not compiling LibTorch sources.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$root/build/trials-only}
shift || true
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
cmake -S "$root" -B "$dir" -G Ninja -DRATIOSCOPE_TRIALS_ONLY=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache "$@" > "$dir.configure.log" 2>&1 ||
  { tail -40 "$dir.configure.log"; exit 1; }
cmake --build "$dir" --target ratioscope-trial -j "${RATIOSCOPE_JOBS:-$(nproc)}"
test -x "$dir/app/ratioscope-trial" || { echo "no app/ratioscope-trial in $dir"; exit 1; }
