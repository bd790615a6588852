"""Every demo, driven the way a student drives it: move each control, the figure must change."""

import base64
import html

import ipywidgets as W
import numpy as np
import pytest

from lectures_lib import demos
from tests.helpers import another_value, other_values

DEMOS = demos.ALL
# the shared vocabulary of control names (guide: "The Demo protocol")
NAMES = {"step", "sgd_step", "iters", "init", "init_scale", "seed", "batch_size", "lam", "match",
         "noise", "r", "norm", "alpha", "hidden", "null_amount", "margin", "order", "bias", "d",
         "n", "flip", "loss", "dataset", "t_max", "n_train"}


def demo_name(demo):
    return next(name for name, f in DEMOS.items() if f.__name__ in demo._update.__qualname__)


@pytest.fixture(scope="module", params=sorted(DEMOS))
def built(request):
    """Each demo is built once per module (its caches then serve later tests)."""
    return DEMOS[request.param]()


@pytest.fixture
def demo(built):
    built.reset()  # every test starts from the defaults, as a student opening the notebook
    return built


def test_controls_use_the_standard_names(demo):
    assert set(demo.controls) <= NAMES
    assert demo.png and all(p[:4] == b"\x89PNG" for p in demo.png.values())


def test_every_control_changes_the_figure(demo):
    if "init" in demo.controls:  # init_scale only matters for a nonzero start
        demo.controls["init"].value = "random"
    for name, control in demo.controls.items():
        before = dict(demo.png)
        control.value = another_value(control)
        changed = [p for p in demo.png if demo.png[p] != before[p]]
        assert changed, f"moving {name!r} did not change the figure"


def test_figure_is_shown_in_the_output_widget(demo):
    for name, out in demo.outputs.items():
        (output,) = out.outputs
        assert base64.b64decode(output["data"]["image/png"]) == demo.png[name]
        # what the front ends show: an <img> with the panel's text alternative (issue 14)
        b64 = base64.b64encode(demo.png[name]).decode("ascii")
        assert output["data"]["text/html"] == (f'<img alt="{html.escape(demo.alt[name])}" '
                                               f'src="data:image/png;base64,{b64}">')


def test_every_panel_has_alt_text_that_follows_the_first_control(demo):
    """Issue 14: each panel's alt text says what it shows now; when the first control moves,
    every panel whose picture changed says something new."""
    assert demo.alt.keys() == demo.panels.keys()
    assert all(len(alt) > 20 for alt in demo.alt.values()), demo.alt
    before_png, before_alt = dict(demo.png), dict(demo.alt)
    name, control = next(iter(demo.controls.items()))
    control.value = other_values(control)[0]
    moved = [p for p in demo.png if demo.png[p] != before_png[p]]
    assert moved, f"moving {name!r} changed no panel"
    for p in moved:
        assert demo.alt[p] != before_alt[p], (name, p, demo.alt[p])


def test_a11y_script_once_per_demo_and_status_line_class(demo):
    """The script that names slider handles and makes the status line a live region (tested in
    the browser by tests/browser): one hidden Output per demo, and the class it looks for."""
    def outputs(widget):
        yield widget
        for child in getattr(widget, "children", ()):
            yield from outputs(child)

    scripts = [w for w in outputs(demo.widget) if isinstance(w, W.Output) and any(
        "<script>" in o["data"].get("text/html", "") for o in w.outputs)]
    assert len(scripts) == 1
    (script,) = scripts[0].outputs
    assert "window.__lecturesA11y" in script["data"]["text/html"]  # runs once per page
    assert "lectures-status" in demo.status._dom_classes


def test_reset_restores_defaults_and_picture(demo):
    first = dict(demo.png)
    assert demo.png == DEMOS[demo_name(demo)]().png  # the defaults' picture, as first built
    for control in demo.controls.values():
        control.value = another_value(control)
    assert demo.values != demo.defaults
    demo.reset_button.click()
    assert demo.values == demo.defaults
    assert demo.png == first


def test_diverging_step_is_said_in_the_figure_not_drawn_as_nan(demo):
    if "step" not in demo.controls:
        pytest.skip("this demo has no step size")
    step = demo.controls["step"]
    step.value = 10**step.max  # at least 1.25 x the threshold
    if "iters" in demo.controls:
        demo.controls["iters"].value = 1000
    texts = [t.get_text() for fig in demo.panels.values() for t in fig.findobj(
        lambda a: hasattr(a, "get_text"))]
    if step.kind == "guaranteed":
        # a sufficient condition, not a cliff (Soudry): the demo states the guarantee, and at 4x it
        # the figure says what happened (every z_n . z_m > 0 on this data: no divergence, and the
        # loss falls at every step)
        assert "guaranteed below" in demo.status.value
        assert any("no divergence" in t and "the loss fell at every recorded step" in t
                   for t in texts), texts
    elif step.kind == "initial":
        # the softmax (notebook 00): 2/L0 is the curvature at the start, not a cliff; the
        # gradient is bounded, so GD never blows up, and the figure says the loss rises
        assert any("rises" in t and "> 2/L₀" in t for t in texts), texts
        assert all("nan" not in t.lower() for t in texts)
    elif step.kind == "typical":
        # nonlinear networks have no sharp threshold: a divergence, if any, is said in the figure
        assert all("nan" not in t.lower() for t in texts)
        if any("diverge" in t for t in texts):
            assert any("diverges: η" in t for t in texts), texts
    else:
        assert step.kind == "threshold", step.kind
        assert any("diverges: η" in t and "2/" in t for t in texts), texts
    for fig in demo.panels.values():
        for line in fig.findobj(lambda a: hasattr(a, "get_xydata")):
            assert np.all(np.isfinite(line.get_xydata()))


def test_displays_as_a_widget(demo):
    bundle = demo._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    # static exports show the text/html: the panels' picture with all their alt texts
    alt = html.escape(" ".join(demo.alt.values()))
    assert bundle["text/html"].startswith(f'<img alt="{alt}" src="data:image/png;base64,')
    assert bundle["text/html"].endswith(f'{bundle["image/png"]}">')


def test_overview_curves_are_cached_and_equal_a_fresh_computation():
    from lectures_lib.demos import overview as demo
    first = demo.curves(0.9, 50, 1)
    assert demo.curves(0.9, 50, 1) is first  # the same inputs: the cached object
    fresh = demo.curves.__wrapped__(0.9, 50, 1)  # computed again, without the cache
    assert fresh is not first and fresh.keys() == first.keys()
    for key, value in first.items():
        np.testing.assert_array_equal(value, fresh[key], err_msg=key)
    assert first["t"][-1] == demo.MAX_T and not first["diverged"] and first["train_err"][-1] == 0


def test_overview_step_neighbours_come_from_the_background_and_match_a_fresh_demo():
    from lectures_lib.demos import overview as demo
    from lectures_lib.demos._core import slider_neighbours
    built = DEMOS["overview_curves"]()
    step = built.controls["step"]
    up, down, up2, down2 = slider_neighbours(step, presses=2)
    assert down2 < down < step.value < up < up2
    queued = dict(demo._ahead._queued)
    assert list(queued) == [(s, 100, 0) for s in (up, down, up2, down2)]  # in the background
    for value in (up, down):
        step.value = value
        assert built.png == DEMOS["overview_curves"](step=value).png  # this step's run
    assert queued[(up, 100, 0)].result() is demo.curves(up, 100, 0)


def test_prefetch_never_mixes_settings():
    import functools
    import threading

    from lectures_lib.demos._core import Prefetch

    started, release, calls = threading.Event(), threading.Event(), []

    @functools.lru_cache(maxsize=8)
    def compute(x):
        calls.append(x)
        if x == 2:
            started.set()
            release.wait(10)
        return 10 * x

    ahead = Prefetch(compute)
    ahead.prefetch((2,), (3,))  # 2 starts in the background, 3 waits behind it
    assert started.wait(10)
    ahead.prefetch((4,), (2,))  # 3 is dropped before it started; 2 keeps running
    assert ahead.get(3) == 30  # so 3 is computed here
    release.set()
    assert ahead.get(2) == 20  # waits for the background's run of exactly 2
    assert ahead.get(4) == 40
    assert sorted(calls) == [2, 3, 4]  # each once


def test_fresh_caches_give_a_demo_nothing_from_the_background():
    from lectures_lib.demos import overview as demo
    from lectures_lib.demos._core import fresh_caches, slider_neighbours

    live = DEMOS["overview_curves"]()
    up = slider_neighbours(live.controls["step"])[0]
    queued = dict(demo._ahead._queued)
    assert (up, 100, 0) in queued
    with fresh_caches():
        assert not demo._ahead._queued  # the live demo's background results are out of reach
        twin = DEMOS["overview_curves"](step=up)
        assert not demo._ahead._queued  # and the naive twin queues nothing
    assert demo._ahead._queued == queued  # the live demo's, back as they were
    assert twin.png == DEMOS["overview_curves"](step=up).png


def test_slider_neighbours_are_one_arrow_key_away():
    import ipywidgets as W

    from lectures_lib.demos._core import slider_neighbours

    log = W.FloatLogSlider(value=10.0, base=10, min=-2, max=2, step=0.5)
    assert np.allclose(slider_neighbours(log), [10**1.5, 10**0.5])
    log.value = 20.0  # between grid points 10 and 10^1.5
    assert np.allclose(slider_neighbours(log), [10**1.5, 10.0])
    assert np.allclose(slider_neighbours(log, presses=2), [10**1.5, 10.0, 100.0, 10**0.5])
    lin = W.FloatSlider(value=1.0, min=0, max=1, step=0.25)
    assert np.allclose(slider_neighbours(lin), [0.75])  # at the end of the range

def test_gd_vs_sgd_shows_the_null_space_part_staying_put():
    demo = demos.gd_vs_sgd()
    demo.controls["init"].value = "null"
    demo.controls["iters"].value = 10**5
    fig = demo.panels["parts"]
    lines = {line.get_label(): line for line in fig.axes[0].get_lines()}
    null = lines[r"GD $\|P_{null}w_t\|$"].get_ydata()
    row = lines[r"GD $\|P_{row}w_t - w_+\|$"].get_ydata()
    assert np.ptp(null) < 1e-10 * null[0]  # never changes
    assert row[-1] < 1e-12  # the row-space part converges to w_+
    sgd_null = lines[r"SGD $\|P_{null}w_t\|$"].get_ydata()
    np.testing.assert_allclose(sgd_null, null[0], rtol=1e-10)


def test_filters_match_ties_lambda_to_one_over_eta_t():
    demo = demos.filters()
    demo.controls["match"].value = True
    demo.controls["iters"].value = 1000
    demo.controls["step"].value = 0.5
    assert demo.controls["lam"].value == pytest.approx(1 / (0.5 * 1000), rel=1e-2)
    assert demo.controls["lam"].disabled
    demo.controls["match"].value = False
    assert not demo.controls["lam"].disabled


def test_early_stopping_fit_shows_the_u_curve():
    demo = demos.early_stopping_fit()
    ax = demo.panels["errors"].axes[0]
    lines = {line.get_label(): line for line in ax.get_lines()}
    test = lines["GD test"].get_ydata()
    train = lines["GD train"].get_ydata()
    assert test.min() < test[-1] and test.min() < test[0]  # a U: down, then up
    assert train[-1] < 1e-2 * train[0]  # training error goes (nearly) to zero


def test_rates_status_reports_slopes():
    demo = demos.rates()
    demo.controls["r"].value = 2.0
    assert "Tikhonov slope 0.9" in demo.status.value and "GD slope 1.9" in demo.status.value
    demo.controls["norm"].value = "K"
    demo.controls["r"].value = 0.5
    texts = [t.get_text() for t in demo.panels["rates"].axes[0].texts]
    assert any("r > 1/2" in t for t in texts)


# The compute functions of notebooks 01-04 and 06: a run for one setting of the controls, cached

def _compute_cases():
    from lectures_lib import linear_nets
    from lectures_lib.demos import least_squares as ls
    from lectures_lib.demos import linear_nets as ln
    from lectures_lib.demos import max_margin as mm
    from lectures_lib.demos import nonlinear as nl
    from lectures_lib.demos import perceptron as pc
    from lectures_lib.demos import spectral as sp

    X, Y = ln.net_problem(0, 2)
    net_step = linear_nets.stable_step(X, Y, 20) / 2
    return {
        "min_norm_paths_runs": (ls.min_norm_paths_runs, (0.15, 10, "random", 1.0, 0)),
        "regression_problem": (ls.regression_problem, (50, 200, 0)),
        "gd_vs_sgd_gd": (ls.gd_vs_sgd_gd, (50, 200, 0, 0.05, "random", 1.0)),
        "gd_vs_sgd_sgd": (ls.gd_vs_sgd_sgd, (50, 200, 0, 0.01, 1, "zero", 1.0, 1000)),
        "gd_vs_sgd_curves": (ls.gd_vs_sgd_curves, (50, 200, 0, 100, "sgd", 0.01, 1, "null", 1.0)),
        "ridge_path_gd": (ls.ridge_path_gd, (50, 200, 0, 0.05)),
        "fit_paths": (sp.fit_paths, (0, 0.3, 0.5, "zero", 1.0)),
        "rate_curves": (sp.rate_curves, (1.0, 1.0)),
        "net_run": (ln.net_run, (0, 2, "row_space", 0.1, 1.0, 20, net_step, 10, 0, 1000)),
        "poly_net_run": (nl.poly_net_run, (0, 1e-2, 0.05, 0)),
        "relu_run": (nl.relu_run, (0.1, 1.0, 1)),
        "perceptron_setting": (pc.perceptron_setting, (0.05, "cyclic", True, 0)),
        "nonseparable_run": (pc.nonseparable_run, (0.1, "random", 0)),
        "soudry_problem": (mm.soudry_problem, ("generic", 1)),
        "soudry_run": (mm.soudry_run, ("figure1", 0, 0.05, "random", 1.0, "exp")),
        "optimizer_runs": (mm.optimizer_runs, ("figure1", 0, "logistic")),
        "flow_curve": (mm.flow_curve, ("generic", "exp")),
    }


def test_soudry_step_neighbours_come_from_the_background_and_match_a_fresh_computation():
    from lectures_lib.demos import _core
    from lectures_lib.demos import max_margin as mm

    built = DEMOS["soudry_figure1"](init="random")
    built.controls["loss"].value = "exp"  # after each drawing the step's neighbours are computed
    step = built.controls["step"]
    up, down = _core.slider_neighbours(step)
    assert down < step.value < up
    queued = dict(mm._ahead._queued)
    settings = [("figure1", 0, value, "random", 1.0, "exp") for value in (up, down)]
    assert set(queued) == set(settings)
    for value, setting in zip((up, down), settings):
        step.value = value
        assert queued[setting].result() is mm.soudry_run(*setting)  # the background's run
        fresh = mm.soudry_run.__wrapped__(*setting)  # computed again, without any cache
        for key in ("w", "loss", "angle", "gap", "sv_share"):
            np.testing.assert_array_equal(queued[setting].result()[key], fresh[key])
        with _core.fresh_caches():  # the naive twin: the figure from scratch at this setting
            naive = DEMOS["soudry_figure1"](init="random", loss="exp", step=value)
        assert built.status.value == naive.status.value
        for name, fig in built.panels.items():  # the same curves and texts in every panel
            assert _drawn(fig) == _drawn(naive.panels[name]), name


def _drawn(fig):
    """What a figure shows: every line's data and every text, in a comparable form."""
    lines = [line.get_xydata().tolist() for line in fig.findobj(lambda a: hasattr(a, "get_xydata"))]
    texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    return lines, texts


def _parts(result, path="result"):
    """(path, leaf) for every array or scalar in a compute function's result."""
    import dataclasses

    if isinstance(result, dict):
        items = result.items()
    elif isinstance(result, (tuple, list)):
        items = enumerate(result)
    elif dataclasses.is_dataclass(result):
        items = ((f.name, getattr(result, f.name)) for f in dataclasses.fields(result))
    else:
        yield path, result
        return
    for key, value in items:
        yield from _parts(value, f"{path}[{key!r}]")


@pytest.mark.parametrize("name", sorted(_compute_cases()))
def test_compute_function_is_cached_read_only_and_equals_a_fresh_computation(name):
    compute, args = _compute_cases()[name]
    first = compute(*args)
    assert compute(*args) is first  # the same inputs: the cached object
    parts = dict(_parts(first))
    arrays = [p for p, v in parts.items() if isinstance(v, np.ndarray)]
    assert arrays, "a compute function returns arrays"
    writable = [p for p in arrays if parts[p].flags.writeable]
    assert not writable, f"the caller could change the cached result in place: {writable}"
    fresh = dict(_parts(compute.__wrapped__(*args)))  # computed again, without the cache
    assert fresh.keys() == parts.keys()
    for path, value in parts.items():
        if callable(value):
            continue
        np.testing.assert_array_equal(value, fresh[path], err_msg=path)


def test_sgd_runs_grow_only_as_far_as_the_iterations_slider_asks():
    from lectures_lib.demos import _core
    from lectures_lib.demos import least_squares as ls

    assert _core.horizons(10**5) == (1000, 3000, 10**4, 3 * 10**4, 10**5)
    setting = (50, 200, 0, 0.002, 1, "random", 1.0)  # far from the rounding floor at t = 3000
    curves = ls.gd_vs_sgd_curves(50, 200, 0, 2000, "sgd", 0.002, 1, "random", 1.0)
    run = ls.gd_vs_sgd_sgd(*setting, 3000)  # 2000 is served by the run of 3000 steps
    assert curves["iters"][-1] == 2000 and run.iters[-1] == 3000
    shorter = ls.gd_vs_sgd_sgd(*setting, 1000)  # the same run, cut: the first 1000 steps agree
    np.testing.assert_array_equal(shorter.weights, run.weights[run.iters <= 1000])
    with _core.fresh_caches():  # the benchmarks' naive twin: computed anew, caches untouched
        assert ls.gd_vs_sgd_sgd(*setting, 3000) is not run
    assert ls.gd_vs_sgd_sgd(*setting, 3000) is run
