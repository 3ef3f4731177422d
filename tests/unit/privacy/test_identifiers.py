"""Personal data is found by name and by value, repeated or not, and plain columns are left alone."""

import pandas as pd
import pytest

from core.privacy.identifiers import (ADDRESS, DATE, EMAIL, ID_NUMBER, NAME, NOTES, PHONE, find_identifiers,
                                      identifiers_in_text, k_anonymity)
from core.tabular.datasets import DATASETS
from tests.privacy_tables import DISGUISED, VISIT_COLUMNS, clinic_visits


def kinds(table):
    return {f.column: f.kind for f in find_identifiers(table)}


def test_a_visits_table_with_repeated_people_is_found_by_column_name():
    table = clinic_visits()
    assert table["patient"].nunique() < len(table)  # names and e-mails repeat: they are not unique keys
    found = kinds(table)
    assert {column: found[column] for column in VISIT_COLUMNS} == VISIT_COLUMNS


def test_columns_whose_names_say_nothing_are_found_by_their_values():
    found = kinds(clinic_visits(disguised=True))
    assert {DISGUISED[column]: kind for column, kind in VISIT_COLUMNS.items()} == {
        column: found[column] for column in (DISGUISED[c] for c in VISIT_COLUMNS)}
    assert found[DISGUISED["visit_date"]] == DATE
    assert DISGUISED["ward"] not in found and DISGUISED["cost"] not in found


@pytest.mark.parametrize("values, kind", [
    (["ann.lee@example.org", "bo@chan.net", "ann.lee@example.org"] * 10, EMAIL),
    (["+44 20 7946 0958", "020 7946 0000", "+1 (415) 555-0100"] * 10, PHONE),
    (["078-05-1120", "219-09-9999", "457-55-5462"] * 10, ID_NUMBER),
    (["QQ 12 34 56 C", "AB123456D", "JG 10 37 62 A"] * 10, ID_NUMBER),
    (["12 High Street", "4 Mill Lane", "221B Baker Street", "9 Elm Road", "7 Station Road", "31 Park Avenue",
      "5 Church Lane", "2 Victoria Road", "88 Green Lane", "14 Manor Way"] * 3, ADDRESS),
    (["Mary Smith", "James Johnson", "Patricia Brown", "Robert Jones", "Jennifer Garcia", "Michael Miller",
      "Linda Davis", "David Wilson", "Susan Moore", "Thomas Taylor"] * 3, NAME),
])
def test_each_kind_of_identifier_is_recognised_by_value(values, kind):
    assert kinds(pd.DataFrame({"x": values})) == {"x": kind}


def test_free_text_that_mentions_people_is_found():
    notes = [f"Called {name} about the invoice on 020 7946 0{i:03d}." for i, name in
             enumerate(["Mary Smith", "James Johnson", "Linda Davis"] * 5)]
    assert kinds(pd.DataFrame({"remarks_1": notes})) == {"remarks_1": NOTES}
    assert "Mary Smith" in identifiers_in_text(notes[0])


def test_ordinary_columns_are_not_mistaken_for_personal_data():
    table = pd.DataFrame({"colour": ["red", "green", "blue"] * 20, "city": ["London", "Paris", "Leeds"] * 20,
                          "amount": range(60), "answer": ["yes", "no", "yes"] * 20})
    assert kinds(table) == {}
    for key in ("hmda", "breast_cancer"):
        assert not [f for f in find_identifiers(DATASETS[key].loader()) if f.direct], key


def test_k_anonymity_is_the_smallest_group_sharing_the_quasi_identifiers():
    table = pd.DataFrame({"age": [30, 30, 40, 40, 40], "zip": ["A", "A", "B", "B", "C"]})
    assert k_anonymity(table, ["age"]) == 2
    assert k_anonymity(table, ["age", "zip"]) == 1


def test_the_plan_says_what_its_k_anonymity_is_in_words_beside_the_figure():
    from core.privacy.plan import plan_identifiers

    plan = plan_identifiers(clinic_visits(patients=40, visits=120))
    sentence = next(s for s in plan.sentences if "quasi-identifiers" in s)
    k = plan.k_anonymity
    assert sentence.startswith("Columns that together can single a person out (quasi-identifiers), learned: "
                               + ", ".join(plan.quasi_identifiers) + ".")
    assert sentence.endswith(f"(the smallest group of rows sharing them, called k-anonymity: {k} "
                             f"row{'s' if k > 1 else ''}).")
    assert ("someone is unique on these alone" in sentence) == (k == 1)
