"""Every notebook as a student meets it: JupyterLab in Chromium, Run All, then every demo's first
slider moved with the keyboard. nbval never renders a widget; this does."""

import re
import time

import nbformat
import pytest

from .conftest import ROOT, SCREENSHOTS, screenshot

pytestmark = pytest.mark.browser
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
IDLE = ".jp-Notebook-ExecutionIndicator[data-status='idle']"


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


def move_first_slider(page, demo):
    """One key press on the demo's first slider: right, or left if it sits at its maximum."""
    handle = demo.locator(".noUi-handle").first
    at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
    handle.focus()
    page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")


def image_of(demo):
    imgs = demo.locator(".widget-output img")
    return [imgs.nth(i).get_attribute("src") for i in range(imgs.count())]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_and_every_demo_answers(lab, page, name):
    page.goto(f"{lab}/lab/tree/notebooks/{name}?reset")  # a fresh workspace: this tab only
    page.wait_for_selector(IDLE, timeout=90000)
    try:
        run_all(page)
        errors = page.locator(".jp-OutputArea-output[data-mime-type="
                              "'application/vnd.jupyter.stderr']")
        assert errors.count() == 0, errors.all_inner_texts()
        assert page.get_by_text("Error displaying widget").count() == 0
        assert page.locator("mjx-container").count() > 0  # the LaTeX was typeset (MathJax 3)
        demos = page.locator(".jp-OutputArea-output:has(.widget-output img)")
        assert demos.count() == demos_in(name), (demos.count(), demos_in(name))
        for i in range(demos.count()):
            demo = demos.nth(i)
            demo.scroll_into_view_if_needed()
            page.wait_for_function("e => e.querySelectorAll('.widget-output img').length > 0",
                                   arg=demo.element_handle(), timeout=30000)
            if i == 0:  # the first demo as a student sees it (the README shows these)
                SCREENSHOTS.mkdir(exist_ok=True)
                demo.evaluate("e => e.scrollIntoView({block: 'start'})")
                time.sleep(0.3)
                page.screenshot(path=str(SCREENSHOTS / f"{name.removesuffix('.ipynb')}_demo.png"))
                demo.scroll_into_view_if_needed()
            before = image_of(demo)
            move_first_slider(page, demo)
            deadline = time.monotonic() + 60
            while image_of(demo) == before and time.monotonic() < deadline:
                time.sleep(0.05)
            assert image_of(demo) != before, f"demo {i} of {name}: the figure did not change"
        assert page.get_by_text("Error displaying widget").count() == 0
    finally:
        screenshot(page, name.removesuffix(".ipynb"))


def test_voila_renders_notebook_01_as_a_dashboard(voila_server, page):
    page.goto(f"{voila_server}/voila/render/01_min_norm_least_squares.ipynb", timeout=180000)
    page.wait_for_selector(".widget-output img", timeout=180000)
    try:
        assert page.get_by_text("Error displaying widget").count() == 0
        assert page.locator(".jp-OutputArea-output[data-mime-type="
                            "'application/vnd.jupyter.stderr']").count() == 0
        demo = page.locator(".jp-OutputArea-output:has(.widget-output img)").first
        before = image_of(demo)
        move_first_slider(page, demo)
        deadline = time.monotonic() + 60
        while image_of(demo) == before and time.monotonic() < deadline:
            time.sleep(0.05)
        assert image_of(demo) != before
    finally:
        screenshot(page, "voila_01")


MATH_DONE = """() => window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0
    && document.querySelectorAll('.MathJax, .MathJax_Display').length > 0"""


@pytest.mark.parametrize("kind, page_name", [("html", "02_early_stopping_filters.html"),
                                             ("slides", "05_max_margin_soudry.slides.html")])
def test_static_export_typesets_math_without_network(static_site, page, kind, page_name):
    """make html / make slides as a student without Binder (or network) reads them: every web
    request is refused, and the math must still be typeset by the local MathJax copy."""
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
        assert not [u for u in refused if "mathjax" in u.lower()], refused
    finally:
        screenshot(page, f"static_{kind}_{page_name.split('.')[0]}")
