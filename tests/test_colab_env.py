"""Colab as it is (issue 16): lectures_lib on the packages Google Colab ships, not on our pins.

tests/colab-constraints.txt pins Colab's own versions (ipywidgets 7.7.1, ipykernel 6.17.1,
numpy 2.1.3, matplotlib 3.10.0, scikit-learn 1.6.1, numba 0.61.2, ...; its header gives the source).
A venv is built from exactly that file, once per version of the file (in ~/.cache/lectures-lib/,
pip's cache reused; rebuilt if a run left it different). Then, in that venv:
- the notebooks' setup cell runs as on Colab, with the working tree in place of the repository URL:
  it installs lectures_lib and replaces none of Colab's packages (pip list is the pinned set plus
  lectures-lib);
- every notebook runs top to bottom without error on that venv's kernel (tools/export.execute,
  with a kernelspec pointing at the venv's Python);
- every demo displays as a widget and each of its controls changes its figure (the tests of
  tests/test_demos.py that say so, run by the venv's own pytest on the installed package).
Building the venv needs PyPI: without it these tests skip with the reason; in CI (CI=true) they
fail.
Measured here (2 cores, under the lock): building the venv 35 s; then the whole file 90 s (the
seven notebooks 66 s, the demos 18 s, the setup cell's install 4 s).
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from lectures_lib import demos
from tools import export, setup_cell

ROOT = Path(__file__).resolve().parent.parent
CONSTRAINTS = ROOT / "tests" / "colab-constraints.txt"
# what building the package reads (pyproject.toml: readme, license-files, packages)
PACKAGE_FILES = ("pyproject.toml", "README.md", "LICENSE", "lectures_lib")
# the tests of tests/test_demos.py that run in the venv: displayed as a widget, controls work
DEMO_TESTS = "test_every_control_changes_the_figure or test_displays_as_a_widget"


def pins(text):
    """{normalized name: version} of the `name==version` lines of a requirements or freeze text."""
    out = {}
    for line in text.splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            out[re.sub(r"[-_.]+", "-", name).lower()] = version.strip()
    return out


def run(cmd, timeout=900, **kwargs):
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=timeout,
                          **kwargs)


def unavailable(reason):
    """Skip locally, fail in CI: CI must build the environment."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def freeze(python):
    """{name: version} of every package in the venv, pip and setuptools included."""
    return pins(run([python, "-m", "pip", "list", "--format=freeze"]).stdout)


def build_venv(venv):
    """A new venv from tests/colab-constraints.txt at `venv`; returns the seconds it took."""
    start = time.perf_counter()
    shutil.rmtree(venv, ignore_errors=True)
    for cmd in ([sys.executable, "-m", "venv", venv],
                [venv / "bin" / "python", "-m", "pip", "install", "--quiet", "-r", CONSTRAINTS]):
        result = run(cmd)
        if result.returncode:
            unavailable("cannot build the Colab-like venv (needs PyPI): "
                        + (result.stderr or result.stdout)[-1500:])
    return time.perf_counter() - start


@pytest.fixture(scope="session")
def colab_python(tmp_path_factory):
    """The Python of a venv with Colab's packages in which the setup cell has installed
    lectures_lib from the working tree; returns (python, freeze before the install)."""
    text = CONSTRAINTS.read_text()
    key = hashlib.sha256((text + sys.version).encode()).hexdigest()[:12]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "lectures-lib"
    venv = cache / f"colab-env-{key}"
    python = venv / "bin" / "python"
    cache.mkdir(parents=True, exist_ok=True)
    expected = pins(text)
    if python.exists():  # an earlier run's lectures_lib out, with numba's cache files in it
        run([python, "-m", "pip", "uninstall", "--quiet", "--yes", "lectures-lib"])
        for left in venv.glob("lib/python*/site-packages/lectures_lib"):
            shutil.rmtree(left)
    if not python.exists() or freeze(python) != expected:
        print(f"\nColab-like venv built in {build_venv(venv):.0f} s: {venv}")
    else:
        print(f"\nColab-like venv reused: {venv}")
    before = freeze(python)
    assert before == expected, "the venv differs from tests/colab-constraints.txt"

    # The setup cell of every notebook, with the working tree instead of the git URL.
    src = tmp_path_factory.mktemp("colab-src")
    for name in PACKAGE_FILES:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, src / name)
    url = 'f"git+https://github.com/{REPO}"'
    assert setup_cell.SETUP.count(url) == 1, "the setup cell no longer installs from the git URL"
    cell = setup_cell.SETUP.replace(url, repr(str(src)))
    result = run([python, "-c", cell], cwd=tmp_path_factory.mktemp("colab-cwd"),
                 env={**os.environ, "MPLBACKEND": "Agg"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "lectures_lib is not installed here: installing it" in result.stdout, result.stdout
    return python, before


def test_setup_cell_installs_lectures_lib_and_replaces_nothing(colab_python):
    python, before = colab_python
    after = freeze(python)
    assert "lectures-lib" in after
    changed = {name: (before.get(name), after.get(name))
               for name in before.keys() | after.keys()
               if name != "lectures-lib" and before.get(name) != after.get(name)}
    assert not changed, f"installing lectures_lib changed Colab's packages: {changed}"


@pytest.fixture
def colab_kernel(colab_python, tmp_path, monkeypatch):
    """Make the kernel "python3" that tools/export.execute starts the venv's Python."""
    python, _ = colab_python
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (Colab's versions)", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    return tmp_path


def test_the_kernel_has_colabs_versions(colab_kernel):
    """The notebooks below really run on the venv: its ipywidgets and numpy, the installed
    lectures_lib (not the working tree)."""
    path = colab_kernel / "versions.ipynb"
    code = ("import ipywidgets, numpy, lectures_lib\n"
            "print(ipywidgets.__version__, numpy.__version__, lectures_lib.__file__)")
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)]), path)
    outputs = export.execute(path).cells[0].outputs
    widgets, numpy, lib = "".join(o.get("text", "") for o in outputs
                                  if o.get("name") == "stdout").split()
    expected = pins(CONSTRAINTS.read_text())
    assert (widgets, numpy) == (expected["ipywidgets"], expected["numpy"])
    assert "site-packages" in lib and not lib.startswith(str(ROOT)), lib


@pytest.mark.parametrize("path", sorted(export.NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_notebook_runs_with_colabs_versions(colab_kernel, path):
    export.execute(path)  # raises CellExecutionError at the first cell with an error


def test_every_demo_displays_and_its_controls_change_the_figure(colab_python, tmp_path):
    """tests/test_demos.py's tests of the controls and of the display, run by the venv's pytest
    on the installed lectures_lib (no conftest: the venv has no hypothesis)."""
    python, _ = colab_python
    (tmp_path / "tests").mkdir()
    (tmp_path / "pytest.ini").write_text("[pytest]\n")  # the rootdir, not this repository
    for name in ("__init__.py", "helpers.py", "test_demos.py"):
        shutil.copy(ROOT / "tests" / name, tmp_path / "tests" / name)
    result = run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                  "-W", "error::RuntimeWarning", "-W", "ignore::DeprecationWarning",
                  "-k", DEMO_TESTS, "tests/test_demos.py"],
                 cwd=tmp_path, env={**os.environ, "MPLBACKEND": "Agg"})
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    assert summary.startswith(f"{2 * len(demos.ALL)} passed"), summary
