"""The audit log through the API, as two visitors and the operator see it: each row's public columns for
everyone, its settings and prompt only in the session that made it, or with the admin token."""

import pandas as pd
import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

from core.provenance.visitors import MADE_BY
from core.secrets import secret_text
from core.text.writer import writer_available
from tests.status_lines import record_id

WORD = "zanzibarquill"  # appears in nothing but the prompts these tests type


def _rows(table) -> pd.DataFrame:
    return pd.DataFrame(table["data"], columns=table["headers"])


@pytest.fixture(scope="module")
def visitors(app_url):
    return Client(app_url, verbose=False), Client(app_url, verbose=False)


@pytest.fixture(scope="module")
def quest_record(visitors):
    visitor_a, _ = visitors
    _, card, _, _ = visitor_a.predict(objective=f"find the {WORD}", seed=11, api_name="/quest")
    return record_id(card)


def test_the_visitor_who_made_a_quest_reads_its_prompt_in_the_log(visitors, quest_record):
    visitor_a, _ = visitors
    table, _, _, csv_file = visitor_a.predict(tab="quests", text=WORD, since="", api_name="/audit_log")
    rows = _rows(table)
    assert rows["record"].tolist() == [quest_record]
    assert rows["made in"].tolist() == [MADE_BY["own"]] and WORD in rows["settings and prompt"][0]
    assert WORD in pd.read_csv(csv_file)["parameters"][0]


def test_another_visitor_sees_the_row_without_its_prompt_and_cannot_find_it_by_searching(visitors, quest_record):
    _, visitor_b = visitors
    table, _, _, csv_file = visitor_b.predict(tab="quests", text="", since="", api_name="/audit_log")
    row = _rows(table).set_index("record").loc[quest_record]
    assert row["tab"] == "Quests" and row["model"] == "grammar planner" and row["made in"] == MADE_BY["other"]
    assert row["settings and prompt"] in ("", None) and WORD not in str(table)
    assert WORD not in open(csv_file).read() and "visitor" not in pd.read_csv(csv_file).columns
    searched, _, _, searched_csv = visitor_b.predict(tab="", text=WORD, since="", api_name="/audit_log")
    assert searched["data"] == [] and pd.read_csv(searched_csv).empty


def test_the_operator_with_the_admin_token_finds_every_visitors_prompt(visitors, quest_record):
    _, visitor_b = visitors
    table, _, _, csv_file = visitor_b.predict(tab="", text=WORD, since="", admin_token=secret_text("admin-token"),
                                              api_name="/audit_log")
    rows = _rows(table)
    assert quest_record in rows["record"].tolist() and WORD in " ".join(rows["settings and prompt"])
    assert rows["visitor id"].str.fullmatch(r"[0-9a-f]{32}").all()
    assert WORD in open(csv_file).read()


def test_a_wrong_admin_token_is_refused_in_plain_words(visitors):
    _, visitor_b = visitors
    with pytest.raises(AppError, match="not the admin token"):
        visitor_b.predict(tab="", text="", since="", admin_token="guess", api_name="/audit_log")


def test_searching_for_what_no_row_holds_returns_an_empty_log(visitors):
    _, visitor_b = visitors
    table, _, _, csv_file = visitor_b.predict(tab="no such tab", text="nothing like this", since="",
                                              api_name="/audit_log")
    assert table["data"] == [] and pd.read_csv(csv_file).empty


@pytest.mark.skipif(not writer_available(), reason="the writing tab's model is not on this machine")
def test_text_streamed_from_the_torch_thread_is_attributed_to_the_session_that_asked(visitors):
    visitor_a, visitor_b = visitors
    outputs = list(visitor_b.submit(mode="Poem", theme=f"the {WORD} at dusk", form="Quatrain", seed=5,
                                    max_new_tokens=30, api_name="/write"))
    record = record_id(outputs[-1][1])
    own = _rows(visitor_b.predict(tab="writing", text=record, since="", api_name="/audit_log")[0])
    assert own["made in"].tolist() == [MADE_BY["own"]] and WORD in own["settings and prompt"][0]
    other = _rows(visitor_a.predict(tab="writing", text=record, since="", api_name="/audit_log")[0])
    assert other["made in"].tolist() == [MADE_BY["other"]] and WORD not in str(other.to_dict())


def _about(info: dict) -> str:
    from apps.about import kept_markdown

    return kept_markdown(info)


def test_the_about_tab_says_run_history_is_off_as_it_is_and_names_every_column_the_store_keeps(app_url, client):
    import httpx

    from core.provenance import get_recorder

    assert httpx.get(f"{app_url}/config").json()["run_history"] is False
    info = client.predict(api_name="/suite_info")
    text = _about(info)
    assert info["kept"]["run_history"] is False and "run history is off" in text and "/gradio_api/runs" not in text
    assert info["kept"]["audit_columns"] == get_recorder().store.columns() and "visitor" in info["kept"]["audit_columns"]
    assert "the settings and prompt" in text and "opaque id of the browser session" in text


@pytest.mark.skipif(not __import__("apps.art", fromlist=["available"]).available(), reason="no art model here")
def test_a_picture_carries_its_prompt_in_its_metadata_as_the_about_tab_says(client):
    from core.provenance import read_png_metadata

    _, gallery, _ = client.predict(prompt=f"a {WORD} over a lake", seed=2, steps=4, api_name="/generate_image")
    document = read_png_metadata(open(gallery[0]["image"], "rb").read())
    assert document["parameters"]["prompt"] == f"a {WORD} over a lake" and document["record_id"]
    assert "prompt and every setting" in _about(client.predict(api_name="/suite_info"))


def test_run_history_is_on_only_when_the_operator_turns_it_on_and_the_about_tab_says_so(monkeypatch):
    import gradio as gr
    import httpx

    from apps import about
    from apps.ui import launch_options, prepare
    from tests.conftest import free_port

    assert launch_options()["run_history"] is False
    monkeypatch.setenv("GENLAB_RUN_HISTORY", "1")
    with gr.Blocks() as blocks:
        about.render()
    _, url, _ = prepare(blocks).launch(prevent_thread_lock=True, quiet=True, **launch_options(port=free_port()))
    try:
        assert httpx.get(f"{url.rstrip('/')}/config").json()["run_history"] is True
        info = Client(url, verbose=False).predict(api_name="/suite_info")
        assert info["kept"]["run_history"] is True and "/gradio_api/runs" in _about(info)
    finally:
        blocks.close()
