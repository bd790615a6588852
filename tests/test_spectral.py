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


# ---------------------------------------------------------------- filters

MU = np.geomspace(1e-8, 1.0, 300)


def test_filters_lie_in_unit_interval_and_increase_in_mu():
    for lam in (1e-6, 1e-3, 0.5):
        for F in (spectral.tikhonov_filter(MU, lam), spectral.cutoff_filter(MU, lam)):
            assert F.min() >= 0 and F.max() <= 1
            assert np.all(np.diff(F) >= 0)
    for step in (0.3, 1.0):  # step * mu <= 1 on this spectrum
        for t in (0, 1, 10, 1000, 10**6):
            F = spectral.gd_filter(MU, t, step)
            assert F.min() >= 0 and F.max() <= 1
            assert np.all(np.diff(F) >= -1e-15)
    # and increasing in t
    Ft = spectral.gd_filter(MU[None, :], np.array([1, 10, 100])[:, None])
    assert np.all(np.diff(Ft, axis=0) >= -1e-15)


def test_filter_limits_give_the_pseudo_inverse():
    mu = np.array([1e-4, 1e-2, 0.5, 1.0])
    np.testing.assert_allclose(spectral.tikhonov_filter(mu, 1e-12), 1, rtol=1e-7)
    np.testing.assert_allclose(spectral.gd_filter(mu, 10**7), 1, rtol=1e-12)
    np.testing.assert_allclose(spectral.cutoff_filter(mu, 1e-9), 1)
    assert spectral.gd_filter(0.0, 10**6) == 0 and spectral.tikhonov_filter(0.0, 1e-9) == 0


def test_gd_filter_is_what_gd_does():
    rng = np.random.default_rng(12)
    X, y = rng.standard_normal((6, 15)), rng.standard_normal(6)
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    mu = s**2 / 6
    step = 0.8 / mu.max()
    w_plus = np.linalg.pinv(X) @ y
    w_t = ls.gd(X, y, step, 37).w
    np.testing.assert_allclose(Vt @ w_t, spectral.gd_filter(mu, 37, step) * (Vt @ w_plus),
                               rtol=1e-10, atol=1e-12)
    lam = 0.05
    np.testing.assert_allclose(Vt @ ls.ridge(X, y, lam),
                               spectral.tikhonov_filter(mu, lam) * (Vt @ w_plus), rtol=1e-10)


def test_gd_filter_oscillates_then_diverges_without_warnings():
    mu = np.array([1.0])
    osc = np.array([spectral.gd_filter(mu, t, 1.5)[0] for t in range(1, 8)])
    assert np.any(osc > 1) and np.any(osc < 1)  # overshoots and undershoots
    assert abs(spectral.gd_filter(mu, 200, 1.5)[0] - 1) < 1e-12  # still converges
    assert not spectral.gd_diverges(MU, 1.9)
    assert spectral.gd_diverges(MU, 2.1)
    big = spectral.gd_filter(mu, 10**6, 3.0)  # (1 - 3)^(10^6) overflows: inf, no warning
    assert np.isinf(big).all() and not np.isnan(big).any()


def test_filters_broadcast():
    F = spectral.tikhonov_filter(MU[None, :], np.array([1e-3, 1e-1])[:, None])
    assert F.shape == (2, MU.size)
    G = spectral.gd_filter(MU[None, :], np.array([1, 5, 9])[:, None], 0.5)
    assert G.shape == (3, MU.size)


@pytest.mark.parametrize("call, name", [
    (lambda: spectral.tikhonov_filter([-1.0, 0.5], 0.1), "mu"),
    (lambda: spectral.tikhonov_filter([0.5], -0.1), "lam"),
    (lambda: spectral.tikhonov_filter([0.5], 0.0), "lam"),
    (lambda: spectral.cutoff_filter([np.nan], 0.1), "mu"),
    (lambda: spectral.gd_filter([0.5], 2.5), "t"),
    (lambda: spectral.gd_filter([0.5], -1), "t"),
    (lambda: spectral.gd_filter([0.5], 3, step=0.0), "step"),
    (lambda: spectral.gd_filter([0.5], 3, step=np.inf), "step"),
    (lambda: spectral.power_law_spectrum(alpha=-1), "alpha"),
    (lambda: spectral.rates(r=0.0), "r"),
])
def test_filter_bad_input(call, name):
    with pytest.raises(ValueError, match=name):
        call()


# ---------------------------------------------------------------- rates

@pytest.mark.parametrize("r", [0.5, 1.0, 2.0, 3.0])
def test_worst_case_slopes_match_theory(r):
    out = spectral.rates(r)
    assert abs(out["slope_tikhonov"] - min(r, 1.0)) <= 0.05, out["slope_tikhonov"]
    assert abs(out["slope_gd"] - r) <= 0.05, out["slope_gd"]


def test_worst_case_error_is_the_sup_over_the_source_ball():
    # brute force: the worst g in the unit ball puts all its mass on one eigenvector
    mu = spectral.power_law_spectrum(1.0, 200)
    F = spectral.tikhonov_filter(mu, 0.01)
    errs = [spectral.target_error(F, mu, 1.5, np.eye(200)[i]) for i in range(200)]
    assert spectral.worst_case_error(F, mu, 1.5) == pytest.approx(max(errs))
    rng = np.random.default_rng(0)
    for _ in range(20):
        g = rng.standard_normal(200)
        g /= np.linalg.norm(g)
        assert spectral.target_error(F, mu, 1.5, g) <= spectral.worst_case_error(F, mu, 1.5)


def test_fixed_target_tikhonov_slope_at_r_1_is_a_little_below_1():
    i = np.arange(1, 10**5 + 1)
    out = spectral.rates(1.0, g=i**-0.5 / np.log(i + 1))
    assert 0.9 < out["slope_tikhonov"] < 0.99


@pytest.mark.parametrize("r", [1.0, 1.5, 2.0, 3.0])
def test_k_norm_tikhonov_stays_saturated(r):
    # K-norm, ||h||_K^2 = sum h_i^2 / mu_i: the worst case is max |1 - F| mu^(r - 1/2), computed
    # here by brute force. GD's exponent shifts to r - 1/2, Tikhonov's is min(r - 1/2, 1)
    mu = spectral.power_law_spectrum(1.0, 10**5)
    lams = np.geomspace(1e-3, 1e-1, 25)
    worst = [np.max(lam / (mu + lam) * mu**r / np.sqrt(mu)) for lam in lams]
    brute = spectral.fitted_slope(lams, worst)
    out = spectral.rates(r - 0.5)
    assert out["slope_tikhonov"] == pytest.approx(brute, abs=1e-9)
    assert abs(brute - min(r - 0.5, 1.0)) <= 0.05, brute
    assert abs(out["slope_gd"] - (r - 0.5)) <= 0.05, out["slope_gd"]


def test_demo_spectra_keep_the_worst_case_inside():
    # the rates demo's settings: 30000 eigenvalues mu_i = i^-alpha, lam in [1e-3, 1e-1], t in
    # [100, 3000]. For alpha = 1, 1.5, 2 every worst case is attained inside the spectrum and the
    # slopes follow the theory (L2 and K-norm: r_eff = r or r - 1/2); for alpha = 1/2 the spectrum
    # stops at mu = 5.8e-3 > r/t and the GD "slope" is meaningless, which rates() flags
    lams = np.geomspace(1e-3, 1e-1, 20)
    ts = np.unique(np.geomspace(100, 3000, 20).round().astype(int))
    for alpha in (1.0, 1.5, 2.0):
        for r in (0.25, 0.5, 1.0, 2.0, 2.5, 3.0):
            out = spectral.rates(r, alpha, 30000, lams, ts)
            assert not out["edge_tikhonov"] and not out["edge_gd"], (alpha, r)
            assert abs(out["slope_tikhonov"] - min(r, 1.0)) <= 0.02, (alpha, r)
            assert abs(out["slope_gd"] - r) <= 0.02, (alpha, r)
    bad = spectral.rates(1.0, 0.5, 30000, lams, ts)
    assert bad["edge_gd"] and bad["slope_gd"] > 4  # measured 4.32 where the rate is 1
