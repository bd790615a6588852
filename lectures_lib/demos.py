"""One function per interactive figure. Each returns a Demo.

    demo = demos.min_norm_paths(seed=0)   # builds controls and figure, draws once
    demo                                  # in a notebook: controls above, figure below
    demo.controls["step"].value = 0.05    # redraws synchronously (tests and benchmarks do this)

How a demo stays fast: the figure and its lines are made once; a control change recomputes only
what depends on it (cached per setting), updates the lines' data, and renders the panels to PNG.
The iterations slider never recomputes: it slices a path computed once for all t.
"""

import base64

import ipywidgets as W
import numpy as np

from . import (
    data,
    least_squares,
    linear_nets,
    max_margin,
    nonlinear,
    overview,
    perceptron,
    plotting,
    spectral,
    svm,
    validate,
    widgets,
)


class Demo:
    """Named controls, a reset button, a status line, and one PNG panel per figure.

    controls: dict name -> ipywidgets control (a value change redraws)
    panels:   dict name -> matplotlib Figure (made with plotting.figure)
    update:   function(values) called with {name: value} of all controls; it updates the figures'
              artists and returns the status text (HTML). Every panel is re-rendered after it.
    initial:  optional {name: value} to start from instead of the controls' own values (an
              instructor can open a demo in a prepared state: demos.gd_vs_sgd(init="null")).
              These become the defaults that the reset button restores.
    """

    def __init__(self, controls, panels, update, initial=None):
        self.controls = dict(controls)
        self.panels = dict(panels)
        for name, value in (initial or {}).items():
            if name not in self.controls:
                raise ValueError(f"unknown control {name!r}; this demo has {sorted(self.controls)}")
            try:
                self.controls[name].value = value
            except Exception as e:  # a traitlets error: out of range, not an option, wrong type
                raise ValueError(f"{name}={value!r} is not allowed: {e}") from None
        self.defaults = {name: c.value for name, c in self.controls.items()}
        self._update = update
        self._holding = False  # True while reset() or update() set controls: no extra redraws
        self.outputs = {name: W.Output() for name in self.panels}
        self.status = W.HTML()
        self.reset_button = W.Button(description="reset", icon="undo",
                                     tooltip="restore the default settings")
        self.reset_button.on_click(lambda _button: self.reset())
        for c in self.controls.values():
            c.observe(self._on_change, names="value")
        self.widget = W.VBox([
            W.HBox([W.VBox(list(self.controls.values())), self.reset_button]),
            self.status,
            # the panels side by side, wrapping onto the next line when the page is narrow
            W.Box(list(self.outputs.values()),
                  layout=W.Layout(display="flex", flex_flow="row wrap")),
        ])
        self.png = {}  # the last PNG shown in each panel, for tests and static exports
        self.redraw()

    @property
    def values(self):
        return {name: c.value for name, c in self.controls.items()}

    def _on_change(self, _change):
        if not self._holding:
            self.redraw()

    def redraw(self):
        """Recompute, update the figures, and show them (synchronously).

        An update may itself set a control (e.g. lam = 1/(eta t) while a "match" toggle is on);
        such a change does not start another redraw.
        """
        self._holding = True
        try:
            self.status.value = self._update(self.values)
        finally:
            self._holding = False
        for name, fig in self.panels.items():
            self.png[name] = plotting.png(fig)
            # Replace the Output's content in one assignment: no flicker, and it works without a
            # running kernel too (tests, benchmarks).
            self.outputs[name].outputs = ({
                "output_type": "display_data",
                "data": {"image/png": base64.b64encode(self.png[name]).decode("ascii"),
                         "text/plain": f"<figure: {name}>"},
                "metadata": {},
            },)

    def reset(self):
        """Restore every control's default, then redraw once."""
        self._holding = True
        try:
            for name, c in self.controls.items():
                c.value = self.defaults[name]
        finally:
            self._holding = False
        self.redraw()

    def _repr_mimebundle_(self, **kwargs):
        """The live widget, plus a PNG of the panels at the current settings: front ends with
        widgets show the widget; static exports (nbconvert HTML, slides) fall back to the PNG."""
        bundle = self.widget._repr_mimebundle_(**kwargs)
        png = plotting.combine_png(list(self.png.values()))
        bundle["image/png"] = base64.b64encode(png).decode("ascii")
        return bundle


ROUNDING_FLOOR = 1e-29  # a loss this many times below its start is at double precision's floor


class _Cache(dict):
    """Results per setting of the controls, so that going back to a setting is instant. Once it
    holds `limit` settings it forgets them all before storing the next (memory stays bounded)."""

    def __init__(self, limit=32):
        super().__init__()
        self.limit = limit

    def __setitem__(self, key, value):
        if len(self) >= self.limit:
            self.clear()
        super().__setitem__(key, value)


def _diverges_message(step, threshold, name="2/L"):
    return f"diverges: η = {step:.3g} > {name} = {threshold:.3g}"


# --------------------------------------------------------------------------------------------
# Notebook 01: minimum-norm least squares
# --------------------------------------------------------------------------------------------

def min_norm_paths(seed=0, **initial):
    """n = 1, d = 2: the line of all solutions, GD paths from several starts, and w_+.

    Every demo takes initial control values as keywords, e.g. min_norm_paths(step=0.5, iters=100).

    Every GD step moves along x_1 (Lemma 3), i.e. perpendicular to the solution line, so a path
    from w0 ends at the foot of the perpendicular from w0: w_+ + P_null w0. From zero that is w_+,
    the point of the line closest to the origin.
    Controls: step, iters, init ('zero', 'random', 'null'), init_scale, seed.
    """
    X, y = data.one_equation_2d()
    w_plus = least_squares.min_norm_solution(X, y)
    threshold = least_squares.max_stable_step(X)
    controls = {
        "step": widgets.step_slider(threshold, value=0.15),
        "iters": widgets.iters_slider(value=10, max_iters=1000),
        "init": widgets.init_dropdown("random"),
        "init_scale": widgets.init_scale_slider(1.0),
        "seed": widgets.seed_input(seed),
    }
    fig, ax = plotting.figure(width=5.0, height=4.4)
    lim = 3.0
    ax.set(xlim=(-lim, lim), ylim=(-lim, lim), aspect="equal", xlabel="$w_1$", ylabel="$w_2$")
    s = np.linspace(-10, 10, 2)
    direction = np.array([2.0, -1.0]) / np.sqrt(5)  # spans ker X
    ax.plot(*(w_plus[:, None] + direction[:, None] * s), color="0.3", lw=1.2, ls="-",
            label="all solutions of $Xw = y$")
    ax.plot(*(X[0][:, None] / np.linalg.norm(X[0]) * s), color="0.6", lw=1, ls=":",
            label="row space of $X$")
    ax.plot(0, 0, "k+", ms=10)
    ax.plot(*w_plus, marker="*", color="#D55E00", ms=16, ls="none", zorder=5,
            label="$w_+ = X^T(XX^T)^{-1}y$")
    n_paths = 5
    labels = ["GD from 0", "GD from other starts"] + [None] * (n_paths - 2)
    paths = [ax.plot([], [], color=plotting.OKABE_ITO[0 if i == 0 else 1 + i % 2],
                     lw=2.4 if i == 0 else 1.4, ls="-" if i == 0 else "--", marker=".", ms=5,
                     label=labels[i])[0]
             for i in range(n_paths)]
    starts = ax.plot([], [], "o", color="0.2", ms=5, ls="none", label="starts $w_0$")[0]
    limits = ax.plot([], [], "o", mfc="none", mec="#009E73", ms=11, mew=2, ls="none",
                     label="limits $w_+ + P_{null}w_0$")[0]
    ax.legend(loc="lower left", fontsize="small")
    title = ax.set_title(" ")
    warning = plotting.warning_text(ax)
    plotting.dynamic(fig, *paths, starts, limits, title, warning)

    def update(v):
        t, step = v["iters"], v["step"]
        rng = np.random.default_rng(v["seed"])
        w0s = [np.zeros(2)]
        if v["init"] == "random":
            w0s += list(v["init_scale"] * rng.standard_normal((n_paths - 1, 2)))
        elif v["init"] == "null":  # starts on the null-space line through 0
            w0s += [v["init_scale"] * k * direction for k in 1.5 * rng.standard_normal(n_paths - 1)]
        for line in paths:
            line.set_data([], [])
        ends = []
        diverged = False
        for line, w0 in zip(paths, w0s):
            run = spectral.gd_closed_form(X, y, step, np.arange(t + 1), w0=w0)
            line.set_data(run.weights[:, 0], run.weights[:, 1])
            diverged |= run.diverged
            ends.append(run.w)
        w0s = np.array(w0s)
        starts.set_data(w0s[:, 0], w0s[:, 1])
        lims = np.array([w_plus + least_squares.project_null_space(X, w0) for w0 in w0s])
        limits.set_data(lims[:, 0], lims[:, 1])
        warning.set_text(_diverges_message(step, threshold) if diverged else "")
        title.set_text(f"GD, η = {step:.3g}, after t = {t} steps")
        err = np.linalg.norm(ends[0] - w_plus)
        return (f"2/L = {threshold:.3g} (L = ||x₁||² = {2 / threshold:.3g}). "
                f"From 0 after t = {t}: ‖w_t − w₊‖ = {err:.2e}"
                + (" — <b>diverging</b>" if diverged else ""))

    return Demo(controls, {"paths": fig}, update, initial)


def gd_vs_sgd(n=50, d=200, seed=0, **initial):
    """d = 200 unknowns, n = 50 equations: GD and SGD against iterations.

    Left: distance to the minimum-norm solution w_+. Right: the same error split into its
    row-space part ||P_row w_t - w_+|| (goes to 0) and its null-space part ||P_null w_t||
    (never changes: exactly 0 from zero, ||P_null w0|| otherwise), so a nonzero start converges
    to w_+ + P_null w0, not to w_+.
    GD comes from the closed form (spectral.gd_closed_form); SGD is run for real
    (least_squares.sgd), once per setting, and extended only when the iterations slider asks
    for more.
    Controls: step (GD), sgd_step, batch_size, iters, init, init_scale, seed.
    """
    n = validate.integer(n, "n", low=1)
    d = validate.integer(d, "d", low=n + 1)
    max_iters = 10**5
    grid = np.unique(np.concatenate([widgets.iteration_options(max_iters),
                                     np.geomspace(1, max_iters, 160).round().astype(int)]))
    problem = {}  # seed -> (X, y, w_plus, row-space basis)

    def get_problem(s):
        if s not in problem:
            X, y = data.underdetermined_regression(n, d, seed=s)
            w_plus = least_squares.min_norm_solution(X, y)
            V = np.linalg.svd(X, full_matrices=False)[2].T  # orthonormal basis of the row space
            problem.clear()
            problem[s] = (X, y, w_plus, V)
        return problem[s]

    X0 = get_problem(seed)[0]
    gd_threshold = least_squares.max_stable_step(X0)
    sgd_threshold = least_squares.max_stable_step(X0, batch_size=1)
    controls = {
        "step": widgets.step_slider(gd_threshold, label="GD step η"),
        "sgd_step": widgets.step_slider(sgd_threshold, high=2.5 * gd_threshold / sgd_threshold,
                                        label="SGD step", threshold_name="safe for b=1"),
        "batch_size": widgets.batch_size_slider(n, 1),
        "iters": widgets.iters_slider(value=1000, max_iters=max_iters),
        "init": widgets.init_dropdown("zero"),
        "init_scale": widgets.init_scale_slider(1.0),
        "seed": widgets.seed_input(seed),
    }
    fig1, ax1 = plotting.figure(width=4.4, height=3.4)
    fig2, ax2 = plotting.figure(width=4.4, height=3.4)
    floor = 1e-17  # exact zeros are drawn here on the log axes
    for ax in (ax1, ax2):
        ax.set(yscale="log", xlim=(0, max_iters), ylim=(1e-17, 1e3),
               xlabel="iteration t")
        ax.set_xscale("symlog", linthresh=1)  # linear near 0, so that t = 0 is on the axis
    ax1.set(ylabel=r"$\|w_t - w_+\|$", title="distance to the min-norm solution")
    ax2.set(title="row-space and null-space parts")
    gd1, = ax1.plot([], [], color=plotting.OKABE_ITO[0], ls="-", label="GD")
    sgd1, = ax1.plot([], [], color=plotting.OKABE_ITO[1], ls="--", label="SGD")
    gd_row, = ax2.plot([], [], color=plotting.OKABE_ITO[0], ls="-",
                       label=r"GD $\|P_{row}w_t - w_+\|$")
    sgd_row, = ax2.plot([], [], color=plotting.OKABE_ITO[1], ls="--",
                        label=r"SGD $\|P_{row}w_t - w_+\|$")
    gd_null, = ax2.plot([], [], color=plotting.OKABE_ITO[2], ls="-.",
                        label=r"GD $\|P_{null}w_t\|$")
    sgd_null, = ax2.plot([], [], color=plotting.OKABE_ITO[3], ls=":",
                         label=r"SGD $\|P_{null}w_t\|$")
    ax1.legend(loc="upper right")
    ax2.legend(loc="upper right", fontsize="x-small")
    warn1, warn2 = plotting.warning_text(ax1), plotting.warning_text(ax2)
    plotting.dynamic(fig1, gd1, sgd1, warn1)
    plotting.dynamic(fig2, gd_row, sgd_row, gd_null, sgd_null, warn2)
    cache = _Cache()

    def start(v):
        X, y, _, _ = get_problem(v["seed"])
        return data.initialization(v["init"], X, y, v["init_scale"], seed=v["seed"] + 1)

    def gd_path(v):
        key = ("gd", v["seed"], v["step"], v["init"], v["init_scale"])
        if key not in cache:
            X, y, _, _ = get_problem(v["seed"])
            cache[key] = spectral.gd_closed_form(X, y, v["step"], grid, w0=start(v))
        return cache[key]

    def sgd_path(v):
        """SGD up to iteration v["iters"] (at least 1000), reusing a longer run of the same
        setting. It stops early at the rounding floor: later steps would not change w."""
        key = ("sgd", v["seed"], v["sgd_step"], v["batch_size"], v["init"], v["init_scale"])
        run = cache.get(key)
        done = run is not None and (run.iters[-1] >= v["iters"] or run.diverged
                                    or run.loss[-1] <= ROUNDING_FLOOR * run.loss[0])
        if not done:
            X, y, _, _ = get_problem(v["seed"])
            todo = max(v["iters"], 1000)
            w0 = start(v)
            cache[key] = least_squares.sgd(
                X, y, v["sgd_step"], todo, batch_size=v["batch_size"], w0=w0, seed=v["seed"],
                record=grid[grid <= todo], tol=ROUNDING_FLOOR * least_squares.loss(X, y, w0))
        return cache[key]

    def parts(run, t, w_plus, V):
        upto = run.iters <= t
        W_ = run.weights[upto]
        row = (W_ @ V) @ V.T
        return (run.iters[upto],
                np.maximum(np.linalg.norm(W_ - w_plus, axis=1), floor),
                np.maximum(np.linalg.norm(row - w_plus, axis=1), floor),
                np.maximum(np.linalg.norm(W_ - row, axis=1), floor))

    def update(v):
        X, y, w_plus, V = get_problem(v["seed"])
        t = v["iters"]
        gd, sgd = gd_path(v), sgd_path(v)
        ti, dist, row, null = parts(gd, t, w_plus, V)
        gd1.set_data(ti, dist)
        gd_row.set_data(ti, row)
        gd_null.set_data(ti, null)
        si, sdist, srow, snull = parts(sgd, t, w_plus, V)
        at_floor = not sgd.diverged and si[-1] < t  # stopped at the rounding floor: flat from here
        if at_floor:
            si, sdist, srow, snull = (np.append(a, a[-1]) for a in (si, sdist, srow, snull))
            si[-1] = t
        sgd1.set_data(si, sdist)
        sgd_row.set_data(si, srow)
        sgd_null.set_data(si, snull)
        gd_thr = least_squares.max_stable_step(X)
        sgd_thr = least_squares.max_stable_step(X, v["batch_size"])
        msgs = []
        if gd.diverged and gd.iters[-1] < t:
            msgs.append("GD " + _diverges_message(v["step"], gd_thr))
        if sgd.diverged and sgd.iters[-1] < t:
            msgs.append(f"SGD diverges: step {v['sgd_step']:.3g} > safe {sgd_thr:.3g}")
        warn1.set_text("\n".join(msgs))
        warn2.set_text("\n".join(msgs))
        w0 = start(v)
        floor_note = (f" (SGD reached the rounding floor at t = {sgd.iters[-1]}; later steps "
                      "change w only by rounding)") if at_floor else ""
        return (f"after t = {t}: ‖w_t − w₊‖ GD {dist[-1]:.2e}, SGD {sdist[-1]:.2e}{floor_note}; "
                f"‖P_null w₀‖ = {np.linalg.norm(w0 - V @ (V.T @ w0)):.2e}. "
                f"Stable steps: GD &lt; 2/L = {gd_thr:.3g}, SGD (b = {v['batch_size']}) "
                f"safe &lt; {sgd_thr:.3g}")

    return Demo(controls, {"distance": fig1, "parts": fig2}, update, initial)


def ridge_path(n=50, d=200, seed=0, **initial):
    """Ridge solutions w_lam approach w_+ as lam -> 0, like GD iterates as t -> infinity.

    One panel, log-log: ||w_lam - w_+|| against lam (ridge, closed form), and the GD error
    ||w_t - w_+|| from zero drawn at lam = 1/(eta t) (the correspondence made precise in
    notebook 02). Markers show the current lam and the current t.
    Controls: lam, step, iters, seed.
    """
    n = validate.integer(n, "n", low=1)
    d = validate.integer(d, "d", low=n + 1)
    lams = np.geomspace(1e-8, 1e2, 121)
    X0, _ = data.underdetermined_regression(n, d, seed=seed)
    threshold = least_squares.max_stable_step(X0)
    controls = {
        "lam": widgets.lam_slider(1e-2),
        "step": widgets.step_slider(threshold, label="GD step η"),
        "iters": widgets.iters_slider(value=100, max_iters=10**5),
        "seed": widgets.seed_input(seed),
    }
    fig, ax = plotting.figure(width=5.6, height=3.8)
    ax.set(xscale="log", yscale="log", xlabel=r"$\lambda$  (GD: $1/(\eta t)$)",
           ylabel="distance to $w_+$", xlim=(1e-8, 1e2), ylim=(1e-12, 1e1),
           title="ridge and GD both approach the min-norm solution")
    ridge_line, = ax.plot([], [], color=plotting.OKABE_ITO[0], ls="-",
                          label=r"ridge $\|w_\lambda - w_+\|$")
    gd_line, = ax.plot([], [], color=plotting.OKABE_ITO[1], ls="--",
                       label=r"GD $\|w_t - w_+\|$ at $\lambda = 1/(\eta t)$")
    ridge_dot, = ax.plot([], [], "o", color=plotting.OKABE_ITO[0], ms=9)
    gd_dot, = ax.plot([], [], "s", color=plotting.OKABE_ITO[1], ms=8)
    ax.legend(loc="upper left")
    warning = plotting.warning_text(ax)
    plotting.dynamic(fig, ridge_line, gd_line, ridge_dot, gd_dot, warning)
    ts = np.unique(np.geomspace(1, 10**5, 150).round().astype(int))
    cache = _Cache()

    def problem(s):
        if ("data", s) not in cache:
            cache.clear()
            X, y = data.underdetermined_regression(n, d, seed=s)
            w_plus = least_squares.min_norm_solution(X, y)
            dist = np.linalg.norm(spectral.ridge_path(X, y, lams) - w_plus, axis=1)
            cache[("data", s)] = (X, y, w_plus, dist)
        return cache[("data", s)]

    def update(v):
        X, y, w_plus, dist = problem(v["seed"])
        ridge_line.set_data(lams, np.maximum(dist, 1e-16))
        lam = v["lam"]
        here = np.linalg.norm(least_squares.ridge(X, y, lam) - w_plus)
        ridge_dot.set_data([lam], [max(here, 1e-16)])
        key = ("gd", v["seed"], v["step"])
        if key not in cache:
            cache[key] = spectral.gd_closed_form(X, y, v["step"], np.concatenate([[0], ts]))
        run = cache[key]
        t = v["iters"]
        gd_err = np.linalg.norm(run.weights - w_plus, axis=1)
        ok = run.iters > 0
        gd_line.set_data(1 / (v["step"] * run.iters[ok]), np.maximum(gd_err[ok], 1e-16))
        thr = least_squares.max_stable_step(X)
        if run.diverged:
            warning.set_text(_diverges_message(v["step"], thr))
            gd_dot.set_data([], [])
            return f"ridge: ‖w_λ − w₊‖ = {here:.2e} at λ = {lam:.2e}; GD diverges"
        warning.set_text("")
        w_t = spectral.gd_closed_form(X, y, v["step"], t).w
        e_t = np.linalg.norm(w_t - w_plus)
        if t > 0:
            gd_dot.set_data([1 / (v["step"] * t)], [max(e_t, 1e-16)])
        else:
            gd_dot.set_data([], [])
        return (f"ridge: ‖w_λ − w₊‖ = {here:.2e} at λ = {lam:.2e};  "
                f"GD after t = {t}: ‖w_t − w₊‖ = {e_t:.2e} (1/(ηt) = "
                f"{(1 / (v['step'] * t)) if t else float('inf'):.2e})")

    return Demo(controls, {"ridge": fig}, update, initial)


# --------------------------------------------------------------------------------------------
# Notebook 02: early stopping as a spectral filter
# --------------------------------------------------------------------------------------------

def filters(**initial):
    """The GD filter 1 - (1 - eta mu)^t against Tikhonov mu/(mu + lam) and the spectral cut-off.

    mu on a log axis from 1e-7 to mu_max = 1. The toggle "match" sets lam = 1/(eta t), under which
    the GD and Tikhonov curves move together, at most about 0.2 apart for t >= 100 (0.30 at t = 3;
    the status line prints the gap). Push eta past 1/mu_max = 1 to see the GD filter
    oscillate around 1 (for odd t it overshoots), and past 2 to see it diverge.
    Controls: step, iters (t, up to 10^6), lam, match.
    """
    mu = np.geomspace(1e-7, 1.0, 400)
    controls = {
        "step": widgets.step_slider(2.0, value=1.0, low=1e-2, high=1.25,
                                    threshold_name="2/μ_max"),
        "iters": widgets.iters_slider(value=100, max_iters=10**6),
        "lam": widgets.lam_slider(3e-3, low=1e-7, high=1.0),
        "match": W.ToggleButton(value=False, description="set λ = 1/(ηt)", icon="link",
                                tooltip="tie λ to the GD filter: λ = 1/(η t)"),
    }
    fig, ax = plotting.figure(width=6.0, height=3.6)
    ax.set(xscale="log", xlim=(1e-7, 1.0), ylim=(-0.6, 2.1), xlabel=r"eigenvalue $\mu$ of $X^TX/n$",
           ylabel=r"filter $F(\mu)$", title="low-pass filters on the spectrum")
    ax.axhline(1.0, color="0.6", lw=0.8)
    gd_line, = ax.plot([], [], color=plotting.OKABE_ITO[0], ls="-",
                       label=r"GD $1-(1-\eta\mu)^t$")
    tik_line, = ax.plot([], [], color=plotting.OKABE_ITO[1], ls="--",
                        label=r"Tikhonov $\mu/(\mu+\lambda)$")
    cut_line, = ax.plot([], [], color=plotting.OKABE_ITO[2], ls=":",
                        label=r"cut-off $1[\mu\geq\lambda]$")
    gd_mark = ax.axvline(1.0, color=plotting.OKABE_ITO[0], lw=0.8, ls="-")
    lam_mark = ax.axvline(1.0, color=plotting.OKABE_ITO[1], lw=0.8, ls="--")
    ax.legend(loc="upper left")
    warning = plotting.warning_text(ax)
    plotting.dynamic(fig, gd_line, tik_line, cut_line, gd_mark, lam_mark, warning)

    def update(v):
        step, t = v["step"], v["iters"]
        lam_slider = controls["lam"]
        lam_slider.disabled = v["match"]
        if v["match"] and t > 0:
            lam = min(max(1.0 / (step * t), 10**lam_slider.min), 10**lam_slider.max)
            lam_slider.value = lam  # shown on the slider; does not trigger another redraw
        else:
            lam = v["lam"]
        F = spectral.gd_filter(mu, t, step)
        gd_line.set_data(mu, np.clip(F, -5, 5))  # a diverging filter is clipped and said below
        tik_line.set_data(mu, spectral.tikhonov_filter(mu, lam))
        cut_line.set_data(mu, spectral.cutoff_filter(mu, lam))
        gd_mark.set_xdata([1.0 / (step * t) if t > 0 else 1e3] * 2)
        lam_mark.set_xdata([lam, lam])
        diverges = spectral.gd_diverges(mu, step)
        warning.set_text(_diverges_message(step, 2.0, "2/μ_max") if diverges else "")
        gap = np.max(np.abs(F - spectral.tikhonov_filter(mu, lam))) if not diverges else np.inf
        regime = ("monotone" if step <= 1 else "oscillates around 1 for μ > 1/η" if step <= 2
                  else "diverges")
        return (f"t = {t}, η = {step:.3g} (η·μ_max = {step:.3g}: {regime}); λ = {lam:.2e}, "
                f"1/(ηt) = {(1 / (step * t)) if t else float('inf'):.2e}; "
                f"max over μ of |F_GD − F_Tikhonov| = {gap:.2f}")

    return Demo(controls, {"filters": fig}, update, initial)


def early_stopping_fit(seed=0, **initial):
    """A noisy 1-D regression with 200 Gaussian-bump features and 30 samples.

    Left: the data, the true function, the GD fit after t steps from the chosen start, the ridge
    fit with lam = 1/(eta t), and (faint) the minimum-norm interpolant that GD from zero tends to.
    Right: training and test error of GD against t and of ridge against 1/(eta lam) on one axis:
    training error falls to 0, test error traces a U, and the interpolant is at the far right.
    Controls: step, iters (up to 10^6), noise, init, init_scale, seed.
    """
    x_test = np.linspace(0, 1, 400)
    F_test = data.rbf_features(x_test)
    y_test = data.smooth_target(x_test)
    grid = np.unique(np.concatenate([widgets.iteration_options(10**6),
                                     np.geomspace(1, 10**6, 120).round().astype(int)]))
    cache = _Cache()

    def problem(s, noise):
        key = ("data", s, noise)
        if key not in cache:
            x, y = data.noisy_regression_1d(noise=noise, seed=s)
            X = data.rbf_features(x)
            w_plus = least_squares.min_norm_solution(X, y)
            cache[key] = (x, y, X, w_plus, least_squares.max_stable_step(X))
        return cache[key]

    X0 = problem(seed, 0.3)[2]
    threshold = least_squares.max_stable_step(X0)
    controls = {
        "step": widgets.step_slider(threshold),
        "iters": widgets.iters_slider(value=5, max_iters=10**6),
        "noise": W.FloatSlider(value=0.3, min=0.0, max=1.0, step=0.05, description="noise σ",
                               continuous_update=False, style=widgets._STYLE,
                               layout=widgets._LAYOUT),
        "init": widgets.init_dropdown("zero"),
        "init_scale": widgets.init_scale_slider(1.0),
        "seed": widgets.seed_input(seed),
    }
    fig1, ax1 = plotting.figure(width=4.6, height=3.4)
    fig2, ax2 = plotting.figure(width=4.6, height=3.4)
    ax1.set(xlim=(0, 1), ylim=(-3, 3), xlabel="x", ylabel="y", title="fits")
    ax1.plot(x_test, y_test, color="0.5", lw=1.2, ls="-", label="true f")
    points, = ax1.plot([], [], "o", color="0.2", ms=4, ls="none", label="noisy samples")
    interp, = ax1.plot([], [], color=plotting.OKABE_ITO[3], lw=0.8, ls=":",
                       label="min-norm interpolant")
    gd_fit, = ax1.plot([], [], color=plotting.OKABE_ITO[0], ls="-", label="GD after t steps")
    ridge_fit, = ax1.plot([], [], color=plotting.OKABE_ITO[1], ls="--",
                          label=r"ridge, $\lambda = 1/(\eta t)$")
    ax1.legend(loc="lower left", fontsize="x-small")
    ax2.set(yscale="log", xlim=(0, 10**6), ylim=(1e-4, 3), xlabel=r"t  (ridge: $1/(\eta\lambda)$)",
            ylabel="mean squared error", title="training and test error")
    ax2.set_xscale("symlog", linthresh=1)
    gd_train, = ax2.plot([], [], color=plotting.OKABE_ITO[0], ls="-", label="GD train")
    gd_test, = ax2.plot([], [], color=plotting.OKABE_ITO[0], ls="--", label="GD test")
    r_train, = ax2.plot([], [], color=plotting.OKABE_ITO[1], ls="-.", label="ridge train")
    r_test, = ax2.plot([], [], color=plotting.OKABE_ITO[1], ls=":", label="ridge test")
    interp_test = ax2.axhline(1.0, color=plotting.OKABE_ITO[3], lw=0.8, ls=":",
                              label="interpolant test")
    now, = ax2.plot([], [], "s", color=plotting.OKABE_ITO[0], ms=7, ls="none")
    ax2.legend(loc="lower left", fontsize="x-small", ncols=2)
    warn1, warn2 = plotting.warning_text(ax1), plotting.warning_text(ax2)
    plotting.dynamic(fig1, points, interp, gd_fit, ridge_fit, warn1)
    plotting.dynamic(fig2, gd_train, gd_test, r_train, r_test, interp_test, now, warn2)

    def paths(v):
        """GD and ridge over the whole t grid, with train/test errors: once per setting."""
        key = ("paths", v["seed"], v["noise"], v["step"], v["init"], v["init_scale"])
        if key not in cache:
            x, y, X, w_plus, _ = problem(v["seed"], v["noise"])
            w0 = data.initialization(v["init"], X, y, v["init_scale"], seed=v["seed"] + 1)
            gd = spectral.gd_closed_form(X, y, v["step"], grid, w0=w0)
            ts = gd.iters
            gd_pred = gd.weights @ F_test.T
            ridge_w = spectral.ridge_path(X, y, 1.0 / (v["step"] * np.maximum(ts, 1)))
            cache[key] = {
                "ts": ts, "gd_pred": gd_pred, "ridge_pred": ridge_w @ F_test.T,
                "gd_train": 2 * gd.loss, "gd_test": np.mean((gd_pred - y_test) ** 2, axis=1),
                "ridge_train": np.mean((ridge_w @ X.T - y) ** 2, axis=1),
                "ridge_test": np.mean((ridge_w @ F_test.T - y_test) ** 2, axis=1),
                "diverged": gd.diverged,
            }
        return cache[key]

    def update(v):
        x, y, X, w_plus, thr = problem(v["seed"], v["noise"])
        p = paths(v)
        t = v["iters"]
        points.set_data(x, y)
        interp_pred = F_test @ w_plus
        interp.set_data(x_test, np.clip(interp_pred, -10, 10))
        k = np.searchsorted(p["ts"], t, side="right") - 1  # index of t (t is on the grid)
        if p["diverged"] and p["ts"][-1] < t:
            gd_fit.set_data([], [])
            ridge_fit.set_data([], [])
            now.set_data([], [])
            msg = _diverges_message(v["step"], thr)
        else:
            gd_fit.set_data(x_test, np.clip(p["gd_pred"][k], -10, 10))
            ridge_fit.set_data(x_test, np.clip(p["ridge_pred"][k], -10, 10) if t > 0 else [])
            if t == 0:
                ridge_fit.set_data([], [])
            now.set_data([t, t], [p["gd_test"][k], max(p["gd_train"][k], 1e-12)])
            msg = ""
        warn1.set_text(msg)
        warn2.set_text(msg)
        # whole curves (the U is the point), a marker at the current t
        gd_train.set_data(p["ts"], np.maximum(p["gd_train"], 1e-12))
        gd_test.set_data(p["ts"], p["gd_test"])
        ok = p["ts"] > 0
        r_train.set_data(p["ts"][ok], np.maximum(p["ridge_train"][ok], 1e-12))
        r_test.set_data(p["ts"][ok], p["ridge_test"][ok])
        interp_err = np.mean((interp_pred - y_test) ** 2)
        interp_test.set_ydata([interp_err] * 2)
        best = int(np.argmin(p["gd_test"]))
        if msg:
            return f"GD {msg}"
        return (f"t = {t}: GD train {p['gd_train'][k]:.3g}, test {p['gd_test'][k]:.3g}; "
                f"ridge (λ = 1/(ηt)) test {p['ridge_test'][k] if t else float('nan'):.3g}. "
                f"Best GD test error {p['gd_test'][best]:.3g} at t = {p['ts'][best]}; "
                f"min-norm interpolant test error {interp_err:.3g}.")

    return Demo(controls, {"fit": fig1, "errors": fig2}, update, initial)


def rates(**initial):
    """Worst-case approximation error over the source ball {f = L^r g, ||g|| <= 1}, log-log:
    Tikhonov against lam and GD (step 1) against 1/t, on the spectrum mu_i = i^(-alpha).

    Theory: Tikhonov ~ lam^min(r, 1) (it saturates at 1), GD ~ t^(-r) (no saturation). The K-norm
    versions replace r by r - 1/2 (for r > 1/2): GD ~ t^-(r - 1/2), Tikhonov ~ lam^min(r - 1/2, 1),
    still saturated at 1 (slope 0.98 for r = 2 and 3), not shifted by 1/2. Dashed: one fixed
    target g_i = i^(-1/2)/log(i+1), whose Tikhonov slope at r = 1 comes out a little below 1.
    Fitted slopes are in the status line.
    Controls: r, norm ("L2" or "K"), alpha (1, 1.5 or 2: with alpha = 1/2 the 30000 eigenvalues
    would stop at mu = 5.8e-3, above GD's worst-case mu ~ r/t, and the fitted GD slope would be
    4.3-4.9 whatever r is; a warning appears if a worst case ever sits at the spectrum's end).
    """
    r_values = [0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0]
    controls = {
        "r": W.SelectionSlider(options=r_values, value=1.0, description="source exponent r",
                               style=widgets._STYLE, layout=widgets._LAYOUT),
        "norm": W.Dropdown(options=[("L² (ρ-norm): rate r", "L2"), ("K-norm: r → r − 1/2", "K")],
                           value="L2", description="error measured in", style=widgets._STYLE,
                           layout=widgets._LAYOUT),
        "alpha": W.SelectionSlider(options=[1.0, 1.5, 2.0], value=1.0,
                                   description="spectrum μ_i = i^(-α), α", style=widgets._STYLE,
                                   layout=widgets._LAYOUT),
    }
    n_eigs = 30000
    lams = np.geomspace(1e-3, 1e-1, 20)
    ts = np.unique(np.geomspace(100, 3000, 20).round().astype(int))
    fig, ax = plotting.figure(width=5.6, height=3.8)
    ax.set(xscale="log", yscale="log", xlim=(2e-4, 2e-1), ylim=(1e-12, 2),
           xlabel=r"$\lambda$ (Tikhonov)   and   $1/t$ (GD)", ylabel="approximation error",
           title="rates under the source condition")
    tik, = ax.plot([], [], color=plotting.OKABE_ITO[1], ls="-", marker="o", ms=3,
                   label="Tikhonov, worst case")
    gd, = ax.plot([], [], color=plotting.OKABE_ITO[0], ls="-", marker="s", ms=3,
                  label="GD, worst case")
    tik_g, = ax.plot([], [], color=plotting.OKABE_ITO[1], ls="--", label="Tikhonov, fixed g")
    gd_g, = ax.plot([], [], color=plotting.OKABE_ITO[0], ls="--", label="GD, fixed g")
    ax.legend(loc="lower right", fontsize="small")
    warning = plotting.warning_text(ax)
    plotting.dynamic(fig, tik, gd, tik_g, gd_g, warning)
    cache = _Cache()

    def update(v):
        r_eff = v["r"] - 0.5 if v["norm"] == "K" else v["r"]
        if r_eff <= 0:
            for line in (tik, gd, tik_g, gd_g):
                line.set_data([], [])
            warning.set_text("the K-norm bounds need r > 1/2")
            return f"r = {v['r']}: the K-norm rate r − 1/2 is not positive; choose r > 1/2."
        warning.set_text("")
        key = (r_eff, v["alpha"])
        if key not in cache:
            i = np.arange(1, n_eigs + 1)
            g = i**-0.5 / np.log(i + 1)
            cache[key] = (spectral.rates(r_eff, v["alpha"], n_eigs, lams, ts),
                          spectral.rates(r_eff, v["alpha"], n_eigs, lams, ts, g=g))
        worst, fixed = cache[key]
        if worst["edge_tikhonov"] or worst["edge_gd"]:
            warning.set_text("worst case at the smallest eigenvalue: the slope is not the rate")
        tik.set_data(lams, worst["tikhonov"])
        gd.set_data(1.0 / ts, worst["gd"])
        tik_g.set_data(lams, fixed["tikhonov"])
        gd_g.set_data(1.0 / ts, fixed["gd"])
        return (f"rate exponent r{' − 1/2' if v['norm'] == 'K' else ''} = {r_eff:g}. "
                f"Worst case: Tikhonov slope {worst['slope_tikhonov']:.3f} "
                f"(theory min(r{' − 1/2' if v['norm'] == 'K' else ''}, 1) = {min(r_eff, 1):g}), "
                f"GD slope {worst['slope_gd']:.3f} "
                f"(theory {r_eff:g}). Fixed g: Tikhonov {fixed['slope_tikhonov']:.3f}, "
                f"GD {fixed['slope_gd']:.3f}.")

    return Demo(controls, {"rates": fig}, update, initial)


# --------------------------------------------------------------------------------------------
# Notebook 03: two-layer linear networks
# --------------------------------------------------------------------------------------------

INIT_SCALES = [0.0, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0]


def _net_controls(X, Y, threshold, seed, init_value="row_space", scale_value=0.1):
    n = X.shape[0]
    return {
        "init": W.Dropdown(options=[("row space", "row_space"), ("random", "random"),
                                    ("row space + null-space part", "row_space+null")],
                           value=init_value, description="initialization of W1",
                           style=widgets._STYLE, layout=widgets._LAYOUT),
        "init_scale": W.SelectionSlider(options=INIT_SCALES, value=scale_value,
                                        description="init scale", style=widgets._STYLE,
                                        layout=widgets._LAYOUT),
        "null_amount": W.FloatSlider(value=1.0, min=0.0, max=3.0, step=0.1,
                                     description="null-space amount", continuous_update=False,
                                     style=widgets._STYLE, layout=widgets._LAYOUT),
        "hidden": W.IntSlider(value=20, min=1, max=40, description="hidden width N",
                              continuous_update=False, style=widgets._STYLE,
                              layout=widgets._LAYOUT),
        "step": widgets.step_slider(threshold, threshold_name="stable at A*"),
        "iters": widgets.iters_slider(value=1000, max_iters=10**4),
        "batch_size": W.IntSlider(value=n, min=1, max=n, description=f"batch size ({n} = GD)",
                                  continuous_update=False, style=widgets._STYLE,
                                  layout=widgets._LAYOUT),
        "seed": widgets.seed_input(seed),
    }


def _net_runs(X, Y):
    """Training runs cached per setting; a run covers at least the iterations asked for and
    stops at the rounding floor (the weights no longer change after it)."""
    grid = np.unique(np.concatenate([widgets.iteration_options(10**4),
                                     np.geomspace(1, 10**4, 120).round().astype(int)]))
    cache = _Cache()

    def run(v):
        key = tuple(v.get(k) for k in ("init", "init_scale", "null_amount", "hidden", "step",
                                       "batch_size", "seed"))
        r = cache.get(key)
        done = r is not None and (r.iters[-1] >= v["iters"] or r.diverged
                                  or r.loss[-1] <= ROUNDING_FLOOR * max(r.loss[0], 1e-300))
        if not done:
            todo = max(v["iters"], 1000)
            b = v.get("batch_size", X.shape[0])
            cache[key] = linear_nets.train(
                X, Y, v["hidden"], v["step"], todo, init=v["init"], init_scale=v["init_scale"],
                null_amount=v.get("null_amount", 0.0), seed=v["seed"],
                batch_size=None if b == X.shape[0] else b, record=grid[grid <= todo],
                tol=ROUNDING_FLOOR * 0.5 * float(np.sum(Y**2)))
        return cache[key]

    return run


def _upto(run, t):
    """The recorded history up to iteration t, extended flat to t if the run stopped at the
    rounding floor before t."""
    k = run.iters <= t
    iters, loss, maps, null = run.iters[k], run.loss[k], run.maps[k], run.null_parts[k]
    if not run.diverged and iters[-1] < t:
        iters, loss = np.append(iters, t), np.append(loss, loss[-1])
        maps, null = np.concatenate([maps, maps[-1:]]), np.append(null, null[-1])
    return iters, loss, maps, null


def linear_net_training(seed=0, **initial):
    """Train W2 W1 on a problem with N, d >= n >= d' (n = 10, d = 20, d' = 2).

    Panels: (1) distance of A_t = W2 W1 to the minimum-norm map A* and the loss; (2) the
    null-space part ||W1_t P_null|| of W1 (flat: Lemma 4) and the distance of A_t to what the
    frozen part predicts, A* + W2_t W1_0 P_null; (3) A_t next to A* as heat maps.
    Init scale 0 is W1 = W2 = 0: every gradient vanishes there, yet it is not a minimum.
    Controls: init, init_scale, null_amount, hidden, step, iters, batch_size, seed.
    """
    X, Y = data.linear_net_problem(seed=seed)
    A_star = linear_nets.min_norm_map(X, Y)
    P_null = linear_nets.null_projector(X)
    threshold = linear_nets.stable_step(X, Y, 20)
    controls = _net_controls(X, Y, threshold, seed)
    run = _net_runs(X, Y)
    fig1, ax1 = plotting.figure(width=4.2, height=3.2)
    fig2, ax2 = plotting.figure(width=4.2, height=3.2)
    fig3, (axA, axS) = plotting.figure(nrows=2, width=6.0, height=1.3)
    for ax in (ax1, ax2):
        ax.set(yscale="log", xlim=(0, 10**4), ylim=(1e-17, 1e2), xlabel="iteration t")
        ax.set_xscale("symlog", linthresh=1)
    ax1.set(title="end-to-end map and loss")
    dist, = ax1.plot([], [], color=plotting.OKABE_ITO[0], ls="-",
                     label=r"$\|A_t - A^*\| / \|A^*\|$")
    loss, = ax1.plot([], [], color=plotting.OKABE_ITO[1], ls="--", label="loss")
    ax1.legend(loc="lower left", fontsize="small")
    ax2.set(title="null-space part of W1 (Lemma 4)")
    null, = ax2.plot([], [], color=plotting.OKABE_ITO[2], ls="-", label=r"$\|W_1 P_{null}\|$")
    pred, = ax2.plot([], [], color=plotting.OKABE_ITO[3], ls=":",
                     label=r"$\|A_t - A^* - W_2 W_1^{(0)} P_{null}\|$ at the end")
    ax2.legend(loc="lower left", fontsize="x-small")
    vmax = np.abs(A_star).max()
    imA = axA.imshow(np.zeros_like(A_star), cmap="RdBu_r", vmin=-vmax, vmax=vmax, aspect="auto")
    axS.imshow(A_star, cmap="RdBu_r", vmin=-vmax, vmax=vmax, aspect="auto")
    axA.set(yticks=[], xticks=[])
    axS.set(yticks=[], xticks=[])
    axA.set_ylabel("$A_t$", rotation=0, labelpad=14)
    axS.set_ylabel("$A^*$", rotation=0, labelpad=14)
    titleA = axA.set_title(" ")
    warns = [plotting.warning_text(ax) for ax in (ax1, ax2)]
    plotting.dynamic(fig1, dist, loss, warns[0])
    plotting.dynamic(fig2, null, pred, warns[1])
    plotting.dynamic(fig3, imA, titleA)

    def update(v):
        controls["null_amount"].disabled = v["init"] != "row_space+null"
        r = run(v)
        t = v["iters"]
        iters, L, maps, nulls = _upto(r, t)
        rel = np.linalg.norm(maps - A_star, axis=(1, 2)) / np.linalg.norm(A_star)
        dist.set_data(iters, np.maximum(rel, 1e-17))
        loss.set_data(iters, np.maximum(L, 1e-17))
        null.set_data(iters, np.maximum(nulls, 1e-17))
        frozen = r.W1_init @ P_null
        # with the weights at iteration t: A_t - A* - W2_t W1_0 P_null (exact once converged)
        W2_t = r.W2 if iters[-1] >= r.iters[-1] else None
        A_t = maps[-1]
        if W2_t is not None:
            gap = np.linalg.norm(A_t - A_star - W2_t @ frozen) / np.linalg.norm(A_star)
            pred.set_data([iters[-1]], [max(gap, 1e-17)])
            pred.set_marker("o")
        else:
            gap = None
            pred.set_data([], [])
        imA.set_data(A_t)
        titleA.set_text(f"top: A after t = {t} steps;  bottom: A*")
        msg = ""
        if r.diverged and r.iters[-1] < t:
            msg = _diverges_message(v["step"], threshold, "2/λmax(∇²L)")
        for w in warns:
            w.set_text(msg)
        notes = []
        if v["init_scale"] == 0:
            notes.append("W1 = W2 = 0: both gradients vanish, so GD never moves, yet the loss "
                         "is not minimal (a saddle; Lemma 5 needs W2 ≠ 0)")
        if v["hidden"] < Y.shape[1]:
            notes.append(f"N = {v['hidden']} < d' = {Y.shape[1]}: W2 W1 has rank ≤ N and cannot "
                         "reach A* (the lecture assumes N ≥ n ≥ d')")
        text = (f"t = {t}: ‖A_t − A*‖/‖A*‖ = {rel[-1]:.2e}, loss {L[-1]:.2e}, "
                f"‖W1 P_null‖ = {nulls[-1]:.3e} (at t = 0: {nulls[0]:.3e})")
        if gap is not None:
            text += f"; ‖A − A* − W2 W1⁽⁰⁾P_null‖/‖A*‖ = {gap:.1e}"
        return text + "".join(f"<br>{n_}" for n_ in notes)

    return Demo(controls, {"errors": fig1, "null": fig2, "maps": fig3}, update, initial)


def linear_net_modes(seed=0, **initial):
    """From a tiny initialization the singular values of A_t = W2 W1 are learned one after the
    other, each after a plateau (solid), towards those of A* (dotted). Largest first is exact for
    whitened inputs from a small mode-aligned start (Saxe et al. 2014). Here (not whitened, small
    random start) the order followed c_k = u_k^T (Y^T X) v_k along A*'s singular vectors in 39 of
    seeds 0-39, and differed from the order of s_k(A*) in 9 (seed 5): an observation (notebook 03).
    Controls: init, init_scale, hidden, step, iters, batch_size, seed.
    """
    X, Y = data.linear_net_problem(seed=seed, dout=3)
    s_star = np.linalg.svd(linear_nets.min_norm_map(X, Y), compute_uv=False)
    threshold = linear_nets.stable_step(X, Y, 20)
    controls = _net_controls(X, Y, threshold, seed, scale_value=1e-3)
    del controls["null_amount"]
    run = _net_runs(X, Y)
    fig, ax = plotting.figure(width=5.6, height=3.6)
    ax.set(xlim=(0, 10**4), ylim=(0, 1.15 * s_star.max()), xlabel="iteration t",
           ylabel="singular values of $A_t$", title="modes are learned one after another")
    ax.set_xscale("symlog", linthresh=1)
    for k, s in enumerate(s_star):
        ax.axhline(s, color=plotting.OKABE_ITO[k], ls=":", lw=1)
    lines = [ax.plot([], [], color=plotting.OKABE_ITO[k], ls="-", label=f"$s_{k + 1}(A_t)$")[0]
             for k in range(len(s_star))]
    ax.legend(loc="upper left")
    warning = plotting.warning_text(ax)
    plotting.dynamic(fig, *lines, warning)

    def update(v):
        r = run(v)
        t = v["iters"]
        iters, _, maps, _ = _upto(r, t)
        sv = np.linalg.svd(maps, compute_uv=False)
        for k, line in enumerate(lines):
            line.set_data(iters, sv[:, k])
        diverged = r.diverged and r.iters[-1] < t
        warning.set_text(_diverges_message(v["step"], threshold, "2/λmax(∇²L)") if diverged
                         else "")
        learned = [int(iters[np.argmax(sv[:, k] >= 0.5 * s_star[k])]) if np.any(
            sv[:, k] >= 0.5 * s_star[k]) else None for k in range(len(s_star))]
        return ("half of each singular value of A* reached at t = "
                + ", ".join("not yet" if t_ is None else str(t_) for t_ in learned)
                + f" (A* has singular values {', '.join(f'{s:.2f}' for s in s_star)})")

    return Demo(controls, {"modes": fig}, update, initial)


# --------------------------------------------------------------------------------------------
# Notebook 04: the perceptron and Novikoff's bound
# --------------------------------------------------------------------------------------------

MARGINS = [0.02, 0.03, 0.05, 0.07, 0.1, 0.15, 0.2, 0.3]


def _line_through(w, b, lim):
    """Two end points of the line w . x + b = 0 inside the square [-lim, lim]^2 (None if w = 0)."""
    if not np.any(w):
        return None
    p0 = -b * w / (w @ w)  # the point of the line nearest the origin
    direction = np.array([-w[1], w[0]]) / np.linalg.norm(w)
    s = 3 * lim
    return np.array([p0 - s * direction, p0 + s * direction]).T


def perceptron_run(seed=0, **initial):
    """A 2-D run of the perceptron, update by update, and the squeeze behind Novikoff's bound.

    Left: the data (the radius-R circle), the hyperplane after update k (solid), the point that
    caused update k (ringed), the max-margin hyperplane and its margin band (dashed).
    Right: k gamma* <= w^_opt . w^_k <= ||w^_opt|| sqrt(2k) R along the run: a line below a square
    root, which must cross at k = 2 ||w^_opt||^2 R^2 / gamma*^2 <= (2R/gamma*)^2.
    Controls: iters (the update k), margin (planted margin of a new dataset), order, bias, seed.
    """
    controls = {
        "iters": W.IntSlider(value=0, min=0, max=10**5, description="update k",
                             style=widgets._STYLE, layout=widgets._LAYOUT),
        "margin": W.SelectionSlider(options=MARGINS, value=0.05, description="planted margin",
                                    style=widgets._STYLE, layout=widgets._LAYOUT),
        "order": W.Dropdown(options=["cyclic", "random"], value="cyclic",
                            description="order of the points", style=widgets._STYLE,
                            layout=widgets._LAYOUT),
        "bias": W.Checkbox(value=True, description="bias b (augmented x^ = (x, R))",
                           style=widgets._STYLE, layout=widgets._LAYOUT),
        "seed": widgets.seed_input(seed),
    }
    lim = 1.15
    fig1, ax1 = plotting.figure(width=4.2, height=4.0)
    fig2, ax2 = plotting.figure(width=4.6, height=4.0)
    ax1.set(xlim=(-lim, lim), ylim=(-lim, lim), aspect="equal", xlabel="$x_1$", ylabel="$x_2$")
    theta = np.linspace(0, 2 * np.pi, 200)
    circle, = ax1.plot([], [], color="0.7", lw=0.8, ls="-")
    pos, = ax1.plot([], [], "o", color=plotting.OKABE_ITO[0], ms=4, ls="none", label="y = +1")
    neg, = ax1.plot([], [], "s", color=plotting.OKABE_ITO[1], ms=4, ls="none", label="y = −1")
    best, = ax1.plot([], [], color="0.2", ls="--", lw=1.2, label="max-margin")
    band1, = ax1.plot([], [], color="0.6", ls=":", lw=1)
    band2, = ax1.plot([], [], color="0.6", ls=":", lw=1)
    current, = ax1.plot([], [], color=plotting.OKABE_ITO[2], ls="-", lw=2.2, label="after update k")
    culprit, = ax1.plot([], [], "o", mfc="none", mec=plotting.OKABE_ITO[3], ms=13, mew=2,
                        ls="none", label="caused update k")
    ax1.legend(loc="lower left", fontsize="x-small")
    title1 = ax1.set_title(" ")
    ax2.set(xscale="log", yscale="log", xlabel="update k", title="the squeeze in the proof")
    lower, = ax2.plot([], [], color=plotting.OKABE_ITO[1], ls="--", label=r"$k\gamma^*$")
    middle, = ax2.plot([], [], color=plotting.OKABE_ITO[0], ls="-",
                       label=r"$\hat w_{opt}\cdot\hat w_k$")
    upper, = ax2.plot([], [], color=plotting.OKABE_ITO[2], ls="-.",
                      label=r"$\|\hat w_{opt}\|\sqrt{2k}\,R$")
    now, = ax2.plot([], [], "o", color=plotting.OKABE_ITO[0], ms=7, ls="none")
    cross = ax2.axvline(1, color="0.3", lw=1, ls=":", label="bound: lines cross")
    ax2.legend(loc="upper left", fontsize="x-small")
    plotting.dynamic(fig1, circle, pos, neg, best, band1, band2, current, culprit, title1)
    plotting.dynamic(fig2, lower, middle, upper, now, cross)
    cache = _Cache()

    def setting(v):
        key = (v["margin"], v["order"], v["bias"], v["seed"])
        if key not in cache:
            X, y = data.separable_classification(40, 2, v["margin"], seed=v["seed"],
                                                 bias=v["bias"])
            run = perceptron.train(X, y, bias=v["bias"], order=v["order"], seed=v["seed"])
            proof = perceptron.proof_quantities(run, X, y)
            sol = svm.hard_margin_svm(X, y, v["bias"])
            cache[key] = (X, y, run, proof, sol)
        return cache[key]

    def update(v):
        X, y, run, proof, sol = setting(v)
        k_slider = controls["iters"]
        k_slider.max = run.updates  # the slider covers this run's updates
        k = min(v["iters"], run.updates)
        R, gamma = run.R, sol.margin
        circle.set_data(R * np.cos(theta), R * np.sin(theta))
        pos.set_data(*X[y > 0].T)
        neg.set_data(*X[y < 0].T)
        for line, shift in ((best, 0.0), (band1, 1.0), (band2, -1.0)):
            pts = _line_through(sol.w, sol.b - shift, lim)
            line.set_data(*pts)
        pts = _line_through(run.history_w[k], run.history_b[k], lim)
        current.set_data(*(pts if pts is not None else ([], [])))
        culprit.set_data(*(X[[run.history_i[k - 1]]].T if k > 0 else ([], [])))
        title1.set_text(f"after update {k} of {run.updates}")
        ks = proof["k"]
        opt_norm = proof["opt_norm"]
        upper_curve = opt_norm * np.sqrt(proof["bound_norm2"])
        crossing = (opt_norm * R / gamma) ** 2 * (2 if run.bias else 1)
        kk = np.geomspace(1, 2 * crossing, 200)
        lower.set_data(kk, kk * gamma)
        upper.set_data(kk, opt_norm * R * np.sqrt((2 if run.bias else 1) * kk))
        middle.set_data(ks[1:], proof["progress"][1:])
        now.set_data([max(k, 1)], [proof["progress"][max(k, 1)]] if run.updates else [np.nan])
        cross.set_xdata([crossing, crossing])
        limits = (1, 2 * crossing, 0.5 * gamma, 2 * crossing * gamma)
        if ax2.get_xlim() + ax2.get_ylim() != limits:  # a new dataset: new axes, new background
            ax2.set(xlim=limits[:2], ylim=limits[2:])
            plotting.refresh_background(fig2)
        holds = bool(np.all(proof["progress"] <= upper_curve + 1e-9)
                     and np.all(proof["progress"] >= proof["bound_progress"] - 1e-9))
        bound = perceptron.novikoff_bound(X, y, v["bias"])
        return (f"R = {R:.3f}, γ* = {gamma:.4f}: the perceptron "
                + (f"converged after {run.updates} updates ({run.epochs} epochs)" if run.converged
                   else f"stopped by the epoch cap after {run.updates} updates")
                + f"; Novikoff's bound ({'2' if v['bias'] else ''}R/γ*)² = {bound:.0f}; "
                f"the proof's own bound 2‖ŵ_opt‖²R²/γ*² = {crossing:.0f}; both inequalities hold "
                f"at every update: {holds}")

    return Demo(controls, {"plane": fig1, "proof": fig2}, update, initial)


def perceptron_sweep(seed=0, **initial):
    """Updates against Novikoff's bound (2R/gamma*)^2 over planted margins 0.02 ... 0.3, three
    datasets per margin, cyclic and random order, log-log. Every point lies below the diagonal.
    Controls: d (dimension), n (points).
    """
    controls = {
        "d": W.SelectionSlider(options=[2, 5, 20], value=2, description="dimension d",
                               style=widgets._STYLE, layout=widgets._LAYOUT),
        "n": W.SelectionSlider(options=[50, 200], value=50, description="points n",
                               style=widgets._STYLE, layout=widgets._LAYOUT),
    }
    fig, ax = plotting.figure(width=5.2, height=4.0)
    ax.set(xscale="log", yscale="log", xlim=(10, 1e5), ylim=(1, 1e5),
           xlabel=r"Novikoff's bound $(2R/\gamma^*)^2$", ylabel="updates k",
           title="updates never exceed the bound")
    ax.plot([1, 1e5], [1, 1e5], color="0.4", lw=1, ls="-", label="k = bound")
    cyc, = ax.plot([], [], "o", color=plotting.OKABE_ITO[0], ms=5, ls="none", label="cyclic")
    rnd, = ax.plot([], [], "s", color=plotting.OKABE_ITO[1], ms=5, ls="none", mfc="none",
                   label="random order")
    ax.legend(loc="upper left")
    plotting.dynamic(fig, cyc, rnd)
    cache = _Cache()

    def update(v):
        key = (v["d"], v["n"])
        if key not in cache:
            rows = []
            for m in MARGINS:
                for s in range(3):
                    X, y = data.separable_classification(v["n"], v["d"], m, seed=seed + 100 * s)
                    bound = perceptron.novikoff_bound(X, y)
                    k_cyc = perceptron.train(X, y, order="cyclic").updates
                    k_rnd = perceptron.train(X, y, order="random", seed=s).updates
                    rows.append((bound, k_cyc, k_rnd))
            cache[key] = np.array(rows)
        rows = cache[key]
        cyc.set_data(rows[:, 0], np.maximum(rows[:, 1], 1))
        rnd.set_data(rows[:, 0], np.maximum(rows[:, 2], 1))
        ratio = rows[:, 1:].max(axis=1) / rows[:, 0]
        return (f"{len(rows)} datasets: updates / bound between {ratio.min():.3f} and "
                f"{ratio.max():.3f}; the bound held every time: {bool(np.all(ratio <= 1))}")

    return Demo(controls, {"sweep": fig}, update, initial)


def perceptron_nonseparable(seed=0, **initial):
    """Flip some labels: no hyperplane separates the data any more. The perceptron then never
    stops making mistakes (right: mistakes per epoch stay above zero) and its hyperplane keeps
    wandering (left: the last few), while ||w|| stays bounded (perceptron cycling theorem).
    Controls: flip (fraction of labels flipped), iters (epochs shown), order, seed.
    """
    controls = {
        "flip": W.SelectionSlider(options=[0.05, 0.1, 0.2, 0.3], value=0.1,
                                  description="labels flipped", style=widgets._STYLE,
                                  layout=widgets._LAYOUT),
        "iters": W.SelectionSlider(options=widgets.iteration_options(300)[1:], value=50,
                                   description="epochs", style=widgets._STYLE,
                                   layout=widgets._LAYOUT),
        "order": W.Dropdown(options=["cyclic", "random"], value="cyclic",
                            description="order of the points", style=widgets._STYLE,
                            layout=widgets._LAYOUT),
        "seed": widgets.seed_input(seed),
    }
    lim = 1.15
    fig1, ax1 = plotting.figure(width=4.2, height=4.0)
    fig2, ax2 = plotting.figure(width=4.6, height=4.0)
    ax1.set(xlim=(-lim, lim), ylim=(-lim, lim), aspect="equal", xlabel="$x_1$", ylabel="$x_2$",
            title="last hyperplanes")
    pos, = ax1.plot([], [], "o", color=plotting.OKABE_ITO[0], ms=4, ls="none", label="y = +1")
    neg, = ax1.plot([], [], "s", color=plotting.OKABE_ITO[1], ms=4, ls="none", label="y = −1")
    planes = [ax1.plot([], [], color=plotting.OKABE_ITO[2], lw=1, ls="-", alpha=0.3 + 0.14 * j)[0]
              for j in range(5)]
    ax1.legend(loc="lower left", fontsize="x-small")
    ax2.set(xlim=(1, 300), ylim=(0, 20), xlabel="epoch", title="mistakes per epoch and ‖w‖")
    mistakes, = ax2.plot([], [], color=plotting.OKABE_ITO[3], ls="-", label="mistakes")
    norms, = ax2.plot([], [], color=plotting.OKABE_ITO[0], ls="--", label="‖w‖ at epoch end")
    ax2.legend(loc="upper right", fontsize="small")
    plotting.dynamic(fig1, pos, neg, *planes)
    plotting.dynamic(fig2, mistakes, norms)
    cache = _Cache()

    def update(v):
        key = (v["flip"], v["order"], v["seed"])
        if key not in cache:
            X, y = data.nonseparable_classification(40, 2, v["flip"], seed=v["seed"])
            cache[key] = (X, y, perceptron.train(X, y, max_epochs=300, order=v["order"],
                                                 seed=v["seed"]))
        X, y, run = cache[key]
        E = v["iters"]
        upto = run.history_epoch <= E
        k = int(upto.sum())
        pos.set_data(*X[y > 0].T)
        neg.set_data(*X[y < 0].T)
        for j, line in enumerate(planes):
            idx = k - (len(planes) - 1 - j)
            pts = _line_through(run.history_w[idx], run.history_b[idx], lim) if idx > 0 else None
            line.set_data(*(pts if pts is not None else ([], [])))
        per_epoch = np.bincount(run.history_epoch[upto], minlength=E + 1)[1:E + 1]
        epochs = np.arange(1, E + 1)
        ends = np.searchsorted(run.history_epoch, epochs, side="right")
        mistakes.set_data(epochs, per_epoch)
        norms.set_data(epochs, np.linalg.norm(run.history_w[ends], axis=1))
        return (f"after {E} epochs: {k} updates, still {per_epoch[-1]} mistakes in the last epoch "
                f"(converged: {run.converged}); ‖w‖ stays below "
                f"{np.linalg.norm(run.history_w[:k + 1], axis=1).max():.2f}")

    return Demo(controls, {"plane": fig1, "epochs": fig2}, update, initial)


# --------------------------------------------------------------------------------------------
# Notebook 05: the implicit bias of GD on separable data (Soudry et al.)
# --------------------------------------------------------------------------------------------

SOUDRY_DATA = {"figure1": data.soudry_figure1, "generic": data.soudry_generic}


def _soudry_start(kind, d, scale, seed):
    """GD's starting point: zero, random (norm ~ scale), or far away in a bad direction."""
    if kind == "zero":
        return np.zeros(d)
    rng = np.random.default_rng(seed)
    if kind == "random":
        return scale * rng.standard_normal(d)
    return 10 * scale * np.array([-1.0, 1.0] + [0.0] * (d - 2)) / np.sqrt(2)  # "far"


def soudry_figure1_demo(seed=0, **initial):
    """Figure 1 of Soudry et al. (2018), live.

    (A) the data, the max-margin separator (dashed) and GD's separator after t steps (solid);
    (B) ||w(t)|| against ln t, with slope ||w_hat||; (C) the loss against t, log-log, with 1/t;
    (D) the angle theta(t) to w_hat; (E) the margin gap; (F) the share of each sample in the
    gradient, -l'(u_n) / sum_m -l'(u_m): the support vectors take over.
    GD runs once per setting (10^6 steps, compiled) and the iterations slider slices the run.
    Controls: step, iters, init, init_scale, loss, dataset, seed.
    """
    X0, y0 = data.soudry_figure1(seed)
    guarantee = max_margin.max_stable_step(X0, "logistic")
    controls = {
        "step": widgets.step_slider(guarantee, value=1.0 / np.linalg.norm(X0, 2) ** 2,
                                    low=1e-2, high=4.0, threshold_name="guaranteed below"),
        "iters": widgets.iters_slider(value=10**5, max_iters=10**6),
        "init": W.Dropdown(options=[("zero", "zero"), ("random", "random"), ("far away", "far")],
                           value="zero", description="initialization", style=widgets._STYLE,
                           layout=widgets._LAYOUT),
        "init_scale": widgets.init_scale_slider(1.0),
        "loss": W.Dropdown(options=[("logistic", "logistic"), ("exponential", "exp"),
                                    ("polynomial tail (no theorem)", "poly")],
                           value="logistic", description="loss", style=widgets._STYLE,
                           layout=widgets._LAYOUT),
        "dataset": W.Dropdown(options=[("Figure 1 (symmetric SVs)", "figure1"),
                                       ("generic (one SV per class)", "generic")],
                              value="figure1", description="data", style=widgets._STYLE,
                              layout=widgets._LAYOUT),
        "seed": widgets.seed_input(seed),
    }
    max_t = 10**6
    figA, axA = plotting.figure(width=3.6, height=3.4)
    figs = [plotting.figure(width=3.2, height=2.6) for _ in range(5)]
    (figB, axB), (figC, axC), (figD, axD), (figE, axE), (figF, axF) = figs
    lim = 4.0
    axA.set(xlim=(-lim, lim), ylim=(-lim, lim), aspect="equal", title="(A) data and separators")
    pos, = axA.plot([], [], "o", color=plotting.OKABE_ITO[0], ms=5, ls="none")
    neg, = axA.plot([], [], "s", color=plotting.OKABE_ITO[1], ms=5, ls="none")
    svs, = axA.plot([], [], "o", mfc="none", mec="k", ms=10, ls="none", label="support vectors")
    svm_line, = axA.plot([], [], color="0.2", ls="--", lw=1.2, label="max margin")
    gd_line, = axA.plot([], [], color=plotting.OKABE_ITO[2], ls="-", lw=2, label="GD at t")
    axA.legend(loc="lower right", fontsize="x-small")
    for ax in (axB, axC, axD, axE, axF):
        ax.set_xscale("log")
        ax.set_xlim(1, max_t)
        ax.set_xlabel("t")
    axB.set(ylim=(0, 12), title=r"(B) $\|w(t)\|$")
    axC.set(yscale="log", ylim=(1e-7, 30), title="(C) loss")
    axD.set(yscale="log", ylim=(1e-4, 2), title=r"(D) angle $\theta(t)$ to $\hat w$")
    axE.set(yscale="log", ylim=(1e-6, 10), title="(E) margin gap")
    axF.set(ylim=(0, 1.02), title="(F) share of the gradient")
    norm_line, = axB.plot([], [], color=plotting.OKABE_ITO[0], ls="-", label="GD")
    norm_ref, = axB.plot([], [], color="0.4", ls=":", label=r"$\|\hat w\| \ln t$ + c")
    loss_line, = axC.plot([], [], color=plotting.OKABE_ITO[0], ls="-")
    loss_ref, = axC.plot([], [], color="0.4", ls=":", label="c / t")
    angle_line, = axD.plot([], [], color=plotting.OKABE_ITO[0], ls="-")
    gap_line, = axE.plot([], [], color=plotting.OKABE_ITO[0], ls="-")
    share_sv, = axF.plot([], [], color=plotting.OKABE_ITO[3], ls="-", label="support vectors")
    share_rest, = axF.plot([], [], color=plotting.OKABE_ITO[5], ls="--", label="all others")
    for ax in (axB, axC, axF):
        ax.legend(loc="best", fontsize="x-small")
    warn = plotting.warning_text(axB)
    plotting.dynamic(figA, pos, neg, svs, svm_line, gd_line)
    plotting.dynamic(figB, norm_line, norm_ref, warn)
    plotting.dynamic(figC, loss_line, loss_ref)
    plotting.dynamic(figD, angle_line)
    plotting.dynamic(figE, gap_line)
    plotting.dynamic(figF, share_sv, share_rest)
    cache = _Cache()

    def problem(v):
        key = ("data", v["dataset"], v["seed"])
        if key not in cache:
            X, y = SOUDRY_DATA[v["dataset"]](v["seed"])
            cache[key] = (X, y, max_margin.svm_direction(X, y))
        return cache[key]

    def run(v):
        key = tuple(v[k] for k in ("dataset", "seed", "step", "init", "init_scale", "loss"))
        if key not in cache:
            X, y, sol = problem(v)
            w0 = _soudry_start(v["init"], 2, v["init_scale"], v["seed"] + 1)
            r = max_margin.gd(X, y, v["loss"], v["step"], max_t, w0=w0, record=160)
            Z = y[:, None] * X
            ok = r.iters > 0
            ws = r.weights[ok]
            shares = max_margin.gradient_shares(ws @ Z.T, v["loss"])
            on_sv = np.isin(np.arange(len(y)), sol.support)
            cache[key] = {
                "run": r, "t": r.iters[ok], "w": ws, "norm": np.linalg.norm(ws, axis=1),
                "loss": r.loss[ok], "angle": np.array([max_margin.angle(w, sol.w) for w in ws]),
                "gap": np.array([max_margin.margin_gap(w, X, y, sol.w) for w in ws]),
                "sv_share": shares[:, on_sv].sum(axis=1),
            }
        return cache[key]

    def update(v):
        X, y, sol = problem(v)
        p = run(v)
        t = v["iters"]
        k = p["t"] <= max(t, 1)
        pos.set_data(*X[y > 0].T)
        neg.set_data(*X[y < 0].T)
        svs.set_data(*X[sol.support].T)
        svm_line.set_data(*_line_through(sol.w, 0.0, lim))
        w_t = p["w"][k][-1] if k.any() else None
        pts = _line_through(w_t, 0.0, lim) if w_t is not None else None
        gd_line.set_data(*(pts if pts is not None else ([], [])))
        ts = p["t"][k]
        norm_line.set_data(ts, p["norm"][k])
        w_hat_norm = np.linalg.norm(sol.w)
        c = p["norm"][-1] - w_hat_norm * np.log(p["t"][-1])
        norm_ref.set_data(p["t"], w_hat_norm * np.log(p["t"]) + c)
        loss_line.set_data(ts, p["loss"][k])
        loss_ref.set_data(p["t"], p["loss"][-1] * p["t"][-1] / p["t"])
        angle_line.set_data(ts, np.maximum(p["angle"][k], 1e-12))
        gap_line.set_data(ts, np.maximum(p["gap"][k], 1e-12))
        share_sv.set_data(ts, p["sv_share"][k])
        share_rest.set_data(ts, 1 - p["sv_share"][k])
        r = p["run"]
        w0 = r.weights[0]
        guarantee_here = max_margin.max_stable_step(X, v["loss"], w0=w0, y=y)
        # Above the guarantee GD still converges here: on this data every z_n . z_m > 0, so each
        # step raises every margin, at any step size (for the logistic loss on any separable
        # data, Wu, Braverman and Lee 2023: any constant step converges, perhaps after an early
        # non-monotone phase). Say what the run did, measured on the recorded iterations.
        rises = int(np.sum(np.diff(r.loss) > 0))
        if r.diverged:
            warn.set_text(f"diverged at t = {r.iters[-1]}: η = {v['step']:.3g}, "
                          f"guaranteed below {guarantee_here:.3g}")
        elif v["step"] > guarantee_here:
            warn.set_text(f"η = {v['step'] / guarantee_here:.2g} × the guarantee: no divergence; "
                          + (f"the loss rose at {rises} recorded steps, then fell" if rises
                             else "the loss fell at every recorded step"))
        else:
            warn.set_text("")
        if not k.any():
            return "t = 0: w = 0"
        kk = np.flatnonzero(k)[-1]
        return (f"t = {ts[-1]}: ‖w‖ = {p['norm'][kk]:.3f} (‖ŵ‖ ln t = "
                f"{w_hat_norm * np.log(max(ts[-1], 1)):.3f}), loss {p['loss'][kk]:.2e}, "
                f"θ = {np.degrees(p['angle'][kk]):.3f}°, margin gap {p['gap'][kk]:.2e}; "
                f"step {v['step']:.3g} (guaranteed below {guarantee_here:.3g} for this loss)")

    return Demo(controls, {"A": figA, "B": figB, "C": figC, "D": figD, "E": figE, "F": figF},
                update, initial)


OPTIMIZERS = {
    "GD": lambda X, y, loss, iters: max_margin.gd(X, y, loss, iters=iters, record=120),
    "momentum": lambda X, y, loss, iters: max_margin.momentum(X, y, loss, iters=iters,
                                                              record=120),
    "Adam": lambda X, y, loss, iters: max_margin.adam(X, y, loss, iters=iters, record=120),
    "normalized GD": lambda X, y, loss, iters: max_margin.normalized_gd(
        X, y, loss, step=0.1, iters=iters, record=120),
}


def optimizer_comparison(seed=0, **initial):
    """GD, heavy-ball momentum, Adam and normalized GD on the same separable data: the angle of
    each iterate to the L2 max-margin direction. On data whose L2 and L-infinity max-margin
    directions differ (here by ~28 degrees), Adam (eps = 1e-8) moves towards the L-infinity one on
    the horizon shown (8.5 degrees from it, 19.7 from the L2 one, at 10^4 steps) and drifts back
    towards L2 later, once its gradients fall far below eps (notebook 05, verify cell C19); on
    this horizon eps = 0 gives the same curve, so the demo cannot show the eps-dependence;
    normalized GD reaches the L2 one far sooner than GD.
    Controls: iters, dataset, loss.
    """
    controls = {
        "iters": widgets.iters_slider(value=10**4, max_iters=10**4),
        "dataset": W.Dropdown(options=[("L2 and L∞ directions differ", "generic"),
                                       ("Figure 1", "figure1")],
                              value="generic", description="data", style=widgets._STYLE,
                              layout=widgets._LAYOUT),
        "loss": W.Dropdown(options=[("logistic", "logistic"), ("exponential", "exp")],
                           value="logistic", description="loss", style=widgets._STYLE,
                           layout=widgets._LAYOUT),
    }
    fig1, ax1 = plotting.figure(width=4.4, height=3.4)
    fig2, ax2 = plotting.figure(width=3.6, height=3.4)
    ax1.set(xscale="log", yscale="log", xlim=(1, 1e4), ylim=(1e-4, 2), xlabel="iteration t",
            ylabel=r"angle to $\hat w$ (rad)", title="direction error")
    lines = {name: ax1.plot([], [], color=plotting.OKABE_ITO[i], ls=plotting.LINESTYLES[i],
                            label=name)[0] for i, name in enumerate(OPTIMIZERS)}
    ax1.legend(loc="lower left", fontsize="x-small")
    lim = 4.0
    ax2.set(xlim=(-lim, lim), ylim=(-lim, lim), aspect="equal", title="directions at t")
    pos, = ax2.plot([], [], "o", color=plotting.OKABE_ITO[0], ms=4, ls="none")
    neg, = ax2.plot([], [], "s", color=plotting.OKABE_ITO[1], ms=4, ls="none")
    l2, = ax2.plot([], [], color="0.2", ls="--", lw=1.2, label=r"L2 max margin $\hat w$")
    arrows = {name: ax2.plot([], [], color=plotting.OKABE_ITO[i], ls="-", lw=2)[0]
              for i, name in enumerate(OPTIMIZERS)}
    ax2.legend(loc="lower right", fontsize="x-small")
    plotting.dynamic(fig1, *lines.values())
    plotting.dynamic(fig2, pos, neg, l2, *arrows.values())
    cache = _Cache()

    def update(v):
        key = (v["dataset"], v["loss"])
        if key not in cache:
            X, y = SOUDRY_DATA[v["dataset"]](seed)
            sol = max_margin.svm_direction(X, y)
            runs = {name: f(X, y, v["loss"], 10**4) for name, f in OPTIMIZERS.items()}
            angles = {name: np.array([max_margin.angle(w, sol.w) if np.any(w) else np.nan
                                      for w in r.weights]) for name, r in runs.items()}
            cache[key] = (X, y, sol, runs, angles)
        X, y, sol, runs, angles = cache[key]
        t = v["iters"]
        pos.set_data(*X[y > 0].T)
        neg.set_data(*X[y < 0].T)
        l2.set_data([0, 3 * sol.w[0] / np.linalg.norm(sol.w)], [0, 3 * sol.w[1] /
                                                                   np.linalg.norm(sol.w)])
        parts = []
        for name, r in runs.items():
            k = (r.iters <= t) & (r.iters > 0)
            lines[name].set_data(r.iters[k], np.maximum(angles[name][k], 1e-12))
            w = r.weights[k][-1] if k.any() else np.zeros(2)
            u = w / np.linalg.norm(w) if np.any(w) else w
            arrows[name].set_data([0, 3 * u[0]], [0, 3 * u[1]])
            if k.any():
                parts.append(f"{name} {np.degrees(angles[name][k][-1]):.2f}°")
        return f"angle to the L2 max-margin direction after t = {t}: " + ", ".join(parts)

    return Demo(controls, {"angles": fig1, "directions": fig2}, update, initial)


def gradient_flow_demo(**initial):
    """Gradient flow out to t = 1e40 (integrated in log-time): theta(t) ln t against ln t.
    On generic data (one support vector per class) it levels off: theta ~ c / ln t, the rate for
    almost every dataset. On the symmetric Figure-1 data it keeps falling: theta decays like
    t^(-min(1/4, mu - 1)) / ln t, t^(-1/4) / ln t on this copy (notebook 05 derives it).
    Controls: t_max (10^5 ... 10^40), loss.
    """
    controls = {
        "t_max": W.SelectionSlider(options=[10**k for k in range(5, 41, 5)], value=10**40,
                                   description="t up to", style=widgets._STYLE,
                                   layout=widgets._LAYOUT),
        "loss": W.Dropdown(options=[("logistic", "logistic"), ("exponential", "exp")],
                           value="logistic", description="loss", style=widgets._STYLE,
                           layout=widgets._LAYOUT),
    }
    fig, ax = plotting.figure(width=5.4, height=3.6)
    ax.set(xlim=(0, 95), ylim=(0, 1.0), xlabel="ln t", ylabel=r"$\theta(t)\,\ln t$",
           title="gradient flow to t = 1e40")
    lines = {name: ax.plot([], [], color=plotting.OKABE_ITO[i], ls=plotting.LINESTYLES[i],
                           label=label)[0]
             for i, (name, label) in enumerate([("generic", "generic data: levels off (1/ln t)"),
                                                ("figure1", "Figure-1 data: keeps falling")])}
    ax.legend(loc="upper right", fontsize="small")
    plotting.dynamic(fig, *lines.values())
    cache = _Cache()

    def update(v):
        parts = []
        for name, line in lines.items():
            key = (name, v["loss"])
            if key not in cache:
                X, y = SOUDRY_DATA[name](0)
                sol = max_margin.svm_direction(X, y)
                flow = max_margin.gradient_flow(X, y, v["loss"], t_max=1e40, n_points=300)
                t = flow.iters[2:]
                th = np.array([max_margin.angle(w, sol.w) for w in flow.weights[2:]])
                cache[key] = (t, th)
            t, th = cache[key]
            k = t <= v["t_max"]
            line.set_data(np.log(t[k]), th[k] * np.log(t[k]))
            parts.append(f"{name}: θ ln t = {th[k][-1] * np.log(t[k][-1]):.3f} at "
                         f"t = {t[k][-1]:.0e}")
        return "; ".join(parts)

    return Demo(controls, {"flow": fig}, update, initial)


# --------------------------------------------------------------------------------------------
# Notebook 00: the phenomenon on real data
# --------------------------------------------------------------------------------------------

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
    the figure says if it rose at any. One compiled run of 10^4 GD steps per setting, cached;
    the iterations slider slices it. Controls: step, iters, n_train, seed.
    """
    max_t = 10**4
    Xtr0, _, _, _ = data.digits_split(100, seed)
    threshold = 2 / overview.initial_curvature(Xtr0)
    controls = {
        "step": widgets.step_slider(threshold, value=0.6 * threshold, low=0.01, high=2.5,
                                    threshold_name="2/L₀"),
        "iters": widgets.iters_slider(value=max_t, max_iters=max_t),
        "n_train": W.SelectionSlider(options=[50, 100, 150, 300], value=100,
                                     description="training images", continuous_update=False,
                                     style=widgets._STYLE, layout=widgets._LAYOUT),
        "seed": widgets.seed_input(seed),
    }
    figs = [plotting.figure(width=3.4, height=3.0) for _ in range(3)]
    (f1, ax1), (f2, ax2), (f3, ax3) = figs
    for ax in (ax1, ax2, ax3):
        ax.set_xscale("symlog", linthresh=1)
        ax.set_xlim(0, max_t)
        ax.set_xlabel("iteration t")
    ax1.set(ylim=(0, 1), title="error")
    ax2.set(yscale="log", ylim=(1e-4, 5), title="loss (mean cross-entropy)")
    ax3.set(ylim=(0, 40), title="weight norm ‖W‖")
    tr_err, = ax1.plot([], [], color=plotting.OKABE_ITO[0], ls="-", label="train")
    te_err, = ax1.plot([], [], color=plotting.OKABE_ITO[1], ls="--", label="test")
    tr_loss, = ax2.plot([], [], color=plotting.OKABE_ITO[0], ls="-", label="train")
    te_loss, = ax2.plot([], [], color=plotting.OKABE_ITO[1], ls="--", label="test")
    te_min, = ax2.plot([], [], "v", color=plotting.OKABE_ITO[3], ms=8, ls="none",
                       label="test-loss minimum")
    norm, = ax3.plot([], [], color=plotting.OKABE_ITO[2], ls="-")
    ax1.legend(loc="upper right", fontsize="small")
    ax2.legend(loc="lower left", fontsize="x-small")
    warn = plotting.warning_text(ax2)
    plotting.dynamic(f1, tr_err, te_err)
    plotting.dynamic(f2, tr_loss, te_loss, te_min, warn)
    plotting.dynamic(f3, norm)
    cache = _Cache()

    def curves(v):
        key = (v["step"], v["n_train"], v["seed"])
        if key not in cache:
            Xtr, ytr, Xte, yte = data.digits_split(v["n_train"], v["seed"])
            run = overview.softmax_gd(Xtr, ytr, v["step"], max_t, classes=10, record=80)
            Ws = run.weights.reshape(len(run.iters), Xtr.shape[1], 10)
            test_loss, test_err = overview.loss_and_error(Ws, Xte, yte)
            cache[key] = {
                "t": run.iters, "train_loss": run.loss, "test_loss": test_loss,
                "train_err": overview.loss_and_error(Ws, Xtr, ytr)[1], "test_err": test_err,
                "norm": np.linalg.norm(Ws.reshape(len(Ws), -1), axis=1),
                "threshold": 2 / overview.initial_curvature(Xtr),
                "guarantee": overview.max_stable_step(Xtr),
                "diverged": run.diverged,
                "rises": run.rises,  # at any of the 10^4 steps, not only the recorded ones
            }
        return cache[key]

    def update(v):
        c = curves(v)
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


# --------------------------------------------------------------------------------------------
# Notebook 06: beyond linear models
# --------------------------------------------------------------------------------------------

def _grid(max_iters, points):
    """Iterations to record: every count the iterations slider offers, plus a log-spaced grid."""
    return np.unique(np.concatenate([widgets.iteration_options(max_iters),
                                     np.geomspace(1, max_iters, points).round().astype(int)]))


def poly_net_demo(seed=0, **initial):
    """The quadratic network f(x) = sum_j W2_j (w_j . x)^2 = x^T M x, M = W1^T diag(W2) W1, fitted
    by GD to 6 points in 4 dimensions (many interpolants). Left: the loss. Right: the eigenvalues
    of M against t, beside the kernel (minimum-Frobenius) interpolant's (dotted).
    An exploration of the lecture's open question, not a theorem: from a small start GD ends at a
    rank-2 M whose Frobenius norm is above the minimum (the kernel interpolant's) and whose nuclear
    norm is above the minimum nuclear norm too (notebook 06 measures both over 20 seeds; rank 2 is
    the smallest rank any interpolant has here). From a large start (0.5) it ends at a full-rank M
    that varies with the seed: relative distance 0.21-1.42 to the kernel interpolant over 10 seeds
    (median 0.58), against 0.88-0.99 from small starts. The seed control changes the
    initialization only; the data stay those of the seed argument.
    Controls: init_scale, step, iters, seed.
    """
    X, y = data.poly_net_problem(seed=seed)
    alpha = np.linalg.pinv((X @ X.T) ** 2) @ y
    M_kernel = (X.T * alpha) @ X
    ev_kernel = np.sort(np.linalg.eigvalsh(M_kernel))
    controls = {
        "init_scale": W.SelectionSlider(options=INIT_SCALES[1:], value=1e-2,
                                        description="init scale", style=widgets._STYLE,
                                        layout=widgets._LAYOUT),
        "step": widgets.step_slider(0.1, value=0.05, low=0.05, high=1.5,
                                    threshold_name="typical limit"),
        "iters": widgets.iters_slider(value=10**4, max_iters=10**4),
        "seed": widgets.seed_input(seed),
    }
    f1, ax1 = plotting.figure(width=3.8, height=3.2)
    f2, ax2 = plotting.figure(width=4.4, height=3.2)
    for ax in (ax1, ax2):
        ax.set_xscale("symlog", linthresh=1)
        ax.set_xlim(0, 10**4)
        ax.set_xlabel("iteration t")
    ax1.set(yscale="log", ylim=(1e-32, 1e2), title="loss")
    top = 2.5 * np.abs(ev_kernel).max()
    ax2.set(ylim=(-top, top), title="eigenvalues of M")
    loss_line, = ax1.plot([], [], color=plotting.OKABE_ITO[0], ls="-")
    ev_lines = [ax2.plot([], [], color=plotting.OKABE_ITO[k], ls="-")[0] for k in range(4)]
    for k, e in enumerate(ev_kernel):
        ax2.axhline(e, color=plotting.OKABE_ITO[k], ls=":", lw=1)
    warn = plotting.warning_text(ax1)
    plotting.dynamic(f1, loss_line, warn)
    plotting.dynamic(f2, *ev_lines)
    cache = _Cache()

    def update(v):
        key = (v["init_scale"], v["step"], v["seed"])
        if key not in cache:
            r = nonlinear.train_poly_net(X, y, 12, 2, v["step"], 10**4,
                                         init_scale=v["init_scale"], seed=v["seed"],
                                         record=_grid(10**4, 80))
            Ms = np.einsum("tjd,tj,tje->tde", r.W1s, r.W2s[:, 0, :], r.W1s)
            cache[key] = (r, np.linalg.eigvalsh(Ms))
        r, evs = cache[key]
        k = r.iters <= v["iters"]
        loss_line.set_data(r.iters[k], np.maximum(r.loss[k], 1e-32))
        for j, line in enumerate(ev_lines):
            line.set_data(r.iters[k], evs[k, j])
        warn.set_text(f"diverges: η = {v['step']:.3g} is too large here" if r.diverged and not
                      k.all() else "")
        ev = evs[k][-1]
        return (f"t = {r.iters[k][-1]}: loss {r.loss[k][-1]:.1e}; M: Frobenius "
                f"{np.linalg.norm(ev):.3f}, nuclear {np.abs(ev).sum():.3f}, rank "
                f"{int(np.sum(np.abs(ev) > 1e-3))}. Kernel interpolant: Frobenius "
                f"{np.linalg.norm(ev_kernel):.3f} (the minimum), "
                f"nuclear {np.abs(ev_kernel).sum():.3f}")

    return Demo(controls, {"loss": f1, "eigenvalues": f2}, update, initial)


def relu_corollary8(seed=1, **initial):
    """Corollary 8: train only the first layer of u(x) = w2 . relu(W1 x) (4 hidden units, w2 = +-1
    fixed) with the logistic loss on separable data. Left: the data and the decision boundary.
    Right: how many activations changed between records, and, after the last change, the angle of
    vec(W1) to the max-margin direction on the frozen ReLU features.
    Controls: step, iters, init_scale, seed.
    """
    controls = {
        "step": widgets.step_slider(0.2, value=0.1, low=0.05, high=2.0,
                                    threshold_name="typical limit"),
        "iters": widgets.iters_slider(value=10**4, max_iters=10**4),
        "init_scale": widgets.init_scale_slider(1.0),
        "seed": widgets.seed_input(seed),
    }
    N = 4
    w2 = np.where(np.arange(N) % 2 == 0, 1.0, -1.0)
    grid = np.linspace(-1.2, 1.2, 121)
    G = np.array(np.meshgrid(grid, grid)).reshape(2, -1).T
    f1, ax1 = plotting.figure(width=3.6, height=3.4)
    f2, ax2 = plotting.figure(width=4.4, height=3.4)
    ax1.set(xlim=(-1.2, 1.2), ylim=(-1.2, 1.2), aspect="equal", title="data and boundary")
    pos, = ax1.plot([], [], "o", color=plotting.OKABE_ITO[0], ms=4, ls="none")
    neg, = ax1.plot([], [], "s", color=plotting.OKABE_ITO[1], ms=4, ls="none")
    region = ax1.imshow(np.zeros((121, 121)), extent=(-1.2, 1.2, -1.2, 1.2), origin="lower",
                        cmap="RdBu", vmin=-1, vmax=1, alpha=0.25)
    ax2.set(xscale="log", yscale="log", xlim=(1, 1e4), ylim=(1e-3, 2), xlabel="iteration t",
            title="after the pattern freezes")
    changes, = ax2.plot([], [], "|", color="0.3", ms=10, ls="none", label="pattern changed")
    ang, = ax2.plot([], [], color=plotting.OKABE_ITO[2], ls="-",
                    label="angle to max margin on frozen features")
    ax2.legend(loc="lower left", fontsize="x-small")
    plotting.dynamic(f1, region, pos, neg)
    plotting.dynamic(f2, changes, ang)
    cache = _Cache()

    def update(v):
        key = (v["step"], v["init_scale"], v["seed"])
        if key not in cache:
            X, y = data.separable_classification(30, 2, 0.15, seed=v["seed"], bias=False)
            rng = np.random.default_rng(v["seed"])
            W1 = v["init_scale"] * rng.standard_normal((N, 2))
            r = nonlinear.train_relu_layer(X, y, W1, w2, v["step"], 10**4,
                                           record=_grid(10**4, 80))
            phi = nonlinear.relu_features(r.W1, X, w2)
            try:
                w_hat = max_margin.svm_direction(phi, y).w
                angles = np.array([max_margin.angle(W_.ravel(), w_hat) if np.any(W_) else np.nan
                                   for W_ in r.W1s])
            except ValueError:  # the frozen features do not separate the data
                angles = np.full(len(r.iters), np.nan)
            flips = np.array([0] + [int(np.sum(r.patterns[k] != r.patterns[k - 1]))
                                    for k in range(1, len(r.iters))])
            cache[key] = (X, y, r, angles, flips)
        X, y, r, angles, flips = cache[key]
        k = r.iters <= v["iters"]
        kk = np.flatnonzero(k)[-1]
        pos.set_data(*X[y > 0].T)
        neg.set_data(*X[y < 0].T)
        scores = np.maximum(G @ r.W1s[kk].T, 0) @ w2
        region.set_data(np.tanh(scores).reshape(121, 121))
        changed = (flips > 0) & k
        changes.set_data(np.maximum(r.iters[changed], 1), np.ones(changed.sum()))
        after = k & (r.iters >= r.last_change) & np.isfinite(angles)
        ang.set_data(np.maximum(r.iters[after], 1), np.maximum(angles[after], 1e-6))
        theta = angles[kk]
        return (f"t = {r.iters[kk]}: loss {r.loss[kk]:.2e}; the activation pattern last changed at "
                f"t = {r.last_change}; angle to the frozen-feature max-margin direction "
                f"{np.degrees(theta):.2f}°" if np.isfinite(theta) else
                f"t = {r.iters[kk]}: the frozen features do not separate the data")

    return Demo(controls, {"boundary": f1, "pattern": f2}, update, initial)


# Every demo, by name: tests and benchmarks drive them all through this table.
ALL = {
    "overview_curves": overview_curves,
    "min_norm_paths": min_norm_paths,
    "gd_vs_sgd": gd_vs_sgd,
    "ridge_path": ridge_path,
    "filters": filters,
    "early_stopping_fit": early_stopping_fit,
    "rates": rates,
    "linear_net_training": linear_net_training,
    "linear_net_modes": linear_net_modes,
    "perceptron_run": perceptron_run,
    "perceptron_sweep": perceptron_sweep,
    "perceptron_nonseparable": perceptron_nonseparable,
    "soudry_figure1": soudry_figure1_demo,
    "optimizer_comparison": optimizer_comparison,
    "gradient_flow": gradient_flow_demo,
    "poly_net": poly_net_demo,
    "relu_corollary8": relu_corollary8,
}
