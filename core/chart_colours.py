"""Colours the charts share where the theme cannot pick them (Plotly draws its own lines).

A thin line or a small dot needs a contrast of 3:1 with what is behind it (WCAG 1.4.11, non-text contrast), in the
light theme (white) and in the dark one (Gradio's panels, gray-800, on a gray-950 page). Gradio's indigo, #4f46e5,
is 2.3:1 on the dark panel: it stays for bars, whose area carries them, and LINE draws lines and dots.
"""

LINE = "#6366f1"  # indigo-500: 4.5:1 on white, 3.4:1 on the dark theme's panels
LIGHT_BACKGROUND, DARK_PANEL, DARK_PAGE = "#ffffff", "#1f2937", "#0b0f19"


def contrast(first, second) -> float:
    """The WCAG contrast ratio of two colours (1 to 21), each a hex string or an (r, g, b) of 0 to 1."""
    def luminance(colour) -> float:
        channels = ([int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)] if isinstance(colour, str)
                    else colour[:3])
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
