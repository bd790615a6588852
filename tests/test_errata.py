"""notebooks/ERRATA.md must point at cells that exist.

Every cell reference on the page is written ``NN · `first words of the cell` `` (NN the
notebook's two-digit prefix). For each one, notebooks/NN_*.ipynb must exist and have a cell whose
source, stripped, starts with those words or contains them. The table of errors must also have at
least one row that cites each of the notebooks 00-06. Reads the notebooks' JSON only (no kernel):
well under a second.
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ERRATA = ROOT / "notebooks" / "ERRATA.md"
CITATION = re.compile(r"(\d\d) · `([^`]+)`")
CELL_SEPARATOR = re.compile(r"(?<!\\)\|")          # table columns; "\|" is a literal bar
NOTEBOOKS_WITH_ERRATA = ["00", "01", "02", "03", "04", "05", "06"]


def sections():
    """{heading: [lines]} for the '## ' sections of ERRATA.md."""
    out, current = {}, None
    for line in ERRATA.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
            out[current] = []
        elif current is not None:
            out[current].append(line)
    return out


def table_rows():
    """(row number, last column) for every row of the table of errors."""
    rows = []
    for line in sections()["Errors and loose statements"]:
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in CELL_SEPARATOR.split(line.strip().strip("|"))]
        if cells[0].isdigit():
            rows.append((cells[0], cells[-1]))
    return rows


def citations():
    """(where, notebook, words) from every row's 'Checked in' and the 'Checked and right' list."""
    found = []
    for number, checked_in in table_rows():
        for nb, words in CITATION.findall(checked_in):
            found.append((f"row {number}", nb, words.replace("\\|", "|")))
    for line in sections()["Checked and right"]:
        for nb, words in CITATION.findall(line):
            found.append(("'Checked and right'", nb, words.replace("\\|", "|")))
    return found


def notebook_path(nb):
    paths = sorted((ROOT / "notebooks").glob(f"{nb}_*.ipynb"))
    return paths[0] if len(paths) == 1 else None


def cell_sources(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]).strip() if isinstance(c["source"], list) else c["source"].strip()
            for c in cells]


def test_table_parses():
    rows = table_rows()
    numbers = [int(n) for n, _ in rows]
    assert numbers == list(range(1, len(rows) + 1)), f"rows not numbered 1..{len(rows)}: {numbers}"
    assert len(citations()) >= len(rows) // 2, (
        "too few cell references parsed: is the format NN · `words` kept?")


def test_every_backticked_reference_in_checked_in_has_a_notebook():
    """A backticked phrase in 'Checked in' without its 'NN · ' would escape the check below."""
    for number, checked_in in table_rows():
        bare = re.sub(CITATION, "", checked_in)
        assert "`" not in bare, f"row {number}: cell reference without 'NN · ' in {checked_in!r}"


@pytest.mark.parametrize("where,nb,words", citations(),
                         ids=[f"{w}:{nb}:{t[:30]}" for w, nb, t in citations()])
def test_cited_cell_exists(where, nb, words):
    path = notebook_path(nb)
    assert path is not None, (
        f"{where}: notebook {nb} cited, but notebooks/{nb}_*.ipynb is missing or ambiguous")
    sources = cell_sources(path)
    assert any(s.startswith(words) or words in s for s in sources), (
        f"{where}: no cell of {path.name} starts with or contains {words!r} (renamed or removed?)")


def test_each_notebook_has_a_row():
    cited = {nb for _, checked_in in table_rows() for nb, _ in CITATION.findall(checked_in)}
    missing = [nb for nb in NOTEBOOKS_WITH_ERRATA if nb not in cited]
    assert not missing, f"no row of the table cites notebook(s) {missing}"
