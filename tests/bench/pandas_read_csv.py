"""Reference for bench_import: how long pandas.read_csv takes on the same file.

Prints one line, `pandas_seconds=<s> rows=<n>`, or `pandas_unavailable` when
pandas is not installed (python3-pandas is a Debian package).
"""
import sys
import time

try:
    import pandas
except ImportError:
    print("pandas_unavailable")
    sys.exit(0)

start = time.perf_counter()
frame = pandas.read_csv(sys.argv[1])
seconds = time.perf_counter() - start
print(f"pandas_seconds={seconds:.4f} rows={len(frame)}")
