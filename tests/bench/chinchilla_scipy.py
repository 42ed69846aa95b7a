"""Reference for the Chinchilla-fit benchmark: the published fitting procedure
(Hoffmann et al. 2022, Approach 3) with scipy's L-BFGS-B.

Usage: chinchilla_scipy.py DATA.csv [--starts-limit K]
DATA.csv has a header `N,D,L` (parameters, tokens, loss), one row per point.

Model, in log space: log L_hat = LSE(a - alpha*log N, b - beta*log D, e), i.e.
L_hat = E + A/N^alpha + B/D^beta with A = e^a, B = e^b, E = e^e. Objective:
sum_i huber_delta(log L_i - log L_hat_i), delta = 1e-3. One unbounded L-BFGS-B
run (default tolerances, analytic gradient) from each of the 4,500 points of
the paper's grid; the lowest objective wins. `--starts-limit K` runs only the
first K grid points (nested order a, b, e, alpha, beta).

Prints human-readable lines, then one final machine-readable line:
`scipy_seconds=<s> starts=<n> objective=<f> a= b= e= alpha= beta= A= B= E=`,
where the time covers the loop over starts only. Prints `scipy_unavailable`
when scipy is not installed (python3-scipy is a Debian package).
"""
import argparse
import itertools
import sys
import time

try:
    import numpy as np
    from scipy.optimize import minimize
    from scipy.special import logsumexp
except ImportError:
    print("scipy_unavailable")
    sys.exit(0)

DELTA = 1e-3
# The paper's initialisation grid: 6 * 6 * 5 * 5 * 5 = 4,500 starts.
GRID_A = [0.0, 5.0, 10.0, 15.0, 20.0, 25.0]
GRID_B = [0.0, 5.0, 10.0, 15.0, 20.0, 25.0]
GRID_E = [-1.0, -0.5, 0.0, 0.5, 1.0]
GRID_ALPHA = [0.0, 0.5, 1.0, 1.5, 2.0]
GRID_BETA = [0.0, 0.5, 1.0, 1.5, 2.0]


def make_objective(log_n, log_d, log_l):
    """Return f(theta) -> (value, gradient) for theta = (a, b, e, alpha, beta)."""
    ones = np.ones_like(log_n)

    def objective(theta):
        a, b, e, alpha, beta = theta
        # terms[k, i]: the three log-space summands for point i.
        terms = np.stack([a - alpha * log_n, b - beta * log_d, e * ones])
        lse = logsumexp(terms, axis=0)
        r = log_l - lse
        abs_r = np.abs(r)
        quadratic = abs_r <= DELTA
        value = np.sum(np.where(quadratic, 0.5 * r * r,
                                DELTA * (abs_r - 0.5 * DELTA)))
        # d huber/dr = r inside the band, delta*sign(r) outside: a clip.
        dh = np.clip(r, -DELTA, DELTA)
        # d lse/d t_k = softmax weight w_k; dr/dtheta = -d lse/dtheta.
        w = np.exp(terms - lse)
        g_a = -np.dot(dh, w[0])
        g_b = -np.dot(dh, w[1])
        g_e = -np.dot(dh, w[2])
        g_alpha = np.dot(dh, w[0] * log_n)  # d t1/d alpha = -log N
        g_beta = np.dot(dh, w[1] * log_d)   # d t2/d beta = -log D
        return value, np.array([g_a, g_b, g_e, g_alpha, g_beta])

    return objective


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("csv")
    parser.add_argument("--starts-limit", type=int, default=None)
    args = parser.parse_args()

    data = np.genfromtxt(args.csv, delimiter=",", names=True)
    log_n, log_d, log_l = (np.log(data[c]) for c in ("N", "D", "L"))
    objective = make_objective(log_n, log_d, log_l)

    grid = list(itertools.product(GRID_A, GRID_B, GRID_E, GRID_ALPHA, GRID_BETA))
    if args.starts_limit is not None and args.starts_limit < len(grid):
        print(f"starts limit applied: {args.starts_limit} of {len(grid)} starts")
        grid = grid[:max(args.starts_limit, 0)]
    else:
        print(f"starts limit not applied: full grid of {len(grid)} starts")
    print(f"points: {len(log_l)}")

    best = None
    start = time.perf_counter()
    for x0 in grid:
        res = minimize(objective, np.array(x0), method="L-BFGS-B", jac=True)
        if np.isfinite(res.fun) and (best is None or res.fun < best.fun):
            best = res
    seconds = time.perf_counter() - start

    if best is None:
        print(f"scipy_seconds={seconds:.4f} starts={len(grid)} objective=nan")
        return
    a, b, e, alpha, beta = best.x
    print(f"per start: {seconds / max(len(grid), 1) * 1e3:.3f} ms")
    print(f"scipy_seconds={seconds:.4f} starts={len(grid)} "
          f"objective={best.fun:.17g} a={a:.17g} b={b:.17g} e={e:.17g} "
          f"alpha={alpha:.17g} beta={beta:.17g} A={np.exp(a):.10g} "
          f"B={np.exp(b):.10g} E={np.exp(e):.10g}")


if __name__ == "__main__":
    main()
