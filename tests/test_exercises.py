import numpy as np

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


def test_check_gd_filter():
    assert exercises.check_gd_filter(lambda mu, t, step: 1 - (1 - step * mu) ** t)
    fb = exercises.check_gd_filter(lambda mu, t, step: 1 - (1 - mu) ** t)
    assert not fb
    fb = exercises.check_gd_filter(lambda mu, t, step: 1 / 0)
    assert not fb and "ZeroDivisionError" in fb.message
    assert not exercises.check_gd_filter(3.0)


def test_check_half_point():
    t, step = 50, 0.7
    assert exercises.check_half_point((1 - 2 ** (-1 / t)) / step, t, step)
    fb = exercises.check_half_point(np.log(2) / (step * t), t, step)
    assert not fb and "approximation" in fb.message
    assert not exercises.check_half_point(1.0, t, step)


def test_check_rate_exponent():
    assert exercises.check_rate_exponent(1.0, 2.0, "tikhonov")
    fb = exercises.check_rate_exponent(2.0, 2.0, "tikhonov")
    assert not fb and "mu near 1" in fb.message
    assert exercises.check_rate_exponent(2.0, 2.0, "gd")
    assert exercises.check_rate_exponent(0.5, 0.5, "tikhonov")
