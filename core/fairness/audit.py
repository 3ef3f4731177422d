"""Fairness audit of a model trained on a table: per-group rates with confidence intervals, the
standard gap measures, and mitigations with their cost in accuracy.

    result = audit(table, AuditConfig(target="deny", positive="yes", protected=("afam",)))
    after = mitigate(table, config, "Threshold optimizer")

Metrics follow Fairlearn (MetricFrame, demographic parity and equalized odds) and AIF360's
definitions. Disparate impact and the four-fifths rule are about the *favourable* outcome (being
approved, hired): the lowest group's rate of it over the highest group's, flagged under 0.8. When
the audited outcome is adverse (a denial), its complement is the favourable one. The same ratio is
reported for the table's own labels, so bias learned from the data and bias added by the model
can be told apart. Protected columns are not given to the model
as features, so the audit shows what remains once the model cannot see them directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core.tabular.schema import BOOLEAN, CATEGORICAL, MODELLED_TYPES, describe_columns

MODELS = ("Logistic regression", "Gradient boosting")
MITIGATIONS = ("Reweighing", "Threshold optimizer", "Exponentiated gradient")
FOUR_FIFTHS = 0.8


@dataclass(frozen=True)
class AuditConfig:
    target: str
    positive: str
    protected: tuple[str, ...]
    model: str = "Logistic regression"
    seed: int = 0
    bootstrap: int = 200
    favourable: bool = True  # is the audited outcome good for the person (approved) or bad (denied)?

    @property
    def favourable_outcome(self) -> str:
        return f"{self.target} = {self.positive}" if self.favourable else f"{self.target} ≠ {self.positive}"

    def check(self, table: pd.DataFrame, column_types: dict[str, str]) -> None:
        if self.target not in table.columns:
            raise ValueError(f"The table has no column {self.target!r} to predict.")
        if column_types.get(self.target) not in (CATEGORICAL, BOOLEAN):
            raise ValueError(f"The audited outcome must be a yes/no or category column; {self.target!r} is "
                             f"{column_types.get(self.target)}.")
        if self.positive not in set(table[self.target].dropna().astype(str)):
            raise ValueError(f"{self.target!r} never takes the value {self.positive!r}.")
        if not 1 <= len(self.protected) <= 2:
            raise ValueError("Pick one or two protected columns.")
        for column in self.protected:
            if column not in table.columns:
                raise ValueError(f"The table has no protected column {column!r}.")
            if column == self.target:
                raise ValueError("The protected column cannot be the outcome itself.")
        if self.model not in MODELS:
            raise ValueError(f"Unknown model {self.model!r}; choose one of: {', '.join(MODELS)}.")


@dataclass
class GroupRow:
    group: str
    count: int
    selection_rate: float
    true_positive_rate: float
    false_positive_rate: float
    accuracy: float
    intervals: dict[str, tuple[float, float]] = field(default_factory=dict)


@dataclass
class AuditResult:
    groups: list[GroupRow]
    accuracy: float
    demographic_parity_difference: float
    demographic_parity_ratio: float
    equalized_odds_difference: float
    disparate_impact: float
    four_fifths_violated: bool
    sentences: list[str]
    data_disparate_impact: float = float("nan")  # the same ratio on the table's own labels (test rows)
    label: str = "no mitigation"

    def to_dict(self) -> dict:
        from dataclasses import asdict

        return asdict(self)


@dataclass
class _Prepared:
    x_train: pd.DataFrame
    x_test: pd.DataFrame
    y_train: np.ndarray
    y_test: np.ndarray
    groups_train: pd.Series
    groups_test: pd.Series
    numbers: list[str]
    categories: list[str]


def _group_labels(table: pd.DataFrame, protected: tuple[str, ...]) -> pd.Series:
    parts = [(c + " = " + table[c].astype(str)).where(table[c].notna(), f"{c} missing") for c in protected]
    labels = parts[0] if len(parts) == 1 else parts[0] + " & " + parts[1]
    names = " & ".join(protected)
    return labels.rename(names)


def prepare(table: pd.DataFrame, config: AuditConfig) -> _Prepared:
    from sklearn.model_selection import train_test_split

    column_types = {c.name: c.type for c in describe_columns(table)}
    config.check(table, column_types)
    table = table.dropna(subset=[config.target]).reset_index(drop=True)
    features = [c for c, k in column_types.items() if k in MODELLED_TYPES and c != config.target
                and c not in config.protected]
    if not features:
        raise ValueError("There is no column left to predict from once the outcome and protected columns are set aside.")
    numbers = [c for c in features if column_types[c] == "numeric"]
    categories = [c for c in features if column_types[c] != "numeric"]
    y = (table[config.target].astype(str) == config.positive).to_numpy().astype(int)
    groups = _group_labels(table, config.protected)
    x = table[features].copy()
    for column in categories:
        x[column] = x[column].astype(str)
    stratify = y if min(np.bincount(y, minlength=2)) >= 2 else None
    x_train, x_test, y_train, y_test, g_train, g_test = train_test_split(
        x, y, groups, test_size=0.3, random_state=config.seed, stratify=stratify)
    return _Prepared(x_train, x_test, y_train, y_test, g_train, g_test, numbers, categories)


def make_model(name: str, prepared: _Prepared, seed: int):
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    transform = ColumnTransformer([
        ("numbers", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), prepared.numbers),
        ("categories", OneHotEncoder(handle_unknown="ignore", sparse_output=False), prepared.categories),
    ])
    estimator = (LogisticRegression(max_iter=2000) if name == "Logistic regression"
                 else HistGradientBoostingClassifier(max_iter=200, random_state=seed))
    return make_pipeline(transform, estimator)


def _rates(y_true: np.ndarray, y_pred: np.ndarray) -> dict[str, float]:
    positives, negatives = y_true == 1, y_true == 0
    return {
        "selection_rate": float(y_pred.mean()) if len(y_pred) else float("nan"),
        "true_positive_rate": float(y_pred[positives].mean()) if positives.any() else float("nan"),
        "false_positive_rate": float(y_pred[negatives].mean()) if negatives.any() else float("nan"),
        "accuracy": float((y_pred == y_true).mean()) if len(y_pred) else float("nan"),
    }


def evaluate_predictions(y_true: np.ndarray, y_pred: np.ndarray, groups: pd.Series, config: AuditConfig,
                         label: str = "no mitigation") -> AuditResult:
    from fairlearn.metrics import (demographic_parity_difference, demographic_parity_ratio,
                                   equalized_odds_difference)

    groups = groups.reset_index(drop=True)
    rng = np.random.default_rng(config.seed)
    rows = []
    for group in sorted(groups.unique()):
        members = (groups == group).to_numpy()
        rates = _rates(y_true[members], y_pred[members])
        samples = {key: [] for key in rates}
        index = np.flatnonzero(members)
        for _ in range(config.bootstrap):
            pick = rng.choice(index, size=len(index), replace=True)
            for key, value in _rates(y_true[pick], y_pred[pick]).items():
                samples[key].append(value)
        intervals = {key: (float(np.nanpercentile(v, 2.5)), float(np.nanpercentile(v, 97.5)))
                     for key, v in samples.items() if not np.all(np.isnan(v))}
        rows.append(GroupRow(str(group), int(members.sum()), intervals=intervals, **rates))
    disparate = _favourable_ratio(y_pred, groups, config.favourable)
    dp_difference = float(demographic_parity_difference(y_true, y_pred, sensitive_features=groups))
    result = AuditResult(
        groups=rows, accuracy=float((y_pred == y_true).mean()),
        demographic_parity_difference=dp_difference,
        demographic_parity_ratio=float(demographic_parity_ratio(y_true, y_pred, sensitive_features=groups)),
        equalized_odds_difference=float(equalized_odds_difference(y_true, y_pred, sensitive_features=groups)),
        disparate_impact=disparate, four_fifths_violated=disparate < FOUR_FIFTHS, sentences=[], label=label,
        data_disparate_impact=_favourable_ratio(y_true, groups, config.favourable),
    )
    result.sentences = _sentences(result, config)
    return result


def _favourable_ratio(outcomes: np.ndarray, groups: pd.Series, favourable: bool) -> float:
    """Lowest over highest group rate of the favourable outcome (AIF360's disparate impact, min/max form)."""
    good = outcomes if favourable else 1 - outcomes
    rates = pd.Series(good).groupby(groups.to_numpy()).mean()
    return float(rates.min() / rates.max()) if rates.max() > 0 else 1.0


def _sentences(result: AuditResult, config: AuditConfig) -> list[str]:
    outcome = f"{config.target} = {config.positive}"
    highest = max(result.groups, key=lambda r: r.selection_rate)
    lowest = min(result.groups, key=lambda r: r.selection_rate)
    lines = [f"The model predicts {outcome} for {highest.selection_rate:.0%} of the {highest.group} group and "
             f"{lowest.selection_rate:.0%} of the {lowest.group} group ({result.demographic_parity_difference:.0%} "
             f"apart; overall accuracy {result.accuracy:.0%})."]
    good = config.favourable_outcome
    if result.four_fifths_violated:
        lines.append(f"Disparate impact {result.disparate_impact:.2f} (the lowest group's rate of the favourable "
                     f"outcome, {good}, over the highest's) is under 0.8: this fails the four-fifths rule used in "
                     "US employment law as a red flag for adverse impact.")
    else:
        lines.append(f"Disparate impact {result.disparate_impact:.2f} (the lowest group's rate of the favourable "
                     f"outcome, {good}, over the highest's) is at least 0.8: it passes the four-fifths rule.")
    data_verdict = "fails" if result.data_disparate_impact < FOUR_FIFTHS else "passes"
    lines.append(f"In the table's own decisions the same ratio is {result.data_disparate_impact:.2f}: the data "
                 f"{data_verdict} the four-fifths rule before any model learns from it.")
    lines.append(f"Equalized odds difference {result.equalized_odds_difference:.2f}: the largest gap between groups in "
                 "how often the model is right about people who do, and who do not, have the outcome.")
    small = [row.group for row in result.groups if row.count < 30]
    if small:
        lines.append(f"Few test rows for {', '.join(small)}: their rates are uncertain (see the intervals).")
    return lines


def audit(table: pd.DataFrame, config: AuditConfig) -> AuditResult:
    prepared = prepare(table, config)
    model = make_model(config.model, prepared, config.seed).fit(prepared.x_train, prepared.y_train)
    return evaluate_predictions(prepared.y_test, model.predict(prepared.x_test), prepared.groups_test, config)


def reweighing_weights(y: np.ndarray, groups: pd.Series) -> np.ndarray:
    """Kamiran and Calders' reweighing: w(g, y) = P(g) P(y) / P(g, y), so outcome and group look independent."""
    frame = pd.DataFrame({"g": groups.to_numpy(), "y": y})
    p_group = frame["g"].map(frame["g"].value_counts(normalize=True))
    p_label = frame["y"].map(frame["y"].value_counts(normalize=True))
    p_joint = frame.groupby(["g", "y"])["y"].transform("size") / len(frame)
    return (p_group * p_label / p_joint).to_numpy()


def mitigate(table: pd.DataFrame, config: AuditConfig, method: str) -> AuditResult:
    """The audit again after a mitigation: Reweighing, Fairlearn's ThresholdOptimizer or ExponentiatedGradient."""
    if method not in MITIGATIONS:
        raise ValueError(f"Unknown mitigation {method!r}; choose one of: {', '.join(MITIGATIONS)}.")
    prepared = prepare(table, config)
    model = make_model(config.model, prepared, config.seed)
    if method == "Reweighing":
        weights = reweighing_weights(prepared.y_train, prepared.groups_train)
        step = model.steps[-1][0]
        model.fit(prepared.x_train, prepared.y_train, **{f"{step}__sample_weight": weights})
        predictions = model.predict(prepared.x_test)
    elif method == "Threshold optimizer":
        from fairlearn.postprocessing import ThresholdOptimizer

        model.fit(prepared.x_train, prepared.y_train)
        optimiser = ThresholdOptimizer(estimator=model, constraints="demographic_parity", prefit=True,
                                       predict_method="predict_proba")
        optimiser.fit(prepared.x_train, prepared.y_train, sensitive_features=prepared.groups_train)
        predictions = optimiser.predict(prepared.x_test, sensitive_features=prepared.groups_test,
                                        random_state=config.seed)
    else:
        from fairlearn.reductions import DemographicParity, ExponentiatedGradient

        transform, estimator = model.steps[0][1], model.steps[-1][1]
        features_train = transform.fit_transform(prepared.x_train)
        reduction = ExponentiatedGradient(estimator, DemographicParity(), max_iter=30)
        reduction.fit(features_train, prepared.y_train, sensitive_features=prepared.groups_train)
        predictions = reduction.predict(transform.transform(prepared.x_test), random_state=config.seed)
    return evaluate_predictions(prepared.y_test, np.asarray(predictions).astype(int), prepared.groups_test, config,
                                label=method)
