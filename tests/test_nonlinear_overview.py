import numpy as np
import pytest

from lectures_lib import data, exercises, nonlinear, overview
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
    assert run.last_change < 1000
    w_hat = mm.svm_direction(nonlinear.relu_features(run.W1, X, w2), y).w
    after = run.iters >= run.last_change
    angles = [mm.angle(W.ravel(), w_hat) for W in run.W1s[after]]
    assert all(a > b for a, b in zip(angles, angles[1:]))


def test_softmax_gd_separates_a_small_digits_set():
    Xtr, ytr, Xte, yte = data.digits_split(60, seed=0)
    run = overview.softmax_gd(Xtr, ytr, 0.9 * overview.max_stable_step(Xtr), 3000, classes=10)
    W = run.w.reshape(Xtr.shape[1], 10)
    assert overview.error_rate(W, Xtr, ytr) == 0
    assert np.all(np.diff(run.loss) <= 1e-12)  # GD below the stable step: the loss decreases
    assert overview.error_rate(W, Xte, yte) < 0.3


def test_bad_input():
    with pytest.raises(ValueError, match="m"):
        nonlinear.poly_net_loss(np.ones((2, 2)), np.ones((1, 2)), np.ones((3, 2)), np.ones(3), 0)
    with pytest.raises(ValueError, match="W1"):
        nonlinear.poly_net_loss(np.ones((2, 3)), np.ones((1, 2)), np.ones((3, 2)), np.ones(3), 2)
    with pytest.raises(ValueError, match="n_train"):
        data.digits_split(5)
    with pytest.raises(ValueError, match="y"):
        overview.softmax_gd(np.ones((3, 2)), [0.5, 1, 2], 0.1, 10)
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
