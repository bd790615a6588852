import numpy as np
import pytest

from lectures_lib import data


def test_underdetermined_regression_shapes_and_seed():
    X, y = data.underdetermined_regression(5, 12, seed=3)
    assert X.shape == (5, 12) and y.shape == (5,)
    X2, y2 = data.underdetermined_regression(5, 12, seed=3)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    X3, _ = data.underdetermined_regression(5, 12, seed=4)
    assert not np.allclose(X, X3)
    assert np.linalg.matrix_rank(X) == 5


def test_noise_changes_y_only():
    X, y = data.underdetermined_regression(5, 12, seed=3)
    Xn, yn = data.underdetermined_regression(5, 12, noise=0.5, seed=3)
    np.testing.assert_array_equal(X, Xn)
    assert not np.allclose(y, yn)


def test_one_equation_2d():
    X, y = data.one_equation_2d()
    np.testing.assert_allclose(np.linalg.pinv(X) @ y, [0.4, 0.8])


@pytest.mark.parametrize("kind", ["zero", "random", "null"])
def test_initialization_kinds(kind):
    X, y = data.underdetermined_regression(5, 12, seed=0)
    w0 = data.initialization(kind, X, y, scale=2.0, seed=1)
    assert w0.shape == (12,)
    P_null = np.eye(12) - np.linalg.pinv(X) @ X
    if kind == "zero":
        np.testing.assert_array_equal(w0, 0)
    elif kind == "null":
        np.testing.assert_allclose(P_null @ w0, w0, atol=1e-12)
        assert np.linalg.norm(w0) > 0
    else:
        assert np.linalg.norm(P_null @ w0) > 0.1 and np.linalg.norm(w0 - P_null @ w0) > 0.1
    np.testing.assert_array_equal(w0, data.initialization(kind, X, y, scale=2.0, seed=1))


@pytest.mark.parametrize("call, name", [
    (lambda: data.underdetermined_regression(0, 5), "n"),
    (lambda: data.underdetermined_regression(3, 5, noise=-1), "noise"),
    (lambda: data.underdetermined_regression(3, 5, seed=1.5), "seed"),
    (lambda: data.initialization("ones", np.ones((2, 3)), np.ones(2)), "kind"),
    (lambda: data.initialization("random", np.ones((2, 3)), np.ones(2), scale=-1), "scale"),
])
def test_bad_input(call, name):
    with pytest.raises(ValueError, match=name):
        call()
