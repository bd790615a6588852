"""Accessibility checks the browser tests share (issue 14): axe-core on the page, and one demo's
figures, status line, slider names and keyboard operation, in any client (JupyterLab, Notebook 7,
Voila). What a headless browser cannot show: that a screen reader speaks; it shows the attributes
and DOM that make it speak (a live region that stays the same element, names, values, alt text).
"""

import importlib.resources
import re
import time

# axe-core 4.12.1, the copy bundled in axe-playwright-python==0.1.8 (requirements-dev.txt): read
# from the installed package and injected into the page (no network at test time).
AXE_JS = (importlib.resources.files("axe_playwright_python") / "axe.min.js").read_text()
AXE_VERSION = re.search(r"axe v([\d.]+)", AXE_JS[:500]).group(1)
IMPACTS = ("critical", "serious", "moderate", "minor")

# What axe examines in JupyterLab and Notebook 7: every cell (its rendered input, its outputs, the
# widgets in them), included one by one. Not the cell list .jp-Notebook itself: JupyterLab renders
# it as <div role="feed"> whose children (the cells) lack role="article", and axe reports that as
# aria-required-children (critical) on JupyterLab's own container (jupyterlab/jupyterlab#13704).
# Excluded inside the cells, each JupyterLab's own widget, not course content:
NOTEBOOK_EXCLUDE = {
    # the CodeMirror code editor: its role=textbox has no name (aria-input-field-name)
    ".jp-InputArea-editor": "JupyterLab's code editor",
    # move up/down, duplicate, delete buttons shown on the active cell
    ".jp-cell-toolbar": "JupyterLab's cell toolbar",
    # the bars left of each cell that collapse its input or output
    ".jp-Collapser": "JupyterLab's collapser bars",
    # the [n]: prompts, which hold the collapse-heading button that has no name (button-name)
    ".jp-InputPrompt": "JupyterLab's input prompts",
    # the (empty) output prompts
    ".jp-OutputPrompt": "JupyterLab's output prompts",
}
NOTEBOOK_CONTEXT = {"include": [[".jp-Notebook .jp-Cell"]],
                    "exclude": [[selector] for selector in NOTEBOOK_EXCLUDE]}
# Voila shows outputs only (no editor, no toolbar): the whole page, nothing excluded.
PAGE_CONTEXT = {"include": [["body"]]}


def axe(page, context):
    """Run axe-core on the page; returns (counts {impact: nodes}, [(impact, rule, nodes, first
    target)] of every violation)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_JS)
    result = page.evaluate("async context => await axe.run(context, "
                           "{resultTypes: ['violations']})", context)
    assert result["testEngine"]["version"] == AXE_VERSION
    counts = dict.fromkeys(IMPACTS, 0)
    found = []
    for v in result["violations"]:
        counts[v["impact"]] += len(v["nodes"])
        found.append((v["impact"], v["id"], len(v["nodes"]), v["nodes"][0]["target"]))
    return counts, found


def axe_problems(page, context, where):
    """Run axe, print the counts per impact, and return every critical or serious violation."""
    counts, found = axe(page, context)
    print(f"axe {AXE_VERSION} {where}: " + ", ".join(f"{k} {n}" for k, n in counts.items())
          + "".join(f"\n    {impact} {rule} x{n} at {target}" for impact, rule, n, target in found))
    return [f"axe {where}: {impact} {rule} on {n} node(s), first at {target}"
            for impact, rule, n, target in found if impact in ("critical", "serious")]


# One demo, in the page: its pictures, its live regions, its slider handles (name, announced
# value, visible readout), and where the keyboard focus is.
STATE = """demo => {
  const handles = [...demo.querySelectorAll('.noUi-handle')];
  return {
    imgs: [...demo.querySelectorAll('.widget-output img')].map(
        i => ({src: i.getAttribute('src'), alt: i.getAttribute('alt')})),
    live: [...demo.querySelectorAll('[aria-live]')].map(e => ({
        role: e.getAttribute('role'), live: e.getAttribute('aria-live'), text: e.textContent,
        inStatus: !!e.closest('.lectures-status')})),
    sliders: handles.map(h => {
      const w = h.closest('.widget-slider');
      const label = w && w.querySelector('.widget-label');
      const readout = w && w.querySelector('.widget-readout');
      const by = (h.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
          .map(id => document.getElementById(id));
      return {label: label ? label.textContent.trim() : null,
              readout: readout ? (readout.value || readout.textContent).trim() : null,
              name: by.length ? by.map(e => e ? e.textContent : '').join(' ').trim()
                              : (h.getAttribute('aria-label') || '').trim(),
              valuetext: h.getAttribute('aria-valuetext'),
              atMax: h.getAttribute('aria-valuenow') === h.getAttribute('aria-valuemax')};
    }),
    focusOnFirstSlider: handles.length > 0 && document.activeElement === handles[0],
  };
}"""



def slider_problems(state, where):
    """Every slider handle is named by its visible label and announces the value it shows."""
    problems = []
    for s in state["sliders"]:
        if not s["name"] or s["name"] != s["label"]:
            problems.append(f"{where}: slider {s['label']!r} is named {s['name']!r}, "
                            "not by its visible label")
        if s["valuetext"] != s["readout"]:
            problems.append(f"{where}: slider {s['label']!r} announces {s['valuetext']!r} "
                            f"while it shows {s['readout']!r}")
    return problems


def check_demo(page, demo, where, max_tabs=15):
    """Keyboard only, from the top of the demo: a click at its top-left corner (a spot no control
    covers: in JupyterLab and Notebook 7 this selects the cell in command mode, as the arrow keys
    would; in Voila it sets the browser's starting point for Tab), then Tab until the demo's first
    slider has the focus, and ArrowRight (ArrowLeft at the maximum). The figure must change; every
    picture has non-empty alt text, and each picture that changed has a new alt; the status line
    is the demo's one live region (role=status, aria-live=polite), the same element before and
    after, with new text; every slider is named by its label and announces its readout. Returns
    the problems found."""
    problems = []
    handle = demo.element_handle()
    page.wait_for_function("e => e.querySelectorAll('.widget-output img').length > 0",
                           arg=handle, timeout=30000)
    before = page.evaluate(STATE, handle)
    problems += [f"{where}: figure {i} has no alt text" for i, img in enumerate(before["imgs"])
                 if not (img["alt"] or "").strip()]
    live = demo.locator("[aria-live]")
    if not (len(before["live"]) == 1 and before["live"][0]["inStatus"]
            and before["live"][0]["role"] == "status" and before["live"][0]["live"] == "polite"):
        problems.append(f"{where}: the status line is not the demo's one live region "
                        f"(role=status, aria-live=polite): {before['live']}")
    live_before = live.first.element_handle() if before["live"] else None
    problems += slider_problems(before, where)
    if not before["sliders"]:
        return problems + [f"{where}: no slider"]

    demo.click(position={"x": 1, "y": 1})
    start = page.evaluate("() => document.activeElement.className")
    tabs = 0
    while not page.evaluate(STATE, handle)["focusOnFirstSlider"] and tabs < max_tabs:
        page.keyboard.press("Tab")
        tabs += 1
    reached = page.evaluate(STATE, handle)["focusOnFirstSlider"]
    print(f"{where}: {tabs} Tab press(es) from {start!r} to the first slider" if reached else
          f"{where}: Tab did not reach the first slider")
    if not reached:
        problems.append(f"{where}: {max_tabs} Tab presses from {start!r} did not reach the "
                        "first slider")
        demo.locator(".noUi-handle").first.focus()  # go on, to check the rest
    page.keyboard.press("ArrowLeft" if before["sliders"][0]["atMax"] else "ArrowRight")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        after = page.evaluate(STATE, handle)
        if [i["src"] for i in after["imgs"]] != [i["src"] for i in before["imgs"]]:
            break
        time.sleep(0.05)
    time.sleep(0.2)  # the status and the other panels of the same redraw
    after = page.evaluate(STATE, handle)
    if [i["src"] for i in after["imgs"]] == [i["src"] for i in before["imgs"]]:
        return problems + [f"{where}: the arrow key on the first slider did not change the figure "
                           f"(focus on {page.evaluate('() => document.activeElement.className')})"]
    if not after["focusOnFirstSlider"]:
        problems.append(f"{where}: the arrow key moved the focus off the slider")
    for i, (b, a) in enumerate(zip(before["imgs"], after["imgs"])):
        if not (a["alt"] or "").strip():
            problems.append(f"{where}: figure {i} has no alt text after the move")
        elif a["src"] != b["src"] and a["alt"] == b["alt"]:
            problems.append(f"{where}: figure {i} changed but its alt text did not: {a['alt']!r}")
    if live_before is not None:
        same = page.evaluate("([node, demo]) => node.isConnected && demo.contains(node) && "
                             "demo.querySelectorAll('[aria-live]').length === 1",
                             [live_before, handle])
        if not same:
            problems.append(f"{where}: the live region was replaced by the move (a new element "
                            "is not announced)")
        if after["live"] and after["live"][0]["text"] == before["live"][0]["text"]:
            problems.append(f"{where}: the status line did not change: "
                            f"{after['live'][0]['text']!r}")
    problems += slider_problems(after, where + " after the move")
    return problems
