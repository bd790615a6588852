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


def test_plain_and_number_read_well():
    assert plotting.plain(r"$\|w_t - w_+\|$") == "‖w_t - w_+‖"
    assert plotting.plain(r"$\|\hat w\| \ln t$ + c") == "‖ŵ‖ ln t + c"
    assert plotting.plain(r"eigenvalue $\mu$ of $X^TX/n$") == "eigenvalue μ of X^TX/n"
    cases = {6.4823: "6.48", 95749: "95749", 1e5: "100000", 1e6: "10^6", 4.4746e-4: "4.47e-4",
             0.00163: "0.00163", 5400.3: "5400", -2.27: "-2.27", 0: "0", float("inf"): "infinity",
             float("nan"): "not a number", 1.8175e-16: "1.82e-16"}
    for x, words in cases.items():
        assert plotting.number(x) == words, x


def test_describe_says_what_is_plotted_and_the_numbers_now():
    fig, ax = plotting.figure()
    t = np.array([1, 10, 100, 1000])
    line, = ax.plot(t, [1.0, 3.0, 5.0, 6.4912], label="GD")
    ax.plot(t, 2 * np.log(t), label=r"$\|\hat w\| \ln t$")
    ax.plot([100], [5.0], "o")  # an unlabelled marker: the current point
    warning = plotting.warning_text(ax, "diverges: η = 3 > 2/L = 2")
    ax.set(xscale="log", xlabel="iteration t", title=r"(B) $\|w(t)\|$")
    alt = plotting.describe(fig)
    assert alt == ("(B) ‖w(t)‖ against iteration t, horizontal axis log scale: point at (100, 5); "
                   "GD 6.49 at t = 1000 (from 1 at t = 1; 5 at t = 100); ‖ŵ‖ ln t 13.8 at "
                   "t = 1000 (from 0 at t = 1; 9.21 at t = 100); diverges: η = 3 > 2/L = 2."), alt
    line.set_ydata([1.0, 9.0, 5.0, 6.0])  # the alt follows the artists: the state now
    warning.set_text("")
    alt = plotting.describe(fig)
    assert "GD 6 at t = 1000 (from 1 at t = 1; highest 9 at t = 10)" in alt
    assert "diverges" not in alt
    fig.describe = lambda f: "a figure's own words"  # a demo may write its own
    assert plotting.describe(fig) == "a figure's own words"


def test_describe_a_plane_and_an_image():
    fig, (ax1, ax2) = plotting.figure(ncols=2)
    ax1.set(xlim=(-2, 2), ylim=(-2, 2), aspect="equal", title="data and separator")
    ax1.plot([0.5, 1.0, 1.5], [1.0, 0.5, 1.5], "o", ls="none", label="y = +1")
    ax1.plot([-2, 2], [2, -2], label="max margin")
    ax1.plot([0, 1], [0, 1], gid="GD")  # named in the words only, not in a legend
    ax1.plot(np.cos(np.linspace(0, 6.3, 50)), np.sin(np.linspace(0, 6.3, 50)))  # a guide: unsaid
    ax2.imshow([[-1.0, 0.5], [0.25, 1.0]])
    ax2.set(title="map")
    assert plotting.describe(fig) == (
        "data and separator: GD: a line through (0, 0) and (1, 1), at 45.00 degrees; "
        "y = +1: 3 points; max margin: a line through (-2, 2) and (2, -2), at 135.00 degrees. "
        "map: image of 2 by 2 values from -1 to 1, positive on 75% of it, mean absolute value "
        "0.6875.")


def test_figure_bundle_escapes_the_alt_text():
    from lectures_lib.demos._core import figure_bundle

    bundle = figure_bundle(b"\x89PNG", 'a "quoted" <b> & text')
    assert bundle["text/html"] == ('<img alt="a &quot;quoted&quot; &lt;b&gt; &amp; text" '
                                   'src="data:image/png;base64,iVBORw==">')
    assert bundle["image/png"] == "iVBORw==" and bundle["text/plain"] == 'a "quoted" <b> & text'
