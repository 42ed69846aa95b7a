#!/usr/bin/env bash
# Regenerates datasets/trials-example.csv: the exact sweeps the bundled trials
# example came from (README.md in this folder says what it holds). About half
# an hour on two CPU cores; trained models are cached, so a second run only
# compresses, recovers and evaluates.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cli=${RATIOSCOPE_CLI:-$root/build/app/ratioscope-cli}
out="$root/datasets/trials-example.csv"
common=(--steps 2000 --seeds 1 --device cpu --threads 2)
# 1. tf-small natively trained, compressed six ways; three smaller natives.
"$cli" trial --model tf-small --baselines tf-nano,tf-micro,tf-tiny \
  --methods magnitude,structured,heads,nm24,rtn,lowrank \
  --ratios 0,0.1,0.25,0.4,0.5,0.6,0.75,0.9 --bits 8,4,3,2 "${common[@]}" --out "$out"
# 2. Recovery after pruning: fine-tuning on labels, then distillation.
"$cli" trial --model tf-small --methods magnitude,structured --ratios 0.6,0.75 \
  --rft-steps 200 "${common[@]}" --out "$out" --append
"$cli" trial --model tf-small --methods magnitude --ratios 0.6,0.75 \
  --rft-steps 200 --distill "${common[@]}" --out "$out" --append
# 3. Iterative magnitude pruning with rewinding against one-shot magnitude, on tf-micro.
"$cli" trial --model tf-micro --methods magnitude,imp --ratios 0,0.5,0.75 "${common[@]}" --out "$out" --append
