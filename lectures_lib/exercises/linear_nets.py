"""Notebook 03 (two-layer linear networks): the minimum-norm end-to-end map, and the map GD ends at
from a given start.

Each check prints its verdict and returns a Feedback; see the package docstring.
"""

import numpy as np

from lectures_lib import validate
from lectures_lib.exercises._core import as_matrix, feedback


def check_min_norm_map(answer, X, Y, rtol=1e-8):
    """Exercise (notebook 03): the minimum-norm end-to-end map A* (shape (d', d)) for inputs X
    (n, d) and targets Y (n, d'). Answer: A* = (pinv(X) Y)^T."""
    X = validate.matrix(X, "X")
    Y = validate.matrix(Y, "Y")
    truth = (np.linalg.pinv(X) @ Y).T
    A, problem = as_matrix(answer, truth.shape)
    if A is None:
        if np.shape(answer) == truth.T.shape:
            return feedback(False, f"Shape {np.shape(answer)}: that is A*^T. The map sends "
                            f"x in R^{X.shape[1]} to R^{Y.shape[1]}, so A is d' x d.")
        return feedback(False, problem)
    scale = np.linalg.norm(truth)
    if np.linalg.norm(A - truth) <= rtol * scale:
        return feedback(True, "A* = (X^+ Y)^T: it fits the data and its rows lie in the span "
                        "of the samples.")
    if np.linalg.norm(X @ A.T - Y) <= 1e-6 * np.linalg.norm(Y):
        return feedback(False, "Your map fits the data but is not the shortest: remove the part "
                        "of its rows orthogonal to the samples.")
    return feedback(False, "Hint: each output is a least-squares problem of notebook 01; stack "
                    "their minimum-norm solutions as the rows of A.")


def check_final_map(answer, X, Y, W1_init, W2_final, rtol=1e-6, W2_init=None):
    """Exercise (notebook 03): GD from (W1_init, W2_init) converged to a global minimum with last
    layer W2_final. Predict the end-to-end map A = W2_final W1_final without the run.
    Answer: A* + W2_final W1_init P_null (Lemma 4: W1's null-space part never moves).

    The usual slips each get their own hint: A* alone, the starting W2 in place of the final one
    (only if W2_init is given), W1_init without the projection, the wrong projector X^+ X, and the
    frozen part without A*. If two slips give the same map on a particular problem, both hints are
    given.
    """
    X = validate.matrix(X, "X")
    Y = validate.matrix(Y, "Y")
    W1_init = validate.matrix(W1_init, "W1_init")
    W2_final = validate.matrix(W2_final, "W2_final")
    if W2_init is not None:
        W2_init = validate.matrix(W2_init, "W2_init")
        if W2_init.shape != W2_final.shape:
            raise ValueError(f"W2_init must have the shape of W2_final, {W2_final.shape}, got "
                             f"{W2_init.shape}")
    P_row = np.linalg.pinv(X) @ X
    P_null = np.eye(X.shape[1]) - P_row
    A_star = (np.linalg.pinv(X) @ Y).T
    truth = A_star + W2_final @ W1_init @ P_null
    A, problem = as_matrix(answer, truth.shape)
    if A is None:
        return feedback(False, problem)

    def close(M):
        return np.linalg.norm(A - M) <= rtol * max(np.linalg.norm(M), np.linalg.norm(truth))

    if close(truth):
        return feedback(True, "The row-space part of A is A* (A fits the data), the rest is the "
                        "frozen null-space part of W1, multiplied by the final W2.")
    slips = [
        (A_star, "That is A*, the answer for a row-space initialization. This W1 started with a "
         "null-space part: what happens to it?"),
        (A_star + W2_final @ W1_init, "The starting W1 also has a part in the span of the "
         "samples, and GD does change that part. Only W1^(0) P_null, with P_null = I - X^+ X, is "
         "frozen."),
        (A_star + W2_final @ W1_init @ P_row, "X^+ X projects onto the span of the samples, the "
         "part GD changes. The frozen part is the orthogonal one: W1^(0) (I - X^+ X)."),
        (W2_final @ W1_init @ P_null, "That is only the frozen part. At a global minimum A also "
         "fits the data: its row-space part is A*."),
    ]
    if W2_init is not None:
        slips.insert(1, (A_star + W2_init @ W1_init @ P_null, "You used the starting W2. W2 is "
                         "trained too: the frozen null-space part of W1 is multiplied by the "
                         "final W2, not the starting one."))
    hits = [hint for M, hint in slips if close(M)]
    if hits:
        return feedback(False, " Or: ".join(hits))
    return feedback(False, "Hint: split W1 = W1 P_row + W1 P_null. Which part does GD change, and "
                    "what must A P_row be at a global minimum?")
