"""The opening slides' phenomenon on real data: a linear softmax classifier trained by GD.

"As iterations go, training error goes down to zero, but test error does not increase"; and
"overfit of test loss, non-overfit of test error". With fewer training images than it takes to
pin a linear classifier down, the training set is separable: GD drives the training loss to zero,
the weights grow like log t (notebook 05's theorem in its multiclass form), the test loss
eventually rises (confident mistakes cost more and more), while the test error stays put.

Model: scores X W (X with a column of ones for the bias, W of shape (d + 1, classes)), mean
cross-entropy loss L(W) = 1/n sum_i [log sum_k e^{s_ik} - s_{i,y_i}].
softmax_gd's loop is written once in numpy (_softmax_gd) and compiled by numba when it is
installed (compiled.jit; about 2x quicker, the plain loop spends half its time on the overhead of
small array operations); tests check the compiled loop against the plain one.
"""

import numpy as np

from . import validate
from .compiled import jit
from .history import Run, record_points


def _check(X, y, classes=None):
    X = validate.matrix(X, "X")
    y = np.asarray(y)
    if y.ndim != 1 or len(y) != X.shape[0] or not np.issubdtype(y.dtype, np.integer) or (
            len(y) and y.min() < 0):
        raise ValueError("y must be a 1-D array of class indices 0, 1, ... with one per row of X")
    k = int(y.max()) + 1 if classes is None else classes
    return X, y, k


def cross_entropy(W, X, y):
    """Mean cross-entropy of the scores X W against labels y (computed with log-sum-exp)."""
    S = X @ W
    m = S.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(S - m).sum(axis=1))
    return float(np.mean(lse - S[np.arange(len(y)), y]))


def error_rate(W, X, y):
    """Fraction of rows of X whose highest score is not the label."""
    return float(np.mean((X @ W).argmax(axis=1) != y))


def max_stable_step(X):
    """2 / smoothness of the mean cross-entropy: its Hessian in the scores is at most 1/2 (the
    softmax Jacobian diag(p) - p p^T), so L is lambda_max(X^T X / n) / 2 smooth and GD is stable
    below 4 n / lambda_max(X^T X)."""
    X = validate.matrix(X, "X")
    return 4.0 * X.shape[0] / np.linalg.norm(X, 2) ** 2


def initial_stable_step(X, classes=10):
    """2 / L0, with L0 the curvature of the mean cross-entropy at W = 0: there every softmax is
    uniform and its Jacobian I/k - 11^T/k^2 has largest eigenvalue 1/k, so the Hessian is
    (X^T X / n) (x) (I/k - 11^T/k^2) with largest eigenvalue lambda_max(X^T X) / (n k).
    k/2 times larger than max_stable_step (5x for ten classes): GD from zero with a step below it
    starts out stable, and in practice the loss then keeps falling (the curvature only shrinks
    as the softmax saturates); a local statement, not a guarantee."""
    X = validate.matrix(X, "X")
    classes = validate.integer(classes, "classes", low=2)
    return 2.0 * X.shape[0] * classes / np.linalg.norm(X, 2) ** 2


def _prepare(X, y, step, iters, classes, W0, record):
    X, y, k = _check(X, y, classes)
    step = validate.positive(step, "step")
    iters = validate.integer(iters, "iters", low=0)
    d = X.shape[1]
    if W0 is None:
        W = np.zeros((d, k))
    else:  # a (d, k) matrix or a Run's flattened w
        W = np.array(W0, dtype=float)
        if W.size != d * k or not np.all(np.isfinite(W)):
            raise ValueError(f"W0 must hold d x classes = {d} x {k} finite numbers")
        W = W.reshape(d, k)
    return X, np.eye(k)[y], W, step, record_points(iters, record)


def _finish(X, y, keep, weights, step):
    """A Run from the recorded W's, cut before the first one that is not finite (diverged)."""
    ok = 0
    while ok < len(weights) and np.all(np.isfinite(weights[ok])):
        ok += 1
    weights = np.asarray(weights[:ok]).reshape(ok, -1)
    losses = [cross_entropy(w.reshape(X.shape[1], -1), X, y) for w in weights]
    return Run(w=weights[-1], iters=np.asarray(keep[:ok]), weights=weights,
               loss=np.array(losses), diverged=ok < len(keep), step=step)


def _softmax_gd(X, Y, W, step, keep):
    """GD steps W <- W - step * X^T (softmax(X W) - Y) / n until iteration keep[-1], recording W
    at the iterations in keep; stops after recording a W that is not finite."""
    n, k = Y.shape
    out = np.empty((keep.shape[0], W.shape[0], k))
    j = 0
    for t in range(keep[-1] + 1):
        if t == keep[j]:
            out[j] = W
            j += 1
            if j == keep.shape[0] or not np.all(np.isfinite(W)):
                break
        S = X @ W
        m = S[:, 0].copy()
        for a in range(1, k):  # the largest score of each row, subtracted before exp
            m = np.maximum(m, S[:, a])
        P = np.exp(S - m.reshape(n, 1))
        P = P / P.sum(axis=1).reshape(n, 1)
        W = W - step * (X.T @ (P - Y)) / n
    return out[:j]


_softmax_gd_compiled = jit(_softmax_gd)


def softmax_gd(X, y, step, iters, classes=None, W0=None, record="log"):
    """GD on the mean cross-entropy: W <- W - step * X^T (softmax(X W) - onehot(y)) / n.

    Returns a history.Run whose weights are the flattened W at the recorded iterations (reshape
    to (len(iters), d, classes)); W0 (default zero) may be a previous run's final W to continue it.
    A run whose W stops being finite is cut there with diverged=True.
    """
    X, Y, W, step, keep = _prepare(X, y, step, iters, classes, W0, record)
    with np.errstate(over="ignore", invalid="ignore"):
        out = _softmax_gd_compiled(np.ascontiguousarray(X), Y, W, step, keep.astype(np.int64))
    return _finish(X, np.asarray(y), keep, list(out), step)
