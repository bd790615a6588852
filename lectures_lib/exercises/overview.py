"""Notebook 00 (the overview): the error rate of a classifier and the iteration where the test loss
is smallest.

Each check prints its verdict and returns a Feedback; see the package docstring.
"""

import numpy as np

from lectures_lib import validate
from lectures_lib.exercises._core import as_number, feedback


def check_error_rate(answer, W, X, y):
    """Exercise (notebook 00): the error rate of the linear classifier with scores X W on (X, y):
    the fraction of rows whose largest score is not at the label's index. An answer rounded to
    three or more decimals (within 5e-4) is accepted; one rounded to two decimals gets a
    near-miss message; a percentage, the accuracy or the number of mistakes get their own hints
    (also when rounded)."""
    X = validate.matrix(X, "X")
    W = validate.matrix(W, "W")
    y = np.asarray(y)
    mistakes = int(np.sum((X @ W).argmax(axis=1) != y))
    truth = mistakes / len(y)
    a, problem = as_number(answer)
    if a is None:
        return feedback(False, problem)
    exact = f"{mistakes}/{len(y)} = {truth:.5f}"
    if abs(a - truth) <= 1e-12:
        return feedback(True, f"error rate {exact}.")
    if abs(a - truth) <= 5e-4:
        return feedback(True, f"error rate {exact} (your {a:g} is it rounded).")
    if a > 1 and abs(a / 100 - truth) <= 5e-4:
        return feedback(False, "That is a percentage; give a fraction between 0 and 1.")
    if abs(a - (1 - truth)) <= 5e-4:
        return feedback(False, "That is the accuracy; the error rate is 1 minus it.")
    if truth > 0 and abs(a - mistakes) <= 1e-9:
        return feedback(False, "That is the number of mistakes; the error rate divides it by the "
                        "number of rows (np.mean instead of np.sum).")
    if a == 0 and truth > 0:
        return feedback(False, "0 is the training error GD reaches; on these (test) rows some "
                        "predictions are wrong. Hint: (X @ W).argmax(axis=1) vs y.")
    if abs(a - truth) <= 5e-3:
        return feedback(False, "Close, but round to at least three decimals: to two decimals "
                        "several error rates look the same.")
    return feedback(False, "Hint: (X @ W).argmax(axis=1) is the predicted class of each row.")


def check_loss_minimum(answer, iters, test_loss):
    """Exercise (notebook 00): at which recorded iteration is the test loss smallest? (Early
    stopping on the loss would stop there; the test error barely cares.)"""
    iters = np.asarray(iters)
    test_loss = validate.vector(test_loss, len(iters), "test_loss")
    truth = int(iters[int(np.argmin(test_loss))])
    try:
        a = int(answer)
    except (TypeError, ValueError):
        return feedback(False, f"Your answer should be an iteration count, got {answer!r}.")
    if a == truth:
        return feedback(True, f"t = {truth}; after it the test loss rises while training goes on.")
    if a == int(iters[-1]):
        return feedback(False, "That is the last iteration: the test loss there is higher than "
                        "earlier. Hint: np.argmin.")
    if a == int(np.argmin(test_loss)):
        return feedback(False, f"{a} is the position of the minimum in the list, not the "
                        "iteration: look it up in iters.")
    return feedback(False, "Hint: iters[np.argmin(test_loss)].")
