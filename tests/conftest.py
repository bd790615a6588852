"""Shared test settings.

Hypothesis: no deadline (shared, noisy machines), and derandomized in CI (CI=true) so a run is
repeatable; locally it explores new examples each time.
"""

import os

import matplotlib

matplotlib.use("Agg")

from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("ci", deadline=None, derandomize=True, max_examples=40,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None, max_examples=40)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


import pytest  # noqa: E402


@pytest.fixture(scope="session")
def executed_notebooks():
    """Every notebook executed once (fresh kernel), shared by the tests that read outputs."""
    from tools import export

    return {path: export.execute(path) for path in sorted(export.NOTEBOOKS.glob("*.ipynb"))}


@pytest.fixture(scope="session")
def static_site(executed_notebooks, tmp_path_factory):
    """make html and make slides, from the executed notebooks: {"html": folder, "slides": folder,
    "entries": [(stem, title), ...]}."""
    from tools import export

    root = tmp_path_factory.mktemp("site")
    entries = export.build(root / "html", root / "slides", executed=executed_notebooks)
    return {"html": root / "html", "slides": root / "slides", "entries": entries}
