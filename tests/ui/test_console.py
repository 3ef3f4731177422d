"""The Streamlit governance console, driven with Streamlit's AppTest over the same audit store."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from core.provenance import get_recorder

CONSOLE = str(Path(__file__).resolve().parents[2] / "apps" / "console.py")


def test_the_console_shows_generations_coverage_energy_and_audits():
    recorder = get_recorder()
    with recorder.meter() as meter:
        sum(range(100_000))
    recorder.record_output("a quest", tab="quests", backend="planner", model_id="grammar planner",
                           parameters={"seed": 1}, energy=meter.result)
    recorder.record_output("{}", tab="ethics", backend="audit", model_id="Logistic regression",
                           parameters={"kind": "fairness audit", "dataset": "hmda", "disparate_impact": 0.29})
    from PIL import Image

    recorder.seal_image(Image.new("RGB", (280, 280)), tab="lab", backend="embedded", model_id="lab-gan",
                        parameters={"seed": 1})
    app = AppTest.from_file(CONSOLE, default_timeout=60).run()
    assert not app.exception
    assert app.title[0].value == "Genlab governance console"
    assert int(app.metric[0].value.replace(",", "")) >= 2
    assert [header.value for header in app.subheader] == [
        "Generations over time", "Provenance coverage", "Energy and carbon", "Fairness audits", "Latest generations"]
    assert not any("hmda" in str(frame.value.to_dict()) for frame in app.dataframe)
    # a quest or an audit cannot carry a watermark: not counted as a missing one
    assert app.metric[1].label == "Pictures and texts with a watermark"
    coverage = app.dataframe[0].value
    assert list(coverage.columns)[:2] == ["records", "with a watermark"] and "Quests" in coverage.index
    # a quest's watermark cell says why it is empty (it read "None"); every table is headed in words, the tabs
    # by their titles (a review read "energy_joules", "model_id" and "synthetic_data")
    assert coverage.loc["Quests", "with a watermark"] == "cannot carry one" and not coverage.isna().any().any()
    # the Lab's digits are watermarked pictures: counted as such (it said "cannot carry one" beside their marks)
    assert coverage.loc["Lab", "with a watermark"].endswith("%") and app.metric[1].value != "none yet"
    for frame in app.dataframe:
        headers = " ".join(map(str, frame.value.columns))
        assert "_" not in headers and "joules" not in headers, headers
        if "tab" in frame.value.columns:
            assert {"Quests", "Ethics"} & set(frame.value["tab"]) and all(
                tab[0].isupper() and "_" not in tab for tab in frame.value["tab"])
    # the latest generations say where a mark hides and who signed, as the Ethics tab's log does, not "genlab-mark-v2:…"
    # and "None" as they are stored
    latest = app.dataframe[-1].value
    marks = set(latest["watermark"])
    assert {"hidden in the pixels", "none"} <= marks <= {"hidden in the pixels", "hidden in the word choices", "none"}
    assert "none" in set(latest["Content Credentials"]) and not latest["Content Credentials"].isna().any()
    options = app.sidebar.multiselect[0].options
    assert {"Ethics", "Quests"} <= set(options) and all(o[0].isupper() and "_" not in o for o in options)


def test_the_console_shows_settings_and_prompts_only_with_the_admin_token():
    from core.secrets import secret_text

    record = get_recorder().record_output("{}", tab="ethics", backend="audit", model_id="Logistic regression",
                                          parameters={"kind": "fairness audit", "dataset": "hmda-private"})
    app = AppTest.from_file(CONSOLE, default_timeout=60).run()
    shown = " ".join(str(frame.value.to_dict()) for frame in app.dataframe)
    assert record.id in shown and "hmda-private" not in shown and "output_sha256" not in shown
    app.sidebar.text_input(key="admin_token").input("a guess").run()
    assert app.sidebar.error and "hmda-private" not in " ".join(str(f.value.to_dict()) for f in app.dataframe)
    app.sidebar.text_input(key="admin_token").input(secret_text("admin-token")).run()
    assert not app.exception and not app.sidebar.error
    assert "hmda-private" in " ".join(str(frame.value.to_dict()) for frame in app.dataframe)


def test_the_console_reads_the_shared_postgresql_store_when_the_replicas_use_one(postgres_url, monkeypatch, tmp_path):
    from core.provenance.postgres_store import PostgresAuditStore
    from tests.unit.provenance.test_store import make_record

    record = PostgresAuditStore(postgres_url).add(make_record(tab="molecules", model_id="made-on-another-replica"))
    monkeypatch.setenv("GENLAB_DATABASE_URL", postgres_url)
    monkeypatch.setenv("GENLAB_DATA_DIR", str(tmp_path))  # no SQLite file here: the rows come from PostgreSQL
    app = AppTest.from_file(CONSOLE, default_timeout=60).run()
    assert not app.exception and app.metric[0].value == "1"
    assert record.id in " ".join(str(frame.value.to_dict()) for frame in app.dataframe)
