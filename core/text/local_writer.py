"""Write with a causal LM loaded by `transformers`: the embedded poet or any Hub model.

`model.generate` runs on the app's one torch thread (core.torch_thread says why) and hands text to the
caller through a TextIteratorStreamer. Closing the caller's iterator (the Stop button) sets a cancel flag
that the stopping criterion reads, so generation ends within one token.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import wait as wait_for
from dataclasses import dataclass
from pathlib import Path

from core import torch_thread
from core.gpu import gpu_work
from core.model_cache import ModelCache
from core.text.corpus import VERSE_TAG
from core.text.modes import Prompt
from core.text.sampling import SamplingSettings

_writers = ModelCache()


@gpu_work("writing")
def generate(model, options: dict):
    """The model's `generate` with these options (its streamer gets the text): the GPU work of writing."""
    return model.generate(**options)


@dataclass(frozen=True)
class LoadedModel:
    model_id: str
    backend: str
    context_length: int


def _context_length(config) -> int:
    for name in ("max_position_embeddings", "n_positions", "n_ctx", "seq_length"):
        value = getattr(config, name, None)
        if isinstance(value, int) and value > 0:
            return value
    return 2048


class LocalWriter:
    def __init__(self, model, tokenizer, model_id: str, backend: str):
        self.model, self.tokenizer = model, tokenizer
        self.info = LoadedModel(model_id=model_id, backend=backend, context_length=_context_length(model.config))
        self.generation_lock = threading.Lock()
        # The embedded poet completes only real English words (core.text.known_words); a Hub model writes as it was
        # trained. bench/writing.py turns it off to measure the poet's own spelling.
        self.writes_known_words = backend == "embedded" and self.is_poet

    @classmethod
    def load(cls, model: str | Path, backend: str) -> "LocalWriter":
        """Load once per process; fp16 on CUDA, fp32 on CPU (core.settings.compute decides)."""
        return _writers.get((str(model), backend), lambda: torch_thread.run(cls._load, model, backend))

    @classmethod
    def _load(cls, model: str | Path, backend: str) -> "LocalWriter":
        from transformers import AutoModelForCausalLM, AutoTokenizer

        from core.settings import compute

        if backend == "embedded" and not (Path(model) / "config.json").exists():
            raise ValueError(
                f"The poet's weights are not in {model}. Train them with `python -m core.text.train` "
                f"(see assets/models/README.md), or set GENLAB_WRITING_MODEL to a Hub model id.")
        device = compute()
        try:
            tokenizer = AutoTokenizer.from_pretrained(model)
            loaded = AutoModelForCausalLM.from_pretrained(model, dtype=device.dtype).to(device.device).eval()
        except OSError as error:
            raise ValueError(f"Could not load the model {model}: {error}. Without a network connection only "
                             f"models already downloaded can load; set GENLAB_WRITING_MODEL=embedded to use "
                             f"the poet that ships with Genlab.") from error
        if tokenizer.pad_token_id is None:
            tokenizer.pad_token = tokenizer.eos_token
        return cls(loaded, tokenizer, str(model) if backend == "hub" else Path(model).name, backend)

    @property
    def is_poet(self) -> bool:
        """Trained by `core.text.train`: continues tagged verse and scenes, follows no instructions."""
        return VERSE_TAG in self.tokenizer.get_vocab()

    @property
    def has_chat_template(self) -> bool:
        return bool(getattr(self.tokenizer, "chat_template", None))

    def prompt_ids(self, prompt: Prompt):
        if prompt.is_chat:
            ids = self.tokenizer.apply_chat_template(list(prompt.messages), add_generation_prompt=True,
                                                     return_tensors="pt", return_dict=True)["input_ids"]
        else:
            ids = self.tokenizer(prompt.text, return_tensors="pt", add_special_tokens=False)["input_ids"]
        return ids

    def fit_to_context(self, ids, max_new_tokens: int, notes: list[str]):
        """Leave room to write: keep the prompt's first token (the poet's tag) and as much of its end as fits."""
        context = self.info.context_length
        keep = max(8, context - min(max_new_tokens, context // 2))
        if ids.shape[1] <= keep:
            return ids
        import torch

        notes.append(f"The prompt is longer than this model can read while writing ({context:,} tokens in all), "
                     f"so only its last {keep - 1:,} tokens were used.")
        return torch.cat([ids[:, :1], ids[:, -(keep - 1):]], dim=1)

    def stream(self, prompt: Prompt, settings: SamplingSettings, *, seed: int, watermark_key: int | None,
               cancel: threading.Event, line_limit: int | None = None, notes: list[str] | None = None,
               usage: dict | None = None) -> Iterator[str]:
        """Yield the new text piece by piece, as the model writes it; `usage["tokens"]` counts the tokens made."""
        import torch
        from transformers import StoppingCriteria, StoppingCriteriaList, TextIteratorStreamer

        from core.seeding import seeded_torch
        from core.text.watermark import watermarking_config
        from core.text.writer import trim_to_line_limit

        ids = self.fit_to_context(self.prompt_ids(prompt), settings.max_new_tokens, notes if notes is not None else [])
        max_new_tokens = min(settings.max_new_tokens, self.info.context_length - ids.shape[1])
        tokenizer = self.tokenizer

        class Stop(StoppingCriteria):
            """Counts the tokens made; stops on cancel, or once a poem has its lines."""

            def __call__(self, input_ids, scores, **kwargs):
                if usage is not None:
                    usage["tokens"] = int(input_ids.shape[1] - ids.shape[1])
                done = cancel.is_set()
                if line_limit is not None and not done:
                    new = tokenizer.decode(input_ids[0, ids.shape[1]:], skip_special_tokens=True)
                    done = trim_to_line_limit(new, line_limit)[1]
                return torch.full((input_ids.shape[0],), done, dtype=torch.bool, device=input_ids.device)

        streamer = TextIteratorStreamer(tokenizer, skip_prompt=True, skip_special_tokens=True, timeout=300)
        options = dict(
            input_ids=ids.to(self.model.device), attention_mask=torch.ones_like(ids).to(self.model.device),
            max_new_tokens=max_new_tokens, streamer=streamer, pad_token_id=tokenizer.pad_token_id,
            repetition_penalty=settings.repetition_penalty,
            stopping_criteria=StoppingCriteriaList([Stop()]),
        )
        if line_limit is not None and self.is_poet and tokenizer.eos_token_id is not None:
            # The poet learned passages that end anywhere; a sonnet ends after its fourteenth line instead.
            options["suppress_tokens"] = [tokenizer.eos_token_id]
        if settings.greedy:
            options.update(do_sample=False, temperature=None, top_p=None, top_k=None)
        else:
            options.update(do_sample=True, temperature=settings.temperature, top_p=settings.top_p,
                           top_k=settings.top_k or None, min_p=settings.min_p or None)
        if settings.stop_strings:
            options.update(stop_strings=list(settings.stop_strings), tokenizer=tokenizer)
        processors = []
        if prompt.speakers and self.is_poet:
            from core.text.speaker_turns import SpeakerTurns

            processors.append(SpeakerTurns(tokenizer, prompt.speakers, ids))
        if self.writes_known_words:
            from core.text.known_words import known_words_processor

            processors.append(known_words_processor(tokenizer, capitals=bool(prompt.speakers),  # a play's names
                                                    modern_casing=prompt.modern_casing))
        if processors:
            from transformers import LogitsProcessorList

            options["logits_processor"] = LogitsProcessorList(processors)
        if watermark_key is not None:
            options["watermarking_config"] = watermarking_config(watermark_key)
        failure: list[BaseException] = []

        def work() -> None:
            try:
                with self.generation_lock, seeded_torch(seed), torch.inference_mode():
                    generate(self.model, options)
            except BaseException as error:  # handed to the caller's thread below
                failure.append(error)
                streamer.end()

        running = torch_thread.submit(work)
        try:
            for piece in streamer:
                if piece:
                    yield piece
        finally:
            cancel.set()
            wait_for([running], timeout=30)
        if failure:
            raise failure[0]
