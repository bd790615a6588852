"""Notebook 00 (the overview): the phenomenon on real digits.

overview_curves: softmax GD on digits, error, loss and weight norm against t.

Each function returns a Demo; the contract is in the package docstring.
"""

import functools

import numpy as np

from lectures_lib import data, overview, plotting, widgets
from lectures_lib.demos._core import (
    Demo,
    Prefetch,
    _diverges_message,
    cached,
    curve,
    read_only,
    register,
    slider_neighbours,
)

# ---------------------------------------------------------------------------------------------
# Computations: plain functions of hashable arguments, cached; the demo below only draws them
# ---------------------------------------------------------------------------------------------

MAX_T = 10**4  # GD steps per run: the figure's horizon
RECORDED = 80  # about this many log-spaced iterations recorded per run (the curves' points)


@functools.lru_cache(maxsize=4)  # a split is 1 MB
def digits(n_train, seed):
    """data.digits_split(n_train, seed), loaded once per split."""
    return read_only(data.digits_split(n_train, seed))


@cached
def curves(step, n_train, seed):
    """One run of MAX_T GD steps (overview.softmax_gd) on the digits split (n_train, seed), and
    what the figure draws of it at the recorded iterations "t": training and test loss and error,
    the weight norm; plus the split's 2/L0 ("threshold") and guaranteed step ("guarantee"),
    whether the run diverged, and whether the training loss rose at any of the MAX_T steps
    ("rises", not only at the recorded ones)."""
    Xtr, ytr, Xte, yte = digits(n_train, seed)
    run = overview.softmax_gd(Xtr, ytr, step, MAX_T, classes=10, record=RECORDED)
    Ws = run.weights.reshape(len(run.iters), Xtr.shape[1], 10)
    test_loss, test_err = overview.loss_and_error(Ws, Xte, yte)
    return read_only({
        "t": run.iters, "train_loss": run.loss, "test_loss": test_loss,
        "train_err": overview.loss_and_error(Ws, Xtr, ytr)[1], "test_err": test_err,
        "norm": np.linalg.norm(run.weights, axis=1),
        "threshold": 2 / overview.initial_curvature(Xtr),
        "guarantee": overview.max_stable_step(Xtr),
        "diverged": run.diverged,
        "rises": run.rises,
    })


# A new step is a new run of 10^4 GD steps (about 0.2 s): while the figure of one step is drawn,
# the steps one and two arrow-key presses away are computed in the background (_core.Prefetch).
# The lambda looks `curves` up when called, so the benchmarks' fresh_caches() reaches it too.
_ahead = Prefetch(lambda *setting: curves(*setting))


@register(notebook="00")
def overview_curves(seed=0, **initial):
    """A linear softmax classifier trained by GD on a small training subset of the digits data.

    Left: training and test error against iterations. Middle: training and test loss (log-log);
    the test loss turns upward (marker: its minimum) while the test error moves by less than a
    point, up or down with the split (notebook 00 measures it). Right: the weight norm against
    ln t: a straight line, as notebook 05 predicts.
    The step slider is scaled by 2/L0, L0 the curvature at W = 0 (overview.initial_curvature) of
    the 100-image split of the initial seed, fixed when the figure is built: changing n_train or
    seed keeps the step itself, not its ratio to the new split's 2/L0 (the status line prints it):
    5x the global guarantee 4n/lambda_max (overview.max_stable_step, Boehning's bound), and not a
    guarantee itself (the curvature grows first: 1.34 L0 after one step at the default). The
    default 0.6 * 2/L0 = 3x the guarantee makes 10^4 steps show roughly what 3 x 10^4 guaranteed
    steps show; descent is checked instead of guaranteed: the run records the loss at every step and
    the figure says if it rose at any. One compiled run of 10^4 GD steps per setting (`curves`,
    cached; the steps up to two presses away are computed in the background); the iterations slider
    slices it. Controls: step, iters, n_train, seed.
    """
    Xtr0, _, _, _ = digits(100, seed)
    threshold = 2 / overview.initial_curvature(Xtr0)
    controls = {
        "step": widgets.step_slider(threshold, value=0.6 * threshold, low=0.01, high=2.5,
                                    threshold_name="2/L₀", kind="initial"),
        "iters": widgets.iters_slider(value=MAX_T, max_iters=MAX_T),
        "n_train": widgets.choice_slider([50, 100, 150, 300], 100, "training images",
                                         continuous_update=False),
        "seed": widgets.seed_input(seed),
    }
    figs = [plotting.figure(width=3.4, height=3.0) for _ in range(3)]
    (f1, ax1), (f2, ax2), (f3, ax3) = figs
    for ax in (ax1, ax2, ax3):
        ax.set_xscale("symlog", linthresh=1)
        ax.set_xlim(0, MAX_T)
        ax.set_xlabel("iteration t")
    ax1.set(ylim=(0, 1), title="error")
    ax2.set(yscale="log", ylim=(1e-4, 5), title="loss (mean cross-entropy)")
    ax3.set(ylim=(0, 40), title="weight norm ‖W‖")
    tr_err = curve(ax1, 0, label="train")
    te_err = curve(ax1, 1, "--", label="test")
    tr_loss = curve(ax2, 0, label="train")
    te_loss = curve(ax2, 1, "--", label="test")
    te_min = curve(ax2, 3, "none", marker="v", ms=8, label="test-loss minimum")
    norm = curve(ax3, 2)
    ax1.legend(loc="upper right", fontsize="small")
    ax2.legend(loc="lower left", fontsize="x-small")
    warn = plotting.warning_text(ax2)
    plotting.dynamic(f1, tr_err, te_err)
    plotting.dynamic(f2, tr_loss, te_loss, te_min, warn)
    plotting.dynamic(f3, norm)

    def update(v):
        c = _ahead.get(v["step"], v["n_train"], v["seed"])
        _ahead.prefetch(*[(step, v["n_train"], v["seed"])
                          for step in slider_neighbours(controls["step"], presses=2)])
        k = c["t"] <= v["iters"]
        t = c["t"][k]
        tr_err.set_data(t, c["train_err"][k])
        te_err.set_data(t, c["test_err"][k])
        tr_loss.set_data(t, np.maximum(c["train_loss"][k], 1e-12))
        te_loss.set_data(t, c["test_loss"][k])
        j = int(np.argmin(c["test_loss"][k]))
        te_min.set_data([t[j]], [c["test_loss"][k][j]])
        norm.set_data(t, c["norm"][k])
        if c["diverged"]:
            warn.set_text(_diverges_message(v["step"], c["threshold"], "2/L₀"))
        elif c["rises"]:
            warn.set_text(f"training loss rises at some step: η = {v['step']:.3g}"
                          f"{' > 2/L₀ = ' if v['step'] > c['threshold'] else ', 2/L₀ = '}"
                          f"{c['threshold']:.3g}")
        else:
            warn.set_text("")
        return (f"after t = {t[-1]}: training error {c['train_err'][k][-1]:.1%}, test error "
                f"{c['test_err'][k][-1]:.1%} (at the test-loss minimum, t = {t[j]}: "
                f"{c['test_err'][k][j]:.1%}); test loss {c['test_loss'][k][-1]:.3f} vs its "
                f"minimum {c['test_loss'][k][j]:.3f}. Step {v['step']:.3g}: 2/L₀ = "
                f"{c['threshold']:.3g} from the curvature at W = 0 (not a guarantee); descent is "
                f"guaranteed only below {c['guarantee']:.3g}; over the 10⁴ steps the training "
                f"loss {'rose at some step' if c['rises'] else 'fell at every step'}")

    return Demo(controls, {"error": f1, "loss": f2, "norm": f3}, update, initial)
