"""How good is a synthetic table? Fidelity, usefulness, privacy and fairness, in numbers and sentences.

    report = evaluate(train, holdout, synthetic, column_types, target="deny", protected="afam")
    report.sentences      # plain words
    report.to_dict()      # everything, JSON-ready

- Fidelity: SDMetrics' quality and diagnostic reports, and per-column KL divergence and
  total-variation distance (TVD) of binned distributions.
- Usefulness: a model trained on synthetic rows and one trained on the real training rows,
  both tested on real holdout rows the generator never saw (TSTR vs TRTR): AUC for a
  category target, R² for a number.
- Privacy: core.privacy.synthetic_privacy: identifier values replayed, exact copies of real rows,
  SDMetrics' distance-to-closest-record and disclosure metrics, and real values reused.
- Fairness: outcome rate per protected group, real vs synthetic (core.fairness).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from core.fairness.group_rates import compare_gaps
from core.privacy.synthetic_privacy import PrivacyReport, measure_privacy
from core.tabular.data_dictionary import value_words
from core.tabular.schema import BOOLEAN, CATEGORICAL, DATETIME, MODELLED_TYPES, NUMERIC

BINS = 20
_SDTYPES = {NUMERIC: "numerical", CATEGORICAL: "categorical", BOOLEAN: "categorical", DATETIME: "numerical"}


@dataclass
class ColumnFidelity:
    column: str
    type: str
    kl_divergence: float
    tv_distance: float
    sdmetrics_score: float | None


@dataclass
class Usefulness:
    target: str
    task: str
    metric: str
    real_score: float | None
    synthetic_score: float | None
    note: str = ""


@dataclass
class Fairness:
    protected: str
    outcome: str
    positive: str
    real_rates: dict
    synthetic_rates: dict
    real_gap: float
    synthetic_gap: float
    amplified: bool
    sentence: str


@dataclass
class SynthesisReport:
    quality_score: float
    column_shapes: float
    column_pair_trends: float | None
    diagnostic_score: float
    columns: list[ColumnFidelity]
    usefulness: Usefulness | None
    privacy: PrivacyReport
    fairness: Fairness | None
    sentences: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return _clean(asdict(self))

    @property
    def validity_percent(self) -> float:
        """The diagnostic score as a percentage to one decimal, rounded down: never 100.0 beside "some fall outside"."""
        return math.floor(self.diagnostic_score * 1000) / 10


def _clean(value):
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, float) and not np.isfinite(value):
        return None
    if isinstance(value, np.generic):
        return _clean(value.item())
    return value


def modelled_columns(column_types: dict[str, str]) -> list[str]:
    return [name for name, kind in column_types.items() if kind in MODELLED_TYPES]


def _as_numbers(values: pd.Series, kind: str) -> pd.Series:
    if kind == DATETIME:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            moments = pd.to_datetime(values, errors="coerce", format="mixed")
        return moments.astype("datetime64[ns]").astype("int64").astype(float).where(moments.notna())
    return pd.to_numeric(values, errors="coerce").astype(float)


def column_distributions(real: pd.Series, synthetic: pd.Series, kind: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Bin labels and the real and synthetic shares per bin (missing values get a bin of their own)."""
    if kind in (NUMERIC, DATETIME):
        real_numbers, synthetic_numbers = _as_numbers(real, kind), _as_numbers(synthetic, kind)
        present = real_numbers.dropna()
        edges = np.unique(np.quantile(present, np.linspace(0, 1, BINS + 1))) if len(present) else np.array([0.0, 1.0])
        if len(edges) < 2:
            edges = np.array([edges[0] - 0.5, edges[0] + 0.5])
        shown = [pd.Timestamp(int(edge)).strftime("%Y-%m-%d") if kind == DATETIME else f"{edge:.4g}" for edge in edges]
        labels = [f"{shown[i]} to {shown[i + 1]}" for i in range(len(edges) - 1)] + ["(missing)"]

        def shares(numbers: pd.Series) -> np.ndarray:
            clipped = numbers.clip(edges[0], edges[-1])
            index = np.clip(np.searchsorted(edges, clipped, side="right") - 1, 0, len(edges) - 2)
            counts = np.bincount(index[numbers.notna().to_numpy()], minlength=len(edges) - 1).astype(float)
            counts = np.append(counts, numbers.isna().sum())
            return counts / max(counts.sum(), 1)

        return labels, shares(real_numbers), shares(synthetic_numbers)
    real_labels = real.astype(str).where(real.notna(), "(missing)")
    synthetic_labels = synthetic.astype(str).where(synthetic.notna(), "(missing)")
    labels = list(real_labels.value_counts().index) + sorted(set(synthetic_labels) - set(real_labels))
    real_shares = real_labels.value_counts(normalize=True).reindex(labels, fill_value=0).to_numpy()
    synthetic_shares = synthetic_labels.value_counts(normalize=True).reindex(labels, fill_value=0).to_numpy()
    return labels, real_shares, synthetic_shares


def kl_and_tv(real_shares: np.ndarray, synthetic_shares: np.ndarray) -> tuple[float, float]:
    """KL(real || synthetic) with add-half smoothing, and total-variation distance."""
    tv = 0.5 * float(np.abs(real_shares - synthetic_shares).sum())
    smoothing = 1e-4
    p = (real_shares + smoothing) / (real_shares + smoothing).sum()
    q = (synthetic_shares + smoothing) / (synthetic_shares + smoothing).sum()
    return float(np.sum(p * np.log(p / q))), tv


def _sdmetrics_reports(real: pd.DataFrame, synthetic: pd.DataFrame, column_types: dict[str, str]):
    with warnings.catch_warnings():  # the single-table reports are announced as moving, not yet replaced
        warnings.simplefilter("ignore", FutureWarning)
        from sdmetrics.reports.single_table import DiagnosticReport, QualityReport

    columns = modelled_columns(column_types)
    real, synthetic = real[columns].copy(), synthetic[columns].copy()
    for name in columns:
        if column_types[name] == DATETIME:
            real[name], synthetic[name] = _as_numbers(real[name], DATETIME), _as_numbers(synthetic[name], DATETIME)
        elif column_types[name] in (CATEGORICAL, BOOLEAN):
            real[name], synthetic[name] = real[name].astype(str), synthetic[name].astype(str)
    metadata = {"columns": {name: {"sdtype": _SDTYPES[column_types[name]]} for name in columns}}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        quality = QualityReport()
        quality.generate(real, synthetic, metadata, verbose=False)
        diagnostic = DiagnosticReport()
        diagnostic.generate(real, synthetic, metadata, verbose=False)
    return quality, diagnostic


def fidelity(real: pd.DataFrame, synthetic: pd.DataFrame, column_types: dict[str, str]):
    quality, diagnostic = _sdmetrics_reports(real, synthetic, column_types)
    properties = dict(zip(quality.get_properties()["Property"], quality.get_properties()["Score"]))
    shapes = quality.get_details("Column Shapes")
    shape_scores = dict(zip(shapes["Column"], shapes["Score"]))
    columns = []
    for name in modelled_columns(column_types):
        _, real_shares, synthetic_shares = column_distributions(real[name], synthetic[name], column_types[name])
        kl, tv = kl_and_tv(real_shares, synthetic_shares)
        score = shape_scores.get(name)
        columns.append(ColumnFidelity(name, column_types[name], kl, tv,
                                      None if score is None or pd.isna(score) else float(score)))
    pair_trends = properties.get("Column Pair Trends")
    return (float(quality.get_score()), float(properties.get("Column Shapes", np.nan)),
            None if pair_trends is None or pd.isna(pair_trends) else float(pair_trends),
            float(diagnostic.get_score()), columns)


def _feature_pipeline(column_types: dict[str, str], features: list[str], classify: bool):
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder

    numbers = [c for c in features if column_types[c] in (NUMERIC, DATETIME)]
    categories = [c for c in features if column_types[c] in (CATEGORICAL, BOOLEAN)]
    transform = ColumnTransformer([
        ("numbers", SimpleImputer(strategy="median"), numbers),
        ("categories", make_pipeline(SimpleImputer(strategy="constant", fill_value="(missing)"),
                                     OneHotEncoder(handle_unknown="ignore", sparse_output=False)), categories),
    ])
    model = (HistGradientBoostingClassifier(max_iter=150, random_state=0) if classify
             else HistGradientBoostingRegressor(max_iter=150, random_state=0))
    return make_pipeline(transform, model)


def _prepared(table: pd.DataFrame, column_types: dict[str, str], columns: list[str]) -> pd.DataFrame:
    prepared = pd.DataFrame(index=table.index)
    for name in columns:
        kind = column_types[name]
        prepared[name] = (_as_numbers(table[name], kind) if kind in (NUMERIC, DATETIME)
                          else table[name].astype(str).where(table[name].notna(), np.nan).astype(object))
    return prepared


def usefulness(train: pd.DataFrame, holdout: pd.DataFrame, synthetic: pd.DataFrame, column_types: dict[str, str],
               target: str) -> Usefulness:
    from sklearn.metrics import r2_score, roc_auc_score

    kind = column_types.get(target)
    if kind not in MODELLED_TYPES:
        raise ValueError(f"The target {target!r} must be a column the generator learned (numeric, categorical, yes/no).")
    classify = kind in (CATEGORICAL, BOOLEAN)
    features = [c for c in modelled_columns(column_types) if c != target]
    if not features:
        raise ValueError("The usefulness test needs at least one column besides the target.")
    task, metric = ("classification", "AUC") if classify else ("regression", "R²")
    test = holdout.dropna(subset=[target])
    test_x = _prepared(test, column_types, features)
    test_y = test[target].astype(str) if classify else _as_numbers(test[target], kind)

    def score(training: pd.DataFrame) -> tuple[float | None, str]:
        training = training.dropna(subset=[target])
        y = training[target].astype(str) if classify else _as_numbers(training[target], kind)
        if classify and y.nunique() < 2:
            return None, f"the training rows have only one value of {target}"
        if len(training) < 10:
            return None, "too few training rows"
        model = _feature_pipeline(column_types, features, classify).fit(_prepared(training, column_types, features), y)
        if not classify:
            return float(r2_score(test_y, model.predict(test_x))), ""
        probabilities = pd.DataFrame(model.predict_proba(test_x), columns=[str(c) for c in model.classes_],
                                     index=test.index)
        classes = sorted(set(test_y))
        if len(classes) < 2:
            return None, "the holdout rows have only one class"
        probabilities = probabilities.reindex(columns=classes, fill_value=0.0)  # classes the model never saw: 0
        if len(classes) == 2:
            return float(roc_auc_score(test_y == classes[1], probabilities[classes[1]])), ""
        normalised = probabilities.div(probabilities.sum(axis=1).replace(0, 1), axis=0)
        return float(roc_auc_score(test_y, normalised, multi_class="ovr", labels=classes)), ""

    real_score, real_note = score(train)
    synthetic_score, synthetic_note = score(synthetic)
    note = "; ".join(n for n in (real_note and f"real: {real_note}", synthetic_note and f"synthetic: {synthetic_note}") if n)
    return Usefulness(target, task, metric, real_score, synthetic_score, note)


def evaluate(train: pd.DataFrame, holdout: pd.DataFrame, synthetic: pd.DataFrame, column_types: dict[str, str],
             target: str | None = None, protected: str | None = None, positive=None,
             identifiers: list | None = None, sensitive: str | None = None, seed: int = 0,
             labels: dict[str, str] | None = None, dataset: str | None = None) -> SynthesisReport:
    """The full report; see the module doc. `identifiers` are core.privacy findings on the real table; the
    sentences name columns as `labels` say (core.tabular.data_dictionary.column_labels), and a shipped `dataset`'s
    yes/no outcome and groups in words ("denied", "not African-American")."""
    quality, shapes, pairs, diagnostic, columns = fidelity(train, synthetic, column_types)
    useful = usefulness(train, holdout, synthetic, column_types, target) if target else None
    real = pd.concat([train, holdout], ignore_index=True)
    private = measure_privacy(real, train, holdout, synthetic, column_types, identifiers, sensitive, seed, labels)
    fair = None
    if protected:
        if not target:
            raise ValueError("Pick a target column to compare outcome rates across the protected groups.")
        if protected not in column_types or column_types[protected] not in (CATEGORICAL, BOOLEAN):
            raise ValueError(f"The protected column {protected!r} must be a categorical or yes/no column.")
        if column_types[target] not in (CATEGORICAL, BOOLEAN):
            raise ValueError(f"Comparing outcome rates across groups needs a yes/no or category target; "
                             f"{target!r} is {column_types[target]}.")
        positive = positive if positive is not None else default_positive(train[target])
        comparison = compare_gaps(train, synthetic, target, positive, protected)
        fair = Fairness(protected, target, str(positive), comparison.real.rates, comparison.synthetic.rates,
                        comparison.real.gap, comparison.synthetic.gap, comparison.amplified,
                        comparison.sentence_with(labels, value_words(dataset, target), value_words(dataset, protected)))

    report = SynthesisReport(quality, shapes, pairs, diagnostic, columns, useful, private, fair)
    report.sentences = _sentences(report, labels)
    return report


def default_positive(values: pd.Series) -> str:
    """The outcome to count by default: the rarer value of a yes/no or category target."""
    counts = values.dropna().astype(str).value_counts()
    return str(counts.index[-1]) if len(counts) else ""


def _grade(score: float) -> str:
    return "excellent" if score >= 0.9 else "good" if score >= 0.8 else "fair" if score >= 0.7 else "poor"


def usefulness_verdict(real: float, synthetic: float) -> str:
    """The usefulness figures in a few words: how much of what the real rows teach a model the synthetic ones do,
    by the gap between the two scores (within 2 points: as much; within 7: almost as much)."""
    gap = real - synthetic
    if gap <= 0.02:
        return "the synthetic rows teach a model as much as the real ones."
    if gap <= 0.07:
        return "the synthetic rows teach a model almost as much as the real ones."
    return "the synthetic rows teach a model less than the real ones."


def _explains(r2: float) -> str:
    """R² in words: the share of the target's spread a model explains."""
    return f"explains {r2:.0%} of how it varies" if r2 > 0 else "does no better than guessing the average"


def _sentences(report: SynthesisReport, labels: dict[str, str] | None = None) -> list[str]:
    said = (labels or {}).get
    sentences = [
        f"Overall quality {report.quality_score:.0%} ({_grade(report.quality_score)}): the columns' distributions "
        f"match {report.column_shapes:.0%} on average"  # "each column's … 98%" above a column 18% off
        + (f", and relationships between columns match {report.column_pair_trends:.0%}." if report.column_pair_trends
           is not None else "."),
    ]
    worst = max(report.columns, key=lambda c: c.tv_distance)
    sentences.append(f"The least faithful column is {said(worst.column, worst.column)}: to match the real one, {worst.tv_distance:.0%} of "
                     "its synthetic values would have to change (0% means identical).")
    if report.diagnostic_score < 1:
        few = ("nearly every synthetic value lies within the real ranges and categories; a few fall outside them"
               if report.validity_percent >= 99 else "some synthetic values fall outside the real ranges or categories")
        sentences.append(f"Validity check {report.validity_percent:.1f}%: {few}.")
    useful = report.usefulness
    if useful and useful.real_score is not None and useful.synthetic_score is not None:
        predicting = f"{usefulness_verdict(useful.real_score, useful.synthetic_score)} A model predicting " \
                     f"“{said(useful.target, useful.target)}”"  # in quotes: "predicting denied that learned" misread
        if useful.metric == "AUC":
            sentences.append(
                f"Usefulness: {predicting} that learned from the synthetic rows picks the right one of two rows with "
                f"different outcomes {useful.synthetic_score:.0%} of the time; one that learned from real rows, "
                f"{useful.real_score:.0%} (50% is guessing; both tested on real rows the generator never saw).")
        else:
            sentences.append(
                f"Usefulness: {predicting} that learned from the synthetic rows {_explains(useful.synthetic_score)}; "
                f"one that learned from real rows, {_explains(useful.real_score)} (both tested on real rows the "
                "generator never saw).")
    elif useful:
        sentences.append(f"Usefulness could not be measured: {useful.note}.")
    verdict = report.privacy.verdict
    sentences.append("Privacy: " + (verdict[:1].lower() + verdict[1:] if verdict[1:2].islower() else verdict))
    sentences.extend(report.privacy.sentences[1:])
    if report.fairness:
        sentences.append(report.fairness.sentence)
    return sentences
