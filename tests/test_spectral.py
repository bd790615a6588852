import numpy as np
import pytest

from lectures_lib import least_squares as ls
from lectures_lib import spectral


@pytest.fixture
def problem():
    rng = np.random.default_rng(10)
    return rng.standard_normal((10, 30)), rng.standard_normal(10), rng.standard_normal(30)


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9, 0.999])
def test_closed_form_equals_explicit_iteration(problem, fraction):
    X, y, w0 = problem
    step = fraction * ls.max_stable_step(X)
    explicit = ls.gd(X, y, step, 400, w0=w0)
    closed = spectral.gd_closed_form(X, y, step, np.arange(401), w0=w0)
    scale = np.abs(explicit.weights).max()
    assert np.abs(closed.weights - explicit.weights).max() <= 1e-10 * scale
    np.testing.assert_allclose(closed.loss, explicit.loss, rtol=1e-8, atol=1e-14)
    assert not closed.diverged


def test_scalar_t_and_large_t(problem):
    X, y, _ = problem
    step = ls.max_stable_step(X) / 2
    run = spectral.gd_closed_form(X, y, step, 7)
    np.testing.assert_allclose(run.w, ls.gd(X, y, step, 7).w, rtol=1e-10)
    far = spectral.gd_closed_form(X, y, step, 10**6)
    np.testing.assert_allclose(far.w, np.linalg.pinv(X) @ y, rtol=1e-10)


def test_rank_deficient_X():
    rng = np.random.default_rng(11)
    A = rng.standard_normal((3, 12))
    X = np.vstack([A, A.sum(axis=0)])
    y = rng.standard_normal(4)  # not in the column space: the loss cannot reach 0
    step = ls.max_stable_step(X) / 2
    explicit = ls.gd(X, y, step, 200)
    closed = spectral.gd_closed_form(X, y, step, np.arange(201))
    np.testing.assert_allclose(closed.weights, explicit.weights, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(closed.loss, explicit.loss, rtol=1e-9)


@pytest.mark.parametrize("factor", [1.01, 1.5, 100.0])
def test_divergence_is_flagged_like_gd(problem, factor):
    X, y, w0 = problem
    step = factor * ls.max_stable_step(X)
    explicit = ls.gd(X, y, step, 3000, w0=w0, record="all")
    closed = spectral.gd_closed_form(X, y, step, np.arange(3001), w0=w0)
    assert closed.diverged and explicit.diverged
    assert len(closed.iters) == len(explicit.iters)
    assert np.all(np.isfinite(closed.weights))


@pytest.mark.parametrize("t", [-1, 2.5, [3, 2], [[1, 2]], "10", []])
def test_bad_t(problem, t):
    X, y, _ = problem
    with pytest.raises(ValueError, match="t must"):
        spectral.gd_closed_form(X, y, 0.1, t)


def test_bad_step_and_w0(problem):
    X, y, _ = problem
    with pytest.raises(ValueError, match="step"):
        spectral.gd_closed_form(X, y, -0.1, 3)
    with pytest.raises(ValueError, match="w0"):
        spectral.gd_closed_form(X, y, 0.1, 3, w0=np.ones(3))


def test_ridge_path_matches_ridge(problem):
    X, y, _ = problem
    lams = np.geomspace(1e-6, 10, 7)
    path = spectral.ridge_path(X, y, lams)
    for lam, w in zip(lams, path):
        np.testing.assert_allclose(w, ls.ridge(X, y, lam), rtol=1e-10)
    with pytest.raises(ValueError, match="lams"):
        spectral.ridge_path(X, y, [0.1, -1.0])
