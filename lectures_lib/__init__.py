"""lectures_lib: the small library behind the implicit-regularization notebooks.

One module per lecture section: ``overview`` (the opening slides), ``least_squares``,
``spectral`` (early stopping), ``linear_nets``, ``perceptron``, ``max_margin`` (Soudry et al.),
``nonlinear`` (polynomial and ReLU networks); ``svm`` (the exact hard-margin SVM both classification
sections use); and shared plumbing: ``validate``, ``history``, ``data``, ``widgets``, ``demos``,
``plotting``, ``exercises``, ``compiled`` (optional numba). The static HTML and slides are built
by ``tools/export.py``, outside the library.
Conventions: samples are rows (``X`` has shape ``(n, d)``), every random function takes ``seed``,
optimizers return frozen result dataclasses, bad input raises ``ValueError`` naming the argument.
"""

import os

__version__ = "0.1.0"

# The repository every launch link derives from (README, Binder, Colab, notebook setup cells).
# It is also pyproject.toml's [project.urls] Repository; tests/test_repository.py keeps them equal.
REPO_SLUG = "implicit-reg-notebooks/implicit-reg-notebooks"

# What a student on Binder should know before they type anything: the session and its files go
# away. BinderHub puts these variables into the environment of every session it launches.
BINDER_VARIABLES = ("BINDER_LAUNCH_HOST", "BINDER_REPO_URL")
BINDER_NOTE = ("This is a temporary Binder session: your changes are deleted when it ends (on "
               "mybinder.org after about 10 minutes without activity). To keep your work, use File "
               "> Download; if your course has a JupyterHub, open the notebooks from its link "
               "instead.")


def binder_note(environ=None):
    """The one-line warning for a Binder session (see BINDER_NOTE), or None anywhere else.
    environ: the environment to look at (default: this process's, os.environ)."""
    environ = os.environ if environ is None else environ
    return BINDER_NOTE if any(environ.get(name) for name in BINDER_VARIABLES) else None
