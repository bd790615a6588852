"""Small helpers shared by the tests and benchmarks (independent of lectures_lib's own code)."""

import numpy as np


def well_conditioned(n, d, seed, low=1.0, high=3.0):
    """A random n x d matrix with singular values in [low, high] (condition number <= high/low)."""
    rng = np.random.default_rng(seed)
    k = min(n, d)
    U = np.linalg.qr(rng.standard_normal((n, k)))[0]
    V = np.linalg.qr(rng.standard_normal((d, k)))[0]
    s = rng.uniform(low, high, size=k)
    return (U * s) @ V.T


def null_projector(X):
    """I - pinv(X) X: the orthogonal projector onto ker X, computed independently."""
    return np.eye(X.shape[1]) - np.linalg.pinv(X) @ X


def other_values(control, k=1):
    """Valid values for an ipywidgets control, as a student moving it around would produce them;
    shared by tests/test_demos.py and benchmarks/bench_demos.py.
    k = 1: one value, always the same and different from the current one (a test's change).
    k > 1: k values spread over the control's range, in a fixed pseudo-random order (a benchmark's
    changes; some may equal the current value)."""
    import ipywidgets as W

    if isinstance(control, (W.ToggleButton, W.Checkbox)):
        return [not control.value] if k == 1 else [i % 2 == 0 for i in range(k)]
    if isinstance(control, (W.SelectionSlider, W.Dropdown)):
        options = [o[1] if isinstance(o, tuple) else o for o in control.options]
        if k == 1:
            return [options[(options.index(control.value) + len(options) // 2) % len(options)]]
        picks = np.linspace(0, len(options) - 1, k).round().astype(int)
        return [options[i] for i in np.random.default_rng(0).permutation(picks)]
    if isinstance(control, W.FloatLogSlider):
        if k == 1:
            return [10 ** (control.min + 0.3 * (control.max - control.min))]
        return list(10 ** np.random.default_rng(1).uniform(control.min, control.max, k))
    if isinstance(control, (W.IntSlider, W.FloatSlider)) and k == 1:
        return [control.max if control.value != control.max else control.min]
    if isinstance(control, W.IntSlider):
        return [int(v) for v in np.random.default_rng(2).integers(control.min, control.max + 1, k)]
    if isinstance(control, W.FloatSlider):
        return list(np.random.default_rng(3).uniform(control.min, control.max, k).round(2))
    if isinstance(control, W.BoundedIntText):
        return list(range(control.value + 1, control.value + 1 + k))
    raise TypeError(f"no rule for {type(control).__name__}")


def another_value(control):
    """A valid value for the control, different from its current one."""
    return other_values(control)[0]
