"""Every notebook as a student meets it: JupyterLab in Chromium, Run All, then every demo's first
slider moved with the keyboard alone. nbval never renders a widget; this does. The same Run All
carries the accessibility checks of issue 14 (a11y.py): axe-core finds no critical or serious
violation in the cells; every figure has alt text that follows the controls; the status line is a
live region; Tab reaches each demo's first slider and ArrowRight moves it. Notebook 01 is also
checked in Notebook 7 (with the repository's keyboard override) and in Voila."""

import json
import re
import time

import nbformat
import pytest

from .a11y import NOTEBOOK_CONTEXT, PAGE_CONTEXT, axe_problems, check_demo
from .conftest import ROOT, SCREENSHOTS, screenshot
from .launch import OVERRIDES_D

pytestmark = pytest.mark.browser
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
IDLE = ".jp-Notebook-ExecutionIndicator[data-status='idle']"
DEMOS = ".jp-OutputArea-output:has(.widget-output img)"  # the output that holds one demo
STDERR = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
ONE_NOTEBOOK = "01_min_norm_least_squares.ipynb"  # the one checked in Notebook 7 and Voila


def run_all(page):
    """Run All from the Run menu; wait until every code cell has an execution count."""
    page.locator(".jp-Notebook:visible").first.click()
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_text("Run All Cells", exact=True).click()
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        prompts = page.locator(".jp-CodeCell .jp-InputArea-prompt").all_inner_texts()
        if prompts and all(re.fullmatch(r"\[\d+\]:", p.strip()) for p in prompts):
            page.wait_for_selector(IDLE, timeout=60000)
            return
        time.sleep(0.5)
    raise AssertionError(f"Run All did not finish: prompts {prompts}")


def demos_in(name):
    """How many code cells of the notebook show a demo (a cell that is just `demos.xxx()`)."""
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    return sum(bool(re.fullmatch(r"demos\.\w+\(.*\)", c.source.strip()))
               for c in nb.cells if c.cell_type == "code")


def check_every_demo(page, name, client, context):
    """After Run All (or Voila's render): no error, every demo shown, axe on `context`, then
    check_demo on each demo. Returns the accessibility problems found (the caller asserts)."""
    assert page.locator(STDERR).count() == 0, page.locator(STDERR).all_inner_texts()
    assert page.get_by_text("Error displaying widget").count() == 0
    demos = page.locator(DEMOS)
    deadline = time.monotonic() + 30
    while demos.count() < demos_in(name) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert demos.count() == demos_in(name), (demos.count(), demos_in(name))
    time.sleep(0.5)  # the last redraws and typesetting before axe looks
    problems = axe_problems(page, context, f"{client} {name}")
    for i in range(demos.count()):
        demo = demos.nth(i)
        demo.scroll_into_view_if_needed()
        if i == 0 and client == "JupyterLab":  # the first demo as a student sees it (README)
            SCREENSHOTS.mkdir(exist_ok=True)
            demo.evaluate("e => e.scrollIntoView({block: 'start'})")
            time.sleep(0.3)
            page.screenshot(path=str(SCREENSHOTS / f"{name.removesuffix('.ipynb')}_demo.png"))
            demo.scroll_into_view_if_needed()
        problems += check_demo(page, demo, f"{client} {name} demo {i}")
    assert page.get_by_text("Error displaying widget").count() == 0
    return problems


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_and_every_demo_answers(lab, page, name):
    page.goto(f"{lab}/lab/tree/notebooks/{name}?reset")  # a fresh workspace: this tab only
    page.wait_for_selector(IDLE, timeout=90000)
    try:
        run_all(page)
        assert page.locator("mjx-container").count() > 0  # the LaTeX was typeset (MathJax 3)
        problems = check_every_demo(page, name, "JupyterLab", NOTEBOOK_CONTEXT)
        assert not problems, "\n".join(problems)
    finally:
        screenshot(page, name.removesuffix(".ipynb"))


def test_notebook7_runs_notebook_01_and_the_keyboard_moves_its_sliders(notebook7, page):
    """Notebook 7 with the override that `make lab` and Binder install: the server serves it, the
    arrow keys move a focused slider, and ArrowRight on a selected heading cell still goes to the
    next heading (the Notebook 7 feature the override keeps)."""
    page.goto(f"{notebook7}/notebooks/notebooks/{ONE_NOTEBOOK}")
    page.wait_for_selector(IDLE, timeout=90000)
    try:
        served = page.evaluate("""async () => {
            const r = await fetch('/lab/api/settings/@jupyterlab/shortcuts-extension:shortcuts');
            return (await r.json()).schema.properties.shortcuts.default;}""")
        for path in OVERRIDES_D.glob("*.json"):
            for entry in json.loads(path.read_text())[
                    "@jupyterlab/shortcuts-extension:shortcuts"]["shortcuts"]:
                assert entry in served, f"the server does not serve {entry} of {path.name}"
        run_all(page)
        problems = check_every_demo(page, ONE_NOTEBOOK, "Notebook 7", NOTEBOOK_CONTEXT)
        heading = page.locator(".jp-MarkdownCell:has(h2)").first
        heading.locator(".jp-InputPrompt").click(force=True)
        page.keyboard.press("Escape")
        before = active_cell(page)
        page.keyboard.press("ArrowRight")
        time.sleep(0.3)
        if active_cell(page) <= before:
            problems.append(f"ArrowRight on the heading cell {before} no longer moves on: "
                            f"active cell {active_cell(page)}")
        assert not problems, "\n".join(problems)
    finally:
        screenshot(page, "notebook7_01")


def active_cell(page):
    return page.evaluate("() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')]"
                         ".findIndex(c => c.classList.contains('jp-mod-active'))")


SLIDER_NOTEBOOK = [("markdown", "# A slider"),
                   ("code", "import ipywidgets\nipywidgets.IntSlider(description='n')"),
                   ("markdown", "## The next heading")]


@pytest.mark.parametrize("override", [True, False], ids=["with override", "without override"])
def test_notebook7_arrow_keys_on_a_slider(override, request, served_notebooks, page):
    """What the override changes, on a one-slider notebook: with it, ArrowRight on a focused
    slider moves the slider; without it (Notebook 7 as installed), Notebook 7 takes the key and
    moves the focus to the next heading cell (issue 14)."""
    url, folder = ((request.getfixturevalue("notebook7"), served_notebooks / "notebooks")
                   if override else request.getfixturevalue("notebook7_without_override"))
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {
        "name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}})
    nb.cells = [nbformat.v4.new_markdown_cell(src) if kind == "markdown"
                else nbformat.v4.new_code_cell(src) for kind, src in SLIDER_NOTEBOOK]
    nbformat.write(nb, folder / "one_slider.ipynb")
    page.goto(f"{url}/notebooks/notebooks/one_slider.ipynb")
    page.wait_for_selector(IDLE, timeout=90000)
    run_all(page)
    handle = page.locator(".noUi-handle")
    handle.wait_for(timeout=30000)
    page.locator(".jp-CodeCell .jp-InputPrompt").click(force=True)
    page.keyboard.press("Escape")
    for _ in range(10):
        if handle.evaluate("h => h === document.activeElement"):
            break
        page.keyboard.press("Tab")
    assert handle.evaluate("h => h === document.activeElement"), "Tab did not reach the slider"
    page.keyboard.press("ArrowRight")
    time.sleep(0.5)
    moved = float(handle.get_attribute("aria-valuenow")) == 1
    kept = handle.evaluate("h => h === document.activeElement")
    if override:
        assert moved and kept, (handle.get_attribute("aria-valuenow"), kept)
    else:
        assert not moved and not kept and active_cell(page) == 2, \
            "Notebook 7 no longer takes ArrowRight from a slider: is the override still needed?"


def test_voila_renders_notebook_01_as_a_dashboard(voila_server, page):
    page.goto(f"{voila_server}/voila/render/{ONE_NOTEBOOK}", timeout=180000)
    page.wait_for_selector(".widget-output img", timeout=180000)
    try:
        problems = check_every_demo(page, ONE_NOTEBOOK, "Voila", PAGE_CONTEXT)
        assert not problems, "\n".join(problems)
    finally:
        screenshot(page, "voila_01")


MATH_DONE = """() => window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0
    && document.querySelectorAll('.MathJax, .MathJax_Display').length > 0"""


# the slides, offline, with navigation: test_static_slides.py
@pytest.mark.parametrize("kind, page_name", [("html", "02_early_stopping_filters.html")])
def test_static_export_typesets_math_without_network(static_site, page, kind, page_name):
    """make html as a student without Binder (or network) reads it: every web request is
    refused, the math must still be typeset by the local MathJax copy, and the page must not have
    asked for anything (require.js comes from js/ next to it, as for the slides)."""
    refused = []

    def refuse(route):
        refused.append(route.request.url)
        route.abort()

    page.route(re.compile(r"^https?://"), refuse)
    page.goto((static_site[kind] / page_name).as_uri())
    try:
        page.wait_for_function(MATH_DONE, timeout=60000)
        typeset = page.locator(".MathJax, .MathJax_Display").count()
        assert typeset > 20, typeset
        assert page.get_by_text("Math Processing Error").count() == 0
        assert page.locator(".MathJax_Error, merror").count() == 0
        assert not refused, f"the page asked the network for {refused}"
    finally:
        screenshot(page, f"static_{kind}_{page_name.split('.')[0]}")
