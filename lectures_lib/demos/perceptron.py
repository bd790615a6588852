"""Notebook 04 (the perceptron and Novikoff's bound).

perceptron_run: a 2-D run update by update, and the squeeze in the proof.
perceptron_sweep: updates against the bound over many margins.
perceptron_nonseparable: flipped labels, a perceptron that never stops making mistakes.
"""

import numpy as np

from lectures_lib import data, perceptron, plotting, svm, widgets
from lectures_lib.demos import _core
from lectures_lib.demos._core import Demo, cached, curve, read_only, register

MARGINS = [0.02, 0.03, 0.05, 0.07, 0.1, 0.15, 0.2, 0.3]


@cached
def perceptron_setting(margin, order, bias, seed):
    """40 points in the plane with a planted margin (seed), the perceptron's run on them, the
    quantities of the proof (perceptron.proof_quantities), the hard-margin SVM and Novikoff's
    bound: (X, y, run, proof, svm solution, bound)."""
    X, y = data.separable_classification(40, 2, margin, seed=seed, bias=bias)
    run = perceptron.train(X, y, bias=bias, order=order, seed=seed)
    return read_only((X, y, run, perceptron.proof_quantities(run, X, y),
                      svm.hard_margin_svm(X, y, bias), perceptron.novikoff_bound(X, y, bias)))


@register(notebook="04")
def perceptron_run(seed=0, **initial):
    """A 2-D run of the perceptron, update by update, and the squeeze behind Novikoff's bound.

    Left: the data (the radius-R circle), the hyperplane after update k (solid), the point that
    caused update k (ringed), the max-margin hyperplane and its margin band (dashed).
    Right: k gamma* <= w^_opt . w^_k <= ||w^_opt|| sqrt(2k) R along the run: a line below a square
    root, which must cross at k = 2 ||w^_opt||^2 R^2 / gamma*^2 <= (2R/gamma*)^2.
    Controls: iters (the update k), margin (planted margin of a new dataset), order, bias, seed.
    """
    controls = {
        "iters": widgets.int_slider(0, 0, 10**5, "update k", continuous_update=True),
        "margin": widgets.choice_slider(MARGINS, 0.05, "planted margin", continuous_update=True),
        "order": widgets.dropdown(["cyclic", "random"], "cyclic", "order of the points"),
        "bias": widgets.checkbox(True, "bias b (augmented x^ = (x, R))"),
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
    current = curve(ax1, 2, "-", lw=2.2, label="after update k")
    culprit, = ax1.plot([], [], "o", mfc="none", mec=plotting.OKABE_ITO[3], ms=13, mew=2,
                        ls="none", label="caused update k")
    ax1.legend(loc="lower left", fontsize="x-small")
    title1 = ax1.set_title(" ")
    ax2.set(xscale="log", yscale="log", xlabel="update k", title="the squeeze in the proof")
    lower = curve(ax2, 1, "--", label=r"$k\gamma^*$")
    middle = curve(ax2, 0, "-", label=r"$\hat w_{opt}\cdot\hat w_k$")
    upper = curve(ax2, 2, "-.", label=r"$\|\hat w_{opt}\|\sqrt{2k}\,R$")
    now, = ax2.plot([], [], "o", color=plotting.OKABE_ITO[0], ms=7, ls="none")
    cross = ax2.axvline(1, color="0.3", lw=1, ls=":", label="bound: lines cross")
    ax2.legend(loc="upper left", fontsize="x-small")
    plotting.dynamic(fig1, circle, pos, neg, best, band1, band2, current, culprit, title1)
    plotting.dynamic(fig2, lower, middle, upper, now, cross)

    def update(v):
        X, y, run, proof, sol, bound = perceptron_setting(v["margin"], v["order"], v["bias"],
                                                          v["seed"])
        k_slider = controls["iters"]
        k_slider.max = run.updates  # the slider covers this run's updates
        k = min(v["iters"], run.updates)
        R, gamma = run.R, sol.margin
        circle.set_data(R * np.cos(theta), R * np.sin(theta))
        pos.set_data(*X[y > 0].T)
        neg.set_data(*X[y < 0].T)
        for line, shift in ((best, 0.0), (band1, 1.0), (band2, -1.0)):
            pts = _core._line_through(sol.w, sol.b - shift, lim)
            line.set_data(*pts)
        pts = _core._line_through(run.history_w[k], run.history_b[k], lim)
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
        return (f"Shown: the hyperplane after update {k} of {run.updates}. "
                f"R = {R:.3f}, γ* = {gamma:.4f}: the perceptron "
                + (f"converged after {run.updates} updates ({run.epochs} epochs)" if run.converged
                   else f"stopped by the epoch cap after {run.updates} updates")
                + f"; Novikoff's bound ({'2' if v['bias'] else ''}R/γ*)² = {bound:.0f}; "
                f"the proof's own bound 2‖ŵ_opt‖²R²/γ*² = {crossing:.0f}; both inequalities hold "
                f"at every update: {holds}")

    return Demo(controls, {"plane": fig1, "proof": fig2}, update, initial)


@cached
def sweep_rows(d, n, seed):
    """(Novikoff's bound, updates in cyclic order, updates in random order) for three datasets
    (seeds seed, seed + 100, seed + 200) per margin in MARGINS: an array (3 len(MARGINS), 3)."""
    rows = []
    for m in MARGINS:
        for s in range(3):
            X, y = data.separable_classification(n, d, m, seed=seed + 100 * s)
            bound = perceptron.novikoff_bound(X, y)
            k_cyc = perceptron.train(X, y, order="cyclic").updates
            k_rnd = perceptron.train(X, y, order="random", seed=s).updates
            rows.append((bound, k_cyc, k_rnd))
    return read_only(np.array(rows))


@register(notebook="04")
def perceptron_sweep(seed=0, **initial):
    """Updates against Novikoff's bound (2R/gamma*)^2 over planted margins 0.02 ... 0.3, three
    datasets per margin, cyclic and random order, log-log. Every point lies below the diagonal.
    Controls: d (dimension), n (points).
    """
    controls = {
        "d": widgets.choice_slider([2, 5, 20], 2, "dimension d", continuous_update=True),
        "n": widgets.choice_slider([50, 200], 50, "points n", continuous_update=True),
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

    def update(v):
        rows = sweep_rows(v["d"], v["n"], seed)
        cyc.set_data(rows[:, 0], np.maximum(rows[:, 1], 1))
        rnd.set_data(rows[:, 0], np.maximum(rows[:, 2], 1))
        ratio = rows[:, 1:].max(axis=1) / rows[:, 0]
        return (f"{len(rows)} datasets: updates / bound between {ratio.min():.3f} and "
                f"{ratio.max():.3f}; the bound held every time: {bool(np.all(ratio <= 1))}")

    return Demo(controls, {"sweep": fig}, update, initial)


@cached
def nonseparable_run(flip, order, seed):
    """40 points with a fraction `flip` of labels flipped, and 300 epochs of the perceptron on
    them: (X, y, run)."""
    X, y = data.nonseparable_classification(40, 2, flip, seed=seed)
    return read_only((X, y, perceptron.train(X, y, max_epochs=300, order=order, seed=seed)))


@register(notebook="04")
def perceptron_nonseparable(seed=0, **initial):
    """Flip some labels: no hyperplane separates the data any more. The perceptron then never
    stops making mistakes (right: mistakes per epoch stay above zero) and its hyperplane keeps
    wandering (left: the last few), while ||w|| stays bounded (perceptron cycling theorem).
    Controls: flip (fraction of labels flipped), iters (epochs shown), order, seed.
    """
    controls = {
        "flip": widgets.choice_slider([0.05, 0.1, 0.2, 0.3], 0.1, "labels flipped",
                                      continuous_update=True),
        "iters": widgets.choice_slider(widgets.iteration_options(300)[1:], 50, "epochs",
                                       continuous_update=True),
        "order": widgets.dropdown(["cyclic", "random"], "cyclic", "order of the points"),
        "seed": widgets.seed_input(seed),
    }
    lim = 1.15
    fig1, ax1 = plotting.figure(width=4.2, height=4.0)
    fig2, ax2 = plotting.figure(width=4.6, height=4.0)
    ax1.set(xlim=(-lim, lim), ylim=(-lim, lim), aspect="equal", xlabel="$x_1$", ylabel="$x_2$",
            title="last hyperplanes")
    pos, = ax1.plot([], [], "o", color=plotting.OKABE_ITO[0], ms=4, ls="none", label="y = +1")
    neg, = ax1.plot([], [], "s", color=plotting.OKABE_ITO[1], ms=4, ls="none", label="y = −1")
    planes = [curve(ax1, 2, "-", lw=1, alpha=0.3 + 0.14 * j) for j in range(5)]
    ax1.legend(loc="lower left", fontsize="x-small")
    ax2.set(xlim=(1, 300), ylim=(0, 20), xlabel="epoch", title="mistakes per epoch and ‖w‖")
    mistakes = curve(ax2, 3, "-", label="mistakes")
    norms = curve(ax2, 0, "--", label="‖w‖ at epoch end")
    ax2.legend(loc="upper right", fontsize="small")
    plotting.dynamic(fig1, pos, neg, *planes)
    plotting.dynamic(fig2, mistakes, norms)

    def update(v):
        X, y, run = nonseparable_run(v["flip"], v["order"], v["seed"])
        E = v["iters"]
        upto = run.history_epoch <= E
        k = int(upto.sum())
        pos.set_data(*X[y > 0].T)
        neg.set_data(*X[y < 0].T)
        for j, line in enumerate(planes):
            idx = k - (len(planes) - 1 - j)
            pts = None
            if idx > 0:
                pts = _core._line_through(run.history_w[idx], run.history_b[idx], lim)
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
