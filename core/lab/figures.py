"""The Lab's pictures and charts: digits enlarged and laid out in a grid, losses over training, digits judged."""

from __future__ import annotations

import numpy as np
from PIL import Image

DIGIT_SCALE = 10  # 28 px digits shown and signed at 280 px (a watermark needs at least 256)

LOSS_WORDS = {
    "generator": "generator (wants the discriminator fooled)",
    "discriminator": "discriminator (wants to tell real from made)",
    "reconstruction": "reconstruction (how badly it rebuilds a digit)",
    "kl": "KL (how far its codes stray from a plain normal cloud)",
    "noise error": "noise error (how wrong its guess of the added noise is)",
    "next-patch loss": "next-patch loss (how surprised it is by the real next patch)",
}


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


def loss_figure(history: list[dict], title: str = "Losses as it learns"):
    import plotly.graph_objects as go

    figure = go.Figure()
    names = [key for key in (history[0] if history else {}) if key not in ("step", "seconds")]
    for name in names:
        figure.add_trace(go.Scatter(x=[h["step"] for h in history], y=[h[name] for h in history], mode="lines",
                                    name=LOSS_WORDS.get(name, name)))
    figure.update_layout(title=title, xaxis_title="training step", yaxis_title="loss", height=320,
                         margin={"t": 50, "b": 40, "l": 50, "r": 10}, legend={"orientation": "h", "y": -0.3})
    return figure


def digits_figure(counts: np.ndarray, title: str = "Which digits it made (read by a classifier)"):
    import plotly.graph_objects as go

    figure = go.Figure(go.Bar(x=[str(d) for d in range(10)], y=counts.tolist(), marker_color="#4f46e5"))
    figure.update_layout(title=title, xaxis_title="digit", yaxis_title="samples", height=280,
                         margin={"t": 50, "b": 40, "l": 50, "r": 10})
    return figure
