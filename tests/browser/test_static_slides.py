"""make slides as an instructor presents them: offline, with the keyboard, at 1280x720.

The decks come from the `static_site` fixture (tools/export.py, as `make slides` writes them) and
are opened from disk with every web request refused. Screenshots of every slide of notebook 05 go to
tests/browser/screenshots/slides_05/, for people to look at.
"""

import pytest

from . import slides
from .conftest import SCREENSHOTS
from .test_notebooks_in_browser import MATH_DONE, NOTEBOOKS

pytestmark = pytest.mark.browser

DECK = "05_max_margin_soudry.slides.html"


@pytest.fixture
def deck(browser):
    """A page at 1280x720 (a projector) that refuses every web request; yields (page, refused
    URLs)."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    yield page, slides.refuse_network(page)
    context.close()


def open_deck(page, path):
    page.goto(path.as_uri())
    slides.wait_ready(page)


def test_slides_start_navigate_and_typeset_offline(static_site, deck):
    """Issue 15: reveal.js starts from the files next to the deck, the keys a presenter uses move
    through it (the slide changes at every press, as reveal orders them), the math is typeset,
    and the page asks the network for nothing at all."""
    page, refused = deck
    open_deck(page, static_site["slides"] / DECK)
    page.wait_for_function(MATH_DONE, timeout=60000)
    order = slides.all_slides(page)
    assert len(order) > 10 and slides.indices(page) == (0, 0)
    # Space: the next slide in reveal's order (down a stack first); ArrowRight: the next stack;
    # ArrowDown: the next slide of this stack
    for key in ("Space", "ArrowRight", "ArrowDown", "ArrowRight", "ArrowRight", "Space"):
        before = slides.indices(page)
        expected = {"Space": order[order.index(before) + 1], "ArrowRight": (before[0] + 1, 0),
                    "ArrowDown": (before[0], before[1] + 1)}[key]
        assert slides.press(page, key) == expected, (key, before)
        slides.settle(page)  # the slide's formulas shown with a size
    assert slides.indices(page)[0] >= 4
    page.screenshot(path=str(SCREENSHOTS / "static_slides_05_offline.png"))
    assert page.locator(".MathJax, .MathJax_Display").count() > 20
    assert page.get_by_text("Math Processing Error").count() == 0
    assert page.locator(".MathJax_Error, merror").count() == 0
    assert slides.capitalized_headings(page) == []
    assert refused == []


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_no_slide_is_cut_off_at_1280x720(static_site, deck, name):
    """Every slide and subslide fits reveal's slide box (960x700, scaled to the window): no
    content is cut off below or right of it. A slide with more text than the box holds scrolls
    inside it (the deck's template, tools/templates/reveal_offline), which counts as fitting;
    how much each slide scrolls is in the failure message, with its title."""
    page, _ = deck
    stem = name.removesuffix(".ipynb")
    open_deck(page, static_site["slides"] / f"{stem}.slides.html")
    shots = SCREENSHOTS / f"slides_{stem[:2]}"
    if DECK.startswith(stem):
        shots.mkdir(parents=True, exist_ok=True)
    measured = []
    for h, v in slides.all_slides(page):
        slides.go_to(page, h, v)
        measured.append(((h, v), slides.overflow(page)))
        if DECK.startswith(stem):
            page.screenshot(path=str(shots / f"{h:02d}_{v:02d}.png"))
    cut = [(hv, m) for hv, m in measured if m["bottom"] or m["right"]]
    assert not cut, f"{stem}: cut off\n" + "\n".join(map(str, measured))
