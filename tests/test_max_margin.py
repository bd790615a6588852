import contextlib
import time
import warnings

import numpy as np
import pytest
from scipy.optimize import minimize

from lectures_lib import data, exercises
from lectures_lib import max_margin as mm


@pytest.fixture(scope="module")
def fig1():
    return data.soudry_figure1()


COMPILED = ("_loss_derivative", "_gradient", "_gd_steps", "_adam_steps")


@contextlib.contextmanager
def plain_numpy():
    """Inside: max_margin's compiled functions replaced by the plain Python/numpy code that
    compiled.jit compiled (their .py_func), as they run where numba is not installed."""
    if not hasattr(mm._gd_steps, "py_func"):
        pytest.skip("numba is not installed: the plain code is all there is")
    with pytest.MonkeyPatch.context() as patch:
        for name in COMPILED:
            patch.setattr(mm, name, getattr(mm, name).py_func)
        yield


@contextlib.contextmanager
def compiled():
    yield


ENGINES = (compiled, plain_numpy)


@pytest.mark.parametrize("loss", mm.LOSSES)
def test_losses_have_no_overflow_warnings_at_extreme_margins(loss):
    u = np.array([-1e4, -50.0, 0.0, 50.0, 1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        terms = mm.loss_terms(u, loss)
        d = mm.loss_derivative(u, loss)
        shares = mm.gradient_shares(u, loss)
        lg = mm.log_loss(u, loss)
    assert np.all(terms[2:] >= 0) and np.all(np.diff(terms[np.isfinite(terms)]) <= 0)
    assert np.all(d <= 0) and np.isfinite(lg)
    np.testing.assert_allclose(shares.sum(), 1.0)
    # log-domain values agree with direct ones where those are representable
    v = np.array([-3.0, 0.0, 2.0, 30.0, 200.0])
    np.testing.assert_allclose(mm.log_loss(v, loss), np.log(np.sum(mm.loss_terms(v, loss))),
                               rtol=1e-12)
    np.testing.assert_allclose(mm.log_neg_derivative(v, loss), np.log(-mm.loss_derivative(v, loss)),
                               rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("loss", mm.LOSSES)
def test_derivative_matches_finite_differences(loss):
    u = np.linspace(-3, 5, 9)
    h = 1e-6
    fd = (mm.loss_terms(u + h, loss) - mm.loss_terms(u - h, loss)) / (2 * h)
    np.testing.assert_allclose(mm.loss_derivative(u, loss), fd, rtol=1e-6, atol=1e-9)


def test_svm_direction_known_answers(fig1):
    X, y = fig1
    sol = mm.svm_direction(X, y)
    np.testing.assert_allclose(sol.w, [0.5, 0.5], atol=1e-9)
    assert sorted(sol.support) == [0, 1, 2, 3]
    np.testing.assert_allclose(sol.w, (sol.alpha * y) @ X, atol=1e-9)
    Xg, yg = data.soudry_generic()
    sv = np.array([1.0, 0.3])
    np.testing.assert_allclose(mm.svm_direction(Xg, yg).w, sv / (sv @ sv), atol=1e-9)


@pytest.mark.parametrize("seed", range(3))
def test_svm_direction_against_an_independent_qp(seed):
    """The dual of the no-bias SVM, max sum(a) - 1/2 ||Z^T a||^2 over a >= 0, solved by L-BFGS-B:
    a different problem and a different solver; w = Z^T a."""
    X, y = data.separable_classification(30, 3, 0.05, seed=seed, bias=False)
    sol = mm.svm_direction(X, y)
    Z = y[:, None] * X
    K = Z @ Z.T
    dual = minimize(lambda a: 0.5 * a @ K @ a - a.sum(), np.zeros(len(y)),
                    jac=lambda a: K @ a - 1, method="L-BFGS-B", bounds=[(0, None)] * len(y),
                    options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 10000})
    np.testing.assert_allclose(sol.w, Z.T @ dual.x, rtol=1e-5, atol=1e-6)
    assert np.linalg.norm(sol.w) == pytest.approx(np.linalg.norm(Z.T @ dual.x), rel=1e-6)


def test_non_separable_is_refused_promptly():
    X, y = data.nonseparable_classification(200, 3, 0.1, seed=0)
    t0 = time.perf_counter()
    with pytest.raises(ValueError, match="not linearly separable"):
        mm.svm_direction(X, y)
    assert time.perf_counter() - t0 < 5  # not minutes (a generous bound on a shared machine)


@pytest.mark.parametrize("loss", mm.LOSSES)
def test_gd_is_the_explicit_update_in_both_engines(fig1, loss):
    X, y = fig1
    w0 = np.array([0.3, -0.2])
    a = mm.gd(X, y, loss, step=0.01, iters=300, w0=w0, record="all")
    with plain_numpy():
        b = mm.gd(X, y, loss, step=0.01, iters=300, w0=w0, record="all")
    w = w0.copy()
    for _ in range(300):
        w = w - 0.01 * mm.gradient(X, y, w, loss)
    np.testing.assert_allclose(a.weights, b.weights, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(a.w, w, rtol=1e-12)
    assert a.iters[-1] == 300 and len(a.loss) == 301


def test_theorem3_on_figure1_data(fig1):
    X, y = fig1
    sol = mm.svm_direction(X, y)
    run = mm.gd(X, y, iters=10**6)
    late = run.iters > 10**4
    assert mm.angle(run.w, sol.w) < 0.01
    slope = np.polyfit(np.log(run.iters[late]), np.linalg.norm(run.weights[late], axis=1), 1)[0]
    assert slope == pytest.approx(np.linalg.norm(sol.w), rel=0.05)
    loss_slope = np.polyfit(np.log(run.iters[late]), np.log(run.loss[late]), 1)[0]
    assert abs(loss_slope + 1) < 0.05
    assert run.step * run.iters[-1] * run.loss[-1] == pytest.approx(sol.alpha.sum(), rel=0.05)


def test_gradient_flow_matches_gd_and_reaches_1e40(fig1):
    X, y = fig1
    flow = mm.gradient_flow(X, y, t_max=1e40)
    assert flow.iters[-1] == pytest.approx(1e40) and not flow.diverged
    assert mm.angle(flow.w, [1.0, 1.0]) < 1e-6
    eta = 0.001
    run = mm.gd(X, y, step=eta, iters=10**5, record=[10**5])
    short = mm.gradient_flow(X, y, t_max=100.0, n_points=50)
    np.testing.assert_allclose(short.w, run.w, rtol=1e-3)  # t = eta k = 100


def test_gradient_flow_at_large_t_against_closed_forms(fig1):
    # generic data (one support vector z = (1, 0.3)): t L(w(t)) -> sum alpha = ||w_hat||^2 = 1/1.09
    Xg, yg = data.soudry_generic()
    flow = mm.gradient_flow(Xg, yg, t_max=1e40, n_points=5)
    for T, w in zip(flow.iters[3:], flow.weights[3:]):  # t = 1e20, 1e30, 1e40
        tL = T * np.exp(mm.log_loss((yg[:, None] * Xg) @ w))
        assert tL == pytest.approx(1 / 1.09, rel=1e-5)
    # Figure-1 data (support vectors span the plane, alpha_n = 1/8): w(t) - w_hat ln t -> ln 8 w_hat
    X, y = fig1
    flow = mm.gradient_flow(X, y, t_max=1e40, n_points=5)
    np.testing.assert_allclose(flow.w - 0.5 * np.log(1e40), np.log(8) / 2, atol=1e-5)


def test_figure1_rate_follows_min_of_quarter_and_mu_minus_one(fig1):
    # theta(t) ln t ~ t^(-min(1/4, mu - 1)), mu = the smallest w_hat . z_n off the support
    # (notebook 05 derives it)
    X, y = fig1
    u, v = np.array([1.0, 1.0]) / np.sqrt(2), np.array([1.0, -1.0]) / np.sqrt(2)

    def slope(X, y, lo, hi):
        flow = mm.gradient_flow(X, y, t_max=1e40, n_points=200)
        t, keep = flow.iters[1:], (flow.iters[1:] >= lo) & (flow.iters[1:] <= hi)
        theta = np.array([mm.angle(w, u) for w in flow.weights[1:][keep]])
        return np.polyfit(np.log(t[keep]), np.log(theta * np.log(t[keep])), 1)[0]

    margins = (y[:, None] * X) @ [0.5, 0.5]  # the first four samples are the support vectors
    assert np.allclose(margins[:4], 1) and np.min(margins[4:]) > 1.25
    assert slope(X, y, 1e4, 1e20) == pytest.approx(-0.25, abs=0.01)
    X1, y1 = np.vstack([X, 1.1 * np.sqrt(2) * u + 0.8 * v]), np.r_[y, 1.0]
    assert slope(X1, y1, 1e20, 1e40) == pytest.approx(-0.1, abs=0.01)


@pytest.mark.parametrize("loss", mm.LOSSES)
def test_positive_gram_means_every_step_raises_every_margin(fig1, loss):
    """On the Figure-1 data every z_n . z_m > 0, so a GD step changes margin n by
    step * sum_m -l'(u_m) z_m . z_n > 0 whatever the step: no loss rise, no divergence."""
    X, y = fig1
    Z = y[:, None] * X
    assert np.min(Z @ Z.T) > 0
    for mult in (4.0, 1000.0):
        run = mm.gd(X, y, loss, step=mult * mm.max_stable_step(X), iters=300, record="all")
        margins = run.weights @ Z.T
        # > 0 in exact arithmetic; in floating point -l'(u) underflows to 0 once u ~ 745 (1000x)
        assert not run.diverged and np.all(np.diff(margins, axis=0) >= 0)
        assert np.all(margins[1] > margins[0])
        assert np.all(np.diff(run.loss) <= 0)


def test_large_logistic_step_is_non_monotone_then_converges():
    """Wu, Braverman and Lee (2023): any constant step converges for the logistic loss; with
    z_1 . z_2 < 0 a large step makes the loss rise early. The exponential loss blows up."""
    X, y = np.array([[1.0, 0.2], [-1.0, 0.4]]), np.ones(2)
    w_hat = np.linalg.solve(X, np.ones(2))
    np.testing.assert_allclose(mm.svm_direction(X, y).w, w_hat, atol=1e-9)
    run = mm.gd(X, y, step=10 * mm.max_stable_step(X), iters=10**6,
                record=np.unique(np.r_[np.arange(200), np.geomspace(200, 1e6, 30).astype(int)]))
    rises = np.flatnonzero(np.diff(run.loss) > 0)
    assert len(rises) > 0 and rises[-1] < 20 and not run.diverged
    assert np.degrees(mm.angle(run.w, w_hat)) < 0.1
    assert mm.gd(X, y, "exp", step=2 * mm.max_stable_step(X), iters=1000).diverged


def test_divergence_is_flagged():
    # two nearly opposite samples: a huge first step (e^50) overshoots the second one so far that
    # its e^-u is no longer representable
    X, y = np.array([[1.0, 0.0], [-1.0, 0.1]]), np.array([1.0, 1.0])
    for engine in ENGINES:
        with warnings.catch_warnings(), engine():
            warnings.simplefilter("error")
            run = mm.gd(X, y, "exp", step=1.0, iters=100, w0=np.array([-50.0, 0.0]))
        assert run.diverged and run.iters[-1] < 100 and np.all(np.isfinite(run.w))


def test_angles_and_gaps():
    assert mm.angle([1, 0], [0, 2]) == pytest.approx(np.pi / 2)
    assert mm.angle([1, 1e-9], [1, 0]) == pytest.approx(1e-9, rel=1e-6)
    assert mm.angle_gap([1, 1e-3], [1, 0]) == pytest.approx(0.5e-6, rel=1e-5)
    X, y = data.soudry_figure1()
    assert mm.margin_gap([1.0, 1.0], X, y, [0.5, 0.5]) == pytest.approx(0.0, abs=1e-12)
    assert mm.margin_gap([1.0, 0.5], X, y, [0.5, 0.5]) > 0
    with pytest.raises(ValueError, match="w"):
        mm.angle([0, 0], [1, 0])


def test_max_stable_step():
    X, y = data.soudry_figure1()
    s2 = np.linalg.norm(X, 2) ** 2
    assert mm.max_stable_step(X, "logistic") == pytest.approx(8 / s2)
    assert mm.max_stable_step(X, "exp") == pytest.approx(2 / (len(y) * s2))
    w0 = np.array([1.0, 1.0])
    assert mm.max_stable_step(X, "exp", w0=w0, y=y) == pytest.approx(
        2 / (mm.loss_value(X, y, w0, "exp") * s2))


def test_adam_prefers_another_direction_than_gd():
    X, y = data.soudry_generic()
    sol = mm.svm_direction(X, y)
    adam = mm.adam(X, y, iters=5000)
    ngd = mm.normalized_gd(X, y, step=0.1, iters=5000)
    assert np.degrees(mm.angle(adam.w, sol.w)) > 10
    assert np.degrees(mm.angle(ngd.w, sol.w)) < 1
    mom = mm.momentum(X, y, iters=2000)
    assert mom.iters[-1] == 2000 and not mom.diverged


@pytest.mark.parametrize("loss", mm.LOSSES)
def test_adam_is_the_explicit_update_in_both_engines(fig1, loss):
    """The compiled steps, the same code run in plain numpy and Adam written out step by step
    agree."""
    X, y = fig1
    w0 = np.array([0.3, -0.2])
    run = mm.adam(X, y, loss, step=0.05, iters=200, eps=1e-6, w0=w0, record="all")
    with plain_numpy():  # the plain code that mm.adam runs compiled
        plain = mm.adam(X, y, loss, step=0.05, iters=200, eps=1e-6, w0=w0, record="all").weights
    w, m, s = w0.copy(), 0.0, 0.0
    for t in range(200):
        g = mm.gradient(X, y, w, loss)
        m, s = 0.9 * m + 0.1 * g, 0.999 * s + 0.001 * g * g
        w = w - 0.05 * (m / (1 - 0.9 ** (t + 1))) / (np.sqrt(s / (1 - 0.999 ** (t + 1))) + 1e-6)
    np.testing.assert_allclose(run.weights, plain, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(run.w, w, rtol=1e-10)


def test_adam_bias_depends_on_eps():
    """eps = 0: towards the L-infinity direction (Zhang, Zou and Cao 2024); eps > 0: once the
    gradient is far below eps, back towards the L2 one (Wang et al. 2021)."""
    X, y = data.soudry_generic()
    sol = mm.svm_direction(X, y)
    w_inf, _ = mm.linf_max_margin(X, y)
    marks = [3 * 10**4, 10**5]
    zero = mm.adam(X, y, iters=10**5, eps=0.0, record=marks)
    small = mm.adam(X, y, iters=10**5, eps=1e-8, record=marks)
    assert np.degrees(mm.angle(zero.w, w_inf)) < 2
    deg = [np.degrees(mm.angle(w, sol.w)) for w in small.weights[1:]]
    assert deg[0] - deg[1] > 2 and deg[1] > 10


def _brute_force_linf(Z, m=50001):
    """max over the boundary of the square [-1, 1]^2 of min_n z_n . w, on a fine grid."""
    s = np.linspace(-1, 1, m)
    one = np.ones(m)
    W = np.vstack([np.c_[one, s], np.c_[-one, s], np.c_[s, one], np.c_[s, -one]])
    margins = (W @ Z.T).min(axis=1)
    k = np.argmax(margins)
    return W[k], margins[k]


@pytest.mark.parametrize("seed", range(4))
def test_linf_max_margin_against_brute_force(seed):
    if seed == 0:
        X, y = data.soudry_generic()
    else:
        X, y = data.separable_classification(12, 2, 0.1, seed=seed, bias=False)
    Z = y[:, None] * X
    w, gamma = mm.linf_max_margin(X, y)
    w_bf, gamma_bf = _brute_force_linf(Z)
    assert np.max(np.abs(w)) == pytest.approx(1.0)
    assert gamma == pytest.approx(np.min(Z @ w), rel=1e-12)
    assert gamma == pytest.approx(gamma_bf, abs=1e-4 * np.abs(Z).max())
    assert gamma >= gamma_bf - 1e-12
    assert mm.angle(w, w_bf) < 1e-3
    if seed == 0:  # the docstring of data.soudry_generic: (1, 1), 28 degrees from the L2 direction
        np.testing.assert_allclose(w, [1.0, 1.0], atol=1e-9)
        assert np.degrees(mm.angle(w, mm.svm_direction(X, y).w)) == pytest.approx(28.3, abs=0.1)


def test_linf_max_margin_refuses_non_separable():
    X, y = np.array([[1.0, 0.0], [2.0, 0.0]]), np.array([1.0, -1.0])
    with pytest.raises(ValueError, match="separable"):
        mm.linf_max_margin(X, y)


@pytest.mark.parametrize("call, name", [
    (lambda X, y: mm.gd(X, y, loss="hinge"), "loss"),
    (lambda X, y: mm.gd(X, y, step=-1.0), "step"),
    (lambda X, y: mm.gd(X, y, iters=-5), "iters"),
    (lambda X, y: mm.gd(X, y, w0=np.ones(3)), "w0"),
    (lambda X, y: mm.gd(X, y * 2), "y"),
    (lambda X, y: mm.gradient_flow(X, y, t_max=0.5), "t_max"),
    (lambda X, y: mm.max_stable_step(X, "exp", w0=np.ones(2)), "y"),
    (lambda X, y: mm.adam(X, y, eps=-1.0), "eps"),
    (lambda X, y: mm.adam(X, y, betas=(0.9, 1.0)), "betas"),
])
def test_bad_input(fig1, call, name):
    X, y = fig1
    with pytest.raises(ValueError, match=name):
        call(X, y)


def test_exercise_checks(fig1):
    X, y = fig1
    assert exercises.check_svm_direction([0.5, 0.5], X, y)
    fb = exercises.check_svm_direction([1.0, 1.0], X, y)
    assert not fb and "scaled" in fb.message
    assert exercises.check_norm_growth(np.linalg.norm([0.5, 0.5]), X, y)
    assert not exercises.check_norm_growth(1.0, X, y)
