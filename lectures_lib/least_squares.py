"""Minimum-norm least squares: what GD and SGD converge to when d > n.

Lecture section "Linear Regression Case" (Corollary 1, the minimum-norm proof, Lemma 3).
Samples are rows: X has shape (n, d), y has shape (n,). The loss is the slide's

    L(w) = 1/(2n) ||X w - y||^2,     grad L(w) = X^T (X w - y) / n.

Every gradient is X^T times something, so iterates that start in the row space of X stay there
(Lemma 3), and the only solution of Xw = y in the row space is the minimum-norm one.
"""

import numpy as np

from . import validate
from .history import Recorder, Run


def _check_data(X, y):
    X = validate.matrix(X, "X")
    y = validate.vector(y, X.shape[0], "y")
    return X, y


def loss(X, y, w):
    """L(w) = 1/(2n) ||X w - y||^2 (slide "Linear Regression Case")."""
    X, y = _check_data(X, y)
    w = validate.vector(w, X.shape[1], "w")
    r = X @ w - y
    return float(r @ r) / (2 * X.shape[0])


def min_norm_solution(X, y):
    """The minimum-norm least-squares solution w_+ = pinv(X) y.

    When X has full row rank this is the slide's X^T (X X^T)^{-1} y, the solution of Xw = y with
    the smallest norm; when it has not, it is the smallest-norm minimizer of ||Xw - y|| (computed
    from the SVD, so a singular X X^T is no problem).
    """
    X, y = _check_data(X, y)
    return np.linalg.pinv(X) @ y


def ridge(X, y, lam):
    """Ridge (Tikhonov) solution: argmin 1/(2n)||Xw - y||^2 + lam/2 ||w||^2.

    Setting the gradient to zero gives (X^T X / n + lam I) w = X^T y / n; in the SVD X = U S V^T
    this is w_lam = V diag(s / (s^2 + n lam)) U^T y, which tends to w_+ = pinv(X) y as lam -> 0
    (slide: "Min norm solution is the limit for lambda -> 0 of regularized solution").
    """
    X, y = _check_data(X, y)
    lam = validate.positive(lam, "lam")
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    n = X.shape[0]
    return Vt.T @ (s / (s**2 + n * lam) * (U.T @ y))


def _row_space_basis(X):
    """Orthonormal basis (columns) of the row space of X, from the SVD with a relative cutoff."""
    _, s, Vt = np.linalg.svd(X, full_matrices=False)
    rank = int(np.sum(s > s[0] * max(X.shape) * np.finfo(float).eps)) if s[0] > 0 else 0
    return Vt[:rank].T


def project_row_space(X, w):
    """Orthogonal projection of w onto the row space of X (the span of the samples x_i)."""
    X = validate.matrix(X, "X")
    w = validate.vector(w, X.shape[1], "w")
    V = _row_space_basis(X)
    return V @ (V.T @ w)


def project_null_space(X, w):
    """Orthogonal projection of w onto ker X = {v : Xv = 0}; equals w - project_row_space(X, w)."""
    X = validate.matrix(X, "X")
    w = validate.vector(w, X.shape[1], "w")
    V = _row_space_basis(X)
    return w - V @ (V.T @ w)


def max_stable_step(X, batch_size=None):
    """Largest step size that cannot diverge (GD), or a step that is safe for every batch (SGD).

    GD (batch_size None): exactly 2 / lambda_max(X^T X / n). The Hessian of L is H = X^T X / n, and
    the error w_t - w_+ is multiplied by (1 - step*mu) along each eigenvector of H (eigenvalue mu);
    that factor has modulus < 1 for every mu > 0 exactly when step < 2 / mu_max (along mu = 0, the
    null space, it is 1: that part of the error never moves, Lemma 3). At step = 2 / mu_max the
    top component flips sign forever without growing; above, it grows geometrically.

    Minibatch SGD with batch size b: 2 / max_B lambda_max(X_B^T X_B / b) over all batches B keeps
    every single step non-expansive, so no sequence of batches can diverge. The max over batches is
    bounded (safely) by min(lambda_max(X^T X), sum of the b largest ||x_i||^2) / b. For b = 1 this
    is 2 / max_i ||x_i||^2, often far below GD's threshold; for b = n it equals GD's.
    For b = 1 it is the largest step that no sequence of samples can make diverge (repeat the
    longest x_i), but it is sufficient, not sharp, for the reshuffled epochs of `sgd`: on notebook
    01's data (n = 50, d = 200, seed 0) SGD still converges at 1.15 times it and diverges at 1.25.
    """
    X = validate.matrix(X, "X")
    n = X.shape[0]
    top = np.linalg.norm(X, 2) ** 2  # lambda_max(X^T X)
    if batch_size is None:
        return 2.0 * n / top
    b = validate.integer(batch_size, "batch_size", low=1, high=n)
    row_norms2 = np.sort(np.einsum("ij,ij->i", X, X))[::-1]
    return 2.0 * b / min(top, row_norms2[:b].sum())


def _start(X, y, step, iters, w0):
    X, y = _check_data(X, y)
    step = validate.positive(step, "step")
    iters = validate.integer(iters, "iters", low=0)
    w = np.zeros(X.shape[1]) if w0 is None else validate.vector(w0, X.shape[1], "w0").copy()
    return X, y, step, iters, w


def _recorder(iters, record, y):
    """history.Recorder with the scale of the problem: the loss of w = 0, ||y||^2 / (2n)."""
    return Recorder(iters, record, scale=float(y @ y) / (2 * len(y)))


def gd(X, y, step, iters, w0=None, record=None):
    """Gradient descent on L(w) = 1/(2n)||Xw - y||^2 (slide: w_{t+1} = w_t - eta X^T e_t).

    Exactly w <- w - step * X^T (X w - y) / n, `iters` times, from w0 (default: zero).
    From zero, every iterate is X^T alpha for some alpha (Lemma 3) and the limit is pinv(X) y
    (Corollary 1). From w0 the limit is pinv(X) y + P_null w0.

    record: which iterations to keep (see history.record_points): all of them for short runs,
    log-spaced ones for long runs. A step above max_stable_step(X) is legal: once the loss exceeds
    history.BLOWUP times its starting scale the run stops, and the result has diverged=True and w
    equal to the last iterate before that. Returns a history.Run.
    """
    X, y, step, iters, w = _start(X, y, step, iters, w0)
    n = X.shape[0]
    rec = _recorder(iters, record, y)
    with np.errstate(over="ignore", invalid="ignore"):  # a blow-up is caught below, not warned
        for t in range(iters + 1):
            r = X @ w - y
            if rec.blown_up(t, r @ r / (2 * n), w=w):
                break
            if t < iters:
                w = w - step * (X.T @ r) / n
    return Run(w=rec.last["w"], iters=rec.iters, weights=rec.recorded("w"), loss=rec.loss,
               diverged=rec.diverged, step=step)


def sgd(X, y, step, iters, batch_size=1, w0=None, seed=0, record=None, tol=None):
    """Minibatch stochastic gradient descent on the same loss L(w) = 1/(2n)||Xw - y||^2.

    Each iteration takes the next batch B of `batch_size` samples and steps
        w <- w - step * X_B^T (X_B w - y_B) / |B|,
    the gradient of the batch loss 1/(2|B|)||X_B w - y_B||^2 (for |B| = 1 the slide's
    w_{t+1} = w_t - eta (x_i^T w - y_i) x_i). Batches come from a fresh random permutation of the
    samples every epoch (the n mod b samples left over in an epoch wait for the next one).
    Like GD's, the update is a combination of samples, so from zero the iterates stay in the row
    space (Lemma 3). Same result type and divergence rule as gd, except that the loss (a full pass
    over the data) is only evaluated at recorded iterations.

    tol: if given, stop at the first recorded iteration whose loss is <= tol (then iters[-1] is
    that iteration, not `iters`). With tol at the rounding floor (about 1e-30 times the starting
    loss) the remaining steps would change w only by rounding, so demos skip them.
    """
    X, y, step, iters, w = _start(X, y, step, iters, w0)
    n = X.shape[0]
    b = validate.integer(batch_size, "batch_size", low=1, high=n)
    rng = np.random.default_rng(validate.seed(seed))
    tol = None if tol is None else validate.nonnegative(tol, "tol")
    rec = _recorder(iters, record, y)
    batches_per_epoch = n // b
    with np.errstate(over="ignore", invalid="ignore"):  # a blow-up is caught below, not warned
        for t in range(iters + 1):
            if rec.due(t):  # the loss is a pass over all the data: only where it is recorded
                r = X @ w - y
                L = float(r @ r) / (2 * n)
                if rec.blown_up(t, L, w=w):
                    break
                if tol is not None and L <= tol:
                    break
            if t == iters:
                break
            j = t % batches_per_epoch
            if j == 0:  # a new epoch: reshuffle the samples
                perm = rng.permutation(n)
                Xp, yp = X[perm], y[perm]
            Xb, yb = Xp[j * b : (j + 1) * b], yp[j * b : (j + 1) * b]
            w = w - step * (Xb.T @ (Xb @ w - yb)) / b
    return Run(w=rec.last["w"] if rec.diverged else w, iters=rec.iters,
               weights=rec.recorded("w"), loss=rec.loss, diverged=rec.diverged, step=step)
