"""Checks for the notebooks' exercises: each says whether an answer is right and, if not, why.

Every check_* function prints its feedback and returns a Feedback, which is truthy exactly when
the answer is right (so `assert check_...(answer)` works in a solution cell). The reference answers
are computed here independently of the student's code (pinv, explicit projections).
"""

from dataclasses import dataclass

import numpy as np

from . import validate


@dataclass(frozen=True)
class Feedback:
    correct: bool
    message: str

    def __bool__(self):
        return self.correct

    def __repr__(self):
        return ("Correct! " if self.correct else "Not yet. ") + self.message


def _feedback(correct, message):
    fb = Feedback(bool(correct), message)
    print(repr(fb))
    return fb


def _as_vector(answer, d, name="your answer"):
    try:
        a = np.asarray(answer, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        return None, f"{name} should be a vector of {d} numbers, got {type(answer).__name__}."
    if a.shape != (d,):
        return None, f"{name} should have {d} entries, it has {a.size}."
    if not np.all(np.isfinite(a)):
        return None, f"{name} contains NaN or inf."
    return a, ""


def check_min_norm_solution(answer, X, y, rtol=1e-8):
    """Exercise: compute the minimum-norm solution of Xw = y from the formula X^T (X X^T)^{-1} y
    (without pinv). Checks that the answer solves Xw = y and lies in the row space of X."""
    X = validate.matrix(X, "X")
    y = validate.vector(y, X.shape[0], "y")
    w, problem = _as_vector(answer, X.shape[1])
    if w is None:
        return _feedback(False, problem)
    w_plus = np.linalg.pinv(X) @ y
    scale = max(np.linalg.norm(w_plus), 1e-300)
    residual = np.linalg.norm(X @ w - y) / max(np.linalg.norm(y), 1e-300)
    null_part = np.linalg.norm(w - np.linalg.pinv(X) @ (X @ w)) / scale
    if residual > 1e-6:
        return _feedback(False, f"Your w does not solve Xw = y (relative residual {residual:.1e}). "
                         "Hint: X X^T is n x n; solve (X X^T) a = y for a, then w = X^T a.")
    if null_part > rtol:
        return _feedback(False, "Your w solves Xw = y but is not the shortest solution: it has a "
                         f"component of relative size {null_part:.1e} in ker X. Hint: the "
                         "minimum-norm solution is a combination of the rows of X.")
    return _feedback(np.linalg.norm(w - w_plus) <= rtol * scale,
                     f"‖w‖ = {np.linalg.norm(w):.6g}, the smallest of all solutions.")


def check_gd_limit(answer, X, y, w0, rtol=1e-6):
    """Exercise: where does GD (small enough step) converge from the starting point w0?
    Answer: w_+ + P_null w0, i.e. pinv(X) y plus the part of w0 that X cannot see."""
    X = validate.matrix(X, "X")
    y = validate.vector(y, X.shape[0], "y")
    w0 = validate.vector(w0, X.shape[1], "w0")
    w, problem = _as_vector(answer, X.shape[1])
    if w is None:
        return _feedback(False, problem)
    pinv = np.linalg.pinv(X)
    w_plus = pinv @ y
    limit = w_plus + (w0 - pinv @ (X @ w0))
    scale = max(np.linalg.norm(limit), 1e-300)
    if np.linalg.norm(w - limit) <= rtol * scale:
        return _feedback(True, "GD keeps the null-space part of w0 and fixes the rest.")
    if np.linalg.norm(w - w_plus) <= rtol * max(np.linalg.norm(w_plus), 1e-300):
        return _feedback(False, "That is w_+, the limit from zero. Hint: the gradient X^T e never "
                         "has a null-space component, so what happens to P_null w0?")
    if np.linalg.norm(X @ w - y) > 1e-6 * max(np.linalg.norm(y), 1e-300):
        return _feedback(False, "Your point does not solve Xw = y, but GD's limit does "
                         "(the loss goes to zero when d > n and X has full row rank).")
    return _feedback(False, "Your point solves Xw = y but is not GD's limit. Hint: split w0 into "
                     "row-space and null-space parts; which one does a GD step change?")


def check_max_step(answer, X, rtol=1e-6):
    """Exercise: the largest step for which GD on L(w) = 1/(2n)||Xw - y||^2 does not diverge.
    Answer: 2 / lambda_max(X^T X / n) (note the 1/n of the mean loss)."""
    X = validate.matrix(X, "X")
    try:
        eta = float(answer)
    except (TypeError, ValueError):
        return _feedback(False, f"Your answer should be a number, got {type(answer).__name__}.")
    n = X.shape[0]
    truth = 2 * n / np.linalg.norm(X, 2) ** 2
    if abs(eta - truth) <= rtol * truth:
        return _feedback(True, f"2/L = {truth:.6g} with L = lambda_max(X^T X / n).")
    if abs(eta - truth / n) <= rtol * truth / n:
        return _feedback(False, "You used the Hessian of the summed loss, X^T X. The loss here "
                         "is a mean: its Hessian is X^T X / n.")
    if abs(eta - truth / 2) <= rtol * truth:
        return _feedback(False, "1/L is the classical safe step, but GD still converges up to "
                         "twice that. Hint: when is |1 - eta mu| < 1?")
    return _feedback(False, "Hint: along an eigenvector of the Hessian with eigenvalue mu, GD "
                     "multiplies the error by (1 - eta mu). For which eta is that < 1 in modulus "
                     "for every mu?")


def check_gd_filter(answer):
    """Exercise (notebook 02): write the GD filter as a function F(mu, t, step) such that GD from
    zero after t steps returns sum_i F(mu_i) <w_+, v_i> v_i. Answer: 1 - (1 - step*mu)^t."""
    if not callable(answer):
        return _feedback(False, "Your answer should be a function F(mu, t, step).")
    cases = [(mu, t, step) for mu in (1e-3, 0.1, 0.5, 1.0) for t in (0, 1, 7, 100)
             for step in (0.5, 1.0, 1.5)]
    for mu, t, step in cases:
        truth = 1 - (1 - step * mu) ** t
        try:
            got = float(answer(mu, t, step))
        except Exception as e:  # the student's code: show what went wrong
            return _feedback(False, f"Calling F({mu}, {t}, {step}) raised {type(e).__name__}: {e}")
        if not abs(got - truth) <= 1e-9 * max(1.0, abs(truth)):
            hint = ("At t = 0 GD has not moved from zero, so F must be 0. " if t == 0 else
                    "Write one eigen-coordinate of the recursion: c_{t+1} = (1 - step mu) c_t + "
                    "step mu c_+, and solve it from c_0 = 0. ")
            return _feedback(False, f"F({mu}, {t}, {step}) = {got:.6g}, expected {truth:.6g}. "
                             + hint)
    return _feedback(True, "F(mu) = 1 - (1 - step mu)^t, a polynomial in mu of degree t.")


def check_half_point(answer, t, step=1.0, rtol=1e-6):
    """Exercise (notebook 02): at which eigenvalue mu does the GD filter after t steps equal 1/2?
    Answer: mu = (1 - 2^(-1/t)) / step, close to log(2)/(step t) for large t: the GD filter's
    'cut-off' sits at lam ~ 1/(step t)."""
    t = validate.integer(t, "t", low=1)
    step = validate.positive(step, "step")
    try:
        mu = float(answer)
    except (TypeError, ValueError):
        return _feedback(False, f"Your answer should be a number, got {type(answer).__name__}.")
    truth = (1 - 2 ** (-1 / t)) / step
    if abs(mu - truth) <= rtol * truth:
        approx = np.log(2) / (step * t)
        return _feedback(True, f"mu_1/2 = {truth:.6g} ≈ ln 2 / (eta t) = {approx:.6g}.")
    if abs(mu - np.log(2) / (step * t)) <= 1e-2 * truth:
        return _feedback(False, "That is the large-t approximation ln 2/(eta t). Solve "
                         "(1 - eta mu)^t = 1/2 exactly.")
    if abs(mu - 1 / (step * t)) <= 1e-2 * truth or abs(mu - truth) <= 0.5 * truth:
        return _feedback(False, "Close: the half point is near 1/(eta t) but not at it. Solve "
                         "1 - (1 - eta mu)^t = 1/2 for mu.")
    return _feedback(False, "Hint: set 1 - (1 - eta mu)^t = 1/2 and solve for mu.")


def check_rate_exponent(answer, r, method):
    """Exercise (notebook 02): the worst-case exponent of the approximation error under the source
    condition f = L^r g: min(r, 1) for Tikhonov (in lam), r for GD (in 1/t)."""
    validate.choice(method, "method", ("tikhonov", "gd"))
    r = validate.positive(r, "r")
    try:
        a = float(answer)
    except (TypeError, ValueError):
        return _feedback(False, f"Your answer should be a number, got {type(answer).__name__}.")
    truth = min(r, 1.0) if method == "tikhonov" else r
    if abs(a - truth) <= 1e-9:
        why = ("Tikhonov saturates: its residual lam/(mu+lam) is ~lam on the largest eigenvalues, "
               "so no source condition beats lam^1." if method == "tikhonov" and r > 1 else
               "sup_mu |1 - F(mu)| mu^r is attained near mu ~ lam (resp. 1/t).")
        return _feedback(True, why)
    if method == "tikhonov" and abs(a - r) <= 1e-9:
        return _feedback(False, "Look at mu near 1 (the top of the spectrum): "
                         "lam/(mu + lam) * mu^r is about lam there, whatever r is.")
    return _feedback(False, "Hint: maximize |1 - F(mu)| mu^r over mu in (0, 1] for the filter, "
                     "and read off how the maximum scales.")


def _as_matrix(answer, shape, name="your answer"):
    try:
        a = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return None, f"{name} should be a {shape[0]} x {shape[1]} array of numbers."
    if a.shape != shape:
        return None, f"{name} should have shape {shape}, it has shape {a.shape}."
    if not np.all(np.isfinite(a)):
        return None, f"{name} contains NaN or inf."
    return a, ""


def check_min_norm_map(answer, X, Y, rtol=1e-8):
    """Exercise (notebook 03): the minimum-norm end-to-end map A* (shape (d', d)) for inputs X
    (n, d) and targets Y (n, d'). Answer: A* = (pinv(X) Y)^T."""
    X = validate.matrix(X, "X")
    Y = validate.matrix(Y, "Y")
    truth = (np.linalg.pinv(X) @ Y).T
    A, problem = _as_matrix(answer, truth.shape)
    if A is None:
        if np.shape(answer) == truth.T.shape:
            return _feedback(False, f"Shape {np.shape(answer)}: that is A*^T. The map sends "
                             f"x in R^{X.shape[1]} to R^{Y.shape[1]}, so A is d' x d.")
        return _feedback(False, problem)
    scale = np.linalg.norm(truth)
    if np.linalg.norm(A - truth) <= rtol * scale:
        return _feedback(True, "A* = (X^+ Y)^T: it fits the data and its rows lie in the span "
                         "of the samples.")
    if np.linalg.norm(X @ A.T - Y) <= 1e-6 * np.linalg.norm(Y):
        return _feedback(False, "Your map fits the data but is not the shortest: remove the part "
                         "of its rows orthogonal to the samples.")
    return _feedback(False, "Hint: each output is a least-squares problem of notebook 01; stack "
                     "their minimum-norm solutions as the rows of A.")


def check_final_map(answer, X, Y, W1_init, W2_final, rtol=1e-6):
    """Exercise (notebook 03): GD from (W1_init, W2_init) converged to a global minimum with last
    layer W2_final. Predict the end-to-end map A = W2_final W1_final without the run.
    Answer: A* + W2_final W1_init P_null (Lemma 4: W1's null-space part never moves)."""
    X = validate.matrix(X, "X")
    Y = validate.matrix(Y, "Y")
    W1_init = validate.matrix(W1_init, "W1_init")
    W2_final = validate.matrix(W2_final, "W2_final")
    P_null = np.eye(X.shape[1]) - np.linalg.pinv(X) @ X
    A_star = (np.linalg.pinv(X) @ Y).T
    truth = A_star + W2_final @ W1_init @ P_null
    A, problem = _as_matrix(answer, truth.shape)
    if A is None:
        return _feedback(False, problem)
    if np.linalg.norm(A - truth) <= rtol * np.linalg.norm(truth):
        return _feedback(True, "The row-space part of A is A* (A fits the data), the rest is the "
                         "frozen null-space part of W1, multiplied by the final W2.")
    if np.linalg.norm(A - A_star) <= rtol * np.linalg.norm(A_star):
        return _feedback(False, "That is A*, the answer for a row-space initialization. This W1 "
                         "started with a null-space part: what happens to it?")
    return _feedback(False, "Hint: split W1 = W1 P_row + W1 P_null. Which part does GD change, and "
                     "what must A P_row be at a global minimum?")


def check_radius_and_margin(R_answer, gamma_answer, X, y, w, b=0.0, rtol=1e-6):
    """Exercise (notebook 04): for the data (X, y) and the hyperplane w . x + b = 0, compute
    R = max_i ||x_i|| and the geometric margin gamma = min_i y_i (w . x_i + b) / ||w||."""
    X = validate.matrix(X, "X")
    y = validate.vector(y, X.shape[0], "y")
    w = validate.vector(w, X.shape[1], "w")
    R = float(np.max(np.linalg.norm(X, axis=1)))
    gamma = float(np.min(y * (X @ w + b)) / np.linalg.norm(w))
    try:
        R_a, g_a = float(R_answer), float(gamma_answer)
    except (TypeError, ValueError):
        return _feedback(False, "Both answers should be numbers.")
    if abs(R_a - R) > rtol * R:
        return _feedback(False, f"R = {R_a:.6g} is off. Hint: R is the largest norm of a data "
                         "point (a ball about the origin, not about the data's mean).")
    if abs(g_a - gamma) > rtol * abs(gamma):
        unnormalized = float(np.min(y * (X @ w + b)))
        if abs(g_a - unnormalized) <= rtol * abs(unnormalized):
            return _feedback(False, "That is the functional margin. Divide by ||w|| to get the "
                             "geometric one (the theorem assumes ||w_opt|| = 1).")
        return _feedback(False, "Hint: the margin is the smallest y_i (w . x_i + b) / ||w|| over "
                         "all points, the closest point to the hyperplane.")
    return _feedback(True, f"R = {R:.6g}, gamma = {gamma:.6g}.")


def check_novikoff_bound(answer, R, gamma, bias=True, rtol=1e-9):
    """Exercise (notebook 04): Novikoff's bound on the number of updates from R and gamma:
    (2R/gamma)^2 with a bias (the augmentation doubles ||x^||^2 and ||w^_opt||^2), (R/gamma)^2
    without."""
    R = validate.positive(R, "R")
    gamma = validate.positive(gamma, "gamma")
    try:
        k = float(answer)
    except (TypeError, ValueError):
        return _feedback(False, f"Your answer should be a number, got {type(answer).__name__}.")
    truth = (2 * R / gamma) ** 2 if bias else (R / gamma) ** 2
    if abs(k - truth) <= rtol * truth:
        return _feedback(True, f"k <= {truth:.6g}.")
    if bias and abs(k - truth / 4) <= rtol * truth:
        return _feedback(False, "That is the bound without a bias. With the augmentation "
                         "x^ = (x, R), ||x^||^2 <= 2R^2 and ||w^_opt||^2 <= 2: a factor 4.")
    return _feedback(False, "Hint: k gamma <= w^_opt . w^_k <= ||w^_opt|| ||w^_k|| and "
                     "||w^_k||^2 <= 2 k R^2; solve for k.")


def check_svm_direction(answer, X, y, rtol=1e-6):
    """Exercise (notebook 05): the max-margin vector w_hat = argmin ||w||^2 s.t. y_n w . x_n >= 1
    (no bias). Both its direction and its length matter: min_n y_n w_hat . x_n = 1."""
    X = validate.matrix(X, "X")
    y = validate.vector(y, X.shape[0], "y")
    w, problem = _as_vector(answer, X.shape[1])
    if w is None:
        return _feedback(False, problem)
    from .svm import hard_margin_svm

    truth = hard_margin_svm(X, y, bias=False).w
    if np.linalg.norm(w - truth) <= rtol * np.linalg.norm(truth):
        return _feedback(True, f"w_hat = {np.round(truth, 6)}, margin 1/||w_hat|| = "
                         f"{1 / np.linalg.norm(truth):.6g}.")
    cos = w @ truth / (np.linalg.norm(w) * np.linalg.norm(truth) + 1e-300)
    if cos > 1 - 1e-9:
        return _feedback(False, "Right direction, wrong length: w_hat is scaled so that the "
                         "closest points have y_n w . x_n = 1 exactly.")
    return _feedback(False, "Hint: which points are closest to every separating line through the "
                     "origin? w_hat is a non-negative combination of them (the KKT conditions).")


def check_norm_growth(answer, X, y, rtol=1e-6):
    """Exercise (notebook 05): ||w(t)|| grows like c ln t. What is c? Answer: ||w_hat||."""
    X = validate.matrix(X, "X")
    y = validate.vector(y, X.shape[0], "y")
    from .svm import hard_margin_svm

    truth = float(np.linalg.norm(hard_margin_svm(X, y, bias=False).w))
    try:
        c = float(answer)
    except (TypeError, ValueError):
        return _feedback(False, f"Your answer should be a number, got {type(answer).__name__}.")
    if abs(c - truth) <= rtol * truth:
        return _feedback(True, f"c = ||w_hat|| = 1/gamma = {truth:.6g}: a larger margin means "
                         "slower growth.")
    if abs(c - 1 / truth) <= rtol / truth:
        return _feedback(False, "That is the margin gamma = 1/||w_hat||. Theorem 3 says "
                         "w(t) ~ w_hat log t.")
    return _feedback(False, "Hint: Theorem 3, w(t) = w_hat log t + rho(t) with rho much smaller.")


def check_error_rate(answer, W, X, y):
    """Exercise (notebook 00): the error rate of the linear classifier with scores X W on (X, y):
    the fraction of rows whose largest score is not at the label's index."""
    X = validate.matrix(X, "X")
    W = validate.matrix(W, "W")
    y = np.asarray(y)
    truth = float(np.mean((X @ W).argmax(axis=1) != y))
    try:
        a = float(answer)
    except (TypeError, ValueError):
        return _feedback(False, f"Your answer should be a number, got {type(answer).__name__}.")
    if abs(a - truth) <= 1e-12:
        return _feedback(True, f"error rate {truth:.4f}.")
    if abs(a - (1 - truth)) <= 1e-12:
        return _feedback(False, "That is the accuracy; the error rate is 1 minus it.")
    if abs(a - 100 * truth) <= 1e-9:
        return _feedback(False, "That is a percentage; give a fraction between 0 and 1.")
    return _feedback(False, "Hint: (X @ W).argmax(axis=1) is the predicted class of each row.")


def check_tensor_norm(answer, W1, W2, m):
    """Exercise (notebook 06): the norm ||T||_F of the tensor T = sum_j W2_j w_j^(⊗m) that a
    one-output polynomial network computes: sqrt(sum_jk W2_j W2_k (w_j . w_k)^m)."""
    W1 = validate.matrix(W1, "W1")
    w2 = np.asarray(W2, dtype=float).reshape(-1)
    truth = float(np.sqrt(max(w2 @ ((W1 @ W1.T) ** m) @ w2, 0.0)))
    try:
        a = float(answer)
    except (TypeError, ValueError):
        return _feedback(False, f"Your answer should be a number, got {type(answer).__name__}.")
    if abs(a - truth) <= 1e-8 * max(truth, 1e-300):
        return _feedback(True, f"||T||_F = {truth:.6g}.")
    if abs(a - truth**2) <= 1e-8 * max(truth**2, 1e-300):
        return _feedback(False, "That is ||T||_F squared.")
    return _feedback(False, "Hint: <u^(⊗m), v^(⊗m)> = (u . v)^m, so ||sum_j c_j w_j^(⊗m)||^2 = "
                     "sum_jk c_j c_k (w_j . w_k)^m.")


def check_loss_minimum(answer, iters, test_loss):
    """Exercise (notebook 00): at which recorded iteration is the test loss smallest? (Early
    stopping on the loss would stop there; the test error barely cares.)"""
    iters = np.asarray(iters)
    test_loss = validate.vector(test_loss, len(iters), "test_loss")
    truth = int(iters[int(np.argmin(test_loss))])
    try:
        a = int(answer)
    except (TypeError, ValueError):
        return _feedback(False, f"Your answer should be an iteration count, got {answer!r}.")
    if a == truth:
        return _feedback(True, f"t = {truth}; after it the test loss rises while training goes on.")
    if a == int(iters[-1]):
        return _feedback(False, "That is the last iteration: the test loss there is higher than "
                         "earlier. Hint: np.argmin.")
    return _feedback(False, "Hint: iters[np.argmin(test_loss)].")
