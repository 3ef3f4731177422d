"""Fairness audit of a model trained on a table: per-group rates with confidence intervals, the
standard gap measures, and mitigations with their cost in accuracy.

    result = audit(table, AuditConfig(target="deny", positive="yes", protected=("afam",), favourable=False))
    result.four_fifths   # per group: rate of the favourable outcome, ratio to the most favoured group, pass or fail
    after = mitigate(table, config, "Threshold optimizer")
    compare_mitigation(result, after).sentence  # every metric before and after; names any that got worse

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

from core.tabular.schema import BOOLEAN, CATEGORICAL, IDENTIFIER, MODELLED_TYPES, describe_columns
from core.wording import listed

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
    names: tuple[tuple[str, str], ...] = ()  # (column, plain words) to say instead of the column's code
    negated_names: tuple[tuple[str, str], ...] = ()  # (column, plain words for its "no"), default "not " + words

    def said(self, column: str, value: object, negated: bool = False) -> str:
        """"African-American" (or "not African-American") for a yes/no column with plain words, "race: white" for
        another value, else "afam = yes" ("≠" when negated)."""
        words = dict(self.names).get(column)
        if not words:
            return f"{column} {'≠' if negated else '='} {value}"
        yes = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False}.get(str(value).lower())
        if yes is not None:
            return words if yes != negated else dict(self.negated_names).get(column, f"not {words}")
        return f"{words}: {'not ' if negated else ''}{value}"

    @property
    def outcome(self) -> str:
        return self.said(self.target, self.positive)

    @property
    def favourable_outcome(self) -> str:
        return self.outcome if self.favourable else self.said(self.target, self.positive, negated=True)

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
    label_rate: float = float("nan")  # the same outcome's rate in the table's own labels, for these test rows


@dataclass(frozen=True)
class FourFifthsRow:
    """One group under the four-fifths rule: its rate of the favourable outcome against the most favoured group's."""

    group: str
    favourable_rate: float
    ratio_to_most_favoured: float

    @property
    def passes(self) -> bool:
        return self.ratio_to_most_favoured >= FOUR_FIFTHS

    @property
    def most_favoured(self) -> bool:
        return self.ratio_to_most_favoured == 1.0


def four_fifths_rows(favourable_rates: dict[str, float]) -> list[FourFifthsRow]:
    """Each group's favourable rate over the highest group's (1.0 for all when no group gets the outcome)."""
    best = max(favourable_rates.values())
    return [FourFifthsRow(group, rate, rate / best if best > 0 else 1.0) for group, rate in favourable_rates.items()]


@dataclass
class AuditResult:
    groups: list[GroupRow]
    accuracy: float
    demographic_parity_difference: float
    demographic_parity_ratio: float
    equalized_odds_difference: float
    disparate_impact: float
    four_fifths_violated: bool
    sentences: list[str]  # the verdict and the rates, what a visitor reads first
    data_disparate_impact: float = float("nan")  # the same ratio on the table's own labels (test rows)
    label: str = "as trained, no fairness fix"
    outcome_is_favourable: bool = True  # is the audited outcome (selection_rate) the good one for the person?
    details: list[str] = field(default_factory=list)  # how it was reached: the four-fifths arithmetic, equalized odds

    @property
    def four_fifths(self) -> list[FourFifthsRow]:
        """The four-fifths rule per group, on the model's predictions of the favourable outcome."""
        return four_fifths_rows({row.group: self._favourable(row.selection_rate) for row in self.groups})

    @property
    def data_four_fifths(self) -> list[FourFifthsRow]:
        """The four-fifths rule per group, on the table's own labels (the same test rows)."""
        return four_fifths_rows({row.group: self._favourable(row.label_rate) for row in self.groups})

    def _favourable(self, outcome_rate: float) -> float:
        return outcome_rate if self.outcome_is_favourable else 1 - outcome_rate

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
    personal_data: list[str]  # "column (kind)" for each identifier kept out of the model

    def with_personal_data_note(self, result: "AuditResult") -> "AuditResult":
        if self.personal_data:
            result.sentences.insert(0, "Personal data is never a feature: left out of the model "
                                       + ", ".join(self.personal_data) + ".")
        return result


def _group_labels(table: pd.DataFrame, config: AuditConfig) -> pd.Series:
    names = dict(config.names)
    parts = [table[c].astype(str).map(lambda value, c=c: config.said(c, value)).where(table[c].notna(),
                                                                                     f"{names.get(c, c)} missing")
             for c in config.protected]
    labels = parts[0] if len(parts) == 1 else parts[0] + " & " + parts[1]
    return labels.rename(" & ".join(config.protected))


def prepare(table: pd.DataFrame, config: AuditConfig) -> _Prepared:
    from sklearn.model_selection import train_test_split

    from core.privacy.identifiers import find_identifiers

    column_types = {c.name: c.type for c in describe_columns(table)}
    config.check(table, column_types)
    table = table.dropna(subset=[config.target]).reset_index(drop=True)
    identifiers = {f.column: f.kind for f in find_identifiers(table) if f.direct}
    identifiers.update({c: "identifier" for c, k in column_types.items() if k == IDENTIFIER and c not in identifiers})
    features = [c for c, k in column_types.items() if k in MODELLED_TYPES and c != config.target
                and c not in config.protected and c not in identifiers]
    if not features:
        raise ValueError("There is no column left to predict from once the outcome and protected columns are set aside.")
    numbers = [c for c in features if column_types[c] == "numeric"]
    categories = [c for c in features if column_types[c] != "numeric"]
    y = (table[config.target].astype(str) == config.positive).to_numpy().astype(int)
    groups = _group_labels(table, config)
    x = table[features].copy()
    for column in categories:
        x[column] = x[column].astype(str)
    stratify = y if min(np.bincount(y, minlength=2)) >= 2 else None
    x_train, x_test, y_train, y_test, g_train, g_test = train_test_split(
        x, y, groups, test_size=0.3, random_state=config.seed, stratify=stratify)
    personal = [f"{c} ({kind})" for c, kind in identifiers.items() if c not in config.protected and c != config.target]
    return _Prepared(x_train, x_test, y_train, y_test, g_train, g_test, numbers, categories, personal)


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
                         label: str = "as trained, no fairness fix") -> AuditResult:
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
        rows.append(GroupRow(str(group), int(members.sum()), intervals=intervals,
                             label_rate=float(y_true[members].mean()), **rates))
    disparate = _favourable_ratio(y_pred, groups, config.favourable)
    dp_difference = float(demographic_parity_difference(y_true, y_pred, sensitive_features=groups))
    result = AuditResult(
        groups=rows, accuracy=float((y_pred == y_true).mean()),
        demographic_parity_difference=dp_difference,
        demographic_parity_ratio=float(demographic_parity_ratio(y_true, y_pred, sensitive_features=groups)),
        equalized_odds_difference=float(equalized_odds_difference(y_true, y_pred, sensitive_features=groups)),
        disparate_impact=disparate, four_fifths_violated=disparate < FOUR_FIFTHS, sentences=[], label=label,
        data_disparate_impact=_favourable_ratio(y_true, groups, config.favourable),
        outcome_is_favourable=config.favourable,
    )
    result.sentences, result.details = _sentences(result, config)
    return result


def _favourable_ratio(outcomes: np.ndarray, groups: pd.Series, favourable: bool) -> float:
    """Lowest over highest group rate of the favourable outcome (AIF360's disparate impact, min/max form)."""
    good = outcomes if favourable else 1 - outcomes
    rates = pd.Series(good).groupby(groups.to_numpy()).mean()
    return float(rates.min() / rates.max()) if rates.max() > 0 else 1.0


def _sentences(result: AuditResult, config: AuditConfig) -> tuple[list[str], list[str]]:
    """(the verdict and the rates, read first; the measures behind the verdict, one click away)."""
    def quoted(words: str) -> str:  # plain-word labels contain a colon: quotes keep them apart from the sentence
        return f"“{words}”" if config.names else words

    outcome = quoted(config.outcome)
    highest = max(result.groups, key=lambda r: r.selection_rate)
    lowest = min(result.groups, key=lambda r: r.selection_rate)
    times = (f"{highest.selection_rate / lowest.selection_rate:.1f} times as often"
             if 0 < lowest.selection_rate < highest.selection_rate else "")
    explains_pass = not result.four_fifths_violated and times  # the sentence that says it passes gives the times
    lines = [_in_short(result, quoted),
             f"The model predicts {outcome} for {highest.selection_rate:.1%} of the {quoted(highest.group)} group and "
             f"{lowest.selection_rate:.1%} of the {quoted(lowest.group)} group"
             f"{': ' + times if times and not explains_pass else ''} "
             f"({result.demographic_parity_difference * 100:.1f} percentage points apart; overall accuracy "
             f"{result.accuracy:.0%})."]
    good = quoted(config.favourable_outcome)
    rule = (f"The four-fifths rule, a red flag for adverse impact in US employment law, compares each group's rate of "
            f"the favourable outcome, {good}" + ("" if config.favourable else f" (one minus the rate of {outcome})")
            + ", with the most favoured group's; under 0.8 of it fails.")
    details = [f"{rule} The model's predictions: {_per_group(result.four_fifths, quoted)}, so "
               f"{_verdict(result.four_fifths, 'the model')}. The table's own decisions on the same test rows: "
               f"{_per_group(result.data_four_fifths, quoted)}, so {_verdict(result.data_four_fifths, 'the data')}"
               " before any model learns from it."]
    if explains_pass:  # beside the verdict: "passes" over 15.3% and 4.4% read as a slip
        lines.insert(1, "Passing the rule is not equal treatment: "
                     + ("" if config.favourable else f"it compares the rates of {good}, where a gap looks small, "
                                                     "while ")
                     + f"{outcome} itself comes {times} to one group.")
    details.append(f"The largest gap between groups in how often the model says {outcome} when it was so, or when it "
                   f"was not (the table's true and false positive rates): {result.equalized_odds_difference:.2f}, the "
                   "equalized odds difference (0 is no gap). It is not the gap in overall accuracy.")
    small = [quoted(row.group) for row in result.groups if row.count < 30]
    if small:
        lines.append(f"Few test rows for {', '.join(small)}: their rates are uncertain (see the likely ranges).")
    return lines, details


def _in_short(result: AuditResult, quoted=str) -> str:
    """One sentence before the details: does any group get the favourable outcome under four fifths as often as
    the most favoured one, in the model's predictions and in the table's own decisions?"""
    model = [quoted(row.group) for row in result.four_fifths if not row.passes]
    data = [quoted(row.group) for row in result.data_four_fifths if not row.passes]
    favoured = next((quoted(row.group) for row in result.four_fifths if row.ratio_to_most_favoured == 1.0), "")
    if model:
        said = (f"**In short: a red flag.** The model gives the {', '.join(model)} group the favourable outcome less "
                f"than four fifths as often as the {favoured} group")
        return said + (", as the table's own decisions do." if data else ", though the table's own decisions do not.")
    if data:
        return ("**In short: the model passes the four-fifths test, the data does not.** In the table's own "
                f"decisions the {', '.join(data)} group{'s' if len(data) > 1 else ''} got the favourable outcome less "
                "than four fifths as often as the most favoured one.")
    return ("**In short: no red flag by the four-fifths test**, in the model's predictions or in the table's own "
            "decisions.")


def ratio_text(ratio: float) -> str:
    """A ratio to two decimals, or three where two would show a failing 0.7996 as the passing 0.80."""
    shown = f"{ratio:.2f}"
    return f"{ratio:.3f}" if (float(shown) >= FOUR_FIFTHS) != (ratio >= FOUR_FIFTHS) else shown


def _per_group(rows: list[FourFifthsRow], quoted=str) -> str:
    parts = []
    for row in sorted(rows, key=lambda r: -r.favourable_rate):
        if row.most_favoured:
            parts.append(f"{quoted(row.group)} {row.favourable_rate:.0%} (the most favoured)")
        else:
            parts.append(f"{quoted(row.group)} {row.favourable_rate:.0%} ({ratio_text(row.ratio_to_most_favoured)} of that: "
                         + ("passes)" if row.passes else "fails)"))
    return ", ".join(parts)


def _verdict(rows: list[FourFifthsRow], subject: str) -> str:
    return f"{subject} {'fails' if any(not row.passes for row in rows) else 'passes'} the four-fifths rule"


def audit(table: pd.DataFrame, config: AuditConfig) -> AuditResult:
    prepared = prepare(table, config)
    model = make_model(config.model, prepared, config.seed).fit(prepared.x_train, prepared.y_train)
    return prepared.with_personal_data_note(
        evaluate_predictions(prepared.y_test, model.predict(prepared.x_test), prepared.groups_test, config))


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
    return prepared.with_personal_data_note(
        evaluate_predictions(prepared.y_test, np.asarray(predictions).astype(int), prepared.groups_test, config,
                             label=method))


COMPARED_METRICS = (  # (words, AuditResult attribute, higher is better, is a fairness measure)
    ("accuracy", "accuracy", True, False),
    ("gap between groups (demographic parity difference)", "demographic_parity_difference", False, True),
    ("demographic parity ratio", "demographic_parity_ratio", True, True),
    ("equalized odds difference", "equalized_odds_difference", False, True),
    ("disparate impact (four-fifths ratio)", "disparate_impact", True, True),
)
PLAIN_METRICS = {  # what each measure means, for a sentence a newcomer reads
    "gap between groups (demographic parity difference)": "the gap in outcome rates between groups",
    "demographic parity ratio": "the lowest group's outcome rate over the highest's",
    "equalized odds difference": "the largest gap between groups in how often the model says yes when it was yes, or "
                                 "when it was no",
    "disparate impact (four-fifths ratio)": "the least favoured group's favourable rate over the most favoured's",
}
COMPARED_DECIMALS = 3  # metrics are shown, and judged better or worse, at this many decimals


@dataclass(frozen=True)
class MetricChange:
    name: str
    before: float
    after: float
    higher_is_better: bool
    is_fairness: bool

    @property
    def direction(self) -> str:
        """"better", "worse" or "same", judged on the figures as shown (COMPARED_DECIMALS)."""
        before, after = round(self.before, COMPARED_DECIMALS), round(self.after, COMPARED_DECIMALS)
        if np.isnan(before) or np.isnan(after) or before == after:
            return "same"
        return "better" if (after > before) == self.higher_is_better else "worse"

    @property
    def words(self) -> str:
        """E.g. "equalized odds difference rose from 0.050 to 0.380"."""
        verb = "rose" if self.after > self.before else "fell"
        plain = PLAIN_METRICS.get(self.name)
        technical = self.name.split("(", 1)[1].rstrip(")") if "(" in self.name else self.name
        named = f"{plain} ({technical})" if plain else self.name
        return f"{named} {verb} from {self.before:.{COMPARED_DECIMALS}f} to {self.after:.{COMPARED_DECIMALS}f}"


@dataclass
class MitigationComparison:
    method: str
    changes: list[MetricChange]

    @property
    def worse(self) -> list[MetricChange]:
        return [change for change in self.changes if change.direction == "worse"]

    @property
    def rows(self) -> list[dict]:
        return [{"metric": c.name, "before": round(c.before, COMPARED_DECIMALS),
                 "after": round(c.after, COMPARED_DECIMALS),
                 "better is": "higher" if c.higher_is_better else "lower", "change": c.direction}
                for c in self.changes]

    @property
    def sentence(self) -> str:
        """The verdict on the mitigation: never a win while any fairness measure got worse."""
        fairness = [c for c in self.changes if c.is_fairness]
        better = [c for c in fairness if c.direction == "better"]
        worse = [c for c in fairness if c.direction == "worse"]
        better_words, worse_words = listed([c.words for c in better]), listed([c.words for c in worse])
        if worse and better:
            text = f"{self.method} is a trade-off, not a clear win. Better: {better_words}. Worse: {worse_words}."
        elif worse:
            text = f"{self.method} made no fairness measure better and {_measures(worse)} worse: {worse_words}."
        elif better:
            text = f"{self.method} made {_measures(better)} better and none worse: {better_words}."
        else:
            text = f"{self.method} left every fairness measure as it was."
        accuracy = next(c for c in self.changes if c.name == "accuracy")
        if accuracy.direction == "same":
            return text + f" Accuracy stayed at {accuracy.after:.1%}."
        cost = " (a cost)" if accuracy.direction == "worse" else ""
        return text + f" Accuracy went from {accuracy.before:.1%} to {accuracy.after:.1%}{cost}."


def _measures(changes: list[MetricChange]) -> str:
    return "1 fairness measure" if len(changes) == 1 else f"{len(changes)} fairness measures"


def compare_mitigation(before: AuditResult, after: AuditResult) -> MitigationComparison:
    """Every metric before and after a mitigation, each judged better, worse or the same."""
    changes = [MetricChange(name, float(getattr(before, attribute)), float(getattr(after, attribute)), higher, fair)
               for name, attribute, higher, fair in COMPARED_METRICS]
    return MitigationComparison(after.label, changes)
