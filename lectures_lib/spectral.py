"""Gradient descent on least squares, seen through the SVD of X.

Lecture section "Why Early Stopping?" (regularization polynomials). With X = U S V^T and
mu_i = s_i^2 / n the eigenvalues of the Hessian H = X^T X / n (not the squared singular values
of X: the loss is 1/(2n)||Xw - y||^2), GD with step eta from w0 satisfies

    w_t - w_+ = (I - eta H)^t (w0 - w_+),       w_+ = pinv(X) y,

so along the i-th right singular vector the error shrinks by the factor (1 - eta mu_i)^t, and the
null-space part of w0 never moves. This closed form gives the iterate after t steps for any t
(10^6 included) in one matrix product, which is what makes the iterations sliders instant.
"""

import numpy as np

from . import validate
from .history import Run
from .least_squares import _blowup_limit


def gd_closed_form(X, y, step, t, w0=None):
    """The GD iterate(s) after t steps on L(w) = 1/(2n)||Xw - y||^2, without iterating.

    Equal (to rounding) to least_squares.gd(X, y, step, t, w0): in the SVD basis,
        w_t = w_+ + P_null w0 + V diag((1 - step*mu)^t) V^T (w0 - w_+).
    t: a non-negative integer or an increasing array of them (a whole path at once).
    Returns a history.Run with iters = t. If step > 2/mu_max the factors grow without bound: the
    path is cut where the loss exceeds least_squares.BLOWUP times its starting scale, and the result
    has diverged=True.
    """
    X = validate.matrix(X, "X")
    y = validate.vector(y, X.shape[0], "y")
    step = validate.positive(step, "step")
    ts = np.atleast_1d(np.asarray(t))
    if ts.ndim != 1 or ts.size == 0 or not np.issubdtype(ts.dtype, np.integer):
        raise ValueError(f"t must be a non-negative integer or a 1-D array of them, got {t!r}")
    if ts.min() < 0 or np.any(np.diff(ts) <= 0):
        raise ValueError("t must be >= 0 (and increasing, if an array)")
    n, d = X.shape
    w0 = np.zeros(d) if w0 is None else validate.vector(w0, d, "w0")

    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    keep = s > (s[0] * max(n, d) * np.finfo(float).eps if s[0] > 0 else np.inf)
    U, s, Vt = U[:, keep], s[keep], Vt[keep]
    mu = s**2 / n
    uy = U.T @ y
    w_plus = Vt.T @ (uy / s)
    c = Vt @ (w0 - w_plus)  # the error's coordinates along the singular vectors
    fixed = w_plus + (w0 - Vt.T @ (Vt @ w0))  # w_+ + P_null w0: the limit
    residual2 = float(y @ y - uy @ uy)  # ||y - P_col y||^2, the part no w can fit

    # (1 - step mu)^t for every t at once; a diverging step overflows to inf, caught just below
    with np.errstate(over="ignore", invalid="ignore"):
        err = (1.0 - step * mu)[None, :] ** ts[:, None] * c[None, :]
        loss = (np.sum((err * s) ** 2, axis=1) + residual2) / (2 * n)
    loss0 = (float(np.sum((c * s) ** 2)) + residual2) / (2 * n)
    ok = loss <= _blowup_limit(loss0, y)  # False for inf and nan too
    diverged = not ok.all()
    if diverged:  # keep the path up to the first t that blows up
        cut = int(np.argmin(ok))
        ts, err, loss = ts[:cut], err[:cut], loss[:cut]
    weights = fixed[None, :] + err @ Vt
    w_final = weights[-1] if len(ts) else w0
    return Run(w=w_final, iters=ts, weights=weights, loss=loss, diverged=diverged, step=step)


def ridge_path(X, y, lams):
    """Ridge solutions w_lam = argmin 1/(2n)||Xw - y||^2 + lam/2 ||w||^2 for many lam at once.

    In the SVD basis, w_lam = V diag(s / (s^2 + n lam)) U^T y: one SVD for the whole path.
    Returns an array of shape (len(lams), d); equals least_squares.ridge(X, y, lam) row by row.
    """
    X = validate.matrix(X, "X")
    y = validate.vector(y, X.shape[0], "y")
    lams = np.atleast_1d(np.asarray(lams, dtype=float))
    if lams.ndim != 1 or not np.all(np.isfinite(lams)) or np.any(lams <= 0):
        raise ValueError("lams must be a 1-D array of finite numbers > 0")
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    n = X.shape[0]
    coef = s[None, :] / (s[None, :] ** 2 + n * lams[:, None]) * (U.T @ y)[None, :]
    return coef @ Vt
