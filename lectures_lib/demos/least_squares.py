"""Notebook 01 (minimum-norm least squares).

min_norm_paths: GD paths in the plane, ending at w_+ + P_null w0.
gd_vs_sgd: GD and SGD against t, split into row- and null-space parts.
ridge_path: ridge as lambda -> 0 next to GD as t -> infinity.
"""

import numpy as np

from lectures_lib import data, least_squares, plotting, spectral, validate, widgets
from lectures_lib.demos import _core
from lectures_lib.demos._core import Demo, cached, curve, read_only, register

# Computations shared by several demos below (each demo's own come just above it)


@cached
def regression_problem(n, d, seed):
    """data.underdetermined_regression(n, d, seed=seed) with its minimum-norm solution and an
    orthonormal basis V (d, n) of the row space: {"X", "y", "w_plus", "V"}."""
    X, y = data.underdetermined_regression(n, d, seed=seed)
    V = np.linalg.svd(X, full_matrices=False)[2].T
    return read_only({"X": X, "y": y, "w_plus": least_squares.min_norm_solution(X, y), "V": V})


def _start(n, d, seed, init, init_scale):
    """The starting point w0 (data.initialization, drawn with seed + 1)."""
    p = regression_problem(n, d, seed)
    return data.initialization(init, p["X"], p["y"], init_scale, seed=seed + 1)


@cached
def stable_steps(n, d, seed, batch_size):
    """(2/L of GD, the step that is safe for SGD with this batch size)."""
    X = regression_problem(n, d, seed)["X"]
    return (least_squares.max_stable_step(X), least_squares.max_stable_step(X, batch_size))


NULL_DIRECTION = read_only(np.array([2.0, -1.0]) / np.sqrt(5))  # spans ker X of one_equation_2d
N_PATHS = 5  # GD paths in min_norm_paths: from zero and from four other starts


@cached
def min_norm_paths_runs(step, iters, init, init_scale, seed):
    """GD on data.one_equation_2d, every iterate up to t = iters, from zero and (init "random" or
    "null") from N_PATHS - 1 more starts of size init_scale drawn with `seed`.

    Returns {"starts": (k, 2), "paths": k arrays (t + 1, 2) (shorter where a run diverged),
    "limits": w_+ + P_null w0 per start, "diverged", "error": ||w_t - w_+|| from zero}."""
    X, y = data.one_equation_2d()
    w_plus = least_squares.min_norm_solution(X, y)
    rng = np.random.default_rng(seed)
    starts = [np.zeros(2)]
    if init == "random":
        starts += list(init_scale * rng.standard_normal((N_PATHS - 1, 2)))
    elif init == "null":  # starts on the null-space line through 0
        starts += [init_scale * k * NULL_DIRECTION for k in 1.5 * rng.standard_normal(N_PATHS - 1)]
    runs = [spectral.gd_closed_form(X, y, step, np.arange(iters + 1), w0=w0) for w0 in starts]
    return read_only({
        "starts": np.array(starts),
        "paths": tuple(run.weights for run in runs),
        "limits": np.array([w_plus + least_squares.project_null_space(X, w0) for w0 in starts]),
        "diverged": any(run.diverged for run in runs),
        "error": float(np.linalg.norm(runs[0].w - w_plus)),
    })


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
    ax.plot(*(w_plus[:, None] + NULL_DIRECTION[:, None] * s), color="0.3", lw=1.2, ls="-",
            label="all solutions of $Xw = y$")
    ax.plot(*(X[0][:, None] / np.linalg.norm(X[0]) * s), color="0.6", lw=1, ls=":",
            label="row space of $X$")
    ax.plot(0, 0, "k+", ms=10)
    ax.plot(*w_plus, marker="*", color="#D55E00", ms=16, ls="none", zorder=5,
            label="$w_+ = X^T(XX^T)^{-1}y$")
    labels = ["GD from 0", "GD from other starts"] + [None] * (N_PATHS - 2)
    paths = [curve(ax, 0 if i == 0 else 1 + i % 2, "-" if i == 0 else "--",
                   lw=2.4 if i == 0 else 1.4, marker=".", ms=5, label=labels[i])
             for i in range(N_PATHS)]
    starts = ax.plot([], [], "o", color="0.2", ms=5, ls="none", label="starts $w_0$")[0]
    limits = ax.plot([], [], "o", mfc="none", mec="#009E73", ms=11, mew=2, ls="none",
                     label="limits $w_+ + P_{null}w_0$")[0]
    ax.legend(loc="lower left", fontsize="small")
    title = ax.set_title(" ")
    warning = plotting.warning_text(ax)
    plotting.dynamic(fig, *paths, starts, limits, title, warning)

    def update(v):
        t, step = v["iters"], v["step"]
        r = min_norm_paths_runs(step, t, v["init"], v["init_scale"], v["seed"])
        for line in paths:
            line.set_data([], [])
        for line, path in zip(paths, r["paths"]):
            line.set_data(path[:, 0], path[:, 1])
        starts.set_data(r["starts"][:, 0], r["starts"][:, 1])
        limits.set_data(r["limits"][:, 0], r["limits"][:, 1])
        warning.set_text(_core._diverges_message(step, threshold) if r["diverged"] else "")
        title.set_text(f"GD, η = {step:.3g}, after t = {t} steps")
        return (f"2/L = {threshold:.3g} (L = ||x₁||² = {2 / threshold:.3g}). "
                f"From 0 after t = {t}: ‖w_t − w₊‖ = {r['error']:.2e}"
                + (" — <b>diverging</b>" if r["diverged"] else ""))

    return Demo(controls, {"paths": fig}, update, initial)


GD_VS_SGD_ITERS = 10**5  # the iterations slider's maximum in gd_vs_sgd
FLOOR = 1e-17  # exact zeros are drawn here on gd_vs_sgd's log axes


@cached
def gd_vs_sgd_gd(n, d, seed, step, init, init_scale):
    """GD from the closed form at every iteration the slider offers (and a log grid)."""
    p = regression_problem(n, d, seed)
    grid = _core._grid(GD_VS_SGD_ITERS, 160)
    w0 = _start(n, d, seed, init, init_scale)
    return read_only(spectral.gd_closed_form(p["X"], p["y"], step, grid, w0=w0))


@cached
def gd_vs_sgd_sgd(n, d, seed, step, batch_size, init, init_scale, horizon):
    """SGD (least_squares.sgd) for `horizon` iterations, recorded on GD's grid; it stops early at
    the rounding floor (later steps would change w only by rounding)."""
    p = regression_problem(n, d, seed)
    X, y = p["X"], p["y"]
    grid = _core._grid(GD_VS_SGD_ITERS, 160)
    w0 = _start(n, d, seed, init, init_scale)
    return read_only(least_squares.sgd(
        X, y, step, horizon, batch_size=batch_size, w0=w0, seed=seed,
        record=grid[grid <= horizon], tol=_core.rounding_floor(least_squares.loss(X, y, w0))))


@cached
def gd_vs_sgd_curves(n, d, seed, t, method, step, batch_size, init, init_scale):
    """What gd_vs_sgd draws for one method ("gd" or "sgd"; batch_size only for "sgd") up to
    iteration t: {"iters", "dist" ||w - w_+||, "row" ||P_row w - w_+||, "null" ||P_null w||
    (each at least FLOOR), "diverged" (before t), "floor_at" (the iteration at which the run
    stopped at the rounding floor, drawn flat from there to t; None if it did not),
    "null_start" ||P_null w0||}."""
    if method == "gd":
        run = gd_vs_sgd_gd(n, d, seed, step, init, init_scale)
    else:
        run = _core.first_run_reaching(
            lambda horizon: gd_vs_sgd_sgd(n, d, seed, step, batch_size, init, init_scale, horizon),
            t, _core.horizons(GD_VS_SGD_ITERS))
    p = regression_problem(n, d, seed)
    w_plus, V = p["w_plus"], p["V"]
    upto = run.iters <= t
    W_ = run.weights[upto]
    row = (W_ @ V) @ V.T
    curves = [run.iters[upto], np.linalg.norm(W_ - w_plus, axis=1),
              np.linalg.norm(row - w_plus, axis=1), np.linalg.norm(W_ - row, axis=1)]
    floor_at = None
    if not run.diverged and curves[0][-1] < t:  # stopped at the rounding floor: flat from here
        floor_at = int(curves[0][-1])
        curves = [np.append(a, a[-1]) for a in curves]
        curves[0][-1] = t
    ti, dist, row_part, null_part = curves
    w0 = _start(n, d, seed, init, init_scale)
    return read_only({"iters": ti, "dist": np.maximum(dist, FLOOR),
                      "row": np.maximum(row_part, FLOOR), "null": np.maximum(null_part, FLOOR),
                      "diverged": run.diverged and run.iters[-1] < t, "floor_at": floor_at,
                      "null_start": float(np.linalg.norm(w0 - V @ (V.T @ w0)))})


@register(notebook="01")
def gd_vs_sgd(n=50, d=200, seed=0, **initial):
    """d = 200 unknowns, n = 50 equations: GD and SGD against iterations.

    Left: distance to the minimum-norm solution w_+. Right: the same error split into its
    row-space part ||P_row w_t - w_+|| (goes to 0) and its null-space part ||P_null w_t||
    (never changes: exactly 0 from zero, ||P_null w0|| otherwise), so a nonzero start converges
    to w_+ + P_null w0, not to w_+.
    GD comes from the closed form (spectral.gd_closed_form); SGD is run for real
    (least_squares.sgd) for 10^3 steps, and for 3 10^3, 10^4, ... (each once per setting) only
    when the iterations slider asks for more.
    Controls: step (GD), sgd_step, batch_size, iters, init, init_scale, seed.
    """
    n = validate.integer(n, "n", low=1)
    d = validate.integer(d, "d", low=n + 1)
    max_iters = GD_VS_SGD_ITERS
    X0 = regression_problem(n, d, seed)["X"]
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
    for ax in (ax1, ax2):
        ax.set(yscale="log", xlim=(0, max_iters), ylim=(FLOOR, 1e3),
               xlabel="iteration t")
        ax.set_xscale("symlog", linthresh=1)  # linear near 0, so that t = 0 is on the axis
    ax1.set(ylabel=r"$\|w_t - w_+\|$", title="distance to the min-norm solution")
    ax2.set(title="row-space and null-space parts")
    gd1 = curve(ax1, 0, "-", label="GD")
    sgd1 = curve(ax1, 1, "--", label="SGD")
    gd_row = curve(ax2, 0, "-", label=r"GD $\|P_{row}w_t - w_+\|$")
    sgd_row = curve(ax2, 1, "--", label=r"SGD $\|P_{row}w_t - w_+\|$")
    gd_null = curve(ax2, 2, "-.", label=r"GD $\|P_{null}w_t\|$")
    sgd_null = curve(ax2, 3, ":", label=r"SGD $\|P_{null}w_t\|$")
    ax1.legend(loc="upper right")
    ax2.legend(loc="upper right", fontsize="x-small")
    warn1, warn2 = plotting.warning_text(ax1), plotting.warning_text(ax2)
    plotting.dynamic(fig1, gd1, sgd1, warn1)
    plotting.dynamic(fig2, gd_row, sgd_row, gd_null, sgd_null, warn2)
    def update(v):
        t = v["iters"]
        setting = (v["init"], v["init_scale"])
        gd = gd_vs_sgd_curves(n, d, v["seed"], t, "gd", v["step"], None, *setting)
        sgd = gd_vs_sgd_curves(n, d, v["seed"], t, "sgd", v["sgd_step"], v["batch_size"], *setting)
        gd1.set_data(gd["iters"], gd["dist"])
        gd_row.set_data(gd["iters"], gd["row"])
        gd_null.set_data(gd["iters"], gd["null"])
        sgd1.set_data(sgd["iters"], sgd["dist"])
        sgd_row.set_data(sgd["iters"], sgd["row"])
        sgd_null.set_data(sgd["iters"], sgd["null"])
        gd_thr, sgd_thr = stable_steps(n, d, v["seed"], v["batch_size"])
        msgs = []
        if gd["diverged"]:
            msgs.append("GD " + _core._diverges_message(v["step"], gd_thr))
        if sgd["diverged"]:
            msgs.append(f"SGD diverges: step {v['sgd_step']:.3g} > safe {sgd_thr:.3g}")
        warn1.set_text("\n".join(msgs))
        warn2.set_text("\n".join(msgs))
        floor_note = (f" (SGD reached the rounding floor at t = {sgd['floor_at']}; later steps "
                      "change w only by rounding)") if sgd["floor_at"] is not None else ""
        gd_now = f"GD (η = {v['step']:.3g}) {gd['dist'][-1]:.2e}"
        sgd_now = f"SGD (η = {v['sgd_step']:.3g}) {sgd['dist'][-1]:.2e}{floor_note}"
        return (f"after t = {t}: ‖w_t − w₊‖ {gd_now}, {sgd_now}; ‖P_null w₀‖ = "
                f"{gd['null_start']:.2e}. Stable steps: GD &lt; 2/L = {gd_thr:.3g}, "
                f"SGD (b = {v['batch_size']}) safe &lt; {sgd_thr:.3g}")

    return Demo(controls, {"distance": fig1, "parts": fig2}, update, initial)


RIDGE_LAMS = read_only(np.geomspace(1e-8, 1e2, 121))
RIDGE_TS = read_only(np.unique(np.geomspace(1, 10**5, 150).round().astype(int)))


@cached
def ridge_distances(n, d, seed):
    """||w_lam - w_+|| for every lam in RIDGE_LAMS (spectral.ridge_path: one SVD)."""
    p = regression_problem(n, d, seed)
    return read_only(np.linalg.norm(spectral.ridge_path(p["X"], p["y"], RIDGE_LAMS) - p["w_plus"],
                                    axis=1))


@cached
def ridge_error(n, d, seed, lam):
    """||w_lam - w_+|| at one lam (least_squares.ridge)."""
    p = regression_problem(n, d, seed)
    return float(np.linalg.norm(least_squares.ridge(p["X"], p["y"], lam) - p["w_plus"]))


@cached
def ridge_path_gd(n, d, seed, step):
    """GD from zero at t = 0 and RIDGE_TS (closed form): {"iters", "error" ||w_t - w_+||,
    "diverged"}."""
    p = regression_problem(n, d, seed)
    run = spectral.gd_closed_form(p["X"], p["y"], step, np.concatenate([[0], RIDGE_TS]))
    error = np.linalg.norm(run.weights - p["w_plus"], axis=1)
    return read_only({"iters": run.iters, "error": error, "diverged": run.diverged})


@cached
def gd_error(n, d, seed, step, t):
    """||w_t - w_+|| of GD from zero after t steps (closed form)."""
    p = regression_problem(n, d, seed)
    return float(np.linalg.norm(spectral.gd_closed_form(p["X"], p["y"], step, t).w - p["w_plus"]))


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
    threshold = least_squares.max_stable_step(regression_problem(n, d, seed)["X"])
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
    ridge_line = curve(ax, 0, "-", label=r"ridge $\|w_\lambda - w_+\|$")
    gd_line = curve(ax, 1, "--", label=r"GD $\|w_t - w_+\|$ at $\lambda = 1/(\eta t)$")
    ridge_dot, = ax.plot([], [], "o", color=plotting.OKABE_ITO[0], ms=9)
    gd_dot, = ax.plot([], [], "s", color=plotting.OKABE_ITO[1], ms=8)
    ax.legend(loc="upper left")
    warning = plotting.warning_text(ax)
    plotting.dynamic(fig, ridge_line, gd_line, ridge_dot, gd_dot, warning)
    def update(v):
        ridge_line.set_data(RIDGE_LAMS, np.maximum(ridge_distances(n, d, v["seed"]), 1e-16))
        lam, step, t = v["lam"], v["step"], v["iters"]
        here = ridge_error(n, d, v["seed"], lam)
        ridge_dot.set_data([lam], [max(here, 1e-16)])
        gd = ridge_path_gd(n, d, v["seed"], step)
        ok = gd["iters"] > 0
        gd_line.set_data(1 / (step * gd["iters"][ok]), np.maximum(gd["error"][ok], 1e-16))
        if gd["diverged"]:
            thr = stable_steps(n, d, v["seed"], None)[0]
            warning.set_text(_core._diverges_message(step, thr))
            gd_dot.set_data([], [])
            return f"ridge: ‖w_λ − w₊‖ = {here:.2e} at λ = {lam:.2e}; GD diverges"
        warning.set_text("")
        e_t = gd_error(n, d, v["seed"], step, t)
        if t > 0:
            gd_dot.set_data([1 / (step * t)], [max(e_t, 1e-16)])
        else:
            gd_dot.set_data([], [])
        return (f"ridge: ‖w_λ − w₊‖ = {here:.2e} at λ = {lam:.2e};  "
                f"GD after t = {t}: ‖w_t − w₊‖ = {e_t:.2e} (1/(ηt) = "
                f"{(1 / (step * t)) if t else float('inf'):.2e})")

    return Demo(controls, {"ridge": fig}, update, initial)
