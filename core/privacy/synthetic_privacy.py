"""How private is a synthetic table? Measured first, then said: every sentence follows from a figure here.

    privacy = measure_privacy(real, train, holdout, synthetic, column_types, identifiers=findings)
    privacy.sentences

- Identifier values replayed: synthetic cells equal to (or, in free text, containing) a real name, e-mail,
  phone, ID number or address from the upload. Must be 0.
- Exact copies: synthetic rows equal to a real row on every learned column.
- Distance to closest record (DCR), with SDMetrics' metrics (their formulas, on core.privacy.closest_record's
  distances): DCROverfittingProtection (are synthetic
  rows closer to the training rows than to holdout rows the generator never saw?) and
  DCRBaselineProtection (how far synthetic rows sit from real ones, against random rows as a yardstick);
  numbers enter as their rank among the real values (see _sdmetrics_frames for why).
- DisclosureProtection (SDMetrics, CAP attack) for a sensitive column: can someone who knows a real
  person's quasi-identifiers guess that column from the synthetic rows better than from chance?
- Real values reused: for continuous columns (not whole numbers, which repeat by nature), the share of
  synthetic values that are exactly a real value of that column, and how many sit exactly on a real
  minimum or maximum (the most telling values).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core.privacy.closest_record import closest_record_distances, random_rows_like
from core.privacy.identifiers import (IdentifierFinding, direct_identifier_columns, identifier_values,
                                      k_anonymity, k_anonymity_words, quasi_identifier_columns,
                                      replayed_identifier_values)
from core.tabular.schema import BOOLEAN, CATEGORICAL, DATETIME, MODELLED_TYPES, NUMERIC

DCR_ROWS = 400  # SDMetrics' DCR compares every pair of rows: this many synthetic rows, measured against
DCR_REFERENCE_ROWS = 800  # at most this many real rows on each side
OVERFITTING_LIMIT = 0.6  # share of synthetic rows closer to training than holdout rows; 0.5 is ideal
DISCLOSURE_FLOOR = 0.5  # CAP protection as a share of chance's
REUSE_LIMIT = 0.01  # share of continuous values that are exact real values
CONTINUOUS_MIN_UNIQUE = 30  # fewer distinct values: a count or a code, where repeats are expected


@dataclass
class PrivacyReport:
    identifier_columns: list[str]
    identifier_values_replayed: int
    exact_copies: int
    synthetic_rows: int
    share_closer_to_training: float | None  # DCROverfittingProtection's percentage; 0.5 is ideal
    overfitting_protection: float | None  # SDMetrics score, 1 best
    baseline_protection: float | None  # SDMetrics score, 1 best
    median_distance_synthetic: float | None
    median_distance_random: float | None
    quasi_identifiers: list[str]
    k_anonymity_real: int | None
    sensitive_column: str | None = None
    disclosure_protection: float | None = None
    real_values_reused: dict[str, float] = field(default_factory=dict)  # column -> share of exact real values
    extremes_copied: dict[str, int] = field(default_factory=dict)  # column -> values on a real min or max
    sentences: list[str] = field(default_factory=list)

    @property
    def reuse_share(self) -> float:
        return max(self.real_values_reused.values(), default=0.0)

    @property
    def no_real_person_found(self) -> bool:
        """Every test passed: the only condition under which the report says no real person was found."""
        return (self.identifier_values_replayed == 0 and self.exact_copies == 0
                and self.share_closer_to_training is not None and self.share_closer_to_training <= OVERFITTING_LIMIT
                and self.reuse_share <= REUSE_LIMIT and sum(self.extremes_copied.values()) == 0
                and (self.disclosure_protection is None or self.disclosure_protection >= DISCLOSURE_FLOOR))

    @property
    def verdict(self) -> str:
        return self.sentences[0] if self.sentences else ""


def _sdmetrics_frames(frames: list[pd.DataFrame], column_types: dict[str, str], ranks_of: pd.DataFrame | None = None):
    """The frames as SDMetrics wants them. With `ranks_of`, numbers become their rank among its values (0 to 1).

    SDMetrics scales a number's distance by the range of the reference rows, so two real samples of the same
    table, one holding an outlier, get different scales and the one with the outlier looks closer; measured on
    HMDA, unseen real rows came out 73% "closer to training". Ranks in one shared real table give both the same.
    """
    columns = [c for c, kind in column_types.items() if kind in MODELLED_TYPES]
    prepared = []
    for frame in frames + ([ranks_of] if ranks_of is not None else []):
        frame = frame[columns].copy()
        for name in columns:
            if column_types[name] == DATETIME:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    moments = pd.to_datetime(frame[name], errors="coerce", format="mixed")
                frame[name] = moments.astype("datetime64[ns]").astype("int64").astype(float).where(moments.notna())
            elif column_types[name] in (CATEGORICAL, BOOLEAN):
                frame[name] = frame[name].astype(str)
            else:
                frame[name] = pd.to_numeric(frame[name], errors="coerce").astype(float)
        prepared.append(frame)
    if ranks_of is not None:
        reference = prepared.pop()
        for name in columns:
            if column_types[name] in (NUMERIC, DATETIME):
                ordered = np.sort(reference[name].dropna().to_numpy())
                for frame in prepared:
                    values = frame[name].to_numpy()
                    middle = (np.searchsorted(ordered, values, "left") + np.searchsorted(ordered, values, "right")) / 2
                    frame[name] = np.where(np.isnan(values), np.nan, middle / max(len(ordered), 1))
    sdtypes = {NUMERIC: "numerical", DATETIME: "numerical", CATEGORICAL: "categorical", BOOLEAN: "categorical"}
    metadata = {"columns": {name: {"sdtype": sdtypes[column_types[name]]} for name in columns}}
    return prepared, metadata


def _dcr(real, train, holdout, synthetic, column_types, seed):
    """SDMetrics' DCROverfittingProtection and DCRBaselineProtection (their formulas, one iteration, no
    subsampling of their own), on distances from core.privacy.closest_record; the random baseline rows are
    seeded, so the same seed gives the same report."""
    (train_x, holdout_x, synthetic_x), _ = _sdmetrics_frames([train, holdout, synthetic], column_types, real)
    numeric = [c for c in train_x.columns if column_types[c] in (NUMERIC, DATETIME)]
    synthetic_x = synthetic_x.sample(n=min(len(synthetic_x), DCR_ROWS), random_state=seed)
    # As many training rows as holdout rows, so "closer to training" is a fair coin when nothing was memorised.
    holdout_x = holdout_x.sample(n=min(len(holdout_x), DCR_REFERENCE_ROWS), random_state=seed)
    comparable_x = train_x.sample(n=min(len(train_x), len(holdout_x)), random_state=seed)
    train_x = train_x.sample(n=min(len(train_x), DCR_REFERENCE_ROWS), random_state=seed)

    to_training = closest_record_distances(synthetic_x, comparable_x, numeric)
    to_holdout = closest_record_distances(synthetic_x, holdout_x, numeric)
    closer = float(np.mean(to_training < to_holdout))
    overfitting = min((1.0 - closer) * 2, 1.0)

    random_x = random_rows_like(train_x, numeric, rows=len(synthetic_x), seed=seed)
    median_synthetic = float(np.median(closest_record_distances(synthetic_x, train_x, numeric)))
    median_random = float(np.median(closest_record_distances(random_x, train_x, numeric)))
    baseline = min(median_synthetic / median_random, 1.0) if median_random else None
    return closer, overfitting, baseline, median_synthetic, median_random


def _finite(value) -> float | None:
    return float(value) if value is not None and np.isfinite(value) else None


def _disclosure(train, synthetic, column_types, sensitive, known):
    from sdmetrics.single_table import DisclosureProtection

    (train_x, synthetic_x), _ = _sdmetrics_frames([train, synthetic], column_types)
    continuous = [c for c in [*known, sensitive] if column_types[c] in (NUMERIC, DATETIME)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = DisclosureProtection.compute_breakdown(
            train_x.head(5000), synthetic_x.head(5000), known_column_names=known, sensitive_column_names=[sensitive],
            continuous_column_names=continuous or None)
    return _finite(result["score"])


def _reuse(real: pd.DataFrame, synthetic: pd.DataFrame, column_types: dict[str, str]):
    reused, extremes = {}, {}
    for name, kind in column_types.items():
        if kind != NUMERIC or name not in synthetic.columns:
            continue
        real_values = pd.to_numeric(real[name], errors="coerce").dropna()
        if real_values.nunique() < CONTINUOUS_MIN_UNIQUE or np.allclose(real_values % 1, 0):
            continue  # whole numbers (ages, counts) repeat by nature: an equal value is no sign of copying
        made = pd.to_numeric(synthetic[name], errors="coerce").dropna()
        if made.empty:
            continue
        reused[name] = float(made.isin(set(real_values)).mean())
        extremes[name] = int(made.isin({real_values.min(), real_values.max()}).sum())
    return reused, extremes


def measure_privacy(real: pd.DataFrame, train: pd.DataFrame, holdout: pd.DataFrame, synthetic: pd.DataFrame,
                    column_types: dict[str, str], identifiers: list[IdentifierFinding] | None = None,
                    sensitive: str | None = None, seed: int = 0,
                    labels: dict[str, str] | None = None) -> PrivacyReport:
    """Every privacy figure of the report, then the sentences they support, naming columns as `labels` say
    (a shipped table's plain words, core.tabular.data_dictionary.column_labels); see the module doc."""
    identifiers = identifiers or []
    modelled = [c for c, kind in column_types.items() if kind in MODELLED_TYPES and c in synthetic.columns]
    replayed = replayed_identifier_values(synthetic, identifier_values(real, identifiers))
    real_keys = set(map(tuple, real[modelled].astype(str).to_numpy()))
    copies = int(sum(row in real_keys for row in map(tuple, synthetic[modelled].astype(str).to_numpy())))
    closer, overfitting, baseline, median_synthetic, median_random = _dcr(real, train, holdout, synthetic, column_types, seed)
    quasi = [c for c in quasi_identifier_columns(identifiers) if c in real.columns]
    disclosure = None
    if sensitive:
        if column_types.get(sensitive) not in MODELLED_TYPES:
            raise ValueError(f"The sensitive column {sensitive!r} must be a column the generator learned.")
        known = [c for c in quasi if c != sensitive and column_types.get(c) in MODELLED_TYPES]
        if not known:
            known = [c for c in modelled if c != sensitive][:3]
        if not known:
            raise ValueError("Measuring disclosure needs at least one other learned column an attacker could know.")
        disclosure = _disclosure(train, synthetic, column_types, sensitive, known)
    reused, extremes = _reuse(real, synthetic, column_types)
    report = PrivacyReport(
        identifier_columns=direct_identifier_columns(identifiers), identifier_values_replayed=replayed,
        exact_copies=copies, synthetic_rows=len(synthetic), share_closer_to_training=closer,
        overfitting_protection=overfitting, baseline_protection=baseline, median_distance_synthetic=median_synthetic,
        median_distance_random=median_random, quasi_identifiers=quasi,
        k_anonymity_real=k_anonymity(real, quasi) if quasi else None, sensitive_column=sensitive,
        disclosure_protection=disclosure, real_values_reused=reused, extremes_copied=extremes)
    report.sentences = privacy_sentences(report, labels)
    return report


def failed_tests(report: PrivacyReport, labels: dict[str, str] | None = None) -> list[str]:
    """Each failed test in a few words, for the headline."""
    said = (labels or {}).get
    failed = []
    if report.identifier_values_replayed:
        failed.append(f"{report.identifier_values_replayed} identifier values of yours replayed")
    if report.exact_copies:
        failed.append(f"{report.exact_copies} copies of real rows")
    if report.share_closer_to_training is None or report.share_closer_to_training > OVERFITTING_LIMIT:
        failed.append("rows closer to the training rows than to unseen ones" if report.share_closer_to_training
                      is not None else "memorisation could not be measured")
    if report.reuse_share > REUSE_LIMIT or sum(report.extremes_copied.values()):
        failed.append("real numbers reused")
    if report.disclosure_protection is not None and report.disclosure_protection < DISCLOSURE_FLOOR:
        failed.append(f"{said(report.sensitive_column, report.sensitive_column)} can be guessed")
    return failed


def privacy_sentences(report: PrivacyReport, labels: dict[str, str] | None = None) -> list[str]:
    """Plain sentences, each a reading of one figure; the reassuring headline only when every test passed."""
    said = (labels or {}).get
    lines = []
    if report.no_real_person_found:
        lines.append("No real person was found in these rows: none of the real table's identifiers, no copied row, "
                     "no real number reused, and no sign that the generator memorised the rows it learned from.")
    else:
        failed = failed_tests(report, labels)
        lines.append(f"Caution: these rows may reveal real people ({'; '.join(failed)}); check before sharing them.")
    if report.identifier_columns:
        lines.append(f"Identifier values replayed: {report.identifier_values_replayed} (names, e-mails, phones, ID "
                     f"numbers and addresses from {', '.join(said(c, c) for c in report.identifier_columns)}; 0 is the only "
                     "safe figure).")
    else:
        lines.append("No identifier columns were found, so no names, e-mails, phones or ID numbers could be replayed.")
    lines.append(f"Exact copies of real rows: {report.exact_copies} of {report.synthetic_rows:,}.")
    if report.share_closer_to_training is not None:
        lines.append(f"{report.share_closer_to_training:.0%} of synthetic rows are closer to a row the generator "
                     f"learned from than to a real row it never saw (about 50% means nothing was memorised; "
                     f"over {OVERFITTING_LIMIT:.0%} is a warning).")
    if report.baseline_protection is not None:
        lines.append(f"Distance from real rows: synthetic rows sit {report.baseline_protection:.0%} as far from "
                     "their nearest real row as random rows do (100% is as far as random rows; faithful synthetic "
                     "rows are nearer, so this is context, not a test).")
    if report.quasi_identifiers:
        k = report.k_anonymity_real
        lines.append("Columns that together can single a person out (quasi-identifiers): "
                     f"{', '.join(said(c, c) for c in report.quasi_identifiers)}. In your table "
                     + ("at least one real person is unique on these alone" if k == 1 else
                        f"every real person shares them with at least {k - 1} other{'s' if k > 2 else ''}")
                     + f" ({k_anonymity_words(k)}).")
    if report.disclosure_protection is not None:
        lines.append(f"Guessing {said(report.sensitive_column, report.sensitive_column)} from these rows for someone whose "
                     f"{'quasi-identifiers' if report.quasi_identifiers else 'other columns'} you know: protection "
                     f"{report.disclosure_protection:.0%} of what chance gives (100% is no better than chance; under "
                     f"{DISCLOSURE_FLOOR:.0%} is a warning).")
    if report.real_values_reused:
        lines.append(_reuse_sentence(report, said))
    return lines


def _reuse_sentence(report: PrivacyReport, said) -> str:
    column = max(report.real_values_reused, key=report.real_values_reused.get)
    share, extremes = report.real_values_reused[column], sum(report.extremes_copied.values())
    if share == 0:
        reused = "no synthetic number is an exact copy of a real value"
    else:
        amount = "under 1%" if share < 0.005 else f"{share:.0%}"
        reused = (f"in {said(column, column)}, {amount} of the synthetic values are exact real values "
                  "(the most of any number column)")
    on_edges = ("no value sits exactly on a real minimum or maximum" if extremes == 0 else
                f"{extremes:,} value{'s sit' if extremes != 1 else ' sits'} exactly on a real minimum or maximum")
    advice = (" (smoothing the numbers avoids this)." if share > REUSE_LIMIT or extremes else ".")
    return f"Real values reused: {reused}; {on_edges}{advice}"
