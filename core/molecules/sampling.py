"""Sample SMILES strings from a SmilesLSTM, many at a time, with a temperature and a seed."""

from __future__ import annotations

import torch

from core.gpu import gpu_work
from core.molecules.model import SmilesLSTM


@gpu_work("molecules")
@torch.inference_mode()
def sample_token_ids(model: SmilesLSTM, count: int, temperature: float = 1.0, seed: int | None = None,
                     batch_size: int = 1000, max_length: int | None = None) -> list[list[int]]:
    """Token ids of `count` sequences (without BOS/EOS), sampled batch by batch.

    Finished sequences leave the batch, so long stragglers do not slow the rest down.
    """
    if temperature <= 0:
        raise ValueError("Temperature must be above 0.")
    config = model.config
    max_length = max_length or config.max_sequence_length
    generator = torch.Generator().manual_seed(seed) if seed is not None else None
    model.eval()
    results: list[list[int]] = []
    while len(results) < count:
        size = min(batch_size, count - len(results))
        tokens = torch.full((size, 1), config.bos_token_id, dtype=torch.long)
        state = None
        alive = torch.arange(size)
        out = torch.full((size, max_length), config.pad_token_id, dtype=torch.long)
        for step in range(max_length):
            logits, state, _ = model(tokens, state)
            probabilities = torch.softmax(logits[:, -1] / temperature, dim=-1)
            probabilities[:, [config.pad_token_id, config.bos_token_id]] = 0
            chosen = torch.multinomial(probabilities, 1, generator=generator)
            keep = chosen[:, 0] != config.eos_token_id
            out[alive[keep], step] = chosen[keep, 0]
            if not keep.any():
                break
            alive, tokens = alive[keep], chosen[keep]
            state = tuple(part[:, keep] for part in state)
        results.extend([row[row != config.pad_token_id].tolist() for row in out])
    return results[:count]
