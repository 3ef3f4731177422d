"""The art tab's one entry point: paint pictures for a request, stream previews, seal every result.

    for update in paint(ArtRequest(prompt="a castle by the sea at night", seed=3)):
        update.previews            # PIL images of the denoising so far (every few steps)
    update.pictures                # SealedImage per picture: signed PNG bytes and audit record

Both backends go through the same diffusers call: the embedded pixel-space model
(`core.art.pipeline.PixelArtPipeline`) or any Hub text-to-image model through
`AutoPipelineForText2Image` (fp16 on CUDA). Image-to-image reuses the loaded components. Every
finished picture passes through `core.provenance` (watermark, metadata, C2PA, audit row, energy).
"""

from __future__ import annotations

import queue
import random
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from core import torch_thread
from core.art.safety import screen_prompt
from core.gpu import gpu_work
from core.model_cache import ModelCache

TAB = "art"
SCHEDULERS = ("DPM-Solver++", "Euler", "DDIM")
MAX_BATCH = 4
MAX_STEPS = 100
MAX_PROMPT_CHARACTERS = 500
PREVIEW_EVERY = 2
SHOWN_SIZE = 512  # small pictures are enlarged by whole pixels, so pixel art stays crisp
WITHHELD_ALL = ("The safety checker withheld this picture: it may show nudity or other unsafe content. Try another "
                "prompt or seed.")
# Approximate RGB of Stable Diffusion's 4-channel latents, for cheap previews (no VAE decode per step).
LATENT_RGB = ((0.3512, 0.2297, 0.3227), (0.3250, 0.4974, 0.2350), (-0.2829, 0.1762, 0.2721),
              (-0.2120, -0.2616, -0.7177))

_painters = ModelCache()


@dataclass(frozen=True)
class ArtRequest:
    prompt: str
    negative_prompt: str = ""
    seed: int | None = None
    steps: int = 20
    guidance: float = 4.0
    scheduler: str = "DPM-Solver++"
    batch: int = 1
    size: int | None = None  # None: the model's own size
    image: Image.Image | None = None  # image-to-image when given
    strength: float = 0.6

    def check(self) -> None:
        if not self.prompt or not self.prompt.strip():
            raise ValueError("Describe the picture you want, e.g. 'a castle by the sea at night'.")
        if len(self.prompt) > MAX_PROMPT_CHARACTERS or len(self.negative_prompt) > MAX_PROMPT_CHARACTERS:
            raise ValueError(f"Keep the prompt under {MAX_PROMPT_CHARACTERS} characters.")
        if not 1 <= self.steps <= MAX_STEPS:
            raise ValueError(f"Steps must be between 1 and {MAX_STEPS}.")
        if not 0 <= self.guidance <= 20:
            raise ValueError("Guidance must be between 0 (ignore the prompt) and 20 (follow it rigidly).")
        if self.scheduler not in SCHEDULERS:
            raise ValueError(f"Unknown sampler {self.scheduler!r}; choose one of: {', '.join(SCHEDULERS)}.")
        if not 1 <= self.batch <= MAX_BATCH:
            raise ValueError(f"Make between 1 and {MAX_BATCH} pictures at once.")
        if not 0 < self.strength <= 1:
            raise ValueError("Strength must be above 0 (keep the picture) and at most 1 (repaint it entirely).")
        if self.seed is not None and not 0 <= self.seed < 2**32:
            raise ValueError("The seed must be a whole number from 0 to 4,294,967,295, or empty for a random one.")

    def parameters(self, seed: int, model_id: str) -> dict:
        return {"prompt": self.prompt, "negative_prompt": self.negative_prompt, "seed": seed, "steps": self.steps,
                "guidance": self.guidance, "scheduler": self.scheduler, "batch": self.batch, "size": self.size,
                "image_to_image": self.image is not None, "strength": self.strength if self.image else None,
                "model": model_id}


@dataclass
class ArtUpdate:
    step: int
    total_steps: int
    # While painting: at the model's (or latent) size, for the page to enlarge; once done: the pictures enlarged.
    previews: list[Image.Image] = field(default_factory=list)
    pictures: list = field(default_factory=list)  # SealedImage, once done
    files: list[str] = field(default_factory=list)
    seconds: float = 0.0
    seed: int = 0
    model_label: str = ""
    done: bool = False
    energy_joules: float | None = None
    generation_seconds: float = 0.0  # until the pipeline returned, before sealing
    words: "PromptWords | None" = None  # which words of the prompt the model knows (embedded model only)
    withheld: int = 0  # pictures the safety checker withheld (core.art.safety): painted, never shown or sealed


@dataclass(frozen=True)
class PromptWords:
    known: tuple[str, ...]
    unknown: tuple[str, ...]

    @property
    def sentence(self) -> str:
        """What the status line says about the prompt's words ("" when the model knew all of them)."""
        if not self.unknown:
            return ""
        unknown = ", ".join(f"“{word}”" for word in self.unknown)
        if not self.known:
            return (f"The model knows none of these words ({unknown}), so it painted a landscape of its own; try the "
                    "examples' words: castle, lake, forest, sea, mountains, night, autumn, rain.")
        return (f"The model does not know {unknown}: it painted from the words it knows, "
                f"{', '.join(self.known)}.")


def enlarge(image: Image.Image, size: int = SHOWN_SIZE) -> Image.Image:
    if image.width >= size:
        return image
    factor = max(1, size // image.width)
    return image.resize((image.width * factor, image.height * factor), Image.Resampling.NEAREST)


STOP_WORDS = {"the", "and", "with", "for", "from", "into", "are", "its"}


class Painter:
    """A loaded text-to-image pipeline (and its image-to-image twin). It loads and paints on the app's one
    torch thread (core.torch_thread says why)."""

    def __init__(self, pipeline, model_id: str, backend: str, safety=None):
        self.pipeline, self.model_id, self.backend = pipeline, model_id, backend
        self.safety = safety  # core.art.safety.SafetyChecker for Hub models, unless the operator turned it off
        self.image_pipeline = None

    def prompt_words(self, prompt: str) -> PromptWords | None:
        """The prompt's words the embedded model learned and those it did not (None for other models, whose
        vocabularies cover ordinary words)."""
        import re

        from core.art.components import WORD_PATTERN

        if self.backend != "embedded":
            return None
        vocabulary = self.pipeline.tokenizer.get_vocab()
        words = list(dict.fromkeys(w for w in re.findall(WORD_PATTERN, prompt.lower()) if w.isalpha()))
        return PromptWords(tuple(w for w in words if w in vocabulary and len(w) > 2 and w not in STOP_WORDS),
                           tuple(w for w in words if w not in vocabulary))

    @classmethod
    def load(cls, model: str | Path, backend: str) -> "Painter":
        return _painters.get((str(model), backend), lambda: torch_thread.run(cls._load, model, backend))

    @classmethod
    def _load(cls, model: str | Path, backend: str) -> "Painter":
        from core.settings import compute, get_settings

        device = compute()
        if backend == "embedded":
            from core.art.pipeline import PixelArtPipeline

            if not (Path(model) / "model_index.json").exists():
                raise ValueError(f"The art model's weights are not in {model}. Train them with "
                                 f"`python -m core.art.train` (see assets/models/README.md), or set "
                                 f"GENLAB_ART_MODEL to a Hub model id.")
            pipeline = PixelArtPipeline.from_pretrained(model)
            label = Path(model).name
        else:
            from diffusers import AutoPipelineForText2Image

            try:
                pipeline = AutoPipelineForText2Image.from_pretrained(model, torch_dtype=device.dtype)
            except OSError as error:
                raise ValueError(f"Could not load the model {model}: {error}. Without a network connection only "
                                 f"models already downloaded can load; set GENLAB_ART_MODEL=embedded to use the "
                                 f"model that ships with Genlab.") from error
            if hasattr(pipeline, "safety_checker"):
                pipeline.safety_checker = None  # core.art.safety runs it on every picture, whatever the pipeline
            label = str(model)
        safety = None
        if backend != "embedded" and (checker := get_settings().art_safety_checker):
            from core.art.safety import SafetyChecker

            safety = SafetyChecker.load(checker, device.device)
        pipeline.to(device.device)
        pipeline.set_progress_bar_config(disable=True)
        return cls(pipeline, label, backend, safety)

    @property
    def native_size(self) -> int:
        if hasattr(self.pipeline, "output_size"):
            return int(self.pipeline.output_size)
        unet = self.pipeline.unet
        factor = getattr(self.pipeline, "vae_scale_factor", 1) if hasattr(self.pipeline, "vae") else 1
        return int(unet.config.sample_size) * factor

    @property
    def uses_guidance(self) -> bool:
        """Turbo models are distilled to work without guidance: the negative prompt does nothing there."""
        return "turbo" not in self.model_id.lower()

    def image_to_image(self):
        if self.backend == "embedded":
            return self.pipeline
        if self.image_pipeline is None:
            from diffusers import AutoPipelineForImage2Image

            self.image_pipeline = AutoPipelineForImage2Image.from_pipe(self.pipeline)
            self.image_pipeline.set_progress_bar_config(disable=True)
        return self.image_pipeline

    def set_scheduler(self, pipeline, name: str) -> None:
        """Use the named sampler; the one already in place is kept when it is the same, as building one costs time."""
        from diffusers import DDIMScheduler, DPMSolverMultistepScheduler, EulerDiscreteScheduler

        wanted, options = {"DPM-Solver++": (DPMSolverMultistepScheduler, {"algorithm_type": "dpmsolver++"}),
                           "Euler": (EulerDiscreteScheduler, {}), "DDIM": (DDIMScheduler, {})}[name]
        current = pipeline.scheduler
        if type(current) is wanted and all(current.config.get(key) == value for key, value in options.items()):
            return
        pipeline.scheduler = wanted.from_config(current.config, **options)

    def preview(self, latents) -> list[Image.Image]:
        import torch

        from core.art.pipeline import to_pil

        if self.backend == "embedded":
            return to_pil(latents)
        if latents.shape[1] == 4:
            factors = torch.tensor(LATENT_RGB, dtype=torch.float32, device=latents.device)
            rgb = torch.einsum("bchw,cr->brhw", latents.float(), factors)
            return to_pil(rgb.clamp(-1, 1))
        return []


@gpu_work("art")
def denoise(pipeline, arguments: dict) -> list[Image.Image]:
    """The pipeline's pictures for `arguments`: the GPU work of painting."""
    return pipeline(**arguments).images


def current_painter() -> Painter:
    from core.settings import get_settings

    tab_model = get_settings().model_for(TAB)
    source = tab_model.local_path if tab_model.backend == "embedded" else tab_model.model
    return Painter.load(source, tab_model.backend)


def paint(request: ArtRequest, painter: Painter | None = None,
          stop: threading.Event | None = None) -> Iterator[ArtUpdate]:
    """Stream previews while the pictures are painted; the last update carries the sealed pictures.

    Setting `stop` (the visitor's Stop) ends the painting at its next step: nothing is sealed or recorded."""
    import torch

    from core.provenance import get_recorder
    from core.seeding import TORCH_RANDOM_LOCK

    request.check()
    painter = painter or current_painter()
    if screened := screen_prompt(request.prompt):
        raise ValueError(f"This prompt asks for {screened.category} (“{screened.term}”), which the suite does not "
                         f"paint. Try another subject.")
    seed = request.seed if request.seed is not None else random.randrange(2**31)
    size = request.size or painter.native_size
    if painter.backend == "embedded" and size != painter.native_size:
        raise ValueError(f"The built-in model paints {painter.native_size}x{painter.native_size} pictures only.")
    if size % 64 and painter.backend != "embedded":
        raise ValueError("The size must be a multiple of 64 pixels.")
    pipeline = torch_thread.run(painter.image_to_image) if request.image is not None else painter.pipeline
    updates: queue.Queue = queue.Queue()
    cancel = threading.Event()
    recorder = get_recorder()
    started = time.perf_counter()
    total = request.steps if request.image is None else max(1, int(request.steps * request.strength))

    def on_step_end(pipe, step, timestep, tensors):
        if cancel.is_set() or (stop is not None and stop.is_set()):
            pipe._interrupt = True
        if (step + 1) % PREVIEW_EVERY == 0 or step + 1 == total:
            updates.put(("preview", step + 1, painter.preview(tensors["latents"])))
        return tensors

    def work() -> None:
        try:
            with TORCH_RANDOM_LOCK, recorder.meter() as meter:
                painter.set_scheduler(pipeline, request.scheduler)
                arguments = dict(prompt=request.prompt, num_inference_steps=request.steps,
                                 guidance_scale=request.guidance if painter.uses_guidance else 0.0,
                                 num_images_per_prompt=request.batch,
                                 generator=torch.Generator(device=painter.pipeline.device).manual_seed(seed),
                                 callback_on_step_end=on_step_end, callback_on_step_end_tensor_inputs=["latents"])
                if painter.uses_guidance and request.negative_prompt:
                    arguments["negative_prompt"] = request.negative_prompt
                if request.image is not None:
                    arguments.update(image=request.image.convert("RGB").resize((size, size)),
                                     strength=request.strength)
                elif painter.backend != "embedded":
                    arguments.update(height=size, width=size)
                images = denoise(pipeline, arguments)
                unsafe = painter.safety.flagged(images) if painter.safety and images else [False] * len(images)
            updates.put(("done", images, unsafe, meter.result, time.perf_counter() - started))
        except BaseException as error:  # handed to the caller's thread
            updates.put(("error", error))

    torch_thread.submit(work)
    try:
        while True:
            kind, *payload = updates.get()
            if kind == "preview":
                step, previews = payload
                yield ArtUpdate(step=step, total_steps=total, previews=previews,
                                seconds=time.perf_counter() - started, seed=seed, model_label=painter.model_id)
            elif kind == "error":
                raise payload[0]
            else:
                images, unsafe, energy, generation_seconds = payload
                break
    finally:
        cancel.set()
    if stop is not None and stop.is_set():
        return
    painted, withheld = len(images), sum(unsafe)
    images = [image for image, flagged in zip(images, unsafe) if not flagged]
    if not images:
        raise ValueError(WITHHELD_ALL)
    parameters = request.parameters(seed, painter.model_id)
    share = energy.joules / painted if energy else None
    sealed = []
    for index, image in enumerate(images):
        per_image = dict(parameters, batch_index=index)
        sealed.append(recorder.seal_image(enlarge(image), tab=TAB, backend=painter.backend,
                                          model_id=painter.model_id, parameters=per_image,
                                          energy=_share(energy, share), title=f"genlab-art-{seed}-{index}.png"))
    yield ArtUpdate(step=total, total_steps=total, previews=[enlarge(i) for i in images], pictures=sealed,
                    seconds=time.perf_counter() - started, seed=seed, model_label=painter.model_id, done=True,
                    energy_joules=energy.joules if energy else None, generation_seconds=generation_seconds,
                    words=painter.prompt_words(request.prompt), withheld=withheld)


def _share(energy, joules):
    """One picture's part of a batch's energy measurement."""
    if energy is None:
        return None
    from dataclasses import replace

    return replace(energy, joules=joules)
