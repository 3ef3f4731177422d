"""Generate molecules with the embedded SMILES model: sample, check with RDKit, record.

    generator = MoleculeGenerator.load()          # assets/models/molecule-rnn, or a path
    result = generator.generate(GenerationConfig(count=100, temperature=1.0, seed=0))
    result.valid_smiles, result.metrics
"""

from __future__ import annotations

import logging

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from core import torch_thread
from core.molecules.metrics import GenerationMetrics, canonical, evaluate_generation

MAX_COUNT = 10_000
_cache_lock = threading.Lock()
_generators: dict[str, "MoleculeGenerator"] = {}
_training_set: set[str] | None = None


@dataclass(frozen=True)
class GenerationConfig:
    count: int = 100
    temperature: float = 1.0
    seed: int = 0

    def check(self) -> None:
        if not 1 <= self.count <= MAX_COUNT:
            raise ValueError(f"Ask for between 1 and {MAX_COUNT:,} molecules.")
        if not 0.1 <= self.temperature <= 2.0:
            raise ValueError("Temperature must be between 0.1 (cautious) and 2.0 (adventurous).")


@dataclass
class GenerationResult:
    raw_smiles: list[str]
    valid_smiles: list[str]
    seconds: float
    metrics: GenerationMetrics
    novel: list[bool] = field(default_factory=list)
    record_id: str | None = None

    @property
    def valid_per_second(self) -> float:
        return len(self.valid_smiles) / self.seconds if self.seconds else 0.0


def default_model_path() -> Path:
    from core.settings import get_settings

    return get_settings().model_for("molecules").local_path


def model_format(path: str | Path | None = None) -> str | None:
    """What the model at `path` (default: the settings' molecules model) writes, "smiles" or "selfies";
    None where no model is installed. Reads only its config, so nothing heavy is imported."""
    import json

    config = Path(path or default_model_path()) / "config.json"
    if not config.exists():
        return None
    return json.loads(config.read_text()).get("molecule_format", "smiles")


def training_set() -> set[str] | None:
    """The MOSES training SMILES, for novelty; None where the molsets package is not installed.

    As shipped they are RDKit canonical SMILES: re-canonicalising 20,000 of them with RDKit
    2026.09 changed 2 (0.01%), so they are compared as they are.
    """
    global _training_set
    with _cache_lock:
        if _training_set is None:
            from core.molecules.moses import read_smiles

            try:
                _training_set = set(read_smiles("train.csv.gz"))
            except FileNotFoundError:
                return None
        return _training_set


class MoleculeGenerator:
    def __init__(self, model, tokenizer, name: str):
        self.model, self.tokenizer, self.name = model, tokenizer, name
        self._lock = threading.Lock()

    @classmethod
    def from_pretrained(cls, path: str | Path) -> "MoleculeGenerator":
        from transformers import PreTrainedTokenizerFast

        from core.molecules.model import SmilesLSTM

        path = Path(path)
        if not (path / "config.json").exists():
            logging.getLogger("genlab.molecules").warning(
                "No molecule model in %s: train one with `python -m core.molecules.train`.", path)
            raise ValueError("This site has no molecule generator installed; the Properties and Optimise tabs work "
                             "without it.")
        model = SmilesLSTM.from_pretrained(path)
        model.eval()
        return cls(model, PreTrainedTokenizerFast.from_pretrained(path), path.name)

    @classmethod
    def load(cls, path: str | Path | None = None) -> "MoleculeGenerator":
        """The generator at `path` (default: the settings' molecules model), loaded once per process."""
        path = str(path or default_model_path())
        with _cache_lock:
            if path not in _generators:
                _generators[path] = torch_thread.run(cls.from_pretrained, path)
            return _generators[path]

    def sample_smiles(self, count: int, temperature: float = 1.0, seed: int | None = None) -> list[str]:
        from core.molecules.sampling import sample_token_ids
        from core.molecules.tokenizer import decode_molecules

        with self._lock:
            ids = torch_thread.run(sample_token_ids, self.model, count, temperature=temperature, seed=seed)
        return decode_molecules(ids, self.tokenizer, self.model.config.molecule_format)

    def generate(self, config: GenerationConfig, novelty: bool = True) -> GenerationResult:
        config.check()
        started = time.perf_counter()
        raw = self.sample_smiles(config.count, config.temperature, config.seed)
        canon = canonical(raw)
        seconds = time.perf_counter() - started
        valid = [s for s in canon if s is not None]
        train = training_set() if novelty else None  # None: novelty cannot be measured here
        metrics = evaluate_generation(raw, training=train)
        return GenerationResult(raw, valid, seconds, metrics,
                                novel=[s not in train for s in valid] if train is not None else [])
