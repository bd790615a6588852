"""Checks for the notebooks' exercises: each says whether an answer is right and, if not, why.

    exercises.check_max_step(eta, X)   # prints "Correct! ..." or "Not yet. <a hint>"

Every check_* function prints its feedback and returns a Feedback, which is truthy exactly when
the answer is right (so `assert check_...(answer)` works in a solution cell). The reference answers
are computed here independently of the student's code and of the library's own optimizers (pinv,
explicit projections, one NNLS problem for the SVM). A check names the common wrong answers and
gives each its own hint; tests/test_exercises.py feeds the right answer and those wrong ones.

Where a check lives
-------------------
One module per notebook, named after the section module whose exercises it checks:

    _core.py           Feedback, `feedback` (print and return the verdict), and the helpers that
                       read an answer: as_number, as_vector, as_matrix
    overview.py        notebook 00   check_error_rate, check_loss_minimum
    least_squares.py   notebook 01   check_min_norm_solution, check_gd_limit, check_max_step
    spectral.py        notebook 02   check_gd_filter, check_half_point, check_rate_exponent
    linear_nets.py     notebook 03   check_min_norm_map, check_final_map
    perceptron.py      notebook 04   check_radius_and_margin, check_novikoff_bound
    max_margin.py      notebook 05   check_svm_direction (also asked in 06), check_norm_growth
    nonlinear.py       notebook 06   check_tensor_norm

A notebook calls every check through this package, `exercises.check_<name>(...)`; a new check
goes in its notebook's module and is re-exported below.
"""

from lectures_lib.exercises._core import Feedback
from lectures_lib.exercises.least_squares import (
    check_gd_limit,
    check_max_step,
    check_min_norm_solution,
)
from lectures_lib.exercises.linear_nets import check_final_map, check_min_norm_map
from lectures_lib.exercises.max_margin import (
    _svm_no_bias as _svm_no_bias,  # the checks' NNLS reference, tested against lectures_lib.svm
)
from lectures_lib.exercises.max_margin import check_norm_growth, check_svm_direction
from lectures_lib.exercises.nonlinear import check_tensor_norm
from lectures_lib.exercises.overview import check_error_rate, check_loss_minimum
from lectures_lib.exercises.perceptron import check_novikoff_bound, check_radius_and_margin
from lectures_lib.exercises.spectral import check_gd_filter, check_half_point, check_rate_exponent

__all__ = [
    "Feedback",
    "check_error_rate", "check_loss_minimum",
    "check_min_norm_solution", "check_gd_limit", "check_max_step",
    "check_gd_filter", "check_half_point", "check_rate_exponent",
    "check_min_norm_map", "check_final_map",
    "check_radius_and_margin", "check_novikoff_bound",
    "check_svm_direction", "check_norm_growth",
    "check_tensor_norm",
]
