import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.svm import SVC

from lectures_lib import data, exercises, perceptron, svm


def test_svm_margin_on_a_known_configuration():
    # two points at +-(0.3, 0): the best hyperplane is x1 = 0 with margin 0.3
    X = np.array([[0.3, 0.0], [-0.3, 0.0], [0.3, 0.5], [-0.3, -0.5]])
    y = np.array([1.0, -1.0, 1.0, -1.0])
    assert perceptron.max_margin(X, y) == pytest.approx(0.3, rel=1e-9)
    sol = svm.hard_margin_svm(X, y)
    np.testing.assert_allclose(sol.w / np.linalg.norm(sol.w), [1, 0], atol=1e-9)
    np.testing.assert_allclose(sol.w, (sol.alpha * y) @ X, atol=1e-9)  # KKT: w = sum a_i y_i x_i


@pytest.mark.parametrize("seed", range(4))
def test_svm_agrees_with_sklearn(seed):
    X, y = data.separable_classification(60, 3, 0.05, seed=seed)
    sol = svm.hard_margin_svm(X, y)
    clf = SVC(kernel="linear", C=1e10, tol=1e-10).fit(X, y)
    assert sol.margin == pytest.approx(1 / np.linalg.norm(clf.coef_), rel=1e-4)
    assert np.min(y * (X @ sol.w + sol.b)) == pytest.approx(1.0, abs=1e-9)


def test_svm_without_bias_and_non_separable():
    X, y = data.separable_classification(40, 2, 0.1, seed=1, bias=False)
    sol = svm.hard_margin_svm(X, y, bias=False)
    assert sol.b == 0 and np.min(y * (X @ sol.w)) == pytest.approx(1.0, abs=1e-9)
    Xn, yn = data.nonseparable_classification(40, 2, 0.1, seed=0)
    with pytest.raises(ValueError, match="not linearly separable"):
        svm.hard_margin_svm(Xn, yn)
    with pytest.raises(ValueError, match="not linearly separable"):
        perceptron.novikoff_bound(Xn, yn)
    assert not svm.is_separable(Xn, yn) and svm.is_separable(X, y)


@pytest.mark.parametrize("order", ["cyclic", "random"])
def test_perceptron_converges_within_the_bound_and_separates(order):
    X, y = data.separable_classification(100, 3, 0.05, seed=2)
    run = perceptron.train(X, y, order=order, seed=4)
    assert run.converged
    assert run.updates <= perceptron.novikoff_bound(X, y)
    assert np.all(y * (X @ run.w + run.b) > 0)
    assert run.history_w.shape == (run.updates + 1, 3) and len(run.history_i) == run.updates


def test_update_rule_is_the_corrected_slide_rule():
    X, y = data.separable_classification(20, 2, 0.1, seed=3)
    run = perceptron.train(X, y)
    R = perceptron.radius(X)
    for k, i in enumerate(run.history_i):
        w, b = run.history_w[k], run.history_b[k]
        assert y[i] * (X[i] @ w + b) <= 0  # fired on a mistake (<= 0: it fires from w = 0)
        np.testing.assert_allclose(run.history_w[k + 1], w + y[i] * X[i])
        assert run.history_b[k + 1] == pytest.approx(b + y[i] * R**2)


def test_proof_inequalities_hold_at_every_update():
    for seed in range(5):
        X, y = data.separable_classification(50, 2, 0.03, seed=seed)
        for bias in (True, False):
            if not bias:
                X, y = data.separable_classification(50, 2, 0.03, seed=seed, bias=False)
            run = perceptron.train(X, y, bias=bias)
            q = perceptron.proof_quantities(run, X, y)
            assert np.all(q["norm2"] <= q["bound_norm2"] + 1e-9)
            assert np.all(q["progress"] >= q["bound_progress"] - 1e-9)


def test_without_bias_the_bound_is_r_over_gamma_squared():
    X, y = data.separable_classification(50, 2, 0.05, seed=5, bias=False)
    run = perceptron.train(X, y, bias=False)
    bound = perceptron.novikoff_bound(X, y, bias=False)
    R, g = perceptron.radius(X), perceptron.max_margin(X, y, bias=False)
    assert bound == pytest.approx((R / g) ** 2)
    assert run.converged and run.updates <= bound and run.b == 0


def test_nonseparable_data_stop_at_the_epoch_cap():
    X, y = data.nonseparable_classification(30, 2, 0.1, seed=1)
    run = perceptron.train(X, y, max_epochs=50)
    assert not run.converged and run.epochs == 50 and run.updates >= 50


def test_margin_and_radius():
    X = np.array([[3.0, 4.0], [0.0, -1.0]])
    y = np.array([1.0, -1.0])
    assert perceptron.radius(X) == 5.0
    assert perceptron.margin(X, y, np.array([0.0, 2.0])) == pytest.approx(1.0)


@pytest.mark.parametrize("call, name", [
    (lambda: perceptron.train(np.ones((3, 2)), [1, 0, -1]), "y"),
    (lambda: perceptron.train(np.ones((3, 2)), [1, -1]), "y"),
    (lambda: perceptron.train(np.ones(3), [1, -1, 1]), "X"),
    (lambda: perceptron.train([[np.inf, 1.0], [0.0, 1.0]], [1, -1]), "X"),
    (lambda: perceptron.train(np.ones((2, 2)), [1, -1], max_epochs=0), "max_epochs"),
    (lambda: perceptron.train(np.ones((2, 2)), [1, -1], order="sorted"), "order"),
    (lambda: perceptron.margin(np.ones((2, 2)), [1, -1], np.zeros(2)), "w"),
    (lambda: perceptron.max_margin(np.ones((2, 2)), [1, 1]), "both classes"),
    (lambda: data.separable_classification(10, 2, margin=0.6), "margin"),
])
def test_bad_input(call, name):
    with pytest.raises(ValueError, match=name):
        call()


@given(n=st.integers(4, 60), d=st.integers(1, 6), margin=st.sampled_from([0.02, 0.05, 0.1, 0.2]),
       seed=st.integers(0, 10**6))
def test_property_bound_holds_and_result_separates(n, d, margin, seed):
    X, y = data.separable_classification(n, d, margin, seed=seed)
    run = perceptron.train(X, y, order="random", seed=seed % 100)
    assert run.converged
    assert run.updates <= perceptron.novikoff_bound(X, y) + 1e-9
    assert np.all(y * (X @ run.w + run.b) > 0)


def test_exercise_checks():
    X, y = data.separable_classification(20, 2, 0.1, seed=0)
    w, b = np.array([1.0, 2.0]), 0.1
    R = np.max(np.linalg.norm(X, axis=1))
    g = np.min(y * (X @ w + b)) / np.linalg.norm(w)
    if g > 0:
        assert exercises.check_radius_and_margin(R, g, X, y, w, b)
    fb = exercises.check_radius_and_margin(R, g * np.linalg.norm(w), X, y, w, b)
    assert not fb
    assert exercises.check_novikoff_bound(400, 1.0, 0.1)
    fb = exercises.check_novikoff_bound(100, 1.0, 0.1)
    assert not fb and "without a bias" in fb.message
    assert exercises.check_novikoff_bound(100, 1.0, 0.1, bias=False)


@pytest.mark.parametrize("seed", range(6))
def test_best_offset_is_at_most_r_minus_gamma(seed):
    # both classes present: the max-margin hyperplane cuts the ball, |b_opt| / ||w|| <= R - gamma*
    X, y = data.separable_classification(30, 3, 0.05, seed=seed)
    sol = svm.hard_margin_svm(X, y)
    R = perceptron.radius(X)
    assert abs(sol.b) / np.linalg.norm(sol.w) <= R - sol.margin + 1e-9


def test_the_slides_update_sign_never_stops_on_separable_data():
    X, y = data.separable_classification(30, 2, 0.1, seed=1, bias=False)
    w, updates, last_epoch = np.zeros(2), 0, 0
    for _ in range(100):
        last_epoch = 0
        for x_i, y_i in zip(X, y):
            if y_i * (w @ x_i) <= 0:
                w = w - y_i * x_i  # the slide's sign
                updates, last_epoch = updates + 1, last_epoch + 1
    assert last_epoch > 0 and updates > perceptron.novikoff_bound(X, y, bias=False)


def test_one_class_breaks_theorem_1_but_not_the_proofs_bound():
    # class +1 only: (w, b) = ((1, 0), 4R) has margin >= 3R, so (2R/gamma)^2 < 1; w = 0 fires once
    X = data.separable_classification(20, 2, 0.1, seed=0)[0]
    y = np.ones(len(X))
    R = perceptron.radius(X)
    b = 4 * R
    gamma = perceptron.margin(X, y, np.array([1.0, 0.0]), b)
    run = perceptron.train(X, y)
    assert run.converged and run.updates == 1 > (2 * R / gamma) ** 2
    assert run.updates <= 2 * (1 + b**2 / R**2) * R**2 / gamma**2
