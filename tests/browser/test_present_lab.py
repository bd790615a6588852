"""Presenting inside JupyterLab with jupyterlab-slideshow, as the README tells an instructor, in
Chromium: Run All, click the title, press the slideshow button of the notebook toolbar ("Toggle
Deck"), then Space slide by slide (no slide skipped) up to the first demo. There the widgets are
live: a slider moved with the keyboard (Tab to it, ArrowRight) and one dragged with the mouse each
redraw the figure, the key moves the slider and not the slide, and Escape leaves the slideshow.
Then what keeps presenting out of git (Makefile, git-filter): in a clone with the nbstripout git
filter, a notebook presented and saved leaves `git status` clean (the servers' pre-save hook), and
outputs written by another tool are never committed (the filter)."""

import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from ..test_notebooks import what_git_would_commit
from . import slides
from .conftest import ROOT, screenshot
from .launch import start_lab, stop
from .test_notebooks_in_browser import IDLE, run_all

pytestmark = pytest.mark.browser
PRESENTED = ["01_min_norm_least_squares.ipynb", "05_max_margin_soudry.ipynb"]
DECK_BUTTON = ".jp-NotebookPanel-toolbar [data-command='deck:toggle']"
ON_SCREEN = ".jp-Notebook .jp-Cell.jp-deck-mod-onscreen"
SAVE_HOOK = ROOT / "jupyter-settings" / "jupyter_server_config.py"


def on_screen(page):
    """Indices of the cells on the current slide."""
    return page.evaluate("() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')].flatMap("
                         "(c, i) => c.classList.contains('jp-deck-mod-onscreen') ? [i] : [])")


def presenting(page):
    return page.evaluate("() => document.body.dataset.jpDeckMode") == "presenting"


def slides_to_first_demo(name, root=ROOT):
    """The cells that start a slide or subslide, in order, up to the slide of the first demo (a
    code cell that is just `demos.xxx()`), and that demo's cell index."""
    cells = nbformat.read(root / "notebooks" / name, as_version=4).cells
    demo = next(i for i, c in enumerate(cells)
                if c.cell_type == "code" and re.fullmatch(r"demos\.\w+\(.*\)", c.source.strip()))
    starts = [i for i, c in enumerate(cells)
              if c.metadata.get("slideshow", {}).get("slide_type") in ("slide", "subslide")]
    return [i for i in starts if i < demo], demo


def present_to_first_demo(page, url, name, root=ROOT):
    """Open, Run All, start the slideshow on the title, Space until the first demo is shown.
    Asserts that every slide on the way was shown, in order."""
    page.goto(f"{url}/lab/tree/notebooks/{name}?reset")
    page.wait_for_selector(IDLE, timeout=90000)
    run_all(page)
    page.locator(".jp-MarkdownCell").first.click()  # the slideshow starts at the selected cell
    page.locator(DECK_BUTTON).click()
    page.wait_for_function("() => document.body.dataset.jpDeckMode === 'presenting'")
    starts, demo = slides_to_first_demo(name, root)
    shown = [on_screen(page)[0]]
    for _ in range(3 * len(starts)):
        if demo in on_screen(page):
            break
        page.keyboard.press("Space")
        time.sleep(0.3)
        if on_screen(page)[0] != shown[-1]:
            shown.append(on_screen(page)[0])
    assert shown == starts, f"slides shown {shown}, expected {starts}"
    assert demo in on_screen(page), on_screen(page)
    return demo


def wait_for_new_figure(figure, before, what):
    deadline = time.monotonic() + 60
    while figure.get_attribute("src") == before and time.monotonic() < deadline:
        time.sleep(0.2)
    assert figure.get_attribute("src") != before, f"the figure did not change after {what}"


def readout(slider):
    """The value a slider shows next to it."""
    return slider.locator(".widget-readout").inner_text()


@pytest.mark.parametrize("name", PRESENTED)
def test_present_in_jupyterlab_with_live_sliders(lab, page, name):
    try:
        present_to_first_demo(page, lab, name)
        slide = on_screen(page)
        sliders = page.locator(f"{ON_SCREEN} .widget-slider")
        handles = sliders.locator(".noUi-handle")
        assert handles.count() >= 2, "no two sliders on the demo's slide"
        figure = page.locator(f"{ON_SCREEN} .widget-output img").first
        figure.wait_for(timeout=60000)

        # the keyboard: Tab from the slide to the first slider, ArrowRight
        for _ in range(10):
            if handles.first.evaluate("h => h === document.activeElement"):
                break
            page.keyboard.press("Tab")
        assert handles.first.evaluate("h => h === document.activeElement"), "Tab: no slider"
        value, src = readout(sliders.first), figure.get_attribute("src")
        page.keyboard.press("ArrowRight")
        wait_for_new_figure(figure, src, "ArrowRight on a slider")
        assert readout(sliders.first) != value
        assert presenting(page) and on_screen(page) == slide, "ArrowRight changed the slide"
        assert handles.first.evaluate("h => h === document.activeElement")

        # the mouse: drag the handle of the second slider (iterations in both demos)
        value, src = readout(sliders.nth(1)), figure.get_attribute("src")
        box = handles.nth(1).bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + 30, y, steps=5)
        page.mouse.up()
        wait_for_new_figure(figure, src, "dragging a slider")
        assert readout(sliders.nth(1)) != value
        assert presenting(page) and on_screen(page) == slide
        screenshot(page, f"present_lab_{name.removesuffix('.ipynb')}")
        assert not slides.widget_errors(page), slides.widget_errors(page)

        # on to the next slide: click the slide's text, then Space (a code cell takes a press);
        # ArrowRight too is the slideshow's "next slide" (the keyboard override leaves the deck
        # alone; before, it jumped from heading to heading)
        for key in ("Space", "ArrowRight"):
            here = on_screen(page)
            page.locator(f"{ON_SCREEN}.jp-MarkdownCell").first.click()
            for _ in range(4):
                page.keyboard.press(key)
                time.sleep(0.3)
                if on_screen(page) != here:
                    break
            assert presenting(page) and on_screen(page)[0] > here[-1], \
                f"{key} did not go on from {here}"

        page.keyboard.press("Escape")
        page.wait_for_function("() => document.body.dataset.jpDeckMode !== 'presenting'")
    finally:
        screenshot(page, f"present_lab_{name.removesuffix('.ipynb')}_end")


@pytest.fixture
def clone_with_filter(tmp_path):
    """A git clone of this repository with the nbstripout filter installed by the Makefile's own
    target (this venv; -o: the venv is taken as up to date, so make installs nothing in it)."""
    if subprocess.run(["git", "-C", ROOT, "rev-parse"], capture_output=True).returncode:
        pytest.skip("not a git checkout: there is no git filter to test")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", ROOT, clone], check=True)
    venv = sys.prefix
    made = subprocess.run(["make", "-C", clone, "-f", ROOT / "Makefile", f"VENV={venv}",
                           "-o", f"{venv}/.runtime", "git-filter"],
                          capture_output=True, text=True, check=True)
    assert "nbstripout: git filter for *.ipynb" in made.stdout, made.stdout + made.stderr
    assert git(clone, "status", "--porcelain") == "", "the filter changes committed notebooks"
    url, proc = start_lab(clone, tmp_path / "scratch")
    try:
        yield url, clone
    finally:
        stop(proc)


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], capture_output=True, text=True,
                          check=True).stdout


def test_presenting_and_saving_leaves_git_status_clean(clone_with_filter, page):
    """The pre-save hook (jupyter-settings/jupyter_server_config.py, installed by make lab / make
    test): notebook 01 presented with its outputs on screen and saved with Ctrl+S is written
    without them, byte for byte the committed file, and `git status` is clean."""
    installed = Path(sys.prefix, "etc", "jupyter", "jupyter_server_config.py")
    assert installed.is_file() and installed.read_text() == SAVE_HOOK.read_text(), \
        f"{installed} is not the repository's {SAVE_HOOK.name}: run make test"
    url, clone = clone_with_filter
    name = PRESENTED[0]
    path = clone / "notebooks" / name
    committed, mtime = path.read_bytes(), path.stat().st_mtime_ns
    present_to_first_demo(page, url, name, root=clone)
    assert page.locator(".jp-OutputArea-output").count() > 10  # the outputs are on screen
    page.keyboard.press("Control+s")
    deadline = time.monotonic() + 30
    while path.stat().st_mtime_ns == mtime and time.monotonic() < deadline:
        time.sleep(0.2)
    assert path.stat().st_mtime_ns != mtime, "Ctrl+S did not save the notebook"
    # the server writes the file in place (after a backup copy), so it may be read half-written:
    # it must become the committed file
    while path.read_bytes() != committed and time.monotonic() < deadline:
        time.sleep(0.2)
    assert path.read_bytes() == committed
    assert git(clone, "status", "--porcelain") == ""


def test_the_git_filter_keeps_outputs_written_by_other_tools_out_of_commits(clone_with_filter):
    """Outputs written into a notebook by something other than this venv's servers (another
    editor, nbconvert --inplace): git reads the file through the filter, so there is nothing to
    commit, and the instructor's own run of test_committed_without_outputs passes."""
    _, clone = clone_with_filter
    name = PRESENTED[0]
    path = clone / "notebooks" / name
    nb = nbformat.read(path, as_version=4)
    code = next(c for c in nb.cells if c.cell_type == "code")
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="an output\n")]
    code.execution_count = 1
    nbformat.write(nb, path)
    assert git(clone, "diff", "--stat") == ""
    assert list(what_git_would_commit(path, clone)) == ["staged"]
    staged = nbformat.reads(git(clone, "show", f":notebooks/{name}"), as_version=4)
    assert not any(c.get("outputs") for c in staged.cells)
    # git status decides by file size, without the filter, until the file is staged again; staging
    # it (README) stages nothing and leaves the checkout clean, the outputs still in the file
    git(clone, "add", "notebooks")
    assert git(clone, "status", "--porcelain") == ""
    assert git(clone, "diff", "--cached", "--stat") == ""
    assert nbformat.read(path, as_version=4).cells[nb.cells.index(code)].outputs
