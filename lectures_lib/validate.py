"""Checks at the public boundary of lectures_lib.

Every public function validates its arguments with these helpers, so that a student who passes a
wrong shape or a negative step gets a ``ValueError`` that names the argument and the allowed range,
instead of a traceback from deep inside numpy or a silent NaN.
"""

import numbers

import numpy as np


def matrix(X, name="X"):
    """Return ``X`` as a finite 2-D float array of shape (n, d) with n, d >= 1."""
    try:
        A = np.asarray(X, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a 2-D array of numbers, got {type(X).__name__}") from None
    if A.ndim != 2:
        raise ValueError(f"{name} must be 2-D, shape (n_samples, n_features); got shape {A.shape}")
    if A.shape[0] < 1 or A.shape[1] < 1:
        raise ValueError(f"{name} must have at least one row and one column, got shape {A.shape}")
    if not np.all(np.isfinite(A)):
        raise ValueError(f"{name} contains NaN or infinite entries")
    return A


def vector(v, length, name):
    """Return ``v`` as a finite 1-D float array of the given length."""
    try:
        a = np.asarray(v, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a 1-D array of numbers, got {type(v).__name__}") from None
    if a.ndim != 1 or a.shape[0] != length:
        raise ValueError(f"{name} must have shape ({length},), got shape {a.shape}")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} contains NaN or infinite entries")
    return a


def _real(x, name, allow_zero):
    bound = ">= 0" if allow_zero else "> 0"
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise ValueError(f"{name} must be a number {bound}, got {x!r}")
    x = float(x)
    if not np.isfinite(x) or x < 0 or (x == 0 and not allow_zero):
        raise ValueError(f"{name} must be {bound} and finite, got {x}")
    return x


def positive(x, name):
    """Return ``x`` as a float after checking 0 < x < inf."""
    return _real(x, name, allow_zero=False)


def nonnegative(x, name):
    """Return ``x`` as a float after checking 0 <= x < inf."""
    return _real(x, name, allow_zero=True)


def integer(k, name, low=0, high=None):
    """Return ``k`` as an int after checking low <= k (<= high). Floats like 3.0 are refused."""
    if isinstance(k, bool) or not isinstance(k, numbers.Integral):
        raise ValueError(f"{name} must be an integer, got {k!r}")
    k = int(k)
    if k < low or (high is not None and k > high):
        allowed = f">= {low}" if high is None else f"in [{low}, {high}]"
        raise ValueError(f"{name} must be {allowed}, got {k}")
    return k


def seed(s):
    """A seed for ``numpy.random.default_rng``: a non-negative integer."""
    return integer(s, "seed", low=0)


def choice(value, name, allowed):
    """Check that ``value`` is one of ``allowed`` (a tuple of strings)."""
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}; got {value!r}")
    return value
