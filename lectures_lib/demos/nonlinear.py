"""Notebook 06 (beyond linear models).

poly_net: a quadratic network's M = W1^T diag(W2) W1 from small and large starts.
relu_corollary8: Corollary 8 on one ReLU layer, the activation pattern freezing.
"""

import numpy as np

from lectures_lib import data, max_margin, nonlinear, plotting, widgets
from lectures_lib.demos import _core
from lectures_lib.demos._core import Demo, cached, curve, read_only, register

# Computations shared by both demos below (each demo's own come just above it)

ITERS = 10**4  # both demos train for this many steps


@cached
def poly_problem(seed):
    """data.poly_net_problem(seed=seed) and the sorted eigenvalues of the kernel interpolant's
    matrix M (nonlinear.poly_kernel_interpolant with m = 2): (X, y, eigenvalues)."""
    X, y = data.poly_net_problem(seed=seed)
    predict, _ = nonlinear.poly_kernel_interpolant(X, y, 2)
    # the interpolant is f(x) = x^T M x, so M_jk = (f(e_j + e_k) - f(e_j) - f(e_k)) / 2
    d = X.shape[1]
    E = np.eye(d)
    f_sums = predict((E[:, None, :] + E[None, :, :]).reshape(-1, d)).reshape(d, d)
    f_units = predict(E)
    M = (f_sums - f_units[:, None] - f_units[None, :]) / 2
    return read_only((X, y, np.sort(np.linalg.eigvalsh(M))))


@cached
def poly_net_run(data_seed, init_scale, step, seed):
    """nonlinear.train_poly_net (12 hidden units, m = 2) on poly_problem(data_seed) for ITERS
    steps from a start drawn with `seed`, and the eigenvalues of M = W1^T diag(W2) W1 at the
    recorded iterations: (run, eigenvalues (len(run.iters), 4))."""
    X, y, _ = poly_problem(data_seed)
    r = nonlinear.train_poly_net(X, y, 12, 2, step, ITERS, init_scale=init_scale, seed=seed,
                                 record=_core._grid(ITERS, 80))
    Ms = np.einsum("tjd,tj,tje->tde", r.W1s, r.W2s[:, 0, :], r.W1s)
    return read_only((r, np.linalg.eigvalsh(Ms)))


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
    ev_kernel = poly_problem(seed)[2]
    controls = {
        "init_scale": widgets.choice_slider(_core.INIT_SCALES[1:], 1e-2, "init scale",
                                            continuous_update=True),
        "step": widgets.step_slider(0.1, value=0.05, low=0.05, high=1.5,
                                    threshold_name="typical limit", kind="typical"),
        "iters": widgets.iters_slider(value=ITERS, max_iters=ITERS),
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
    loss_line = curve(ax1, 0, "-")
    ev_lines = [curve(ax2, k, "-") for k in range(4)]
    for k, e in enumerate(ev_kernel):
        ax2.axhline(e, color=plotting.OKABE_ITO[k], ls=":", lw=1)
    warn = plotting.warning_text(ax1)
    plotting.dynamic(f1, loss_line, warn)
    plotting.dynamic(f2, *ev_lines)

    def update(v):
        r, evs = poly_net_run(seed, v["init_scale"], v["step"], v["seed"])
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


RELU_W2 = read_only(np.where(np.arange(4) % 2 == 0, 1.0, -1.0))  # fixed second layer, N = 4


@cached
def relu_run(step, init_scale, seed):
    """Corollary 8's run: 30 separable points (seed), the first layer (4 x 2, Gaussian of size
    init_scale) trained by GD for ITERS steps, the angle of vec(W1) to the max-margin direction
    on the final (frozen) ReLU features at every record (NaN if they do not separate the data),
    and how many activations changed between records: (X, y, run, angles, flips)."""
    X, y = data.separable_classification(30, 2, 0.15, seed=seed, bias=False)
    rng = np.random.default_rng(seed)
    W1 = init_scale * rng.standard_normal((len(RELU_W2), 2))
    r = nonlinear.train_relu_layer(X, y, W1, RELU_W2, step, ITERS, record=_core._grid(ITERS, 80))
    phi = nonlinear.relu_features(r.W1, X, RELU_W2)
    try:
        w_hat = max_margin.svm_direction(phi, y).w
        angles = np.array([max_margin.angle(W_.ravel(), w_hat) if np.any(W_) else np.nan
                           for W_ in r.W1s])
    except ValueError:  # the frozen features do not separate the data
        angles = np.full(len(r.iters), np.nan)
    flips = np.array([0] + [int(np.sum(r.patterns[k] != r.patterns[k - 1]))
                            for k in range(1, len(r.iters))])
    return read_only((X, y, r, angles, flips))


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
        "iters": widgets.iters_slider(value=ITERS, max_iters=ITERS),
        "init_scale": widgets.init_scale_slider(1.0),
        "seed": widgets.seed_input(seed),
    }
    grid = np.linspace(-1.2, 1.2, 121)
    G = np.array(np.meshgrid(grid, grid)).reshape(2, -1).T
    f1, ax1 = plotting.figure(width=3.6, height=3.4)
    f2, ax2 = plotting.figure(width=4.4, height=3.4)
    ax1.set(xlim=(-1.2, 1.2), ylim=(-1.2, 1.2), aspect="equal", title="data and boundary")
    pos, = ax1.plot([], [], "o", color=plotting.OKABE_ITO[0], ms=4, ls="none", gid="y = +1")
    neg, = ax1.plot([], [], "s", color=plotting.OKABE_ITO[1], ms=4, ls="none", gid="y = −1")
    region = ax1.imshow(np.zeros((121, 121)), extent=(-1.2, 1.2, -1.2, 1.2), origin="lower",
                        cmap="RdBu", vmin=-1, vmax=1, alpha=0.25)
    ax2.set(xscale="log", yscale="log", xlim=(1, 1e4), ylim=(1e-3, 2), xlabel="iteration t",
            title="after the pattern freezes")
    changes, = ax2.plot([], [], "|", color="0.3", ms=10, ls="none", label="pattern changed")
    ang = curve(ax2, 2, "-", label="angle to max margin on frozen features")
    ax2.legend(loc="lower left", fontsize="x-small")
    plotting.dynamic(f1, region, pos, neg)
    plotting.dynamic(f2, changes, ang)

    def update(v):
        X, y, r, angles, flips = relu_run(v["step"], v["init_scale"], v["seed"])
        k = r.iters <= v["iters"]
        kk = np.flatnonzero(k)[-1]
        pos.set_data(*X[y > 0].T)
        neg.set_data(*X[y < 0].T)
        scores = np.maximum(G @ r.W1s[kk].T, 0) @ RELU_W2
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
