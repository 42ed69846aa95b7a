"""Reference for bench_lm_eval_import: Python's json.load of every file named
on stdin (one path a line), the way analysis scripts read lm-eval results.
Prints the seconds it took."""
import json
import sys
import time

paths = [line.strip() for line in sys.stdin if line.strip()]
start = time.perf_counter()
metrics = 0
for path in paths:
    with open(path) as f:
        doc = json.load(f)
    metrics += sum(len(v) for v in doc["results"].values())
print(f"{time.perf_counter() - start:.6f} {metrics}")
