"""The hard-margin SVM, solved exactly: the max-margin hyperplane of separable data.

    minimize ||w||^2  subject to  y_i (w . x_i + b) >= 1 for all i      (b = 0 without bias)

Its solution has geometric margin gamma* = 1 / ||w||, the largest of any separating hyperplane.
Used by the perceptron notebook (Novikoff's gamma) and the Soudry notebook (GD's limit direction).

How it is solved, in three steps a student can follow:
1. Separability first, with a linear program (scipy's HiGHS): is there any (w, b) with
   y_i (w . x_i + b) >= 1? If not, the data are not separable and we say so at once (a soft-margin
   SVM with a huge C would instead run for minutes: scikit-learn's SVC with C = 1e10 had not
   finished after 2 minutes on 40 non-separable points of data.nonseparable_classification).
2. The quadratic program itself with scipy's SLSQP, started from the LP's feasible point.
3. Polishing: the constraints that are tight at the SLSQP solution (the support vectors) define
   the exact solution by a linear system (the KKT conditions); we solve it, and keep it only if it
   is feasible and its dual coefficients are >= 0, which certifies it optimal.
"""

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog, minimize

from . import validate


@dataclass(frozen=True, eq=False)
class SVM:
    """w, b: the hyperplane with min_i y_i (w . x_i + b) = 1; margin = 1 / ||w||;
    alpha: dual coefficients (w = sum_i alpha_i y_i x_i, alpha >= 0); support: their indices."""

    w: np.ndarray
    b: float
    margin: float
    alpha: np.ndarray
    support: np.ndarray


def check_labels(X, y):
    """X as a finite (n, d) array and y as labels in {-1, +1} of length n."""
    X = validate.matrix(X, "X")
    y = validate.vector(y, X.shape[0], "y")
    if not np.all(np.isin(y, (-1.0, 1.0))):
        raise ValueError("y must contain labels -1 and +1 only")
    return X, y


def is_separable(X, y, bias=True):
    """True if some hyperplane (through the origin when bias=False) separates the classes strictly.
    Decided by a linear program: find (w, b) with y_i (w . x_i + b) >= 1."""
    X, y = check_labels(X, y)
    return _feasible_point(X, y, bias) is not None


def _feasible_point(X, y, bias):
    n, d = X.shape
    A = -(y[:, None] * (np.hstack([X, np.ones((n, 1))]) if bias else X))
    k = A.shape[1]
    res = linprog(np.zeros(k), A_ub=A, b_ub=-np.ones(n), bounds=[(None, None)] * k,
                  method="highs")
    return res.x if res.status == 0 else None


def hard_margin_svm(X, y, bias=True):
    """The exact max-margin hyperplane of separable data (see the module docstring).
    Raises ValueError if the data are not separable (or, with bias, contain one class only)."""
    X, y = check_labels(X, y)
    if bias and len(np.unique(y)) < 2:
        raise ValueError("with bias=True both classes must be present (one class alone has an "
                         "unbounded margin)")
    start = _feasible_point(X, y, bias)
    if start is None:
        raise ValueError("the data are not linearly separable"
                         + ("" if bias else " by a hyperplane through the origin"))
    n, d = X.shape
    Z = y[:, None] * (np.hstack([X, np.ones((n, 1))]) if bias else X)  # rows z_i: z_i . v >= 1
    metric = np.eye(Z.shape[1])
    if bias:
        metric[-1, -1] = 0.0  # the bias is not penalized
    res = minimize(lambda v: v @ metric @ v, start, jac=lambda v: 2 * metric @ v,
                   constraints=[{"type": "ineq", "fun": lambda v: Z @ v - 1, "jac": lambda v: Z}],
                   method="SLSQP", options={"ftol": 1e-15, "maxiter": 1000})
    v = _polish(Z, metric, res.x)
    w = v[:d]
    b = float(v[d]) if bias else 0.0
    # dual coefficients from the polished KKT system (zero off the support)
    alpha = _dual(Z, metric, v)
    support = np.flatnonzero(alpha > 1e-12)
    return SVM(w=w, b=b, margin=1.0 / np.linalg.norm(w), alpha=alpha, support=support)


def _kkt_solve(Z, metric, active):
    """min v^T M v subject to z_i . v = 1 for i in active: solve the KKT linear system."""
    k = Z.shape[1]
    Za = Z[active]
    K = np.block([[2 * metric, -Za.T], [Za, np.zeros((len(active), len(active)))]])
    rhs = np.concatenate([np.zeros(k), np.ones(len(active))])
    sol = np.linalg.lstsq(K, rhs, rcond=None)[0]
    return sol[:k], sol[k:]


def _polish(Z, metric, v):
    slack = Z @ v - 1
    for tol in (1e-8, 1e-6, 1e-4):
        active = np.flatnonzero(slack <= tol * max(1.0, np.abs(v).max()))
        if active.size == 0:
            continue
        v_exact, lam = _kkt_solve(Z, metric, active)
        if np.all(Z @ v_exact >= 1 - 1e-10) and np.all(lam >= -1e-10):
            return v_exact
    return v  # SLSQP's answer, if no active set certifies itself


def _dual(Z, metric, v):
    slack = Z @ v - 1
    active = np.flatnonzero(slack <= 1e-8)
    alpha = np.zeros(Z.shape[0])
    if active.size:
        _, lam = _kkt_solve(Z, metric, active)
        alpha[active] = np.maximum(lam, 0.0) / 2  # lam is for ||w||^2, alpha for ||w||^2 / 2
    return alpha
