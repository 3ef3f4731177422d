"""Who made each audit row (an opaque id of the browser session), and who may read its content."""

import hashlib
import hmac
import json

import pandas as pd

from core import torch_thread
from core.ethics.transparency import filter_log
from core.provenance import ProvenanceRecorder
from core.provenance.visitors import (
    MADE_BY, PUBLIC_COLUMNS, Viewer, current_visitor, for_session, is_admin_token, visible_log, visitor_id,
)
from core.secrets import secret, secret_text

SESSION_A, SESSION_B = "sessionaaaa1", "sessionbbbb2"


def _record(recorder, prompt, tab="writing"):
    return recorder.record_output(prompt, tab=tab, backend="embedded", model_id="poet",
                                  parameters={"prompt": prompt, "temperature": 0.8})


def test_the_visitor_id_is_an_hmac_of_the_session_under_the_deployments_key(tmp_path):
    expected = hmac.new(secret("visitor", tmp_path), SESSION_A.encode(), hashlib.sha256).hexdigest()[:32]
    assert visitor_id(SESSION_A, tmp_path) == expected == visitor_id(SESSION_A, tmp_path)
    assert visitor_id(SESSION_B, tmp_path) != expected
    assert visitor_id(SESSION_A, tmp_path / "another deployment") != expected


def test_a_row_records_the_session_it_was_made_in_as_an_opaque_id_and_never_the_session(tmp_path):
    recorder = ProvenanceRecorder(tmp_path)
    with for_session(SESSION_A):
        assert current_visitor(tmp_path) == visitor_id(SESSION_A, tmp_path)
        mine = _record(recorder, "a sonnet about herons")
    nobodys = _record(recorder, "a limerick")
    assert recorder.store.get(mine.id).visitor == visitor_id(SESSION_A, tmp_path)
    assert recorder.store.get(nobodys.id).visitor is None and current_visitor(tmp_path) is None
    assert SESSION_A not in recorder.store.path.read_bytes().decode("latin-1")


def test_the_session_follows_work_handed_to_the_torch_thread(tmp_path):
    recorder = ProvenanceRecorder(tmp_path)
    with for_session(SESSION_B):
        record = torch_thread.run(_record, recorder, "made on the torch thread")
        alone = torch_thread.run_alone(_record, recorder, "made on a long-job thread")
    assert recorder.store.get(record.id).visitor == visitor_id(SESSION_B, tmp_path)
    assert recorder.store.get(alone.id).visitor == visitor_id(SESSION_B, tmp_path)


def _log(tmp_path):
    recorder = ProvenanceRecorder(tmp_path)
    with for_session(SESSION_A):
        _record(recorder, "herons at dawn")
    with for_session(SESSION_B):
        _record(recorder, "a quest for the sunstone", tab="quests")
    _record(recorder, "made by a script")
    return recorder.store.to_frame()


def test_a_visitor_reads_the_content_of_their_own_rows_only(tmp_path):
    log = _log(tmp_path)
    shown = visible_log(log, Viewer(visitor=visitor_id(SESSION_A, tmp_path)))
    assert list(shown.columns) == PUBLIC_COLUMNS + ["made_by", "parameters"]
    by_prompt = {row.made_by: row.parameters for row in shown.itertuples()}
    assert json.loads(by_prompt[MADE_BY["own"]])["prompt"] == "herons at dawn"
    assert by_prompt[MADE_BY["other"]] == "" and by_prompt[MADE_BY["unknown"]] == ""
    assert "sunstone" not in shown.to_csv() and "script" not in shown.to_csv()
    assert shown["tab"].tolist() == log["tab"].tolist() and shown["id"].tolist() == log["id"].tolist()


def test_a_caller_without_a_session_reads_no_content_and_the_operator_reads_all(tmp_path):
    log = _log(tmp_path)
    anonymous = visible_log(log, Viewer(visitor=None))
    assert (anonymous["parameters"] == "").all() and MADE_BY["own"] not in anonymous["made_by"].tolist()
    operator = visible_log(log, Viewer(visitor=None, admin=True))
    assert {json.loads(text)["prompt"] for text in operator["parameters"]} == {
        "herons at dawn", "a quest for the sunstone", "made by a script"}
    assert set(operator["visitor"]) == {visitor_id(SESSION_A, tmp_path), visitor_id(SESSION_B, tmp_path), ""}


def test_a_search_never_matches_content_the_caller_cannot_see(tmp_path):
    log = _log(tmp_path)
    visitor_a = Viewer(visitor=visitor_id(SESSION_A, tmp_path))
    assert filter_log(visible_log(log, visitor_a), text="sunstone").empty
    assert filter_log(visible_log(log, visitor_a), text="herons")["made_by"].tolist() == [MADE_BY["own"]]
    assert filter_log(visible_log(log, visitor_a), text=visitor_id(SESSION_B, tmp_path)[:12]).empty
    assert len(filter_log(visible_log(log, Viewer(admin=True)), text="sunstone")) == 1


def test_searching_an_empty_log_or_finding_nothing_returns_no_rows_instead_of_failing(tmp_path):
    empty = ProvenanceRecorder(tmp_path).store.to_frame()
    assert filter_log(visible_log(empty, Viewer()), text="anything").empty
    assert filter_log(empty, text="anything").empty
    log = visible_log(_log(tmp_path / "used"), Viewer())
    assert filter_log(log, tab="art", text="herons").empty
    assert filter_log(log, since="2999-01-01", text="x").empty


def test_only_the_admin_token_itself_opens_the_log(tmp_path):
    token = secret_text("admin-token", tmp_path)
    assert len(token) >= 32 and is_admin_token(token, tmp_path) and is_admin_token(f" {token}\n", tmp_path)
    assert not is_admin_token("", tmp_path) and not is_admin_token(None, tmp_path)
    assert not is_admin_token(token[:-1], tmp_path) and not is_admin_token(token + "0", tmp_path)


def test_the_operators_environment_variable_is_the_admin_token(tmp_path, monkeypatch):
    monkeypatch.setenv("GENLAB_ADMIN_TOKEN", "correct horse battery staple")
    assert is_admin_token("correct horse battery staple", tmp_path)
    assert not is_admin_token("correct horse", tmp_path)
    assert not (tmp_path / "secrets" / "admin-token").exists()


def test_a_frame_without_a_visitor_column_shows_no_content_to_visitors():
    old = pd.DataFrame([{column: "x" for column in PUBLIC_COLUMNS} | {"parameters": '{"prompt": "p"}'}])
    assert visible_log(old, Viewer(visitor="ab" * 16))["parameters"].tolist() == [""]


def test_a_since_that_is_not_a_date_is_a_sentence_not_a_silent_comparison():
    import pandas as pd
    import pytest

    log = pd.DataFrame({"tab": ["art", "art"], "created_at": ["2026-01-02T10:00:00", "2026-06-01T10:00:00"]})
    assert len(filter_log(log, since="2026-05-01")) == 1
    for typed in ("yesterday", "1/5/2026"):
        with pytest.raises(ValueError, match="is not a date; write it as YYYY-MM-DD"):
            filter_log(log, since=typed)
