#!/usr/bin/env bash
# Regenerates datasets/trials-example.csv: the exact sweeps the bundled trials
# example came from (README.md in this folder says what it holds). Two lanes
# run side by side, one CPU thread each (two threads on two busy cores wait on
# each other), each into its own CSV; the lanes are then merged, the runs both
# trained (tf-micro dense at 20 tokens per parameter) kept once. About 25
# minutes on two idle CPU cores, up to an hour on busy ones; trained models
# are cached, so a second run only compresses, recovers and evaluates.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cli=${RATIOSCOPE_CLI:-$root/build/app/ratioscope-cli}
out="$root/datasets/trials-example.csv"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
common=(--seeds 1 --device cpu --threads 1)
family=tf-femto,tf-pico,tf-nano,tf-micro,tf-tiny,tf-small  # with tf-base: 4.8k to 162k parameters

lane_a() {
  # 1. The largest model, natively trained at 20 tokens per parameter and
  #    compressed six ways; the six smaller sizes of its family, likewise trained.
  "$cli" trial --model tf-base --baselines "$family" \
    --methods magnitude,structured,heads,nm24,rtn,lowrank \
    --ratios 0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.85,0.87,0.88,0.9 --bits 8,4,3,2 \
    --tokens-per-param 20 "${common[@]}" --out "$work/a.csv"
  # 2. Recovery after pruning, 10% of the dense model's training tokens:
  #    fine-tuning on labels, then distillation from the dense model.
  "$cli" trial --model tf-base --methods magnitude,structured --ratios 0.5,0.7,0.8 \
    --tokens-per-param 20 --rft-tokens 324262 "${common[@]}" --out "$work/a.csv" --append
  "$cli" trial --model tf-base --methods magnitude --ratios 0.5,0.7,0.8 \
    --tokens-per-param 20 --rft-tokens 324262 --distill "${common[@]}" --out "$work/a.csv" --append
  # 5. tf-small at 40 tokens per parameter, the grid's (section 3) budget
  #    nearest the floor for the second-largest size; here to even the lanes.
  "$cli" trial --model tf-small --methods "" --tokens-per-param 40 "${common[@]}" --out "$work/a.csv" --append
}

lane_b() {
  # 3. A Chinchilla grid: three sizes at 5, 10 and 40 tokens per parameter
  #    (20 is lane a's), two of them also at 80, tf-small at 5 and 10 (40 in
  #    lane a), tf-base at 10 and 40; dense only. The largest budgets come
  #    nearest the floor, which is what lets the law's E be told from the
  #    data term (README.md in this folder).
  for tpp in 5 10 40; do
    "$cli" trial --model tf-tiny --baselines tf-nano,tf-micro --methods "" \
      --tokens-per-param "$tpp" "${common[@]}" --out "$work/b.csv" --append
  done
  "$cli" trial --model tf-tiny --baselines tf-micro --methods "" \
    --tokens-per-param 80 "${common[@]}" --out "$work/b.csv" --append
  for tpp in 5 10; do
    "$cli" trial --model tf-small --methods "" --tokens-per-param "$tpp" "${common[@]}" --out "$work/b.csv" --append
  done
  for tpp in 10 40; do
    "$cli" trial --model tf-base --methods "" --tokens-per-param "$tpp" "${common[@]}" --out "$work/b.csv" --append
  done
  # 4. Iterative magnitude pruning with rewinding against one-shot magnitude, on tf-micro.
  "$cli" trial --model tf-micro --methods magnitude,imp --ratios 0,0.5,0.75 \
    --tokens-per-param 20 "${common[@]}" --out "$work/b.csv" --append
  # 6. Two more seeds of the four smallest sizes at 20 tokens per parameter,
  #    where seeds differ most and training costs least.
  "$cli" trial --model tf-micro --baselines tf-femto,tf-pico,tf-nano --methods "" \
    --tokens-per-param 20 --seeds 2,3 --device cpu --threads 1 --out "$work/b.csv" --append
  # 7. The three smallest sizes given far more data than 20 tokens per
  #    parameter, up to 320: where their loss stops falling with data is what
  #    their size allows, the A/N^alpha term Chinchilla needs to tell from
  #    B/D^beta (without these its fit does not converge; README.md here).
  for tpp in 40 80 160 320; do
    "$cli" trial --model tf-pico --baselines tf-femto --methods "" \
      --tokens-per-param "$tpp" "${common[@]}" --out "$work/b.csv" --append
  done
  for tpp in 80 160; do
    "$cli" trial --model tf-nano --methods "" --tokens-per-param "$tpp" "${common[@]}" --out "$work/b.csv" --append
  done
}

lane_a > "$work/a.log" 2>&1 &
a=$!
lane_b > "$work/b.log" 2>&1 &
b=$!
status=0
wait $a || { status=$?; cat "$work/a.log" >&2; }
wait $b || { status=$?; cat "$work/b.log" >&2; }
[ "$status" = 0 ] || exit "$status"
# One header, lane a's runs, then lane b's runs that lane a does not have
# (the first column is the run's key; each run is several rows, one per metric).
awk -F, 'FNR == 1 { if (NR == 1) print; next } NR == FNR { seen[$1] = 1; print; next } !($1 in seen)' \
  "$work/a.csv" "$work/b.csv" > "$out.tmp"
mv "$out.tmp" "$out"
echo "$(($(wc -l < "$out") - 1)) rows written to $out"
