"""What every check shares: the verdict (`Feedback`) and the helpers that read an answer.

Each `as_*` helper returns (the answer as numbers, "") or, when the answer is not of that kind,
(None, the message that says so), which the check hands straight to `feedback`.
"""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Feedback:
    """The verdict of a check: truthy exactly when the answer is right, with the message shown."""

    correct: bool
    message: str

    def __bool__(self):
        return self.correct

    def __repr__(self):
        return ("Correct! " if self.correct else "Not yet. ") + self.message


def feedback(correct, message):
    """Print the verdict ("Correct! ..." or "Not yet. ...") and return it as a Feedback."""
    fb = Feedback(bool(correct), message)
    print(repr(fb))
    return fb


def as_vector(answer, d, name="your answer"):
    """(the answer as a vector of d floats, "") or (None, the message saying what is wrong)."""
    try:
        a = np.asarray(answer, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        return None, f"{name} should be a vector of {d} numbers, got {type(answer).__name__}."
    if a.shape != (d,):
        return None, f"{name} should have {d} entries, it has {a.size}."
    if not np.all(np.isfinite(a)):
        return None, f"{name} contains NaN or inf."
    return a, ""


def as_matrix(answer, shape, name="your answer"):
    """(the answer as a float array of this shape, "") or (None, the message saying what is
    wrong)."""
    try:
        a = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return None, f"{name} should be a {shape[0]} x {shape[1]} array of numbers."
    if a.shape != shape:
        return None, f"{name} should have shape {shape}, it has shape {a.shape}."
    if not np.all(np.isfinite(a)):
        return None, f"{name} contains NaN or inf."
    return a, ""


def as_number(answer):
    """(float(answer), "") or, when it is not a number, (None, the message saying so)."""
    try:
        return float(answer), ""
    except (TypeError, ValueError):
        return None, f"Your answer should be a number, got {type(answer).__name__}."
