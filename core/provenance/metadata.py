"""Generation parameters in a PNG's text chunks, written and read back.

Chunks written:
- `genlab` (iTXt): JSON with the parameters, tab, model and audit record id.
- `parameters` (iTXt): a one-line human summary, where AUTOMATIC1111 and friends look.
- `Software` (tEXt): "Genlab <version>".
"""

from __future__ import annotations

import io
import json

from PIL import Image, PngImagePlugin

from core import __version__

GENLAB_KEY = "genlab"


def png_with_metadata(image: Image.Image, parameters: dict, **fields) -> bytes:
    """Encode `image` as PNG bytes with `parameters` (and extra fields such as record_id) in text chunks."""
    document = {"parameters": parameters, **fields}
    info = PngImagePlugin.PngInfo()
    info.add_itxt(GENLAB_KEY, json.dumps(document, sort_keys=True, default=str))
    info.add_itxt("parameters", summary_line(parameters))
    info.add_text("Software", f"Genlab {__version__}")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


def summary_line(parameters: dict) -> str:
    prompt = parameters.get("prompt")
    rest = ", ".join(f"{key}: {value}" for key, value in parameters.items() if key != "prompt")
    return f"{prompt}\n{rest}" if prompt is not None else rest


def read_png_metadata(data: bytes) -> dict:
    """The Genlab document from a PNG's text chunks ({} when there is none); other chunks under 'other'."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            texts = dict(getattr(image, "text", {}) or {})
    except Exception as error:
        raise ValueError("This file is not an image that can be read.") from error
    document = {}
    if GENLAB_KEY in texts:
        try:
            document = json.loads(texts.pop(GENLAB_KEY))
        except json.JSONDecodeError:
            document = {}
    if texts:
        document["other"] = texts
    return document
