"""What every demo shares: the `Demo` class, the registry (`register`), and small helpers.

The contract a demo follows is in the package docstring (`lectures_lib/demos/__init__.py`).
"""

import base64
import re

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
        self.status = W.HTML()
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
        ])
        self.png = {}  # the last PNG shown in each panel, for tests and static exports
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
            # Replace the Output's content in one assignment: no flicker, and it works without a
            # running kernel too (tests, benchmarks).
            self.outputs[name].outputs = ({
                "output_type": "display_data",
                "data": {"image/png": base64.b64encode(self.png[name]).decode("ascii"),
                         "text/plain": f"<figure: {name}>"},
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

    def _repr_mimebundle_(self, **kwargs):
        """The live widget, plus a PNG of the panels at the current settings: front ends with
        widgets show the widget; static exports (nbconvert HTML, slides) fall back to the PNG."""
        bundle = self.widget._repr_mimebundle_(**kwargs)
        png = plotting.combine_png(list(self.png.values()))
        bundle["image/png"] = base64.b64encode(png).decode("ascii")
        return bundle


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


class _Cache(dict):
    """Results per setting of the controls, so that going back to a setting is instant. Once it
    holds `limit` settings it forgets them all before storing the next (memory stays bounded)."""

    def __init__(self, limit=32):
        super().__init__()
        self.limit = limit

    def __setitem__(self, key, value):
        if len(self) >= self.limit:
            self.clear()
        super().__setitem__(key, value)


def _diverges_message(step, threshold, name="2/L"):
    """What a figure says when a step diverges, e.g. "diverges: η = 1.2 > 2/L = 1"."""
    return f"diverges: η = {step:.3g} > {name} = {threshold:.3g}"


def _grid(max_iters, points):
    """Iterations to record: every count the iterations slider offers, plus a log-spaced grid."""
    return np.unique(np.concatenate([widgets.iteration_options(max_iters),
                                     np.geomspace(1, max_iters, points).round().astype(int)]))


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
