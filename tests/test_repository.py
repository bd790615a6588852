"""The repository as a newcomer meets it: README links, Binder configuration, pins."""

import re
import tomllib
from pathlib import Path

import lectures_lib

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
LINK = re.compile(r"\((https?://[^)\s]+)\)")


def pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_one_slug_everywhere():
    url = pyproject()["project"]["urls"]["Repository"]
    assert url == f"https://github.com/{lectures_lib.REPO_SLUG}"
    assert lectures_lib.REPO_SLUG in README


def test_readme_launch_links_derive_from_the_slug_and_point_at_existing_notebooks():
    slug = lectures_lib.REPO_SLUG
    binder = [u for u in LINK.findall(README) if "mybinder.org" in u]
    colab = [u for u in LINK.findall(README) if "colab.research.google.com" in u]
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks, "no notebooks"
    assert len(binder) == len(colab) == len(notebooks), "one Binder and one Colab link per notebook"
    for url in binder:
        m = re.fullmatch(rf"https://mybinder\.org/v2/gh/{re.escape(slug)}/HEAD"
                         r"\?urlpath=lab/tree/notebooks/([\w.-]+\.ipynb)", url)
        assert m, f"Binder link not built from the slug or not opening JupyterLab: {url}"
        assert (ROOT / "notebooks" / m.group(1)).is_file(), url
    for url in colab:
        m = re.fullmatch(rf"https://colab\.research\.google\.com/github/{re.escape(slug)}"
                         r"/blob/main/notebooks/([\w.-]+\.ipynb)", url)
        assert m, f"Colab link not built from the slug: {url}"
        assert (ROOT / "notebooks" / m.group(1)).is_file(), url
    for path in re.findall(r"\]\((notebooks/[\w.-]+\.ipynb)\)", README):
        assert (ROOT / path).is_file(), path


def test_binder_installs_the_pinned_requirements_and_nothing_else():
    binder = ROOT / "binder"
    lines = [ln.strip() for ln in (binder / "requirements.txt").read_text().splitlines()
             if ln.strip() and not ln.strip().startswith("#")]
    assert lines == ["-r ../requirements.txt"], "binder/ must refer to the one pinned list"
    assert not (binder / "environment.yml").exists()
    runtime = (binder / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.1[1-3]", runtime), runtime
    post = binder / "postBuild"
    if post.exists():
        first = [ln for ln in post.read_text().splitlines() if ln and not ln.startswith("#!")][0]
        assert first.strip() == "set -e"


def _pins(path):
    pins = {}
    for line in (ROOT / path).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==")
            pins[name.strip().lower().replace("_", "-")] = version.strip()
    return pins


def test_requirements_are_pinned_and_widgets_in_step():
    pins = _pins("requirements.txt")
    for name in ("jupyterlab", "notebook", "numpy", "matplotlib", "ipywidgets",
                 "jupyterlab-widgets", "scipy", "scikit-learn"):
        assert name in pins, f"{name} is not pinned"
    assert pins["jupyterlab"].startswith("4.") and pins["notebook"].startswith("7.")
    assert pins["ipywidgets"].startswith("8.") and pins["jupyterlab-widgets"].startswith("3.")
    assert "-e ." in (ROOT / "requirements.txt").read_text().splitlines()


def test_installed_versions_match_the_pins():
    """The environment the tests run in is the pinned one (make test builds it)."""
    from importlib.metadata import version

    for name, pinned in _pins("requirements.txt").items():
        assert version(name) == pinned, f"{name}: installed {version(name)}, pinned {pinned}"


def test_pyproject_keeps_loose_lower_bounds_only():
    for dep in pyproject()["project"]["dependencies"]:
        assert "==" not in dep and ">=" in dep, dep


def test_pyproject_packages_every_subpackage_of_the_library():
    # The packages are listed by hand: a subpackage left out would be missing from `pip install .`
    # (Colab) while the editable install used here still imports it.
    listed = set(pyproject()["tool"]["setuptools"]["packages"])
    on_disk = {".".join(p.parent.relative_to(ROOT).parts)
               for p in (ROOT / "lectures_lib").rglob("__init__.py")}
    assert listed == on_disk


def test_makefile_and_ci():
    make = (ROOT / "Makefile").read_text()
    for target in ("lab:", "test:", "bench:"):
        assert target in make
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci and "set -e" in ci
    assert "error::RuntimeWarning" in (ROOT / "pyproject.toml").read_text()


def test_readme_shows_a_screenshot_per_notebook():
    for nb in (ROOT / "notebooks").glob("*.ipynb"):
        shot = f"notebooks/screenshots/{nb.stem}.png"
        assert shot in README, f"README has no screenshot of {nb.name}"
        assert (ROOT / shot).is_file(), shot
