"""Notebook 04 (the perceptron): the radius and margin of a data set, and Novikoff's bound on the
number of updates.

Each check prints its verdict and returns a Feedback; see the package docstring.
"""

import numpy as np

from lectures_lib import validate
from lectures_lib.exercises._core import as_number, feedback


def check_radius_and_margin(R_answer, gamma_answer, X, y, w, b=0.0, rtol=1e-6):
    """Exercise (notebook 04): for the data (X, y) and the hyperplane w . x + b = 0, compute
    R = max_i ||x_i|| and the geometric margin gamma = min_i y_i (w . x_i + b) / ||w||."""
    X = validate.matrix(X, "X")
    y = validate.vector(y, X.shape[0], "y")
    w = validate.vector(w, X.shape[1], "w")
    b_arr = np.asarray(b, dtype=float)
    if b_arr.shape != () or not np.isfinite(b_arr):
        raise ValueError(f"b must be a finite number (the hyperplane's offset), got {b!r}")
    b = float(b_arr)
    R = float(np.max(np.linalg.norm(X, axis=1)))
    gamma = float(np.min(y * (X @ w + b)) / np.linalg.norm(w))
    (R_a, _), (g_a, _) = as_number(R_answer), as_number(gamma_answer)
    if R_a is None or g_a is None:
        return feedback(False, "Both answers should be numbers.")
    if abs(R_a - R) > rtol * R:
        return feedback(False, f"R = {R_a:.6g} is off. Hint: R is the largest norm of a data "
                        "point (a ball about the origin, not about the data's mean).")
    if abs(g_a - gamma) > rtol * abs(gamma):

        def close(value):
            return abs(g_a - value) <= rtol * abs(value)

        unnormalized = float(np.min(y * (X @ w + b)))
        if close(unnormalized):
            return feedback(False, "That is the functional margin. Divide by ||w|| to get the "
                            "geometric one (the theorem assumes ||w_opt|| = 1).")
        if close(float(np.min(y * (X @ w)) / np.linalg.norm(w))):
            return feedback(False, f"You left out the offset b = {b:.6g}: that is the margin of "
                            "the parallel hyperplane through the origin. Use "
                            "y_i (w . x_i + b) / ||w||.")
        if any(close(unnormalized / np.linalg.norm(np.append(w, c))) for c in (b, b / R)):
            return feedback(False, "Divide by ||w|| only, not by the norm of (w, b) or of the "
                            "augmented w^ = (w, b/R): b shifts the hyperplane, it does not tilt "
                            "it, and the distance of x_i to it is |w . x_i + b| / ||w||.")
        return feedback(False, "Hint: the margin is the smallest y_i (w . x_i + b) / ||w|| over "
                        "all points, the closest point to the hyperplane.")
    return feedback(True, f"R = {R:.6g}, gamma = {gamma:.6g}.")


def check_novikoff_bound(answer, R, gamma, bias=True, rtol=1e-9):
    """Exercise (notebook 04): the bound Theorem 1 gives on the number of updates, from R and
    gamma: (2R/gamma)^2 with a bias (the augmentation doubles ||x^||^2 and ||w^_opt||^2),
    (R/gamma)^2 without. Since k is an integer, the floor of the bound is accepted too. With a
    bias, the proof's sharper form 2 (1 + (1 - gamma/R)^2) R^2 / gamma^2 (from |b_opt| <= R - gamma)
    is also a valid bound: accepted, with a note that Theorem 1 states (2R/gamma)^2. Both classes
    are present, so gamma <= R (ValueError otherwise)."""
    R = validate.positive(R, "R")
    gamma = validate.positive(gamma, "gamma")
    if gamma > R:
        raise ValueError(f"gamma must be in (0, R] = (0, {R:g}] (with both classes present a "
                         f"separating hyperplane cuts the ball of radius R), got {gamma:g}")
    k, problem = as_number(answer)
    if k is None:
        return feedback(False, problem)

    def near(value):  # the value itself, or its floor (k is an integer)
        return (abs(k - value) <= rtol * value
                or (value >= 1 and abs(k - np.floor(value * (1 + rtol))) <= rtol * value))

    truth = (2 * R / gamma) ** 2 if bias else (R / gamma) ** 2
    if near(truth):
        return feedback(True, f"k <= {truth:.6g}.")
    if bias:
        sharp = 2 * (1 + (1 - gamma / R) ** 2) * R**2 / gamma**2
        if near(sharp):
            return feedback(True, f"k <= {sharp:.6g}: a valid bound, sharper than the one "
                            f"Theorem 1 states, (2R/gamma)^2 = {truth:.6g}. You used "
                            "|b_opt| <= R - gamma in ||w^_opt||^2 = 1 + b_opt^2/R^2.")
        if near(truth / 4):
            return feedback(False, "That is the bound without a bias. With the augmentation "
                            "x^ = (x, R), ||x^||^2 <= 2R^2 and ||w^_opt||^2 <= 2: a factor 4.")
        if near(truth / 2):
            return feedback(False, "That is 2R^2/gamma^2: you took ||w^_opt||^2 = 1. With the "
                            "bias, w^_opt = (w_opt, b_opt/R) has ||w^_opt||^2 = 1 + b_opt^2/R^2, "
                            "at most 2 since |b_opt| <= R.")
    else:
        if near(4 * truth):
            return feedback(False, "That is the bound with a bias. Without one, ||x_i||^2 <= R^2 "
                            "and ||w_opt|| = 1: (R/gamma)^2.")
        if near(2 * truth):
            return feedback(False, "Without a bias there is no augmentation: ||x_i||^2 <= R^2 "
                            "(not 2R^2), so ||w_k||^2 <= k R^2.")
    if near(np.sqrt(truth)):
        return feedback(False, "You forgot to square: the squeeze k gamma <= ||w^_opt|| ||w^_k|| "
                        "bounds sqrt(k), so k is at most the square of that number.")
    return feedback(False, "Hint: k gamma <= w^_opt . w^_k <= ||w^_opt|| ||w^_k|| and "
                    + ("||w^_k||^2 <= 2 k R^2" if bias else "||w_k||^2 <= k R^2")
                    + "; solve for k.")
