import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lectures_lib import least_squares as ls
from tests.helpers import null_projector, well_conditioned


@pytest.fixture
def problem():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((8, 20))
    y = rng.standard_normal(8)
    return X, y


def reference_gd(X, y, step, iters, w0):
    """The slide's update written out, as an independent reference."""
    n = X.shape[0]
    w = w0.copy()
    path = [w.copy()]
    for _ in range(iters):
        w = w - step * X.T @ (X @ w - y) / n
        path.append(w.copy())
    return np.array(path)


# ---------------------------------------------------------------- min-norm solution and ridge

def test_min_norm_solution_is_the_slides_formula(problem):
    X, y = problem
    formula = X.T @ np.linalg.solve(X @ X.T, y)
    np.testing.assert_allclose(ls.min_norm_solution(X, y), formula, rtol=1e-10)


def test_min_norm_solution_rank_deficient_matches_pinv():
    rng = np.random.default_rng(1)
    A = rng.standard_normal((3, 10))
    X = np.vstack([A, A[0] + A[1], 2 * A[2]])  # 5 rows, rank 3: X X^T is singular
    y = X @ rng.standard_normal(10)
    w = ls.min_norm_solution(X, y)
    np.testing.assert_allclose(w, np.linalg.pinv(X) @ y, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(X @ w, y, atol=1e-10)


def test_min_norm_solution_is_shortest(problem):
    X, y = problem
    w_plus = ls.min_norm_solution(X, y)
    P = null_projector(X)
    rng = np.random.default_rng(2)
    for _ in range(5):
        other = w_plus + P @ rng.standard_normal(X.shape[1])
        np.testing.assert_allclose(X @ other, y, atol=1e-10)
        assert np.linalg.norm(other) > np.linalg.norm(w_plus)
        # Pythagoras: w_+ is orthogonal to other - w_+
        assert abs(w_plus @ (other - w_plus)) < 1e-10


def test_ridge_solves_its_normal_equations(problem):
    X, y = problem
    n, d = X.shape
    for lam in (1e-3, 0.1, 10.0):
        expected = np.linalg.solve(X.T @ X / n + lam * np.eye(d), X.T @ y / n)
        np.testing.assert_allclose(ls.ridge(X, y, lam), expected, rtol=1e-8)


def test_ridge_tends_to_min_norm_as_lambda_goes_to_zero(problem):
    X, y = problem
    w_plus = np.linalg.pinv(X) @ y
    errors = [np.linalg.norm(ls.ridge(X, y, lam) - w_plus) for lam in 10.0 ** -np.arange(1, 10)]
    assert all(a > b for a, b in zip(errors, errors[1:]))
    assert errors[-1] < 1e-7 * np.linalg.norm(w_plus)


# ---------------------------------------------------------------- projections

def test_projections_split_w(problem):
    X, _ = problem
    w = np.random.default_rng(3).standard_normal(X.shape[1])
    row, null = ls.project_row_space(X, w), ls.project_null_space(X, w)
    np.testing.assert_allclose(row + null, w, atol=1e-12)
    np.testing.assert_allclose(X @ null, 0, atol=1e-10)
    assert abs(row @ null) < 1e-10
    np.testing.assert_allclose(null, null_projector(X) @ w, atol=1e-10)
    np.testing.assert_allclose(ls.project_row_space(X, row), row, atol=1e-12)


def test_projection_of_a_row_is_itself(problem):
    X, _ = problem
    np.testing.assert_allclose(ls.project_row_space(X, X[3]), X[3], atol=1e-12)
    assert np.linalg.norm(ls.project_null_space(X, X[3])) < 1e-12


# ---------------------------------------------------------------- step-size thresholds

def test_max_stable_step_gd_is_two_over_lambda_max(problem):
    X, _ = problem
    n = X.shape[0]
    L = np.linalg.eigvalsh(X.T @ X / n).max()
    assert ls.max_stable_step(X) == pytest.approx(2 / L, rel=1e-10)


def test_max_stable_step_sgd(problem):
    X, _ = problem
    assert ls.max_stable_step(X, batch_size=1) == pytest.approx(
        2 / np.max(np.sum(X**2, axis=1)), rel=1e-12)
    assert ls.max_stable_step(X, batch_size=X.shape[0]) == pytest.approx(ls.max_stable_step(X))
    steps = [ls.max_stable_step(X, batch_size=b) for b in range(1, X.shape[0] + 1)]
    assert steps[0] < steps[-1]


def test_sgd_bound_b1_is_sharp_only_for_adversarial_orders(problem):
    # consistent system: the error e = w - w+ is mapped to (I - step x_i x_i^T) e by one step
    X, y = problem
    w_plus = np.linalg.pinv(X) @ y
    bound = ls.max_stable_step(X, batch_size=1)
    longest = X[np.argmax(np.sum(X**2, axis=1))]

    def repeat_longest(step, steps=400):  # the worst order: always the longest sample
        e = -w_plus.copy()
        for _ in range(steps):
            e = e - step * longest * (longest @ e)
        return np.linalg.norm(e)

    assert repeat_longest(0.99 * bound) <= np.linalg.norm(w_plus) * (1 + 1e-12)
    assert repeat_longest(1.05 * bound) > 1e6 * np.linalg.norm(w_plus)
    # every step below the bound is non-expansive: the distance to w+ never grows (all iterates)
    run = ls.sgd(X, y, 0.95 * bound, iters=3000, seed=1, record="all")
    dist = np.linalg.norm(run.weights - w_plus, axis=1)
    assert np.diff(dist).max() <= 1e-12 * dist[0]


def test_threshold_is_sharp_for_gd(problem):
    X, y = problem
    thr = ls.max_stable_step(X)
    below = ls.gd(X, y, 0.99 * thr, 20000, record="log")
    above = ls.gd(X, y, 1.01 * thr, 20000, record="log")
    assert not below.diverged
    assert above.diverged and above.iters[-1] < 20000
    assert np.all(np.isfinite(above.loss)) and np.all(np.isfinite(above.w))


# ---------------------------------------------------------------- GD

def test_gd_is_exactly_the_slide_update(problem):
    X, y = problem
    w0 = np.random.default_rng(4).standard_normal(X.shape[1])
    step = 0.7 * ls.max_stable_step(X) / 2
    run = ls.gd(X, y, step, 50, w0=w0)
    ref = reference_gd(X, y, step, 50, w0)
    np.testing.assert_array_equal(run.iters, np.arange(51))
    np.testing.assert_allclose(run.weights, ref, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(run.w, ref[-1], rtol=1e-12)
    n = X.shape[0]
    np.testing.assert_allclose(run.loss, [np.sum((X @ w - y) ** 2) / (2 * n) for w in ref])
    assert not run.diverged and run.step == step


def test_gd_does_not_modify_w0(problem):
    X, y = problem
    w0 = np.ones(X.shape[1])
    ls.gd(X, y, 0.01, 10, w0=w0)
    np.testing.assert_array_equal(w0, 1.0)


def test_gd_from_zero_reaches_min_norm(problem):
    X, y = problem
    run = ls.gd(X, y, ls.max_stable_step(X) / 2, 5000)
    w_plus = np.linalg.pinv(X) @ y
    assert np.linalg.norm(run.w - w_plus) < 1e-10 * np.linalg.norm(w_plus)


def test_gd_from_w0_reaches_w_plus_plus_null_part(problem):
    X, y = problem
    w0 = np.random.default_rng(5).standard_normal(X.shape[1])
    run = ls.gd(X, y, ls.max_stable_step(X) / 2, 5000, w0=w0)
    expected = np.linalg.pinv(X) @ y + null_projector(X) @ w0
    np.testing.assert_allclose(run.w, expected, rtol=1e-9, atol=1e-10)


def test_gd_records_everything_for_short_runs_and_log_spaced_for_long(problem):
    X, y = problem
    short = ls.gd(X, y, 0.01, 1000)
    assert len(short.iters) == 1001 and short.weights.shape == (1001, X.shape[1])
    long = ls.gd(X, y, 0.01, 100000)
    assert long.iters[0] == 0 and long.iters[-1] == 100000
    assert 100 < len(long.iters) < 400
    assert np.all(np.diff(long.iters) > 0)
    assert long.weights.shape == (len(long.iters), X.shape[1]) == (len(long.loss), X.shape[1])
    explicit = ls.gd(X, y, 0.01, 10, record=[3, 7])
    np.testing.assert_array_equal(explicit.iters, [0, 3, 7, 10])


def test_gd_zero_iterations(problem):
    X, y = problem
    run = ls.gd(X, y, 0.1, 0)
    np.testing.assert_array_equal(run.w, 0)
    np.testing.assert_array_equal(run.iters, [0])


def test_gd_huge_step_diverges_quietly(problem):
    # RuntimeWarnings are errors in this suite (pyproject.toml): this would fail on any overflow.
    X, y = problem
    for step in (3 * ls.max_stable_step(X), 1e10, 1e300):
        run = ls.gd(X, y, step, 10000)
        assert run.diverged
        assert np.all(np.isfinite(run.w)) and np.all(np.isfinite(run.loss))


def test_result_is_frozen(problem):
    X, y = problem
    run = ls.gd(X, y, 0.1, 3)
    with pytest.raises(AttributeError):
        run.w = None


# ---------------------------------------------------------------- SGD

def test_sgd_with_full_batch_is_gd(problem):
    X, y = problem
    step = ls.max_stable_step(X) / 2
    a = ls.sgd(X, y, step, 200, batch_size=X.shape[0])
    b = ls.gd(X, y, step, 200)
    np.testing.assert_allclose(a.weights, b.weights, rtol=1e-10, atol=1e-12)


def test_sgd_single_sample_update_is_the_slides(problem):
    # one SGD step with batch size 1 from w0 moves along the chosen sample only
    X, y = problem
    w0 = np.random.default_rng(6).standard_normal(X.shape[1])
    run = ls.sgd(X, y, 0.01, 1, batch_size=1, w0=w0, seed=3)
    i = np.random.default_rng(3).permutation(X.shape[0])[0]
    expected = w0 - 0.01 * (X[i] @ w0 - y[i]) * X[i]
    np.testing.assert_allclose(run.w, expected, rtol=1e-12)


def test_sgd_is_reproducible_and_seed_dependent(problem):
    X, y = problem
    a = ls.sgd(X, y, 0.01, 100, seed=1)
    b = ls.sgd(X, y, 0.01, 100, seed=1)
    c = ls.sgd(X, y, 0.01, 100, seed=2)
    np.testing.assert_array_equal(a.weights, b.weights)
    assert not np.allclose(a.w, c.w)


def test_sgd_from_zero_converges_to_min_norm(problem):
    X, y = problem
    for b in (1, 3):
        run = ls.sgd(X, y, ls.max_stable_step(X, b) / 2, 20000, batch_size=b)
        w_plus = np.linalg.pinv(X) @ y
        assert np.linalg.norm(run.w - w_plus) < 1e-8 * np.linalg.norm(w_plus)


def test_sgd_tol_stops_early_at_rounding_floor(problem):
    X, y = problem
    step = ls.max_stable_step(X, 1) / 2
    full = ls.sgd(X, y, step, 20000, record="log")
    early = ls.sgd(X, y, step, 20000, record="log", tol=1e-29 * full.loss[0])
    assert early.iters[-1] < 20000
    # what the skipped steps would have done: nothing beyond rounding
    np.testing.assert_allclose(early.w, full.w, rtol=1e-12, atol=1e-13)


def test_sgd_diverges_quietly(problem):
    X, y = problem
    run = ls.sgd(X, y, 50 * ls.max_stable_step(X), 5000)
    assert run.diverged
    assert np.all(np.isfinite(run.w))


# ---------------------------------------------------------------- bad input

GOOD_X = np.arange(12.0).reshape(3, 4)
GOOD_Y = np.ones(3)


@pytest.mark.parametrize("call, name", [
    (lambda: ls.gd(np.ones(5), GOOD_Y, 0.1, 10), "X"),
    (lambda: ls.gd(np.ones((2, 2, 2)), GOOD_Y, 0.1, 10), "X"),
    (lambda: ls.gd(GOOD_X, np.ones(4), 0.1, 10), "y"),
    (lambda: ls.gd(GOOD_X, np.ones((3, 1)), 0.1, 10), "y"),
    (lambda: ls.gd(np.where(GOOD_X > 5, np.nan, GOOD_X), GOOD_Y, 0.1, 10), "X"),
    (lambda: ls.gd(GOOD_X, [1.0, np.inf, 0.0], 0.1, 10), "y"),
    (lambda: ls.gd(GOOD_X, GOOD_Y, 0.0, 10), "step"),
    (lambda: ls.gd(GOOD_X, GOOD_Y, -0.1, 10), "step"),
    (lambda: ls.gd(GOOD_X, GOOD_Y, np.nan, 10), "step"),
    (lambda: ls.gd(GOOD_X, GOOD_Y, np.inf, 10), "step"),
    (lambda: ls.gd(GOOD_X, GOOD_Y, "0.1", 10), "step"),
    (lambda: ls.gd(GOOD_X, GOOD_Y, 0.1, -1), "iters"),
    (lambda: ls.gd(GOOD_X, GOOD_Y, 0.1, 2.5), "iters"),
    (lambda: ls.gd(GOOD_X, GOOD_Y, 0.1, 10, w0=np.ones(3)), "w0"),
    (lambda: ls.gd(GOOD_X, GOOD_Y, 0.1, 10, record="sometimes"), "record"),
    (lambda: ls.gd(GOOD_X, GOOD_Y, 0.1, 10, record=[20]), "record"),
    (lambda: ls.sgd(GOOD_X, GOOD_Y, 0.1, 10, batch_size=0), "batch_size"),
    (lambda: ls.sgd(GOOD_X, GOOD_Y, 0.1, 10, batch_size=4), "batch_size"),
    (lambda: ls.sgd(GOOD_X, GOOD_Y, 0.1, 10, seed=-1), "seed"),
    (lambda: ls.sgd(GOOD_X, GOOD_Y, 0.1, 10, w0=np.ones(5)), "w0"),
    (lambda: ls.max_stable_step(GOOD_X, batch_size=9), "batch_size"),
    (lambda: ls.ridge(GOOD_X, GOOD_Y, 0.0), "lam"),
    (lambda: ls.ridge(GOOD_X, GOOD_Y, -1.0), "lam"),
    (lambda: ls.min_norm_solution(GOOD_X, np.ones(2)), "y"),
    (lambda: ls.project_null_space(GOOD_X, np.ones(3)), "w"),
    (lambda: ls.project_row_space([[1, "a"]], np.ones(2)), "X"),
])
def test_bad_input_raises_value_error_naming_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()


# ---------------------------------------------------------------- properties on random shapes

shapes = st.integers(1, 6).flatmap(lambda n: st.tuples(st.just(n), st.integers(n + 1, 15)))


@given(shape=shapes, seed=st.integers(0, 2**32 - 1))
def test_property_gd_from_zero_converges_to_pinv(shape, seed):
    n, d = shape
    X = well_conditioned(n, d, seed)
    y = np.random.default_rng(seed + 1).standard_normal(n)
    # singular values in [1, 3]: mu in [1/n, 9/n], so step 1/mu_max needs ~ 9 log(1e12) steps
    run = ls.gd(X, y, ls.max_stable_step(X) / 2, 400)
    w_plus = np.linalg.pinv(X) @ y
    assert np.linalg.norm(run.w - w_plus) <= 1e-8 * max(np.linalg.norm(w_plus), 1e-12)


@given(shape=shapes, seed=st.integers(0, 2**32 - 1), b=st.integers(1, 6))
def test_property_sgd_iterates_stay_in_row_space(shape, seed, b):
    n, d = shape
    b = min(b, n)
    X = well_conditioned(n, d, seed)
    y = np.random.default_rng(seed + 1).standard_normal(n)
    run = ls.sgd(X, y, ls.max_stable_step(X, b) / 2, 300, batch_size=b, seed=seed % 1000)
    P = null_projector(X)
    null_parts = np.linalg.norm(run.weights @ P.T, axis=1)
    assert null_parts.max() <= 1e-10 * max(1.0, np.abs(run.weights).max())
