"""Small helpers shared by the tests (independent of lectures_lib's own code)."""

import numpy as np


def well_conditioned(n, d, seed, low=1.0, high=3.0):
    """A random n x d matrix with singular values in [low, high] (condition number <= high/low)."""
    rng = np.random.default_rng(seed)
    k = min(n, d)
    U = np.linalg.qr(rng.standard_normal((n, k)))[0]
    V = np.linalg.qr(rng.standard_normal((d, k)))[0]
    s = rng.uniform(low, high, size=k)
    return (U * s) @ V.T


def null_projector(X):
    """I - pinv(X) X: the orthogonal projector onto ker X, computed independently."""
    return np.eye(X.shape[1]) - np.linalg.pinv(X) @ X
