"""What every demo shares: the `Demo` class, the registry (`register`), and small helpers.

The contract a demo follows is in the package docstring (`lectures_lib/demos/__init__.py`).
"""

import base64
import contextlib
import dataclasses
import functools
import html
import importlib.resources
import re
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import ipywidgets as W
import numpy as np

from lectures_lib import plotting, widgets


class Demo:
    """Named controls, a reset button, a status line, and one PNG panel per figure.

    controls: dict name -> ipywidgets control (a value change redraws)
    panels:   dict name -> matplotlib Figure (made with plotting.figure)
    update:   function(values) called with {name: value} of all controls; it updates the figures'
              artists and returns the status text (HTML). Every panel is re-rendered after it.
    initial:  optional {name: value} to start from instead of the controls' own values (an
              instructor can open a demo in a prepared state: demos.gd_vs_sgd(init="null")).
              These become the defaults that the reset button restores.
    """

    def __init__(self, controls, panels, update, initial=None):
        self.controls = dict(controls)
        self.panels = dict(panels)
        for name, value in (initial or {}).items():
            if name not in self.controls:
                raise ValueError(f"unknown control {name!r}; this demo has {sorted(self.controls)}")
            try:
                self.controls[name].value = value
            except Exception as e:  # a traitlets error: out of range, not an option, wrong type
                raise ValueError(f"{name}={value!r} is not allowed: {e}") from None
        self.defaults = {name: c.value for name, c in self.controls.items()}
        self._update = update
        self._holding = False  # True while reset() or update() set controls: no extra redraws
        self.outputs = {name: W.Output() for name in self.panels}
        # the status line: the a11y script makes its container a polite live region
        self.status = W.HTML(_dom_classes=("lectures-status",))
        self.reset_button = W.Button(description="reset", icon="undo",
                                     tooltip="restore the default settings")
        self.reset_button.on_click(lambda _button: self.reset())
        for c in self.controls.values():
            c.observe(self._on_change, names="value")
        self.widget = W.VBox([
            W.HBox([W.VBox(list(self.controls.values())), self.reset_button]),
            self.status,
            # the panels side by side, wrapping onto the next line when the page is narrow
            W.Box(list(self.outputs.values()),
                  layout=W.Layout(display="flex", flex_flow="row wrap")),
            a11y_script(),
        ])
        self.png = {}  # the last PNG shown in each panel, for tests and static exports
        self.alt = {}  # its text alternative (plotting.describe), the <img alt> of the panel
        self.redraw()

    @property
    def values(self):
        return {name: c.value for name, c in self.controls.items()}

    def _on_change(self, _change):
        if not self._holding:
            self.redraw()

    def redraw(self):
        """Recompute, update the figures, and show them (synchronously).

        An update may itself set a control (e.g. lam = 1/(eta t) while a "match" toggle is on);
        such a change does not start another redraw.
        """
        self._holding = True
        try:
            self.status.value = self._update(self.values)
        finally:
            self._holding = False
        for name, fig in self.panels.items():
            self.png[name] = plotting.png(fig)
            self.alt[name] = plotting.describe(fig)
            # Replace the Output's content in one assignment: no flicker, and it works without a
            # running kernel too (tests, benchmarks). The front ends show text/html, an <img>
            # with the alt text a screen reader reads (a bare image/png cannot carry one).
            self.outputs[name].outputs = ({
                "output_type": "display_data",
                "data": figure_bundle(self.png[name], self.alt[name]),
                "metadata": {},
            },)

    def reset(self):
        """Restore every control's default, then redraw once."""
        self._holding = True
        try:
            for name, c in self.controls.items():
                c.value = self.defaults[name]
        finally:
            self._holding = False
        self.redraw()

    def _repr_mimebundle_(self, **_kwargs):
        """The live widget, plus a PNG of the panels at the current settings: front ends with
        widgets show the widget; static exports (nbconvert HTML, slides) fall back to the PNG.

        The widget's part is its view spec, the `application/vnd.jupyter.widget-view+json` entry
        that ipywidgets 8's own `_repr_mimebundle_` and ipywidgets 7's `_ipython_display_` both
        write (`get_view_spec()` exists in both): Colab ships ipywidgets 7.7, which has no
        `_repr_mimebundle_` on widgets (tests/test_colab_env.py)."""
        bundle = {"application/vnd.jupyter.widget-view+json": self.widget.get_view_spec()}
        png = plotting.combine_png(list(self.png.values()))
        # the exports prefer text/html to image/png: an <img> that carries every panel's alt
        bundle.update(figure_bundle(png, " ".join(self.alt.values())))
        return bundle


def figure_bundle(png, alt):
    """The mime bundle of a picture with a text alternative: text/html <img alt=... src=data:...>
    (what JupyterLab, Notebook 7, Voila and nbconvert show), image/png for a front end without
    HTML, and the alt as text/plain."""
    b64 = base64.b64encode(png).decode("ascii")
    img = f'<img alt="{html.escape(alt, quote=True)}" src="data:image/png;base64,{b64}">'
    return {"text/html": img, "image/png": b64, "text/plain": alt}


A11Y_JS = importlib.resources.files("lectures_lib.demos").joinpath("a11y.js").read_text("utf-8")


def a11y_script():
    """A hidden Output holding a <script> (lectures_lib/demos/a11y.js) that names every slider
    handle by its visible label, makes its announced value the visible readout (ipywidgets 8.1
    announces a log slider's exponent and a selection slider's index; jupyter-widgets/ipywidgets
    #2650), and makes the `lectures-status` lines polite live regions. Widget outputs are trusted,
    so it runs in JupyterLab, Notebook 7 and Voila; each demo carries one, and the script runs
    once per page (a window flag)."""
    out = W.Output(_dom_classes=("lectures-a11y",),
                   layout=W.Layout(height="0px", overflow="hidden"))
    out.outputs = ({"output_type": "display_data", "metadata": {},
                    "data": {"text/html": f"<script>{A11Y_JS}</script>", "text/plain": ""}},)
    return out


# ---------------------------------------------------------------------------------------------
# The registry: every demo, by name, with the notebook that shows it
# ---------------------------------------------------------------------------------------------

_REGISTRY = {}  # name -> factory, in the order the modules register them


def register(notebook):
    """Register a demo function under its own name, shown in notebook `notebook` ("00" ... "06").

        @register(notebook="01")
        def min_norm_paths(seed=0, **initial): ...

    The name is the function's `__name__` (one rule: a demo is called by the name it is registered
    under, with no `_demo` suffix). The function is returned unchanged, with `.notebook` set.
    """
    if not re.fullmatch(r"\d\d", str(notebook)):
        raise ValueError(f"notebook must be a two-digit number such as '01', got {notebook!r}")

    def decorate(factory):
        name = factory.__name__
        if name in _REGISTRY and _REGISTRY[name] is not factory:
            raise ValueError(f"a demo named {name!r} is already registered")
        factory.notebook = str(notebook)
        _REGISTRY[name] = factory
        return factory

    return decorate


def registered():
    """{name: factory} of every registered demo, in notebook order (within a notebook, in the
    order its module defines them)."""
    order = sorted(_REGISTRY, key=lambda name: _REGISTRY[name].notebook)  # a stable sort
    return {name: _REGISTRY[name] for name in order}


# ---------------------------------------------------------------------------------------------
# Helpers several demos use
# ---------------------------------------------------------------------------------------------

ROUNDING_FLOOR = 1e-29  # a loss this many times below its start is at double precision's floor

# How many settings each compute function remembers: going back to a recent setting is instant,
# and memory stays bounded.
CACHE_SIZE = 32

# The decorator of every compute function (a demo's work for one setting of its controls):
#     @cached
#     def rate_curves(r, alpha): ...
# is functools.lru_cache(maxsize=CACHE_SIZE): the arguments must be hashable, and
# rate_curves.__wrapped__ is the function itself, uncached.
cached = functools.lru_cache(maxsize=CACHE_SIZE)


def read_only(result):
    """Mark every numpy array in a compute function's result read-only, and return the result.

    An lru_cache hands the same object to every caller, so a caller that changed an array in place
    would change the figure of every later call with these settings. result: an array, a tuple,
    list or dict of results, or a dataclass (history.Run, ...) whose fields are results."""
    if isinstance(result, np.ndarray):
        result.setflags(write=False)
    elif isinstance(result, (tuple, list)):
        for item in result:
            read_only(item)
    elif isinstance(result, dict):
        for item in result.values():
            read_only(item)
    elif dataclasses.is_dataclass(result) and not isinstance(result, type):
        for field in dataclasses.fields(result):
            read_only(getattr(result, field.name))
    return result


@contextlib.contextmanager
def fresh_caches():
    """Inside the with-block, every compute function of the demo modules has a new, empty cache
    of its own; after it, the real caches are back as they were. The benchmarks build a demo's
    naive twin in here: everything computed from scratch, and the live demo's caches untouched."""
    saved, fresh = [], {}

    def fresh_of(f):  # one new cache per cached function, shared by its Prefetch
        if callable(getattr(f, "cache_clear", None)) and hasattr(f, "__wrapped__"):
            f = fresh.setdefault(f, functools.lru_cache(maxsize=None)(f.__wrapped__))
        return f

    for name, module in list(sys.modules.items()):
        if name.startswith("lectures_lib.demos."):
            for attr, obj in list(vars(module).items()):
                if fresh_of(obj) is not obj:
                    saved.append((module, attr, obj))
                    setattr(module, attr, fresh_of(obj))
                elif isinstance(obj, Prefetch):  # nothing from, nor for, the background
                    saved.append((module, attr, obj))
                    setattr(module, attr, Prefetch(fresh_of(obj.compute), ahead=False))
    try:
        yield
    finally:
        for module, attr, obj in saved:
            setattr(module, attr, obj)


def rounding_floor(loss0):
    """The loss at which a run that started at loss0 has reached double precision's floor
    (ROUNDING_FLOOR times loss0): later steps change the weights only by rounding."""
    return ROUNDING_FLOOR * max(float(loss0), 1e-300)


def first_run_reaching(run_for, t, lengths):
    """The run that serves iteration t: run_for(horizon) for the first horizon that reaches t, or
    whose run stopped before its horizon for good (it diverged, or its loss reached the rounding
    floor, after which the weights no longer change). run_for is a cached compute function, so a
    run is computed once per horizon and moving the iterations slider back is free.
    lengths: the horizons, increasing (see `horizons`)."""
    for horizon in lengths:
        run = run_for(horizon)
        if (run.iters[-1] >= t or run.diverged
                or run.loss[-1] <= rounding_floor(run.loss[0])):
            break
    return run


def horizons(max_iters, first=1000):
    """The run lengths first, 3 first, 10 first, 30 first, ... up to max_iters (the last)."""
    out = [first]
    while out[-1] < max_iters:
        out.append(3 * out[-1] if len(out) % 2 else 10 * out[-2])
    out[-1] = min(out[-1], max_iters)
    return tuple(out)


class Prefetch:
    """A cached compute function, and one background thread that computes the settings a student
    is likely to pick next (a slider's neighbouring values) while the current figure is drawn:
    picking one of them then costs only the drawing.

        runs = Prefetch(curves)        # curves: a compute function cached with functools.lru_cache
        c = runs.get(step, seed)       # curves(step, seed)
        runs.prefetch((step_up, seed), (step_down, seed))  # computed next, in the background

    get(*args) is compute(*args). It waits for the background thread only when that thread is
    computing exactly these arguments, so it never shows another setting's result, and the result
    is the same (same function, same arguments). prefetch() drops what an earlier call queued and
    has not started. The compiled loops release the GIL (compiled.jit), so on two cores the
    background run hardly slows the drawing. With ahead=False, prefetch() does nothing (the
    benchmarks' naive twins, see fresh_caches).
    """

    def __init__(self, compute, ahead=True):
        self.compute = compute
        self.ahead = ahead
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="demo-prefetch")
        self._lock = threading.Lock()
        self._queued = {}  # arguments -> Future, from the last prefetch()

    def get(self, *args):
        with self._lock:
            future = self._queued.get(args)
        if future is not None and not future.cancel():  # started or done: these arguments' run
            return future.result()
        return self.compute(*args)

    def prefetch(self, *arg_tuples):
        if not self.ahead:
            return
        with self._lock:
            queued, self._queued = self._queued, {}
            for args in arg_tuples:
                future = queued.pop(args, None)
                if future is None or future.cancelled():
                    future = self._thread.submit(self.compute, *args)
                self._queued[args] = future
            for future in queued.values():
                future.cancel()  # no longer a neighbour: dropped unless already started


def slider_neighbours(slider, presses=1):
    """The values up to `presses` arrow-key presses move a FloatSlider or FloatLogSlider to from
    its value, nearest first (up, down, twice up, twice down, ...): the points of its grid min,
    min + step, ..., max next to the value. A log slider's position is log_base(value), as the
    browser computes it."""
    log = isinstance(slider, W.FloatLogSlider)
    x = np.log(slider.value) / np.log(slider.base) if log else slider.value
    k = (x - slider.min) / slider.step
    if abs(k - round(k)) < 1e-6:  # on the grid
        up, down = round(k) + 1, round(k) - 1
    else:
        up, down = int(np.ceil(k)), int(np.floor(k))
    last = round((slider.max - slider.min) / slider.step)
    ks = [j for p in range(presses) for j in (up + p, down - p) if 0 <= j <= last]
    xs = [slider.min + j * slider.step for j in ks]
    return [float(slider.base**x) if log else float(x) for x in xs]


def _diverges_message(step, threshold, name="2/L"):
    """What a figure says when a step diverges, e.g. "diverges: η = 1.2 > 2/L = 1"."""
    return f"diverges: η = {step:.3g} > {name} = {threshold:.3g}"


def _grid(max_iters, points):
    """Iterations to record: every count the iterations slider offers, plus a log-spaced grid."""
    return np.unique(np.concatenate([widgets.iteration_options(max_iters),
                                     np.geomspace(1, max_iters, points).round().astype(int)]))


def curve(ax, color, ls="-", **style):
    """A line on ax with no data yet, in colour plotting.OKABE_ITO[color] and line style ls, for
    update() to fill with set_data. style: further Line2D properties (label, lw, marker, ...)."""
    line, = ax.plot([], [], color=plotting.OKABE_ITO[color], ls=ls, **style)
    return line


def _line_through(w, b, lim):
    """Two end points of the line w . x + b = 0 inside the square [-lim, lim]^2 (None if w = 0)."""
    if not np.any(w):
        return None
    p0 = -b * w / (w @ w)  # the point of the line nearest the origin
    direction = np.array([-w[1], w[0]]) / np.linalg.norm(w)
    s = 3 * lim
    return np.array([p0 - s * direction, p0 + s * direction]).T


# the init scales offered by the two-layer and polynomial-network demos (notebooks 03, 06)
INIT_SCALES = [0.0, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0]
