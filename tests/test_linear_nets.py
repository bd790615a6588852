import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lectures_lib import data, exercises, history
from lectures_lib import linear_nets as ln


@pytest.fixture(scope="module")
def problem():
    return data.linear_net_problem(n=6, d=10, dout=2, seed=1)


def grad_vector(W1, W2, X, Y):
    g1, g2 = ln.gradients(W1, W2, X, Y)
    return np.concatenate([g1.ravel(), g2.ravel()])


def test_gradients_match_finite_differences(problem):
    X, Y = problem
    rng = np.random.default_rng(0)
    W1, W2 = rng.standard_normal((4, 10)), rng.standard_normal((2, 4))
    g = grad_vector(W1, W2, X, Y)
    w = np.concatenate([W1.ravel(), W2.ravel()])
    h = 1e-6
    fd = []
    for e in np.eye(w.size):
        a, b = w + h * e, w - h * e
        fd.append((ln.loss(a[:40].reshape(4, 10), a[40:].reshape(2, 4), X, Y)
                   - ln.loss(b[:40].reshape(4, 10), b[40:].reshape(2, 4), X, Y)) / (2 * h))
    np.testing.assert_allclose(g, fd, rtol=1e-6, atol=1e-8)


def test_hessian_matches_finite_differences_of_the_gradient(problem):
    X, Y = problem
    rng = np.random.default_rng(1)
    W1, W2 = rng.standard_normal((4, 10)), rng.standard_normal((2, 4))
    H = ln.hessian(W1, W2, X, Y)
    assert H.shape == (4 * 10 + 2 * 4,) * 2
    np.testing.assert_allclose(H, H.T, atol=1e-12)
    w = np.concatenate([W1.ravel(), W2.ravel()])
    h = 1e-6
    cols = []
    for e in np.eye(w.size):
        a, b = w + h * e, w - h * e
        cols.append((grad_vector(a[:40].reshape(4, 10), a[40:].reshape(2, 4), X, Y)
                     - grad_vector(b[:40].reshape(4, 10), b[40:].reshape(2, 4), X, Y)) / (2 * h))
    fd = np.array(cols).T
    assert np.abs(H - fd).max() <= 1e-5 * np.abs(H).max()


def _loss_second_differences(w, X, Y, N, dout, coords, h=1e-2):
    """Second differences of 1/2 ||X W1^T W2^T - Y||^2 (no gradient) for the coordinates `coords`
    of w = (W1.ravel(), W2.ravel()). L is quadratic in each layer: no truncation error."""
    d = X.shape[1]
    E = h * np.eye(w.size)[coords]
    k = len(coords)

    def L(si, sj):
        ws = (w + si * E[:, None, :] + sj * E[None, :, :]).reshape(-1, w.size)
        V1, V2 = ws[:, :N * d].reshape(-1, N, d), ws[:, N * d:].reshape(-1, dout, N)
        out = np.einsum("ij,bkj,blk->bil", X, V1, V2)
        return 0.5 * np.sum((out - Y) ** 2, axis=(1, 2)).reshape(k, k)

    return (L(1, 1) - L(1, -1) - L(-1, 1) + L(-1, -1)) / (4 * h**2)


def test_hessian_matches_second_differences_of_the_loss(problem):
    X, Y = problem
    rng = np.random.default_rng(5)
    W1, W2 = rng.standard_normal((4, 10)), rng.standard_normal((2, 4))
    H = ln.hessian(W1, W2, X, Y)
    w = np.concatenate([W1.ravel(), W2.ravel()])
    fd = _loss_second_differences(w, X, Y, 4, 2, np.arange(w.size))
    assert np.abs(H - fd).max() <= 1e-8 * np.abs(H).max()


def test_the_slides_w2_block_is_wrong_even_where_it_is_defined(problem):
    X, Y = problem  # N = d = 10: the slide's I ⊗ X X^T W1 X X^T W1 (lecture X = X.T) can be formed
    rng = np.random.default_rng(6)
    W1, W2 = rng.standard_normal((10, 10)), rng.standard_normal((2, 10))
    w = np.concatenate([W1.ravel(), W2.ravel()])
    fd = _loss_second_differences(w, X, Y, 10, 2, np.arange(100, 120))
    G = X.T @ X
    slide = np.kron(np.eye(2), G @ W1 @ G @ W1)
    assert slide.shape == fd.shape
    assert np.abs(slide - fd).max() > 0.1 * np.abs(fd).max()
    H22 = ln.hessian(W1, W2, X, Y)[100:, 100:]
    np.testing.assert_allclose(H22, fd, atol=1e-8 * np.abs(fd).max())


def test_hessian_blocks_are_the_corrected_slide_formulas(problem):
    X, Y = problem
    rng = np.random.default_rng(2)
    W1, W2 = rng.standard_normal((3, 10)), rng.standard_normal((2, 3))
    H = ln.hessian(W1, W2, X, Y)
    G = X.T @ X
    np.testing.assert_allclose(H[:30, :30], np.kron(W2.T @ W2, G), atol=1e-12)
    np.testing.assert_allclose(H[30:, 30:], np.kron(np.eye(2), W1 @ G @ W1.T), atol=1e-12)


def test_min_norm_map(problem):
    X, Y = problem
    A = ln.min_norm_map(X, Y)
    assert A.shape == (2, 10)
    np.testing.assert_allclose(X @ A.T, Y, atol=1e-10)
    np.testing.assert_allclose(A @ ln.null_projector(X), 0, atol=1e-12)


def test_row_space_init_reaches_the_min_norm_map(problem):
    X, Y = problem
    step = ln.stable_step(X, Y, 8) / 2
    run = ln.train(X, Y, 8, step, 3000, init="row_space", init_scale=0.1)
    A = ln.min_norm_map(X, Y)
    assert not run.diverged
    assert np.linalg.norm(run.A - A) < 1e-6 * np.linalg.norm(A)
    assert run.null_parts.max() < 1e-12


@pytest.mark.parametrize("batch_size", [None, 1, 2, 6])
def test_null_space_part_of_w1_never_changes(problem, batch_size):
    X, Y = problem
    step = ln.stable_step(X, Y, 8) / (2 if batch_size is None else 12)
    iters = 4000 if batch_size is None else 15000
    run = ln.train(X, Y, 8, step, iters, init="random", init_scale=0.5, batch_size=batch_size,
                   seed=3)
    P = ln.null_projector(X)
    frozen = run.W1_init @ P
    assert np.linalg.norm(run.W1 @ P - frozen) < 1e-10 * np.linalg.norm(frozen)
    A = ln.min_norm_map(X, Y)
    np.testing.assert_allclose(run.A - A, run.W2 @ frozen, rtol=1e-6, atol=1e-8)


def test_zero_init_is_stationary_but_not_a_minimum(problem):
    X, Y = problem
    run = ln.train(X, Y, 8, 0.1, 100, init_scale=0.0)
    np.testing.assert_array_equal(run.W1, 0)
    assert run.loss[-1] == pytest.approx(0.5 * np.sum(Y**2))


def test_lemma5_counterexample_and_corrected_condition(problem):
    X, Y = problem
    rng = np.random.default_rng(4)
    N = 5
    u, v = rng.standard_normal(2), rng.standard_normal(N)
    W2_rank1 = np.outer(u, v)
    W2_full = rng.standard_normal((2, N))
    W1 = np.zeros((N, X.shape[1]))
    for W2, stalls in [(W2_rank1, True), (W2_full, False)]:
        step = 1.0 / (np.linalg.norm(X, 2) ** 2 * np.linalg.norm(W2, 2) ** 2)
        run = ln.train(X, Y, N, step, 20000, W1_init=W1, W2_init=W2, train_W2=False)
        g1, _ = ln.gradients(run.W1, run.W2, X, Y)
        assert np.linalg.norm(g1) < 1e-6  # stationary in W1
        if stalls:
            assert run.loss[-1] > 1e-3  # ... but not a global minimum (global min is 0)
        else:
            assert run.loss[-1] < 1e-12


def test_divergence_is_flagged_quietly(problem):
    X, Y = problem
    run = ln.train(X, Y, 8, 50 * ln.stable_step(X, Y, 8), 2000, init_scale=1.0)
    assert run.diverged and np.all(np.isfinite(run.W1)) and np.all(np.isfinite(run.loss))


def test_a_diverged_run_keeps_the_last_weights_below_the_blowup_limit(problem):
    X, Y = problem
    step = 50 * ln.stable_step(X, Y, 8)
    run = ln.train(X, Y, 8, step, 2000, init_scale=1.0, record="all")
    limit = history.blowup_limit(max(0.5 * np.sum(Y**2), run.loss[0]))
    assert run.diverged and run.iters[-1] == len(run.iters) - 1 < 2000
    assert ln.loss(run.W1, run.W2, X, Y) == pytest.approx(run.loss[-1]) and run.loss[-1] <= limit
    g1, g2 = ln.gradients(run.W1, run.W2, X, Y)  # one more GD step, computed here
    assert ln.loss(run.W1 - step * g1, run.W2 - step * g2, X, Y) > limit
    np.testing.assert_allclose(run.A, run.W2 @ run.W1)


@pytest.mark.parametrize("call, name", [
    (lambda X, Y: ln.train(X, Y, 0, 0.1, 10), "hidden"),
    (lambda X, Y: ln.train(X, Y, 4, -0.1, 10), "step"),
    (lambda X, Y: ln.train(X, Y, 4, 0.1, -1), "iters"),
    (lambda X, Y: ln.train(X, Y, 4, 0.1, 10, batch_size=7), "batch_size"),
    (lambda X, Y: ln.train(X, Y, 4, 0.1, 10, init="ones"), "init"),
    (lambda X, Y: ln.train(X, Y[:3], 4, 0.1, 10), "Y"),
    (lambda X, Y: ln.train(X * np.nan, Y, 4, 0.1, 10), "X"),
    (lambda X, Y: ln.train(X, Y, 4, 0.1, 10, W1_init=np.zeros((4, 10))), "W2_init"),
    (lambda X, Y: ln.train(X, Y, 4, 0.1, 10, W1_init=np.zeros((4, 9)),
                           W2_init=np.zeros((2, 4))), "W1"),
    (lambda X, Y: ln.hessian(np.zeros((4, 10)), np.zeros((3, 4)), X, Y), "W2"),
    (lambda X, Y: ln.null_space_part(X, np.zeros((4, 3))), "W1"),
])
def test_bad_input(problem, call, name):
    X, Y = problem
    with pytest.raises(ValueError, match=name):
        call(X, Y)


@given(n=st.integers(1, 5), extra=st.integers(0, 4), dout=st.integers(1, 3),
       seed=st.integers(0, 10**6))
def test_property_gd_keeps_null_part_and_row_space_init_gives_min_norm(n, extra, dout, seed):
    dout = min(dout, n)
    d = n + extra
    N = d  # N, d >= n >= d'
    X, Y = data.linear_net_problem(n=n, d=d, dout=dout, seed=seed)
    step = ln.stable_step(X, Y, N) / 2
    run = ln.train(X, Y, N, step, 400, init="random", init_scale=0.3, seed=seed)
    P = ln.null_projector(X)
    frozen = run.W1_init @ P
    assert np.linalg.norm(run.W1 @ P - frozen) <= 1e-10 * max(1.0, np.linalg.norm(frozen))


def test_exercise_checks(problem):
    X, Y = problem
    A = ln.min_norm_map(X, Y)
    assert exercises.check_min_norm_map(A, X, Y)
    assert not exercises.check_min_norm_map(A.T, X, Y)
    P = ln.null_projector(X)
    assert not exercises.check_min_norm_map(A + np.ones((2, 10)) @ P, X, Y)
    W1 = np.random.default_rng(0).standard_normal((4, 10))
    W2 = np.random.default_rng(1).standard_normal((2, 4))
    assert exercises.check_final_map(A + W2 @ W1 @ P, X, Y, W1, W2)
    fb = exercises.check_final_map(A, X, Y, W1, W2)
    assert not fb and "row-space initialization" in fb.message


@pytest.mark.parametrize("n, d, dout, hidden", [(4, 6, 2, 5), (10, 20, 3, 20)])
def test_stable_step_is_two_over_the_top_hessian_eigenvalue(n, d, dout, hidden):
    # small Hessians (<= 100) use a full eigendecomposition, larger ones Lanczos; both must agree
    # with eigvalsh, and (the balanced minimum fits exactly, E = 0, so H = J^T J) with the top
    # eigenvalue of J J^T = (W2 W2^T) kron (X X^T) + I kron (X W1^T W1 X^T), an independent formula
    X, Y = data.linear_net_problem(n=n, d=d, dout=dout, seed=1)
    W1, W2 = ln.balanced_minimum(X, Y, hidden)
    H = ln.hessian(W1, W2, X, Y)
    K = np.kron(W2 @ W2.T, X @ X.T) + np.kron(np.eye(dout), X @ W1.T @ W1 @ X.T)
    step = ln.stable_step(X, Y, hidden)
    assert step == pytest.approx(2 / np.linalg.eigvalsh(H).max(), rel=1e-10)
    assert step == pytest.approx(2 / np.linalg.eigvalsh(K).max(), rel=1e-10)
