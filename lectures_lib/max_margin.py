"""GD on separable data converges in direction to the max-margin (hard-margin SVM) solution.

Lecture sections "Binary Classification Problem" to the end; Soudry, Hoffer, Nacson, Gunasekar,
Srebro, "The Implicit Bias of Gradient Descent on Separable Data", JMLR 2018. Samples are rows of
X (N, d), labels y in {-1, +1}, and the loss is the slides' sum (not a mean):

    L(w) = sum_n l(y_n w . x_n),     grad L(w) = sum_n l'(u_n) y_n x_n,   u_n = y_n w . x_n.

Write z_n = y_n x_n (the slides fold the label into x_n). Losses:
    "logistic"  l(u) = log(1 + e^-u)          beta-smooth with beta = 1/4, exponential tail
    "exp"       l(u) = e^-u                   exponential tail, not globally smooth
    "poly"      l(u) = (sqrt(u^2 + 1) - u)^2  a polynomial tail ~ 1/(4u^2), beta = 8 (for contrast:
                                              Theorem 3 does not apply to it)

Theorem 3: for separable data, a smooth loss with an exponential tail (Assumption 3), and
step < 2 / (beta sigma_max(X)^2), GD from any start satisfies w(t) = w_hat log t + rho(t), with
w_hat the max-margin vector and ||rho(t)|| = O(log log t): ||w|| grows like ||w_hat|| log t, the
loss decays like 1/t, and the direction w/||w|| tends to w_hat/||w_hat||: for almost every dataset
(rho bounded) the angle error is O(1/log t), and no smaller on typical data; on degenerate data
only O(log log t / log t) is guaranteed; on special data such as data.soudry_figure1 it is faster:
t^(-min(1/4, mu - 1)) / ln t, mu = the smallest w_hat . z_n off the support (mu = 1.253 there, so
t^(-1/4) / ln t; derived and measured in notebook 05).

Long runs: GD's and Adam's steps (_gd_steps, _adam_steps, with the gradient _gradient) are written
once, as plain Python/numpy, and compiled by compiled.jit when numba is installed (requirements.txt
pins it); tests check the compiled code against the plain one. On data.soudry_figure1, 10^6 GD
steps take about 0.15 s compiled and about 30 s as plain Python (benchmarks/bench_long_runs.py).
Every optimizer records its iterates in the same loop, _iterate.
"""

import numpy as np
from scipy.integrate import solve_ivp
from scipy.special import expit

from . import svm, validate
from .compiled import jit
from .history import LOG_MAX, Run, record_points

LOSSES = ("logistic", "exp", "poly")
BETA = {"logistic": 0.25, "poly": 8.0}  # sup of l''; exp has none (see max_stable_step)
# history.LOG_MAX: a loss L with log L >= LOG_MAX is not representable; a run getting there diverged


# --------------------------------------------------------------------------------------------
# losses, computed without overflow
# --------------------------------------------------------------------------------------------

def _check_loss(loss):
    return validate.choice(loss, "loss", LOSSES)


def _logsumexp(a):
    """log sum_i e^{a_i}, shifted by the max so that nothing overflows (scipy's logsumexp does the
    same, with more overhead than a GD step can afford)."""
    m = np.max(a)
    if not np.isfinite(m):
        return float(m)
    return float(m + np.log(np.sum(np.exp(a - m))))


def log_neg_derivative(u, loss="logistic"):
    """log(-l'(u_n)), finite for every finite u (used for gradient shares, normalized GD and the
    gradient flow, where -l'(u) itself would underflow or overflow)."""
    _check_loss(loss)
    u = np.asarray(u, dtype=float)
    if loss == "exp":
        return -u
    if loss == "logistic":
        return -np.logaddexp(0.0, u)
    r = np.hypot(u, 1.0)
    return np.log(2.0) + 2 * np.log(r - u) - np.log(r)


def gradient_shares(u, loss="logistic"):
    """Each sample's share of the gradient's weight, -l'(u_n) / sum_m -l'(u_m) (a softmax of
    log(-l'(u_n)), so it is well defined even when every -l'(u_n) underflows). Late in training
    the support vectors hold nearly all of it (the proof sketch of Theorem 3)."""
    a = log_neg_derivative(u, loss)
    a = a - np.max(a, axis=-1, keepdims=True)
    e = np.exp(a)
    return e / e.sum(axis=-1, keepdims=True)


def loss_terms(u, loss="logistic"):
    """l(u_n) for each margin u_n = y_n w . x_n (inf where the value is not representable)."""
    _check_loss(loss)
    u = np.asarray(u, dtype=float)
    with np.errstate(over="ignore"):
        if loss == "logistic":
            return np.logaddexp(0.0, -u)
        if loss == "exp":
            return np.exp(-u)
        return (np.hypot(u, 1.0) - u) ** 2


def log_loss(u, loss="logistic"):
    """log L = log sum_n l(u_n), computed in the log domain (finite even when L underflows to 0
    or overflows)."""
    _check_loss(loss)
    u = np.asarray(u, dtype=float)
    if loss == "exp":
        return _logsumexp(-u)
    if loss == "logistic":
        # log l(u) = log log(1 + e^-u); for large u, log(1 + e^-u) = e^-u (1 - e^-u/2 + ...)
        big = u > 30
        logs = np.empty_like(u)
        logs[big] = -u[big] + np.log1p(-0.5 * np.exp(-u[big]))
        logs[~big] = np.log(np.logaddexp(0.0, -u[~big]))
        return _logsumexp(logs)
    return _logsumexp(2 * np.log(np.hypot(u, 1.0) - u))


def loss_derivative(u, loss="logistic"):
    """l'(u_n) < 0, without overflow (for exp, -inf where e^-u is not representable)."""
    _check_loss(loss)
    u = np.asarray(u, dtype=float)
    if loss == "logistic":
        return -expit(-u)  # -1 / (1 + e^u)
    if loss == "exp":
        with np.errstate(over="ignore"):
            return -np.exp(-u)
    r = np.hypot(u, 1.0)
    return -2 * (r - u) ** 2 / r


def loss_value(X, y, w, loss="logistic"):
    """L(w) = sum_n l(y_n w . x_n) (inf if not representable)."""
    X, y = svm.check_labels(X, y)
    w = validate.vector(w, X.shape[1], "w")
    lg = log_loss(y * (X @ w), loss)
    return float(np.exp(lg)) if lg < LOG_MAX else np.inf


def gradient(X, y, w, loss="logistic"):
    """grad L(w) = sum_n l'(u_n) y_n x_n."""
    X, y = svm.check_labels(X, y)
    w = validate.vector(w, X.shape[1], "w")
    return loss_derivative(y * (X @ w), loss) @ (y[:, None] * X)


# --------------------------------------------------------------------------------------------
# the max-margin direction and how far w is from it
# --------------------------------------------------------------------------------------------

def svm_direction(X, y):
    """w_hat = argmin ||w||^2 subject to y_n w . x_n >= 1 (no bias: the paper's eq. 4), exact,
    from lectures_lib.svm (LP separability check, QP, KKT polish). Returns the svm.SVM result:
    .w (w_hat), .alpha (dual coefficients: w_hat = sum_n alpha_n y_n x_n), .support, .margin.
    ValueError, promptly, if no hyperplane through the origin separates the data."""
    return svm.hard_margin_svm(X, y, bias=False)


def linf_max_margin(X, y):
    """The L-infinity max-margin direction: w_inf = argmax min_n y_n w . x_n over ||w||_inf <= 1
    (no bias), the limit direction of sign descent and of Adam with eps = 0. Solved as a linear
    program (scipy.optimize.linprog, HiGHS): maximize g subject to z_n . w >= g, -1 <= w_i <= 1.
    Returns (w_inf, gamma_inf) with ||w_inf||_inf = 1 and gamma_inf its L-infinity margin. Where
    the maximizer is not unique (a face of the cube) the LP returns one of its vertices.
    ValueError if no hyperplane through the origin separates the data (gamma_inf <= 0)."""
    from scipy.optimize import linprog

    X, y = svm.check_labels(X, y)
    Z = y[:, None] * X
    n, d = Z.shape
    res = linprog(np.r_[np.zeros(d), -1.0], A_ub=np.hstack([-Z, np.ones((n, 1))]),
                  b_ub=np.zeros(n), bounds=[(-1.0, 1.0)] * d + [(None, None)], method="highs")
    if res.status != 0:
        raise ValueError(f"the L-infinity max-margin LP failed: {res.message}")
    w, gamma = res.x[:d], -res.fun
    if gamma <= 1e-12 * max(1.0, np.abs(Z).max()):
        raise ValueError("X, y are not linearly separable by a hyperplane through the origin")
    w = w / np.max(np.abs(w))
    return w, float(np.min(Z @ w))


def _unit(w, name):
    w = np.asarray(w, dtype=float)
    norm = np.linalg.norm(w)
    if not np.isfinite(norm) or norm == 0:
        raise ValueError(f"{name} must be a finite nonzero vector")
    return w / norm


def angle(w, w_hat):
    """The angle theta between w and w_hat, in radians (accurate also for tiny angles:
    theta = 2 atan2(||a - b||, ||a + b||) for the unit vectors a, b)."""
    a, b = _unit(w, "w"), _unit(w_hat, "w_hat")
    return float(2 * np.arctan2(np.linalg.norm(a - b), np.linalg.norm(a + b)))


def angle_gap(w, w_hat):
    """1 - cos(theta), about theta^2 / 2: the 1/log t law is about theta itself."""
    return float(2 * np.sin(angle(w, w_hat) / 2) ** 2)


def margin_gap(w, X, y, w_hat):
    """(gamma_hat - gamma(w)) / gamma_hat: how much smaller the normalized margin of w,
    gamma(w) = min_n y_n w . x_n / ||w||, is than the max margin gamma_hat = 1 / ||w_hat||."""
    X, y = svm.check_labels(X, y)
    w = validate.vector(w, X.shape[1], "w")
    gamma = np.min(y * (X @ _unit(w, "w")))
    gamma_hat = np.min(y * (X @ _unit(w_hat, "w_hat")))
    return float((gamma_hat - gamma) / gamma_hat)


def max_stable_step(X, loss="logistic", w0=None, y=None):
    """The step below which GD is guaranteed to behave: 2 / (beta sigma_max(X)^2).

    The loss is a sum, so its Hessian sum_n l''(u_n) x_n x_n^T is at most beta X^T X: L is
    beta sigma_max^2 smooth (slide "Assumption 2 implies ..."). logistic: beta = 1/4; poly: 8.
    exp is not globally smooth, but on the sublevel set {L <= L(w0)} we have l'' = l <= L(w0), so
    the guarantee holds there with beta = L(w0) (w0 = 0: L(0) = N; pass y for other w0).
    A guarantee, not a cliff: for the logistic loss on separable data GD converges for any
    constant step, possibly with an early non-monotone phase (Wu, Braverman and Lee, NeurIPS
    2023; Wu, Bartlett, Telgarsky and Yu, COLT 2024); the exponential loss can blow up.
    """
    X = validate.matrix(X, "X")
    _check_loss(loss)
    s2 = np.linalg.norm(X, 2) ** 2
    if loss != "exp":
        return 2.0 / (BETA[loss] * s2)
    if w0 is None:
        L0 = X.shape[0]
    else:
        if y is None:
            raise ValueError("y is needed to evaluate L(w0) for the exp loss")
        L0 = loss_value(X, y, w0, "exp")
    return 2.0 / (L0 * s2)


# --------------------------------------------------------------------------------------------
# gradient descent and the comparison optimizers
# --------------------------------------------------------------------------------------------

def _prepare(X, y, step, iters, w0, loss):
    X, y = svm.check_labels(X, y)
    _check_loss(loss)
    step = 1.0 / np.linalg.norm(X, 2) ** 2 if step is None else validate.positive(step, "step")
    iters = validate.integer(iters, "iters", low=0)
    w = np.zeros(X.shape[1]) if w0 is None else validate.vector(w0, X.shape[1], "w0").copy()
    return X, y, step, iters, w


def _finish(Z, keep_iters, weights, loss, step):
    """Build a Run from recorded weights; cut it at the first one whose loss is no longer
    representable (log L >= history.LOG_MAX, or w not finite): diverged."""
    losses, ok = [], 0
    for w in weights:
        with np.errstate(over="ignore", invalid="ignore"):
            u = Z @ w
        if not np.all(np.isfinite(u)):
            break
        lg = log_loss(u, loss)
        if lg >= LOG_MAX:
            break
        losses.append(np.exp(lg))
        ok += 1
    weights = np.asarray(weights[:ok]).reshape(ok, Z.shape[1])
    diverged = ok < len(keep_iters)
    return Run(w=weights[-1] if ok else np.zeros(Z.shape[1]), iters=np.asarray(keep_iters[:ok]),
               weights=weights, loss=np.array(losses), diverged=diverged, step=step)


def _iterate(X, y, loss, step, iters, w0, record, advance):
    """The loop every optimizer below shares. From w0 (default 0), advance(Z, w, step, t, k)
    returns the iterate at iteration k from the one at t < k (Z: the rows z_n = y_n x_n; each
    optimizer's update rule is in its advance). The iterate is kept at the iterations
    history.record_points(iters, record) chooses; the run stops at the first kept iterate that is
    not finite, and _finish cuts it where the loss stops being representable."""
    X, y, step, iters, w = _prepare(X, y, step, iters, w0, loss)
    Z = y[:, None] * X
    keep = record_points(iters, record)
    weights = [w]
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # caught by _finish
        for t, k in zip(keep[:-1], keep[1:]):
            w = advance(Z, w, step, t, k)
            weights.append(w)
            if not np.all(np.isfinite(w)):
                break
    return _finish(Z, keep, weights, loss, step)


# The long runs (10^6 steps) are compiled by compiled.jit: the same plain code, with numba.

@jit
def _loss_derivative(u, loss_id):
    """l'(u) at one margin u, loss LOSSES[loss_id] (loss_derivative, one number at a time)."""
    if loss_id == 0:  # logistic: l'(u) = -1/(1 + e^u) (e^u = inf gives -0.0: fine)
        return -1.0 / (1.0 + np.exp(u))
    if loss_id == 1:  # exp: l'(u) = -e^-u
        return -np.exp(-u)
    r = np.sqrt(u * u + 1.0)  # poly: l'(u) = -2 (r - u)^2 / r
    return -2.0 * (r - u) ** 2 / r


@jit
def _gradient(Z, w, loss_id):
    """grad L(w) = sum_n l'(u_n) z_n with u_n = z_n . w, one sample at a time. (Compiled, these
    explicit loops over a few samples in two dimensions are about twice as fast as Z @ w, a BLAS
    call for every product.)"""
    n, d = Z.shape
    grad = np.zeros(d)
    for i in range(n):
        u = 0.0
        for j in range(d):
            u += Z[i, j] * w[j]  # u_i = z_i . w
        dl = _loss_derivative(u, loss_id)
        for j in range(d):
            grad[j] += dl * Z[i, j]
    return grad


@jit
def _gd_steps(Z, w, step, steps, loss_id):
    """`steps` GD steps from w on L(w) = sum_n l(z_n . w)."""
    for _ in range(steps):
        w = w - step * _gradient(Z, w, loss_id)
    return w


def gd(X, y, loss="logistic", step=None, iters=10**5, w0=None, record="log"):
    """GD on L(w) = sum_n l(y_n w . x_n), exactly w <- w - step * grad L(w), from w0 (default 0).

    step: default 1 / sigma_max(X)^2 (below the logistic guarantee 8 / sigma_max^2).
    record: iterations to keep, log-spaced by default (see history.record_points).
    Returns a history.Run (.w, .iters, .weights, .loss, .diverged); a run whose loss is no longer
    representable (log L >= history.LOG_MAX = 700, L about 1e304) stops there with
    diverged=True. The steps run compiled (_gd_steps) when numba is installed.
    """
    loss_id = LOSSES.index(_check_loss(loss))

    def advance(Z, w, step, t, k):
        return _gd_steps(Z, w, step, k - t, loss_id)

    return _iterate(X, y, loss, step, iters, w0, record, advance)


def momentum(X, y, loss="logistic", step=None, iters=10**4, beta=0.9, w0=None, record="log"):
    """Heavy-ball momentum: v <- beta v - step grad L(w), w <- w + v (v starts at 0)."""
    v = 0.0

    def advance(Z, w, step, t, k):
        nonlocal v
        for _ in range(t, k):
            v = beta * v - step * (loss_derivative(Z @ w, loss) @ Z)
            w = w + v
        return w

    return _iterate(X, y, loss, step, iters, w0, record, advance)


@jit
def _adam_steps(Z, w, m, s, t, k, step, loss_id, b1, b2, eps):
    """Adam's steps t, t + 1, ..., k - 1 from (w, m, s); returns the new (w, m, s)."""
    for i in range(t, k):
        g = _gradient(Z, w, loss_id)
        m = b1 * m + (1 - b1) * g
        s = b2 * s + (1 - b2) * g * g
        m_hat = m / (1 - b1 ** (i + 1))
        s_hat = s / (1 - b2 ** (i + 1))
        w = w - step * m_hat / (np.sqrt(s_hat) + eps)
    return w, m, s


def adam(X, y, loss="logistic", step=1e-2, iters=10**4, betas=(0.9, 0.999), eps=1e-8, w0=None,
         record="log"):
    """Adam (Kingma and Ba 2015) with bias correction and a constant step: m and s are running
    means of g and g^2, and w <- w - step * m_hat / (sqrt(s_hat) + eps).

    Which direction it converges to depends on eps. While the gradient is much larger than eps,
    the update is close to a (smoothed) sign descent, whose bias is towards the L-infinity
    max-margin direction (linf_max_margin), not the L2 one; with eps = 0 (or negligible) that
    bias persists (proved for decaying steps by Zhang, Zou and Cao, "The Implicit Bias of Adam on
    Separable Data", NeurIPS 2024; measured here with the constant step). With eps > 0, once the
    gradient falls far below eps, sqrt(s_hat) ~ |g| is negligible against eps, the denominator is
    about eps in every coordinate, and Adam becomes heavy-ball momentum with the isotropic step
    step / eps: it drifts back towards the L2 direction (isotropy is what makes the bias L2).
    Deterministic Adam with eps > 0 converges to the L2 max-margin direction on linear models
    (Wang, Meng, Zhang, Sun, Chen, Ma and Liu, "Does Momentum Change the Implicit Regularization on
    Separable Data?", NeurIPS 2022; see also Wang, Meng, Chen and Liu, ICML 2021, for homogeneous
    networks). Up to 10^4 steps the runs with eps = 0 and eps = 1e-8 agree (19.75 deg from the L2
    direction, 8.55 from the L-infinity one). On data.soudry_generic with
    eps = 1e-8 we measured 23.1 deg from the L2 direction at 3 x 10^4 steps, 19.9 at 10^5 and
    17.7 at 2 x 10^6; with eps = 0, 1.6 deg from the L-infinity direction at 10^5 and 0.4 at
    2 x 10^6 (benchmarks/bench_long_runs.py).
    The steps run compiled (_adam_steps) when numba is installed.
    """
    loss_id = LOSSES.index(_check_loss(loss))
    b1, b2 = (validate.positive(b, "betas") for b in betas)
    if b1 >= 1 or b2 >= 1:
        raise ValueError(f"betas must lie in (0, 1), got {betas}")
    if not (np.isfinite(eps) and eps >= 0):
        raise ValueError(f"eps must be >= 0, got {eps}")
    m = s = None  # the running means of g and g^2, zero at the start

    def advance(Z, w, step, t, k):
        nonlocal m, s
        if m is None:
            m, s = np.zeros_like(w), np.zeros_like(w)
        w, m, s = _adam_steps(Z, w, m, s, t, k, step, loss_id, float(b1), float(b2), float(eps))
        return w

    return _iterate(X, y, loss, step, iters, w0, record, advance)


def normalized_gd(X, y, loss="logistic", step=None, iters=10**4, w0=None, record="log"):
    """Normalized GD (Nacson et al. 2019): w <- w - step * grad L(w) / L(w). The ratio is computed
    in the log domain (grad L / L = sum_n l'(u_n)/L z_n with log-weights), so it neither overflows
    nor underflows when L is tiny. Its direction converges much faster than GD's."""

    def advance(Z, w, step, t, k):
        for _ in range(t, k):
            u = Z @ w
            ratio = np.exp(log_neg_derivative(u, loss) - log_loss(u, loss))  # -l'(u_n) / L
            w = w + step * (ratio @ Z)
        return w

    return _iterate(X, y, loss, step, iters, w0, record, advance)


# --------------------------------------------------------------------------------------------
# gradient flow, integrated in log-time
# --------------------------------------------------------------------------------------------

def gradient_flow(X, y, loss="logistic", t_max=1e40, w0=None, n_points=200, rtol=1e-8):
    """The continuous-time limit dw/dt = -grad L(w), out to t_max (1e40 by default).

    For t >= 1 it is integrated in log-time s = log t: dw/ds = -t grad L(w) = -e^s grad L(w).
    Late in training grad L ~ 1/t, so the right-hand side stays of order 1 and the integrator
    takes steps of fixed size in s: t = 1e40 is s = 92. The products e^s l'(u_n) are formed as
    exp(s + log(-l'(u_n))), which never overflows. The segment t in [0, 1] is integrated directly.
    Returns a history.Run whose `iters` are the (float) times t, log-spaced from 1 to t_max
    (plus t = 0); GD with step eta after k steps compares with t = eta k.
    """
    X, y = svm.check_labels(X, y)
    _check_loss(loss)
    t_max = validate.positive(t_max, "t_max")
    if t_max <= 1:
        raise ValueError(f"t_max must be > 1, got {t_max}")
    n_points = validate.integer(n_points, "n_points", low=2)
    Z = y[:, None] * X
    w0 = np.zeros(X.shape[1]) if w0 is None else validate.vector(w0, X.shape[1], "w0")

    def log_minus_dl(u):
        return log_neg_derivative(u, loss)

    first = solve_ivp(lambda t, w: np.exp(log_minus_dl(Z @ w)) @ Z, (0.0, 1.0), w0,
                      rtol=rtol, atol=1e-12)
    s_eval = np.linspace(0.0, np.log(t_max), n_points)
    second = solve_ivp(lambda s, w: np.exp(s + log_minus_dl(Z @ w)) @ Z, (0.0, s_eval[-1]),
                       first.y[:, -1], t_eval=s_eval, rtol=rtol, atol=1e-12, method="DOP853")
    times = np.concatenate([[0.0], np.exp(second.t)])
    weights = np.vstack([w0, second.y.T])
    losses = np.array([np.exp(min(log_loss(Z @ w, loss), LOG_MAX)) for w in weights])
    return Run(w=weights[-1], iters=times, weights=weights, loss=losses,
               diverged=not second.success, step=np.nan)
