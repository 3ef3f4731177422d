import csv
import json


def test_synthesize_hmda_with_the_copula_returns_rows_report_and_files(client):
    rows, report, files = client.predict(
        dataset="hmda", upload=None, generator="Gaussian copula", rows=400, seed=7, target="deny", protected="afam",
        api_name="/synthesize",
    )
    assert rows["headers"][0] == "deny" and len(rows["data"]) == 400
    assert report["quality_score"] > 0.85 and report["rows"] == 400 and report["audit_record"]
    assert report["fairness"]["protected"] == "afam"
    csv_file = next(f for f in files if f.endswith(".csv"))
    with open(csv_file) as handle:
        assert sum(1 for _ in csv.reader(handle)) == 401
    json_file = next(f for f in files if f.endswith(".json"))
    with open(json_file) as handle:
        assert json.load(handle)["quality_score"] == report["quality_score"]


def test_synthesize_can_fix_a_value_to_rebalance_a_rare_class(client):
    rows, report, _ = client.predict(
        dataset="hmda", upload=None, generator="Gaussian copula", rows=200, seed=1, target="deny",
        fixed_column="deny", fixed_value="yes", api_name="/synthesize",
    )
    deny = rows["headers"].index("deny")
    assert {row[deny] for row in rows["data"]} == {"yes"}
    assert any("Every synthetic row has deny = yes" in notice for notice in report["notices"])


def test_a_broken_upload_gets_a_plain_message(client, tmp_path):
    import pytest
    from gradio_client import handle_file
    from gradio_client.exceptions import AppError

    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(100))
    with pytest.raises(AppError, match="not text"):
        client.predict(dataset="Upload your own file", upload=handle_file(str(broken)), generator="Gaussian copula",
                       rows=10, seed=0, api_name="/synthesize")


def test_an_uploaded_table_with_id_and_text_columns_is_learned_without_them(client, tmp_path):
    import numpy as np
    import pandas as pd
    from gradio_client import handle_file

    rng = np.random.default_rng(0)
    table = pd.DataFrame({
        "patient_id": range(5000, 5200),
        "age": rng.integers(20, 90, 200),
        "smoker": rng.choice(["yes", "no"], 200),
        "notes": [f"patient {i} reported mild symptoms after the second visit" for i in range(200)],
    })
    path = tmp_path / "patients.csv"
    table.to_csv(path, index=False)
    rows, report, _ = client.predict(dataset="Upload your own file", upload=handle_file(str(path)),
                                     generator="Gaussian copula", rows=50, seed=0, target="smoker",
                                     api_name="/synthesize")
    assert rows["headers"] == ["age", "smoker"]
    assert any("patient_id (identifier)" in notice for notice in report["notices"])
    assert any("notes (free text)" in notice for notice in report["notices"])
