"""A learned opinion on one picture: how likely a classifier thinks it is machine-made.

    finding = detect(image)      # None when no detector is installed
    finding.probability_ai, finding.summary

Two backends, chosen in spaces.yaml (tab `deepfake_check`):
- embedded: our small CNN (`core.forensics.detector_network`), exported to ONNX and run with ONNX
  Runtime. It scores 16 crops of 64x64 taken at the picture's own resolution and averages them.
- hub: any `transformers` image-classification model id, e.g. umm-maybe/AI-image-detector.

A classifier knows only what it was trained on, so the report counts this as a weak signal.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from core import torch_thread
from core.gpu import gpu_work
from core.model_cache import ModelCache

CROP = 64
CROPS_PER_SIDE = 4
ONNX_FILE = "detector.onnx"
CONFIG_FILE = "config.json"
AI_WORDS = ("artificial", "fake", "ai", "generated", "synthetic", "machine", "deepfake")
REAL_WORDS = ("human", "real", "authentic", "photo", "natural", "camera")
SAYS_AI, SAYS_REAL = 0.8, 0.2

_detectors = ModelCache()
# The training data as the shipped detector's config names it (core.forensics.detector_train), in a visitor's words.
TRAINED_ON_PREFIX = "real photographs from scikit-image and scikit-learn against "
PLAIN_SOURCES = {
    "autoencoder re-syntheses of photographs": "photographs redrawn by a small network",
    "procedural pixel-art renders": "drawn pixel-art scenes",
    "pictures painted by our art model": "pictures from the Art tab",
}


def plain_training_words(trained_on: str) -> str:
    """"real photographs and machine-made pictures (photographs redrawn by a small network, ...)"."""
    if not trained_on.startswith(TRAINED_ON_PREFIX):
        return trained_on
    sources = [PLAIN_SOURCES.get(source, source) for source in trained_on[len(TRAINED_ON_PREFIX):].split(", ")]
    from core.wording import listed

    return f"real photographs and machine-made pictures ({listed(sources)})"


@dataclass(frozen=True)
class DetectorFinding:
    model: str
    backend: str
    probability_ai: float
    crops: int
    seconds: float
    trained_on: str

    @property
    def points_to_ai(self) -> bool | None:
        return True if self.probability_ai >= SAYS_AI else None

    @property
    def summary(self) -> str:
        score = f"{self.model} gives {self.probability_ai:.0%} that this is machine-made"
        if self.probability_ai >= SAYS_AI:
            return f"{score}. It knows only {self.trained_on}, so this is a hint, not proof."
        if self.probability_ai <= SAYS_REAL:
            return (f"{score}: it looks like the real pictures it was trained on. It knows only {self.trained_on}; "
                    f"a generator it has never seen can fool it.")
        return f"{score}: it is unsure."


def at_least_one_crop(image: Image.Image) -> Image.Image:
    """The picture, enlarged by whole pixels (keeping its pixel grid) when a side is shorter than a crop."""
    if min(image.size) >= CROP:
        return image
    factor = -(-CROP // min(image.size))
    return image.resize((image.width * factor, image.height * factor), Image.Resampling.NEAREST)


def analysis_crops(image: Image.Image, per_side: int = CROPS_PER_SIDE) -> np.ndarray:
    """(per_side**2, 3, 64, 64) float32 crops in [0, 1] on an even grid, at the picture's own resolution."""
    picture = at_least_one_crop(image.convert("RGB"))
    width, height = picture.size
    tops = np.linspace(0, height - CROP, per_side).round().astype(int)
    lefts = np.linspace(0, width - CROP, per_side).round().astype(int)
    crops = [np.asarray(picture.crop((left, top, left + CROP, top + CROP)), dtype=np.float32) / 255.0
             for top in tops for left in lefts]
    return np.ascontiguousarray(np.stack(crops).transpose(0, 3, 1, 2))


def probability_from_logits(logits: np.ndarray) -> float:
    return float(np.mean(1.0 / (1.0 + np.exp(-np.asarray(logits, dtype=np.float64)))))


class OnnxDetector:
    """Our embedded detector in ONNX Runtime."""

    backend = "embedded"

    def __init__(self, folder: Path):
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 2
        self.session = onnxruntime.InferenceSession(str(folder / ONNX_FILE), options,
                                                    providers=["CPUExecutionProvider"])
        self.input_name = self.session.get_inputs()[0].name
        config = json.loads((folder / CONFIG_FILE).read_text())
        self.name = config.get("name", folder.name)
        self.trained_on = plain_training_words(config.get("trained_on", "the pictures it was trained on"))

    def logits(self, crops: np.ndarray) -> np.ndarray:
        return self.session.run(None, {self.input_name: crops.astype(np.float32)})[0]

    def __call__(self, image: Image.Image) -> tuple[float, int]:
        crops = analysis_crops(image)
        return probability_from_logits(self.logits(crops)), len(crops)


def ai_label_index(id2label: dict) -> int:
    """Which output of a Hub classifier means 'machine-made', read from its label names."""
    labels = {int(index): str(label).lower() for index, label in id2label.items()}
    words = {index: set(label.replace("-", " ").replace("_", " ").split()) for index, label in labels.items()}
    for index in labels:
        if words[index] & set(AI_WORDS):
            return index
    if len(labels) == 2:
        for index in labels:
            if words[index] & set(REAL_WORDS):
                return next(other for other in labels if other != index)
    raise ValueError(f"The detector's labels ({', '.join(labels.values())}) do not say which one means "
                     f"'machine-made'. Choose an image-classification model with labels such as 'artificial' "
                     f"and 'human', or 'fake' and 'real'.")


class HubDetector:
    """Any transformers image-classification model, loaded with from_pretrained."""

    backend = "hub"

    def __init__(self, model_id: str):
        import torch
        from transformers import AutoImageProcessor, AutoModelForImageClassification

        from core.settings import compute

        self.device = compute().device
        self.processor = AutoImageProcessor.from_pretrained(model_id)
        self.model = AutoModelForImageClassification.from_pretrained(model_id).to(self.device).eval()
        self.ai_index = ai_label_index(self.model.config.id2label)
        self.name = model_id
        self.trained_on = "the pictures its authors trained it on (see its model card)"
        self._torch = torch

    def __call__(self, image: Image.Image) -> tuple[float, int]:
        return torch_thread.run(self._score, image)

    def _score(self, image: Image.Image) -> tuple[float, int]:
        return hub_ai_probability(self, image), 1


@gpu_work("detector")
def hub_ai_probability(detector: "HubDetector", image: Image.Image) -> float:
    """The Hub classifier's probability that `image` is AI-made: the GPU work of the detector."""
    inputs = detector.processor(images=image.convert("RGB"), return_tensors="pt").to(detector.device)
    with detector._torch.inference_mode():
        logits = detector.model(**inputs).logits.float()
    return float(logits.softmax(-1)[0, detector.ai_index])


def load_detector(backend: str, model: str | Path):
    """The detector for a backend and model (folder or Hub id), loaded once per process."""
    if backend == "embedded":
        folder = Path(model)
        if not (folder / ONNX_FILE).exists():
            raise FileNotFoundError(f"No detector at {folder} (expected {ONNX_FILE}). Train it with "
                                    f"`python -m core.forensics.detector_train`.")
        return _detectors.get(("embedded", str(folder)), lambda: OnnxDetector(folder))
    return _detectors.get((backend, str(model)), lambda: torch_thread.run(HubDetector, str(model)))


def detector_available() -> bool:
    from core.settings import get_settings

    tab_model = get_settings().model_for("deepfake_check")
    return tab_model.backend != "embedded" or (tab_model.local_path / ONNX_FILE).exists()


def configured_detector():
    """The detector spaces.yaml names for the tab, loaded once; None when the embedded one is not installed."""
    from core.settings import get_settings

    if not detector_available():
        return None
    tab_model = get_settings().model_for("deepfake_check")
    return load_detector(tab_model.backend,
                         tab_model.local_path if tab_model.backend == "embedded" else tab_model.model)


def detect(image: Image.Image, detector=None) -> DetectorFinding | None:
    """The detector's opinion on `image` (the configured one by default); None when none is installed."""
    detector = detector or configured_detector()
    if detector is None:
        return None
    started = time.perf_counter()
    probability, crops = detector(image)
    return DetectorFinding(detector.name, detector.backend, probability, crops, time.perf_counter() - started,
                           detector.trained_on)
