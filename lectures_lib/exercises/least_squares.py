"""Notebook 01 (minimum-norm least squares): the minimum-norm solution, where GD converges from w0,
and the largest step that does not diverge.

Each check prints its verdict and returns a Feedback; see the package docstring.
"""

import numpy as np

from lectures_lib import validate
from lectures_lib.exercises._core import as_number, as_vector, feedback


def check_min_norm_solution(answer, X, y, rtol=1e-6):
    """Exercise (notebook 01): compute the minimum-norm solution of Xw = y from the formula
    X^T (X X^T)^{-1} y (without pinv). Checks that the answer solves Xw = y and lies in the row
    space of X.

    One tolerance for every test: rtol relative to ||w_+|| (the residual relative to ||y||), so an
    answer that is right up to rounding (float32, printed to 6 digits) is accepted. An answer close
    to w_+ but not within rtol gets its own message; a length-n answer equal to (X X^T)^{-1} y and
    the slip X^T y (no inverse) get theirs.
    """
    X = validate.matrix(X, "X")
    y = validate.vector(y, X.shape[0], "y")
    n, d = X.shape
    w_plus = np.linalg.pinv(X) @ y
    if np.ndim(answer) == 1 and np.size(answer) == n != d:
        a, _ = as_vector(answer, n)
        alpha = np.linalg.pinv(X.T) @ w_plus  # the coefficients: w_+ = X^T alpha
        if a is not None and np.linalg.norm(a - alpha) <= rtol * max(np.linalg.norm(alpha), 1e-300):
            return feedback(False, f"That is a = (X X^T)^(-1) y, the {n} coefficients of the "
                            f"rows; the solution w has {d} entries: w = X^T a.")
    w, problem = as_vector(answer, d)
    if w is None:
        return feedback(False, problem)
    scale = max(np.linalg.norm(w_plus), 1e-300)
    distance = np.linalg.norm(w - w_plus) / scale
    if distance <= rtol:
        return feedback(True, f"‖w‖ = {np.linalg.norm(w):.6g}, the smallest of all solutions.")
    residual = np.linalg.norm(X @ w - y) / max(np.linalg.norm(y), 1e-300)
    null_part = np.linalg.norm(w - np.linalg.pinv(X) @ (X @ w)) / scale
    if distance <= 1e-3:
        return feedback(False, f"Close, but not equal: ‖w − w_+‖ / ‖w_+‖ = {distance:.1e} "
                        f"(accepted: up to {rtol:.0e}; relative residual {residual:.1e}, "
                        f"null-space part {null_part:.1e}). Did you round, or stop an iterative "
                        "method early? Compute it exactly: solve (X X^T) a = y, then w = X^T a.")
    XTy = X.T @ y
    if abs(w @ XTy) >= (1 - rtol) * np.linalg.norm(w) * np.linalg.norm(XTy) > 0:
        return feedback(False, "Your w is a multiple of X^T y: it lies in the row space, but "
                        f"does not solve Xw = y (relative residual {residual:.1e}). The "
                        "(X X^T)^(-1) is missing: solve (X X^T) a = y, then w = X^T a.")
    if residual > rtol:
        return feedback(False, f"Your w does not solve Xw = y (relative residual {residual:.1e}). "
                        "Hint: X X^T is n x n; solve (X X^T) a = y for a, then w = X^T a.")
    if null_part > rtol:
        return feedback(False, "Your w solves Xw = y but is not the shortest solution: it has a "
                        f"component of relative size {null_part:.1e} in ker X. Hint: the "
                        "minimum-norm solution is a combination of the rows of X.")
    return feedback(False, f"Your w solves Xw = y (relative residual {residual:.1e}) and has "
                    f"almost no null-space part ({null_part:.1e}), yet it is {distance:.1e} "
                    "(relative) away from w_+: X X^T is badly conditioned here, so small "
                    "residuals hide large errors. Solve (X X^T) a = y, then w = X^T a.")


def check_gd_limit(answer, X, y, w0, rtol=1e-6):
    """Exercise (notebook 01): where does GD (small enough step) converge from the starting point
    w0? Answer: w_+ + P_null w0, i.e. pinv(X) y plus the part of w0 that X cannot see."""
    X = validate.matrix(X, "X")
    y = validate.vector(y, X.shape[0], "y")
    w0 = validate.vector(w0, X.shape[1], "w0")
    w, problem = as_vector(answer, X.shape[1])
    if w is None:
        return feedback(False, problem)
    pinv = np.linalg.pinv(X)
    w_plus = pinv @ y
    limit = w_plus + (w0 - pinv @ (X @ w0))
    scale = max(np.linalg.norm(limit), 1e-300)
    if np.linalg.norm(w - limit) <= rtol * scale:
        return feedback(True, "GD keeps the null-space part of w0 and fixes the rest.")
    if np.linalg.norm(w - w_plus) <= rtol * max(np.linalg.norm(w_plus), 1e-300):
        return feedback(False, "That is w_+, the limit from zero. Hint: the gradient X^T e never "
                        "has a null-space component, so what happens to P_null w0?")
    if np.linalg.norm(X @ w - y) > 1e-6 * max(np.linalg.norm(y), 1e-300):
        return feedback(False, "Your point does not solve Xw = y, but GD's limit does "
                        "(the loss goes to zero when d > n and X has full row rank).")
    return feedback(False, "Your point solves Xw = y but is not GD's limit. Hint: split w0 into "
                    "row-space and null-space parts; which one does a GD step change?")


def check_max_step(answer, X, rtol=1e-5):
    """Exercise (notebook 01): the largest step for which GD on L(w) = 1/(2n)||Xw - y||^2 does
    not diverge. Answer: 2 / lambda_max(X^T X / n) (note the 1/n of the mean loss).

    The usual slips each get their own hint: the summed loss's Hessian X^T X (n times too small),
    1/L instead of 2/L, both at once, the trace ||X||_F^2 / n or the one-sample SGD bound
    2 / max_i ||x_i||^2 in place of lambda_max, the singular value s_max instead of s_max^2 / n,
    and the smallest eigenvalue. With n = 2 the summed-loss answer and 1/L are the same number, so
    an X with n >= 3 rows tells them apart (if two slips coincide, both hints are given).
    The boundary 2/L itself does not diverge (the top component flips sign without growing), so an
    answer just below it (within 5 %) is told that it converges but is not the largest, and one
    just above that GD diverges there; both mention rounding. Other answers get the general hint.
    rtol = 1e-5 accepts 2/L rounded to 6 significant digits (relative error at most 5e-6).
    """
    X = validate.matrix(X, "X")
    eta, problem = as_number(answer)
    if eta is None:
        return feedback(False, problem)
    if not np.isfinite(eta):
        return feedback(False, "Your answer should be a finite number.")
    n = X.shape[0]
    s = np.linalg.svd(X, compute_uv=False)
    truth = 2 * n / s[0] ** 2
    if abs(eta - truth) <= rtol * truth:
        return feedback(True, f"2/L = {truth:.6g} with L = lambda_max(X^T X / n).")
    slips = [
        (truth / n, "You used the Hessian of the summed loss, X^T X, so your step is n times too "
         "small. The loss here is a mean: its Hessian is X^T X / n."),
        (truth / 2, "1/L is the classical safe step, but GD does not diverge up to twice that. "
         "Hint: when is |1 - eta mu| <= 1?"),
        (truth / (2 * n), "That is 1/lambda_max(X^T X): two slips at once. The loss is a mean "
         "(Hessian X^T X / n, not X^T X), and GD converges up to 2/L, not only 1/L."),
        (2 * n / np.sum(s**2), "You used the trace of X^T X / n (= ||X||_F^2 / n), an upper bound "
         "on lambda_max: that step is safe but not the largest. Use lambda_max itself."),
        (2 / np.max(np.einsum("ij,ij->i", X, X)), "2 / max_i ||x_i||^2 is the safe step of "
         "one-sample SGD; full-batch GD tolerates up to 2 / lambda_max(X^T X / n)."),
        (2 * n / s[0], "You used the largest singular value s_max of X, not its square: "
         "lambda_max(X^T X / n) = s_max^2 / n."),
    ]
    if s[-1] > s[0] * max(X.shape) * np.finfo(float).eps:
        slips.append((2 * n / s[-1] ** 2, "You used the smallest eigenvalue: the step must be "
                      "small enough for the largest one, where |1 - eta mu| first exceeds 1."))
    hits = [hint for value, hint in slips if abs(eta - value) <= rtol * value]
    if hits:  # two slips can give the same number on a particular X (e.g. n = 2): name both
        return feedback(False, " Or: ".join(hits))
    if eta > truth:
        return feedback(False, "With this step GD diverges: along the top eigenvector of the "
                        "Hessian the error is multiplied by |1 - eta L| > 1 at every step."
                        + (" (Only just above the boundary: if you rounded, keep 6 significant "
                           "digits.)" if eta <= 1.05 * truth else ""))
    if eta <= 0:
        return feedback(False, "A step must be positive (eta = 0 does not move at all). Hint: "
                        "along an eigenvector of the Hessian with eigenvalue mu, GD multiplies "
                        "the error by (1 - eta mu).")
    if eta >= 0.95 * truth:
        return feedback(False, "GD converges at this step, but it is not the largest that does "
                        "not diverge: at the boundary eta = 2/L itself the top component of the "
                        "error flips sign at every step without growing (|1 - eta L| = 1), so the "
                        "boundary counts. Give 2/L exactly (if you rounded, keep 6 significant "
                        "digits).")
    return feedback(False, "Hint: along an eigenvector of the Hessian with eigenvalue mu, GD "
                    "multiplies the error by (1 - eta mu). For which eta is that <= 1 in "
                    "modulus (no growth) for every mu? Take the largest such eta.")
