"""Every demo, driven the way a student drives it: move each control, the figure must change."""

import base64

import numpy as np
import pytest

from lectures_lib import demos
from tests.helpers import another_value

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
