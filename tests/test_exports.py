"""make html and make slides: one page per notebook, with figures and no error outputs."""

import html
import re
from pathlib import Path

from tools import export, vendor_js


def test_html_site_and_slides(executed_notebooks, static_site):
    html_dir, slides_dir = static_site["html"], static_site["slides"]
    entries = static_site["entries"]
    assert len(entries) == len(executed_notebooks)
    for out_dir, suffix in ((html_dir, ".html"), (slides_dir, ".slides.html")):
        index = (out_dir / "index.html").read_text()
        for stem, name in entries:
            assert html.escape(name) in index
            page = (out_dir / f"{stem}{suffix}").read_text()
            assert f'href="{stem}{suffix}"' in index
            # every demo leaves a picture: at least one embedded PNG per demo cell
            demos = sum(bool(re.fullmatch(r"demos\.\w+\(.*\)", c.source.strip()))
                        for c in executed_notebooks[export.NOTEBOOKS / f"{stem}.ipynb"].cells
                        if c.cell_type == "code")
            assert page.count("data:image/png;base64") >= demos >= 1, (stem, suffix)
            # every picture carries its own alt text (issue 14), not nbconvert's placeholder
            assert "No description has been provided" not in page, (stem, suffix)
            assert "Traceback" not in page and "Error displaying widget" not in page
            assert 'data-mime-type="application/vnd.jupyter.stderr"' not in page
            # math from the copy of MathJax next to the pages, not from a CDN
            assert f'src="{export.MATHJAX}"' in page and "ajax/libs/mathjax" not in page
        assert (out_dir / "mathjax" / "MathJax.js").is_file()
        assert (out_dir / "mathjax" / "config" / "TeX-AMS-MML_HTMLorMML-full.js").is_file()
    slides = (slides_dir / "01_min_norm_least_squares.slides.html").read_text()
    assert "reveal" in slides.lower() and slides.count("<section") > 5


def test_exported_demo_picture_carries_its_alt_text():
    """Issue 14: make html / make slides show a demo's static picture with the panels' alt text
    (Demo._repr_mimebundle_'s text/html), not nbconvert's placeholder."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from lectures_lib import demos

    demo = demos.rates()
    cell = new_code_cell("demos.rates()", outputs=[
        new_output("display_data", data=demo._repr_mimebundle_())])
    nb = nbformat.from_dict(new_notebook(cells=[cell]))
    alt = html.escape(" ".join(demo.alt.values()))
    for page in (export.to_html(nb), export.to_slides(nb)):
        (img,) = re.findall(r"<img [^>]*>", page)
        assert img.startswith(f'<img alt="{alt}" src="data:image/png;base64,'), img[:300]
        assert "No description has been provided" not in page


# what a page loads by itself: scripts, style sheets, and the modules require() fetches
LOADED = re.compile(r"<script[^>]*\ssrc=\"([^\"]*)\"|<link[^>]*\shref=\"([^\"]*)\"|"
                    r"import\s[^;]*?from\s*'([^']*)'|^\s*\"([^\"]+\.js)\",?$", re.MULTILINE)


def test_slides_load_only_files_next_to_them(static_site):
    """Issue 15: a deck of make slides starts offline, and from a copy of its folder (a USB stick):
    every script, style sheet and module it loads is a relative path to a file in that folder
    (reveal.js, require.js and jQuery in js/, from the npm registry at build time; MathJax in
    mathjax/), and nbconvert's mermaid import, which would come from a CDN, is gone."""
    slides_dir = static_site["slides"]
    for stem, _ in static_site["entries"]:
        page = (slides_dir / f"{stem}.slides.html").read_text()
        urls = [next(g for g in m.groups() if g) for m in LOADED.finditer(page)]
        for name in (vendor_js.REQUIRE_JS, vendor_js.JQUERY, f"{vendor_js.REVEAL}/dist/reveal.js",
                     f"{vendor_js.REVEAL}/dist/theme/white.css"):
            assert f"{export.JS}/{name}" in urls, (stem, name, urls)
        assert "mermaid" not in page, stem
        for url in urls:
            assert not re.match(r"(https?:)?//", url), (stem, url)
            path = url.split("?")[0]
            assert (slides_dir / path).is_file(), (stem, url)
    # the theme's fonts are there too (white.css imports them by relative paths)
    theme = slides_dir / export.JS / vendor_js.REVEAL / "dist" / "theme"
    for font in re.findall(r"url\(([^)]+)\)", (theme / "white.css").read_text()):
        assert (theme / font.strip("'\"")).is_file(), font
    assert all(Path(slides_dir / export.JS / name).is_dir()
               for name in (vendor_js.REVEAL, "requirejs-2.1.10", "jquery-2.2.4"))
