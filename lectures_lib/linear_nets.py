"""Two-layer linear networks x -> W2 W1 x trained by GD and SGD.

Lecture section "2-Layer Linear Networks" (gradient dynamics, Hessian, Lemma 4, Lemma 5,
Theorem 2). The lecture writes samples as columns (X is d x n); here samples are rows, as in the
rest of the library:

    X: (n, d) inputs, Y: (n, d') targets, W1: (N, d), W2: (d', N), A = W2 W1: (d', d)
    L(W1, W2) = 1/2 ||X W1^T W2^T - Y||_F^2     (the lecture's 1/2 ||W2 W1 X - Y||^2)
    E = X W1^T W2^T - Y  (n, d'; the transpose of the lecture's E)
    dL/dW1 = W2^T E^T X        (lecture: W2^T E X^T)
    dL/dW2 = E^T X W1^T        (lecture: E X^T W1^T; its W2-dot has the opposite sign, a typo)

Every gradient with respect to W1 is (something) times X, so it only adds combinations of the
samples x_i to the rows of W1: the part of W1's rows orthogonal to the samples (the lecture's
"elements of Null(X^T)") never changes (Lemma 4). Only the chain rule is used: for any loss l(F) of
the outputs F = X W1^T W2^T the gradient is W2^T G^T X with G = dl/dF (the section's final remark;
notebook 03 checks it for a logistic and a quartic loss).
"""

from dataclasses import dataclass

import numpy as np

from . import validate
from .history import Recorder


@dataclass(frozen=True, eq=False)
class NetRun:
    """The outcome of training a two-layer linear network.

    W1, W2        final weights (the last finite ones if the run diverged)
    W1_init, W2_init   the starting weights
    A             W2 @ W1, the end-to-end map, shape (d', d)
    iters         recorded iterations (log-spaced for long runs)
    loss          loss at each recorded iteration
    maps          A at each recorded iteration, shape (len(iters), d', d)
    null_parts    ||W1 P_null||_F at each recorded iteration (P_null: orthogonal to the samples)
    diverged, step
    """

    W1: np.ndarray
    W2: np.ndarray
    W1_init: np.ndarray
    W2_init: np.ndarray
    A: np.ndarray
    iters: np.ndarray
    loss: np.ndarray
    maps: np.ndarray
    null_parts: np.ndarray
    diverged: bool
    step: float


def _check_data(X, Y):
    X = validate.matrix(X, "X")
    Y = np.asarray(Y, dtype=float)
    if Y.ndim == 1:
        Y = Y[:, None]
    Y = validate.matrix(Y, "Y")
    if Y.shape[0] != X.shape[0]:
        raise ValueError(f"Y must have one row per sample: X has {X.shape[0]} rows, Y has "
                         f"{Y.shape[0]}")
    return X, Y


def _check_weights(W1, W2, X, Y):
    d, dout = X.shape[1], Y.shape[1]
    W1 = validate.matrix(W1, "W1")
    W2 = validate.matrix(W2, "W2")
    if W1.shape[1] != d:
        raise ValueError(f"W1 must have shape (hidden, d) = (., {d}), got {W1.shape}")
    if W2.shape != (dout, W1.shape[0]):
        raise ValueError(f"W2 must have shape (d', hidden) = ({dout}, {W1.shape[0]}), got "
                         f"{W2.shape}")
    return W1, W2


def loss(W1, W2, X, Y):
    """L = 1/2 ||X W1^T W2^T - Y||_F^2."""
    X, Y = _check_data(X, Y)
    W1, W2 = _check_weights(W1, W2, X, Y)
    return 0.5 * float(np.sum((X @ W1.T @ W2.T - Y) ** 2))


def gradients(W1, W2, X, Y):
    """(dL/dW1, dL/dW2) = (W2^T E^T X, E^T X W1^T) with E = X W1^T W2^T - Y."""
    X, Y = _check_data(X, Y)
    W1, W2 = _check_weights(W1, W2, X, Y)
    E = X @ W1.T @ W2.T - Y
    return W2.T @ E.T @ X, E.T @ X @ W1.T


def min_norm_map(X, Y):
    """A* = the minimum-norm global minimizer of 1/2 ||X A^T - Y||^2 over maps A of shape (d', d).

    A*^T = pinv(X) Y, i.e. A* = Y^T pinv(X)^T: the lecture's Y X^T (X X^T)^+ in its
    samples-as-columns notation. Its rows lie in the span of the samples.
    """
    X, Y = _check_data(X, Y)
    return (np.linalg.pinv(X) @ Y).T


def null_projector(X):
    """P_null = I - pinv(X) X: the orthogonal projector onto the directions orthogonal to every
    sample x_i (the lecture's Null(X^T)); W1 @ P_null is the part GD never changes."""
    X = validate.matrix(X, "X")
    return np.eye(X.shape[1]) - np.linalg.pinv(X) @ X


def null_space_part(X, W1):
    """The component of W1's rows orthogonal to the samples: W1 @ P_null, shape (N, d)."""
    X = validate.matrix(X, "X")
    W1 = validate.matrix(W1, "W1")
    if W1.shape[1] != X.shape[1]:
        raise ValueError(f"W1 must have {X.shape[1]} columns (one per input), got {W1.shape}")
    return W1 @ null_projector(X)


def hessian(W1, W2, X, Y):
    """The Hessian of L with respect to w = (vec(W1^T), vec(W2^T)), as on the slide.

    vec(W1^T) stacks the rows of W1 (= W1.ravel() in numpy's C order), likewise for W2, so
    w = concatenate([W1.ravel(), W2.ravel()]), of length N d + d' N. Blocks (lecture notation on
    the right, with its X = our X^T):
        H11 = (W2^T W2) kron (X^T X)                     (W2^T W2 ⊗ X X^T)
        H22 = I_{d'} kron (W1 X^T X W1^T)                (I_{d'} ⊗ W1 X X^T W1^T; the slide's
                                                           "XX^T W1 XX^T W1" is a typo)
        H12[(j,a),(k,m)] = W2[k,j] (X^T X W1^T)[a,m] + [j == m] (X^T E)[a,k]
    Returns the symmetric matrix [[H11, H12], [H12^T, H22]].
    """
    X, Y = _check_data(X, Y)
    W1, W2 = _check_weights(W1, W2, X, Y)
    N, d = W1.shape
    dout = W2.shape[0]
    G = X.T @ X
    E = X @ W1.T @ W2.T - Y
    H11 = np.kron(W2.T @ W2, G)
    H22 = np.kron(np.eye(dout), W1 @ G @ W1.T)
    cross = np.einsum("kj,am->jakm", W2, G @ W1.T)
    cross += np.einsum("jm,ak->jakm", np.eye(N), X.T @ E)
    H12 = cross.reshape(N * d, dout * N)
    return np.block([[H11, H12], [H12.T, H22]])


def balanced_minimum(X, Y, hidden):
    """A global minimizer with W2 W1 = A* and ||W1|| = ||W2|| per singular mode:
    W1 = sqrt(S) V^T, W2 = U sqrt(S) from the SVD A* = U S V^T (zero-padded to `hidden` units)."""
    X, Y = _check_data(X, Y)
    hidden = validate.integer(hidden, "hidden", low=1)
    U, s, Vt = np.linalg.svd(min_norm_map(X, Y), full_matrices=False)
    k = min(len(s), hidden)
    W1 = np.zeros((hidden, X.shape[1]))
    W2 = np.zeros((Y.shape[1], hidden))
    W1[:k] = np.sqrt(s[:k])[:, None] * Vt[:k]
    W2[:, :k] = U[:, :k] * np.sqrt(s[:k])
    return W1, W2


def stable_step(X, Y, hidden):
    """2 / lambda_max of the Hessian at the balanced global minimum.

    GD cannot settle at that minimum with a larger step (the minimum is linearly unstable there);
    it is the natural step scale of the problem, the analogue of 2/L for least squares. Smaller
    steps may still diverge far from the minimum (the loss is not globally smooth).
    """
    X, Y = _check_data(X, Y)
    W1, W2 = balanced_minimum(X, Y, hidden)
    return 2.0 / _top_eigenvalue(hessian(W1, W2, X, Y))


def _top_eigenvalue(H):
    """The largest eigenvalue of the symmetric matrix H. Above 100 x 100, Lanczos (ARPACK, from a
    fixed start) instead of a full eigendecomposition: the same number to rounding, and many times
    faster for the Hessians of notebook 03 (460 x 460 for N = d = 20, d' = 3)."""
    if H.shape[0] <= 100:
        return float(np.linalg.eigvalsh(H).max())
    from scipy.sparse.linalg import ArpackNoConvergence, eigsh

    v0 = np.random.default_rng(0).standard_normal(H.shape[0])
    try:
        return float(eigsh(H, k=1, which="LA", v0=v0, return_eigenvectors=False)[0])
    except ArpackNoConvergence:
        return float(np.linalg.eigvalsh(H).max())


def initialize(X, init="row_space", hidden=None, dout=None, init_scale=0.1, null_amount=0.0,
               seed=0):
    """Starting weights (W1, W2) for train.

    init: "row_space" (the rows of W1 are combinations of the samples: no null-space part),
    "random" (i.i.d. Gaussian, which generically has a null-space part), or "row_space+null"
    (row-space init plus null_amount times a Gaussian null-space part). Entries have standard
    deviation init_scale / sqrt(fan-in).
    """
    X = validate.matrix(X, "X")
    validate.choice(init, "init", ("row_space", "random", "row_space+null"))
    hidden = validate.integer(hidden, "hidden", low=1)
    dout = validate.integer(dout, "dout", low=1)
    init_scale = validate.nonnegative(init_scale, "init_scale")
    null_amount = validate.nonnegative(null_amount, "null_amount")
    d = X.shape[1]
    rng = np.random.default_rng(validate.seed(seed))
    W1 = init_scale * rng.standard_normal((hidden, d)) / np.sqrt(d)
    W2 = init_scale * rng.standard_normal((dout, hidden)) / np.sqrt(hidden)
    if init != "random":
        P_null = null_projector(X)
        W1 = W1 - W1 @ P_null
        if init == "row_space+null":
            extra = rng.standard_normal((hidden, d)) @ P_null
            W1 = W1 + null_amount * init_scale * extra / np.sqrt(d)
    return W1, W2


def train(X, Y, hidden, step, iters, init="row_space", init_scale=0.1, batch_size=None, seed=0,
          W1_init=None, W2_init=None, null_amount=0.0, train_W2=True, record=None, tol=None):
    """GD (batch_size None) or minibatch SGD on L = 1/2 ||X W1^T W2^T - Y||_F^2.

    GD:  W1 <- W1 - step W2^T E^T X,  W2 <- W2 - step E^T X W1^T  (both from the same iterate).
    SGD: the same with E and X restricted to a batch B of samples and scaled by n/|B|, so that
    the batch gradient is an unbiased estimate of the full one and the same step works for both
    (the lecture's W2^T E_t X_t^T). Batches: a fresh permutation every epoch, as in
    least_squares.sgd.
    init: see initialize; or pass W1_init and W2_init explicitly. train_W2=False keeps W2 fixed
    (minimization over W1 alone, as in Lemma 5).
    tol: if given, stop at the first recorded iteration whose loss is <= tol (demos use the
    rounding floor, after which the weights no longer change).
    record: which iterations to keep (see history.record_points). A history.Recorder keeps them
    and stops the run once the loss exceeds history.BLOWUP times its scale, 1/2 ||Y||_F^2 (the
    loss of the zero map) or the starting loss if that is larger. Returns a NetRun; a run that blew
    up has diverged=True and the last weights whose loss was below the limit (GD checks the loss
    at every iteration, SGD, for which it is a full pass over the data, only at recorded ones).
    """
    X, Y = _check_data(X, Y)
    n, d = X.shape
    dout = Y.shape[1]
    hidden = validate.integer(hidden, "hidden", low=1)
    step = validate.positive(step, "step")
    iters = validate.integer(iters, "iters", low=0)
    b = None if batch_size is None else validate.integer(batch_size, "batch_size", low=1, high=n)
    tol = None if tol is None else validate.nonnegative(tol, "tol")
    if (W1_init is None) != (W2_init is None):
        raise ValueError("W1_init and W2_init must be given together")
    if W1_init is None:
        W1, W2 = initialize(X, init, hidden, dout, init_scale, null_amount, seed)
    else:
        W1, W2 = _check_weights(W1_init, W2_init, X, Y)
        if W1.shape[0] != hidden:
            raise ValueError(f"W1_init has {W1.shape[0]} rows but hidden = {hidden}")
    W1_init, W2_init = W1.copy(), W2.copy()
    rec = Recorder(iters, record, scale=0.5 * float(np.vdot(Y, Y)))  # the loss of the zero map
    rng = np.random.default_rng(validate.seed(seed) + 1)
    with np.errstate(over="ignore", invalid="ignore"):  # a blow-up is caught below, not warned
        for t in range(iters + 1):
            if b is None or rec.due(t):  # SGD evaluates the full loss only where it is recorded
                H = X @ W1.T  # forward pass: hidden activations (n, N)
                E = H @ W2.T - Y  # errors (n, d')
                L = 0.5 * float(np.vdot(E, E))  # = 1/2 ||E||_F^2
                if rec.blown_up(t, L, W1=W1, W2=W2):
                    break
                if tol is not None and rec.due(t) and L <= tol:
                    break
            if t == iters:
                break
            if b is None:
                Xb, Hb, Eb, factor = X, H, E, 1.0
            else:  # SGD: the forward pass on the next batch of the epoch, its gradient times n/b
                j = t % (n // b)
                if j == 0:  # a new epoch: reshuffle the samples
                    perm = rng.permutation(n)
                batch = perm[j * b:(j + 1) * b]
                Xb = X[batch]
                Hb = Xb @ W1.T
                Eb = Hb @ W2.T - Y[batch]
                factor = n / b
            G1 = factor * ((Eb @ W2).T @ Xb)  # dL/dW1 = W2^T E^T X
            G2 = factor * (Eb.T @ Hb)  # dL/dW2 = E^T X W1^T
            W1 = W1 - step * G1
            if train_W2:
                W2 = W2 - step * G2
    if rec.diverged:  # the last weights before the loss blew up
        W1, W2 = rec.last["W1"], rec.last["W2"]
    W1s = rec.recorded("W1").reshape(-1, hidden, d)
    W2s = rec.recorded("W2").reshape(-1, dout, hidden)
    return NetRun(W1=W1, W2=W2, W1_init=W1_init, W2_init=W2_init, A=W2 @ W1, iters=rec.iters,
                  loss=rec.loss, maps=W2s @ W1s,
                  null_parts=np.linalg.norm(W1s @ null_projector(X), axis=(1, 2)),
                  diverged=rec.diverged, step=step)
