"""What every optimizer records, and when a run has blown up: in one place.

A run of 10^6 iterations must not store 10^6 weight vectors, so optimizers record the iterate only
at chosen iterations: all of them for short runs, about 200 log-spaced ones for long runs
(`record_points`). A step above the stability threshold is legal (the widgets offer it): the run
is stopped once its loss exceeds BLOWUP times its scale at the start, and reports diverged=True.
`Recorder` does both for a loop written in Python, so the loop itself shows only the update rule:

    rec = Recorder(iters, record, scale=y @ y / (2 * n))
    for t in range(iters + 1):
        r = X @ w - y
        if rec.blown_up(t, r @ r / (2 * n), w=w):  # records w where chosen; True = diverged
            break
        if t < iters:
            w = w - step * X.T @ r / n                # the update rule of the slide

Compiled loops (numba) cannot hold a Recorder; they take `record_points(...)` and
`blowup_limit(scale)` as arrays/numbers and stop the same way.
"""

from dataclasses import dataclass

import numpy as np

from . import validate

BLOWUP = 1e12  # a run has diverged once its loss exceeds BLOWUP times its scale at the start
LOG_MAX = 700.0  # largest exponent evaluated: exp(700) ~ 1e304 is near the largest float
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


def blowup_limit(scale):
    """The loss above which a run counts as diverged: BLOWUP times `scale`, its size at the start
    (kept positive, so that a run starting at loss 0 still has a limit)."""
    return BLOWUP * max(float(scale), 1e-300)


class Recorder:
    """Keeps a run's state at the iterations `record_points(iters, record)` chooses, and tells the
    loop when the loss has blown up (above `blowup_limit` of the larger of `scale` and the first
    loss it sees).

    blown_up(t, loss, **state): True once loss exceeds the limit (or is inf/nan); nothing is
        recorded then. Otherwise records (t, loss, state) if t is one of the chosen iterations,
        remembers `state` as the last finite one, and returns False.
    due(t): whether t is a chosen iteration (for loops that compute the loss only there).
    After the loop: .iters, .loss (arrays), .recorded(name) (the states named `name`, stacked),
        .last (the last finite state, a dict), .diverged.
    """

    def __init__(self, iters, record=None, scale=0.0):
        self.points = record_points(iters, record)
        self._due = set(self.points.tolist())
        self._scale = float(scale)
        self.limit = None
        self.diverged = False
        self.last = {}
        self._iters, self._loss, self._states = [], [], []

    def due(self, t):
        return t in self._due

    def blown_up(self, t, loss, **state):
        loss = float(loss)
        if self.limit is None:
            self.limit = blowup_limit(max(self._scale, loss if np.isfinite(loss) else 0.0))
        if not loss <= self.limit:  # also catches inf and nan
            self.diverged = True
            return True
        self.last = state
        if t in self._due:
            self._iters.append(t)
            self._loss.append(loss)
            self._states.append(state)
        return False

    @property
    def iters(self):
        return np.array(self._iters, dtype=int)

    @property
    def loss(self):
        return np.array(self._loss, dtype=float)

    def recorded(self, name):
        return np.array([state[name] for state in self._states])


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
