"""The result every optimizer returns, and which iterations it records.

A run of 10^6 iterations must not store 10^6 weight vectors, so optimizers record the iterate only
at chosen iterations: all of them for short runs, about 200 log-spaced ones for long runs.
"""

from dataclasses import dataclass

import numpy as np

from . import validate

ALL_UP_TO = 1000  # record="auto" keeps every iterate up to this many iterations
LOG_POINTS = 200  # ... and this many log-spaced ones beyond


@dataclass(frozen=True, eq=False)
class Run:
    """The outcome of an optimizer run.

    w         final iterate (the last finite one if the run diverged)
    iters     iterations at which the history was recorded, increasing, starting at 0
    weights   iterate at each recorded iteration, shape (len(iters), d)
    loss      training loss at each recorded iteration
    diverged  True if the loss blew up and the run was stopped early
    step      the step size used
    """

    w: np.ndarray
    iters: np.ndarray
    weights: np.ndarray
    loss: np.ndarray
    diverged: bool
    step: float


def record_points(iters, record=None):
    """The sorted iterations 0 <= k <= iters at which to store the iterate.

    record: None or "auto" (every iteration if iters <= 1000, else ~200 log-spaced ones),
    "all", "log", an int m (about m log-spaced iterations), or a list of iterations.
    The first (0) and the last (iters) are always included.
    """
    iters = validate.integer(iters, "iters", low=0)
    if record is None or (isinstance(record, str) and record == "auto"):
        record = "all" if iters <= ALL_UP_TO else "log"
    if isinstance(record, str):
        validate.choice(record, "record", ("auto", "all", "log"))
        if record == "all":
            return np.arange(iters + 1)
        record = LOG_POINTS
    if isinstance(record, (int, np.integer)) and not isinstance(record, bool):
        m = validate.integer(record, "record", low=2)
        points = np.geomspace(1, max(iters, 1), num=m).round().astype(int)
    else:
        points = np.asarray(record)
        if points.ndim != 1 or not np.issubdtype(points.dtype, np.integer):
            raise ValueError("record must be 'auto', 'all', 'log', an int, or a list of iterations")
        if points.size and (points.min() < 0 or points.max() > iters):
            raise ValueError(f"record iterations must lie in [0, iters={iters}]")
    return np.unique(np.concatenate([[0, iters], points]))
