"""lectures_lib: the small library behind the implicit-regularization notebooks.

One module per lecture section (``least_squares``, ``spectral``, ...) plus shared plumbing
(``validate``, ``history``, ``widgets``, ``demos``, ``plotting``, ``exercises``, ``data``).
Conventions: samples are rows (``X`` has shape ``(n, d)``), every random function takes ``seed``,
optimizers return frozen result dataclasses, bad input raises ``ValueError`` naming the argument.
"""

__version__ = "0.1.0"

# The repository every launch link derives from (README, Binder, Colab, notebook setup cells).
# It is also pyproject.toml's [project.urls] Repository; tests/test_repository.py keeps them equal.
REPO_SLUG = "implicit-reg-notebooks/implicit-reg-notebooks"
