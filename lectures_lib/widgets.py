"""The standard controls every demo uses, so that sliders look and behave alike across notebooks.

Each function returns one ipywidgets control. Demos put them in a dict under short names
("step", "iters", "init", "init_scale", "seed", ...), which is how tests and benchmarks drive them.
Controls whose change triggers real computation use continuous_update=False: they act when the
slider is released (or a key is pressed), not at every pixel of a drag.
"""

import math

import ipywidgets as W
import numpy as np
import traitlets

from . import validate

_STYLE = {"description_width": "210px"}  # one width, so that the sliders line up
_LAYOUT = {"width": "520px"}

# The iteration counts the iterations slider offers: 1, 2, 3, 5, 7, 10, 20, 30, 50, 70, 100, ...
ITERATION_STEPS = (1, 2, 3, 5, 7)


def iteration_options(max_iters=10**5):
    """Log-spaced 'nice' iteration counts 0, 1, 2, 3, 5, 7, 10, ... up to max_iters (included)."""
    max_iters = validate.integer(max_iters, "max_iters", low=1)
    options = [0]
    for p in range(int(math.log10(max_iters)) + 1):
        options += [m * 10**p for m in ITERATION_STEPS if m * 10**p <= max_iters]
    if options[-1] != max_iters:
        options.append(max_iters)
    return options


# What a step slider's threshold means, and so what a demo's figure says above it.
STEP_KINDS = {
    "threshold": "a sharp stability threshold (2/L): GD diverges above it",
    "guaranteed": "a sufficient condition, not a cliff: below it convergence is guaranteed",
    "initial": "the curvature at the start (2/L₀): above it the loss rises, the run stays bounded",
    "typical": "a rule of thumb (nonlinear networks): no sharp threshold",
}


class StepSlider(W.FloatLogSlider):
    """A FloatLogSlider that knows what its threshold means: `kind`, one of STEP_KINDS.

    The kind is a Python-side trait (not synced to the browser, which sees a FloatLogSlider);
    tests read it instead of the words of the label."""

    kind = traitlets.Enum(tuple(STEP_KINDS), default_value="threshold")


def step_slider(threshold, value=None, low=1e-2, high=2.5, label="step η", threshold_name="2/L",
                kind="threshold"):
    """Log-scale step-size slider from low*threshold to high*threshold.

    threshold: the stability limit (e.g. least_squares.max_stable_step(X)); it is shown in the
    label, so the student sees where the slider crosses it. The default value is threshold / 2,
    i.e. 1/L: the classical safe choice.

    kind: what the threshold is, and so what the demo's figure must say when the step exceeds it
    (stored as the returned slider's `kind`; see the demo contract in lectures_lib.demos):

    - "threshold": a sharp stability threshold (2/L, 2/μ_max, stability at A*): above it GD
      diverges, and the figure says `diverges: η = ... > 2/L = ...`.
    - "guaranteed": a sufficient condition, not a cliff (Soudry et al.'s step bound; SGD's step
      that is safe for every sample): above it the figure says what happened (whether the run
      diverged, whether the loss rose).
    - "initial": the curvature at the start, 2/L₀ (the softmax of notebook 00): above it the loss
      rises at first, but the gradient is bounded, so the run never blows up; the figure says so.
    - "typical": a rule of thumb for a nonlinear network, no sharp threshold: a divergence, if
      any, is said as for "threshold".
    """
    threshold = validate.positive(threshold, "threshold")
    kind = validate.choice(kind, "kind", tuple(STEP_KINDS))
    value = threshold / 2 if value is None else validate.positive(value, "value")
    lo, hi = np.log10(low * threshold), np.log10(high * threshold)
    return StepSlider(
        value=value, base=10, min=lo, max=hi, step=(hi - lo) / 200,
        description=f"{label} ({threshold_name} = {threshold:.3g})", readout_format=".3g",
        continuous_update=False, style=_STYLE, layout=_LAYOUT, kind=kind,
    )


def iters_slider(value=100, max_iters=10**5, label="iterations t"):
    """Iterations on a log scale: a selection slider over 0, 1, 2, 3, 5, 7, 10, ..., max_iters.

    Its value is an int from iteration_options(max_iters). Moving it only slices a precomputed
    path, so it updates continuously.
    """
    options = iteration_options(max_iters)
    if value not in options:
        raise ValueError(f"value must be one of the iteration counts {options}, got {value}")
    return W.SelectionSlider(
        options=options, value=value, description=label, continuous_update=True,
        style=_STYLE, layout=_LAYOUT,
    )


INIT_OPTIONS = (
    ("zero", "zero"),
    ("random", "random"),
    ("pure null-space start", "null"),
)


def init_dropdown(value="zero"):
    """Where the optimizer starts: 'zero', 'random' (generic, so partly in the null space), or
    'null', labelled "pure null-space start" (a vector of ker X, no row-space part at all: see
    data.initialization)."""
    return W.Dropdown(options=INIT_OPTIONS, value=value, description="initialization",
                      style=_STYLE, layout=_LAYOUT)


def init_scale_slider(value=1.0, high=3.0):
    """Size of a nonzero initialization (norm of w0 relative to the data's natural scale)."""
    return W.FloatSlider(value=value, min=0.0, max=high, step=0.05, description="init scale",
                         continuous_update=False, readout_format=".2f", style=_STYLE,
                         layout=_LAYOUT)


def seed_input(value=0):
    """Random seed (data, initialization, SGD order): the same seed always gives the same figure."""
    return W.BoundedIntText(value=value, min=0, max=10**6, description="seed", style=_STYLE,
                            layout={"width": "330px"})


def batch_size_slider(n, value=1):
    """Minibatch size for SGD, from 1 (one sample per step) to n (full-batch GD)."""
    n = validate.integer(n, "n", low=1)
    return W.IntSlider(value=value, min=1, max=n, description="SGD batch size",
                       continuous_update=False, style=_STYLE, layout=_LAYOUT)


def lam_slider(value=1e-2, low=1e-8, high=1e2, label="ridge λ"):
    """Log-scale regularization strength."""
    lo, hi = np.log10(low), np.log10(high)
    return W.FloatLogSlider(value=value, base=10, min=lo, max=hi, step=(hi - lo) / 200,
                            description=label, readout_format=".2e", continuous_update=True,
                            style=_STYLE, layout=_LAYOUT)


# Controls a single demo needs, in the house style. `continuous_update` is the demo's choice for
# every slider: True when moving it only slices what is already computed, False when it starts
# a computation (then it acts when the slider is released).


def dropdown(options, value, label):
    """A drop-down menu: options as ipywidgets takes them (values, or (label, value) pairs)."""
    return W.Dropdown(options=options, value=value, description=label, style=_STYLE,
                      layout=_LAYOUT)


def choice_slider(options, value, label, *, continuous_update):
    """A slider over a few given values (a SelectionSlider): its value is one of options."""
    return W.SelectionSlider(options=options, value=value, description=label,
                             continuous_update=continuous_update, style=_STYLE, layout=_LAYOUT)


def float_slider(value, low, high, step, label, *, continuous_update):
    """A linear slider over the real numbers from low to high, in increments of step."""
    return W.FloatSlider(value=value, min=low, max=high, step=step, description=label,
                         continuous_update=continuous_update, style=_STYLE, layout=_LAYOUT)


def int_slider(value, low, high, label, *, continuous_update):
    """A linear slider over the integers from low to high."""
    return W.IntSlider(value=value, min=low, max=high, description=label,
                       continuous_update=continuous_update, style=_STYLE, layout=_LAYOUT)


def checkbox(value, label):
    """An on/off box."""
    return W.Checkbox(value=value, description=label, style=_STYLE, layout=_LAYOUT)
