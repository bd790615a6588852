"""Notebook 06 (beyond linear models).

poly_net: a quadratic network's M = W1^T diag(W2) W1 from small and large starts.
relu_corollary8: Corollary 8 on one ReLU layer, the activation pattern freezing.

Each function returns a Demo; the contract is in the package docstring.
"""

import numpy as np

from lectures_lib import data, max_margin, nonlinear, plotting, widgets
from lectures_lib.demos._core import INIT_SCALES, Demo, _Cache, _grid, register


@register(notebook="06")
def poly_net(seed=0, **initial):
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
        "init_scale": widgets.choice_slider(INIT_SCALES[1:], 1e-2, "init scale",
                                            continuous_update=True),
        "step": widgets.step_slider(0.1, value=0.05, low=0.05, high=1.5,
                                    threshold_name="typical limit", kind="typical"),
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


@register(notebook="06")
def relu_corollary8(seed=1, **initial):
    """Corollary 8: train only the first layer of u(x) = w2 . relu(W1 x) (4 hidden units, w2 = +-1
    fixed) with the logistic loss on separable data. Left: the data and the decision boundary.
    Right: how many activations changed between records, and, after the last change, the angle of
    vec(W1) to the max-margin direction on the frozen ReLU features.
    Controls: step, iters, init_scale, seed.
    """
    controls = {
        "step": widgets.step_slider(0.2, value=0.1, low=0.05, high=2.0,
                                    threshold_name="typical limit", kind="typical"),
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
