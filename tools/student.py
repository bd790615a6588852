"""The student edition: the notebooks without their solutions, from the one source.

    python tools/student.py [--out build/student]        (make student)

writes <out>/notebooks/<nb>.ipynb for every notebook in notebooks/: every cell tagged `solution`
removed by nbconvert's TagRemovePreprocessor, outputs and execution counts cleared; everything
else (exercise cells with their placeholders and `exercises.check_*` calls, cell ids, slide
metadata) as in the instructor copy, which is not touched. A check given a placeholder prints
"Not yet. <hint>" and does not raise, so the edition runs top to bottom (tests/test_student.py).
"""

import argparse
import copy
from pathlib import Path

import nbformat
from nbconvert.preprocessors import ClearOutputPreprocessor, TagRemovePreprocessor

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SOLUTION_TAG = "solution"


def student_edition(nb):
    """A copy of notebook nb without its solution cells and without outputs."""
    nb = copy.deepcopy(nb)  # the caller's notebook stays as it is
    nb, _ = TagRemovePreprocessor(remove_cell_tags={SOLUTION_TAG}).preprocess(nb, {})
    nb, _ = ClearOutputPreprocessor().preprocess(nb, {})
    return nb


def build(out_dir=ROOT / "build" / "student"):
    """Write the student edition of every notebook to out_dir/notebooks; return the paths.
    Notebooks left there by an earlier build are removed first (a renamed notebook would stay)."""
    target = Path(out_dir) / "notebooks"
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("*.ipynb"):
        old.unlink()
    written = []
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        nb = student_edition(nbformat.read(path, as_version=4))
        nbformat.validate(nb)
        nbformat.write(nb, target / path.name)
        written.append(target / path.name)
    return written


def main():
    parser = argparse.ArgumentParser(description="Write the notebooks without their solutions.")
    parser.add_argument("--out", default=str(ROOT / "build" / "student"),
                        help="folder to write notebooks/ into (default: build/student)")
    args = parser.parse_args()
    for path in build(args.out):
        print(path)


if __name__ == "__main__":
    main()
