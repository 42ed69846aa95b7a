#!/usr/bin/env bash
# Builds the libFuzzer harnesses (tests/fuzz) with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer into ./build-fuzz and runs each for a bounded
# time (FUZZ_SECONDS, default 30) from a seed corpus of the repository's own
# test files. Prints executions, coverage and crashes; fails on any crash,
# hang or sanitizer report. A longer run: FUZZ_SECONDS=600 bash scripts/fuzz.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${RATIOSCOPE_FUZZ_BUILD_DIR:-$root/build-fuzz}
seconds=${FUZZ_SECONDS:-30}
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache} CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DRATIOSCOPE_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
cmake --build "$build" -j "${RATIOSCOPE_JOBS:-$(nproc)}" >/dev/null

# Seeds: our fixtures, our example data, and a small store made by the build.
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
mkdir -p "$corpus/importers" "$corpus/store" "$corpus/parsers" "$corpus/project"
i=0
for f in "$root"/tests/data/lm_eval/v03_results.json "$root"/tests/data/lighteval/*.json "$root"/tests/data/opencompass/*.csv \
         "$root"/tests/data/lm_eval/sweep/llama-7b/*.json "$root"/tests/data/lm_eval/sweep-map.csv; do
  for selector in '\x00' '\x01' '\x02' '\x03'; do
    { printf "$selector"; head -c 20000 "$f"; } > "$corpus/importers/seed$((i++))"
  done
done
head -c 4000 "$root/datasets/compression-example.csv" | { printf '\x00'; cat; } > "$corpus/importers/seed-csv"
cp "$root/tests/data/lm_eval/sweep-map.csv" "$corpus/parsers/map"
printf 'ratio<=0.5' > "$corpus/parsers/where"
printf 'method=wanda' > "$corpus/parsers/set"
printf '{"tasks": {"my_task": {"chance": 0.2, "category": "reasoning"}, "my_loss": {"category": "language-modelling", "lower_is_better": true}, "open": {"chance": null}}}' \
  > "$corpus/parsers/tasks.json"
cat > "$corpus/project/study.ratioscope" <<'JSON'
{"format": "ratioscope-project", "version": 1, "source": {"location": "/data/runs.csv",
 "sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
 "task_overrides": {"location": "/data/tasks.json"}, "filter": "7b rtn bits<=4",
 "figure": {"metric": "arc_easy", "axis": "bits", "log_x": false, "log_y": true, "error_bars": true,
  "dropouts_and_knees": false, "hidden": ["method:nm24", "model:llama\u001fllama-7b"]},
 "excluded_runs": ["llama-7b/rtn/s1"],
 "fit": {"law": "compression", "per_series": false,
  "options": {"robust": "huber:0.01", "random_starts": 64, "seed": 7, "bootstrap": 40, "holdout_above": 0.5}},
 "window": {"geometry": "AQI=", "state": "AAA="}}
JSON
printf '7b rtn seed=1 ratio<0.5' > "$corpus/project/filter"
for db in "${RATIOSCOPE_BUILD_DIR:-$root/build}"/datasets/*.sqlite; do [[ -f $db ]] && cp "$db" "$corpus/store/"; done

status=0
export UBSAN_OPTIONS="suppressions=$root/tests/fuzz/ubsan.supp:halt_on_error=1:print_stacktrace=1"
for name in importers store parsers project; do
  log="$build/fuzz_$name.log"
  # -rss_limit_mb and -timeout turn memory blow-ups and hangs into failures.
  if "$build/tests/fuzz/fuzz_$name" "$corpus/$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -max_len=65536 -print_final_stats=1 -artifact_prefix="$build/fuzz_$name-" > "$log" 2>&1; then
    result=ok
  else
    result=FAILED
    status=1
  fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  echo "fuzz_$name: $result, ${execs:-0} inputs in ${seconds}s (${speed:-0}/s), $cov"
  if [[ $result != ok ]]; then grep -E "ERROR|SUMMARY|runtime error|^    #[0-9] " "$log" | head -30; fi
done
exit $status
