"""The first two code cells of every notebook, written from one source.

    python tools/setup_cell.py            rewrite them in every notebook        (make setup-cells)
    python tools/setup_cell.py --check    exit 1 if that would change a notebook

SETUP is the same in every notebook: it installs lectures_lib where it is missing (Colab, a bare
kernel) and sets the house plotting style. The short cell after it (id "imports") is the part that
differs: which lectures_lib modules the notebook uses, always under the aliases in ALIASES. To add
a module to a notebook, edit MODULES below and run `make setup-cells`; tests/test_tools.py fails
when a notebook differs from what this script writes. The cells keep their ids and slide metadata
(a missing imports cell is created after the setup cell), and their outputs are stripped.
"""

import argparse
import sys
from pathlib import Path

import nbformat

from lectures_lib import REPO_SLUG

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

SETUP = f'''\
# Setup. In JupyterLab, Notebook, VS Code or Binder the course library `lectures_lib` is already
# installed (make lab / Binder do it). On Colab, or in a bare kernel, this cell installs it first
# from the course repository, and says so. On Binder it says that the session is temporary.
REPO = "{REPO_SLUG}"
try:
    import lectures_lib
except ImportError:
    import subprocess
    import sys

    print(f"lectures_lib is not installed here: installing it from https://github.com/{{REPO}} ...")
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet",
                           f"git+https://github.com/{{REPO}}"])
    import lectures_lib
if note := lectures_lib.binder_note():  # on Binder only: its session and files are temporary
    print(note)

from lectures_lib import plotting

plotting.use_style()  # for a projector: plotting.use_style(presentation=True)'''

# One alias per module, the same in every notebook; modules not listed are imported by name.
ALIASES = {"least_squares": "ls", "linear_nets": "ln", "max_margin": "mm"}

# The lectures_lib modules each notebook imports (plotting comes with the setup cell).
MODULES = {
    "00_overview": ["data", "demos", "exercises", "overview"],
    "01_min_norm_least_squares": ["data", "demos", "exercises", "least_squares"],
    "02_early_stopping_filters": ["data", "demos", "exercises", "least_squares", "spectral"],
    "03_two_layer_linear_nets": ["data", "demos", "exercises", "linear_nets"],
    "04_perceptron_bound": ["data", "demos", "exercises", "perceptron", "svm"],
    "05_max_margin_soudry": ["data", "demos", "exercises", "max_margin"],
    "06_beyond_linear": ["data", "demos", "exercises", "max_margin", "nonlinear"],
}

IMPORTS_ID = "imports"
SLIDE = {"slideshow": {"slide_type": "skip"}}


def imports(stem):
    """The imports cell of notebook `stem`, sorted as ruff's isort would write it."""
    if stem not in MODULES:
        raise SystemExit(f"{stem}.ipynb: add its modules to MODULES in tools/setup_cell.py")
    modules = sorted(MODULES[stem])
    plain = [m for m in modules if m not in ALIASES]
    lines = ["import numpy as np", ""]
    if plain:
        lines.append(f"from lectures_lib import {', '.join(plain)}")
    lines += [f"from lectures_lib import {m} as {ALIASES[m]}" for m in modules if m in ALIASES]
    return "\n".join(lines)


def _set(cell, source):
    cell.source = source
    cell.outputs = []
    cell.execution_count = None
    for key, value in SLIDE.items():
        cell.metadata.setdefault(key, value)


def rewrite(nb, stem):
    """The notebook with its setup and imports cells written from this file (changes nb)."""
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    at = code[0]
    _set(nb.cells[at], SETUP)
    nxt = nb.cells[at + 1] if at + 1 < len(nb.cells) else None
    if nxt is None or nxt.get("id") != IMPORTS_ID:
        nxt = nbformat.v4.new_code_cell(id=IMPORTS_ID, metadata=dict(SLIDE))
        nb.cells.insert(at + 1, nxt)
    _set(nxt, imports(stem))
    return nb


def written(path):
    """(current text of the notebook file, the text this script would write)."""
    path = Path(path)
    before = path.read_text()
    nb = rewrite(nbformat.reads(before, as_version=4), path.stem)
    nbformat.validate(nb)
    return before, nbformat.writes(nb) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if a notebook would change")
    args = parser.parse_args()
    stale = []
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        before, after = written(path)
        if before != after:
            stale.append(path.name)
            if not args.check:
                path.write_text(after)
    verb = "would change" if args.check else "rewrote"
    print(f"{verb}: {', '.join(stale)}" if stale else "every notebook is up to date")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
