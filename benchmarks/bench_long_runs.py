"""Long runs of notebook 05: 10^6 GD steps on the Figure-1 data, and gradient flow to t = 1e40.

Prints: the compiled GD (max_margin.gd, numba) against the plain numpy loop (max_margin.gd_numpy)
on the same 10^6 steps, both timed in this run, with the ratio; the first compiled call (which
includes numba's compilation or loading its cache) separately; gradient flow to 1e40.
Targets (issue "Notebook 05"): 10^6 steps <= 0.25 s and >= 16x the numpy loop; flow <= 1 s.
Asserts nothing: machines are shared and noisy.

    .venv/bin/python benchmarks/bench_long_runs.py
"""

import statistics
import time

import numpy as np

from lectures_lib import data, max_margin


def timed(f, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def main():
    X, y = data.soudry_figure1()
    steps = 10**6
    print(f"numba available: {max_margin.numba is not None}")
    first, _ = timed(lambda: max_margin.gd(X, y, iters=10), 1)
    print(f"first compiled call (compile or load cache): {first:.2f} s")
    fast, run_fast = timed(lambda: max_margin.gd(X, y, iters=steps), 3)
    slow, run_slow = timed(lambda: max_margin.gd_numpy(X, y, iters=steps), 1)
    same = np.max(np.abs(run_fast.w - run_slow.w)) / np.linalg.norm(run_slow.w)
    print(f"10^6 GD steps, compiled: {fast:.3f} s (median of 3; target <= 0.25 s)")
    print(f"10^6 GD steps, numpy   : {slow:.3f} s")
    print(f"speed-up: {slow / fast:.1f}x (target >= 16x); final iterates agree to {same:.1e}")
    flow_time, flow = timed(lambda: max_margin.gradient_flow(X, y, t_max=1e40), 3)
    print(f"gradient flow to t = {flow.iters[-1]:.0e}: {flow_time:.3f} s "
          "(median of 3; target <= 1 s)")


if __name__ == "__main__":
    main()
