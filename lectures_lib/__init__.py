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

__version__ = "0.1.0"

# The repository every launch link derives from (README, Binder, Colab, notebook setup cells).
# It is also pyproject.toml's [project.urls] Repository; tests/test_repository.py keeps them equal.
REPO_SLUG = "implicit-reg-notebooks/implicit-reg-notebooks"
