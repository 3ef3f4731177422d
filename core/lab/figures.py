"""The Lab's pictures and charts: digits enlarged and laid out in a grid, losses over training, digits judged."""

from __future__ import annotations

import numpy as np
from PIL import Image

DIGIT_SCALE = 10  # 28 px digits shown and signed at 280 px (a watermark needs at least 256)

LOSS_WORDS = {  # each one line of a phone's legend
    "generator": "generator (wants to fool the discriminator)",
    "discriminator": "discriminator (tells real from made)",
    "reconstruction": "reconstruction (how badly it rebuilds a digit)",
    "kl": "spread (how far its numbers stray from usual)",
    "noise error": "noise error (how wrong its noise guess is)",
    "next-patch loss": "next-patch loss (surprise at the real next patch)",
}


LEFT_AXIS_TITLE = "how far off (loss)"  # "loss" alone is jargon to a newcomer


def digit_picture(image: np.ndarray, scale: int = DIGIT_SCALE) -> Image.Image:
    """One digit as white ink on black, enlarged by whole pixels so it stays crisp."""
    grey = Image.fromarray((np.clip(image, 0, 1) * 255).astype(np.uint8), mode="L")
    return grey.resize((grey.width * scale, grey.height * scale), Image.Resampling.NEAREST).convert("RGB")


def digit_grid(images: np.ndarray, columns: int = 8, scale: int = 4, gap: int = 2) -> Image.Image:
    rows = int(np.ceil(len(images) / columns))
    side = 28 * scale
    sheet = Image.new("RGB", (columns * (side + gap) - gap, rows * (side + gap) - gap), (40, 40, 40))
    for index, image in enumerate(images):
        sheet.paste(digit_picture(image, scale), ((index % columns) * (side + gap), (index // columns) * (side + gap)))
    return sheet


def _short_name(loss: str) -> str:
    """"spread" for "spread (how far its numbers stray from usual)"."""
    return LOSS_WORDS.get(loss, loss).partition(" (")[0]


def loss_figure(history: list[dict], title: str = ""):
    """The losses over training: how far off the model is by each measure it learns from. A loss ten times
    smaller than the largest gets a panel of its own under the chart, or it would be drawn flat on zero (on a second
    scale over the same plot, its rising line crossed the falling one and read as training going wrong)."""
    import plotly.graph_objects as go

    figure = go.Figure()
    names = [key for key in (history[0] if history else {}) if key not in ("step", "seconds")]
    sizes = {name: float(np.median([abs(h[name]) for h in history])) for name in names}
    largest = max(sizes.values(), default=0.0)
    below = {name for name in names if 0 < sizes[name] * 10 < largest}
    for name in names:
        figure.add_trace(go.Scatter(x=[h["step"] for h in history], y=[h[name] for h in history], mode="lines",
                                    name=LOSS_WORDS.get(name, name), yaxis="y2" if name in below else "y"))
    if below:
        values = [h[name] for h in history for name in below]
        low, top = min(0.0, *values), max(values)
        span = (top - low) or 1.0
        # from a little below its lowest, so its 0 sits above the axis line, clear of the steps' numbers
        figure.update_layout(yaxis={"domain": [0.45, 1.0]}, xaxis={"anchor": "y2"},
                             yaxis2={"domain": [0.0, 0.3], "anchor": "x", "zeroline": False,
                                     "range": [low - 0.08 * span, top + 0.05 * span],
                                     "title": ", ".join(_short_name(name) for name in names if name in below)})
    if not title:
        title = ("A tug of war as it learns<br><sup>when one network's loss falls, the other's rises</sup>"
                 if "generator" in names else
                 "How far off it is as it learns<br><sup>lower is better; its spread, below, may rise as it learns"
                 "</sup>" if "kl" in names else
                 "How far off it is as it learns<br><sup>its loss: lower is better</sup>")
    figure.update_layout(title=title, xaxis_title="training step", yaxis_title=LEFT_AXIS_TITLE,
                         height=440 if below else 320,  # its long legend took the plot's room: 110 px were left
                         margin={"t": 60, "b": 40, "l": 50, "r": 10},
                         legend={"orientation": "h", "y": -0.3})
    return figure


def digits_figure(counts: np.ndarray, unclear: int = 0,
                  title: str = "Which digits it made<br><sup>where two classifiers agree surely; grey ?: the rest</sup>"):
    import plotly.graph_objects as go

    labels, heights = [str(d) for d in range(10)], counts.tolist()
    colours = ["#4f46e5"] * 10
    if unclear:
        labels, heights, colours = labels + ["?"], heights + [unclear], colours + ["#9ca3af"]  # "9 unclear" ran together
    figure = go.Figure(go.Bar(x=labels, y=heights, marker_color=colours))
    figure.update_layout(title=title, xaxis_title="digit", yaxis_title="samples", height=280,
                         margin={"t": 60, "b": 40, "l": 50, "r": 10})
    return figure


# Tableau's ten colours: further apart than plotly's default ten, whose 4 and 9 (orange, yellow) and 6 and 8 (two
# pinks) a visitor could not tell apart on the latent map.
DIGIT_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
                 "#17becf")


def _text_colour_on(background: str) -> str:
    """Black or white, whichever stands out more on `background` ("#rrggbb"), by WCAG's contrast ratio."""
    from core.chart_colours import contrast

    return "black" if contrast(background, "#000000") > contrast(background, "#ffffff") else "white"


LABEL_SIZE = (0.07, 0.09)  # a digit's badge as a share of the map's width and height (18 px bold on ~300 px)


def label_positions(middles: np.ndarray, low: np.ndarray, high: np.ndarray, rounds: int = 50) -> np.ndarray:
    """`middles` moved apart, up and down, until no two badges of LABEL_SIZE overlap (clusters that overlap put
    their middles close), each kept as near its own middle as that allows."""
    span = np.maximum(high - low, 1e-9)
    size = np.array(LABEL_SIZE)
    placed = (middles - low) / span
    for _ in range(rounds):
        moved = False
        for first in range(len(placed)):
            for second in range(first + 1, len(placed)):
                gap = placed[second] - placed[first]
                if abs(gap[0]) < size[0] and abs(gap[1]) < size[1]:
                    push = (size[1] - abs(gap[1])) / 2 + 1e-3
                    direction = 1.0 if gap[1] >= 0 else -1.0
                    placed[first, 1] -= push * direction
                    placed[second, 1] += push * direction
                    moved = True
        if not moved:
            break
    return placed * span + low


def latent_map_figure(points: np.ndarray, labels: np.ndarray):
    """Where the VAE puts each held-out digit in its two-number space, coloured by digit, each digit written at the
    middle of its points so that no one has to match colours to the legend."""
    import plotly.graph_objects as go

    figure = go.Figure()
    digits = [digit for digit in range(10) if (labels == digit).any()]
    middles = label_positions(np.array([np.median(points[labels == digit], axis=0) for digit in digits]),
                              points.min(axis=0), points.max(axis=0))
    for digit in range(10):
        chosen = labels == digit
        figure.add_trace(go.Scattergl(x=points[chosen, 0], y=points[chosen, 1], mode="markers", name=str(digit),
                                      marker={"size": 5, "color": DIGIT_COLOURS[digit]}))
    for digit, (x, y) in zip(digits, middles):
        figure.add_annotation(x=float(x), y=float(y), text=f"<b>{digit}</b>", showarrow=False,
                              font={"size": 18, "color": _text_colour_on(DIGIT_COLOURS[digit])},
                              bgcolor=DIGIT_COLOURS[digit], borderpad=2)
    figure.update_layout(title="Where each real digit lands<br><sup>its two numbers</sup>",  # two short lines: a
                         xaxis_title="first number", yaxis_title="second number", height=380,  # phone keeps them
                         margin={"t": 60, "b": 40, "l": 50, "r": 10},
                         legend={"title": "digit"})
    return figure


NOT_WRITTEN_COLOUR = (0.12, 0.2, 0.45)  # dark blue: grey is the ink (as in the next-patch chart), orange attention


def attention_picture(written: np.ndarray, attention: np.ndarray, scale: int = 8) -> Image.Image:
    """The digit written so far in grey, with the attention on each earlier patch in orange on top; pixels not
    written yet (NaN in `written`) in dark blue."""
    not_written = np.isnan(written)
    base = np.stack([np.clip(np.nan_to_num(written), 0, 1) * 0.6] * 3, axis=-1)
    base[not_written] = NOT_WRITTEN_COLOUR
    weight = np.kron(attention / max(attention.max(), 1e-9), np.ones((2, 2)))[..., None]
    colour = np.array([1.0, 0.55, 0.1])
    mixed = base * (1 - weight) + colour * weight
    picture = Image.fromarray((mixed * 255).astype(np.uint8), mode="RGB")
    return picture.resize((28 * scale, 28 * scale), Image.Resampling.NEAREST)


PATCH_QUADRANTS = ((3, 0, 0), (2, 0, 1), (1, 1, 0), (0, 1, 1))  # (bit of the patch's index, row, column)


def patch_probabilities_figure(probabilities: np.ndarray, glyphs: str):
    """The 8 likeliest next patches as bars, each patch drawn under its bar as 2x2 squares (grey: ink, as the written
    digit is grey in the attention picture, where orange is attention), not as a quadrant character a phone's font
    may not have."""
    import plotly.graph_objects as go

    names = [f"{glyph if glyph != ' ' else '·'} " for glyph in glyphs]
    order = np.argsort(probabilities)[::-1][:8]
    figure = go.Figure(go.Bar(x=list(range(len(order))), y=probabilities[order].tolist(), marker_color="#6366f1",
                              hovertext=[names[i] for i in order], hoverinfo="y+text"))
    cell, gap = 11, 8  # pixels: squares stay square at any width (sized in data units they stretched on a phone)
    for position, patch in enumerate(order):
        for bit, row, column in PATCH_QUADRANTS:
            top = -gap - row * cell
            figure.add_shape(type="rect", xref="x", yref="paper", xsizemode="pixel", ysizemode="pixel",
                             xanchor=position, yanchor=0, x0=(column - 1) * cell, x1=column * cell,
                             y0=top - cell, y1=top, fillcolor="#9ca3af" if int(patch) >> bit & 1 else "rgba(0,0,0,0)",
                             line={"color": "#94a3b8", "width": 1})
    figure.update_layout(title="Its guesses for the next patch<br><sup>the 8 likeliest of 16</sup>",
                         yaxis_title="probability", yaxis_tickformat=".0%", height=320,  # as its words say: "74%"
                         xaxis={"showticklabels": False, "range": [-0.6, len(order) - 0.4],
                                "title": {"text": "the patch: 2x2 pixels, grey squares are ink", "standoff": 58}},
                         margin={"t": 60, "b": 90, "l": 50, "r": 10})
    return figure


def collapse_figure(balanced: np.ndarray, collapsed: np.ndarray | None):
    """Which digits 200 samples show, for the balanced GAN and (where there is one) the collapsing one."""
    import plotly.graph_objects as go

    figure = go.Figure(go.Bar(x=[str(d) for d in range(10)], y=balanced.tolist(), name="balanced GAN",
                              marker_color="#4f46e5"))
    if collapsed is not None:
        figure.add_trace(go.Bar(x=[str(d) for d in range(10)], y=collapsed.tolist(), name="collapsing GAN",
                                marker_color="#ef4444"))
    figure.update_layout(title="Which digits 200 samples show", xaxis_title="digit", yaxis_title="samples",
                         barmode="group", height=300, margin={"t": 50, "b": 40, "l": 50, "r": 10},
                         legend={"orientation": "h", "y": -0.3})
    return figure
