"""The perceptron and Novikoff's bound.

Lecture section "The Perceptron Algorithm" and "Finiteness of Stopping Time" (Theorem 1, Block and
Novikoff 1962, in the form of Cristianini and Shawe-Taylor 2000). Labels are in {-1, +1}.

The perceptron is a subgradient method, point by point (SGD when the order is random), on the loss
l(w) = - sum over mistakes of y_i (w . x_i + b) = sum_i max(0, -y_i (w . x_i + b)), which has a kink
where a score is 0 (as at the start, w = 0). On a mistake (y_i (w . x_i + b) <= 0), -y_i x_i is a
subgradient of the point's term with respect to w, so a step of size 1 is
    w <- w + y_i x_i,   and with a bias   b <- b + y_i R^2,
the second being the step on the augmented vectors x^ = (x, R), w^ = (w, b/R) of the proof.
(The slide writes the update as w - eta y_i x_i and fires on "< 0": from w = 0 nothing would ever
fire, and the sign would move w away from the mistake; both are typos.)

Theorem 1: if both classes are present, the data lie in a ball of radius R and some (w_opt, b_opt)
with ||w_opt|| = 1 has y_i (w_opt . x_i + b_opt) >= gamma > 0 for all i, the number of updates is at
most (2R/gamma)^2 (with bias; Cristianini and Shawe-Taylor 2000, Thm 2.3), (R/gamma)^2 (without;
Novikoff 1962). The bias costs a factor of at most 4 in the bound: the proof gives
2 (1 + b_opt^2/R^2) R^2/gamma^2, and |b_opt| <= R - gamma because both classes are present (a
separating hyperplane cuts the ball of radius R; notebook 04 checks it). With one class only the
theorem fails: gamma can exceed 2R, while w = 0 always triggers one update.
"""

from dataclasses import dataclass

import numpy as np

from . import svm, validate


@dataclass(frozen=True, eq=False)
class PerceptronRun:
    """w, b: final hyperplane; updates: number of mistakes made (= updates k);
    converged: an epoch went by without a mistake; epochs: epochs run;
    history_w (k+1, d), history_b (k+1,): the hyperplane after each update (row 0 is zero);
    history_i (k,): the index of the point that caused each update; history_epoch (k,): the
    epoch (1, 2, ...) in which it happened; R: the radius used; bias: whether b was trained.
    Unlike the GD runs (history.Run) it is recorded update by update, so it has no iters, loss,
    diverged or step: the step is 1 (on the augmented vectors), and a run on data that are not
    separable stops after max_epochs with converged=False instead of diverging."""

    w: np.ndarray
    b: float
    updates: int
    converged: bool
    epochs: int
    history_w: np.ndarray
    history_b: np.ndarray
    history_i: np.ndarray
    history_epoch: np.ndarray
    R: float
    bias: bool


def radius(X):
    """R = max_i ||x_i||: the radius of the smallest origin-centred ball holding the data."""
    X = validate.matrix(X, "X")
    return float(np.sqrt(np.max(np.einsum("ij,ij->i", X, X))))


def margin(X, y, w, b=0.0):
    """Geometric margin of the hyperplane w . x + b = 0: min_i y_i (w . x_i + b) / ||w||
    (negative if some point is on the wrong side)."""
    X, y = svm.check_labels(X, y)
    w = validate.vector(w, X.shape[1], "w")
    if not np.any(w):
        raise ValueError("w must be nonzero")
    return float(np.min(y * (X @ w + b)) / np.linalg.norm(w))


def max_margin(X, y, bias=True):
    """gamma*: the largest geometric margin of any separating hyperplane (with an offset b when
    bias=True), from the exact hard-margin SVM (lectures_lib.svm). ValueError if not separable."""
    return svm.hard_margin_svm(X, y, bias).margin


def novikoff_bound(X, y, bias=True):
    """Theorem 1's bound on the number of updates: (2R/gamma*)^2 with bias, (R/gamma*)^2 without."""
    X, y = svm.check_labels(X, y)
    ratio = radius(X) / max_margin(X, y, bias)
    return (2 * ratio) ** 2 if bias else ratio**2


def train(X, y, bias=True, max_epochs=10000, order="cyclic", seed=0):
    """The perceptron from w = 0, b = 0: sweep over the data (in index order, or in a fresh
    random order each epoch), and on every mistake y_i (w . x_i + b) <= 0 update
    w <- w + y_i x_i (and b <- b + y_i R^2 with bias). Stops after the first epoch without a
    mistake (converged=True) or after max_epochs epochs (converged=False: non-separable data never
    loop forever). Returns a PerceptronRun.

    Within an epoch the next mistake is found by checking all remaining points of the epoch at once
    (one vectorized pass per update): the same algorithm, point by point, only faster.
    """
    X, y = svm.check_labels(X, y)
    max_epochs = validate.integer(max_epochs, "max_epochs", low=1)
    validate.choice(order, "order", ("cyclic", "random"))
    rng = np.random.default_rng(validate.seed(seed))
    n, d = X.shape
    R = radius(X)
    w, b = np.zeros(d), 0.0
    hist_w, hist_b, hist_i, hist_epoch = [w.copy()], [b], [], []
    converged = False
    epoch = 0
    for epoch in range(1, max_epochs + 1):
        perm = np.arange(n) if order == "cyclic" else rng.permutation(n)
        pos, mistakes = 0, 0
        while pos < n:
            rest = perm[pos:]
            scores = y[rest] * (X[rest] @ w + b)
            wrong = np.flatnonzero(scores <= 0)
            if wrong.size == 0:
                break
            i = rest[wrong[0]]
            w = w + y[i] * X[i]
            if bias:
                b = b + y[i] * R**2
            hist_w.append(w)
            hist_b.append(b)
            hist_i.append(i)
            hist_epoch.append(epoch)
            mistakes += 1
            pos += wrong[0] + 1
        if mistakes == 0:
            converged = True
            break
    return PerceptronRun(w=w, b=float(b), updates=len(hist_i), converged=converged, epochs=epoch,
                         history_w=np.array(hist_w), history_b=np.array(hist_b),
                         history_i=np.array(hist_i, dtype=int),
                         history_epoch=np.array(hist_epoch, dtype=int), R=R, bias=bool(bias))


def proof_quantities(run, X, y):
    """The two inequalities of Theorem 1's proof along a run, in the augmented space
    x^ = (x, R), w^ = (w, b/R) (without bias: x^ = x, w^ = w).

    Returns a dict of arrays over k = 0..updates:
      norm2    ||w^_k||^2,            bound_norm2 = 2 k R^2 (k R^2 without bias)
      progress w^_opt . w^_k,         bound_progress = k gamma*
    where w^_opt = (w_opt, b_opt/R) comes from the max-margin hyperplane with ||w_opt|| = 1.
    Together: k gamma* <= w^_opt . w^_k <= ||w^_opt|| ||w^_k|| <= ||w^_opt|| sqrt(2 k) R, which
    caps k at 2 ||w^_opt||^2 R^2 / gamma*^2 <= (2R/gamma*)^2.
    """
    X, y = svm.check_labels(X, y)
    sol = svm.hard_margin_svm(X, y, run.bias)
    scale = np.linalg.norm(sol.w)
    w_opt, b_opt, gamma = sol.w / scale, sol.b / scale, sol.margin
    R = run.R
    k = np.arange(run.updates + 1)
    if run.bias:
        W_hat = np.hstack([run.history_w, (run.history_b / R)[:, None]])
        opt_hat = np.append(w_opt, b_opt / R)
        norm_bound = 2 * k * R**2
    else:
        W_hat, opt_hat, norm_bound = run.history_w, w_opt, k * R**2
    return {"k": k, "norm2": np.sum(W_hat**2, axis=1), "bound_norm2": norm_bound,
            "progress": W_hat @ opt_hat, "bound_progress": k * gamma,
            "opt_norm": float(np.linalg.norm(opt_hat)), "gamma": gamma, "R": R}
