"""A bigram language model with interpolated absolute discounting: the baseline the poet must beat.

P(b | a) = max(c(a, b) - d, 0) / c(a) + d * N1+(a, *) / c(a) * P_unigram(b), with add-one unigrams.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DISCOUNT = 0.75


@dataclass(frozen=True)
class BigramModel:
    vocab_size: int
    pair_keys: np.ndarray  # sorted a * vocab_size + b
    pair_counts: np.ndarray
    context_counts: np.ndarray  # c(a, *)
    continuation_types: np.ndarray  # N1+(a, *)
    unigram: np.ndarray

    @classmethod
    def fit(cls, streams: list[np.ndarray], vocab_size: int) -> "BigramModel":
        keys = np.concatenate([s[:-1].astype(np.int64) * vocab_size + s[1:].astype(np.int64) for s in streams])
        pair_keys, pair_counts = np.unique(keys, return_counts=True)
        first = pair_keys // vocab_size
        context_counts = np.bincount(first, weights=pair_counts, minlength=vocab_size)
        continuation_types = np.bincount(first, minlength=vocab_size).astype(np.float64)
        unigram = np.bincount(np.concatenate(streams), minlength=vocab_size).astype(np.float64) + 1.0
        return cls(vocab_size, pair_keys, pair_counts.astype(np.float64), context_counts, continuation_types,
                   unigram / unigram.sum())

    def probabilities(self, previous: np.ndarray, following: np.ndarray) -> np.ndarray:
        previous, following = previous.astype(np.int64), following.astype(np.int64)
        keys = previous * self.vocab_size + following
        positions = np.clip(np.searchsorted(self.pair_keys, keys), 0, len(self.pair_keys) - 1)
        counts = np.where(self.pair_keys[positions] == keys, self.pair_counts[positions], 0.0)
        context = self.context_counts[previous]
        seen = context > 0
        safe_context = np.where(seen, context, 1.0)
        backoff_weight = np.where(seen, DISCOUNT * self.continuation_types[previous] / safe_context, 1.0)
        discounted = np.where(seen, np.maximum(counts - DISCOUNT, 0.0) / safe_context, 0.0)
        return discounted + backoff_weight * self.unigram[following]

    def mean_loss(self, windows: np.ndarray) -> float:
        """Mean negative log-likelihood per token over windows, scored like the GPT (first token is context)."""
        return float(-np.log(self.probabilities(windows[:, :-1].ravel(), windows[:, 1:].ravel())).mean())
