"""Slides in a Playwright page: for reveal.js decks, wait for the deck, move through it with the
keyboard, list its slides, and measure whether the current slide's content fits reveal's slide
box; for every way of presenting, the widget errors a dead slideshow shows (`widget_errors`).

The deck functions take a Playwright page showing an exported deck of `make slides` (Voila's
deck does not expose `Reveal` to the page; tests/browser/test_present_voila.py reads its place
from the address instead). reveal.js scales its slide box
(Reveal.getConfig().width x height, nbconvert's default 960 x 700) to the window, and what lies
outside that box is cut off by the window or hidden behind the next slide: `overflow` measures
it in the deck's own (unscaled) pixels.
"""

import re

# nbconvert's template loads reveal.js through require.js, which keeps it out of `window`: the deck
# is then the module that require.js defined with reveal's API. `window.Reveal` is set to it so
# that the functions below (and a test's own page.evaluate) can say `Reveal`.
READY = """() => {
    if (!window.Reveal && window.require && require.s) {
        window.Reveal = Object.values(require.s.contexts._.defined).find(
            m => m && typeof m.isReady === 'function' && typeof m.getIndices === 'function');
    }
    return !!(window.Reveal && Reveal.isReady());
}"""
INDICES = "() => { const i = Reveal.getIndices(); return [i.h, i.v || 0]; }"


def refuse_network(page):
    """Refuse every http(s) request of the page from now on; returns the list that collects the
    refused URLs (a page that works offline leaves it empty)."""
    refused = []

    def refuse(route):
        refused.append(route.request.url)
        route.abort()

    page.route(re.compile(r"^https?://"), refuse)
    return refused


# MathJax 2, if the page has one, has typeset the page (a slide shown while it still works may
# keep formulas without a size until it is shown again)
MATH_IDLE = """() => !(window.MathJax && MathJax.Hub)
    || (MathJax.isReady && MathJax.Hub.queue.pending === 0 && !MathJax.Hub.queue.running)"""


def wait_ready(page, timeout=60000):
    """Wait until reveal.js has started the deck and MathJax (if any) has typeset it."""
    page.wait_for_function(READY, timeout=timeout)
    page.wait_for_function(MATH_IDLE, timeout=timeout)


def indices(page):
    """(horizontal, vertical) index of the current slide."""
    return tuple(page.evaluate(INDICES))


def press(page, key, timeout=10000):
    """Press `key` as a presenter does and wait until the deck shows another slide; returns the
    new (h, v). Fails (Playwright TimeoutError) if the slide does not change."""
    before = list(indices(page))
    page.keyboard.press(key)
    page.wait_for_function(f"before => JSON.stringify(({INDICES})()) !== JSON.stringify(before)",
                           arg=before, timeout=timeout)
    return indices(page)


def all_slides(page):
    """(h, v) of every slide and subslide, in the order of the deck."""
    return [tuple(i) for i in page.evaluate(
        """() => Reveal.getSlides().map(s => {
            const i = Reveal.getIndices(s);
            return [i.h, i.v || 0];
        })""")]


# MathJax 2 (nbconvert's decks) re-renders the math of a slide when it is shown (math on a hidden
# slide has no size): done when every formula of the current slide is shown with a size.
MATH_SHOWN = """() => {
    const slide = Reveal.getCurrentSlide();
    const formulas = slide.querySelectorAll('script[type^="math/tex"]').length;
    const shown = [...slide.querySelectorAll('span.MathJax')]
        .filter(e => e.getBoundingClientRect().width > 0).length;
    return shown >= formulas;
}"""
# the slide's layout no longer changes from one animation frame to the next
SETTLED = """() => new Promise(done => {
    const slide = Reveal.getCurrentSlide();
    const size = () => slide.scrollHeight + 'x' + slide.scrollWidth;
    const before = size();
    requestAnimationFrame(() => requestAnimationFrame(() => done(size() === before)));
})"""


def go_to(page, h, v=0, timeout=30000):
    """Show slide (h, v) at once (transitions off) and wait until its math is typeset and its
    layout settled."""
    page.evaluate("""([h, v]) => {
        Reveal.configure({transition: 'none', backgroundTransition: 'none'});
        Reveal.slide(h, v);
    }""", [h, v])
    settle(page, timeout)
    assert indices(page) == (h, v), (indices(page), (h, v))


def settle(page, timeout=30000):
    """Wait until the current slide's math is shown and its size stays the same."""
    page.wait_for_function(MATH_SHOWN, timeout=timeout)
    for _ in range(100):
        if page.evaluate(SETTLED):
            return
    raise AssertionError("the slide's layout keeps changing")


OVERFLOW = """() => {
    const slide = Reveal.getCurrentSlide(), config = Reveal.getConfig(), scale = Reveal.getScale();
    const box = document.querySelector('.reveal .slides').getBoundingClientRect();
    const rect = slide.getBoundingClientRect(), style = getComputedStyle(slide);
    const title = slide.querySelector('h1, h2, h3, h4');
    const scrollsY = /(auto|scroll)/.test(style.overflowY);
    const scrollsX = /(auto|scroll)/.test(style.overflowX);
    // content that spills out of the slide's own box (not scrollable), added to the box's size
    const spillY = scrollsY ? 0 : Math.max(0, slide.scrollHeight - slide.clientHeight);
    const spillX = scrollsX ? 0 : Math.max(0, slide.scrollWidth - slide.clientWidth);
    return {
        bottom: (rect.bottom - box.top) / scale + spillY - config.height,
        right: (rect.right - box.left) / scale + spillX - config.width,
        scroll: scrollsY ? Math.max(0, slide.scrollHeight - slide.clientHeight) : 0,
        height: slide.scrollHeight,
        title: title ? title.textContent.replace(/\\s+/g, ' ').replace('\u00b6', '').trim() : '',
    };
}"""


def overflow(page):
    """Where the current slide's content goes past reveal's slide box, in the deck's pixels:
    {"bottom": px cut off below the box, "right": px cut off right of it (0: nothing cut off),
    "scroll": px of content reachable only by scrolling the slide, "height": the content's
    height, "title": the slide's first heading}."""
    m = page.evaluate(OVERFLOW)
    return {**m, "bottom": max(0, round(m["bottom"])), "right": max(0, round(m["right"])),
            "scroll": round(m["scroll"])}


def capitalized_headings(page):
    """The slide headings that the page writes in capitals (reveal's white theme does, and turns
    the math in a heading into other symbols); the decks' templates keep the case."""
    return page.evaluate("""() => [...document.querySelectorAll(
        '.reveal .slides h1, .reveal .slides h2, .reveal .slides h3, .reveal .slides h4')]
        .filter(h => getComputedStyle(h).textTransform === 'uppercase')
        .map(h => h.textContent.trim().slice(0, 50))""")


# What a dead widget looks like in a slideshow (jupyterlab-rise's showed both, issue 15)
WIDGET_ERRORS = ("Exception opening new comm", "Error displaying widget")


def widget_errors(page):
    """The widget errors in the console (the `page` fixture collects page.console_messages) or
    on the page."""
    text = page.locator("body").inner_text()
    return [m for m in page.console_messages if any(e in m for e in WIDGET_ERRORS)] + \
        [e for e in WIDGET_ERRORS if e in text]
