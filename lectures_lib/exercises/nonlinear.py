"""Notebook 06 (beyond linear models): the norm of the tensor a polynomial network computes.
(Notebook 06 also asks for the max-margin vector: max_margin.check_svm_direction.)

Each check prints its verdict and returns a Feedback; see the package docstring.
"""

import numpy as np

from lectures_lib import validate
from lectures_lib.exercises._core import as_number, feedback


def check_tensor_norm(answer, W1, W2, m):
    """Exercise (notebook 06): the norm ||T||_F of the tensor T = sum_j W2_j w_j^(⊗m) that a
    one-output polynomial network computes: sqrt(sum_jk W2_j W2_k (w_j . w_k)^m)."""
    W1 = validate.matrix(W1, "W1")
    w2 = validate.vector(np.asarray(W2, dtype=float).reshape(-1), W1.shape[0], "W2")
    m = validate.integer(m, "m", low=1)
    truth = float(np.sqrt(max(w2 @ ((W1 @ W1.T) ** m) @ w2, 0.0)))
    a, problem = as_number(answer)
    if a is None:
        return feedback(False, problem)
    def close(value):
        return abs(a - value) <= 1e-8 * max(abs(value), 1e-300)

    if close(truth):
        return feedback(True, f"||T||_F = {truth:.6g}.")
    if close(truth**2):
        return feedback(False, "That is ||T||_F squared.")
    G, norms = W1 @ W1.T, np.linalg.norm(W1, axis=1)
    if close(np.sqrt(max(np.sum(G**m), 0.0))):
        return feedback(False, "You left out the output weights W2: T = sum_j W2_j w_j^(⊗m), "
                        "so each term (w_j . w_k)^m is weighted by W2_j W2_k.")
    if close(np.sqrt(np.sum(w2**2 * norms ** (2 * m)))):
        return feedback(False, "You kept only the terms j = k: the tensors w_j^(⊗m) are not "
                        "orthogonal, the cross terms W2_j W2_k (w_j . w_k)^m (j != k) count too.")
    if close(np.sum(np.abs(w2) * norms**m)):
        return feedback(False, "That is sum_j |W2_j| ||w_j||^m, the triangle-inequality upper "
                        "bound, not the norm. Expand ||T||_F^2 = <T, T> instead.")
    wrong_power = [k for k in range(1, 2 * m + 1) if k != m
                   and close(np.sqrt(max(w2 @ (G**k) @ w2, 0.0)))]
    if wrong_power or close(np.sqrt(max(w2 @ np.linalg.matrix_power(G, m) @ w2, 0.0))):
        return feedback(False, "Check the power: each entry w_j . w_k is raised to the power "
                        f"m = {m}, entrywise (not a matrix power).")
    return feedback(False, "Hint: <u^(⊗m), v^(⊗m)> = (u . v)^m, so ||sum_j c_j w_j^(⊗m)||^2 = "
                    "sum_jk c_j c_k (w_j . w_k)^m.")
