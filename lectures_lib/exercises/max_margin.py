"""Notebook 05 (GD on separable data, Soudry et al.): the max-margin vector (also asked in notebook
06) and the rate at which ||w(t)|| grows. Both compare against `_svm_no_bias`, an NNLS reference
independent of lectures_lib.svm.

Each check prints its verdict and returns a Feedback; see the package docstring.
"""

import numpy as np

from lectures_lib import validate
from lectures_lib.exercises._core import as_number, as_vector, feedback


def _svm_no_bias(X, y):
    """Reference for the two checks below, computed independently of lectures_lib.svm (which uses
    an LP, SLSQP and a KKT polish): the hard-margin SVM without bias,
        w_hat = argmin ||w||^2  subject to  y_n w . x_n >= 1,
    is a least-distance program, solved exactly by one non-negative least-squares problem
    (Lawson and Hanson, Solving Least Squares Problems, 1974, ch. 23). With z_n = y_n x_n,
    E = [z_1 ... z_N; 1 ... 1] ((d + 1) x N), f = (0, ..., 0, 1),
    u = argmin_{u >= 0} ||E u - f|| and r = E u - f:
    w_hat = -r[:d] / r[d], dual coefficients alpha = u / (-r[d]) (w_hat = sum_n alpha_n z_n).
    r[d] = 0 means that no hyperplane through the origin separates the data (ValueError).
    Returns (w_hat, alpha)."""
    from scipy.optimize import nnls

    X = validate.matrix(X, "X")
    y = validate.vector(y, X.shape[0], "y")
    if not np.all(np.isin(y, (-1.0, 1.0))):
        raise ValueError("y must contain labels -1 and +1 only")
    Z = y[:, None] * X
    n, d = Z.shape
    E = np.vstack([Z.T, np.ones((1, n))])
    f = np.zeros(d + 1)
    f[-1] = 1.0
    u, _ = nnls(E, f, maxiter=50 * (n + d + 1))
    r = E @ u - f
    if -r[-1] <= 1e-12:  # ||r||^2 = -r[d]: the constraints cannot all hold
        raise ValueError("X, y: the data are not linearly separable by a hyperplane through the "
                         "origin, so there is no max-margin vector")
    return -r[:d] / r[-1], u / -r[-1]


def check_svm_direction(answer, X, y, rtol=1e-6):
    """Exercise (notebooks 05 and 06): the max-margin vector w_hat = argmin ||w||^2 s.t.
    y_n w . x_n >= 1 (no bias, the paper's eq. 4). Both its direction and its length matter:
    min_n y_n w_hat . x_n = 1. The reference is _svm_no_bias (NNLS), not lectures_lib.svm."""
    truth, _ = _svm_no_bias(X, y)
    X = validate.matrix(X, "X")
    y = validate.vector(y, X.shape[0], "y")
    w, problem = as_vector(answer, X.shape[1])
    if w is None:
        return feedback(False, problem)
    norm_truth = np.linalg.norm(truth)
    if np.linalg.norm(w - truth) <= rtol * norm_truth:
        return feedback(True, f"w_hat = {np.round(truth, 6)}, margin 1/||w_hat|| = "
                        f"{1 / norm_truth:.6g}.")
    if not np.linalg.norm(w) > 0:
        return feedback(False, "w = 0 satisfies no constraint y_n w . x_n >= 1. Hint: which "
                        "points are closest to every separating line through the origin?")
    cos = w @ truth / (np.linalg.norm(w) * norm_truth)
    if cos > 1 - 1e-9:
        return feedback(False, "Right direction, wrong length: w_hat is scaled so that the "
                        "closest points have y_n w . x_n = 1 exactly "
                        f"(your smallest y_n w . x_n is {np.min(y * (X @ w)):.6g}).")
    if cos < -1 + 1e-9:
        return feedback(False, "Wrong sign: your w puts every point on the wrong side. The "
                        "constraints are y_n w . x_n >= 1, with the label inside.")
    margins = y * (X @ w)
    if np.min(margins) >= 1 - rtol:
        return feedback(False, "Your w satisfies every constraint y_n w . x_n >= 1 but is not the "
                        f"shortest such vector (||w|| = {np.linalg.norm(w):.6g}, the smallest is "
                        f"{norm_truth:.6g}): its margin 1/||w|| is not the largest. Hint: at the "
                        "optimum w_hat is a non-negative combination of the points with "
                        "y_n w_hat . x_n = 1 (the KKT conditions).")
    return feedback(False, "Hint: which points are closest to every separating line through the "
                    "origin? w_hat is a non-negative combination of them (the KKT conditions).")


def check_norm_growth(answer, X, y, rtol=5e-4):
    """Exercise (notebook 05): ||w(t)|| grows like c ln t. What is c? Answer: ||w_hat|| (no bias),
    from the independent reference _svm_no_bias (NNLS), not lectures_lib.svm. An answer rounded to
    three significant digits is accepted (rtol); one within 5 % (a slope read off a figure) is told
    it is close but a fit."""
    w_hat, _ = _svm_no_bias(X, y)
    truth = float(np.linalg.norm(w_hat))
    c, problem = as_number(answer)
    if c is None:
        return feedback(False, problem)

    def near(value):
        return abs(c - value) <= rtol * abs(value)

    if near(truth):
        return feedback(True, f"c = ||w_hat|| = 1/gamma = {truth:.6g}: a larger margin means "
                        "slower growth.")
    if near(1 / truth):
        return feedback(False, "That is the margin gamma = 1/||w_hat||. Theorem 3 says "
                        "w(t) ~ w_hat log t, so c is the length of w_hat, 1/gamma.")
    if near(truth**2):
        return feedback(False, "That is ||w_hat||^2. The norm of w_hat log t is ||w_hat|| log t: "
                        "take the square root.")
    if near(truth * np.log(10)):
        return feedback(False, "That is ||w_hat|| ln 10: the growth is c ln t with the natural "
                        "logarithm (a slope read against log10 t is ln 10 times larger).")
    if near(1.0):
        return feedback(False, "1 is the length of the direction w_hat/||w_hat||; w(t) grows "
                        "along w_hat itself, whose length is not 1.")
    if abs(c - truth) <= 0.05 * truth:
        return feedback(False, f"Close ({c:.4g}), but that looks like a fitted slope: over any "
                        "finite horizon ||w(t)|| / ln t still carries rho(t) / ln t. Give the "
                        "exact value Theorem 3 predicts (to three digits at least).")
    return feedback(False, "Hint: Theorem 3, w(t) = w_hat log t + rho(t) with rho much smaller.")
