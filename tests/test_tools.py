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
