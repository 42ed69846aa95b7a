#!/usr/bin/env bash
# Regenerates datasets/trials-example.csv: the exact sweep the bundled trials
# example came from (README.md in this folder says what it holds). About a
# quarter of an hour on two CPU cores; trained models are cached, so a second
# run only compresses and evaluates.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cli=${RATIOSCOPE_CLI:-$root/build/app/ratioscope-cli}
"$cli" trial --model tf-small --baselines tf-nano,tf-micro,tf-tiny \
  --methods magnitude,structured,heads,nm24,rtn,lowrank \
  --ratios 0,0.1,0.25,0.4,0.5,0.6,0.75,0.9 --bits 8,4,3,2 \
  --steps 2000 --seeds 1 --device cpu --threads 2 \
  --out "$root/datasets/trials-example.csv"
