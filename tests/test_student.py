"""The student edition (make student, tools/student.py): the notebooks without their solutions.

It is built once by the command an instructor runs, into a temporary folder. The tests check that
it has no solution cell and nothing else missing (every other cell, with its id, source and slide
metadata, in order; every exercise check), that it has no outputs, that the instructor copy is
left as it was, and that every student notebook runs top to bottom on a fresh kernel with no
error and nothing on stderr, each check given its placeholder printing "Not yet." and a hint
instead of raising. All seven are executed (about 40 s in all on a 2-core machine).
"""

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tools import export

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CHECK = re.compile(r"exercises\.check_\w+\(")


def is_solution(cell):
    return "solution" in cell.metadata.get("tags", [])


def digest(paths):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    """{notebook name: (instructor notebook, student notebook)}, built by the command itself."""
    out = tmp_path_factory.mktemp("student")
    (out / "notebooks").mkdir()
    (out / "notebooks" / "99_renamed_since.ipynb").write_text("{}")  # from an earlier build
    before = digest(NOTEBOOKS)
    run = subprocess.run([sys.executable, "tools/student.py", "--out", str(out)], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert digest(NOTEBOOKS) == before, "make student changed the instructor copy in notebooks/"
    written = sorted((out / "notebooks").glob("*.ipynb"))
    assert [p.name for p in written] == [p.name for p in NOTEBOOKS]
    return {p.name: (nbformat.read(p, as_version=4), nbformat.read(out / "notebooks" / p.name, 4))
            for p in NOTEBOOKS}


def test_no_solution_and_nothing_else_missing(edition):
    for name, (teacher, student) in edition.items():
        nbformat.validate(student)
        solutions = [c for c in teacher.cells if is_solution(c)]
        assert solutions, f"{name}: the instructor copy has no solution cell to remove"
        assert not any(is_solution(c) for c in student.cells), name
        # an untagged solution would reach the students: every "# Solution" cell must be tagged
        assert not any(c.source.startswith("# Solution") for c in student.cells), name
        kept = [c for c in teacher.cells if not is_solution(c)]
        assert [(c.id, c.cell_type, c.source, c.metadata) for c in student.cells] == \
            [(c.id, c.cell_type, c.source, c.metadata) for c in kept], name
        assert student.metadata == teacher.metadata, name
        for cell in student.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, name


def test_every_exercise_keeps_its_check(edition):
    for name, (teacher, student) in edition.items():
        asked = {m for c in teacher.cells for m in CHECK.findall(c.source)}
        kept = {m for c in student.cells for m in CHECK.findall(c.source)}
        assert kept == asked and len(kept) >= 2, f"{name}: checks lost: {asked - kept}"
        placeholders = [c for c in student.cells if "# <- replace" in c.source]
        assert placeholders and all(CHECK.search(c.source) for c in placeholders), name


@pytest.mark.parametrize("name", [p.name for p in NOTEBOOKS])
def test_runs_top_to_bottom_and_the_checks_give_hints(edition, name, tmp_path):
    path = tmp_path / name
    nbformat.write(edition[name][1], path)
    nb = export.execute(path)  # raises on the first cell that raises
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.outputs:
            assert out.output_type != "error", f"{name} cell {i}: {out.get('ename')}"
            assert not (out.output_type == "stream" and out.name == "stderr"), \
                f"{name} cell {i} wrote to stderr: {out.text[:300]}"
        calls = len(CHECK.findall(cell.source))
        if calls:
            text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
            assert text.count("Not yet. ") == calls, f"{name} cell {i} printed {text!r}"
