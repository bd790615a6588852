"""Notebook 05 (the implicit bias of GD on separable data, Soudry et al.).

soudry_figure1: Figure 1 of Soudry et al. (2018), live.
optimizer_comparison: GD, momentum, Adam and normalized GD, their directions.
gradient_flow: gradient flow to t = 1e40, theta(t) ln t against ln t.

Each function returns a Demo; the contract is in the package docstring.
"""

import numpy as np

from lectures_lib import data, max_margin, plotting, widgets
from lectures_lib.demos._core import (
    Demo,
    Prefetch,
    _line_through,
    cached,
    read_only,
    register,
    slider_neighbours,
)

SOUDRY_DATA = {"figure1": data.soudry_figure1, "generic": data.soudry_generic}


@cached
def soudry_problem(dataset, seed):
    """The data of SOUDRY_DATA[dataset](seed) and its max-margin solution: (X, y, svm result)."""
    X, y = SOUDRY_DATA[dataset](seed)
    return read_only((X, y, max_margin.svm_direction(X, y)))


def _soudry_start(kind, d, scale, seed):
    """GD's starting point: zero, random (norm ~ scale), or far away in a bad direction."""
    if kind == "zero":
        return np.zeros(d)
    rng = np.random.default_rng(seed)
    if kind == "random":
        return scale * rng.standard_normal(d)
    return 10 * scale * np.array([-1.0, 1.0] + [0.0] * (d - 2)) / np.sqrt(2)  # "far"


MAX_T = 10**6  # GD steps per run in soudry_figure1: the figures' horizon


@cached
def soudry_run(dataset, seed, step, init, init_scale, loss):
    """One GD run of MAX_T steps (about 160 log-spaced iterations recorded) and what the panels of
    soudry_figure1 draw of it at the recorded iterations t > 0: the weights, their norm, the loss,
    the angle to w_hat, the margin gap and the support vectors' share of the gradient; plus the
    step guaranteed for this loss from this start and how many recorded steps raised the loss."""
    X, y, sol = soudry_problem(dataset, seed)
    w0 = _soudry_start(init, 2, init_scale, seed + 1)
    r = max_margin.gd(X, y, loss, step, MAX_T, w0=w0, record=160)
    Z = y[:, None] * X
    ok = r.iters > 0
    ws = r.weights[ok]
    shares = max_margin.gradient_shares(ws @ Z.T, loss)
    on_sv = np.isin(np.arange(len(y)), sol.support)
    return read_only({
        "run": r, "t": r.iters[ok], "w": ws, "norm": np.linalg.norm(ws, axis=1),
        "loss": r.loss[ok], "angle": np.array([max_margin.angle(w, sol.w) for w in ws]),
        "gap": np.array([max_margin.margin_gap(w, X, y, sol.w) for w in ws]),
        "sv_share": shares[:, on_sv].sum(axis=1),
        "guarantee": max_margin.max_stable_step(X, loss, w0=w0, y=y),
        "rises": int(np.sum(np.diff(r.loss) > 0)),
    })


# A new step is a new run of 10^6 GD steps (0.15-0.3 s): while a figure is drawn, the steps one
# arrow-key press away are computed in the background (_core.Prefetch).
_ahead = Prefetch(soudry_run)


@register(notebook="05")
def soudry_figure1(seed=0, **initial):
    """Figure 1 of Soudry et al. (2018), live.

    (A) the data, the max-margin separator (dashed) and GD's separator after t steps (solid);
    (B) ||w(t)|| against ln t, with slope ||w_hat||; (C) the loss against t, log-log, with 1/t;
    (D) the angle theta(t) to w_hat; (E) the margin gap; (F) the share of each sample in the
    gradient, -l'(u_n) / sum_m -l'(u_m): the support vectors take over.
    GD runs once per setting (soudry_run: 10^6 steps, compiled, cached; while a figure is drawn,
    the two steps one arrow-key press away are computed in the background) and the iterations
    slider slices the run. Controls: step, iters, init, init_scale, loss, dataset, seed.
    """
    X0, y0 = data.soudry_figure1(seed)
    guarantee = max_margin.max_stable_step(X0, "logistic")
    controls = {
        "step": widgets.step_slider(guarantee, value=1.0 / np.linalg.norm(X0, 2) ** 2,
                                    low=1e-2, high=4.0, threshold_name="guaranteed below",
                                    kind="guaranteed"),
        "iters": widgets.iters_slider(value=10**5, max_iters=MAX_T),
        "init": widgets.dropdown([("zero", "zero"), ("random", "random"), ("far away", "far")],
                                 "zero", "initialization"),
        "init_scale": widgets.init_scale_slider(1.0),
        "loss": widgets.dropdown([("logistic", "logistic"), ("exponential", "exp"),
                                  ("polynomial tail (no theorem)", "poly")],
                                 "logistic", "loss"),
        "dataset": widgets.dropdown([("Figure 1 (symmetric SVs)", "figure1"),
                                     ("generic (one SV per class)", "generic")],
                                    "figure1", "data"),
        "seed": widgets.seed_input(seed),
    }
    figA, axA = plotting.figure(width=3.6, height=3.4)
    figs = [plotting.figure(width=3.2, height=2.6) for _ in range(5)]
    (figB, axB), (figC, axC), (figD, axD), (figE, axE), (figF, axF) = figs
    lim = 4.0
    axA.set(xlim=(-lim, lim), ylim=(-lim, lim), aspect="equal", title="(A) data and separators")
    pos, = axA.plot([], [], "o", color=plotting.OKABE_ITO[0], ms=5, ls="none", gid="y = +1")
    neg, = axA.plot([], [], "s", color=plotting.OKABE_ITO[1], ms=5, ls="none", gid="y = −1")
    svs, = axA.plot([], [], "o", mfc="none", mec="k", ms=10, ls="none", label="support vectors")
    svm_line, = axA.plot([], [], color="0.2", ls="--", lw=1.2, label="max margin")
    gd_line, = axA.plot([], [], color=plotting.OKABE_ITO[2], ls="-", lw=2, label="GD at t")
    axA.legend(loc="lower right", fontsize="x-small")
    for ax in (axB, axC, axD, axE, axF):
        ax.set_xscale("log")
        ax.set_xlim(1, MAX_T)
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

    def update(v):
        setting = (v["dataset"], v["seed"], v["step"], v["init"], v["init_scale"], v["loss"])
        p = _ahead.get(*setting)
        _ahead.prefetch(*[setting[:2] + (step,) + setting[3:]
                          for step in slider_neighbours(controls["step"])])
        X, y, sol = soudry_problem(v["dataset"], v["seed"])
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
        guarantee_here = p["guarantee"]
        # Above the guarantee GD still converges here: on this data every z_n . z_m > 0, so each
        # step raises every margin, at any step size (for the logistic loss on any separable
        # data, Wu, Braverman and Lee 2023: any constant step converges, perhaps after an early
        # non-monotone phase). Say what the run did, measured on the recorded iterations.
        rises = p["rises"]
        if r.diverged:
            warn.set_text(f"diverged at t = {r.iters[-1]}: η = {v['step']:.3g},\n"
                          f"guaranteed below {guarantee_here:.3g}")
        elif v["step"] > guarantee_here:
            warn.set_text(f"η = {v['step'] / guarantee_here:.2g} × the guarantee:\nno divergence;\n"
                          + (f"the loss rose at {rises} recorded steps, then fell" if rises
                             else "the loss fell at every recorded step"))
        else:
            warn.set_text("")
        if not k.any():
            figA.describe = None  # the generic words
            return "t = 0: w = 0"
        kk = np.flatnonzero(k)[-1]
        theta = np.degrees(p["angle"][kk])  # the panel's words say the angle the eye cannot see
        figA.describe = lambda fig: (f"{plotting.describe_axes(axA)}; GD at t = {ts[-1]} is "
                                     f"{theta:.3g} degrees from the max-margin direction")
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


@cached
def optimizer_runs(dataset, seed, loss):
    """10^4 steps of each of the OPTIMIZERS on SOUDRY_DATA[dataset](seed), from zero: their runs
    and the angle of each recorded iterate to the L2 max-margin direction (nan at w = 0)."""
    X, y, sol = soudry_problem(dataset, seed)
    runs = {name: f(X, y, loss, 10**4) for name, f in OPTIMIZERS.items()}
    angles = {name: np.array([max_margin.angle(w, sol.w) if np.any(w) else np.nan
                              for w in r.weights]) for name, r in runs.items()}
    return read_only((runs, angles))


@register(notebook="05")
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
        "dataset": widgets.dropdown([("L2 and L∞ directions differ", "generic"),
                                     ("Figure 1", "figure1")],
                                    "generic", "data"),
        "loss": widgets.dropdown([("logistic", "logistic"), ("exponential", "exp")],
                                 "logistic", "loss"),
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
    pos, = ax2.plot([], [], "o", color=plotting.OKABE_ITO[0], ms=4, ls="none", gid="y = +1")
    neg, = ax2.plot([], [], "s", color=plotting.OKABE_ITO[1], ms=4, ls="none", gid="y = −1")
    l2, = ax2.plot([], [], color="0.2", ls="--", lw=1.2, label=r"L2 max margin $\hat w$")
    # gid: each direction's name in the panel's alt text (the colours match the left legend)
    arrows = {name: ax2.plot([], [], color=plotting.OKABE_ITO[i], ls="-", lw=2, gid=name)[0]
              for i, name in enumerate(OPTIMIZERS)}
    ax2.legend(loc="lower right", fontsize="x-small")
    plotting.dynamic(fig1, *lines.values())
    plotting.dynamic(fig2, pos, neg, l2, *arrows.values())

    def update(v):
        X, y, sol = soudry_problem(v["dataset"], seed)
        runs, angles = optimizer_runs(v["dataset"], seed, v["loss"])
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


@cached
def flow_curve(dataset, loss):
    """The gradient flow on SOUDRY_DATA[dataset](0) to t = 1e40 (300 log-spaced times): the times
    t >= 1e40^(1/299) and the angle theta(t) to w_hat at each."""
    X, y, sol = soudry_problem(dataset, 0)
    flow = max_margin.gradient_flow(X, y, loss, t_max=1e40, n_points=300)
    t = flow.iters[2:]
    return read_only((t, np.array([max_margin.angle(w, sol.w) for w in flow.weights[2:]])))


@register(notebook="05")
def gradient_flow(**initial):
    """Gradient flow out to t = 1e40 (integrated in log-time): theta(t) ln t against ln t.
    On generic data (one support vector per class) it levels off: theta ~ c / ln t, the rate for
    almost every dataset. On the symmetric Figure-1 data it keeps falling: theta decays like
    t^(-min(1/4, mu - 1)) / ln t, t^(-1/4) / ln t on this copy (notebook 05 derives it).
    Controls: t_max (10^5 ... 10^40), loss.
    """
    controls = {
        # labelled 1e5 ... 1e40: shown and announced so, not as 41-digit integers
        "t_max": widgets.choice_slider([(f"1e{k}", 10**k) for k in range(5, 41, 5)], 10**40,
                                       "t up to", continuous_update=True),
        "loss": widgets.dropdown([("logistic", "logistic"), ("exponential", "exp")],
                                 "logistic", "loss"),
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

    def update(v):
        parts = []
        for name, line in lines.items():
            t, th = flow_curve(name, v["loss"])
            k = t <= v["t_max"]
            line.set_data(np.log(t[k]), th[k] * np.log(t[k]))
            parts.append(f"{name}: θ ln t = {th[k][-1] * np.log(t[k][-1]):.3f} at "
                         f"t = {t[k][-1]:.0e}")
        return "; ".join(parts)

    return Demo(controls, {"flow": fig}, update, initial)
