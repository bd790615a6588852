import ipywidgets as W
import matplotlib as mpl
import numpy as np
import pytest

from lectures_lib import plotting, widgets


def test_iteration_options_are_log_spaced_and_reach_the_max():
    opts = widgets.iteration_options(10**5)
    assert opts[:7] == [0, 1, 2, 3, 5, 7, 10]
    assert opts[-1] == 10**5
    assert all(a < b for a, b in zip(opts, opts[1:]))
    assert widgets.iteration_options(300)[-1] == 300


def test_iters_slider_reaches_1e5_and_yields_ints():
    s = widgets.iters_slider()
    assert max(s.options) == 10**5 and isinstance(s.value, int)
    with pytest.raises(ValueError, match="value"):
        widgets.iters_slider(value=4)


def test_step_slider_is_log_scale_and_marks_the_threshold():
    s = widgets.step_slider(0.4)
    assert "0.4" in s.description and "2/L" in s.description
    assert s.value == pytest.approx(0.2)
    assert 10**s.max > 0.4 > 10**s.min  # the slider crosses the threshold
    assert not s.continuous_update
    with pytest.raises(ValueError, match="threshold"):
        widgets.step_slider(-1)


def test_step_slider_kind_is_stored_and_checked():
    assert widgets.step_slider(0.4).kind == "threshold"  # the classical 2/L cliff by default
    for kind in widgets.STEP_KINDS:
        s = widgets.step_slider(0.4, kind=kind)
        assert s.kind == kind and isinstance(s, W.FloatLogSlider)
        assert s.description == "step η (2/L = 0.4)"  # the kind never changes the label
    with pytest.raises(ValueError, match="kind") as err:
        widgets.step_slider(0.4, kind="cliff")
    assert all(repr(k) in str(err.value) for k in widgets.STEP_KINDS)
    assert set(widgets.STEP_KINDS) == {"threshold", "guaranteed", "initial", "typical"}


def test_house_style_builders():
    width = widgets._STYLE["description_width"]
    built = {
        W.Dropdown: widgets.dropdown([("one", 1), ("two", 2)], 2, "pick"),
        W.SelectionSlider: widgets.choice_slider([1, 10, 100], 10, "pick", continuous_update=False),
        W.FloatSlider: widgets.float_slider(0.5, 0.0, 1.0, 0.1, "pick", continuous_update=False),
        W.IntSlider: widgets.int_slider(3, 1, 5, "pick", continuous_update=True),
        W.Checkbox: widgets.checkbox(True, "pick"),
    }
    for cls, control in built.items():
        assert type(control) is cls
        assert control.description == "pick"
        assert control.style.description_width == width  # lines up with the standard controls
        assert control.layout.width == widgets._LAYOUT["width"]
    assert built[W.Dropdown].value == 2 and built[W.SelectionSlider].value == 10
    assert not built[W.SelectionSlider].continuous_update and built[W.IntSlider].continuous_update
    f = built[W.FloatSlider]
    assert (f.value, f.min, f.max, f.step) == (0.5, 0.0, 1.0, 0.1)
    assert (built[W.IntSlider].min, built[W.IntSlider].max) == (1, 5)
    assert widgets.step_slider(0.4).style.description_width == width
    with pytest.raises(TypeError):
        widgets.choice_slider([1, 2], 1, "pick")  # a slider's demo says whether it is continuous


def test_init_controls():
    d = widgets.init_dropdown()
    assert {v for _, v in d.options} == {"zero", "random", "null"}
    assert widgets.init_scale_slider().value == 1.0
    assert widgets.seed_input(3).value == 3
    assert widgets.batch_size_slider(10).max == 10


def test_use_style_presentation_enlarges_fonts_and_lines():
    # leave matplotlib as this test found it: test_demos compares figures pixel by pixel
    saved, presentation = mpl.rcParams.copy(), plotting._presentation
    try:
        plotting.use_style()
        small = mpl.rcParams["font.size"], mpl.rcParams["lines.linewidth"]
        plotting.use_style(presentation=True)
        big = mpl.rcParams["font.size"], mpl.rcParams["lines.linewidth"]
        assert big[0] > small[0] and big[1] > small[1]
        cycle = mpl.rcParams["axes.prop_cycle"].by_key()
        assert cycle["color"][:3] == plotting.OKABE_ITO[:3]
        assert len(set(map(str, cycle["linestyle"][:4]))) == 4  # not only colours differ
    finally:
        mpl.rcParams.update(saved)
        plotting._presentation = presentation


def test_png_with_dynamic_artists_matches_a_full_draw():
    fig, ax = plotting.figure()
    ax.set(xlim=(0, 1), ylim=(0, 1))
    line, = ax.plot([0, 1], [0, 1])
    full = plotting.png(fig)
    plotting.dynamic(fig, line)
    first = plotting.png(fig)
    line.set_data([0, 1], [1, 0])
    second = plotting.png(fig)
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    assert first != second
    line.set_data([0, 1], [0, 1])
    assert plotting.png(fig) == first  # the background really is restored
    import io

    from PIL import Image
    a = np.asarray(Image.open(io.BytesIO(full)).convert("RGB"), dtype=float)
    b = np.asarray(Image.open(io.BytesIO(first)).convert("RGB"), dtype=float)
    assert a.shape == b.shape and np.abs(a - b).mean() < 2.0
