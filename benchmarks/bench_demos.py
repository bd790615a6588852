"""How fast does a demo answer a control change, inside the kernel?

For every demo and every control, 20 changes (cycling through values across the control's range),
each timed from the value assignment to the new PNGs being in the Output widgets (compute + draw
+ PNG encoding). In the same run, the naive pattern on the same figure: every change builds the
demo from scratch at the new settings (fresh computation without caches, new figure and artists,
a full draw, PNG). That naive twin is if anything cheaper than the usual
`interactive_output` + pyplot + inline backend (which also draws twice for bbox_inches="tight"),
so the ratio printed is conservative.

Targets: median <= 60 ms per panel drawn and >= 4x faster than the naive pattern (notebook 01's
demos); median <= 50 ms per control change, iterations up to 10^6 (notebook 02's).
This prints figures; it asserts nothing (machines are shared and noisy).

    make bench            or    .venv/bin/python benchmarks/bench_demos.py [--changes 20]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

from lectures_lib import demos, plotting
from lectures_lib.demos._core import fresh_caches

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.helpers import other_values  # noqa: E402  (the tests move controls the same way)

DEMOS = demos.ALL


def bench(name, factory, changes):
    demo = factory()
    rows = []
    for cname, control in demo.controls.items():
        demo.reset()
        fast, naive = [], []
        for value in other_values(control, changes):
            if value == control.value:
                continue
            t0 = time.perf_counter()
            control.value = value
            fast.append(time.perf_counter() - t0)
            settings = dict(demo.values)
            with fresh_caches():  # the demos' caches start empty; the live demo's stay as they are
                t0 = time.perf_counter()
                factory(**settings)  # the naive twin: everything from scratch
                naive.append(time.perf_counter() - t0)
        rows.append((cname, statistics.median(fast), max(fast), statistics.median(naive)))
    return len(demo.panels), rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=20, help="changes per control")
    parser.add_argument("--only", nargs="*", choices=sorted(DEMOS), help="demos to run (all)")
    args = parser.parse_args()
    plotting.use_style()
    print(f"{'demo':19s} {'control':11s} {'panels':>6s} {'median ms':>10s} {'ms/panel':>9s} "
          f"{'max ms':>8s} {'naive ms':>9s} {'speed-up':>9s}")
    all_rows = []
    for name, factory in DEMOS.items():
        if args.only and name not in args.only:
            continue
        panels, rows = bench(name, factory, args.changes)
        for cname, med, worst, naive in rows:
            all_rows.append((med / panels, naive / med))
            print(f"{name:19s} {cname:11s} {panels:6d} {1e3 * med:10.1f} {1e3 * med / panels:9.1f} "
                  f"{1e3 * worst:8.1f} {1e3 * naive:9.1f} {naive / med:8.1f}x")
    per_panel = [r[0] for r in all_rows]
    speedups = [r[1] for r in all_rows]
    print(f"\nworst median per panel: {1e3 * max(per_panel):.1f} ms (target <= 60 ms); "
          f"smallest speed-up over naive: {min(speedups):.1f}x (target >= 4x)")


if __name__ == "__main__":
    main()
