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
    assert rows["headers"] == ["patient_id", "age", "smoker"]
    fake_ids = {int(row[0]) for row in rows["data"]}
    assert len(fake_ids) == 50 and not fake_ids & set(table["patient_id"])
    assert any(notice.startswith("patient_id is never learned: it gets fake ID numbers") for notice in report["notices"])
    assert any("notes (free text)" in notice for notice in report["notices"])


def test_a_visits_table_under_meaningless_column_names_comes_back_without_any_real_identifier(client, tmp_path):
    from gradio_client import handle_file

    from tests.privacy_tables import DISGUISED, clinic_visits

    table = clinic_visits(disguised=True)
    path = tmp_path / "export.csv"
    table.to_csv(path, index=False)
    rows, report, files = client.predict(dataset="Upload your own file", upload=handle_file(str(path)),
                                         generator="Gaussian copula", rows=1000, seed=0, api_name="/synthesize")
    identifiers = [DISGUISED[c] for c in ("patient", "email", "phone", "ssn", "address")]
    real = {str(v).lower() for c in identifiers for v in table[c]}
    headers = rows["headers"]
    assert set(identifiers) <= set(headers) and DISGUISED["notes"] not in headers
    assert not real & {str(v).lower() for row in rows["data"] for v in row}
    privacy = report["privacy"]
    assert privacy["identifier_values_replayed"] == 0 and privacy["exact_copies"] == 0
    assert set(privacy["identifier_columns"]) == set(identifiers) | {DISGUISED["notes"]}
    assert any(notice.startswith("Personal data found: c1: name") for notice in report["notices"])
    with open(next(f for f in files if f.endswith(".csv"))) as handle:
        assert not real & {v.lower() for line in csv.reader(handle) for v in line}
