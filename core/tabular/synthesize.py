"""One call from a real table to a synthetic look-alike and its report.

    result = synthesize(table, SynthesisConfig(generator="Gaussian copula", rows=1000, target="deny"))
    result.synthetic, result.report.sentences, result.record

The real rows are split once (by the seed) into training rows, which the generator learns
from, and holdout rows, which it never sees and which the report tests against.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Callable

import numpy as np
import pandas as pd

from core.privacy.identifiers import IdentifierFinding
from core.privacy.plan import LEAVE_OUT, REPLACE, plan_identifiers
from core.tabular.data_dictionary import column_labels
from core.tabular.report import SynthesisReport, evaluate
from core.tabular.schema import MODELLED_TYPES

GENERATORS = {
    "Gaussian copula": "Fast and steady: learns each column's distribution and how columns move together.",
    "CTGAN": "A generative adversarial network for tables: slower, can learn unusual shapes, needs more rows.",
    "TVAE": "A variational autoencoder for tables: between the two in speed; often strong on numbers.",
}
IDENTIFIER_HANDLING = (REPLACE, LEAVE_OUT)
MAX_SYNTHETIC_ROWS = 100_000
HOLDOUT_SHARE = 0.3


@dataclass(frozen=True)
class SynthesisConfig:
    generator: str = "Gaussian copula"
    rows: int = 1000
    seed: int = 0
    epochs: int = 100
    batch_size: int = 500
    column_types: dict[str, str] | None = None
    target: str | None = None
    protected: str | None = None
    positive: str | None = None
    condition_column: str | None = None
    condition_value: str | None = None
    identifiers: str = REPLACE  # what becomes of names, e-mails, phones, ID numbers, addresses: REPLACE or LEAVE_OUT
    smooth: bool = True  # the copula draws numbers from a smoothed distribution, so none is a real value
    sensitive: str | None = None  # a column to measure attribute disclosure for
    dataset: str | None = None  # the shipped table's key, whose data dictionary names columns in the report

    def check(self, table: pd.DataFrame) -> None:
        if self.generator not in GENERATORS:
            raise ValueError(f"Unknown generator {self.generator!r}; choose one of: {', '.join(GENERATORS)}.")
        if not 1 <= self.rows <= MAX_SYNTHETIC_ROWS:
            raise ValueError(f"Ask for between 1 and {MAX_SYNTHETIC_ROWS:,} synthetic rows.")
        for label, column in (("target", self.target), ("protected", self.protected),
                              ("fixed", self.condition_column)):
            if column and column not in table.columns:
                raise ValueError(f"The {label} column {column!r} is not in the table.")
        if self.condition_column and self.condition_value in (None, ""):
            raise ValueError(f"Choose which value of {self.condition_column!r} every synthetic row should have.")
        if self.identifiers not in IDENTIFIER_HANDLING:
            raise ValueError(f"Identifiers can be: {' or '.join(IDENTIFIER_HANDLING)}.")
        if self.sensitive and self.sensitive not in table.columns:
            raise ValueError(f"The sensitive column {self.sensitive!r} is not in the table.")
        if self.target and self.protected and self.target == self.protected:
            raise ValueError("The target and the protected column must be different columns.")


@dataclass
class SynthesisResult:
    synthetic: pd.DataFrame
    report: SynthesisReport
    column_types: dict[str, str]
    train: pd.DataFrame
    holdout: pd.DataFrame
    notices: list[str] = field(default_factory=list)
    identifiers: list[IdentifierFinding] = field(default_factory=list)
    record_id: str | None = None
    fit_seconds: float = 0.0
    sample_seconds: float = 0.0
    measure_seconds: float = 0.0  # the report's checks: fidelity, usefulness, privacy and fairness
    energy: object = None  # the energy measurement of the fit and sampling, for `record_synthesis`


def make_generator(config: SynthesisConfig):
    """The configured generator, unfitted (imported here: scipy and torch stay out of the app's start-up)."""
    from core.tabular.copula import GaussianCopula, GaussianCopulaConfig
    from core.tabular.neural import CTGANSynthesizer, NeuralConfig, TVAESynthesizer

    if config.generator == "Gaussian copula":
        return GaussianCopula(GaussianCopulaConfig(seed=config.seed, smooth=config.smooth))
    neural = NeuralConfig(epochs=config.epochs, batch_size=config.batch_size, seed=config.seed)
    return CTGANSynthesizer(neural) if config.generator == "CTGAN" else TVAESynthesizer(neural)


def split_holdout(table: pd.DataFrame, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    order = np.random.default_rng(seed).permutation(len(table))
    cut = int(round(len(table) * (1 - HOLDOUT_SHARE)))
    return table.iloc[order[:cut]].reset_index(drop=True), table.iloc[order[cut:]].reset_index(drop=True)


def synthesize(table: pd.DataFrame, config: SynthesisConfig,
               progress: Callable[[float, str], object] | None = None, record: bool = True) -> SynthesisResult:
    """Fit the chosen generator on the training rows, sample, and report; see the module doc."""
    import time

    config.check(table)
    plan = plan_identifiers(table, config.column_types, config.identifiers)
    column_types = plan.column_types
    notices = list(plan.sentences)
    for label, column in (("target", config.target), ("protected", config.protected),
                          ("fixed", config.condition_column)):
        if column and column_types[column] not in MODELLED_TYPES:
            raise ValueError(f"The {label} column {column!r} is marked {column_types[column]} and is left out of "
                             "training; mark it as another type or pick another column.")
    train, holdout = split_holdout(table, config.seed)

    def report_progress(fraction: float, message: str):
        return progress(fraction, message) if progress else None

    from core import torch_thread
    from core.provenance import get_recorder

    meter = get_recorder().meter()
    generator = make_generator(config)
    started = time.perf_counter()
    condition = {config.condition_column: config.condition_value} if config.condition_column else None

    def fit_and_sample() -> tuple[pd.DataFrame, float]:
        report_progress(0.0, f"Learning the table with {config.generator}")
        generator.fit(train, column_types, progress=lambda f, m: report_progress(0.8 * f, m))
        fitted_at = time.perf_counter()
        report_progress(0.8, f"Generating {config.rows:,} rows")
        sampled_rows = generator.sample(config.rows, condition=condition, seed=config.seed)
        return plan.add_fakes(sampled_rows, table, config.seed), fitted_at

    with meter:
        synthetic, fitted = torch_thread.run_alone(fit_and_sample)
        sampled = time.perf_counter()

    report_progress(0.85, "Measuring fidelity, usefulness, privacy and fairness")
    measuring = time.perf_counter()
    report = evaluate(train, holdout, synthetic, column_types, target=config.target, protected=config.protected,
                      positive=config.positive, identifiers=plan.findings, sensitive=config.sensitive,
                      seed=config.seed, labels=column_labels(config.dataset, table.columns), dataset=config.dataset)
    if condition:
        notices.append(f"Every synthetic row has {config.condition_column} = {config.condition_value}, so the report "
                       "compares a deliberately shifted table with the real one.")
    result = SynthesisResult(synthetic, report, column_types, train, holdout, notices, plan.findings,
                             fit_seconds=fitted - started, sample_seconds=sampled - fitted,
                             measure_seconds=time.perf_counter() - measuring, energy=meter.result)
    report_progress(1.0, "Done")
    if record:
        record_synthesis(result, config, real_rows=len(table))
    return result


def record_synthesis(result: SynthesisResult, config: SynthesisConfig, real_rows: int) -> str:
    """Write the audit row of a synthesis (and keep its id in `result`): call it once the result has reached the
    visitor, so a run that fails or is stopped after the work is never recorded as delivered."""
    from core.provenance import get_recorder

    parameters = {k: v for k, v in asdict(config).items() if v is not None and k != "column_types"}
    parameters.update(real_rows=real_rows, quality=round(result.report.quality_score, 4))
    result.record_id = get_recorder().record_output(
        result.synthetic.to_csv(index=False), tab="synthetic_data", backend="embedded", model_id=config.generator,
        parameters=parameters, energy=result.energy,
    ).id
    return result.record_id


def synthesis_job(table: pd.DataFrame, config: SynthesisConfig, *, report) -> SynthesisResult:
    """`synthesize` as a core.jobs target: fit, sample and report in the job's own process; the app records the
    result (`record_synthesis`) once it has shown it."""
    return synthesize(table, config, progress=lambda fraction, message: report(fraction, message), record=False)
