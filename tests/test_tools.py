"""tools/: the notebooks' setup and imports cells are the ones tools/setup_cell.py writes."""

from pathlib import Path

import pytest

from tools import setup_cell

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


def test_every_notebook_has_its_imports_listed():
    assert sorted(setup_cell.MODULES) == [p.stem for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_setup_cells_are_written_from_one_source(path):
    before, after = setup_cell.written(path)
    assert before == after, f"{path.name}: run `make setup-cells` (python tools/setup_cell.py)"


BINDER_CASES = [({}, False), ({"BINDER_LAUNCH_HOST": "https://mybinder.org/"}, True),
                ({"BINDER_REPO_URL": "https://github.com/a/b"}, True)]


@pytest.mark.parametrize("environment, shown", BINDER_CASES,
                         ids=["elsewhere", "BINDER_LAUNCH_HOST", "BINDER_REPO_URL"])
def test_the_setup_cell_says_a_binder_session_is_temporary(environment, shown):
    """Issue 16: the setup cell, executed in a fresh interpreter with the environment BinderHub
    gives a session, prints the one-line note about keeping one's work; without it, nothing."""
    import os
    import subprocess
    import sys

    from lectures_lib import BINDER_NOTE, BINDER_VARIABLES

    env = {k: v for k, v in os.environ.items() if k not in BINDER_VARIABLES} | environment
    env["MPLBACKEND"] = "Agg"
    run = subprocess.run([sys.executable, "-c", setup_cell.SETUP], env=env, capture_output=True,
                         text=True, timeout=120, check=True)
    assert (BINDER_NOTE in run.stdout) == shown, run.stdout
    assert "Download" in BINDER_NOTE and "JupyterHub" in BINDER_NOTE
