"""Notebook hygiene and a clean run.

nbval (pytest --nbval-lax, configured in pyproject.toml) executes every notebook and fails on an
error; the verify cells assert, so a false claim fails there. nbval does not look at warnings, so
the test below executes each notebook once more and fails on anything written to stderr (warnings
included) or any error output.
"""

import re
from pathlib import Path

import nbformat
import pytest

import lectures_lib

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes", "-"}


def read(path):
    return nbformat.read(path, as_version=4)


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    for i, cell in enumerate(read(path).cells):
        if cell.cell_type == "code":
            assert not cell.outputs, f"cell {i} of {path.name} has outputs: strip them"
            assert cell.execution_count is None, f"cell {i} of {path.name} has an execution count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_anatomy(path):
    nb = read(path)
    nbformat.validate(nb)
    cells = nb.cells
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# ")
    for i, cell in enumerate(cells):
        slide = cell.metadata.get("slideshow", {}).get("slide_type")
        assert slide in SLIDE_TYPES, f"cell {i} of {path.name} has no RISE slide_type"
    text = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    for heading in ("## The claim", "## See it", "## Verify it", "## Exercises", "## Take-aways"):
        assert heading in text, f"{path.name} lacks the section {heading!r}"
    code = [c.source for c in cells if c.cell_type == "code"]
    # setup: import lectures_lib, install it from the repository only where that fails
    setup = code[0]
    assert f'REPO = "{lectures_lib.REPO_SLUG}"' in setup
    assert re.search(r"try:\s+import lectures_lib\s+except ImportError:", setup)
    assert "pip" in setup and "print(" in setup
    # verify cells assert; exercises are checked by exercises.check_*
    verify_at = next(i for i, c in enumerate(cells) if "## Verify it" in c.source)
    exercises_at = next(i for i, c in enumerate(cells) if "## Exercises" in c.source)
    verify = [c.source for c in cells[verify_at:exercises_at] if c.cell_type == "code"]
    assert verify and all("assert" in src for src in verify)
    checks = [src for src in code if "exercises.check_" in src]
    assert len({m for src in checks for m in re.findall(r"exercises\.check_\w+", src)}) >= 2
    solutions = [c for c in cells if "solution" in c.metadata.get("tags", [])]
    assert solutions and all(c.metadata.get("jupyter", {}).get("source_hidden") for c in solutions)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_runs_without_warnings_or_errors(path, executed_notebooks):
    nb = executed_notebooks[path]
    problems = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                problems.append(f"cell {i}: {out.ename}: {out.evalue}")
            elif out.output_type == "stream" and out.name == "stderr" and out.text.strip():
                problems.append(f"cell {i} wrote to stderr: {out.text.strip()[:300]}")
            elif "Warning" in str(out.get("text", "")):
                problems.append(f"cell {i} printed a warning: {out.text.strip()[:300]}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_links_between_notebooks_resolve(path):
    text = "\n".join(c.source for c in read(path).cells if c.cell_type == "markdown")
    for target in re.findall(r"\]\(([\w.-]+\.ipynb)\)", text):
        assert (path.parent / target).is_file(), f"{path.name} links to missing {target}"


def test_every_demo_is_shown_in_some_notebook():
    shown = "\n".join(c.source for p in NOTEBOOKS for c in read(p).cells if c.cell_type == "code")
    from lectures_lib import demos

    for name, factory in demos.ALL.items():
        assert f"demos.{factory.__name__}(" in shown, f"demo {name} is in no notebook"
