"""The opening slides' phenomenon on real data: a linear softmax classifier trained by GD.

"As iterations go, training error goes down to zero, but test error does not increase"; and
"overfit of test loss, non-overfit of test error". With fewer training images than it takes to
pin a linear classifier down, the training set is separable: GD drives the training loss to zero,
the weights grow like log t (notebook 05's theorem in its multiclass form), the test loss
eventually rises (confident mistakes cost more and more), while the test error stays put.

Model: scores X W (X with a column of ones for the bias, W of shape (d + 1, classes)), mean
cross-entropy loss L(W) = 1/n sum_i [log sum_k e^{s_ik} - s_{i,y_i}].
"""

import numpy as np

from . import validate
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


def softmax_gd(X, y, step, iters, classes=None, W0=None, record="log"):
    """GD on the mean cross-entropy: W <- W - step * X^T (softmax(X W) - onehot(y)) / n.

    Returns a history.Run whose weights are the flattened W at the recorded iterations (reshape
    to (len(iters), d, classes)); W0 (default zero) may be a previous run's final W to continue it.
    """
    X, y, k = _check(X, y, classes)
    step = validate.positive(step, "step")
    iters = validate.integer(iters, "iters", low=0)
    n, d = X.shape
    W = np.zeros((d, k)) if W0 is None else np.array(W0, dtype=float).reshape(d, k)
    Y = np.eye(k)[y]
    keep = set(record_points(iters, record).tolist())
    kept, weights, losses = [], [], []
    for t in range(iters + 1):
        S = X @ W
        S -= S.max(axis=1, keepdims=True)
        P = np.exp(S)
        P /= P.sum(axis=1, keepdims=True)
        if t in keep:
            kept.append(t)
            weights.append(W.ravel().copy())
            losses.append(cross_entropy(W, X, y))
        if t == iters:
            break
        W = W - step * (X.T @ (P - Y)) / n
    return Run(w=W.ravel(), iters=np.array(kept), weights=np.array(weights),
               loss=np.array(losses), diverged=False, step=step)
