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
    app = AppTest.from_file(CONSOLE, default_timeout=60).run()
    assert not app.exception
    assert app.title[0].value == "Genlab governance console"
    assert int(app.metric[0].value.replace(",", "")) >= 2
    assert [header.value for header in app.subheader] == [
        "Generations over time", "Provenance coverage", "Energy and carbon", "Fairness audits", "Latest generations"]
    assert any("hmda" in str(frame.value.to_dict()) for frame in app.dataframe)
