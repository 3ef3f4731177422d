"""The contrast a reader meets: an element's text colour against what is drawn behind it in the browser."""

from core.chart_colours import contrast

# The element's text colour and its backdrop: the background colours of it and its ancestors, translucent ones laid
# over those below, down to the first opaque one (white where none is).
_COLOURS = """element => {
  const parse = colour => { const n = colour.match(/[\\d.]+/g).map(Number); return [n[0], n[1], n[2], n.length > 3 ? n[3] : 1]; };
  const layers = [];
  for (let node = element; node; node = node.parentElement) {
    const layer = parse(getComputedStyle(node).backgroundColor);
    if (layer[3] > 0) layers.push(layer);
    if (layer[3] >= 1) break;
  }
  let backdrop = [255, 255, 255];
  for (const layer of layers.reverse()) backdrop = backdrop.map((value, i) => layer[i] * layer[3] + value * (1 - layer[3]));
  return [parse(getComputedStyle(element).color).slice(0, 3), backdrop];
}"""


def text_contrast(locator) -> float:
    """The WCAG contrast of the first element `locator` finds, its text against its backdrop."""
    text, backdrop = locator.first.evaluate(_COLOURS)
    return contrast([c / 255 for c in text], [c / 255 for c in backdrop])
