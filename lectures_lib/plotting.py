"""The house style, and figures that demos can redraw quickly.

Colours are the Okabe-Ito palette (safe for colour-blind readers) and every series also gets its
own line style, so curves differ by more than colour. `use_style(presentation=True)` enlarges
fonts and lines for a projector.

Demos draw on `matplotlib.figure.Figure` objects made here (not through pyplot), render them to PNG
themselves and show the PNG in an ipywidgets.Output: the same picture the inline backend would
show, in every front end, without pyplot displaying a second copy.
"""

import io
import math
import re

import matplotlib as mpl
import numpy as np
import PIL.Image
from cycler import cycler
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

# Okabe & Ito (2008), "Color Universal Design"
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
LINESTYLES = ["-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)), "-", "--"]

_presentation = False


def _style(presentation):
    big = presentation
    return {
        "axes.prop_cycle": cycler(color=OKABE_ITO) + cycler(linestyle=LINESTYLES),
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "font.size": 15 if big else 10,
        "axes.titlesize": 16 if big else 11,
        "axes.labelsize": 15 if big else 10,
        "legend.fontsize": 13 if big else 9,
        "xtick.labelsize": 13 if big else 9,
        "ytick.labelsize": 13 if big else 9,
        "lines.linewidth": 3.0 if big else 1.8,
        "lines.markersize": 9 if big else 6,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "legend.frameon": False,
    }


def use_style(presentation=False):
    """Apply the house style to matplotlib (call once in a notebook's setup cell).

    presentation=True: large fonts and thick lines for a projector; figures made afterwards are
    also larger (see `figure`).
    """
    global _presentation
    _presentation = bool(presentation)
    mpl.rcParams.update(_style(_presentation))


def figure(ncols=1, nrows=1, width=4.2, height=3.2, **subplot_kw):
    """A new Figure with a grid of axes (size per panel, in inches), drawn by the Agg renderer.

    Returns (fig, axes) with axes a single Axes or an array, as plt.subplots does.
    """
    scale = 1.35 if _presentation else 1.0
    fig = Figure(figsize=(width * ncols * scale, height * nrows * scale), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(nrows, ncols, squeeze=True, subplot_kw=subplot_kw or None)
    return fig, axes


def dynamic(fig, *artists):
    """Declare the artists of `fig` that a demo changes (lines, markers, titles, messages).

    Everything else (axes, ticks, labels, legend) is then drawn once and reused as a background
    picture, and each later `png(fig)` draws only these artists on top of it: the difference
    between ~100 ms and ~10 ms per frame. The axes limits must stay fixed afterwards (or call
    `refresh_background(fig)` after changing them).
    """
    for a in artists:
        a.set_animated(True)
    fig.dynamic_artists = list(artists)
    fig.background = None


def refresh_background(fig):
    """Forget the cached background of `fig` (after changing limits, ticks or the legend)."""
    fig.background = None


def png(fig):
    """Render a Figure to PNG bytes.

    A figure without `dynamic` artists is drawn in full. With them, the static background is
    drawn once (its layout then frozen) and only the dynamic artists are drawn on a copy of it.
    """
    canvas = fig.canvas
    animated = getattr(fig, "dynamic_artists", None)
    if animated is None:
        canvas.draw()
    else:
        if fig.background is None:
            canvas.draw()  # animated artists are skipped here
            fig.set_layout_engine("none")  # keep the axes where the layout put them
            fig.background = canvas.copy_from_bbox(fig.bbox)
        else:
            canvas.restore_region(fig.background)
        for a in animated:
            fig.draw_artist(a)
    width, height = canvas.get_width_height(physical=True)
    image = PIL.Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buf = io.BytesIO()
    image.save(buf, format="png", compress_level=1)
    return buf.getvalue()


def warning_text(ax, text=""):
    """A text box in the middle of an axes for messages such as 'diverges: eta > 2/L = ...'.

    Returns the Text artist; set its text to '' to hide it. It takes no part in the layout (a long
    message must not squeeze the axes); break long messages into lines.
    """
    text = ax.text(
        0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", color="#D55E00",
        fontsize=mpl.rcParams["font.size"] + 1, fontweight="bold", zorder=10,
        bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": "#D55E00", "alpha": 0.9},
    )
    text.set_in_layout(False)
    return text


def combine_png(pngs, max_width=1100):
    """Paste PNG images left to right, wrapping to a new row past max_width pixels: one static
    picture of a demo's panels (what a static export shows in place of the live widget)."""
    images = [PIL.Image.open(io.BytesIO(p)).convert("RGB") for p in pngs]
    rows, row, width = [], [], 0
    for im in images:
        if row and width + im.width > max_width:
            rows.append(row)
            row, width = [], 0
        row.append(im)
        width += im.width
    rows.append(row)
    W = max(sum(im.width for im in r) for r in rows)
    H = sum(max(im.height for im in r) for r in rows)
    out = PIL.Image.new("RGB", (W, H), "white")
    y = 0
    for r in rows:
        x = 0
        for im in r:
            out.paste(im, (x, y))
            x += im.width
        y += max(im.height for im in r)
    buf = io.BytesIO()
    out.save(buf, format="png", compress_level=6)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# Text alternatives: what a figure shows, in words, from its own artists (the alt text of a demo's
# panel, read by screen readers and shown by static exports in place of the picture)
# ---------------------------------------------------------------------------------------------

# TeX in titles and labels, as plain text a screen reader reads well
_TEX = [(r"\left", ""), (r"\right", ""), (r"\|", "‖"), (r"\,", " "), (r"\;", " "), (r"\ ", " "),
        (r"\cdot", "·"), (r"\geq", "≥"), (r"\leq", "≤"), (r"\to", "→"), (r"\infty", "∞"),
        (r"\ln", "ln"), (r"\log", "log"), (r"\exp", "exp"), (r"\min", "min"), (r"\max", "max"),
        (r"\hat w", "ŵ"), (r"\hat", ""), (r"\mathrm", ""), (r"\mathbf", ""), (r"\operatorname", ""),
        (r"\sqrt", "√"), (r"\top", "ᵀ")]
_GREEK = {"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
          "eta": "η", "theta": "θ", "lambda": "λ", "mu": "μ", "sigma": "σ", "tau": "τ", "phi": "φ",
          "ell": "ℓ", "Sigma": "Σ", "Delta": "Δ"}


def plain(text):
    """A matplotlib label with TeX ('$\\|w_t - w_+\\|$') as plain text ('‖w_t - w_+‖')."""
    for tex, out in _TEX:
        text = text.replace(tex, out)
    text = re.sub(r"\\([A-Za-z]+)", lambda m: _GREEK.get(m.group(1), m.group(1)), text)
    return re.sub(r"\s+", " ", text.replace("$", "").replace("{", "").replace("}", "")).strip()


def number(x):
    """x to 3 significant figures, in words a screen reader reads: 6.49, 95749, 4.47e-4, 10^5."""
    x = float(x)
    if not math.isfinite(x):
        return {math.inf: "infinity", -math.inf: "minus infinity"}.get(x, "not a number")
    if x == round(x) and abs(x) < 1e6:
        return str(int(round(x)))
    if 1e-3 <= abs(x) < 1e6:
        rounded = float(f"{x:.3g}")
        return str(int(rounded)) if abs(rounded) >= 100 else f"{rounded:g}"
    mantissa, exponent = f"{x:.2e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    exponent = int(exponent)
    return f"10^{exponent}" if mantissa == "1" else f"{mantissa}e{exponent}"


def _finite(ax, x, y):
    """The points a reader sees: finite, and positive on a log axis."""
    ok = np.isfinite(x) & np.isfinite(y)
    if ax.get_xscale() == "log":
        ok &= x > 0
    if ax.get_yscale() == "log":
        ok &= y > 0
    return x[ok], y[ok]


def _rounded(values, scale, lim):
    """values for the words: on a linear axis, rounding noise (below 1e-9 of its span) is 0."""
    if scale != "linear":
        return values
    return np.where(np.abs(values) < 1e-9 * abs(lim[1] - lim[0]), 0.0, values)


def _point(x, y):
    return f"({number(x)}, {number(y)})"


def _describe_line(ax, line, label, xname, plane):
    """One line in words. On a plane (equal aspect: both axes are coordinates) its points; on a
    graph its value now (the last point), its first value, and an extreme in between."""
    x, y = (np.asarray(v, dtype=float).ravel() for v in line.get_data())
    x, y = _finite(ax, x, y)
    x = _rounded(x, ax.get_xscale(), ax.get_xlim())
    y = _rounded(y, ax.get_yscale(), ax.get_ylim())
    if len(x) == 0:
        return None
    if np.all(x == x[0]) and np.all(y == y[0]):
        return f"{label} at {_point(x[0], y[0])}"
    if line.get_linestyle() in ("None", "", " "):  # markers only: a set of points
        if plane:
            return f"{label}: {len(x)} points"
        values = (f"value {number(y[0])}" if np.all(y == y[0]) else
                  f"value from {number(y.min())} to {number(y.max())}")
        return f"{label}: {len(x)} points, {xname} from {number(x.min())} to " \
               f"{number(x.max())}, {values}"
    if plane:
        if len(x) == 2:
            angle = np.degrees(np.arctan2(y[1] - y[0], x[1] - x[0])) % 180
            return f"{label}: a line through {_point(x[0], y[0])} and {_point(x[1], y[1])}, " \
                   f"at {angle:.2f} degrees"
        return f"{label}: a path of {len(x)} points from {_point(x[0], y[0])} to " \
               f"{_point(x[-1], y[-1])}"
    if np.all(x == x[0]):
        return f"{label}: vertical line at {xname} = {number(x[0])}"
    if np.all(y == y[0]):
        return f"{label}: level {number(y[0])}"
    text = f"{label} {number(y[-1])} at {xname} = {number(x[-1])}"
    if len(x) > 2:
        text += f" (from {number(y[0])} at {xname} = {number(x[0])}"
        inner = y[1:-1]
        low, high = min(y[0], y[-1]), max(y[0], y[-1])
        margin = 0.01 * ((high - low) or abs(high) or 1.0)
        k = int(np.argmin(inner)) if inner.min() < low - margin else None
        if k is None and inner.max() > high + margin:
            k = int(np.argmax(inner))
        if k is not None:
            extreme = "lowest" if inner[k] < low else "highest"
            text += f"; {extreme} {number(inner[k])} at {xname} = {number(x[k + 1])}"
        else:  # no extreme: say where it is halfway along, so the shape in between is told too
            m = len(x) // 2
            text += f"; {number(y[m])} at {xname} = {number(x[m])}"
        text += ")"
    return text


def _short_name(label):
    """The variable of an axis label, for 'at t = 10^5': 'iteration t' -> 't',
    'eigenvalue μ of X^TX/n' -> 'μ', 'ln t' -> 'ln t', 'epoch' -> 'epoch'."""
    label = label.split(" (")[0].strip()
    if len(label) <= 6:
        return label
    return next((word for word in label.split() if len(word) == 1), label)


def describe_axes(ax, max_curves=6):
    """What one Axes shows, in words: its title, what is plotted against what (log axes said),
    each labelled line's numbers (see _describe_line), unlabelled curves if they are the data
    (not on a plane, where they are guides), images' ranges, and any text on the axes."""
    title = plain(ax.get_title())
    xlabel, ylabel = plain(ax.get_xlabel()), plain(ax.get_ylabel())
    plane = ax.get_aspect() == 1.0
    head = title
    if ylabel and ylabel != title:
        head = f"{head}: {ylabel}" if head else ylabel
    if xlabel:
        head += f" against {xlabel}"
        logs = [name for name, scale in (("horizontal", ax.get_xscale()),
                                         ("vertical", ax.get_yscale())) if scale != "linear"]
        if len(logs) == 2:
            head += ", both axes log scale"
        elif logs:
            head += f", {logs[0]} axis log scale"
    xname = _short_name(xlabel) or "x"
    parts = []
    lines = [ln for ln in ax.get_lines() if ln.get_visible() and len(ln.get_xdata())]
    names = {}
    # unlabelled lines carry data too (panel (C)'s loss, the current point, a plane's separators);
    # they are named by their gid if they have one, else by kind: on a graph its curves and
    # marked points, on a plane its lines and point sets (its unlabelled paths are guides)
    by_kind = {}
    for ln in lines:
        if ln.get_label().startswith("_"):
            n, markers_only = len(ln.get_xdata()), ln.get_linestyle() in ("None", "", " ")
            kind = ("point" if n == 1 else "points" if markers_only else
                    "line" if plane and n == 2 else "curve" if not plane and n > 2 else None)
            if kind:
                by_kind.setdefault(kind, []).append(ln)
    for kind, group in by_kind.items():
        for i, ln in enumerate(group[:max_curves]):
            names[ln] = kind if len(group) == 1 else f"{kind} {i + 1}"
            if ln.get_gid():  # a name for the words only (not in the legend): plot(..., gid=...)
                names[ln] = ln.get_gid()
    names.update((ln, plain(ln.get_label())) for ln in lines if not ln.get_label().startswith("_"))
    for ln, name in names.items():
        text = _describe_line(ax, ln, name, xname, plane)
        if text:
            parts.append(text)
    for im in ax.get_images():
        a = np.asarray(im.get_array(), dtype=float)
        if a.size and np.isfinite(a).any():
            low, high = np.nanmin(a), np.nanmax(a)
            text = f"image of {a.shape[0]} by {a.shape[1]} values from {number(low)} to " \
                   f"{number(high)}"
            if low < 0 < high:  # a signed map (a decision function, a matrix): where it is > 0
                text += f", positive on {number(100 * np.mean(a > 0))}% of it"
            text += f", mean absolute value {np.nanmean(np.abs(a)):.4g}"
            parts.append(text)
    parts += [plain(t.get_text()) for t in ax.texts if t.get_visible() and t.get_text().strip()]
    return ": ".join(p for p in (head, "; ".join(parts)) if p)


def describe(fig):
    """The text alternative of a figure at its current state: one sentence per Axes (see
    describe_axes), joined. A figure may carry its own `fig.describe(fig) -> str` instead."""
    own = getattr(fig, "describe", None)
    if callable(own):
        return own(fig)
    texts = [plain(fig._suptitle.get_text())] if getattr(fig, "_suptitle", None) else []
    texts += [describe_axes(ax) for ax in fig.axes if ax.get_visible() and ax.axison]
    texts += [plain(t.get_text()) for t in fig.texts if t.get_visible()]
    return ". ".join(t for t in texts if t) + "."
