"""Synthetic rows never carry a real identifier, and the privacy report says only what its figures support."""

import pandas as pd
import pytest

from core.privacy.synthetic_privacy import PrivacyReport, measure_privacy, privacy_sentences
from core.tabular.synthesize import LEAVE_OUT, SynthesisConfig, synthesize
from tests.privacy_tables import DISGUISED, VISIT_COLUMNS, clinic_visits


def identifier_values(table, columns):
    return {str(v).strip().lower() for c in columns for v in table[c].dropna()}


@pytest.mark.parametrize("disguised", [False, True], ids=["plain names", "disguised names"])
def test_a_visits_table_gives_synthetic_rows_with_none_of_its_identifiers(disguised):
    table = clinic_visits(disguised=disguised)
    columns = [DISGUISED[c] if disguised else c for c in VISIT_COLUMNS]
    result = synthesize(table, SynthesisConfig(rows=1000, seed=3), record=False)
    real = identifier_values(table, columns[:-1])
    synthetic_cells = {str(v).strip().lower() for c in result.synthetic.columns for v in result.synthetic[c].dropna()}
    assert not real & synthetic_cells
    assert result.report.privacy.identifier_values_replayed == 0
    notes = columns[-1]
    assert notes not in result.synthetic.columns  # free text is never learned
    for column in columns[:-1]:
        assert column in result.synthetic.columns and result.synthetic[column].notna().all()
    said = " ".join(result.notices)
    for column in columns:
        assert column in said  # the page says which columns were found and what was done
    assert "never learned" in said and "Left out" in said


def test_leaving_identifiers_out_drops_them_and_says_so():
    table = clinic_visits(patients=50, visits=300)
    result = synthesize(table, SynthesisConfig(rows=300, identifiers=LEAVE_OUT), record=False)
    assert not set(VISIT_COLUMNS) & set(result.synthetic.columns)
    assert sum(n.startswith("Left out") for n in result.notices) == len(VISIT_COLUMNS)


def test_the_old_copula_leak_is_closed_repeated_names_were_learned_as_categories():
    """Before: names and e-mails that repeat were 'categorical', so 329 of 1,000 rows carried a real pair."""
    table = clinic_visits(patients=60, visits=600)
    result = synthesize(table, SynthesisConfig(rows=1000, smooth=False), record=False)
    pairs = set(zip(table["patient"], table["email"]))
    assert not pairs & set(zip(result.synthetic["patient"], result.synthetic["email"]))


def test_a_table_replayed_as_is_fails_every_test_and_says_so():
    table = clinic_visits(patients=60, visits=400)
    half = len(table) // 2
    train, holdout = table.iloc[:half], table.iloc[half:]
    column_types = {"age": "numeric", "ward": "categorical", "cost": "numeric", "readmitted": "boolean"}
    from core.privacy.identifiers import find_identifiers

    report = measure_privacy(table, train, holdout, train.copy(), column_types, find_identifiers(table))
    assert report.identifier_values_replayed >= len(train) and report.exact_copies == len(train)
    assert report.share_closer_to_training > 0.9 and report.reuse_share == 1.0
    assert not report.no_real_person_found
    assert report.sentences[0].startswith("Caution") and "No real person" not in " ".join(report.sentences)


def test_the_reassuring_sentence_needs_every_figure_to_pass():
    good = PrivacyReport(identifier_columns=["name"], identifier_values_replayed=0, exact_copies=0,
                         synthetic_rows=1000, share_closer_to_training=0.5, overfitting_protection=1.0,
                         baseline_protection=0.4, median_distance_synthetic=0.1, median_distance_random=0.25,
                         quasi_identifiers=[], k_anonymity_real=None, real_values_reused={"cost": 0.0},
                         extremes_copied={"cost": 0})
    assert privacy_sentences(good)[0].startswith("No real person was found")
    for change in ({"identifier_values_replayed": 1}, {"exact_copies": 2}, {"share_closer_to_training": 0.7},
                   {"real_values_reused": {"cost": 0.4}}, {"extremes_copied": {"cost": 3}},
                   {"sensitive_column": "cost", "disclosure_protection": 0.2}):
        bad = PrivacyReport(**{**good.__dict__, "sentences": [], **change})
        headline = privacy_sentences(bad)[0]
        assert headline.startswith("Caution"), change
    replayed = PrivacyReport(**{**good.__dict__, "identifier_values_replayed": 7})
    assert "Identifier values replayed: 7" in " ".join(privacy_sentences(replayed))


def test_smoothing_stops_the_copula_reusing_real_numbers_and_extremes():
    table = clinic_visits(patients=80, visits=500)
    raw = synthesize(table, SynthesisConfig(rows=1000, smooth=False), record=False).report.privacy
    smooth = synthesize(table, SynthesisConfig(rows=1000, smooth=True), record=False).report.privacy
    assert raw.extremes_copied["cost"] > 0
    assert smooth.extremes_copied["cost"] == 0 and smooth.real_values_reused["cost"] == 0.0
    assert "real number" not in smooth.sentences[0] or smooth.sentences[0].startswith("No real person")


def test_disclosure_protection_is_measured_for_the_column_the_user_picks():
    table = clinic_visits(patients=80, visits=500)
    privacy = synthesize(table, SynthesisConfig(rows=500, sensitive="ward"), record=False).report.privacy
    assert privacy.sensitive_column == "ward" and 0.0 <= privacy.disclosure_protection <= 1.0
    assert any(s.startswith("Guessing ward") for s in privacy.sentences)


def test_the_reuse_sentence_says_none_when_nothing_is_reused_and_names_the_column_when_some_is():
    base = PrivacyReport(identifier_columns=[], identifier_values_replayed=0, exact_copies=0, synthetic_rows=100,
                         share_closer_to_training=0.5, overfitting_protection=1.0, baseline_protection=0.4,
                         median_distance_synthetic=0.1, median_distance_random=0.25, quasi_identifiers=[],
                         k_anonymity_real=None, real_values_reused={"cost": 0.0, "age": 0.0},
                         extremes_copied={"cost": 0, "age": 0})

    def reuse(report, labels=None):
        return next(s for s in privacy_sentences(report, labels) if s.startswith("Real values reused"))

    nothing = reuse(base)
    assert "no synthetic number is an exact copy of a real value" in nothing
    assert "no value sits exactly on a real minimum or maximum" in nothing and "0%" not in nothing
    some = reuse(PrivacyReport(**{**base.__dict__, "real_values_reused": {"cost": 0.003, "age": 0.25},
                                  "extremes_copied": {"cost": 1, "age": 0}}), {"age": "age in years (age)"})
    assert "in age in years (age), 25% of the synthetic values are exact real values" in some
    assert "1 value sits exactly" in some and "smoothing the numbers avoids this" in some
    tiny = reuse(PrivacyReport(**{**base.__dict__, "real_values_reused": {"cost": 0.003}}))
    assert "under 1% of the synthetic values" in tiny


def test_the_look_alike_sentence_says_what_k_anonymity_measures_and_matches_it():
    base = PrivacyReport(identifier_columns=[], identifier_values_replayed=0, exact_copies=0, synthetic_rows=100,
                         share_closer_to_training=0.5, overfitting_protection=1.0, baseline_protection=0.4,
                         median_distance_synthetic=0.1, median_distance_random=0.25, quasi_identifiers=["age", "zip"],
                         k_anonymity_real=1, real_values_reused={}, extremes_copied={})

    def alike(report):
        return next(s for s in privacy_sentences(report, {"zip": "postcode (zip)"}) if "quasi-identifiers" in s)

    assert alike(base) == ("Columns that together can single a person out (quasi-identifiers): age, postcode (zip). "
                           "In your table at least one real person is unique on these alone (the smallest group of "
                           "rows sharing them, called k-anonymity: 1 row).")
    assert alike(PrivacyReport(**{**base.__dict__, "k_anonymity_real": 4})).endswith(
        "every real person shares them with at least 3 others (the smallest group of rows sharing them, called "
        "k-anonymity: 4 rows).")
