#!/usr/bin/env bash
# Configures and builds Ratioscope into ./build with ccache (the LibTorch
# translation units are slow to compile; ccache makes rebuilds cheap).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${RATIOSCOPE_BUILD_DIR:-$root/build}
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
# Hits across checkouts in different folders (a CI clone, a second worktree):
# paths relative to the repository, and no working-directory hash for -g.
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
jobs=${RATIOSCOPE_JOBS:-$(nproc)}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=${RATIOSCOPE_BUILD_TYPE:-RelWithDebInfo} \
  -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
cmake --build "$build" -j "$jobs"
