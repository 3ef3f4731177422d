"""What a picture's file says about where it came from: camera EXIF fields and generator text chunks.

Recognised: AUTOMATIC1111/Forge (`parameters`), ComfyUI (`prompt` / `workflow` JSON), InvokeAI
(`invokeai_metadata`), NovelAI (`Software` = NovelAI) and Genlab (`genlab`). Metadata is easy to
remove or forge, so it supports a conclusion but never proves one.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field

from PIL import ExifTags, Image

CAMERA_TAGS = ("Make", "Model", "LensModel", "DateTimeOriginal", "ExposureTime", "FNumber", "ISOSpeedRatings")
SOFTWARE_TAGS = ("Software", "Artist", "ImageDescription")


@dataclass
class MetadataReport:
    camera: dict[str, str] = field(default_factory=dict)
    software: dict[str, str] = field(default_factory=dict)
    generator: str | None = None
    generation_parameters: dict | str | None = None
    text_chunks: dict[str, str] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        if self.generator:
            return f"The file says it was made by {self.generator} and carries its generation settings."
        if self.camera:
            made = " ".join(filter(None, [self.camera.get("Make"), self.camera.get("Model")])) or "a camera"
            return f"The file carries camera details ({made}); these are easy to copy or forge."
        return "No camera details and no generator settings in the file."


def _exif(image: Image.Image) -> dict[str, str]:
    values = {}
    exif = image.getexif()
    merged = dict(exif)
    try:
        merged.update(exif.get_ifd(ExifTags.IFD.Exif))
    except Exception:  # no Exif sub-directory
        pass
    for tag, value in merged.items():
        name = ExifTags.TAGS.get(tag, str(tag))
        if isinstance(value, bytes):
            continue
        values[name] = str(value)
    return values


def read_metadata(data: bytes) -> MetadataReport:
    with Image.open(io.BytesIO(data)) as image:
        exif = _exif(image)
        texts = {str(k): str(v) for k, v in (getattr(image, "text", None) or {}).items()}
        texts.update({k: str(v) for k, v in image.info.items()
                      if isinstance(v, str) and k not in texts and k not in ("exif", "icc_profile")})
    report = MetadataReport(
        camera={k: exif[k] for k in CAMERA_TAGS if k in exif},
        software={k: exif[k] for k in SOFTWARE_TAGS if k in exif},
        text_chunks={k: v[:2000] for k, v in texts.items()},
    )
    if "genlab" in texts:
        report.generator = "Genlab (this suite, on this server or another)"  # metadata cannot say which
        report.generation_parameters = _json_or_text(texts["genlab"])
    elif "parameters" in texts and ("Steps:" in texts["parameters"] or "Sampler:" in texts["parameters"]):
        report.generator = "AUTOMATIC1111 or Forge (Stable Diffusion web UI)"
        report.generation_parameters = texts["parameters"]
    elif "workflow" in texts or ("prompt" in texts and texts["prompt"].lstrip().startswith("{")):
        report.generator = "ComfyUI"
        report.generation_parameters = _json_or_text(texts.get("prompt") or texts["workflow"])
    elif "invokeai_metadata" in texts:
        report.generator = "InvokeAI"
        report.generation_parameters = _json_or_text(texts["invokeai_metadata"])
    elif "NovelAI" in texts.get("Software", "") + report.software.get("Software", ""):
        report.generator = "NovelAI"
        report.generation_parameters = texts.get("Comment")
    return report


def _json_or_text(text: str) -> dict | str:
    try:
        return json.loads(text)
    except (json.JSONDecodeError, TypeError):
        return text
