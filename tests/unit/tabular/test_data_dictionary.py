from core.tabular.data_dictionary import DICTIONARIES, dictionary_markdown
from core.tabular.datasets import load_dataset


def test_every_column_of_the_shipped_tables_with_codes_for_names_is_explained():
    for dataset, dictionary in DICTIONARIES.items():
        columns = [str(column) for column in load_dataset(dataset).columns]
        assert set(columns) == set(dictionary), dataset  # no column left unexplained, none invented
    # the file's own names are given here, beside the plain words the pickers and sentences use
    assert "- **loan-to-value ratio** (`lvrat` in the file): loan-to-value ratio" in dictionary_markdown("hmda", ["deny", "lvrat"])
    assert dictionary_markdown("upload", ["x"]) == ""


def test_column_pickers_show_plain_words_and_pass_the_columns_own_name():
    from apps.ethics import on_audit_source
    from apps.synthetic_data import on_source_change
    from core.tabular.data_dictionary import column_choices

    assert column_choices("hmda", ["deny", "lvrat", "afam", "unemp"]) == [
        ("denied", "deny"), ("loan-to-value ratio", "lvrat"), ("African-American", "afam"),
        ("industry unemployment rate", "unemp")]
    # a meaning's head when it is short ("consumer credit score, 1 (no slow payments)..."); a column whose name is
    # already a word of its meaning ("age of the worker") or whose meaning is a question or a long sentence: alone
    assert column_choices("hmda", ["chist", "hirat"]) == [("consumer credit score", "chist"),
                                                          ("housing-expense-to-income ratio", "hirat")]
    assert column_choices("wage", ["age", "logwage"]) == [("age", "age"),
                                                          ("natural logarithm of the wage", "logwage")]
    assert column_choices("credit_card", ["share"]) == [("share", "share")]
    assert column_choices("upload", ["age"]) == [("age", "age")]
    target = on_source_change("hmda", None)[3]
    assert ("denied", "deny") in target["choices"] and target["value"] == "deny"
    protected = on_audit_source("hmda", None)[3]
    assert ("African-American", "afam") in protected["choices"] and protected["value"] == ["afam"]


def test_no_picker_or_sentence_shows_a_columns_code_in_brackets_unless_two_columns_read_alike():
    """Review 11 read "denied (deny)" and "African-American (afam)" as jargon, as every review before it."""
    from core.tabular.data_dictionary import column_labels

    for dataset, dictionary in DICTIONARIES.items():
        labels = column_labels(dataset, list(dictionary))
        assert not any(label.endswith(f"({column})") for column, label in labels.items()), dataset
        assert len(set(labels.values())) == len(labels), dataset
    assert column_labels("hmda", ["afam", "x_afam"]) == {"afam": "African-American", "x_afam": "x_afam"}


def test_every_shipped_columns_axis_label_is_a_few_whole_words_each_different():
    from core.tabular.data_dictionary import AXIS_LABEL_LENGTH, DICTIONARIES, axis_labels

    for dataset, dictionary in DICTIONARIES.items():
        labels = axis_labels(dataset, dictionary)
        assert len(labels) == len(dictionary) and len(set(labels.values())) == len(labels), dataset
        for column, label in labels.items():
            assert len(label) <= AXIS_LABEL_LENGTH and not label.endswith("…"), (dataset, column, label)


def test_no_shipped_tables_description_names_a_column_by_its_code():
    """Review 11 read "`afam` marks African-American applicants" in the Boston table's description as a code."""
    from core.tabular.datasets import DATASETS

    assert not [info.key for info in DATASETS.values() if "`" in info.description]
