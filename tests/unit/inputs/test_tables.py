import pandas as pd
import pytest

from core.inputs.tables import TableLimits, read_table


def test_a_ragged_csv_names_the_line_in_a_sentence(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("a,b,c\n1,2,3\n4,5,6\n7,8,9\n10,11,12,13\n14,15,16\n")
    with pytest.raises(ValueError) as caught:
        read_table(path)
    message = str(caught.value)
    assert "Line 5 has 4 values but the header has 3 columns" in message
    assert "tokenizing" not in message and "C error" not in message


def test_parquet_rows_and_columns_are_checked_from_its_metadata_before_decoding(tmp_path):
    path = tmp_path / "t.parquet"
    pd.DataFrame({"a": range(5000), "b": [f"value {i}" for i in range(5000)]}).to_parquet(path, compression="snappy")
    data = bytearray(path.read_bytes())
    middle = len(data) // 3
    data[middle:middle + 400] = bytes(400)  # damage the row data; the footer (metadata) is intact
    path.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="5,000 rows; the limit is 100"):
        read_table(path, TableLimits(max_rows=100))
    with pytest.raises(ValueError, match="2 columns; the limit is 1"):
        read_table(path, TableLimits(max_columns=1))


def test_a_wide_csv_is_refused_from_its_header(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(20)) + "\n" + ",".join("1" * 20) + "\n")
    with pytest.raises(ValueError, match="20 columns; the limit is 10"):
        read_table(path, TableLimits(max_columns=10))


def test_a_long_file_name_is_quoted_briefly(tmp_path):
    path = tmp_path / ("x" * 200 + ".xlsx")
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(ValueError, match="not a CSV or Parquet") as caught:
        read_table(path)
    assert len(str(caught.value)) < 150
