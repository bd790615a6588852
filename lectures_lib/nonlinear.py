"""Beyond linear models: a polynomial network and one trained ReLU layer.

Lecture sections "1-hidden layer polynomial network" (eqs. 15-17, an open question) and
Corollary 8 (Soudry et al.). Samples are rows, as everywhere in lectures_lib.

Polynomial network (the lecture's P_m(X) = W2 (W1 X)^m, power elementwise), in rows:
    H = X W1^T (n, N),  P = H^m W2^T (n, d'),  E = P - Y,  L = 1/2 ||E||_F^2
    dL/dW1 = (m H^(m-1) o (E W2))^T X        (lecture eq. 16: m (W1 X)^(m-1) o (W2^T E) X^T)
    dL/dW2 = E^T H^m                         (lecture eq. 17: E ((W1 X)^m)^T)
For one output it computes the homogeneous polynomial f(x) = sum_j W2_j (w_j . x)^m, i.e. the
symmetric tensor T = sum_j W2_j w_j^(⊗m) applied to x^(⊗m); the kernel (x . x')^m is the inner
product of those tensors, so the "minimum-norm interpolant" in that norm is a kernel interpolant.

Both training loops are written once in plain numpy (_poly_gd, _relu_gd) and compiled by numba
when it is installed (compiled.jit; about 8x quicker: 10^4 steps of these tiny networks are mostly
the overhead of small numpy calls); tests check the compiled loop against the plain one
(`.py_func`). Compiled loops cannot hold a history.Recorder, so they take the iterations to record
(history.record_points) and the blow-up limit (history.blowup_limit) as arguments.
"""

from dataclasses import dataclass

import numpy as np

from . import svm, validate
from .compiled import jit
from .history import LOG_MAX, blowup_limit, record_points


def _check(X, Y, W1, W2, m):
    X = validate.matrix(X, "X")
    Y = np.asarray(Y, dtype=float)
    Y = validate.matrix(Y[:, None] if Y.ndim == 1 else Y, "Y")
    if Y.shape[0] != X.shape[0]:
        raise ValueError(f"Y must have {X.shape[0]} rows (one per sample), got {Y.shape[0]}")
    W1 = validate.matrix(W1, "W1")
    W2 = validate.matrix(W2, "W2")
    if W1.shape[1] != X.shape[1] or W2.shape != (Y.shape[1], W1.shape[0]):
        raise ValueError(f"W1 must be (N, {X.shape[1]}) and W2 ({Y.shape[1]}, N); got "
                         f"{W1.shape} and {W2.shape}")
    m = validate.integer(m, "m", low=1)
    return X, Y, W1, W2, m


def poly_net_loss(W1, W2, X, Y, m):
    """L = 1/2 ||(X W1^T)^m W2^T - Y||_F^2."""
    X, Y, W1, W2, m = _check(X, Y, W1, W2, m)
    E = (X @ W1.T) ** m @ W2.T - Y
    return 0.5 * float(np.vdot(E, E))


def poly_net_gradients(W1, W2, X, Y, m):
    """(dL/dW1, dL/dW2) of the polynomial network: the lecture's eqs. (16) and (17)."""
    X, Y, W1, W2, m = _check(X, Y, W1, W2, m)
    H = X @ W1.T
    E = H**m @ W2.T - Y
    return (m * H ** (m - 1) * (E @ W2)).T @ X, E.T @ H**m


@dataclass(frozen=True, eq=False)
class PolyRun:
    """The outcome of train_poly_net.

    W1, W2    the weights at the last recorded iteration (the final ones unless diverged)
    iters     recorded iterations; loss the loss there; W1s, W2s the weights there
    diverged  True if the loss blew up and the run was stopped early
    step      the step size used
    """

    W1: np.ndarray
    W2: np.ndarray
    iters: np.ndarray
    loss: np.ndarray
    W1s: np.ndarray
    W2s: np.ndarray
    diverged: bool
    step: float


def _poly_gd(X, Y, W1, W2, m, step, keep, limit):
    """GD steps W <- W - step * dL/dW (eqs. 16, 17) until iteration keep[-1], recording W1, W2
    and L at the iterations in keep; stops early where L exceeds limit (diverged)."""
    W1s = np.empty((keep.shape[0], W1.shape[0], W1.shape[1]))
    W2s = np.empty((keep.shape[0], W2.shape[0], W2.shape[1]))
    losses = np.empty(keep.shape[0])
    j = 0
    for t in range(keep[-1] + 1):
        H = X @ W1.T
        E = H**m @ W2.T - Y
        L = 0.5 * np.sum(E * E)
        if not L <= limit:
            break
        if t == keep[j]:
            W1s[j] = W1
            W2s[j] = W2
            losses[j] = L
            j += 1
            if j == keep.shape[0]:
                break
        G1 = (m * H ** (m - 1) * (E @ W2)).T @ X
        G2 = E.T @ H**m
        W1 = W1 - step * G1
        W2 = W2 - step * G2
    return W1s[:j], W2s[:j], losses[:j]


_poly_gd_compiled = jit(_poly_gd)


def train_poly_net(X, Y, hidden, m, step, iters, init_scale=0.1, seed=0, record="log"):
    """GD on the polynomial network from a Gaussian start of size init_scale.

    record: which iterations to keep (see history.record_points). A run whose loss exceeds
    history.blowup_limit(1/2 ||Y||_F^2) (BLOWUP times the loss of the zero network) stops there
    with diverged=True. Returns a PolyRun."""
    X = validate.matrix(X, "X")
    Y = np.asarray(Y, dtype=float)
    Y = Y[:, None] if Y.ndim == 1 else Y
    hidden = validate.integer(hidden, "hidden", low=1)
    step = validate.positive(step, "step")
    iters = validate.integer(iters, "iters", low=0)
    init_scale = validate.nonnegative(init_scale, "init_scale")
    rng = np.random.default_rng(validate.seed(seed))
    W1 = init_scale * rng.standard_normal((hidden, X.shape[1]))
    W2 = init_scale * rng.standard_normal((Y.shape[1], hidden))
    X, Y, W1, W2, m = _check(X, Y, W1, W2, m)
    keep = record_points(iters, record).astype(np.int64)
    limit = blowup_limit(0.5 * float(np.vdot(Y, Y)))  # BLOWUP times the loss of the zero network
    with np.errstate(over="ignore", invalid="ignore"):
        W1s, W2s, losses = _poly_gd_compiled(X, Y, W1, W2, m, step, keep, limit)
    return PolyRun(W1=W1s[-1], W2=W2s[-1], iters=keep[:len(losses)], loss=losses, W1s=W1s,
                   W2s=W2s, diverged=len(losses) < len(keep), step=step)


def tensor_norm(W1, W2, m):
    """||T||_F for T = sum_j W2_j w_j^(⊗m) (one output): sqrt(sum_jk W2_j W2_k (w_j . w_k)^m)."""
    W1 = validate.matrix(W1, "W1")
    w2 = np.asarray(W2, dtype=float).reshape(-1)
    m = validate.integer(m, "m", low=1)
    return float(np.sqrt(max(w2 @ ((W1 @ W1.T) ** m) @ w2, 0.0)))


def poly_kernel_interpolant(X, y, m):
    """The minimum-||T||_F homogeneous degree-m polynomial through the data: with the kernel
    K = (X X^T)^m, alpha = K^+ y, f(x) = sum_i alpha_i (x_i . x)^m, ||T||_F = sqrt(alpha K alpha).
    Returns (predict function, norm)."""
    X = validate.matrix(X, "X")
    y = validate.vector(y, X.shape[0], "y")
    m = validate.integer(m, "m", low=1)
    K = (X @ X.T) ** m
    alpha = np.linalg.pinv(K) @ y
    return (lambda Xnew: ((np.asarray(Xnew) @ X.T) ** m) @ alpha), float(np.sqrt(alpha @ K @ alpha))


# --------------------------------------------------------------------------------------------
# Corollary 8: one ReLU layer trained with the logistic loss
# --------------------------------------------------------------------------------------------

def relu_features(W1, X, w2):
    """The features that make u_n = w2 . relu(W1 x_n) linear in vec(W1) for a fixed activation
    pattern: phi_n = (w2_j 1[w_j . x_n > 0] x_n)_j, so u_n = vec(W1) . phi_n. Shape (n, N d)."""
    W1 = validate.matrix(W1, "W1")
    X = validate.matrix(X, "X")
    w2 = validate.vector(w2, W1.shape[0], "w2")
    active = (X @ W1.T > 0).astype(float)  # (n, N)
    return ((active * w2)[:, :, None] * X[:, None, :]).reshape(X.shape[0], -1)


@dataclass(frozen=True, eq=False)
class ReluRun:
    """The outcome of train_relu_layer.

    W1           the first layer at the last recorded iteration (the final one unless diverged)
    iters        recorded iterations; loss the loss there; W1s the first layer there
    patterns     the activation pattern (n, N booleans) at the recorded iterations
    last_change  the last iteration t (checked at every step, not only at the records) at which
                 the pattern of W1(t) differs from that of W1(t - 1), 0 if it never changed: from
                 t = last_change to the end of the run the pattern is frozen
    diverged     True if the loss stopped being finite and the run was stopped there
    step         the step size used
    """

    W1: np.ndarray
    iters: np.ndarray
    loss: np.ndarray
    W1s: np.ndarray
    patterns: np.ndarray
    last_change: int
    diverged: bool
    step: float


def _relu_gd(X, y, W1, w2, step, keep):
    """GD steps on W1 until iteration keep[-1], recording W1, the loss and the activation pattern
    at the iterations in keep, and the last step at which the pattern changed (every step); stops
    early where the loss is not finite (diverged)."""
    W1s = np.empty((keep.shape[0], W1.shape[0], W1.shape[1]))
    losses = np.empty(keep.shape[0])
    patterns = np.empty((keep.shape[0], X.shape[0], W1.shape[0]), dtype=np.bool_)
    previous = X @ W1.T > 0
    last_change = 0
    j = 0
    for t in range(keep[-1] + 1):
        pre = X @ W1.T
        active = pre > 0
        u = y * (np.maximum(pre, 0.0) @ w2)
        L = np.sum(np.logaddexp(0.0, -u))
        if not np.isfinite(L):
            break
        if np.any(active != previous):
            last_change = t
        previous = active
        if t == keep[j]:
            W1s[j] = W1
            losses[j] = L
            patterns[j] = active
            j += 1
            if j == keep.shape[0]:
                break
        coef = -y / (1.0 + np.exp(np.minimum(u, LOG_MAX)))  # l'(u_n) y_n, no overflow
        G = ((coef[:, None] * active) * w2).T @ X
        W1 = W1 - step * G
    return W1s[:j], losses[:j], patterns[:j], last_change


_relu_gd_compiled = jit(_relu_gd)


def train_relu_layer(X, y, W1_init, w2, step, iters, record="log"):
    """GD on the first layer only of u(x) = w2 . relu(W1 x), loss sum_n log(1 + e^{-y_n u_n})
    (Soudry et al., Corollary 8). The gradient in W1 is sum_n l'(y_n u_n) y_n (w2 o 1[W1 x_n > 0])
    x_n^T, i.e. the linear-model gradient on the features relu_features.

    record: which iterations to keep (see history.record_points). Returns a ReluRun.
    diverged: this loss cannot blow up the way a squared loss does. Both l(u) = log(1 + e^-u) and
    W1 -> u_n are Lipschitz (|l'| < 1, |u_n(W) - u_n(W')| <= ||w2|| ||x_n|| ||W - W'||_F), so one
    step moves W1 by at most step * G and raises the loss by at most step * G^2, with
    G = ||w2|| sum_n ||x_n||: after t steps L_t <= L_0 + t * step * G^2. The run therefore reports
    diverged=True (and stops) only where the loss stops being finite, which needs t * step * G^2
    near the largest float (about 1.8e308)."""
    X, y = svm.check_labels(X, y)
    W1 = validate.matrix(W1_init, "W1_init").copy()
    w2 = validate.vector(w2, W1.shape[0], "w2")
    step = validate.positive(step, "step")
    iters = validate.integer(iters, "iters", low=0)
    keep = record_points(iters, record).astype(np.int64)
    with np.errstate(over="ignore", invalid="ignore"):
        W1s, losses, patterns, last_change = _relu_gd_compiled(X, y, W1, w2, step, keep)
    return ReluRun(W1=W1s[-1], iters=keep[:len(losses)], loss=losses, W1s=W1s, patterns=patterns,
                   last_change=int(last_change), diverged=len(losses) < len(keep), step=step)
