import pandas as pd
import pytest

from core.tabular.datasets import DATASETS, load_dataset
from core.tabular.schema import describe_columns, detect_column_type


@pytest.mark.parametrize("key", list(DATASETS))
def test_every_shipped_table_loads_offline_with_its_target_and_groups(key):
    info = DATASETS[key]
    table = load_dataset(key)
    assert len(table) >= 200 and len(table.columns) >= 10
    assert info.target in table.columns and info.positive in set(table[info.target].astype(str))
    assert info.protected is None or info.protected in table.columns
    assert info.licence and info.source


def test_column_types_are_detected_the_way_a_person_would_label_them():
    table = pd.DataFrame({
        "customer_id": range(1000, 1100),
        "age": [20 + i % 50 for i in range(100)],
        "income": [1000.5 * i for i in range(100)],
        "approved": ["yes", "no"] * 50,
        "city": ["Leeds", "York", "Hull", "Bath"] * 25,
        "joined": pd.date_range("2020-01-01", periods=100).strftime("%Y-%m-%d"),
        "comment": [f"customer {i} wrote a long and detailed note about the service" for i in range(100)],
    })
    types = {c.name: c.type for c in describe_columns(table)}
    assert types == {"customer_id": "identifier", "age": "numeric", "income": "numeric", "approved": "boolean",
                     "city": "categorical", "joined": "datetime", "comment": "free text"}


def test_a_user_override_wins_and_a_bad_type_is_named():
    table = pd.DataFrame({"grade": [1, 2, 3] * 20, "x": range(60)})
    assert describe_columns(table, {"grade": "categorical"})[0].type == "categorical"
    with pytest.raises(ValueError, match="grade"):
        describe_columns(table, {"grade": "colour"})


def test_an_all_missing_column_does_not_crash_detection():
    assert detect_column_type("empty", pd.Series([None] * 10)) == "categorical"
