"""Notebook 03 (two-layer linear networks).

linear_net_training: A_t = W2 W1 against A*, the frozen null-space part of W1.
linear_net_modes: singular values of A_t learned one after another.
"""

import numpy as np

from lectures_lib import data, linear_nets, plotting, widgets
from lectures_lib.demos import _core
from lectures_lib.demos._core import Demo, cached, curve, read_only, register

# Computations both demos below use


NET_ITERS = 10**4  # the iterations slider's maximum


@cached
def net_problem(seed, dout):
    """data.linear_net_problem(seed=seed, dout=dout): (X, Y)."""
    return read_only(data.linear_net_problem(seed=seed, dout=dout))


@cached
def net_run(data_seed, dout, init, init_scale, null_amount, hidden, step, batch_size, seed,
            horizon):
    """linear_nets.train on net_problem(data_seed, dout) for `horizon` iterations (GD when
    batch_size is n), recorded on the slider's iterations and a log grid. It stops at the rounding
    floor: after it the weights no longer change."""
    X, Y = net_problem(data_seed, dout)
    grid = _core._grid(NET_ITERS, 120)
    return read_only(linear_nets.train(
        X, Y, hidden, step, horizon, init=init, init_scale=init_scale, null_amount=null_amount,
        seed=seed, batch_size=None if batch_size == X.shape[0] else batch_size,
        record=grid[grid <= horizon], tol=_core.rounding_floor(0.5 * float(np.sum(Y**2)))))


def net_run_reaching(t, *setting):
    """The run that serves iteration t: net_run(*setting, 1000) if it reaches t or stopped for
    good before (diverged, or at the rounding floor), else the run of exactly t iterations, so
    that its end, where linear_net_training draws the gap to A* + W2 W1_0 P_null, is t."""
    return _core.first_run_reaching(lambda horizon: net_run(*setting, horizon), t,
                                    (1000, max(t, 1000)))


def _net_controls(X, threshold, seed, scale_value=0.1, null_amount=True):
    """The controls of both demos (null_amount only where the init offers a null-space part)."""
    n = X.shape[0]
    controls = {
        "init": widgets.dropdown([("row space", "row_space"), ("random", "random"),
                                  ("row space + null-space part", "row_space+null")],
                                 "row_space", "initialization of W1"),
        "init_scale": widgets.choice_slider(_core.INIT_SCALES, scale_value, "init scale",
                                            continuous_update=True),
    }
    if null_amount:
        controls["null_amount"] = widgets.float_slider(1.0, 0.0, 3.0, 0.1, "null-space amount",
                                                       continuous_update=False)
    controls.update({
        "hidden": widgets.int_slider(20, 1, 40, "hidden width N", continuous_update=False),
        "step": widgets.step_slider(threshold, threshold_name="stable at A*", kind="threshold"),
        "iters": widgets.iters_slider(value=1000, max_iters=NET_ITERS),
        "batch_size": widgets.int_slider(n, 1, n, f"batch size ({n} = GD)",
                                         continuous_update=False),
        "seed": widgets.seed_input(seed),
    })
    return controls


def _upto(run, t):
    """The recorded history up to iteration t, extended flat to t if the run stopped at the
    rounding floor before t."""
    k = run.iters <= t
    iters, loss, maps, null = run.iters[k], run.loss[k], run.maps[k], run.null_parts[k]
    if not run.diverged and iters[-1] < t:
        iters, loss = np.append(iters, t), np.append(loss, loss[-1])
        maps, null = np.concatenate([maps, maps[-1:]]), np.append(null, null[-1])
    return iters, loss, maps, null


@register(notebook="03")
def linear_net_training(seed=0, **initial):
    """Train W2 W1 on a problem with N, d >= n >= d' (n = 10, d = 20, d' = 2).

    Panels: (1) distance of A_t = W2 W1 to the minimum-norm map A* and the loss; (2) the
    null-space part ||W1_t P_null|| of W1 (flat: Lemma 4) and the distance of A_t to what the
    frozen part predicts, A* + W2_t W1_0 P_null; (3) A_t next to A* as heat maps.
    Init scale 0 is W1 = W2 = 0: every gradient vanishes there, yet it is not a minimum.
    Controls: init, init_scale, null_amount, hidden, step, iters, batch_size, seed.
    """
    dout = 2
    X, Y = net_problem(seed, dout)
    A_star = linear_nets.min_norm_map(X, Y)
    P_null = linear_nets.null_projector(X)
    threshold = linear_nets.stable_step(X, Y, 20)
    controls = _net_controls(X, threshold, seed)
    fig1, ax1 = plotting.figure(width=4.2, height=3.2)
    fig2, ax2 = plotting.figure(width=4.2, height=3.2)
    fig3, (axA, axS) = plotting.figure(nrows=2, width=6.0, height=1.3)
    for ax in (ax1, ax2):
        ax.set(yscale="log", xlim=(0, 10**4), ylim=(1e-17, 1e2), xlabel="iteration t")
        ax.set_xscale("symlog", linthresh=1)
    ax1.set(title="end-to-end map and loss")
    dist = curve(ax1, 0, "-", label=r"$\|A_t - A^*\| / \|A^*\|$")
    loss = curve(ax1, 1, "--", label="loss")
    ax1.legend(loc="lower left", fontsize="small")
    ax2.set(title="null-space part of W1 (Lemma 4)")
    null = curve(ax2, 2, "-", label=r"$\|W_1 P_{null}\|$")
    pred = curve(ax2, 3, ":", label=r"$\|A_t - A^* - W_2 W_1^{(0)} P_{null}\|$ at the end")
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
        t = v["iters"]
        r = net_run_reaching(t, seed, dout, v["init"], v["init_scale"], v["null_amount"],
                             v["hidden"], v["step"], v["batch_size"], v["seed"])
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
            msg = _core._diverges_message(v["step"], threshold, "2/λmax(∇²L)")
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


@register(notebook="03")
def linear_net_modes(seed=0, **initial):
    """From a tiny initialization the singular values of A_t = W2 W1 are learned one after the
    other, each after a plateau (solid), towards those of A* (dotted). Largest first is exact for
    whitened inputs from a small mode-aligned start (Saxe et al. 2014). Here (not whitened, small
    random start) the order followed c_k = u_k^T (Y^T X) v_k along A*'s singular vectors in 39 of
    seeds 0-39, and differed from the order of s_k(A*) in 9 (seed 5): an observation (notebook 03).
    Controls: init, init_scale, hidden, step, iters, batch_size, seed.
    """
    dout = 3
    X, Y = net_problem(seed, dout)
    s_star = np.linalg.svd(linear_nets.min_norm_map(X, Y), compute_uv=False)
    threshold = linear_nets.stable_step(X, Y, 20)
    controls = _net_controls(X, threshold, seed, scale_value=1e-3, null_amount=False)
    fig, ax = plotting.figure(width=5.6, height=3.6)
    ax.set(xlim=(0, 10**4), ylim=(0, 1.15 * s_star.max()), xlabel="iteration t",
           ylabel="singular values of $A_t$", title="modes are learned one after another")
    ax.set_xscale("symlog", linthresh=1)
    for k, s in enumerate(s_star):
        ax.axhline(s, color=plotting.OKABE_ITO[k], ls=":", lw=1)
    lines = [curve(ax, k, "-", label=f"$s_{k + 1}(A_t)$") for k in range(len(s_star))]
    ax.legend(loc="upper left")
    warning = plotting.warning_text(ax)
    plotting.dynamic(fig, *lines, warning)

    def update(v):
        t = v["iters"]
        r = net_run_reaching(t, seed, dout, v["init"], v["init_scale"], 0.0, v["hidden"],
                             v["step"], v["batch_size"], v["seed"])
        iters, _, maps, _ = _upto(r, t)
        sv = np.linalg.svd(maps, compute_uv=False)
        for k, line in enumerate(lines):
            line.set_data(iters, sv[:, k])
        diverged = r.diverged and r.iters[-1] < t
        warning.set_text(_core._diverges_message(v["step"], threshold, "2/λmax(∇²L)") if diverged
                         else "")
        learned = [int(iters[np.argmax(sv[:, k] >= 0.5 * s_star[k])]) if np.any(
            sv[:, k] >= 0.5 * s_star[k]) else None for k in range(len(s_star))]
        return ("half of each singular value of A* reached at t = "
                + ", ".join("not yet" if t_ is None else str(t_) for t_ in learned)
                + f" (A* has singular values {', '.join(f'{s:.2f}' for s in s_star)})")

    return Demo(controls, {"modes": fig}, update, initial)
