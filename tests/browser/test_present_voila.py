"""Code-free slides with live widgets from Voila (README, Presenting): the Voila template
"lectures-reveal" (jupyter-settings/voila/lectures-reveal/, installed by `make lab` and `make
test` with reveal.js and jQuery in its own static folder) in Chromium at a projector's 1280x720,
with every request to a host other than 127.0.0.1 refused (so nothing may come from a CDN).
Notebook 01 is served as `make slides-voila` serves it (Voila on its own), notebook 05 as on a
JupyterHub or Binder (Voila inside a Jupyter server under the base URL /user/instructor/,
?template=lectures-reveal). In each deck the keyboard reaches the first demo's slide; one slider
moved with the mouse and one with the keyboard each redraw the demo's figure; the arrow key on a
focused slider moves the slider and not the slide (the template's doing; reveal.js alone takes
the key too), and after a click on the slide the arrow keys change slides again. Every slide of
notebook 05 is also saved as a screenshot (screenshots/voila_slides_05/) with how far its
content runs past the slide box."""

import filecmp
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from . import slides
from .conftest import SCREENSHOTS
from .launch import ROOT, free_port, stop, wait_for

pytestmark = pytest.mark.browser
TEMPLATE = "lectures-reveal"
SOURCE = ROOT / "jupyter-settings" / "voila" / "lectures-reveal"
INSTALLED = Path(sys.prefix, "share", "jupyter", "voila", "templates", TEMPLATE)
HUB_BASE = "/user/instructor/"
VIEWPORT = {"width": 1280, "height": 720}
NOTEBOOK_01 = "01_min_norm_least_squares.ipynb"
NOTEBOOK_05 = "05_max_margin_soudry.ipynb"
SLIDE = ".reveal .slides section.present:not(.stack)"  # the slide on screen (not its column)
# Voila 0.5.13's own reveal.js bundle calls MathJax 2's MathJax.Hub on every slide change, but the
# page has no window.MathJax (its math is typeset by JupyterLab's MathJax 3 extension): one such
# uncaught error per slide change, harmless (the math is shown). Every other page error fails.
VOILA_MATHJAX2_CALL = "Cannot read properties of undefined (reading 'Hub')"


@pytest.fixture(scope="module")
def installed_template():
    """The template as `make lab` / `make test` installed it, the same files as its source."""
    assert (INSTALLED / "static" / "reveal.js-4.0.2" / "dist" / "reveal.css").is_file(), \
        f"{INSTALLED} is not installed: run `make test` (or `make lab`)"
    names = [p.name for p in SOURCE.iterdir()]
    _, differ, missing = filecmp.cmpfiles(SOURCE, INSTALLED, names, shallow=False)
    assert not differ and not missing, f"{INSTALLED} is older than {SOURCE}: run `make test`"


def start(command, cwd, url, log):
    proc = subprocess.Popen(command, cwd=cwd, stdout=log.open("w"), stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        wait_for(url, proc, log)
    except Exception:
        stop(proc)
        raise
    return proc


@pytest.fixture(scope="module")
def voila_slides(installed_template, served_notebooks):
    """`make slides-voila`: Voila on its own with the template, on a copy of notebooks/."""
    port = free_port()
    proc = start([sys.executable, "-m", "voila", "--no-browser", f"--port={port}",
                  f"--template={TEMPLATE}", "--Voila.ip=127.0.0.1", "--ServerApp.allow_root=True",
                  "notebooks"], served_notebooks, f"http://127.0.0.1:{port}/",
                 served_notebooks / "voila-slides.log")
    try:
        yield f"http://127.0.0.1:{port}/voila/render/"
    finally:
        stop(proc)


@pytest.fixture(scope="module")
def hub_slides(installed_template, served_notebooks, tmp_path_factory):
    """Voila as a Jupyter server extension under a base URL, as on a JupyterHub or Binder."""
    port = free_port()
    proc = start([sys.executable, "-m", "jupyter_server", "--no-browser", f"--port={port}",
                  "--ServerApp.ip=127.0.0.1", "--ServerApp.allow_root=True",
                  "--ServerApp.token=", "--ServerApp.password=", f"--ServerApp.base_url={HUB_BASE}",
                  f"--ServerApp.root_dir={served_notebooks}"], served_notebooks,
                 f"http://127.0.0.1:{port}{HUB_BASE}api/status",
                 tmp_path_factory.mktemp("hub") / "jupyter-server.log")
    try:
        yield (f"http://127.0.0.1:{port}{HUB_BASE}voila/render/notebooks/", f"?template={TEMPLATE}")
    finally:
        stop(proc)


def open_deck(page, url):
    """Open a deck with every request to another host refused; returns the refused URLs and the
    page's uncaught errors (lists that keep filling). Waits until the first slide is shown."""
    outside, errors = [], []

    def route(r):
        if r.request.url.startswith("http://127.0.0.1:"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda e: str(e) == VOILA_MATHJAX2_CALL or errors.append(str(e)))
    page.set_viewport_size(VIEWPORT)
    start = time.monotonic()
    page.goto(url, timeout=180000)
    page.wait_for_selector(SLIDE, state="visible", timeout=180000)
    print(f"{url}: the deck showed after {time.monotonic() - start:.1f} s")
    return outside, errors


def where(page):
    """The deck's place, as reveal.js writes it in the address (#/h or #/h/v)."""
    return page.evaluate("location.hash")


def next_slide(page):
    """Space, a presenter's "next": waits until another slide shows; returns its place."""
    before = where(page)
    page.keyboard.press("Space")
    page.wait_for_function("h => location.hash !== h", arg=before, timeout=10000)
    time.sleep(0.6)  # the slide transition
    return where(page)


def figure(page):
    return page.locator(f"{SLIDE} .widget-output img").first.get_attribute("src")


def wait_new_figure(page, old, what):
    try:
        page.wait_for_function(
            f"old => document.querySelector('{SLIDE} .widget-output img').src !== old",
            arg=old, timeout=30000)
    except Exception:
        raise AssertionError(f"the figure did not change after {what}") from None


def wait_for_math(page):
    """Until the formulas are typeset: by JupyterLab's MathJax 3 (Voila on its own) or by the
    Jupyter server's MathJax 2 (Voila as a server extension, slower: ~8 s more on notebook 05)."""
    page.wait_for_function("""() => document.querySelector('mjx-container') || (window.MathJax
        && MathJax.Hub && MathJax.Hub.queue.pending === 0 && document.querySelector('.MathJax'))""",
                           timeout=60000)


def raw_math(page):
    """Slides whose text still shows a $ (a formula left as TeX)."""
    return page.evaluate("""() => [...document.querySelectorAll('.reveal .slides section')]
        .filter(s => s.innerText.includes('$')).map(s => s.innerText.slice(0, 80))""")


@pytest.mark.parametrize("name, server", [(NOTEBOOK_01, "voila_slides"),
                                          (NOTEBOOK_05, "hub_slides")])
def test_deck_reaches_the_first_demo_and_its_sliders_are_live(page, request, name, server):
    served = request.getfixturevalue(server)
    prefix, query = served if isinstance(served, tuple) else (served, "")
    outside, errors = open_deck(page, prefix + name + query)
    shot = SCREENSHOTS / f"voila_deck_{name[:2]}_demo.png"
    places = [where(page)]
    try:
        assert page.locator(".reveal .jp-CodeCell .jp-InputArea").count() == 0, "code in the deck"
        while page.locator(f"{SLIDE} .widget-slider").count() == 0:
            assert len(places) < 40, f"no slider in the first 40 slides: {places}"
            places.append(next_slide(page))
        page.wait_for_selector(f"{SLIDE} .widget-output img", timeout=60000)
        wait_for_math(page)
        sliders = page.locator(f"{SLIDE} .widget-slider .noUi-handle")
        assert sliders.count() >= 2, sliders.count()
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(shot))
        slide = where(page)

        # the mouse: drag the first slider's handle 80 pixels to the right
        before = figure(page)
        box = sliders.nth(0).bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] / 2 + 80, box["y"] + box["height"] / 2, steps=8)
        page.mouse.up()
        wait_new_figure(page, before, "dragging the first slider")
        assert where(page) == slide

        # the keyboard: the second slider's handle focused, ArrowRight
        before = figure(page)
        value = sliders.nth(1).get_attribute("aria-valuenow")
        sliders.nth(1).focus()
        page.keyboard.press("ArrowRight")
        wait_new_figure(page, before, "ArrowRight on the second slider")
        assert sliders.nth(1).get_attribute("aria-valuenow") != value
        time.sleep(1)  # a slide change would have happened by now
        assert where(page) == slide, "ArrowRight on a focused slider changed the slide"

        # the whole figure can be brought into view with the mouse wheel (a slide taller than the
        # slide box scrolls: the template's doing), then a click on the slide's title, away from
        # the widgets, gives the arrow keys back to the deck: ArrowRight changes the slide
        img = page.locator(f"{SLIDE} .widget-output img").first
        page.mouse.move(VIEWPORT["width"] / 2, VIEWPORT["height"] / 2)
        for _ in range(20):
            box = img.bounding_box()
            if box["y"] + box["height"] <= VIEWPORT["height"]:
                break
            page.mouse.wheel(0, 150)
            time.sleep(0.2)
        assert 0 <= box["y"] and box["y"] + box["height"] <= VIEWPORT["height"], box
        page.screenshot(path=str(shot.with_name(shot.stem + "_figure.png")))
        page.mouse.wheel(0, -5000)
        time.sleep(0.3)
        page.locator(f"{SLIDE} h1, {SLIDE} h2, {SLIDE} h3").first.click()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("h => location.hash !== h", arg=slide, timeout=10000)

        assert not raw_math(page), raw_math(page)
        assert not slides.widget_errors(page), slides.widget_errors(page)
        assert not errors, errors
        assert not outside, f"requests to other hosts: {outside}"
    finally:
        print(f"{name}: slides {places} to the first demo; screenshot {shot}")


OVERFLOW = """s => {
    const box = document.querySelector('.reveal .slides');
    const scale = box.getBoundingClientRect().height / box.offsetHeight;
    const top = (s.getBoundingClientRect().top - box.getBoundingClientRect().top) / scale;
    const title = s.querySelector('h1, h2, h3, h4');
    const wide = Math.max(...[...s.querySelectorAll('*')].map(e => e.scrollWidth));
    return {bottom: Math.round(top + s.scrollHeight - box.offsetHeight),
            right: Math.round(Math.max(s.scrollWidth, wide) - box.offsetWidth),
            title: title ? title.textContent.trim().slice(0, 60) : ''};
}"""


def test_every_slide_of_notebook_05_reached_and_saved(page, voila_slides):
    """Space from the first slide to the last reaches every slide of the deck; each one is saved
    at 1280x720 (math typeset) and its overflow (pixels of content past the slide box's bottom
    and right edge, in the deck's 1200x1000 units: that much has to be scrolled to) written next
    to the screenshots, for people to look at. Nothing may be cut off at the right, and headings
    keep their case."""
    outside, errors = open_deck(page, voila_slides + NOTEBOOK_05)
    page.wait_for_selector(".widget-output img", timeout=60000)
    wait_for_math(page)
    folder = SCREENSHOTS / "voila_slides_05"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    total = page.locator(".reveal .slides section:not(.stack)").count()
    report = []
    for i in range(total):
        if i:
            next_slide(page)
        place = where(page)
        page.screenshot(path=str(folder / f"{i:02d}.png"))
        m = page.locator(SLIDE).evaluate(OVERFLOW)
        report.append({"slide": i, "place": place, **m})
    (folder / "overflow.json").write_text(json.dumps(report, indent=1))
    print("\n".join(f"{r['slide']:02d} {r['place']:8} past the bottom {r['bottom']:5d}px, "
                    f"the right {r['right']:5d}px  {r['title']}" for r in report))
    assert not raw_math(page), raw_math(page)
    assert len({r["place"] for r in report}) == total
    # a slide may scroll down, but nothing may be cut off at the right (a wide formula was)
    assert not [r for r in report if r["right"] > 0], report
    assert slides.capitalized_headings(page) == []
    page.keyboard.press("Space")
    time.sleep(1)
    assert where(page) == report[-1]["place"], "Space went past the last slide"
    assert not slides.widget_errors(page), slides.widget_errors(page)
    assert not errors, errors
    assert not outside, f"requests to other hosts: {outside}"
