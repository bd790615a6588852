"""The interactive figures of the notebooks: one function per figure, each returning a `Demo`.

    demo = demos.min_norm_paths(seed=0)   # builds controls and figure, draws once
    demo                                  # in a notebook: controls above, figure below
    demo.controls["step"].value = 0.05    # redraws synchronously (tests and benchmarks do this)

Where a demo lives
------------------
One module per notebook, named after the section module whose mathematics it shows:

    _core.py           the Demo class, the registry (`register`), `cached`, helpers the demos share
    overview.py        notebook 00   overview_curves
    least_squares.py   notebook 01   min_norm_paths, gd_vs_sgd, ridge_path
    spectral.py        notebook 02   filters, early_stopping_fit, rates
    linear_nets.py     notebook 03   linear_net_training, linear_net_modes
    perceptron.py      notebook 04   perceptron_run, perceptron_sweep, perceptron_nonseparable
    max_margin.py      notebook 05   soudry_figure1, optimizer_comparison, gradient_flow
    nonlinear.py       notebook 06   poly_net, relu_corollary8

A demo module imports the mathematics absolutely, by the section module's own name
(`from lectures_lib import least_squares` inside `demos/least_squares.py`), and calls it qualified
(`least_squares.min_norm_solution`, `spectral.ridge_path`): the section modules never import
ipywidgets or pyplot, the demo modules hold all of the UI.

Names
-----
One rule: a demo is named after what its figure shows, without a `_demo` suffix, and is registered
under its function name (`register` takes the name from `__name__`, so the two cannot differ).
A demo may share its name with the function of a section module that it shows (`demos.ridge_path`
draws `spectral.ridge_path`, `demos.rates` draws `spectral.rates`); inside the package the section
function is always called through its module, so the two never clash. The three demos that had
a suffix keep their old names as aliases here (`soudry_figure1_demo`, `gradient_flow_demo`,
`poly_net_demo`), so notebooks saved before the rename still run; they are not registered again.

The contract of a demo
----------------------
A demo function `name(seed=0, **initial)` builds its controls and figures once and returns
`Demo(controls, panels, update, initial)`:

- **Controls** are a dict from a short name to an ipywidgets control. The names come from one
  vocabulary, shared by every notebook (tests/test_demos.py, NAMES): `step`, `sgd_step`, `iters`,
  `init`, `init_scale`, `seed`, `batch_size`, `lam`, `match`, `noise`, `r`, `norm`, `alpha`,
  `hidden`, `null_amount`, `margin`, `order`, `bias`, `d`, `n`, `flip`, `loss`, `dataset`, `t_max`,
  `n_train`. A new kind of control adds its name there. Standard controls come from
  `lectures_lib.widgets` (`step_slider`, `iters_slider`, `init_dropdown`, `seed_input`, ...), and
  any other control from its house-style builders (`dropdown`, `choice_slider`, `float_slider`,
  `int_slider`, `checkbox`), so that every control looks alike.
  Moving any control must change the figure (with `init="random"`, so that `init_scale` matters).
  Keywords given to the demo function (`demos.gd_vs_sgd(init="null")`) set controls before the
  first drawing; an unknown name or a value the control does not allow raises `ValueError`.
- **Reset.** `Demo` adds a reset button: it restores every control to the values the demo was
  built with (the keywords included) and redraws once, to the very picture first shown. So the
  figure must depend on the controls only (seeded randomness, no clock, no hidden state).
- **Compute functions cached with lru_cache; update draws.** What a demo computes for one
  setting of its controls (a run, a path, a data set) is a plain module-level function of
  hashable arguments (control values, the demo's own arguments such as `seed`), placed just above
  the demo and decorated `@cached` (`_core.cached`, i.e. `functools.lru_cache(maxsize=CACHE_SIZE)`:
  going back to a recent setting is instant, memory stays bounded). It returns its arrays
  read-only (`_core.read_only`), since every caller gets the same object, and it can be tested on
  its own: the same inputs give the cached object, and `f.__wrapped__(...)` (no cache) an equal
  result (tests/test_demos.py). A run that the iterations slider walks along is computed once for
  all t and sliced (or, where it is long, for a few lengths: `_core.first_run_reaching`).
- **update(values)** gets `{name: value}` of every control, calls the compute functions, sets
  the data of the artists made once at build time, and returns the status line (HTML). An update
  may set a control itself (e.g. lam = 1/(eta t) while `match` is on): that does not start
  another redraw.
- **Slow settings computed ahead.** Where one setting costs more than its drawing (notebook 00:
  10^4 softmax steps, 05: 10^6 steps), the update reads the compute function through a
  `_core.Prefetch` and queues the step slider's neighbours (`_core.slider_neighbours`): one
  background thread computes them while the figure draws (compiled loops release the GIL). Its
  `get` returns a background result only for exactly the arguments asked for, so the picture is
  the one computed in the foreground; the benchmarks' `fresh_caches()` switches it off.
- **Divergence** is reported as text in the figure, never drawn as NaN or inf: at the step
  slider's maximum (`10**step.max`, at least 1.25x its threshold) every drawn line stays finite and
  a `plotting.warning_text` box says `diverges: η = ... > 2/L = ...` (`_diverges_message`). Where
  the step's threshold is not a cliff, the slider's label says so and the figure says what
  happened instead: "guaranteed below" (notebook 05: the run did not diverge and whether the loss
  rose), "2/L₀" (notebook 00: the loss rises at some step), "typical limit" (notebook 06: a
  divergence, if any, is said as above). Every `step_slider` call passes its `kind`, which the
  tests read (`step.kind`): "threshold" (a cliff), "guaranteed", "initial" (2/L₀) or "typical".
  RuntimeWarnings are errors in the tests.
- **Redrawable figures.** Panels are matplotlib Figures made with `plotting.figure` (never pyplot).
  `plotting.dynamic(fig, *artists)` names the artists an update changes; everything else is drawn
  once as a background, so a redraw draws only those (~10 ms instead of ~100 ms). Axes limits stay
  fixed, or the update calls `plotting.refresh_background(fig)` after changing them. After each
  update `Demo` renders every panel to PNG and shows it in an `ipywidgets.Output` (one assignment:
  no flicker, inline-backend pictures in every front end); `Demo._repr_mimebundle_` adds one PNG of
  all panels, the fallback that static exports (make html, make slides) show without a kernel.
- **Text alternatives** (issue 14). Each panel is shown as an `<img>` whose alt text
  `plotting.describe(fig)` writes from the figure's artists after every update: title, axis labels
  and log axes, each line's numbers now, texts on the axes. So give the axes a title and labels,
  and every line that carries data a `label=` (or `gid=`, a name for the words only, when it should
  not appear in the legend). A figure may set `fig.describe = lambda fig: "..."` where the generic
  words miss what matters. Every demo also carries `_core.a11y_script()` (names the sliders, makes
  the status line, class `lectures-status`, a polite live region).

Registering a demo, and which notebook shows it
-----------------------------------------------
Decorate the function in its notebook's module with `@register(notebook="NN")`, import it below
(importing the module registers it) and add its name to `__all__`, and call it in notebook NN in
a code cell that is only the call, `demos.name()` (keyword settings allowed). `ALL` is built from
the registry in notebook order; tests and benchmarks drive every demo through it.

Which test covers it
--------------------
- tests/test_demos.py: every demo in `ALL` is built and driven: control names from the
  vocabulary, every control changes the figure, the PNGs are in the Output widgets, the reset
  button restores defaults and picture, a diverging step is said in the figure and nothing
  non-finite is drawn, it displays as a widget, and every panel's alt text changes with the
  first control. Demo-specific claims get their own test there.
- tests/test_notebooks.py: every demo in `ALL` is called as `demos.<name>(` in some notebook's
  code; nbval (`pytest notebooks/`) runs every notebook, so every demo call is executed too.
- tests/browser/: in JupyterLab, every demo's first slider is moved with the keyboard and its
  figure must change; tests/test_exports.py: a picture per demo in the static exports.
- benchmarks/bench_demos.py and bench_browser.py time every demo in `ALL` (make bench).
"""

from lectures_lib.demos._core import Demo, register, registered
from lectures_lib.demos.least_squares import gd_vs_sgd, min_norm_paths, ridge_path
from lectures_lib.demos.linear_nets import linear_net_modes, linear_net_training
from lectures_lib.demos.max_margin import gradient_flow, optimizer_comparison, soudry_figure1
from lectures_lib.demos.nonlinear import poly_net, relu_corollary8
from lectures_lib.demos.overview import overview_curves
from lectures_lib.demos.perceptron import (
    perceptron_nonseparable,
    perceptron_run,
    perceptron_sweep,
)
from lectures_lib.demos.spectral import early_stopping_fit, filters, rates

# Every demo, by name, in notebook order: tests and benchmarks drive them all through this table.
ALL = registered()

# The names these three demos had before the naming rule (notebooks saved earlier still run).
soudry_figure1_demo = soudry_figure1
gradient_flow_demo = gradient_flow
poly_net_demo = poly_net

__all__ = [
    "ALL", "Demo", "register", "registered",
    "overview_curves",
    "min_norm_paths", "gd_vs_sgd", "ridge_path",
    "filters", "early_stopping_fit", "rates",
    "linear_net_training", "linear_net_modes",
    "perceptron_run", "perceptron_sweep", "perceptron_nonseparable",
    "soudry_figure1", "optimizer_comparison", "gradient_flow",
    "poly_net", "relu_corollary8",
    "soudry_figure1_demo", "gradient_flow_demo", "poly_net_demo",
]
