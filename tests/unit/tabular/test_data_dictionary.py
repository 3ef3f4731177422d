from core.tabular.data_dictionary import DICTIONARIES, dictionary_markdown
from core.tabular.datasets import load_dataset


def test_every_column_of_the_shipped_tables_with_codes_for_names_is_explained():
    for dataset, dictionary in DICTIONARIES.items():
        columns = [str(column) for column in load_dataset(dataset).columns]
        assert set(columns) == set(dictionary), dataset  # no column left unexplained, none invented
    assert "- **lvrat**: loan-to-value ratio" in dictionary_markdown("hmda", ["deny", "lvrat"])
    assert dictionary_markdown("upload", ["x"]) == ""
