import numpy as np
import pytest

from lectures_lib import compiled, data, exercises, history, nonlinear, overview
from lectures_lib import max_margin as mm


@pytest.mark.parametrize("m", [1, 2, 3])
def test_poly_net_gradients_match_finite_differences(m):
    rng = np.random.default_rng(m)
    X, Y = rng.standard_normal((5, 3)), rng.standard_normal((5, 2))
    W1, W2 = rng.standard_normal((4, 3)) * 0.5, rng.standard_normal((2, 4)) * 0.5
    g1, g2 = nonlinear.poly_net_gradients(W1, W2, X, Y, m)
    h = 1e-6
    for W, g, which in ((W1, g1, 0), (W2, g2, 1)):
        fd = np.zeros_like(W)
        for idx in np.ndindex(W.shape):
            E = np.zeros_like(W)
            E[idx] = h
            args_p = (W1 + E, W2) if which == 0 else (W1, W2 + E)
            args_m = (W1 - E, W2) if which == 0 else (W1, W2 - E)
            fd[idx] = (nonlinear.poly_net_loss(*args_p, X, Y, m)
                       - nonlinear.poly_net_loss(*args_m, X, Y, m)) / (2 * h)
        np.testing.assert_allclose(g, fd, rtol=1e-5, atol=1e-8)


def test_poly_net_trains_and_tensor_norm_matches_definition():
    X, y = data.poly_net_problem()
    run = nonlinear.train_poly_net(X, y, 12, 2, 0.05, 20000, init_scale=0.1)
    assert run.loss[-1] < 1e-20 and not run.diverged
    M = (run.W1.T * run.W2.ravel()) @ run.W1
    assert nonlinear.tensor_norm(run.W1, run.W2, 2) == pytest.approx(np.linalg.norm(M))
    predict, norm = nonlinear.poly_kernel_interpolant(X, y, 2)
    np.testing.assert_allclose(predict(X), y, atol=1e-9)
    assert norm <= nonlinear.tensor_norm(run.W1, run.W2, 2) + 1e-9  # it is the minimum


def test_poly_net_training_steps_are_gd_on_the_gradients():
    X, y = data.poly_net_problem(seed=3)
    run = nonlinear.train_poly_net(X, y, 5, 2, 0.05, 4, init_scale=0.3, seed=2, record="all")
    W1, W2 = run.W1s[0], run.W2s[0]
    for t in range(1, 5):  # the same steps from poly_net_gradients (eqs. 16, 17)
        g1, g2 = nonlinear.poly_net_gradients(W1, W2, X, y, 2)
        W1, W2 = W1 - 0.05 * g1, W2 - 0.05 * g2
        np.testing.assert_allclose(run.W1s[t], W1, rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(run.W2s[t], W2, rtol=1e-13, atol=1e-15)
        assert run.loss[t] == pytest.approx(nonlinear.poly_net_loss(W1, W2, X, y, 2), rel=1e-12)
    big = nonlinear.train_poly_net(X, y, 5, 2, 50.0, 100, init_scale=1.0, seed=2)
    assert big.diverged and np.all(np.isfinite(big.loss)) and len(big.iters) == len(big.loss)


@pytest.mark.skipif(compiled.numba is None, reason="numba not installed")
def test_compiled_training_loops_match_the_plain_ones():
    X, y = data.poly_net_problem(seed=0)
    rng = np.random.default_rng(0)
    W1, W2 = 0.1 * rng.standard_normal((12, 4)), 0.1 * rng.standard_normal((1, 12))
    keep = np.array([0, 10, 100, 1000, 3000])
    limit = history.blowup_limit(0.5 * float(y @ y))
    poly = nonlinear._poly_gd_compiled
    fast = poly(X, y[:, None], W1, W2, 2, 0.05, keep, limit)
    plain = poly.py_func(X, y[:, None], W1, W2, 2, 0.05, keep, limit)
    for a, b in zip(fast, plain):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-300)
    with np.errstate(over="ignore", invalid="ignore"):
        fast = poly(X, y[:, None], W1, W2, 2, 50.0, keep, limit)
        plain = poly.py_func(X, y[:, None], W1, W2, 2, 50.0, keep, limit)
    assert len(fast[2]) == len(plain[2]) < len(keep)
    for a, b in zip(fast, plain):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-300)
    Xr, yr = data.separable_classification(30, 2, 0.15, seed=1, bias=False)
    w2 = np.array([1.0, -1.0, 1.0, -1.0])
    W1 = rng.standard_normal((4, 2))
    relu = nonlinear._relu_gd_compiled
    fast = relu(Xr, yr, W1, w2, 0.1, keep)
    plain = relu.py_func(Xr, yr, W1, w2, 0.1, keep)
    for a, b in zip(fast, plain):
        np.testing.assert_allclose(a, b, rtol=1e-12)
    with np.errstate(over="ignore", invalid="ignore"):  # both also where the run diverges
        Xn, yn = _relu_random_labels()[:2]
        fast = relu(Xn, yn, W1, w2, 1e307, keep)
        plain = relu.py_func(Xn, yn, W1, w2, 1e307, keep)
    assert len(fast[1]) == len(plain[1]) < len(keep)
    for a, b in zip(fast, plain):
        np.testing.assert_allclose(a, b, rtol=1e-12)


def test_relu_features_make_the_output_linear():
    rng = np.random.default_rng(0)
    X, W1, w2 = rng.standard_normal((7, 3)), rng.standard_normal((4, 3)), rng.standard_normal(4)
    phi = nonlinear.relu_features(W1, X, w2)
    np.testing.assert_allclose(phi @ W1.ravel(), np.maximum(X @ W1.T, 0) @ w2, atol=1e-12)


def test_corollary8_angle_decreases_after_the_pattern_freezes():
    X, y = data.separable_classification(30, 2, 0.15, seed=1, bias=False)
    rng = np.random.default_rng(1)
    w2 = np.array([1.0, -1.0, 1.0, -1.0])
    run = nonlinear.train_relu_layer(X, y, rng.standard_normal((4, 2)), w2, 0.1, 30000, record=60)
    assert run.last_change == 10  # measured at every step
    w_hat = mm.svm_direction(nonlinear.relu_features(run.W1, X, w2), y).w
    after = run.iters >= run.last_change
    angles = [mm.angle(W.ravel(), w_hat) for W in run.W1s[after]]
    assert all(a > b for a, b in zip(angles, angles[1:]))


@pytest.mark.parametrize("seed, scale", [(1, 1.0), (0, 1.0), (2, 1.0)])
def test_relu_last_change_is_the_last_step_at_which_the_pattern_changed(seed, scale):
    X, y = data.separable_classification(30, 2, 0.15, seed=seed, bias=False)
    w2 = np.array([1.0, -1.0, 1.0, -1.0])
    W1 = scale * np.random.default_rng(seed).standard_normal((4, 2))
    run = nonlinear.train_relu_layer(X, y, W1, w2, 0.1, 3000, record="all")
    patterns = np.einsum("nd,tjd->tnj", X, run.W1s) > 0  # every step, computed here
    changed = np.flatnonzero(np.any(patterns[1:] != patterns[:-1], axis=(1, 2))) + 1
    assert run.last_change == (changed[-1] if len(changed) else 0)
    sparse = nonlinear.train_relu_layer(X, y, W1, w2, 0.1, 3000, record=5)  # not only at records
    assert sparse.last_change == run.last_change


def _relu_random_labels(seed=0):
    """30 points in the plane with random labels (no ReLU layer of width 4 need fit them), a start
    W1, the output weights w2 and G = ||w2|| sum_n ||x_n||, the Lipschitz constant of the loss."""
    rng = np.random.default_rng(seed)
    X, y = rng.standard_normal((30, 2)), rng.choice([-1.0, 1.0], 30)
    W1, w2 = rng.standard_normal((4, 2)), np.array([1.0, -1.0, 1.0, -1.0])
    return X, y, W1, w2, np.linalg.norm(w2) * np.linalg.norm(X, axis=1).sum()


def test_runs_report_diverged_and_step_like_every_run():
    X, y = data.poly_net_problem(seed=3)
    run = nonlinear.train_poly_net(X, y, 5, 2, 0.05, 4, init_scale=0.3, seed=2)
    assert run.step == 0.05 and not run.diverged
    Xr, yr, W1, w2, _ = _relu_random_labels()
    run = nonlinear.train_relu_layer(Xr, yr, W1, w2, 0.1, 100)
    assert run.step == 0.1 and not run.diverged and run.iters[-1] == 100


def test_relu_loss_stops_being_finite_only_for_a_step_near_the_largest_float():
    X, y, W1, w2, G = _relu_random_labels()
    # the reason (train_relu_layer's docstring): the loss is G-Lipschitz in W1 and each step moves
    # W1 by at most step * G, so one step raises it by at most step * G^2. Measured at step 1e3:
    run = nonlinear.train_relu_layer(X, y, W1, w2, 1e3, 300, record="all")
    moves = np.linalg.norm(np.diff(run.W1s, axis=0), axis=(1, 2))
    assert np.all(moves <= 1e3 * G * (1 + 1e-12))
    assert np.all(np.diff(run.loss) <= G * moves * (1 + 1e-12) + 1e-9)
    assert run.loss.max() > 1000 * run.loss[0] and not run.diverged  # it rises, yet stays finite
    with np.errstate(over="ignore", invalid="ignore"):
        fine = nonlinear.train_relu_layer(X, y, W1, w2, 1e306, 100, record="all")
        huge = nonlinear.train_relu_layer(X, y, W1, w2, 1e307, 100, record="all")
    assert not fine.diverged and np.isfinite(fine.loss).all() and fine.loss.max() > 1e306
    assert huge.diverged and huge.iters.tolist() == [0] and np.isfinite(huge.loss).all()
    np.testing.assert_array_equal(huge.W1, W1)  # the last recorded (finite) first layer


def test_softmax_gd_separates_a_small_digits_set():
    Xtr, ytr, Xte, yte = data.digits_split(60, seed=0)
    run = overview.softmax_gd(Xtr, ytr, 0.9 * overview.max_stable_step(Xtr), 3000, classes=10)
    W = run.w.reshape(Xtr.shape[1], 10)
    assert overview.error_rate(W, Xtr, ytr) == 0
    assert np.all(np.diff(run.loss) <= 1e-12)  # GD below the stable step: the loss decreases
    assert not run.rises and np.all(np.diff(run.step_losses) < 0)  # ... at every single step
    assert overview.error_rate(W, Xte, yte) < 0.3


def test_softmax_gd_step_losses_are_the_loss_at_every_iteration():
    Xtr, ytr, Xte, yte = data.digits_split(50, seed=12)
    run = overview.softmax_gd(Xtr, ytr, 1.2 / overview.initial_curvature(Xtr), 300, classes=10,
                              record="all")
    Ws = run.weights.reshape(len(run.iters), Xtr.shape[1], 10)
    assert len(run.step_losses) == 301
    np.testing.assert_allclose(run.step_losses, [overview.cross_entropy(W, Xtr, ytr) for W in Ws],
                               rtol=1e-12)
    # on this split the default step of notebook 00 (0.6 * 2/L0, 3x the guarantee) is not a
    # descent at every step: the loss rises from t = 1 to t = 2, and .rises says so
    assert run.rises and run.step_losses[2] > run.step_losses[1]
    sparse = overview.softmax_gd(Xtr, ytr, run.step, 300, classes=10, record=3)
    assert sparse.rises and np.array_equal(sparse.step_losses, run.step_losses)
    loss, err = overview.loss_and_error(Ws[::50], Xte, yte)
    assert np.allclose(loss, [overview.cross_entropy(W, Xte, yte) for W in Ws[::50]], rtol=1e-12)
    assert np.array_equal(err, [overview.error_rate(W, Xte, yte) for W in Ws[::50]])


@pytest.mark.skipif(compiled.numba is None, reason="numba not installed")
def test_softmax_gd_compiled_matches_the_plain_loop(monkeypatch):
    Xtr, ytr, _, _ = data.digits_split(60, seed=1)
    step = 1.2 / overview.initial_curvature(Xtr)
    fast = overview.softmax_gd(Xtr, ytr, step, 2000, classes=10, record=30)
    monkeypatch.setattr(overview, "_softmax_gd_compiled", overview._softmax_gd)
    ref = overview.softmax_gd(Xtr, ytr, step, 2000, classes=10, record=30)
    assert np.array_equal(fast.iters, ref.iters)
    assert np.allclose(fast.weights, ref.weights, rtol=1e-12, atol=1e-12)
    assert np.allclose(fast.loss, ref.loss, rtol=1e-12)
    assert np.allclose(fast.step_losses, ref.step_losses, rtol=1e-12)
    assert not fast.diverged and not ref.diverged


def test_softmax_gd_steps_are_gd_and_can_be_continued():
    Xtr, ytr, _, _ = data.digits_split(40, seed=3)
    n, step = len(ytr), 0.5
    run = overview.softmax_gd(Xtr, ytr, step, 5, classes=10, record="all")
    W = np.zeros((Xtr.shape[1], 10))
    for t in range(1, 6):  # the update written out independently
        S = Xtr @ W
        P = np.exp(S - S.max(axis=1, keepdims=True))
        W = W - step * Xtr.T @ (P / P.sum(axis=1, keepdims=True) - np.eye(10)[ytr]) / n
        np.testing.assert_allclose(run.weights[t], W.ravel(), rtol=1e-12, atol=1e-14)
    more = overview.softmax_gd(Xtr, ytr, step, 1000, classes=10, W0=run.w)  # = running it longer
    longer = overview.softmax_gd(Xtr, ytr, step, 1005, classes=10)
    assert np.allclose(more.w, longer.w, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("plain", [False, True])
def test_softmax_gd_stops_where_the_weights_overflow(plain, monkeypatch):
    if plain:
        monkeypatch.setattr(overview, "_softmax_gd_compiled", overview._softmax_gd)
    Xtr, ytr, _, _ = data.digits_split(50, seed=0)
    run = overview.softmax_gd(Xtr, ytr, 1.7e308, 100, classes=10, record="all")
    assert run.diverged and np.all(np.isfinite(run.weights))
    assert len(run.iters) == len(run.loss) == len(run.weights) < 101


@pytest.mark.parametrize("plain", [False, True])
def test_softmax_gd_stops_where_the_loss_exceeds_the_blowup_limit(plain, monkeypatch):
    if plain:
        monkeypatch.setattr(overview, "_softmax_gd_compiled", overview._softmax_gd)
    Xtr, ytr, _, _ = data.digits_split(50, seed=0)
    step = 1e15
    run = overview.softmax_gd(Xtr, ytr, step, 20, classes=10, record="all")
    limit = history.blowup_limit(np.log(10))  # BLOWUP times the loss at W = 0
    assert run.diverged and 0 < len(run.iters) < 21
    assert len(run.step_losses) == len(run.iters) and np.all(run.step_losses <= limit)
    W = run.w.reshape(Xtr.shape[1], 10)  # the last iterate below the limit; one more step:
    S = Xtr @ W
    P = np.exp(S - S.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    W_next = W - step * Xtr.T @ (P - np.eye(10)[ytr]) / len(ytr)
    assert overview.cross_entropy(W_next, Xtr, ytr) > limit

def test_curvature_at_zero_and_boehning_bound_match_the_hessian():
    Xtr, ytr, _, _ = data.digits_split(20, seed=2)
    X = Xtr[:, ::4]  # fewer features: a small Hessian by finite differences
    n, d, k = X.shape[0], X.shape[1], 10
    Y = np.eye(k)[ytr]

    def gradient(w):
        S = X @ w.reshape(d, k)
        P = np.exp(S - S.max(axis=1, keepdims=True))
        return (X.T @ (P / P.sum(axis=1, keepdims=True) - Y) / n).ravel()

    E = 1e-5 * np.eye(d * k)
    H = np.array([(gradient(e) - gradient(-e)) / 2e-5 for e in E]).T
    L0 = np.linalg.eigvalsh((H + H.T) / 2).max()
    assert np.isclose(overview.initial_curvature(X, k), L0, rtol=1e-6)
    assert np.isclose(2 / overview.initial_curvature(X, k), 5 * overview.max_stable_step(X))
    # away from zero the curvature can exceed L0 (so 2/L0 is no guarantee), never Boehning's bound
    w = overview.softmax_gd(X, ytr, 1.2 / L0, 1, classes=k).w
    Hw = np.array([(gradient(w + e) - gradient(w - e)) / 2e-5 for e in E]).T
    top = np.linalg.eigvalsh((Hw + Hw.T) / 2).max()
    assert L0 * 1.1 < top < 2 / overview.max_stable_step(X)


def test_bad_input():
    with pytest.raises(ValueError, match="m"):
        nonlinear.poly_net_loss(np.ones((2, 2)), np.ones((1, 2)), np.ones((3, 2)), np.ones(3), 0)
    with pytest.raises(ValueError, match="W1"):
        nonlinear.poly_net_loss(np.ones((2, 3)), np.ones((1, 2)), np.ones((3, 2)), np.ones(3), 2)
    with pytest.raises(ValueError, match="n_train"):
        data.digits_split(5)
    with pytest.raises(ValueError, match="y"):
        overview.softmax_gd(np.ones((3, 2)), [0.5, 1, 2], 0.1, 10)
    with pytest.raises(ValueError, match="step"):
        overview.softmax_gd(np.ones((3, 2)), [0, 1, 1], -0.1, 10)
    with pytest.raises(ValueError, match="classes"):
        overview.initial_curvature(np.ones((3, 2)), classes=1)
    with pytest.raises(ValueError, match="Ws"):
        overview.loss_and_error(np.ones((2, 3, 4)), np.ones((5, 2)), np.zeros(5, int))
    with pytest.raises(ValueError, match="W0"):
        overview.softmax_gd(np.ones((3, 2)), [0, 1, 1], 0.1, 10, W0=np.ones(5))
    with pytest.raises(ValueError, match="w2"):
        nonlinear.relu_features(np.ones((3, 2)), np.ones((4, 2)), np.ones(2))


def test_exercise_checks():
    rng = np.random.default_rng(0)
    X, W = rng.standard_normal((20, 3)), rng.standard_normal((3, 4))
    y = rng.integers(0, 4, 20)
    err = np.mean((X @ W).argmax(axis=1) != y)
    assert exercises.check_error_rate(err, W, X, y)
    assert not exercises.check_error_rate(1 - err, W, X, y)
    W1, W2 = rng.standard_normal((3, 2)), rng.standard_normal((1, 3))
    norm = np.sqrt(W2.ravel() @ ((W1 @ W1.T) ** 3) @ W2.ravel())
    assert exercises.check_tensor_norm(norm, W1, W2, 3)
    assert not exercises.check_tensor_norm(norm**2, W1, W2, 3)
