"""The house style, and figures that demos can redraw quickly.

Colours are the Okabe-Ito palette (safe for colour-blind readers) and every series also gets its
own line style, so curves differ by more than colour. `use_style(presentation=True)` enlarges
fonts and lines for a projector.

Demos draw on `matplotlib.figure.Figure` objects made here (not through pyplot), render them to PNG
themselves and show the PNG in an ipywidgets.Output: the same picture the inline backend would
show, in every front end, without pyplot displaying a second copy.
"""

import io

import matplotlib as mpl
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

    Returns the Text artist; set its text to '' to hide it.
    """
    return ax.text(
        0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", color="#D55E00",
        fontsize=mpl.rcParams["font.size"] + 1, fontweight="bold", zorder=10,
        bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": "#D55E00", "alpha": 0.9},
    )


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
