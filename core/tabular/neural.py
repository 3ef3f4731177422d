"""CTGAN and TVAE from the `ctgan` package, behind the same fit/sample API as the copula.

Progress is reported once per epoch and a fit can be cancelled between epochs: both ride on
the per-epoch loop the package runs through `tqdm`, which we swap for a thin stand-in that
calls this thread's progress callback.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Callable

import pandas as pd

from core.gpu import gpu_work
from core.seeding import TORCH_RANDOM_LOCK, seeded_torch
from core.tabular.encoding import TableEncoder

MAX_CONDITIONAL_ROUNDS = 20
_epoch_listener = threading.local()


@gpu_work("training")
def fit_model(model, encoded: pd.DataFrame, discrete_columns: list[str]) -> None:
    """Train the package's CTGAN or TVAE model on the encoded table: the GPU work of a neural synthesizer."""
    model.fit(encoded, discrete_columns=discrete_columns)


class FitCancelled(Exception):
    """The user stopped the training."""


@dataclass(frozen=True)
class NeuralConfig:
    epochs: int = 100
    batch_size: int = 500
    seed: int = 0

    def check(self) -> None:
        if not 1 <= self.epochs <= 2000:
            raise ValueError("Epochs must be between 1 and 2,000.")
        if self.batch_size < 10 or self.batch_size % 10:
            raise ValueError("Batch size must be a multiple of 10, at least 10 (CTGAN trains in packs of 10).")


class _EpochLoop:
    """Stands in for tqdm over the epochs: reports each epoch and stops when asked."""

    def __init__(self, iterable, **_):
        self._iterable = iterable

    def __iter__(self):
        items = list(self._iterable)
        listener = getattr(_epoch_listener, "callback", None)
        for index, item in enumerate(items):
            if listener is not None and listener(index, len(items)) is False:
                raise FitCancelled("Training was stopped.")
            yield item

    def set_description(self, *_args, **_kwargs):
        pass


def _install_epoch_loop() -> None:
    import ctgan.synthesizers.ctgan as ctgan_module
    import ctgan.synthesizers.tvae as tvae_module

    ctgan_module.tqdm = _EpochLoop
    tvae_module.tqdm = _EpochLoop


class _NeuralSynthesizer(ABC):
    name = "neural"
    natively_conditional = False

    def __init__(self, config: NeuralConfig | None = None):
        self.config = config or NeuralConfig()
        self.config.check()

    @abstractmethod
    def _make_model(self, batch_size: int):
        """The package's model, configured."""

    def fit(self, table: pd.DataFrame, column_types: dict[str, str],
            progress: Callable[[float, str], object] | None = None) -> "_NeuralSynthesizer":
        _install_epoch_loop()
        self.encoder_ = TableEncoder()
        encoded = self.encoder_.fit_transform(table, column_types)
        batch_size = min(self.config.batch_size, max(10, (len(encoded) // 10) * 10))

        def on_epoch(index: int, total: int):
            if progress is not None:
                return progress(index / total, f"{self.name}: epoch {index + 1} of {total}")
            return None

        with seeded_torch(self.config.seed):
            self.model_ = self._make_model(batch_size)
            self.model_.set_random_state(self.config.seed)
            _epoch_listener.callback = on_epoch
            try:
                fit_model(self.model_, encoded, list(self.encoder_.discrete_columns_))
            finally:
                _epoch_listener.callback = None
        return self

    def _raw_sample(self, n: int, condition: tuple[str, str] | None) -> pd.DataFrame:
        return self.model_.sample(n)

    def sample(self, n: int, condition: dict | None = None, seed: int | None = None) -> pd.DataFrame:
        if n < 1:
            raise ValueError("Ask for at least one row.")
        with TORCH_RANDOM_LOCK:
            return self._sample(n, condition, self.config.seed + 1 if seed is None else seed)

    def _sample(self, n: int, condition: dict | None, seed: int) -> pd.DataFrame:
        self.model_.set_random_state(seed)
        if not condition:
            return self.encoder_.decode(self._raw_sample(n, None).reset_index(drop=True))
        if len(condition) != 1:
            raise ValueError("Fix the value of one column at a time.")
        (column, value), = condition.items()
        if column not in self.encoder_.discrete_columns_:
            raise ValueError(f"Only a categorical or yes/no column can be fixed; {column!r} is not one.")
        label = str(value)
        kept, drawn = [], 0
        for _ in range(MAX_CONDITIONAL_ROUNDS):
            batch = self._raw_sample(max(n, 100), (column, label))
            drawn += len(batch)
            kept.append(batch[batch[column].astype(str) == label])
            if sum(len(part) for part in kept) >= n:
                break
        rows = pd.concat(kept).head(n).reset_index(drop=True)
        if len(rows) < n:
            raise ValueError(
                f"The {self.name} model made only {len(rows)} rows with {column} = {value} out of {drawn} tries. "
                "Train it for more epochs, or use the Gaussian copula, which can fix any value exactly."
            )
        return self.encoder_.decode(rows)


class CTGANSynthesizer(_NeuralSynthesizer):
    name = "CTGAN"
    natively_conditional = True

    def _make_model(self, batch_size: int):
        from ctgan import CTGAN

        return CTGAN(epochs=self.config.epochs, batch_size=batch_size, pac=10, verbose=False)

    def _raw_sample(self, n: int, condition: tuple[str, str] | None) -> pd.DataFrame:
        if condition is None:
            return self.model_.sample(n)
        return self.model_.sample(n, condition_column=condition[0], condition_value=condition[1])


class TVAESynthesizer(_NeuralSynthesizer):
    name = "TVAE"

    def _make_model(self, batch_size: int):
        from ctgan import TVAE

        return TVAE(epochs=self.config.epochs, batch_size=batch_size)
