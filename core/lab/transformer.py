"""An autoregressive Transformer (GPT-style, Vaswani et al. 2017, Radford et al. 2018): a digit is written as a
sequence of small pieces, and the model predicts each next piece from all the pieces before it.

Each digit is cut into 14 x 14 patches of 2 x 2 pixels, each pixel ink or paper, so a patch is one of 16
"words" and a digit a 196-word sentence, read row by row. Each block of the model lets every position look
back at the positions before it (masked self-attention: the attention weights the Lab draws), then thinks
about what it saw (a small feed-forward network), with layer norms and residual connections around both.
Training is next-word prediction (cross-entropy); sampling writes a digit one patch at a time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn
from torch.nn import functional

from core.lab.family import Family

PATCH = 2
GRID = 28 // PATCH  # 14 patches a side
PATTERNS = 2 ** (PATCH * PATCH)  # 16 possible patches
START = PATTERNS  # the token before the first patch
LENGTH = GRID * GRID


@dataclass(frozen=True)
class TransformerConfig:
    layers: int = 4
    heads: int = 4
    width: int = 64
    learning_rate: float = 1e-3
    seed: int = 0


def to_tokens(images: torch.Tensor) -> torch.Tensor:
    """(n, 28, 28) floats -> (n, 196) patch ids: the 4 pixels of a patch, ink (1) or paper (0), as 4 bits."""
    ink = (images > 0.5).long().view(-1, GRID, PATCH, GRID, PATCH).permute(0, 1, 3, 2, 4).reshape(-1, LENGTH, 4)
    return (ink * torch.tensor([8, 4, 2, 1])).sum(-1)


def to_images(tokens: torch.Tensor) -> np.ndarray:
    bits = ((tokens.unsqueeze(-1) // torch.tensor([8, 4, 2, 1])) % 2).float()
    return bits.view(-1, GRID, GRID, PATCH, PATCH).permute(0, 1, 3, 2, 4).reshape(-1, 28, 28).numpy()


class SelfAttention(nn.Module):
    def __init__(self, config: TransformerConfig):
        super().__init__()
        self.heads = config.heads
        self.query_key_value = nn.Linear(config.width, 3 * config.width)
        self.out = nn.Linear(config.width, config.width)
        self.keep_weights = False  # set to keep the attention weights of the next call, for the Lab to draw
        self.last_weights = None  # (batch, heads, new positions, all positions)

    def forward(self, x, cache: dict | None = None):
        """`cache` (sampling): the keys and values of the positions already written, extended in place, so each
        new patch costs one position's work rather than the whole sequence's."""
        batch, length, width = x.shape
        q, k, v = self.query_key_value(x).view(batch, length, 3, self.heads, width // self.heads).unbind(2)
        q, k, v = (t.transpose(1, 2) for t in (q, k, v))
        if cache is not None:
            if "k" in cache:
                k, v = torch.cat([cache["k"], k], dim=2), torch.cat([cache["v"], v], dim=2)
            cache["k"], cache["v"] = k, v
        causal = cache is None or length > 1  # one new position may look at everything before it
        if self.keep_weights:
            scores = q @ k.transpose(-2, -1) / math.sqrt(width // self.heads)
            if causal:
                mask = torch.ones(length, k.shape[2], dtype=torch.bool).tril(k.shape[2] - length)
                scores = scores.masked_fill(~mask, float("-inf"))
            weights = scores.softmax(-1)
            self.last_weights = weights
            mixed = weights @ v
        else:
            mixed = functional.scaled_dot_product_attention(q, k, v, is_causal=causal)
        return self.out(mixed.transpose(1, 2).reshape(batch, length, width))


class Block(nn.Module):
    def __init__(self, config: TransformerConfig):
        super().__init__()
        self.norm1, self.attention = nn.LayerNorm(config.width), SelfAttention(config)
        self.norm2 = nn.LayerNorm(config.width)
        self.feed_forward = nn.Sequential(nn.Linear(config.width, 4 * config.width), nn.GELU(),
                                          nn.Linear(4 * config.width, config.width))

    def forward(self, x, cache: dict | None = None):
        x = x + self.attention(self.norm1(x), cache)
        return x + self.feed_forward(self.norm2(x))


class PatchGPT(nn.Module):
    def __init__(self, config: TransformerConfig):
        super().__init__()
        self.token_embedding = nn.Embedding(PATTERNS + 1, config.width)
        self.position_embedding = nn.Embedding(LENGTH + 1, config.width)
        self.blocks = nn.ModuleList(Block(config) for _ in range(config.layers))
        self.norm = nn.LayerNorm(config.width)
        self.head = nn.Linear(config.width, PATTERNS)

    def forward(self, tokens, start: int = 0, caches: list[dict] | None = None):
        """Logits of the next patch at each position of `tokens`, which begin at position `start`."""
        positions = torch.arange(start, start + tokens.shape[1])
        x = self.token_embedding(tokens) + self.position_embedding(positions)
        for index, block in enumerate(self.blocks):
            x = block(x, None if caches is None else caches[index])
        return self.head(self.norm(x))


class Transformer(Family):
    name = "Transformer"
    config_class = TransformerConfig

    def __init__(self, config: TransformerConfig | None = None):
        super().__init__(config)
        torch.manual_seed(self.config.seed)
        self.model = PatchGPT(self.config)
        self.optimiser = torch.optim.AdamW(self.model.parameters(), lr=self.config.learning_rate, weight_decay=0.01)

    def networks(self) -> dict:
        return {"model": self.model}

    def train_step(self, images) -> dict[str, float]:
        self.model.train()
        tokens = to_tokens(images)
        inputs = torch.cat([torch.full((len(tokens), 1), START), tokens[:, :-1]], dim=1)
        loss = functional.cross_entropy(self.model(inputs).reshape(-1, PATTERNS), tokens.reshape(-1))
        self.optimiser.zero_grad()
        loss.backward()
        self.optimiser.step()
        return {"next-patch loss": loss.item()}

    @torch.no_grad()
    def writing(self, count: int, seed: int):
        """Write `count` digits patch by patch, yielding (patches written, tokens so far, next-patch probabilities)."""
        self.model.eval()
        generator = torch.Generator().manual_seed(seed)
        caches = [{} for _ in self.model.blocks]
        tokens, last = torch.full((count, 1), START), torch.full((count, 1), START)
        for written in range(LENGTH):
            probabilities = self.model(last, start=written, caches=caches)[:, -1].softmax(-1)
            last = torch.multinomial(probabilities, 1, generator=generator)
            tokens = torch.cat([tokens, last], dim=1)
            yield written + 1, tokens[:, 1:], probabilities

    def sample(self, count: int, seed: int) -> np.ndarray:
        *_, (_, tokens, _) = self.writing(count, seed)
        return to_images(tokens)

    @torch.no_grad()
    def attention_to(self, image: np.ndarray, position: int, layer: int = -1) -> np.ndarray:
        """How much the model looks at each earlier patch (14 x 14, averaged over heads) when it predicts the
        patch at `position` (0 to 195) of `image`."""
        self.model.eval()
        tokens = to_tokens(torch.as_tensor(image, dtype=torch.float32).unsqueeze(0))
        inputs = torch.cat([torch.full((1, 1), START), tokens[:, :position]], dim=1)
        attention = self.model.blocks[layer].attention
        attention.keep_weights = True
        try:
            self.model(inputs)
        finally:
            attention.keep_weights = False
        weights = attention.last_weights[0, :, -1, 1:].mean(0)  # drop the start token
        grid = np.zeros(LENGTH, dtype=np.float32)
        grid[:position] = weights.numpy()
        return grid.reshape(GRID, GRID)
