"""Notebook 02 (early stopping as a spectral filter): the GD filter, its half point, and the
exponents of the rates under a source condition.

Each check prints its verdict and returns a Feedback; see the package docstring.
"""

import numpy as np

from lectures_lib import validate
from lectures_lib.exercises._core import as_number, feedback


def check_gd_filter(answer):
    """Exercise (notebook 02): write the GD filter as a function F(mu, t, step) such that GD from
    zero after t steps returns sum_i F(mu_i) <w_+, v_i> v_i. Answer: 1 - (1 - step*mu)^t.
    Common slips with their own hint: the step left out (1 - (1 - mu)^t), and the residual
    (1 - step*mu)^t, i.e. 1 - F."""
    if not callable(answer):
        return feedback(False, "Your answer should be a function F(mu, t, step).")
    cases = [(mu, t, step) for mu in (1e-3, 0.1, 0.5, 1.0) for t in (0, 1, 7, 100)
             for step in (0.5, 1.0, 1.5)]
    got = []
    for mu, t, step in cases:
        try:
            got.append(float(answer(mu, t, step)))
        except Exception as e:  # the student's code: show what went wrong
            return feedback(False, f"Calling F({mu}, {t}, {step}) raised {type(e).__name__}: {e}")
    got = np.array(got)
    mu, t, step = (np.array(c, dtype=float) for c in zip(*cases))

    def matches(values):
        return np.all(np.abs(got - values) <= 1e-9 * np.maximum(1.0, np.abs(values)))

    truth = 1 - (1 - step * mu) ** t
    if matches(truth):
        return feedback(True, "F(mu) = 1 - (1 - step mu)^t, a polynomial in mu of degree t.")
    if matches(1 - (1 - mu) ** t):
        return feedback(False, "Your F ignores the step: it is right for step = 1 only. Each GD "
                        "step multiplies the error along v_i by (1 - step mu), not (1 - mu).")
    if matches((1 - step * mu) ** t):
        return feedback(False, "That is 1 - F, the part of w_+ that GD has not learned yet "
                        "(F must be 0 at t = 0, when GD has not moved from zero).")
    k = int(np.argmax(np.abs(got - truth) > 1e-9 * np.maximum(1.0, np.abs(truth))))
    hint = ("At t = 0 GD has not moved from zero, so F must be 0. " if t[k] == 0 else
            "Write one eigen-coordinate of the recursion: c_{t+1} = (1 - step mu) c_t + "
            "step mu c_+, and solve it from c_0 = 0. ")
    return feedback(False, f"F({mu[k]:g}, {int(t[k])}, {step[k]:g}) = {got[k]:.6g}, expected "
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
    mu, problem = as_number(answer)
    if mu is None:
        return feedback(False, problem)
    truth = (1 - 2 ** (-1 / t)) / step
    if abs(mu - truth) <= rtol * truth:
        approx = np.log(2) / (step * t)
        return feedback(True, f"mu_1/2 = {truth:.6g} ≈ ln 2 / (eta t) = {approx:.6g}.")
    if abs(step - 1) > 1e-3:  # with step = 1 these slips give the right number
        if abs(mu - truth * step) <= rtol * truth * step:
            return feedback(False, "You solved (1 - mu)^t = 1/2: the step is missing. The filter "
                            "is 1 - (1 - eta mu)^t, so the half point is (1 - 2^(-1/t)) / eta.")
        if abs(mu - np.log(2) / t) <= rtol * np.log(2) / t:
            return feedback(False, "ln 2 / t leaves out the step (and is only the large-t "
                            "approximation). Solve 1 - (1 - eta mu)^t = 1/2 with eta in it.")
        if abs(mu - truth * step**2) <= rtol * truth * step**2:
            return feedback(False, "You multiplied by eta where you should divide: "
                            "eta mu = 1 - 2^(-1/t), so mu = (1 - 2^(-1/t)) / eta.")
    def near(value):  # closer to value than to the truth, and within 1e-3 of it
        return abs(mu - value) <= min(1e-3 * value, abs(mu - truth))

    def filter_at(m):
        with np.errstate(over="ignore", invalid="ignore"):
            return 1 - (1 - step * m) ** t

    if near(np.log(2) / (step * t)):
        return feedback(False, "That is the large-t approximation ln 2/(eta t). Solve "
                        "(1 - eta mu)^t = 1/2 exactly.")
    if near(1 / (2 * step * t)):
        return feedback(False, "You set the small-mu approximation F ≈ eta t mu equal to 1/2. "
                        "That linearisation holds only where F is small (eta t mu << 1): at "
                        f"mu = 1/(2 eta t) the filter is {filter_at(mu):.3f} "
                        "(about 1 - e^(-1/2) = 0.39), not 1/2. Solve 1 - (1 - eta mu)^t = 1/2.")
    if near(1 / (step * t)):
        return feedback(False, "That is 1/(eta t), the scale of the half point, not the half "
                        f"point: there the filter is {filter_at(mu):.3f} (about 1 - 1/e = 0.63). "
                        "lam ~ 1/(eta t) holds only up to a constant; solve "
                        "1 - (1 - eta mu)^t = 1/2 for mu.")
    if abs(mu - truth) <= 0.5 * truth:
        return feedback(False, f"Close ({100 * (mu / truth - 1):+.2g} %): at your mu the filter "
                        f"is {filter_at(mu):.4f}, not 0.5. Solve 1 - (1 - eta mu)^t = 1/2 for mu "
                        "exactly (or give more digits).")
    return feedback(False, "Hint: set 1 - (1 - eta mu)^t = 1/2 and solve for mu.")


def check_rate_exponent(answer, r, method):
    """Exercise (notebook 02): the worst-case exponent of the approximation error under the source
    condition f = L^r g: min(r, 1) for Tikhonov (in lam), r for GD (in 1/t). Common wrong answers
    with their own hint: r for Tikhonov (no saturation), min(r, 1) for GD (saturation where there
    is none), r - 1/2 (the K-norm shift) and a negative sign."""
    validate.choice(method, "method", ("tikhonov", "gd"))
    r = validate.positive(r, "r")
    a, problem = as_number(answer)
    if a is None:
        return feedback(False, problem)
    truth = min(r, 1.0) if method == "tikhonov" else r
    if abs(a - truth) <= 1e-9:
        why = ("Tikhonov saturates: its residual lam/(mu+lam) is ~lam on the largest eigenvalues, "
               "so no source condition beats lam^1." if method == "tikhonov" and r > 1 else
               "sup_mu |1 - F(mu)| mu^r is attained near mu ~ lam (resp. 1/t).")
        return feedback(True, why)
    if method == "tikhonov" and abs(a - r) <= 1e-9:
        return feedback(False, "Look at mu near 1 (the top of the spectrum): "
                        "lam/(mu + lam) * mu^r is about lam there, whatever r is.")
    if method == "gd" and r > 1 and abs(a - 1.0) <= 1e-9:
        return feedback(False, "GD does not saturate like Tikhonov: at the top of the spectrum "
                        "its residual (1 - mu)^t is exponentially small in t, not ~1/t. The "
                        "maximum of (1 - mu)^t mu^r sits at mu = r/(r + t), where it is about "
                        "(r/(e t))^r, so the exponent is r.")
    if abs(a + truth) <= 1e-9:
        base = "lam" if method == "tikhonov" else "(1/t)"
        return feedback(False, f"Sign: the error decays like {base}^{truth:g}; the exponent "
                        "asked for is positive.")
    if r > 0.5 and abs(a - (r - 0.5)) <= 1e-9:
        return feedback(False, "r - 1/2 is the exponent in the K-norm (and even there Tikhonov "
                        "stays saturated at 1). The question measures the error in L^2 (the "
                        "rho-norm): sup_mu |1 - F(mu)| mu^r.")
    return feedback(False, "Hint: maximize |1 - F(mu)| mu^r over mu in (0, 1] for the filter, "
                    "and read off how the maximum scales.")
