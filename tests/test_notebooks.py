"""Notebook hygiene and a clean run.

nbval (pytest --nbval-lax, configured in pyproject.toml) executes every notebook and fails on an
error; the verify cells assert, so a false claim fails there. nbval does not look at warnings, so
the test below executes each notebook once more and fails on anything written to stderr (warnings
included) or any error output.
"""

import re
import subprocess
from pathlib import Path

import nbformat
import pytest

import lectures_lib

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
# A cell without a slide_type continues the slide above it. "-" means the same to nbconvert and
# RISE, but jupyterlab-slideshow does not show such cells at all (issue 15), so it is not used.
SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes", None}


def read(path):
    return nbformat.read(path, as_version=4)


def test_there_are_notebooks():
    assert NOTEBOOKS


def what_git_would_commit(path, root=ROOT):
    """{version: text} of the notebook `path` as git would commit it: the staged copy (the index,
    what `git commit` takes), and the file on disk unless a clean filter is configured for it (the
    nbstripout filter of `make lab` and `make test` strips outputs as git reads the file, so a
    saved, presented notebook is not what gets committed). Outside a git work tree: the file."""
    def git(*args):
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)

    top = git("rev-parse", "--show-toplevel")
    if top.returncode or Path(top.stdout.strip()).resolve() != Path(root).resolve():
        return {"on disk": path.read_text()}
    rel = path.relative_to(root).as_posix()
    versions = {}
    staged = git("show", f":{rel}")
    if staged.returncode == 0:
        versions["staged"] = staged.stdout
    driver = git("check-attr", "filter", "--", rel).stdout.rsplit(": ", 1)[-1].strip()
    if not git("config", f"filter.{driver}.clean").stdout.strip():
        versions["on disk"] = path.read_text()
    return versions


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    """What git would commit has no outputs: the staged notebook, and the file on disk unless the
    nbstripout git filter is installed (then git strips the file's outputs itself). An instructor
    who presented and saved a notebook (outputs on disk, filter installed) passes; a notebook with
    outputs that is staged or committed (or on disk without the filter) fails, and CI, on a clean
    clone, checks the committed files."""
    for version, text in what_git_would_commit(path).items():
        for i, cell in enumerate(nbformat.reads(text, as_version=4).cells):
            if cell.cell_type == "code":
                where = f"cell {i} of {path.name} ({version})"
                assert not cell.outputs, f"{where} has outputs: strip them"
                assert cell.execution_count is None, f"{where} has an execution count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_anatomy(path):
    nb = read(path)
    nbformat.validate(nb)
    cells = nb.cells
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# ")
    for i, cell in enumerate(cells):
        slide = cell.metadata.get("slideshow", {}).get("slide_type")
        assert slide in SLIDE_TYPES, f"cell {i} of {path.name} has the slide_type {slide!r}"
    assert cells[0].metadata["slideshow"]["slide_type"] == "slide"
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


def headings(nb):
    """(level, text) of every heading in the notebook's markdown cells, in order: ATX (`## Text`)
    and setext (a line of === or --- under text) headings outside code fences, and <h1>-<h6>
    tags."""
    found = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        fence = None
        previous = ""
        for line in cell.source.splitlines():
            opening = re.match(r" {0,3}(`{3,}|~{3,})", line)
            if fence is None and opening:
                fence = opening.group(1)[0] * 3
            elif fence is not None:
                if line.strip().startswith(fence):
                    fence = None
            elif m := re.match(r" {0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$", line):
                found.append((len(m.group(1)), m.group(2) or ""))
            elif re.fullmatch(r" {0,3}(=+|-+)\s*", line) and previous.strip():
                found.append((1 if "=" in line else 2, previous.strip()))
            if fence is None:
                found += [(int(level), text) for level, text in
                          re.findall(r"<h([1-6])\b[^>]*>(.*?)</h\1>", line, re.I)]
            previous = line if fence is None else ""
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_headings_in_order(path):
    """One H1 (the title, first), and going down no level is skipped (H1 -> H3 is; H3 -> H2 is
    fine): screen-reader users move through a notebook by its headings (issue 14)."""
    found = headings(read(path))
    assert found and found[0][0] == 1, f"{path.name}: the first heading is {found[:1]}"
    titles = [text for level, text in found if level == 1]
    assert len(titles) == 1, f"{path.name} has {len(titles)} H1 headings: {titles}"
    for (above, _), (level, text) in zip(found, found[1:]):
        assert level <= above + 1, f"{path.name}: H{above} -> H{level} skips a level at {text!r}"


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
