"""Live-demo speed in a real browser: from a slider key press to the new figure on screen.

For each notebook, its first demo is shown in JupyterLab (Debian's Chromium, the default inline
backend, as a student sees it) next to the naive pattern on the same figure: an
`interactive_output` whose function rebuilds the demo from scratch at the slider's value and
displays its matplotlib figures with the inline backend. Each is driven by 10 key presses on its
slider, each to a value not seen before (so no cache helps); the time from the press to the
changed images in the page (all panels) is measured in the browser.
Targets (issue "Real-client quality"): <= 150 ms median for a one-panel demo, and every demo at
least 2x faster than its naive twin. Prints figures, asserts nothing.

    .venv/bin/python benchmarks/bench_browser.py [--only 00_overview ...]  (needs chromium)
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import launch  # noqa: E402  (Chromium and JupyterLab as the tests start them)

FIRST_DEMO = {  # notebook -> its first demo and the control the first slider drives
    "00_overview": ("overview_curves", "step"),
    "01_min_norm_least_squares": ("min_norm_paths", "step"),
    "02_early_stopping_filters": ("filters", "step"),
    "03_two_layer_linear_nets": ("linear_net_training", "init_scale"),
    "04_perceptron_bound": ("perceptron_run", "iters"),
    "05_max_margin_soudry": ("soudry_figure1", "step"),
    "06_beyond_linear": ("poly_net", "init_scale"),
}
PRESSES = 10


def bench_notebook(name, control):
    setup = ("from lectures_lib import demos, plotting\nplotting.use_style()\n"
             f"factory = demos.ALL[{name!r}]\ndemo = factory()\ndemo")
    naive = f"""import ipywidgets as W
from IPython.display import display
from lectures_lib.demos._core import fresh_caches

c = demo.controls[{control!r}]
if isinstance(c, W.SelectionSlider):
    twin = W.SelectionSlider(options=c.options, value=c.value)
elif isinstance(c, W.FloatLogSlider):
    twin = W.FloatLogSlider(value=c.value, base=c.base, min=c.min, max=c.max, step=c.step)
else:
    twin = type(c)(value=c.value, min=c.min, max=c.max, step=c.step)

def draw(value):  # the naive pattern: everything from scratch, shown by the inline backend
    with fresh_caches():  # the demos' caches start empty; the live demo's stay as they are
        panels = factory(**{{{control!r}: value}}).panels
    for fig in panels.values():
        display(fig)

W.VBox([twin, W.interactive_output(draw, {{"value": twin}})])"""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(setup),
                                         nbformat.v4.new_code_cell(naive)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb


JS_ARM = """root => {
  const imgs = () => Array.from(root.querySelectorAll('img')).map(i => i.src).join('|');
  const before = imgs();
  const count = root.querySelectorAll('img').length;  // wait for every panel, not the first
  window.__t0 = null; window.__dt = null;
  root.addEventListener('keydown', () => { window.__t0 = performance.now(); },
                        {once: true, capture: true});
  const poll = () => {
    if (window.__t0 !== null && imgs() !== before
        && root.querySelectorAll('img').length >= count) {
      window.__dt = performance.now() - window.__t0; return;
    }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}"""


def measure(page, root):
    """Median ms from a key press on the first slider of `root` to a changed image."""
    times = []
    for _ in range(PRESSES):
        handle = root.locator(".noUi-handle").first
        at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
        page.evaluate(JS_ARM, root.element_handle())
        handle.focus()
        page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")  # always a new value
        try:
            page.wait_for_function("() => window.__dt !== null", timeout=30000)
            times.append(page.evaluate("() => window.__dt"))
        except Exception:
            pass  # this press did not change the picture (e.g. a slider at its end)
        time.sleep(0.3)
    return statistics.median(times) if times else float("nan")


def main():
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=sorted(FIRST_DEMO), default=sorted(FIRST_DEMO),
                        help="notebooks to measure (all)")
    only = parser.parse_args().only
    work = Path(tempfile.mkdtemp())
    (work / "notebooks").mkdir()
    for nb_name, (demo, control) in FIRST_DEMO.items():
        nbformat.write(bench_notebook(demo, control), work / "notebooks" / f"bench_{nb_name}.ipynb")
    base, proc = launch.start_lab(work, work)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(launch.CHROMIUM),
                                        args=launch.CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            print(f"{'notebook':28s} {'demo':20s} {'panels':>6s} {'demo ms':>8s} {'naive ms':>9s} "
                  f"{'speed-up':>8s}")
            for nb_name, (demo, _control) in FIRST_DEMO.items():
                if nb_name not in only:
                    continue
                page.goto(f"{base}/lab/tree/notebooks/bench_{nb_name}.ipynb?reset")
                page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                                       timeout=90000)
                page.locator(".jp-Notebook:visible").first.click()
                page.get_by_role("menuitem", name="Run", exact=True).click()
                page.get_by_text("Run All Cells", exact=True).click()
                page.wait_for_function(
                    "() => document.querySelectorAll('.jp-OutputArea-output img').length >= 2",
                    timeout=120000)
                time.sleep(2)
                outputs = page.locator(".jp-OutputArea-output:has(.noUi-handle)")
                panels = outputs.nth(0).locator(".widget-output img").count()
                fast = measure(page, outputs.nth(0))
                slow = measure(page, outputs.nth(1))
                print(f"{nb_name:28s} {demo:20s} {panels:6d} {fast:8.0f} {slow:9.0f} "
                      f"{slow / fast:7.1f}x", flush=True)
            browser.close()
    finally:
        launch.stop(proc)


if __name__ == "__main__":
    main()
