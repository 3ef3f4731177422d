import pandas as pd
import pytest

from core.tabular.reading import read_table


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def good_rows(n=60, separator=","):
    return "\n".join([separator.join(["a", "b", "c"])] + [separator.join([str(i), str(i * 2), "x"]) for i in range(n)])


def test_csv_with_semicolons_and_parquet_are_read(tmp_path):
    table = read_table(write(tmp_path, "t.csv", good_rows(separator=";").encode()))
    assert list(table.columns) == ["a", "b", "c"] and len(table) == 60
    pd.DataFrame({"a": range(60), "b": range(60)}).to_parquet(tmp_path / "t.parquet")
    assert len(read_table(tmp_path / "t.parquet")) == 60


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("empty.csv", b"", "empty"),
        ("one.csv", ("only\n" + "\n".join(map(str, range(60)))).encode(), "only one column"),
        ("latin.csv", good_rows().replace("x", "caf\xe9").encode("latin-1"), "UTF-8"),
        ("binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00" + bytes(200), "not text"),
        ("few.csv", good_rows(5).encode(), "at least 50"),
        ("table.xlsx", b"PK\x03\x04", "not a CSV or Parquet"),
        ("broken.parquet", b"PAR1 not really", "Parquet"),
        ("header.csv", b"a,b,c\n", "no rows"),
    ],
)
def test_bad_files_get_a_clear_message(tmp_path, name, data, message):
    with pytest.raises(ValueError, match=message):
        read_table(write(tmp_path, name, data))


def test_too_many_columns_is_refused(tmp_path):
    header = ",".join(f"c{i}" for i in range(101))
    rows = "\n".join(",".join("1" for _ in range(101)) for _ in range(60))
    with pytest.raises(ValueError, match="101 columns"):
        read_table(write(tmp_path, "wide.csv", f"{header}\n{rows}".encode()))
