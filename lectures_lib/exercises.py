"""Checks for the notebooks' exercises: each says whether an answer is right and, if not, why.

Every check_* function prints its feedback and returns a Feedback, which is truthy exactly when
the answer is right (so `assert check_...(answer)` works in a solution cell). The reference answers
are computed here independently of the student's code (pinv, explicit projections). The checks come
in the order of the notebooks (00 first), after the helpers that read an answer.
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


def _as_number(answer):
    """(float(answer), "") or, when it is not a number, (None, the message saying so)."""
    try:
        return float(answer), ""
    except (TypeError, ValueError):
        return None, f"Your answer should be a number, got {type(answer).__name__}."


def check_error_rate(answer, W, X, y):
    """Exercise (notebook 00): the error rate of the linear classifier with scores X W on (X, y):
    the fraction of rows whose largest score is not at the label's index. An answer rounded to
    three or more decimals (within 5e-4) is accepted; one rounded to two decimals gets a
    near-miss message; a percentage, the accuracy or the number of mistakes get their own hints
    (also when rounded)."""
    X = validate.matrix(X, "X")
    W = validate.matrix(W, "W")
    y = np.asarray(y)
    mistakes = int(np.sum((X @ W).argmax(axis=1) != y))
    truth = mistakes / len(y)
    a, problem = _as_number(answer)
    if a is None:
        return _feedback(False, problem)
    exact = f"{mistakes}/{len(y)} = {truth:.5f}"
    if abs(a - truth) <= 1e-12:
        return _feedback(True, f"error rate {exact}.")
    if abs(a - truth) <= 5e-4:
        return _feedback(True, f"error rate {exact} (your {a:g} is it rounded).")
    if a > 1 and abs(a / 100 - truth) <= 5e-4:
        return _feedback(False, "That is a percentage; give a fraction between 0 and 1.")
    if abs(a - (1 - truth)) <= 5e-4:
        return _feedback(False, "That is the accuracy; the error rate is 1 minus it.")
    if truth > 0 and abs(a - mistakes) <= 1e-9:
        return _feedback(False, "That is the number of mistakes; the error rate divides it by the "
                         "number of rows (np.mean instead of np.sum).")
    if a == 0 and truth > 0:
        return _feedback(False, "0 is the training error GD reaches; on these (test) rows some "
                         "predictions are wrong. Hint: (X @ W).argmax(axis=1) vs y.")
    if abs(a - truth) <= 5e-3:
        return _feedback(False, "Close, but round to at least three decimals: to two decimals "
                         "several error rates look the same.")
    return _feedback(False, "Hint: (X @ W).argmax(axis=1) is the predicted class of each row.")


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
    if a == int(np.argmin(test_loss)):
        return _feedback(False, f"{a} is the position of the minimum in the list, not the "
                         "iteration: look it up in iters.")
    return _feedback(False, "Hint: iters[np.argmin(test_loss)].")


def check_min_norm_solution(answer, X, y, rtol=1e-6):
    """Exercise: compute the minimum-norm solution of Xw = y from the formula X^T (X X^T)^{-1} y
    (without pinv). Checks that the answer solves Xw = y and lies in the row space of X.

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
        a, _ = _as_vector(answer, n)
        alpha = np.linalg.pinv(X.T) @ w_plus  # the coefficients: w_+ = X^T alpha
        if a is not None and np.linalg.norm(a - alpha) <= rtol * max(np.linalg.norm(alpha), 1e-300):
            return _feedback(False, f"That is a = (X X^T)^(-1) y, the {n} coefficients of the "
                             f"rows; the solution w has {d} entries: w = X^T a.")
    w, problem = _as_vector(answer, d)
    if w is None:
        return _feedback(False, problem)
    scale = max(np.linalg.norm(w_plus), 1e-300)
    distance = np.linalg.norm(w - w_plus) / scale
    if distance <= rtol:
        return _feedback(True, f"‖w‖ = {np.linalg.norm(w):.6g}, the smallest of all solutions.")
    residual = np.linalg.norm(X @ w - y) / max(np.linalg.norm(y), 1e-300)
    null_part = np.linalg.norm(w - np.linalg.pinv(X) @ (X @ w)) / scale
    if distance <= 1e-3:
        return _feedback(False, f"Close, but not equal: ‖w − w_+‖ / ‖w_+‖ = {distance:.1e} "
                         f"(accepted: up to {rtol:.0e}; relative residual {residual:.1e}, "
                         f"null-space part {null_part:.1e}). Did you round, or stop an iterative "
                         "method early? Compute it exactly: solve (X X^T) a = y, then w = X^T a.")
    XTy = X.T @ y
    if abs(w @ XTy) >= (1 - rtol) * np.linalg.norm(w) * np.linalg.norm(XTy) > 0:
        return _feedback(False, "Your w is a multiple of X^T y: it lies in the row space, but "
                         f"does not solve Xw = y (relative residual {residual:.1e}). The "
                         "(X X^T)^(-1) is missing: solve (X X^T) a = y, then w = X^T a.")
    if residual > rtol:
        return _feedback(False, f"Your w does not solve Xw = y (relative residual {residual:.1e}). "
                         "Hint: X X^T is n x n; solve (X X^T) a = y for a, then w = X^T a.")
    if null_part > rtol:
        return _feedback(False, "Your w solves Xw = y but is not the shortest solution: it has a "
                         f"component of relative size {null_part:.1e} in ker X. Hint: the "
                         "minimum-norm solution is a combination of the rows of X.")
    return _feedback(False, f"Your w solves Xw = y (relative residual {residual:.1e}) and has "
                     f"almost no null-space part ({null_part:.1e}), yet it is {distance:.1e} "
                     "(relative) away from w_+: X X^T is badly conditioned here, so small "
                     "residuals hide large errors. Solve (X X^T) a = y, then w = X^T a.")


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


def check_max_step(answer, X, rtol=1e-5):
    """Exercise: the largest step for which GD on L(w) = 1/(2n)||Xw - y||^2 does not diverge.
    Answer: 2 / lambda_max(X^T X / n) (note the 1/n of the mean loss).

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
    eta, problem = _as_number(answer)
    if eta is None:
        return _feedback(False, problem)
    if not np.isfinite(eta):
        return _feedback(False, "Your answer should be a finite number.")
    n = X.shape[0]
    s = np.linalg.svd(X, compute_uv=False)
    truth = 2 * n / s[0] ** 2
    if abs(eta - truth) <= rtol * truth:
        return _feedback(True, f"2/L = {truth:.6g} with L = lambda_max(X^T X / n).")
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
        return _feedback(False, " Or: ".join(hits))
    if eta > truth:
        return _feedback(False, "With this step GD diverges: along the top eigenvector of the "
                         "Hessian the error is multiplied by |1 - eta L| > 1 at every step."
                         + (" (Only just above the boundary: if you rounded, keep 6 significant "
                            "digits.)" if eta <= 1.05 * truth else ""))
    if eta <= 0:
        return _feedback(False, "A step must be positive (eta = 0 does not move at all). Hint: "
                         "along an eigenvector of the Hessian with eigenvalue mu, GD multiplies "
                         "the error by (1 - eta mu).")
    if eta >= 0.95 * truth:
        return _feedback(False, "GD converges at this step, but it is not the largest that does "
                         "not diverge: at the boundary eta = 2/L itself the top component of the "
                         "error flips sign at every step without growing (|1 - eta L| = 1), so the "
                         "boundary counts. Give 2/L exactly (if you rounded, keep 6 significant "
                         "digits).")
    return _feedback(False, "Hint: along an eigenvector of the Hessian with eigenvalue mu, GD "
                     "multiplies the error by (1 - eta mu). For which eta is that <= 1 in "
                     "modulus (no growth) for every mu? Take the largest such eta.")


def check_gd_filter(answer):
    """Exercise (notebook 02): write the GD filter as a function F(mu, t, step) such that GD from
    zero after t steps returns sum_i F(mu_i) <w_+, v_i> v_i. Answer: 1 - (1 - step*mu)^t.
    Common slips with their own hint: the step left out (1 - (1 - mu)^t), and the residual
    (1 - step*mu)^t, i.e. 1 - F."""
    if not callable(answer):
        return _feedback(False, "Your answer should be a function F(mu, t, step).")
    cases = [(mu, t, step) for mu in (1e-3, 0.1, 0.5, 1.0) for t in (0, 1, 7, 100)
             for step in (0.5, 1.0, 1.5)]
    got = []
    for mu, t, step in cases:
        try:
            got.append(float(answer(mu, t, step)))
        except Exception as e:  # the student's code: show what went wrong
            return _feedback(False, f"Calling F({mu}, {t}, {step}) raised {type(e).__name__}: {e}")
    got = np.array(got)
    mu, t, step = (np.array(c, dtype=float) for c in zip(*cases))

    def matches(values):
        return np.all(np.abs(got - values) <= 1e-9 * np.maximum(1.0, np.abs(values)))

    truth = 1 - (1 - step * mu) ** t
    if matches(truth):
        return _feedback(True, "F(mu) = 1 - (1 - step mu)^t, a polynomial in mu of degree t.")
    if matches(1 - (1 - mu) ** t):
        return _feedback(False, "Your F ignores the step: it is right for step = 1 only. Each GD "
                         "step multiplies the error along v_i by (1 - step mu), not (1 - mu).")
    if matches((1 - step * mu) ** t):
        return _feedback(False, "That is 1 - F, the part of w_+ that GD has not learned yet "
                         "(F must be 0 at t = 0, when GD has not moved from zero).")
    k = int(np.argmax(np.abs(got - truth) > 1e-9 * np.maximum(1.0, np.abs(truth))))
    hint = ("At t = 0 GD has not moved from zero, so F must be 0. " if t[k] == 0 else
            "Write one eigen-coordinate of the recursion: c_{t+1} = (1 - step mu) c_t + "
            "step mu c_+, and solve it from c_0 = 0. ")
    return _feedback(False, f"F({mu[k]:g}, {int(t[k])}, {step[k]:g}) = {got[k]:.6g}, expected "
                     f"{truth[k]:.6g}. " + hint)


def check_half_point(answer, t, step=1.0, rtol=1e-6):
    """Exercise (notebook 02): at which eigenvalue mu does the GD filter after t steps equal 1/2?
    Answer: mu = (1 - 2^(-1/t)) / step, close to log(2)/(step t) for large t: the GD filter's
    'cut-off' sits at lam ~ 1/(step t). With step != 1 a forgotten step (mu = 1 - 2^(-1/t), or
    ln 2 / t) gets its own hint, as does multiplying by the step instead of dividing. So do the
    large-t approximation ln 2/(step t), the linearisation step t mu = 1/2 (mu = 1/(2 step t), where
    F is about 1 - e^(-1/2) = 0.39) and 1/(step t) itself (F about 1 - 1/e = 0.63); any other answer
    within 50 % is told the filter's value there."""
    t = validate.integer(t, "t", low=1)
    step = validate.positive(step, "step")
    mu, problem = _as_number(answer)
    if mu is None:
        return _feedback(False, problem)
    truth = (1 - 2 ** (-1 / t)) / step
    if abs(mu - truth) <= rtol * truth:
        approx = np.log(2) / (step * t)
        return _feedback(True, f"mu_1/2 = {truth:.6g} ≈ ln 2 / (eta t) = {approx:.6g}.")
    if abs(step - 1) > 1e-3:  # with step = 1 these slips give the right number
        if abs(mu - truth * step) <= rtol * truth * step:
            return _feedback(False, "You solved (1 - mu)^t = 1/2: the step is missing. The filter "
                             "is 1 - (1 - eta mu)^t, so the half point is (1 - 2^(-1/t)) / eta.")
        if abs(mu - np.log(2) / t) <= rtol * np.log(2) / t:
            return _feedback(False, "ln 2 / t leaves out the step (and is only the large-t "
                             "approximation). Solve 1 - (1 - eta mu)^t = 1/2 with eta in it.")
        if abs(mu - truth * step**2) <= rtol * truth * step**2:
            return _feedback(False, "You multiplied by eta where you should divide: "
                             "eta mu = 1 - 2^(-1/t), so mu = (1 - 2^(-1/t)) / eta.")
    def near(value):  # closer to value than to the truth, and within 1e-3 of it
        return abs(mu - value) <= min(1e-3 * value, abs(mu - truth))

    def filter_at(m):
        with np.errstate(over="ignore", invalid="ignore"):
            return 1 - (1 - step * m) ** t

    if near(np.log(2) / (step * t)):
        return _feedback(False, "That is the large-t approximation ln 2/(eta t). Solve "
                         "(1 - eta mu)^t = 1/2 exactly.")
    if near(1 / (2 * step * t)):
        return _feedback(False, "You set the small-mu approximation F ≈ eta t mu equal to 1/2. "
                         "That linearisation holds only where F is small (eta t mu << 1): at "
                         f"mu = 1/(2 eta t) the filter is {filter_at(mu):.3f} "
                         "(about 1 - e^(-1/2) = 0.39), not 1/2. Solve 1 - (1 - eta mu)^t = 1/2.")
    if near(1 / (step * t)):
        return _feedback(False, "That is 1/(eta t), the scale of the half point, not the half "
                         f"point: there the filter is {filter_at(mu):.3f} (about 1 - 1/e = 0.63). "
                         "lam ~ 1/(eta t) holds only up to a constant; solve "
                         "1 - (1 - eta mu)^t = 1/2 for mu.")
    if abs(mu - truth) <= 0.5 * truth:
        return _feedback(False, f"Close ({100 * (mu / truth - 1):+.2g} %): at your mu the filter "
                         f"is {filter_at(mu):.4f}, not 0.5. Solve 1 - (1 - eta mu)^t = 1/2 for mu "
                         "exactly (or give more digits).")
    return _feedback(False, "Hint: set 1 - (1 - eta mu)^t = 1/2 and solve for mu.")


def check_rate_exponent(answer, r, method):
    """Exercise (notebook 02): the worst-case exponent of the approximation error under the source
    condition f = L^r g: min(r, 1) for Tikhonov (in lam), r for GD (in 1/t). Common wrong answers
    with their own hint: r for Tikhonov (no saturation), min(r, 1) for GD (saturation where there
    is none), r - 1/2 (the K-norm shift) and a negative sign."""
    validate.choice(method, "method", ("tikhonov", "gd"))
    r = validate.positive(r, "r")
    a, problem = _as_number(answer)
    if a is None:
        return _feedback(False, problem)
    truth = min(r, 1.0) if method == "tikhonov" else r
    if abs(a - truth) <= 1e-9:
        why = ("Tikhonov saturates: its residual lam/(mu+lam) is ~lam on the largest eigenvalues, "
               "so no source condition beats lam^1." if method == "tikhonov" and r > 1 else
               "sup_mu |1 - F(mu)| mu^r is attained near mu ~ lam (resp. 1/t).")
        return _feedback(True, why)
    if method == "tikhonov" and abs(a - r) <= 1e-9:
        return _feedback(False, "Look at mu near 1 (the top of the spectrum): "
                         "lam/(mu + lam) * mu^r is about lam there, whatever r is.")
    if method == "gd" and r > 1 and abs(a - 1.0) <= 1e-9:
        return _feedback(False, "GD does not saturate like Tikhonov: at the top of the spectrum "
                         "its residual (1 - mu)^t is exponentially small in t, not ~1/t. The "
                         "maximum of (1 - mu)^t mu^r sits at mu = r/(r + t), where it is about "
                         "(r/(e t))^r, so the exponent is r.")
    if abs(a + truth) <= 1e-9:
        base = "lam" if method == "tikhonov" else "(1/t)"
        return _feedback(False, f"Sign: the error decays like {base}^{truth:g}; the exponent "
                         "asked for is positive.")
    if r > 0.5 and abs(a - (r - 0.5)) <= 1e-9:
        return _feedback(False, "r - 1/2 is the exponent in the K-norm (and even there Tikhonov "
                         "stays saturated at 1). The question measures the error in L^2 (the "
                         "rho-norm): sup_mu |1 - F(mu)| mu^r.")
    return _feedback(False, "Hint: maximize |1 - F(mu)| mu^r over mu in (0, 1] for the filter, "
                     "and read off how the maximum scales.")



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


def check_final_map(answer, X, Y, W1_init, W2_final, rtol=1e-6, W2_init=None):
    """Exercise (notebook 03): GD from (W1_init, W2_init) converged to a global minimum with last
    layer W2_final. Predict the end-to-end map A = W2_final W1_final without the run.
    Answer: A* + W2_final W1_init P_null (Lemma 4: W1's null-space part never moves).

    The usual slips each get their own hint: A* alone, the starting W2 in place of the final one
    (only if W2_init is given), W1_init without the projection, the wrong projector X^+ X, and the
    frozen part without A*. If two slips give the same map on a particular problem, both hints are
    given.
    """
    X = validate.matrix(X, "X")
    Y = validate.matrix(Y, "Y")
    W1_init = validate.matrix(W1_init, "W1_init")
    W2_final = validate.matrix(W2_final, "W2_final")
    if W2_init is not None:
        W2_init = validate.matrix(W2_init, "W2_init")
        if W2_init.shape != W2_final.shape:
            raise ValueError(f"W2_init must have the shape of W2_final, {W2_final.shape}, got "
                             f"{W2_init.shape}")
    P_row = np.linalg.pinv(X) @ X
    P_null = np.eye(X.shape[1]) - P_row
    A_star = (np.linalg.pinv(X) @ Y).T
    truth = A_star + W2_final @ W1_init @ P_null
    A, problem = _as_matrix(answer, truth.shape)
    if A is None:
        return _feedback(False, problem)

    def close(M):
        return np.linalg.norm(A - M) <= rtol * max(np.linalg.norm(M), np.linalg.norm(truth))

    if close(truth):
        return _feedback(True, "The row-space part of A is A* (A fits the data), the rest is the "
                         "frozen null-space part of W1, multiplied by the final W2.")
    slips = [
        (A_star, "That is A*, the answer for a row-space initialization. This W1 started with a "
         "null-space part: what happens to it?"),
        (A_star + W2_final @ W1_init, "The starting W1 also has a part in the span of the "
         "samples, and GD does change that part. Only W1^(0) P_null, with P_null = I - X^+ X, is "
         "frozen."),
        (A_star + W2_final @ W1_init @ P_row, "X^+ X projects onto the span of the samples, the "
         "part GD changes. The frozen part is the orthogonal one: W1^(0) (I - X^+ X)."),
        (W2_final @ W1_init @ P_null, "That is only the frozen part. At a global minimum A also "
         "fits the data: its row-space part is A*."),
    ]
    if W2_init is not None:
        slips.insert(1, (A_star + W2_init @ W1_init @ P_null, "You used the starting W2. W2 is "
                         "trained too: the frozen null-space part of W1 is multiplied by the "
                         "final W2, not the starting one."))
    hits = [hint for M, hint in slips if close(M)]
    if hits:
        return _feedback(False, " Or: ".join(hits))
    return _feedback(False, "Hint: split W1 = W1 P_row + W1 P_null. Which part does GD change, and "
                     "what must A P_row be at a global minimum?")


def check_radius_and_margin(R_answer, gamma_answer, X, y, w, b=0.0, rtol=1e-6):
    """Exercise (notebook 04): for the data (X, y) and the hyperplane w . x + b = 0, compute
    R = max_i ||x_i|| and the geometric margin gamma = min_i y_i (w . x_i + b) / ||w||."""
    X = validate.matrix(X, "X")
    y = validate.vector(y, X.shape[0], "y")
    w = validate.vector(w, X.shape[1], "w")
    b_arr = np.asarray(b, dtype=float)
    if b_arr.shape != () or not np.isfinite(b_arr):
        raise ValueError(f"b must be a finite number (the hyperplane's offset), got {b!r}")
    b = float(b_arr)
    R = float(np.max(np.linalg.norm(X, axis=1)))
    gamma = float(np.min(y * (X @ w + b)) / np.linalg.norm(w))
    (R_a, _), (g_a, _) = _as_number(R_answer), _as_number(gamma_answer)
    if R_a is None or g_a is None:
        return _feedback(False, "Both answers should be numbers.")
    if abs(R_a - R) > rtol * R:
        return _feedback(False, f"R = {R_a:.6g} is off. Hint: R is the largest norm of a data "
                         "point (a ball about the origin, not about the data's mean).")
    if abs(g_a - gamma) > rtol * abs(gamma):

        def close(value):
            return abs(g_a - value) <= rtol * abs(value)

        unnormalized = float(np.min(y * (X @ w + b)))
        if close(unnormalized):
            return _feedback(False, "That is the functional margin. Divide by ||w|| to get the "
                             "geometric one (the theorem assumes ||w_opt|| = 1).")
        if close(float(np.min(y * (X @ w)) / np.linalg.norm(w))):
            return _feedback(False, f"You left out the offset b = {b:.6g}: that is the margin of "
                             "the parallel hyperplane through the origin. Use "
                             "y_i (w . x_i + b) / ||w||.")
        if any(close(unnormalized / np.linalg.norm(np.append(w, c))) for c in (b, b / R)):
            return _feedback(False, "Divide by ||w|| only, not by the norm of (w, b) or of the "
                             "augmented w^ = (w, b/R): b shifts the hyperplane, it does not tilt "
                             "it, and the distance of x_i to it is |w . x_i + b| / ||w||.")
        return _feedback(False, "Hint: the margin is the smallest y_i (w . x_i + b) / ||w|| over "
                         "all points, the closest point to the hyperplane.")
    return _feedback(True, f"R = {R:.6g}, gamma = {gamma:.6g}.")


def check_novikoff_bound(answer, R, gamma, bias=True, rtol=1e-9):
    """Exercise (notebook 04): the bound Theorem 1 gives on the number of updates, from R and
    gamma: (2R/gamma)^2 with a bias (the augmentation doubles ||x^||^2 and ||w^_opt||^2),
    (R/gamma)^2 without. Since k is an integer, the floor of the bound is accepted too. With a
    bias, the proof's sharper form 2 (1 + (1 - gamma/R)^2) R^2 / gamma^2 (from |b_opt| <= R - gamma)
    is also a valid bound: accepted, with a note that Theorem 1 states (2R/gamma)^2. Both classes
    are present, so gamma <= R (ValueError otherwise)."""
    R = validate.positive(R, "R")
    gamma = validate.positive(gamma, "gamma")
    if gamma > R:
        raise ValueError(f"gamma must be in (0, R] = (0, {R:g}] (with both classes present a "
                         f"separating hyperplane cuts the ball of radius R), got {gamma:g}")
    k, problem = _as_number(answer)
    if k is None:
        return _feedback(False, problem)

    def near(value):  # the value itself, or its floor (k is an integer)
        return (abs(k - value) <= rtol * value
                or (value >= 1 and abs(k - np.floor(value * (1 + rtol))) <= rtol * value))

    truth = (2 * R / gamma) ** 2 if bias else (R / gamma) ** 2
    if near(truth):
        return _feedback(True, f"k <= {truth:.6g}.")
    if bias:
        sharp = 2 * (1 + (1 - gamma / R) ** 2) * R**2 / gamma**2
        if near(sharp):
            return _feedback(True, f"k <= {sharp:.6g}: a valid bound, sharper than the one "
                             f"Theorem 1 states, (2R/gamma)^2 = {truth:.6g}. You used "
                             "|b_opt| <= R - gamma in ||w^_opt||^2 = 1 + b_opt^2/R^2.")
        if near(truth / 4):
            return _feedback(False, "That is the bound without a bias. With the augmentation "
                             "x^ = (x, R), ||x^||^2 <= 2R^2 and ||w^_opt||^2 <= 2: a factor 4.")
        if near(truth / 2):
            return _feedback(False, "That is 2R^2/gamma^2: you took ||w^_opt||^2 = 1. With the "
                             "bias, w^_opt = (w_opt, b_opt/R) has ||w^_opt||^2 = 1 + b_opt^2/R^2, "
                             "at most 2 since |b_opt| <= R.")
    else:
        if near(4 * truth):
            return _feedback(False, "That is the bound with a bias. Without one, ||x_i||^2 <= R^2 "
                             "and ||w_opt|| = 1: (R/gamma)^2.")
        if near(2 * truth):
            return _feedback(False, "Without a bias there is no augmentation: ||x_i||^2 <= R^2 "
                             "(not 2R^2), so ||w_k||^2 <= k R^2.")
    if near(np.sqrt(truth)):
        return _feedback(False, "You forgot to square: the squeeze k gamma <= ||w^_opt|| ||w^_k|| "
                         "bounds sqrt(k), so k is at most the square of that number.")
    return _feedback(False, "Hint: k gamma <= w^_opt . w^_k <= ||w^_opt|| ||w^_k|| and "
                     + ("||w^_k||^2 <= 2 k R^2" if bias else "||w_k||^2 <= k R^2")
                     + "; solve for k.")


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
    w, problem = _as_vector(answer, X.shape[1])
    if w is None:
        return _feedback(False, problem)
    norm_truth = np.linalg.norm(truth)
    if np.linalg.norm(w - truth) <= rtol * norm_truth:
        return _feedback(True, f"w_hat = {np.round(truth, 6)}, margin 1/||w_hat|| = "
                         f"{1 / norm_truth:.6g}.")
    if not np.linalg.norm(w) > 0:
        return _feedback(False, "w = 0 satisfies no constraint y_n w . x_n >= 1. Hint: which "
                         "points are closest to every separating line through the origin?")
    cos = w @ truth / (np.linalg.norm(w) * norm_truth)
    if cos > 1 - 1e-9:
        return _feedback(False, "Right direction, wrong length: w_hat is scaled so that the "
                         "closest points have y_n w . x_n = 1 exactly "
                         f"(your smallest y_n w . x_n is {np.min(y * (X @ w)):.6g}).")
    if cos < -1 + 1e-9:
        return _feedback(False, "Wrong sign: your w puts every point on the wrong side. The "
                         "constraints are y_n w . x_n >= 1, with the label inside.")
    margins = y * (X @ w)
    if np.min(margins) >= 1 - rtol:
        return _feedback(False, "Your w satisfies every constraint y_n w . x_n >= 1 but is not the "
                         f"shortest such vector (||w|| = {np.linalg.norm(w):.6g}, the smallest is "
                         f"{norm_truth:.6g}): its margin 1/||w|| is not the largest. Hint: at the "
                         "optimum w_hat is a non-negative combination of the points with "
                         "y_n w_hat . x_n = 1 (the KKT conditions).")
    return _feedback(False, "Hint: which points are closest to every separating line through the "
                     "origin? w_hat is a non-negative combination of them (the KKT conditions).")


def check_norm_growth(answer, X, y, rtol=5e-4):
    """Exercise (notebook 05): ||w(t)|| grows like c ln t. What is c? Answer: ||w_hat|| (no bias),
    from the independent reference _svm_no_bias (NNLS), not lectures_lib.svm. An answer rounded to
    three significant digits is accepted (rtol); one within 5 % (a slope read off a figure) is told
    it is close but a fit."""
    w_hat, _ = _svm_no_bias(X, y)
    truth = float(np.linalg.norm(w_hat))
    c, problem = _as_number(answer)
    if c is None:
        return _feedback(False, problem)

    def near(value):
        return abs(c - value) <= rtol * abs(value)

    if near(truth):
        return _feedback(True, f"c = ||w_hat|| = 1/gamma = {truth:.6g}: a larger margin means "
                         "slower growth.")
    if near(1 / truth):
        return _feedback(False, "That is the margin gamma = 1/||w_hat||. Theorem 3 says "
                         "w(t) ~ w_hat log t, so c is the length of w_hat, 1/gamma.")
    if near(truth**2):
        return _feedback(False, "That is ||w_hat||^2. The norm of w_hat log t is ||w_hat|| log t: "
                         "take the square root.")
    if near(truth * np.log(10)):
        return _feedback(False, "That is ||w_hat|| ln 10: the growth is c ln t with the natural "
                         "logarithm (a slope read against log10 t is ln 10 times larger).")
    if near(1.0):
        return _feedback(False, "1 is the length of the direction w_hat/||w_hat||; w(t) grows "
                         "along w_hat itself, whose length is not 1.")
    if abs(c - truth) <= 0.05 * truth:
        return _feedback(False, f"Close ({c:.4g}), but that looks like a fitted slope: over any "
                         "finite horizon ||w(t)|| / ln t still carries rho(t) / ln t. Give the "
                         "exact value Theorem 3 predicts (to three digits at least).")
    return _feedback(False, "Hint: Theorem 3, w(t) = w_hat log t + rho(t) with rho much smaller.")



def check_tensor_norm(answer, W1, W2, m):
    """Exercise (notebook 06): the norm ||T||_F of the tensor T = sum_j W2_j w_j^(⊗m) that a
    one-output polynomial network computes: sqrt(sum_jk W2_j W2_k (w_j . w_k)^m)."""
    W1 = validate.matrix(W1, "W1")
    w2 = validate.vector(np.asarray(W2, dtype=float).reshape(-1), W1.shape[0], "W2")
    m = validate.integer(m, "m", low=1)
    truth = float(np.sqrt(max(w2 @ ((W1 @ W1.T) ** m) @ w2, 0.0)))
    a, problem = _as_number(answer)
    if a is None:
        return _feedback(False, problem)
    def close(value):
        return abs(a - value) <= 1e-8 * max(abs(value), 1e-300)

    if close(truth):
        return _feedback(True, f"||T||_F = {truth:.6g}.")
    if close(truth**2):
        return _feedback(False, "That is ||T||_F squared.")
    G, norms = W1 @ W1.T, np.linalg.norm(W1, axis=1)
    if close(np.sqrt(max(np.sum(G**m), 0.0))):
        return _feedback(False, "You left out the output weights W2: T = sum_j W2_j w_j^(⊗m), "
                         "so each term (w_j . w_k)^m is weighted by W2_j W2_k.")
    if close(np.sqrt(np.sum(w2**2 * norms ** (2 * m)))):
        return _feedback(False, "You kept only the terms j = k: the tensors w_j^(⊗m) are not "
                         "orthogonal, the cross terms W2_j W2_k (w_j . w_k)^m (j != k) count too.")
    if close(np.sum(np.abs(w2) * norms**m)):
        return _feedback(False, "That is sum_j |W2_j| ||w_j||^m, the triangle-inequality upper "
                         "bound, not the norm. Expand ||T||_F^2 = <T, T> instead.")
    wrong_power = [k for k in range(1, 2 * m + 1) if k != m
                   and close(np.sqrt(max(w2 @ (G**k) @ w2, 0.0)))]
    if wrong_power or close(np.sqrt(max(w2 @ np.linalg.matrix_power(G, m) @ w2, 0.0))):
        return _feedback(False, "Check the power: each entry w_j . w_k is raised to the power "
                         f"m = {m}, entrywise (not a matrix power).")
    return _feedback(False, "Hint: <u^(⊗m), v^(⊗m)> = (u . v)^m, so ||sum_j c_j w_j^(⊗m)||^2 = "
                     "sum_jk c_j c_k (w_j . w_k)^m.")
