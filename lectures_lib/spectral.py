"""Gradient descent on least squares, seen through the SVD of X.

Lecture section "Why Early Stopping?" (regularization polynomials). With X = U S V^T and
mu_i = s_i^2 / n the eigenvalues of the Hessian H = X^T X / n (not the squared singular values
of X: the loss is 1/(2n)||Xw - y||^2), GD with step eta from w0 satisfies

    w_t - w_+ = (I - eta H)^t (w0 - w_+),       w_+ = pinv(X) y,

so along the i-th right singular vector the error shrinks by the factor (1 - eta mu_i)^t, and the
null-space part of w0 never moves. This closed form gives the iterate after t steps for any t
(10^6 included) in one matrix product, which is what makes the iterations sliders instant.

From zero, GD and ridge both return  sum_i F(mu_i) <w_+, v_i> v_i  for a *filter* F on the
spectrum (slide "regularization polynomials"):

    GD after t steps   F(mu) = 1 - (1 - eta mu)^t        (slide: 1 - (1 - mu_i)^t, eta = 1)
    Tikhonov / ridge   F(mu) = mu / (mu + lam)
    spectral cut-off   F(mu) = 1 if mu >= lam else 0

All three are close to 1 for mu >> lam (resp. mu >> 1/(eta t)) and close to 0 for mu << lam:
low-pass filters, with lam ~ 1/(eta t). Throughout, mu are eigenvalues of X^T X / n (population:
of the integral operator L_K), not squared singular values of X.
"""

import numpy as np

from . import validate
from .history import Run, blowup_limit


def gd_closed_form(X, y, step, t, w0=None):
    """The GD iterate(s) after t steps on L(w) = 1/(2n)||Xw - y||^2, without iterating.

    Equal (to rounding) to least_squares.gd(X, y, step, t, w0): in the SVD basis,
        w_t = w_+ + P_null w0 + V diag((1 - step*mu)^t) V^T (w0 - w_+).
    t: a non-negative integer or an increasing array of them (a whole path at once).
    Returns a history.Run with iters = t. If step > 2/mu_max the factors grow without bound: the
    path is cut where the loss exceeds history.BLOWUP times its starting scale, and the result
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
    ok = loss <= blowup_limit(max(loss0, float(y @ y) / (2 * n)))  # False for inf and nan too
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


# --------------------------------------------------------------------------------------------
# Filters (slides "regularization polynomials" and the eigen-decompositions of f_lam and f_t)
# --------------------------------------------------------------------------------------------

def _mu(mu):
    try:
        mu = np.asarray(mu, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("mu must be an array of eigenvalues >= 0") from None
    if not np.all(np.isfinite(mu)) or np.any(mu < 0):
        raise ValueError("mu must be finite and >= 0 (eigenvalues of X^T X / n)")
    return mu


def _lam(lam):
    try:
        lam = np.asarray(lam, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("lam must be a number or array > 0") from None
    if not np.all(np.isfinite(lam)) or np.any(lam <= 0):
        raise ValueError("lam must be finite and > 0")
    return lam


def _t(t):
    t = np.asarray(t)
    if t.size == 0 or not np.issubdtype(t.dtype, np.integer) or np.any(t < 0):
        raise ValueError(f"t must be an integer >= 0 (or an array of them), got {t!r}")
    return t


def tikhonov_filter(mu, lam):
    """F(mu) = mu / (mu + lam): ridge regression's filter (f_lam = sum mu/(mu+lam) <f, phi> phi).

    mu: eigenvalues of X^T X / n (>= 0); lam > 0. Arrays broadcast. Values lie in [0, 1) and
    increase with mu; as lam -> 0 the filter tends to 1 on every mu > 0 (the pseudo-inverse).
    """
    mu, lam = _mu(mu), _lam(lam)
    return mu / (mu + lam)


def cutoff_filter(mu, lam):
    """F(mu) = 1 if mu >= lam else 0: keep the directions with large eigenvalues, drop the rest
    (principal-component regression). The sharpest member of the family."""
    mu, lam = _mu(mu), _lam(lam)
    return (mu >= lam).astype(float)


def gd_filter(mu, t, step=1.0):
    """F(mu) = 1 - (1 - step*mu)^t: gradient descent after t steps from zero.

    From the recursion w_{t+1} = (I - step H) w_t + step X^T y / n, each eigen-coordinate obeys
    c_{t+1} = (1 - step mu) c_t + step mu c_+, so c_t = (1 - (1 - step mu)^t) c_+ (slide:
    f_t = (I - (I - L_K)^t) f_rho, with step 1 and mu <= 1).
    For 0 < step*mu <= 1 the filter lies in [0, 1] and increases with mu and t. For step*mu in
    (1, 2) the factor 1 - step*mu is negative: F oscillates around 1 before converging. For
    step*mu > 2 it diverges (see gd_diverges); huge values come back as +-inf, never a warning.
    """
    mu, t = _mu(mu), _t(t)
    step = validate.positive(step, "step")
    with np.errstate(over="ignore"):
        return 1.0 - (1.0 - step * mu) ** t


def gd_diverges(mu, step):
    """True if GD with this step diverges on the spectrum mu, i.e. step * max(mu) > 2."""
    mu = _mu(mu)
    step = validate.positive(step, "step")
    return bool(mu.size and step * mu.max() > 2)


# --------------------------------------------------------------------------------------------
# Rates under a source condition (slide: f_rho in L_K^r(B_R); Tikhonov O(lam^min(r,1)),
# early-stopped GD O(t^-r))
# --------------------------------------------------------------------------------------------

def power_law_spectrum(alpha=1.0, n=10**5):
    """Population eigenvalues mu_i = i^(-alpha), i = 1..n (so mu_max = 1 and step 1 is safe)."""
    alpha = validate.positive(alpha, "alpha")
    n = validate.integer(n, "n", low=1)
    return np.arange(1, n + 1, dtype=float) ** -alpha


def worst_case_error(filter_values, mu, r):
    """sup over the source ball {f = L^r g : ||g|| <= 1} of ||f - F(L) f||.

    For f = L^r g the error is (1 - F(L)) L^r g, whose largest norm over ||g|| <= 1 is
    max_i |1 - F(mu_i)| mu_i^r. filter_values has mu along its last axis; returns one number per
    leading index. For the K-norm (slide's ||.||_K bounds, ||h||_K^2 = sum_i h_i^2 / mu_i) use
    r - 1/2 in place of r: the exponents become r - 1/2 for GD but min(r - 1/2, 1) for Tikhonov,
    which stays saturated at 1 (from r = 3/2 on), so not everything shifts by 1/2.
    """
    mu = _mu(mu)
    return np.max(np.abs(1.0 - np.asarray(filter_values)) * mu**r, axis=-1)


def target_error(filter_values, mu, r, g):
    """||f - F(L) f|| for one target f = L^r g: sqrt(sum_i ((1 - F(mu_i)) mu_i^r g_i)^2)."""
    mu = _mu(mu)
    residual = (1.0 - np.asarray(filter_values)) * mu**r * np.asarray(g)
    return np.sqrt(np.sum(residual**2, axis=-1))


def fitted_slope(x, err):
    """Least-squares slope of log(err) against log(x): the measured exponent of err ~ x^slope."""
    return float(np.polyfit(np.log(x), np.log(err), 1)[0])


def rates(r, alpha=1.0, n=10**5, lams=None, ts=None, g=None):
    """Approximation errors of Tikhonov (against lam) and of GD with step 1 (against t).

    Worst case over the source ball when g is None, else for the target f = L^r g.
    Returns a dict: lams, tikhonov, ts, gd, and the fitted slopes slope_tikhonov (of error vs lam;
    theory: min(r, 1)) and slope_gd (of error vs 1/t; theory: r). The K-norm errors are
    rates(r - 1/2): theory min(r - 1/2, 1) and r - 1/2 (measured Tikhonov slope 0.984 for r = 2
    and 3: saturated).
    These are approximation errors (bias) only; the sample error, which grows as lam or 1/t
    shrinks, is not included.
    The default ranges (lam in [1e-3, 1e-1], t in [100, 10^4]) keep the maximizing mu well inside
    the spectrum for r <= 3. For the worst case the dict also says, in edge_tikhonov and edge_gd,
    whether for some lam (resp. t) the sup is attained at the smallest eigenvalue mu_n = n^-alpha:
    then the truncated spectrum, not r, sets the slope. GD's worst case sits near mu ~ r/t, so
    this happens when n^-alpha > r/t_max, e.g. alpha = 1/2 with n = 30000 (mu_n = 5.8e-3): there
    the fitted GD slope is about 4.3 to 4.9 for every r.
    """
    r = validate.positive(r, "r")
    mu = power_law_spectrum(alpha, n)
    lams = np.geomspace(1e-3, 1e-1, 25) if lams is None else _lam(lams)
    ts = np.unique(np.geomspace(100, 10**4, 25).round().astype(int)) if ts is None else _t(ts)
    F_tik = tikhonov_filter(mu[None, :], lams[:, None])
    F_gd = gd_filter(mu[None, :], ts[:, None])
    out = {}
    if g is None:
        tik, gd = worst_case_error(F_tik, mu, r), worst_case_error(F_gd, mu, r)
        last = mu.size - 1  # mu is decreasing: the smallest eigenvalue is the last one
        out["edge_tikhonov"] = bool(np.any(np.argmax(np.abs(1 - F_tik) * mu**r, axis=-1) == last))
        out["edge_gd"] = bool(np.any(np.argmax(np.abs(1 - F_gd) * mu**r, axis=-1) == last))
    else:
        tik, gd = target_error(F_tik, mu, r, g), target_error(F_gd, mu, r, g)
    out.update({"lams": lams, "tikhonov": tik, "ts": ts, "gd": gd,
                "slope_tikhonov": fitted_slope(lams, tik), "slope_gd": fitted_slope(1.0 / ts, gd)})
    return out
