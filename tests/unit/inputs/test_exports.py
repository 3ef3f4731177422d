import csv

import pandas as pd

from core.inputs.exports import neutralise_formulas, write_csv


def test_formula_cells_and_headers_are_neutralised_numbers_are_not(tmp_path):
    table = pd.DataFrame({"name": ["=HYPERLINK(\"http://x\")", "+1+2", "-3+4", "@SUM(A1)", "\tcmd", "\rcmd", "Ann"],
                          "=cmd|' /C calc'!A0": [-5, 1, 2, 3, 4, 5, 6]})
    path = write_csv(table, tmp_path / "out.csv")
    rows = list(csv.reader(path.open(newline="")))
    assert rows[0] == ["name", "'=cmd|' /C calc'!A0"]
    assert [row[0] for row in rows[1:]] == ["'=HYPERLINK(\"http://x\")", "'+1+2", "'-3+4", "'@SUM(A1)", "'\tcmd",
                                            "'\rcmd", "Ann"]
    assert rows[1][1] == "-5"
    assert table.iloc[0, 0].startswith("=")  # the caller's table is left alone


def test_a_text_column_holding_a_negative_number_as_text_is_neutralised():
    assert neutralise_formulas(pd.DataFrame({"code": ["-12", "7"]}))["code"].tolist() == ["'-12", "7"]
