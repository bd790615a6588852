"""Notebook 02 (early stopping as a spectral filter).

filters: the GD, Tikhonov and cut-off filters on the spectrum.
early_stopping_fit: a noisy 1-D fit, the U-shaped test error of GD and ridge.
rates: worst-case rates under the source condition, Tikhonov saturating.
"""

import ipywidgets as W
import numpy as np

from lectures_lib import data, least_squares, plotting, spectral, widgets
from lectures_lib.demos import _core
from lectures_lib.demos._core import Demo, cached, curve, read_only, register


@register(notebook="02")
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
                                    threshold_name="2/μ_max", kind="threshold"),
        "iters": widgets.iters_slider(value=100, max_iters=10**6),
        "lam": widgets.lam_slider(3e-3, low=1e-7, high=1.0),
        "match": W.ToggleButton(value=False, description="set λ = 1/(ηt)", icon="link",
                                tooltip="tie λ to the GD filter: λ = 1/(η t)"),
    }
    fig, ax = plotting.figure(width=6.0, height=3.6)
    ax.set(xscale="log", xlim=(1e-7, 1.0), ylim=(-0.6, 2.1), xlabel=r"eigenvalue $\mu$ of $X^TX/n$",
           ylabel=r"filter $F(\mu)$", title="low-pass filters on the spectrum")
    ax.axhline(1.0, color="0.6", lw=0.8)
    gd_line = curve(ax, 0, "-", label=r"GD $1-(1-\eta\mu)^t$")
    tik_line = curve(ax, 1, "--", label=r"Tikhonov $\mu/(\mu+\lambda)$")
    cut_line = curve(ax, 2, ":", label=r"cut-off $1[\mu\geq\lambda]$")
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
        warning.set_text(_core._diverges_message(step, 2.0, "2/μ_max") if diverges else "")
        gap = np.max(np.abs(F - spectral.tikhonov_filter(mu, lam))) if not diverges else np.inf
        regime = ("monotone" if step <= 1 else "oscillates around 1 for μ > 1/η" if step <= 2
                  else "diverges")
        return (f"t = {t}, η = {step:.3g} (η·μ_max = {step:.3g}: {regime}); λ = {lam:.2e}, "
                f"1/(ηt) = {(1 / (step * t)) if t else float('inf'):.2e}; "
                f"max over μ of |F_GD − F_Tikhonov| = {gap:.2f}")

    return Demo(controls, {"filters": fig}, update, initial)


FIT_ITERS = 10**6  # the iterations slider's maximum in early_stopping_fit


@cached
def fit_test_set():
    """The test inputs of early_stopping_fit (400 points on [0, 1]), their features and the true
    function there: (x_test, F_test, y_test)."""
    x_test = np.linspace(0, 1, 400)
    return read_only((x_test, data.rbf_features(x_test), data.smooth_target(x_test)))


@cached
def fit_problem(seed, noise):
    """30 noisy samples (data.noisy_regression_1d), their 200 features, the minimum-norm
    interpolant and its test error: {"x", "y", "X", "w_plus", "threshold" (2/L),
    "interp_pred" (on the test inputs), "interp_err"}."""
    x_test, F_test, y_test = fit_test_set()
    x, y = data.noisy_regression_1d(noise=noise, seed=seed)
    X = data.rbf_features(x)
    w_plus = least_squares.min_norm_solution(X, y)
    interp_pred = F_test @ w_plus
    return read_only({"x": x, "y": y, "X": X, "w_plus": w_plus,
                      "threshold": least_squares.max_stable_step(X), "interp_pred": interp_pred,
                      "interp_err": float(np.mean((interp_pred - y_test) ** 2))})


@cached
def fit_paths(seed, noise, step, init, init_scale):
    """GD (closed form) and ridge with lam = 1/(step t) over the whole t grid, their predictions
    on the test inputs and their training and test errors: {"ts", "gd_pred", "ridge_pred",
    "gd_train", "gd_test", "ridge_train", "ridge_test", "diverged"}."""
    x_test, F_test, y_test = fit_test_set()
    p = fit_problem(seed, noise)
    X, y = p["X"], p["y"]
    w0 = data.initialization(init, X, y, init_scale, seed=seed + 1)
    gd = spectral.gd_closed_form(X, y, step, _core._grid(FIT_ITERS, 120), w0=w0)
    ts = gd.iters
    gd_pred = gd.weights @ F_test.T
    ridge_w = spectral.ridge_path(X, y, 1.0 / (step * np.maximum(ts, 1)))
    return read_only({
        "ts": ts, "gd_pred": gd_pred, "ridge_pred": ridge_w @ F_test.T,
        "gd_train": 2 * gd.loss, "gd_test": np.mean((gd_pred - y_test) ** 2, axis=1),
        "ridge_train": np.mean((ridge_w @ X.T - y) ** 2, axis=1),
        "ridge_test": np.mean((ridge_w @ F_test.T - y_test) ** 2, axis=1),
        "diverged": gd.diverged,
    })


@register(notebook="02")
def early_stopping_fit(seed=0, **initial):
    """A noisy 1-D regression with 200 Gaussian-bump features and 30 samples.

    Left: the data, the true function, the GD fit after t steps from the chosen start, the ridge
    fit with lam = 1/(eta t), and (faint) the minimum-norm interpolant that GD from zero tends to.
    Right: training and test error of GD against t and of ridge against 1/(eta lam) on one axis:
    training error falls to 0, test error traces a U, and the interpolant is at the far right.
    Controls: step, iters (up to 10^6), noise, init, init_scale, seed.
    """
    x_test, _, y_test = fit_test_set()
    threshold = fit_problem(seed, 0.3)["threshold"]
    controls = {
        "step": widgets.step_slider(threshold, kind="threshold"),
        "iters": widgets.iters_slider(value=5, max_iters=FIT_ITERS),
        "noise": widgets.float_slider(0.3, 0.0, 1.0, 0.05, "noise σ", continuous_update=False),
        "init": widgets.init_dropdown("zero"),
        "init_scale": widgets.init_scale_slider(1.0),
        "seed": widgets.seed_input(seed),
    }
    fig1, ax1 = plotting.figure(width=4.6, height=3.4)
    fig2, ax2 = plotting.figure(width=4.6, height=3.4)
    ax1.set(xlim=(0, 1), ylim=(-3, 3), xlabel="x", ylabel="y", title="fits")
    ax1.plot(x_test, y_test, color="0.5", lw=1.2, ls="-", label="true f")
    points, = ax1.plot([], [], "o", color="0.2", ms=4, ls="none", label="noisy samples")
    interp = curve(ax1, 3, ":", lw=0.8, label="min-norm interpolant")
    gd_fit = curve(ax1, 0, "-", label="GD after t steps")
    ridge_fit = curve(ax1, 1, "--", label=r"ridge, $\lambda = 1/(\eta t)$")
    ax1.legend(loc="lower left", fontsize="x-small")
    ax2.set(yscale="log", xlim=(0, FIT_ITERS), ylim=(1e-4, 3),
            xlabel=r"t  (ridge: $1/(\eta\lambda)$)", ylabel="mean squared error",
            title="training and test error")
    ax2.set_xscale("symlog", linthresh=1)
    gd_train = curve(ax2, 0, "-", label="GD train")
    gd_test = curve(ax2, 0, "--", label="GD test")
    r_train = curve(ax2, 1, "-.", label="ridge train")
    r_test = curve(ax2, 1, ":", label="ridge test")
    interp_test = ax2.axhline(1.0, color=plotting.OKABE_ITO[3], lw=0.8, ls=":",
                              label="interpolant test")
    now, = ax2.plot([], [], "s", color=plotting.OKABE_ITO[0], ms=7, ls="none")
    ax2.legend(loc="lower left", fontsize="x-small", ncols=2)
    warn1, warn2 = plotting.warning_text(ax1), plotting.warning_text(ax2)
    plotting.dynamic(fig1, points, interp, gd_fit, ridge_fit, warn1)
    plotting.dynamic(fig2, gd_train, gd_test, r_train, r_test, interp_test, now, warn2)

    def update(v):
        prob = fit_problem(v["seed"], v["noise"])
        p = fit_paths(v["seed"], v["noise"], v["step"], v["init"], v["init_scale"])
        t = v["iters"]
        points.set_data(prob["x"], prob["y"])
        interp.set_data(x_test, np.clip(prob["interp_pred"], -10, 10))
        k = np.searchsorted(p["ts"], t, side="right") - 1  # index of t (t is on the grid)
        if p["diverged"] and p["ts"][-1] < t:
            gd_fit.set_data([], [])
            ridge_fit.set_data([], [])
            now.set_data([], [])
            msg = _core._diverges_message(v["step"], prob["threshold"])
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
        interp_err = prob["interp_err"]
        interp_test.set_ydata([interp_err] * 2)
        best = int(np.argmin(p["gd_test"]))
        if msg:
            return f"GD {msg}"
        return (f"t = {t}: GD train {p['gd_train'][k]:.3g}, test {p['gd_test'][k]:.3g}; "
                f"ridge (λ = 1/(ηt)) test {p['ridge_test'][k] if t else float('nan'):.3g}. "
                f"Best GD test error {p['gd_test'][best]:.3g} at t = {p['ts'][best]}; "
                f"min-norm interpolant test error {interp_err:.3g}.")

    return Demo(controls, {"fit": fig1, "errors": fig2}, update, initial)


RATES_EIGS = 30000  # eigenvalues mu_i = i^(-alpha), i = 1 ... RATES_EIGS
RATES_LAMS = read_only(np.geomspace(1e-3, 1e-1, 20))
RATES_TS = read_only(np.unique(np.geomspace(100, 3000, 20).round().astype(int)))


@cached
def rate_curves(r, alpha):
    """spectral.rates at source exponent r on the spectrum i^(-alpha): (worst case, fixed target
    g_i = i^(-1/2)/log(i+1))."""
    i = np.arange(1, RATES_EIGS + 1)
    g = i**-0.5 / np.log(i + 1)
    return read_only((spectral.rates(r, alpha, RATES_EIGS, RATES_LAMS, RATES_TS),
                      spectral.rates(r, alpha, RATES_EIGS, RATES_LAMS, RATES_TS, g=g)))


@register(notebook="02")
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
        "r": widgets.choice_slider(r_values, 1.0, "source exponent r", continuous_update=True),
        "norm": widgets.dropdown([("L² (ρ-norm): rate r", "L2"), ("K-norm: r → r − 1/2", "K")],
                                 "L2", "error measured in"),
        "alpha": widgets.choice_slider([1.0, 1.5, 2.0], 1.0, "spectrum μ_i = i^(-α), α",
                                       continuous_update=True),
    }
    fig, ax = plotting.figure(width=5.6, height=3.8)
    ax.set(xscale="log", yscale="log", xlim=(2e-4, 2e-1), ylim=(1e-12, 2),
           xlabel=r"$\lambda$ (Tikhonov)   and   $1/t$ (GD)", ylabel="approximation error",
           title="rates under the source condition")
    tik = curve(ax, 1, "-", marker="o", ms=3, label="Tikhonov, worst case")
    gd = curve(ax, 0, "-", marker="s", ms=3, label="GD, worst case")
    tik_g = curve(ax, 1, "--", label="Tikhonov, fixed g")
    gd_g = curve(ax, 0, "--", label="GD, fixed g")
    ax.legend(loc="lower right", fontsize="small")
    warning = plotting.warning_text(ax)
    plotting.dynamic(fig, tik, gd, tik_g, gd_g, warning)
    def update(v):
        r_eff = v["r"] - 0.5 if v["norm"] == "K" else v["r"]
        if r_eff <= 0:
            for line in (tik, gd, tik_g, gd_g):
                line.set_data([], [])
            warning.set_text("the K-norm bounds need r > 1/2")
            return f"r = {v['r']}: the K-norm rate r − 1/2 is not positive; choose r > 1/2."
        warning.set_text("")
        worst, fixed = rate_curves(r_eff, v["alpha"])
        if worst["edge_tikhonov"] or worst["edge_gd"]:
            warning.set_text("worst case at the smallest eigenvalue: the slope is not the rate")
        tik.set_data(RATES_LAMS, worst["tikhonov"])
        gd.set_data(1.0 / RATES_TS, worst["gd"])
        tik_g.set_data(RATES_LAMS, fixed["tikhonov"])
        gd_g.set_data(1.0 / RATES_TS, fixed["gd"])
        return (f"rate exponent r{' − 1/2' if v['norm'] == 'K' else ''} = {r_eff:g}. "
                f"Worst case: Tikhonov slope {worst['slope_tikhonov']:.3f} "
                f"(theory min(r{' − 1/2' if v['norm'] == 'K' else ''}, 1) = {min(r_eff, 1):g}), "
                f"GD slope {worst['slope_gd']:.3f} "
                f"(theory {r_eff:g}). Fixed g: Tikhonov {fixed['slope_tikhonov']:.3f}, "
                f"GD {fixed['slope_gd']:.3f}.")

    return Demo(controls, {"rates": fig}, update, initial)
