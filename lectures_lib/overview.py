"""The opening slides' phenomenon on real data: a linear softmax classifier trained by GD.

"As iterations go, training error goes down to zero, but test error does not increase"; and
"overfit of test loss, non-overfit of test error". With fewer training images than it takes to
pin a linear classifier down, the training set is separable: GD drives the training loss to zero,
the weights grow like log t and their direction converges to the multiclass hard-margin SVM's
(Soudry et al., JMLR 2018, Section 4: the multiclass form of notebook 05's theorem), so the test
error converges while the test loss eventually rises (confident mistakes cost more and more).
Whether the limit's test error is below the early-stopped one is not a theorem; notebook 00
measures it.

Model: scores X W (X with a column of ones for the bias, W of shape (d + 1, classes)), mean
cross-entropy loss L(W) = 1/n sum_i [log sum_k e^{s_ik} - s_{i,y_i}].
softmax_gd's loop is written once in numpy (_softmax_gd) and compiled by numba when it is
installed (compiled.jit; about 2x quicker, the plain loop spends half its time on the overhead of
small array operations); tests check the compiled loop against the plain one.
"""

from dataclasses import dataclass

import numpy as np

from . import validate
from .compiled import jit
from .history import Run, blowup_limit, record_points


@dataclass(frozen=True, eq=False)
class SoftmaxRun(Run):
    """A history.Run plus step_losses: the training loss at every iteration 0, 1, ... up to the
    last one run (not only the recorded ones), so that a rise at any single step is seen."""

    step_losses: np.ndarray

    @property
    def rises(self):
        """True if the training loss went up at any step of the run."""
        return bool(np.any(np.diff(self.step_losses) > 0))


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


def loss_and_error(Ws, X, y):
    """cross_entropy and error_rate of each W in a stack Ws of shape (T, d, classes), from one
    matrix product of X with all T W's side by side (several times quicker than T separate
    calls). Returns two arrays of length T."""
    X = validate.matrix(X, "X")
    Ws = np.asarray(Ws, dtype=float)
    if Ws.ndim != 3 or Ws.shape[1] != X.shape[1]:
        raise ValueError(f"Ws must have shape (T, {X.shape[1]}, classes), got {Ws.shape}")
    y = np.asarray(y)
    T, d, k = Ws.shape
    S = (X @ Ws.transpose(1, 0, 2).reshape(d, T * k)).reshape(len(y), T, k)  # S[i, t] = x_i W_t
    m = S.max(axis=2, keepdims=True)
    lse = m[..., 0] + np.log(np.exp(S - m).sum(axis=2))
    return (np.mean(lse - S[np.arange(len(y)), :, y], axis=0),
            np.mean(S.argmax(axis=2) != y[:, None], axis=0))


def max_stable_step(X):
    """2 / smoothness of the mean cross-entropy: a global guarantee of descent.

    Boehning (1992): the Hessian of the softmax cross-entropy of one sample in its k scores,
    diag(p) - p p^T, is dominated by (I - 11^T/k) / 2 for every p, so the Hessian of the mean loss
    is dominated by (X^T X / n) (x) (I - 11^T/k) / 2, whose largest eigenvalue is
    lambda_max(X^T X) / (2n). GD decreases the loss at every step, from any W, for a step below
    4 n / lambda_max(X^T X)."""
    X = validate.matrix(X, "X")
    return 4.0 * X.shape[0] / np.linalg.norm(X, 2) ** 2


def initial_curvature(X, classes=10):
    """L0, the largest Hessian eigenvalue of the mean cross-entropy at W = 0.

    There every softmax is uniform and its Jacobian I/k - 11^T/k^2 has largest eigenvalue 1/k, so
    the Hessian is (X^T X / n) (x) (I/k - 11^T/k^2) with largest eigenvalue lambda_max(X^T X)/(n k):
    k/2 times smaller than the global smoothness constant (5x for ten classes).
    2/L0 is NOT a stability guarantee. The curvature is not monotone along a run: as the scores
    spread, a softmax Jacobian's top eigenvalue moves from 1/k towards 1/2, and on the digits
    (100 training images, step 0.6 * 2/L0) the largest Hessian eigenvalue is 1.34 L0 after one
    step (2.0 L0 for seed 2) before it decays as the softmax saturates (about 0.01 L0 at
    t = 10^4). Only max_stable_step is a guarantee; above it, check the loss at every step
    (softmax_gd's step_losses)."""
    X = validate.matrix(X, "X")
    classes = validate.integer(classes, "classes", low=2)
    return np.linalg.norm(X, 2) ** 2 / (X.shape[0] * classes)


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
    # the run has blown up once its loss exceeds BLOWUP times its start (log k at W = 0)
    limit = blowup_limit(max(np.log(k), cross_entropy(W, X, y)))
    return X, np.eye(k)[y], W, step, record_points(iters, record), limit


def _softmax_gd(X, Y, W, step, keep, limit):
    """GD on the mean cross-entropy until iteration keep[-1]: records W at the iterations in keep
    and the loss at every iteration; stops early where the loss exceeds limit (diverged)."""
    n, k = Y.shape
    Ws = np.empty((keep.shape[0], W.shape[0], k))
    losses = np.empty(keep[-1] + 1)
    j = 0
    for t in range(keep[-1] + 1):
        S = X @ W                                # the scores, one row per image
        m = S[:, 0].copy()                       # each row's largest score, subtracted before exp
        for a in range(1, k):                    # (numba has no max(axis=1))
            m = np.maximum(m, S[:, a])
        E = np.exp(S - m.reshape(n, 1))
        Z = E.sum(axis=1)
        L = np.mean(m + np.log(Z) - (S * Y).sum(axis=1))  # the mean cross-entropy
        if not L <= limit:                       # blown up (also for inf and nan)
            return Ws[:j], losses[:t]
        losses[t] = L
        if t == keep[j]:
            Ws[j] = W
            j += 1
        if t < keep[-1]:
            P = E / Z.reshape(n, 1)              # the softmax probabilities
            W = W - step * (X.T @ (P - Y)) / n   # the update rule
    return Ws[:j], losses


_softmax_gd_compiled = jit(_softmax_gd)


def softmax_gd(X, y, step, iters, classes=None, W0=None, record="log"):
    """GD on the mean cross-entropy: W <- W - step * X^T (softmax(X W) - onehot(y)) / n.

    Returns a SoftmaxRun (a history.Run) whose weights are the flattened W at the recorded
    iterations (reshape to (len(iters), d, classes)), with step_losses, the training loss at every
    iteration, and .rises (did it go up at any step?). W0 (default zero) may be a previous run's
    final W to continue it. Once the loss exceeds history.BLOWUP times its start the run stops,
    with diverged=True (it never does below max_stable_step(X), where descent is guaranteed).
    """
    X, Y, W, step, keep, limit = _prepare(X, y, step, iters, classes, W0, record)
    with np.errstate(over="ignore", invalid="ignore"):
        Ws, losses = _softmax_gd_compiled(np.ascontiguousarray(X), Y, W, step,
                                          keep.astype(np.int64), limit)
    j = len(Ws)
    weights = Ws.reshape(j, -1)
    return SoftmaxRun(w=weights[-1], iters=keep[:j], weights=weights, loss=losses[keep[:j]],
                      diverged=j < len(keep), step=step, step_losses=losses)
