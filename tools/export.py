"""Static copies of the notebooks: an HTML site and reveal.js slides, from one execution each.

    python tools/export.py --html build/html --slides build/slides     (make html / slides)

Each notebook is executed once (a fresh kernel, in a temporary folder) and both exports are made
from that copy. Widgets need a kernel, so a static page cannot run them; every demo therefore also
offers a picture of its panels at the default settings (Demo._repr_mimebundle_), which the exporters
show in its place: a text/html <img> whose alt text describes every panel (nbconvert prefers
text/html to image/png), so a screen reader reads the figures on the static pages too. Cells
carry RISE metadata (slideshow.slide_type), which the slides follow.
Math is typeset by a copy of MathJax 2.7 placed next to the pages (from the jupyter-server-mathjax
package), so the site reads without a network; without that package the pages load MathJax from
nbconvert's default CDN. The slides load reveal.js, require.js and jQuery (the HTML pages
require.js) from the folder js/ next to them, filled at build time from the npm registry
(tools/vendor_js.py; downloaded once into build/js-cache/), with relative URLs, and use a template
(tools/templates/reveal_offline) without nbconvert's mermaid import: the slides folder presents
offline, also copied to a USB stick.
"""

import argparse
import html
import shutil
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

try:
    from tools import vendor_js
except ImportError:  # run as a script: python tools/export.py
    import vendor_js

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
TEMPLATES = Path(__file__).resolve().parent / "templates"
JS_CACHE = ROOT / "build" / "js-cache"  # the npm tarballs' files, downloaded once
JS = "js"  # the folder next to the pages that holds reveal.js, require.js and jQuery
MATHJAX = "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe,local/offline"  # from a page
# The packaged copy ships only the STIX-Web fonts; without this setting MathJax looks for its TeX
# fonts, which are not there, and shows "[Math Processing Error]" for symbols such as ℓ.
OFFLINE_CONFIG = """MathJax.Hub.Config({"HTML-CSS": {availableFonts: [], preferredFont: null,
                                  webFont: "STIX-Web", imageFont: null}});
MathJax.Ajax.loadComplete("[MathJax]/config/local/offline.js");
"""


def local_mathjax(out_dir):
    """Copy MathJax next to the pages in out_dir; return the URL the pages should load it from
    (None: no local copy available, keep nbconvert's CDN default)."""
    try:
        import jupyter_server_mathjax
    except ImportError:
        return None
    target = Path(out_dir) / "mathjax"
    shutil.copytree(Path(jupyter_server_mathjax.__file__).parent / "static", target,
                    dirs_exist_ok=True)
    (target / "config" / "local").mkdir(exist_ok=True)
    (target / "config" / "local" / "offline.js").write_text(OFFLINE_CONFIG)
    return MATHJAX


def execute(path, timeout=600):
    """Run a notebook top to bottom in a fresh kernel; return the executed copy."""
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as cwd:
        NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=False,
                       resources={"metadata": {"path": cwd}}).execute()
    return nb


def _options(mathjax_url):
    return {} if mathjax_url is None else {"mathjax_url": mathjax_url}


def local_js(out_dir):
    """Copy reveal.js, require.js and jQuery into out_dir/js/ (from the npm registry, through
    the cache build/js-cache/)."""
    shutil.copytree(vendor_js.vendor(JS_CACHE), Path(out_dir) / JS, dirs_exist_ok=True)


# Relative to a deck, so the folder of slides works wherever it is copied.
SLIDES_OPTIONS = {
    "template_name": "reveal_offline", "extra_template_basedirs": [str(TEMPLATES)],
    "reveal_url_prefix": f"{JS}/{vendor_js.REVEAL}",
    "require_js_url": f"{JS}/{vendor_js.REQUIRE_JS}",
    "jquery_url": f"{JS}/{vendor_js.JQUERY}",
    "reveal_theme": "white",
}


def to_html(nb, mathjax_url=None):
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter(template_name="lab", require_js_url=f"{JS}/{vendor_js.REQUIRE_JS}",
                           **_options(mathjax_url)).from_notebook_node(nb)
    return body


def to_slides(nb, mathjax_url=None):
    from nbconvert import SlidesExporter

    body, _ = SlidesExporter(**SLIDES_OPTIONS, **_options(mathjax_url)).from_notebook_node(nb)
    return body


def title(nb, fallback):
    first = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
    line = first.strip().splitlines()[0] if first.strip() else fallback
    return line.lstrip("# ").strip()


def index_page(entries, heading):
    items = "\n".join(f'<li><a href="{html.escape(href)}">{html.escape(name)}</a></li>'
                      for href, name in entries)
    return (f"<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>{heading}</title></head>"
            f"<body><h1>{heading}</h1>\n<ul>\n{items}\n</ul></body></html>\n")


def build(html_dir=None, slides_dir=None, executed=None):
    """Write one page per notebook (and an index.html) into html_dir and/or slides_dir.
    executed: optional {notebook path: executed notebook} to reuse earlier executions."""
    entries = []
    mathjax = {}
    for out_dir in (html_dir, slides_dir):
        if out_dir is not None:
            Path(out_dir).mkdir(parents=True, exist_ok=True)
            mathjax[out_dir] = local_mathjax(out_dir)
    for out_dir in (html_dir, slides_dir):
        if out_dir is not None:
            local_js(out_dir)
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        print(f"executing {path.name} ...", flush=True)
        nb = executed[path] if executed and path in executed else execute(path)
        entries.append((path.stem, title(nb, path.stem)))
        for out_dir, convert, suffix in ((html_dir, to_html, ".html"),
                                         (slides_dir, to_slides, ".slides.html")):
            if out_dir is not None:
                (Path(out_dir) / f"{path.stem}{suffix}").write_text(convert(nb, mathjax[out_dir]))
    for out_dir, suffix, heading in ((html_dir, ".html", "Implicit regularization in GD"),
                                     (slides_dir, ".slides.html", "Slides")):
        if out_dir is not None:
            page = index_page([(f"{stem}{suffix}", name) for stem, name in entries], heading)
            (Path(out_dir) / "index.html").write_text(page)
    return entries


def main():
    parser = argparse.ArgumentParser(description="Export the notebooks as HTML and slides.")
    parser.add_argument("--html", help="folder for the HTML site")
    parser.add_argument("--slides", help="folder for the reveal.js slides")
    args = parser.parse_args()
    if not (args.html or args.slides):
        parser.error("give --html and/or --slides")
    build(args.html, args.slides)


if __name__ == "__main__":
    main()
