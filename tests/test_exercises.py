import numpy as np
import pytest

from lectures_lib import exercises


def _problem():
    rng = np.random.default_rng(0)
    return rng.standard_normal((3, 7)), rng.standard_normal(3)


def test_check_min_norm_solution(capsys):
    X, y = _problem()
    right = X.T @ np.linalg.solve(X @ X.T, y)
    assert exercises.check_min_norm_solution(right, X, y)
    assert "Correct" in capsys.readouterr().out
    other = right + (np.eye(7) - np.linalg.pinv(X) @ X) @ np.ones(7)
    fb = exercises.check_min_norm_solution(other, X, y)
    assert not fb and "shortest" in fb.message
    fb = exercises.check_min_norm_solution(np.zeros(7), X, y)
    assert not fb and "does not solve" in fb.message
    fb = exercises.check_min_norm_solution(np.zeros(3), X, y)
    assert not fb and "7 entries" in fb.message
    assert not exercises.check_min_norm_solution("hello", X, y)
    # the common slips: X^T y (no inverse), the coefficients a = (X X^T)^-1 y instead of X^T a
    fb = exercises.check_min_norm_solution(X.T @ y, X, y)
    assert not fb and "(X X^T)^(-1) is missing" in fb.message
    fb = exercises.check_min_norm_solution(np.linalg.solve(X @ X.T, y), X, y)
    assert not fb and "w = X^T a" in fb.message and "coefficients" in fb.message


def test_check_min_norm_solution_rounding():
    # notebook 01's Exercise 1: right up to rounding is right, with one tolerance for every test
    X = np.array([[1.0, 0.0, 1.0, 2.0], [0.0, 1.0, 1.0, -1.0]])
    y = np.array([3.0, 1.0])
    right = X.T @ np.linalg.solve(X @ X.T, y)
    X32, y32 = X.astype(np.float32), y.astype(np.float32)
    for name, w in {"float32 formula": X32.T @ np.linalg.solve(X32 @ X32.T, y32),
                    "float32 cast": right.astype(np.float32),
                    "6 decimals": np.round(right, 6), "lstsq": np.linalg.lstsq(X, y, rcond=None)[0],
                    "relative 1e-7": right * (1 + 1e-7)}.items():
        fb = exercises.check_min_norm_solution(w, X, y)
        assert fb and "smallest" in fb.message, (name, fb.message)
    # close but not equal: its own message, never the success text
    for w in (np.round(right, 4), right * (1 + 1e-5)):
        fb = exercises.check_min_norm_solution(w, X, y)
        assert not fb and "Close, but not equal" in fb.message and "smallest" not in fb.message
    # far off: the existing diagnoses
    fb = exercises.check_min_norm_solution(np.round(right, 2), X, y)
    assert not fb and "does not solve" in fb.message
    fb = exercises.check_min_norm_solution(right + 0.5 * np.array([1.0, 1.0, -1.0, 0.0]), X, y)
    assert not fb and "shortest" in fb.message


def test_check_gd_limit():
    X, y = _problem()
    w0 = np.arange(7.0)
    pinv = np.linalg.pinv(X)
    right = pinv @ y + w0 - pinv @ X @ w0
    assert exercises.check_gd_limit(right, X, y, w0)
    fb = exercises.check_gd_limit(pinv @ y, X, y, w0)
    assert not fb and "limit from zero" in fb.message
    assert not exercises.check_gd_limit(w0, X, y, w0)


def test_check_max_step():
    X, _ = _problem()
    n = X.shape[0]
    L = np.linalg.eigvalsh(X.T @ X / n).max()
    assert exercises.check_max_step(2 / L, X)
    fb = exercises.check_max_step(2 / L / n, X)
    assert not fb and "mean" in fb.message
    fb = exercises.check_max_step(1 / L, X)
    assert not fb and "twice" in fb.message
    assert not exercises.check_max_step(0.5 / L, X)
    assert not exercises.check_max_step(None, X)


def test_check_max_step_tells_each_slip_apart():
    # notebook 01's Exercise 3 (n = 3: with n = 2 the summed loss and 1/L give the same number)
    X = np.array([[1.0, 0.0, 1.0, 2.0], [0.0, 1.0, 1.0, -1.0], [1.0, 1.0, 0.0, 1.0]])
    n = X.shape[0]
    mus = np.linalg.eigvalsh(X.T @ X / n)
    L, mu_min = mus.max(), mus[mus > 1e-12].min()
    assert exercises.check_max_step(2 / L, X)
    slips = {
        "summed loss": (2 / (n * L), "n times too small"),
        "1/L": (1 / L, "twice that"),
        "both": (1 / (n * L), "two slips at once"),
        "trace": (2 / np.trace(X.T @ X / n), "trace"),
        "row norm (SGD)": (2 / max(np.sum(X**2, axis=1)), "one-sample SGD"),
        "s_max unsquared": (2 / (np.linalg.norm(X, 2) / n), "not its square"),
        "smallest eigenvalue": (2 / mu_min, "smallest eigenvalue"),
        "too large": (1.5 * 2 / L, "diverges"),
        "too small": (0.3 / L, "For which eta"),
        "just below (rounded down)": (0.7499, "the boundary counts"),
        "just above (rounded up)": (0.7501, "diverges"),
        "zero": (0.0, "must be positive"),
    }
    for name, (value, hint) in slips.items():
        fb = exercises.check_max_step(value, X)
        assert not fb, name
        assert hint in fb.message, (name, fb.message)
        assert "Or:" not in fb.message, name  # one diagnosis, not two
    # with n = 2 the two slips coincide: both hints are given
    fb = exercises.check_max_step(1 / np.linalg.eigvalsh(X[:2].T @ X[:2] / 2).max(), X[:2])
    assert not fb and "n times too small" in fb.message and "twice that" in fb.message
    # the boundary itself is the answer (it does not diverge), and the general hint says "<= 1"
    assert abs(2 / L - 0.75) < 1e-12
    fb = exercises.check_max_step(0.6, X)
    assert not fb and "<= 1 in modulus" in fb.message and "< 1 in" not in fb.message
    assert "rounded" not in fb.message
    # rounding a generic 2/L to 6 significant digits is accepted, to 4 it is "just below/above"
    Xg, _ = _problem()
    truth = 2 / np.linalg.eigvalsh(Xg.T @ Xg / 3).max()
    assert exercises.check_max_step(float(f"{truth:.6g}"), Xg)
    Xw = Xg * np.sqrt(truth / 1.0000049)  # 2/L = 1.0000049: 6 digits round it by 4.9e-6 relative
    assert exercises.check_max_step(1.0, Xw)
    lo, hi = np.floor(truth * 1e4) / 1e4, np.ceil(truth * 1e4) / 1e4
    fb = exercises.check_max_step(lo, Xg)
    assert not fb and "rounded" in fb.message and "the boundary counts" in fb.message
    fb = exercises.check_max_step(hi, Xg)
    assert not fb and "rounded" in fb.message and "diverges" in fb.message


def test_check_gd_filter():
    assert exercises.check_gd_filter(lambda mu, t, step: 1 - (1 - step * mu) ** t)
    fb = exercises.check_gd_filter(lambda mu, t, step: 1 - (1 - mu) ** t)
    assert not fb and "ignores the step" in fb.message
    fb = exercises.check_gd_filter(lambda mu, t, step: (1 - step * mu) ** t)
    assert not fb and "1 - F" in fb.message
    fb = exercises.check_gd_filter(lambda mu, t, step: step * mu * t)
    assert not fb and "expected" in fb.message
    fb = exercises.check_gd_filter(lambda mu, t, step: 1 / 0)
    assert not fb and "ZeroDivisionError" in fb.message
    assert not exercises.check_gd_filter(3.0)


def test_check_half_point():
    t, step = 50, 0.7
    assert exercises.check_half_point((1 - 2 ** (-1 / t)) / step, t, step)
    fb = exercises.check_half_point(np.log(2) / (step * t), t, step)
    assert not fb and "approximation" in fb.message
    assert not exercises.check_half_point(1.0, t, step)


def test_check_half_point_catches_a_forgotten_step():
    t, step = 50, 0.5  # notebook 02's Exercise 2
    truth = (1 - 2 ** (-1 / t)) / step
    assert exercises.check_half_point(truth, t, step)
    wrong = {
        "step left out": (1 - 2 ** (-1 / t), "the step is missing"),
        "step left out, large-t formula": (np.log(2) / t, "leaves out the step"),
        "multiplied by the step": ((1 - 2 ** (-1 / t)) * step, "multiplied by eta"),
        "large-t formula": (np.log(2) / (step * t), "approximation"),
        "linearised F = eta t mu = 1/2": (1 / (2 * step * t), "linearisation holds only"),
        "1/(eta t)": (1 / (step * t), "That is 1/(eta t)"),
        "rounded to 3 digits": (0.0275, "Close (-0.13 %)"),
        "far off": (0.5, "solve for mu"),
    }
    for name, (value, hint) in wrong.items():
        fb = exercises.check_half_point(value, t, step)
        assert not fb and hint in fb.message, (name, fb.message)
    # the hints quote the filter's value at the answer: 0.395 at 1/(2 eta t), 0.636 at 1/(eta t)
    assert "0.395" in exercises.check_half_point(1 / (2 * step * t), t, step).message
    assert "0.636" in exercises.check_half_point(1 / (step * t), t, step).message
    assert "0.4996" in exercises.check_half_point(0.0275, t, step).message
    # with step = 1 leaving the step out is harmless: the same answer is right
    assert exercises.check_half_point(1 - 2 ** (-1 / t), t, 1.0)


def test_check_rate_exponent():
    assert exercises.check_rate_exponent(1.0, 2.0, "tikhonov")
    fb = exercises.check_rate_exponent(2.0, 2.0, "tikhonov")
    assert not fb and "mu near 1" in fb.message
    assert exercises.check_rate_exponent(2.0, 2.0, "gd")
    assert exercises.check_rate_exponent(0.5, 0.5, "tikhonov")
    wrong = [  # (answer, r, method, hint)
        (1.0, 2.0, "gd", "GD does not saturate"),       # saturation where there is none
        (1.5, 2.0, "gd", "K-norm"),                     # r - 1/2
        (1.5, 2.0, "tikhonov", "K-norm"),
        (-2.0, 2.0, "gd", "Sign"),
        (-1.0, 2.0, "tikhonov", "Sign"),
        (0.7, 2.0, "gd", "Hint: maximize"),
    ]
    for answer, r, method, hint in wrong:
        fb = exercises.check_rate_exponent(answer, r, method)
        assert not fb and hint in fb.message, (answer, method, fb.message)


# Notebooks 05 and 06: the max-margin checks (their reference, NNLS, is independent of
# lectures_lib.svm)

def _fig1():
    from lectures_lib import data

    return data.soudry_figure1()  # w_hat = (0.5, 0.5), ||w_hat|| = sqrt(1/2)


def test_check_svm_direction_verdicts_and_hints():
    X, y = _fig1()
    w_hat = np.array([0.5, 0.5])
    fb = exercises.check_svm_direction(w_hat, X, y)
    assert fb and "1.41421" in fb.message  # the margin 1/||w_hat|| = sqrt 2
    for scaled in (w_hat / np.linalg.norm(w_hat), 2 * w_hat):  # the unit vector, or too long
        fb = exercises.check_svm_direction(scaled, X, y)
        assert not fb and "wrong length" in fb.message and "scaled" in fb.message
    fb = exercises.check_svm_direction(-w_hat, X, y)
    assert not fb and "Wrong sign" in fb.message
    v = np.array([1.0, 2.0])  # separates, rescaled to min_n y_n w . x_n = 1: feasible, longer
    feasible = v / np.min(y * (X @ v))
    fb = exercises.check_svm_direction(feasible, X, y)
    assert not fb and "not the shortest" in fb.message
    fb = exercises.check_svm_direction([1.0, 0.0], X, y)  # the notebook's placeholder
    assert not fb and "KKT" in fb.message and "Hint" in fb.message
    fb = exercises.check_svm_direction(np.zeros(2), X, y)
    assert not fb and "w = 0" in fb.message
    fb = exercises.check_svm_direction(np.zeros(3), X, y)
    assert not fb and "2 entries" in fb.message
    assert not exercises.check_svm_direction("hello", X, y)


def test_check_norm_growth_verdicts_and_hints():
    X, y = _fig1()
    c = np.sqrt(0.5)
    fb = exercises.check_norm_growth(c, X, y)
    assert fb and "1/gamma" in fb.message
    for wrong, hint in [(1 / c, "margin gamma"), (c**2, "||w_hat||^2"), (c * np.log(10), "ln 10"),
                        (1.0, "length of the direction"), (0.0, "Theorem 3")]:
        fb = exercises.check_norm_growth(wrong, X, y)
        assert not fb and hint in fb.message, (wrong, fb.message)
    fb = exercises.check_norm_growth(None, X, y)
    assert not fb and "should be a number" in fb.message
    for rounded in (0.707, 0.7071, 0.70711):  # rounded to 3-5 digits: right
        assert exercises.check_norm_growth(rounded, X, y), rounded
    for fitted in (0.69, 0.72):  # a slope read off the figure: close, not the exact value
        fb = exercises.check_norm_growth(fitted, X, y)
        assert not fb and "fitted slope" in fb.message, (fitted, fb.message)
    fb = exercises.check_norm_growth(0.6, X, y)  # 15 % off: no "close"
    assert not fb and "fitted slope" not in fb.message


def test_max_margin_checks_bad_input():
    from lectures_lib import data

    Xn, yn = data.nonseparable_classification(40, 2, 0.2, seed=0)
    with pytest.raises(ValueError, match="not linearly separable"):
        exercises.check_svm_direction(np.ones(2), Xn, yn)
    with pytest.raises(ValueError, match="not linearly separable"):
        exercises.check_norm_growth(1.0, Xn, yn)
    X, y = _fig1()
    with pytest.raises(ValueError, match="y"):
        exercises.check_norm_growth(1.0, X, 2 * y)


def _max_margin_datasets():
    from lectures_lib import data

    yield data.soudry_figure1()
    yield data.soudry_generic(seed=1)
    for seed, (n, d) in enumerate([(30, 2), (40, 5), (30, 8), (12, 20)]):
        yield data.separable_classification(n, d, 0.1, seed=seed, bias=False)


def test_svm_reference_agrees_with_library():
    """Two different algorithms for the hard-margin SVM without bias (exercises: one NNLS problem;
    lectures_lib.svm: LP, SLSQP and a KKT polish) give the same w_hat, each a KKT point."""
    from lectures_lib import max_margin as mm

    for X, y in _max_margin_datasets():
        w, alpha = exercises._svm_no_bias(X, y)
        lib = mm.svm_direction(X, y)
        Z = y[:, None] * X
        assert np.linalg.norm(w - lib.w) <= 1e-8 * np.linalg.norm(lib.w)
        # the reference is a KKT point on its own: feasible, alpha >= 0, w = Z^T alpha,
        # complementary slackness, and strong duality ||w||^2 = sum alpha
        assert np.min(Z @ w) >= 1 - 1e-9 and np.all(alpha >= 0)
        np.testing.assert_allclose(Z.T @ alpha, w, atol=1e-9)
        assert np.max(alpha * (Z @ w - 1)) <= 1e-9
        assert abs(w @ w - alpha.sum()) <= 1e-9 * (w @ w)
        assert abs(lib.alpha.sum() - alpha.sum()) <= 1e-8 * alpha.sum()


def test_check_tensor_norm_verdicts_and_hints():
    W1 = np.array([[1.0, 0.0, 1.0], [0.5, -1.0, 0.0], [0.0, 2.0, 1.0]])  # notebook 06, Exercise 1
    c, m = np.array([1.0, -2.0, 0.5]), 3
    G, norms = W1 @ W1.T, np.linalg.norm(W1, axis=1)
    truth = np.sqrt(c @ G**m @ c)
    # the tensor built explicitly (27 entries), independently of the kernel identity
    T = sum(cj * np.einsum("i,j,k->ijk", w, w, w) for cj, w in zip(c, W1))
    assert truth == pytest.approx(np.linalg.norm(T), rel=1e-12)
    assert exercises.check_tensor_norm(truth, W1, c[None, :], m)
    wrong = {
        "squared": (truth**2, "squared"),
        "no output weights": (np.sqrt(np.sum(G**m)), "output weights W2"),
        "no cross terms": (np.sqrt(np.sum(c**2 * norms ** (2 * m))), "cross terms"),
        "triangle bound": (np.sum(np.abs(c) * norms**m), "triangle-inequality"),
        "power 2": (np.sqrt(c @ G**2 @ c), "power"),
        "matrix power": (np.sqrt(c @ np.linalg.matrix_power(G, m) @ c), "entrywise"),
        "far off": (1.0, "(u . v)^m"),
    }
    for name, (answer, hint) in wrong.items():
        fb = exercises.check_tensor_norm(answer, W1, c[None, :], m)
        assert not fb and hint in fb.message, name
    assert not exercises.check_tensor_norm("seven", W1, c, m)
    with pytest.raises(ValueError, match="W2"):
        exercises.check_tensor_norm(truth, W1, np.ones(2), m)
    with pytest.raises(ValueError, match="m"):
        exercises.check_tensor_norm(truth, W1, c, 0)


def test_check_radius_and_margin_verdicts_and_hints():
    from lectures_lib import data, perceptron

    # notebook 04's Exercise 1: the perceptron's final offset b is not 0 there, so it matters
    X, y = data.separable_classification(20, 2, 0.1, seed=27)
    run = perceptron.train(X, y)
    w, b = run.w, run.b
    assert abs(b) > 0.5
    R = np.max(np.linalg.norm(X, axis=1))
    gamma = np.min(y * (X @ w + b)) / np.linalg.norm(w)
    assert exercises.check_radius_and_margin(R, gamma, X, y, w, b)
    wrong = {
        "largest norm": (np.max(np.linalg.norm(X - X.mean(axis=0), axis=1)), gamma),  # mean-centred
        "functional margin": (R, np.min(y * (X @ w + b))),
        "left out the offset": (R, np.min(y * (X @ w)) / np.linalg.norm(w)),
        "Divide by ||w|| only": (R, np.min(y * (X @ w + b)) / np.linalg.norm(np.append(w, b))),
        "smallest": (R, np.mean(y * (X @ w + b)) / np.linalg.norm(w)),
        "numbers": (R, "a tenth"),
    }
    for hint, (R_a, g_a) in wrong.items():
        fb = exercises.check_radius_and_margin(R_a, g_a, X, y, w, b)
        assert not fb and hint in fb.message, (hint, fb.message)
    fb = exercises.check_radius_and_margin(
        R, np.min(y * (X @ w + b)) / np.linalg.norm(np.append(w, b / R)), X, y, w, b)
    assert not fb and "Divide by ||w|| only" in fb.message
    with pytest.raises(ValueError, match="b must be"):
        exercises.check_radius_and_margin(R, gamma, X, y, w, np.nan)


def test_check_novikoff_bound_verdicts_and_hints():
    # notebook 04's Exercise 2: R = 1, gamma* = 0.05, with a bias
    R, gamma = 1.0, 0.05
    fb = exercises.check_novikoff_bound(1600, R, gamma)                    # (2R/gamma)^2
    assert fb and "k <= 1600" in fb.message and "sharper" not in fb.message
    fb = exercises.check_novikoff_bound(2 * (1 + 0.95**2) / 0.05**2, R, gamma)  # 1522, sharper
    assert fb and "sharper" in fb.message and "1600" in fb.message
    wrong = {
        "without a bias": 400,                 # (R/gamma)^2
        "||w^_opt||^2 = 1": 800,               # 2R^2/gamma^2
        "forgot to square": 40,                # 2R/gamma
        "solve for k": 1601,                   # a number, but not the theorem's bound
    }
    for hint, k in wrong.items():
        fb = exercises.check_novikoff_bound(k, R, gamma)
        assert not fb and hint in fb.message, (hint, fb.message)
    assert not exercises.check_novikoff_bound("many", R, gamma)
    # without a bias: (R/gamma)^2, and the floor of a non-integer bound (k is an integer)
    assert exercises.check_novikoff_bound(400, R, gamma, bias=False)
    assert exercises.check_novikoff_bound(44, 1.0, 0.3)                   # (2/0.3)^2 = 44.4
    for hint, k in {"with a bias": 1600, "not 2R^2": 800, "forgot to square": 20}.items():
        fb = exercises.check_novikoff_bound(k, R, gamma, bias=False)
        assert not fb and hint in fb.message, (hint, fb.message)
    assert "k R^2" in exercises.check_novikoff_bound(7, R, gamma, bias=False).message
    with pytest.raises(ValueError, match="gamma must be in"):
        exercises.check_novikoff_bound(1, R, 1.5)


def test_check_final_map_verdicts_and_hints():
    # notebook 03's Exercise 2: GD from (W1_0, W2_0) ended with last layer W2_T;
    # the answer is A* + W2_T W1_0 P_null
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((4, 6)), rng.standard_normal((4, 2))
    W1_0, W2_0, W2_T = (rng.standard_normal(s) for s in [(6, 6), (2, 6), (2, 6)])
    P_row = X.T @ np.linalg.solve(X @ X.T, X)          # independent of pinv
    P_null = np.eye(6) - P_row
    A_star = Y.T @ np.linalg.solve(X @ X.T, X)         # Y^T (X X^T)^-1 X (X has full row rank)
    right = A_star + W2_T @ W1_0 @ P_null
    assert exercises.check_final_map(right, X, Y, W1_0, W2_T, W2_init=W2_0)
    assert exercises.check_final_map(right, X, Y, W1_0, W2_T)            # W2_init is optional
    wrong = {
        "row-space initialization": A_star,
        "starting W2": A_star + W2_0 @ W1_0 @ P_null,
        "GD does change that part": A_star + W2_T @ W1_0,
        "the orthogonal one": A_star + W2_T @ W1_0 @ P_row,
        "only the frozen part": W2_T @ W1_0 @ P_null,
        "split W1": W2_T @ W1_0,                                          # no slip of the list
    }
    for hint, A in wrong.items():
        fb = exercises.check_final_map(A, X, Y, W1_0, W2_T, W2_init=W2_0)
        assert not fb and hint in fb.message, (hint, fb.message)
    # without W2_init the starting-W2 slip cannot be named: the generic hint
    fb = exercises.check_final_map(A_star + W2_0 @ W1_0 @ P_null, X, Y, W1_0, W2_T)
    assert not fb and "split W1" in fb.message
    assert "shape (2, 6)" in exercises.check_final_map(right.T, X, Y, W1_0, W2_T).message
    with pytest.raises(ValueError, match="W2_init must have the shape"):
        exercises.check_final_map(right, X, Y, W1_0, W2_T, W2_init=W2_0.T)


def test_check_error_rate_verdicts_and_hints():
    # notebook 00's Exercise 1: the test error rate of the final W
    rng = np.random.default_rng(1)
    X, W = rng.standard_normal((300, 5)), rng.standard_normal((5, 4))
    y = rng.integers(0, 4, 300)
    mistakes = int(np.sum((X @ W).argmax(axis=1) != y))
    right = mistakes / 300
    # a value with a 4th and 3rd decimal to round away, two decimals too coarse to accept
    assert 0 < mistakes < 300 and 1e-5 < abs(round(right, 3) - right)
    assert 5e-4 < abs(round(right, 2) - right) < 5e-3
    fb = exercises.check_error_rate(right, W, X, y)
    assert fb and "error rate" in fb.message and f"{mistakes}/300" in fb.message
    for rounded in (round(right, 4), round(right, 3)):
        fb = exercises.check_error_rate(rounded, W, X, y)
        assert fb and "rounded" in fb.message, (rounded, fb.message)
    wrong = {"accuracy": 1 - right, "percentage": 100 * right, "number of mistakes": mistakes,
             "training error": 0, "predicted class": right + 0.05,
             "three decimals": round(right, 2)}
    wrong_rounded = {"accuracy": round(1 - right, 3), "percentage": round(100 * right, 2)}
    for hint, a in [*wrong.items(), *wrong_rounded.items()]:
        fb = exercises.check_error_rate(a, W, X, y)
        assert not fb and hint in fb.message, (hint, a, fb.message)
    assert "should be a number" in exercises.check_error_rate("ten", W, X, y).message


def test_check_loss_minimum_verdicts_and_hints():
    # notebook 00's Exercise 2: the recorded iteration where the test loss is smallest
    iters = np.array([0, 1, 3, 10, 30, 100, 300, 1000])
    test_loss = np.array([2.3, 1.2, 0.6, 0.35, 0.31, 0.30, 0.32, 0.36])
    fb = exercises.check_loss_minimum(100, iters, test_loss)
    assert fb and "t = 100" in fb.message
    wrong = {"last iteration": 1000, "position of the minimum": 5, "iters[np.argmin": 30}
    for hint, a in wrong.items():
        fb = exercises.check_loss_minimum(a, iters, test_loss)
        assert not fb and hint in fb.message, (hint, fb.message)
    assert "iteration count" in exercises.check_loss_minimum("x", iters, test_loss).message


def test_each_check_lives_in_its_notebooks_module_and_is_exported():
    """lectures_lib/exercises/ has one module per notebook, named after the section module
    (docstring "Notebook NN ..."); a check's docstring names the notebooks that ask it, the first
    being its module's; the package re-exports every check, and each notebook calls only checks
    that name it."""
    import importlib
    import pkgutil
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    asked_in = {}
    for info in pkgutil.iter_modules(exercises.__path__):
        if info.name.startswith("_"):
            continue
        assert (root / "lectures_lib" / f"{info.name}.py").is_file(), info.name
        module = importlib.import_module(f"lectures_lib.exercises.{info.name}")
        notebook = re.match(r"Notebook (\d\d) ", module.__doc__).group(1)
        checks = [f for name, f in vars(module).items()
                  if name.startswith("check_") and f.__module__ == module.__name__]
        assert checks, info.name
        for f in checks:
            asked_in[f.__name__] = re.findall(r"\d\d", f.__doc__.split(":")[0])
            assert asked_in[f.__name__][:1] == [notebook], (f.__name__, info.name)
            assert getattr(exercises, f.__name__) is f and f.__name__ in exercises.__all__
    assert len(asked_in) == len([n for n in exercises.__all__ if n.startswith("check_")])
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        for name in set(re.findall(r"exercises\.(check_\w+)", path.read_text())):
            assert path.name[:2] in asked_in[name], (path.name, name)
