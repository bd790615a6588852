"""Seeded data sets for the notebooks. Every random function takes `seed`; same seed, same data.

Samples are rows: X has shape (n, d).
"""

import numpy as np

from . import validate


def underdetermined_regression(n=50, d=200, noise=0.0, seed=0):
    """A least-squares problem with more unknowns than equations (d > n), as in the lecture.

    X has i.i.d. standard normal entries (full row rank with probability 1 when d >= n);
    y = X w_true + noise * N(0, 1), with w_true ~ N(0, I/d) so that y has entries of size ~1.
    Returns (X, y).
    """
    n = validate.integer(n, "n", low=1)
    d = validate.integer(d, "d", low=1)
    noise = validate.nonnegative(noise, "noise")
    rng = np.random.default_rng(validate.seed(seed))
    X = rng.standard_normal((n, d))
    w_true = rng.standard_normal(d) / np.sqrt(d)
    y = X @ w_true + noise * rng.standard_normal(n)
    return X, y


def one_equation_2d():
    """The smallest picture of the lecture's setting: one equation, two unknowns (n = 1, d = 2).

    x_1 = (1, 2), y_1 = 2: the solutions of w_1 + 2 w_2 = 2 form a line, and the minimum-norm one
    is the foot of the perpendicular from the origin, w_+ = (0.4, 0.8). Returns (X, y).
    """
    return np.array([[1.0, 2.0]]), np.array([2.0])


def initialization(kind, X, y, scale=1.0, seed=0):
    """A starting point w0 for GD/SGD on the least-squares problem (X, y).

    kind: "zero"; "random" (Gaussian with norm about scale * ||w_+||: generic, so it has a
    null-space part); "null" (a pure null-space vector of norm scale * ||w_+||: it never moves,
    and GD ends at w_+ + w0 instead of w_+).
    """
    validate.choice(kind, "kind", ("zero", "random", "null"))
    X = validate.matrix(X, "X")
    y = validate.vector(y, X.shape[0], "y")
    scale = validate.nonnegative(scale, "scale")
    d = X.shape[1]
    if kind == "zero":
        return np.zeros(d)
    rng = np.random.default_rng(validate.seed(seed))
    size = scale * max(np.linalg.norm(np.linalg.pinv(X) @ y), 1.0)
    v = rng.standard_normal(d)
    if kind == "null":
        v = v - np.linalg.pinv(X) @ (X @ v)  # remove the row-space part
        if np.linalg.norm(v) < 1e-12:  # X has no null space (d <= n and full column rank)
            return np.zeros(d)
    return size * v / np.linalg.norm(v)


def smooth_target(x):
    """The regression function of notebook 02: f(x) = sin(2 pi x) + 0.6 cos(5 pi x) on [0, 1]."""
    x = np.asarray(x, dtype=float)
    return np.sin(2 * np.pi * x) + 0.6 * np.cos(5 * np.pi * x)


def noisy_regression_1d(n=30, noise=0.3, seed=0):
    """n noisy samples of smooth_target on [0, 1]: y_i = f(x_i) + noise * N(0, 1).

    The inputs lie on a jittered grid (x_i = (i + 1/2 + u_i)/n, |u_i| <= 0.3), so that no two are
    almost equal: the kernel matrix stays invertible and the interpolant exists. Returns (x, y).
    """
    n = validate.integer(n, "n", low=2)
    noise = validate.nonnegative(noise, "noise")
    rng = np.random.default_rng(validate.seed(seed))
    x = (np.arange(n) + 0.5 + 0.6 * (rng.uniform(size=n) - 0.5)) / n
    return x, smooth_target(x) + noise * rng.standard_normal(n)


def rbf_features(x, n_features=200, width=0.04):
    """Gaussian bumps exp(-(x - c_j)^2 / (2 width^2)) at n_features centres c_j evenly on [0, 1].

    With more features than samples, least squares on these features has many interpolating
    solutions, and GD from zero picks the minimum-norm one (a kernel interpolant). Shape (len(x),
    n_features).
    """
    x = np.asarray(x, dtype=float).reshape(-1)
    if not np.all(np.isfinite(x)):
        raise ValueError("x contains NaN or infinite entries")
    n_features = validate.integer(n_features, "n_features", low=1)
    width = validate.positive(width, "width")
    centres = np.linspace(0, 1, n_features)
    return np.exp(-((x[:, None] - centres[None, :]) ** 2) / (2 * width**2))


def linear_net_problem(n=10, d=20, dout=2, seed=0):
    """A regression problem for two-layer linear networks with N, d >= n >= d' (the lecture's
    overparametrization): X (n, d) with rows of norm about 1, Y = X A_true^T (n, dout), where
    A_true has singular values 3, 2, 1, ... so that its modes are learned one after another
    from a small initialization. Returns (X, Y)."""
    n = validate.integer(n, "n", low=1)
    d = validate.integer(d, "d", low=n)
    dout = validate.integer(dout, "dout", low=1, high=n)
    rng = np.random.default_rng(validate.seed(seed))
    X = rng.standard_normal((n, d)) / np.sqrt(d)
    U = np.linalg.qr(rng.standard_normal((dout, dout)))[0]
    V = np.linalg.qr(rng.standard_normal((d, dout)))[0]
    s = np.maximum(3.0 - np.arange(dout), 0.5)
    A_true = (U * s) @ V.T
    return X, X @ A_true.T


def _ball(n, d, radius, rng):
    """n points uniformly in the d-dimensional ball of the given radius."""
    v = rng.standard_normal((n, d))
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    return radius * v * rng.uniform(size=(n, 1)) ** (1.0 / d)


def separable_classification(n=40, d=2, margin=0.1, radius=1.0, seed=0, bias=True):
    """Linearly separable points in a ball with a planted margin.

    Points are drawn uniformly in the ball of the given radius; a random hyperplane
    w . x + b = 0 (||w|| = 1, and b = 0 when bias=False) labels them, and points closer to it than
    `margin` are redrawn. So some hyperplane has margin >= `margin` (the best one may do better).
    Both classes are present. Returns (X, y) with y in {-1, +1}.
    """
    n = validate.integer(n, "n", low=2)
    d = validate.integer(d, "d", low=1)
    radius = validate.positive(radius, "radius")
    margin = validate.positive(margin, "margin")
    if margin >= radius / 2:
        raise ValueError(f"margin must be < radius / 2 = {radius / 2}, got {margin}")
    rng = np.random.default_rng(validate.seed(seed))
    w = rng.standard_normal(d)
    w /= np.linalg.norm(w)
    b = rng.uniform(-0.3, 0.3) * radius if bias else 0.0
    points = np.empty((0, d))
    while len(points) < n:
        cand = _ball(4 * n, d, radius, rng)
        cand = cand[np.abs(cand @ w + b) >= margin]
        points = np.vstack([points, cand])
    X = points[:n]
    y = np.sign(X @ w + b)
    if len(np.unique(y)) < 2:  # make sure both classes are there: mirror one point
        X[0] = X[0] - 2 * (X[0] @ w + b) * w
        y[0] = -y[0]
    return X, y


def nonseparable_classification(n=40, d=2, flip=0.1, radius=1.0, seed=0):
    """Separable data (margin 0.05) with a fraction `flip` of the labels flipped, re-flipping
    until no hyperplane separates the classes (checked with a linear program). Returns (X, y)."""
    from .svm import is_separable  # here, to keep data.py importable on its own

    flip = validate.positive(flip, "flip")
    if flip >= 0.5:
        raise ValueError(f"flip must be in (0, 0.5), got {flip}")
    X, y = separable_classification(n, d, 0.05, radius, seed)
    rng = np.random.default_rng(validate.seed(seed) + 1)
    y = y.copy()
    k = max(1, int(round(flip * n)))
    y[rng.choice(n, size=k, replace=False)] *= -1
    while is_separable(X, y):
        y[rng.integers(n)] *= -1
    return X, y


def soudry_figure1(seed=0, n_extra=12):
    """The data of Soudry et al. (2018), Figure 1: support vectors (0.5, 1.5) and (1.5, 0.5) with
    label +1 and their negatives with label -1, plus n_extra random points (half per class) whose
    margin along (1, 1)/sqrt(2) is at least 1.25 times the support vectors' (sqrt 2).
    The max-margin vector (no bias) is w_hat = (0.5, 0.5), direction (1, 1)/sqrt(2). The smallest
    w_hat . z_n off the support, mu (1.2529 for seed 0), sets the angle's rate
    t^(-min(1/4, mu - 1)) / ln t (notebook 05); the paper does not give its extra points.
    Returns (X, y)."""
    n_extra = validate.integer(n_extra, "n_extra", low=0)
    rng = np.random.default_rng(validate.seed(seed))
    sv = np.array([[0.5, 1.5], [1.5, 0.5]])
    u = np.array([1.0, 1.0]) / np.sqrt(2)
    v = np.array([1.0, -1.0]) / np.sqrt(2)
    along = 1.25 * np.sqrt(2) + rng.uniform(0.0, 1.5, n_extra)  # margin >= 1.25 x the SVs'
    across = rng.uniform(-1.2, 1.2, n_extra)
    extra = along[:, None] * u + across[:, None] * v
    labels = np.where(np.arange(n_extra) % 2 == 0, 1.0, -1.0)
    X = np.vstack([sv, -sv, labels[:, None] * extra])
    y = np.concatenate([[1.0, 1.0, -1.0, -1.0], labels])
    return X, y


def soudry_generic(seed=0, n=16):
    """Separable data in the plane whose support vectors are *not* symmetric about w_hat (a
    'generic' dataset in the sense of Soudry et al.): a single support vector per class, so the
    direction error decays like 1/log t, the rate for almost every dataset (Soudry et al., JMLR
    2018, Theorem 3; on degenerate data only O(log log t / log t) is guaranteed, and on special
    data such as soudry_figure1 it is faster). Its L2 and L-infinity max-margin directions differ
    by about 28 degrees: the L2 one is along the support vector (1, 0.3) (16.7 degrees), the
    L-infinity one is sign(1, 0.3) = (1, 1) (45 degrees), as the other points lie well beyond
    (notebook 05 compares Adam's bias with GD's on it). Returns (X, y)."""
    n = validate.integer(n, "n", low=4)
    rng = np.random.default_rng(validate.seed(seed))
    sv = np.array([1.0, 0.3])  # the one support vector; w_hat is along it
    u = sv / np.linalg.norm(sv)
    v = np.array([-u[1], u[0]])
    along = 1.3 * np.linalg.norm(sv) + rng.uniform(0.0, 1.5, n - 2)
    across = rng.uniform(-1.5, 1.5, n - 2)
    extra = along[:, None] * u + across[:, None] * v
    labels = np.where(np.arange(n - 2) % 2 == 0, 1.0, -1.0)
    X = np.vstack([sv, -sv, labels[:, None] * extra])
    y = np.concatenate([[1.0, -1.0], labels])
    return X, y


def digits_split(n_train=150, seed=0):
    """scikit-learn's bundled 8x8 digits (1797 images, shipped with the package: no download),
    pixels scaled to [0, 1] plus a constant 1 for the bias, split at random into n_train training
    images and the rest for testing. Returns (X_train, y_train, X_test, y_test), labels 0..9."""
    from sklearn.datasets import load_digits

    n_train = validate.integer(n_train, "n_train", low=10, high=1500)
    digits = load_digits()
    X = np.hstack([digits.data / 16.0, np.ones((len(digits.target), 1))])
    perm = np.random.default_rng(validate.seed(seed)).permutation(len(digits.target))
    train, test = perm[:n_train], perm[n_train:]
    return X[train], digits.target[train], X[test], digits.target[test]


def poly_net_problem(n=6, d=4, seed=0):
    """A regression problem for the polynomial network of notebook 06: n unit-norm inputs in
    d dimensions and standard normal targets. Returns (X, y)."""
    n = validate.integer(n, "n", low=1)
    d = validate.integer(d, "d", low=1)
    rng = np.random.default_rng(validate.seed(seed))
    X = rng.standard_normal((n, d))
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    return X, rng.standard_normal(n)
