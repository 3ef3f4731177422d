"""Generator-guided optimisation: hill-climb the molecule language model towards the goal.

Each round samples from (a private copy of) the generator, scores the valid molecules, keeps
the best seen so far, and fine-tunes the copy on them for a few steps, so the next round
samples nearer the goal. This is GuacaMol's "SMILES LSTM hill climbing" baseline.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Callable

from core.molecules.graph_ga import GenerationStats
from core.seeding import seeded_torch


@dataclass(frozen=True)
class GuidedConfig:
    rounds: int = 10
    samples_per_round: int = 256
    keep_top: int = 64
    fine_tune_steps: int = 4
    learning_rate: float = 5e-4
    temperature: float = 1.0
    seed: int = 0
    max_scoring_calls: int | None = None

    def check(self) -> None:
        if not 1 <= self.rounds <= 500:
            raise ValueError("Rounds must be between 1 and 500.")
        if not 8 <= self.samples_per_round <= 5000:
            raise ValueError("Samples per round must be between 8 and 5,000.")
        if not 2 <= self.keep_top <= self.samples_per_round:
            raise ValueError("Keep between 2 molecules and the number sampled per round.")


def run_guided(generator, score: Callable[[object], float], config: GuidedConfig,
               on_round: Callable[[GenerationStats], object] | None = None) -> list[tuple[str, float]]:
    """Optimise by fine-tuning a copy of `generator` (a MoleculeGenerator); returns (smiles, score), best first."""
    from core.molecules.chemistry import _quiet_rdkit

    config.check()
    _quiet_rdkit()
    with seeded_torch(config.seed):
        return _hill_climb(generator, score, config, on_round)


def _hill_climb(generator, score, config: GuidedConfig, on_round) -> list[tuple[str, float]]:
    import torch
    from rdkit import Chem

    from core.molecules.sampling import sample_token_ids
    from core.molecules.tokenizer import decode_molecules, encodable, model_text

    model = copy.deepcopy(generator.model)
    tokenizer = generator.tokenizer
    optimizer = torch.optim.Adam(model.parameters(), lr=config.learning_rate)
    scores: dict[str, float] = {}
    calls = 0
    for round_number in range(1, config.rounds + 1):
        ids = sample_token_ids(model, config.samples_per_round, temperature=config.temperature,
                               seed=config.seed * 100_003 + round_number)
        out_of_budget = False
        for text in decode_molecules(ids, tokenizer, model.config.molecule_format):
            mol = Chem.MolFromSmiles(text) if text else None
            if mol is None or mol.GetNumAtoms() == 0:
                continue
            smiles = Chem.MolToSmiles(mol)
            if smiles in scores:
                continue
            if config.max_scoring_calls is not None and calls >= config.max_scoring_calls:
                out_of_budget = True
                break
            calls += 1
            scores[smiles] = score(mol)
        best = sorted(scores.items(), key=lambda kv: -kv[1])[: config.keep_top]
        if best:
            values = [value for _, value in best]
            stats = GenerationStats(round_number, values[0], sum(values) / len(values), calls, best[:12])
            if on_round is not None and on_round(stats) is False:
                break
        if out_of_budget:
            break
        trainable = encodable(model_text([s for s, _ in best], model.config.molecule_format), tokenizer)
        if trainable:
            _fine_tune(model, tokenizer, trainable, optimizer, config.fine_tune_steps)
    return sorted(scores.items(), key=lambda kv: -kv[1])


def _fine_tune(model, tokenizer, texts: list[str], optimizer, steps: int) -> None:
    import torch

    from core.molecules.tokenizer import encode
    from core.molecules.train import MAX_TOKENS, batch_tensors

    rows = encode(texts, tokenizer, MAX_TOKENS)
    inputs, labels = batch_tensors(rows, tokenizer.pad_token_id)
    model.train()
    for _ in range(steps):
        _, _, loss = model(inputs, labels=labels)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
    model.eval()
