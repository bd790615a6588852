"""Notebook 01 (minimum-norm least squares).

min_norm_paths: GD paths in the plane, ending at w_+ + P_null w0.
gd_vs_sgd: GD and SGD against t, split into row- and null-space parts.
ridge_path: ridge as lambda -> 0 next to GD as t -> infinity.

Each function returns a Demo; the contract is in the package docstring.
"""

import numpy as np

from lectures_lib import data, least_squares, plotting, spectral, validate, widgets
from lectures_lib.demos._core import ROUNDING_FLOOR, Demo, _Cache, _diverges_message, register


@register(notebook="01")
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
        "step": widgets.step_slider(threshold, value=0.15, kind="threshold"),
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


@register(notebook="01")
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
        "step": widgets.step_slider(gd_threshold, label="GD step η", kind="threshold"),
        "sgd_step": widgets.step_slider(sgd_threshold, high=2.5 * gd_threshold / sgd_threshold,
                                        label="SGD step", threshold_name="safe for b=1",
                                        kind="guaranteed"),
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


@register(notebook="01")
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
        "step": widgets.step_slider(threshold, label="GD step η", kind="threshold"),
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
