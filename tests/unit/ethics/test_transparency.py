"""The Article 50 checklist and the record count, held to the audit store they are read from."""

import hashlib

import pandas as pd

import pytest

from core.ethics.carbon import energy_summary
from core.ethics.transparency import article_50_checklist, model_written_text
from core.provenance.store import AuditRecord, SQLiteAuditStore
from core.quests.enrich import FLAVOUR_KIND

DISCLOSURES = {"Art": "Pictures are made by AI.", "Writing": "Texts are written by AI.",
               "Quests": "Flavour lines are written by AI."}
FINGERPRINT = hashlib.sha256(b"output").hexdigest()


@pytest.fixture
def store(tmp_path):
    return SQLiteAuditStore(tmp_path / "audit.db")


def add(store, tab, *, backend="embedded", parameters=None, watermark=None, credentials=None, joules=None,
        **fields) -> AuditRecord:
    record = AuditRecord(tab=tab, backend=backend, model_id=fields.pop("model_id", "m"), parameters=parameters or {},
                         output_sha256=fields.pop("output_sha256", FINGERPRINT), energy_joules=joules,
                         content_credentials=credentials, **fields)
    if watermark == "own":
        record.watermark = f"green-list:{record.id}"
    elif watermark:
        record.watermark = watermark
    return store.add(record)


def items(store, disclosures=DISCLOSURES) -> list:
    return article_50_checklist(store, disclosures)


def find(found: list, words: str):
    return next(item for item in found if words.lower() in item.requirement.lower())


def test_an_empty_store_meets_no_duty_by_default(store):
    found = items(store)
    assert find(found, "pictures").status == "not applicable yet"
    assert find(found, "texts").status == "not applicable yet"
    assert find(found, "Other outputs").status == "not applicable yet"
    # before: "met" whenever the store's file existed, which it always does once opened
    assert find(found, "Logs are kept").status == "not applicable yet"
    assert "no record yet" in find(found, "Logs are kept").evidence


def test_the_quests_flavour_lines_count_as_model_written_text_and_must_be_watermarked(store):
    add(store, "writing", watermark="own")
    add(store, "quests", backend="planner", model_id="grammar planner")  # the plan: not a text a model wrote
    add(store, "quests", parameters={"kind": FLAVOUR_KIND, "lines": 5})
    assert list(model_written_text(store.to_frame())["tab"]) == ["quests", "writing"]
    texts = find(items(store), "texts")
    assert texts.status == "not met"
    assert texts.evidence == "50% of 2 texts watermarked (1 from Writing, 1 set of quest flavour lines)"
    store2 = SQLiteAuditStore(store.path.parent / "marked.db")
    add(store2, "writing", watermark="own")
    add(store2, "quests", parameters={"kind": FLAVOUR_KIND}, watermark="own")
    assert find(items(store2), "texts").status == "met"


def test_pictures_need_both_a_watermark_and_content_credentials(store):
    add(store, "art", credentials="signed")
    pictures = find(items(store), "pictures")
    assert pictures.status == "not met" and "0% of 1 picture watermarked" in pictures.evidence
    marked = add(store, "art", credentials="signed")
    assert find(items(store), "pictures").status == "not met"  # the first picture is still unmarked
    both = SQLiteAuditStore(store.path.parent / "both.db")
    both.add(AuditRecord(tab="art", backend="embedded", model_id="m", parameters={}, output_sha256=FINGERPRINT,
                         watermark=marked.id, content_credentials="signed", id=marked.id))
    assert find(items(both), "pictures").status == "met"


def test_other_outputs_are_met_only_when_each_is_traceable(store):
    add(store, "molecules")
    add(store, "ethics", backend="audit")  # an audit of the suite is not an output shown as made by AI
    other = find(items(store), "Other outputs")
    assert other.status == "met" and other.evidence.startswith("1 of 1 logged")
    add(store, "synthetic_data", model_id=" ")
    other = find(items(store), "Other outputs")
    assert other.status == "not met" and other.evidence.startswith("1 of 2 logged")


def test_logs_are_traceable_only_when_every_watermark_names_its_own_record(store):
    add(store, "writing", watermark="own")
    logs = find(items(store), "Logs are kept")
    assert logs.status == "met" and "1 records since" in logs.evidence
    assert str(store.path) not in logs.evidence and "a database file on this server" in logs.evidence  # no server path
    add(store, "writing", watermark="green-list:someone-else")
    logs = find(items(store), "Logs are kept")
    assert logs.status == "not met" and "2 records since" in logs.evidence and ", 1 with" in logs.evidence


def test_a_generating_tab_without_a_disclosure_fails_50_1(store):
    assert find(items(store), "50(1)").status == "met"
    missing = find(items(store, {**DISCLOSURES, "Molecules": ""}), "50(1)")
    assert missing.status == "not met" and "3 of 4" in missing.evidence and "missing: Molecules" in missing.evidence


def test_the_energy_headline_and_the_checklist_count_the_same_records(store):
    for joules in (3600.0, 1800.0, 1800.0):
        add(store, "art", joules=joules)
    add(store, "ethics", backend="audit")  # a fairness audit: a record without an energy measurement
    summary = energy_summary(store.to_frame(), country="France")
    assert store.count() == 4 and summary.measured_records == 3
    assert summary.headline(store.count()).startswith("3 of the 4 records in the audit log carry an energy "
                                                      "measurement; together they used 2 Wh")
    assert "4 records since" in find(items(store), "Logs are kept").evidence
    only_measured = SQLiteAuditStore(store.path.parent / "measured.db")
    add(only_measured, "art", joules=3600.0)
    assert energy_summary(only_measured.to_frame()).headline(1).startswith(
        "The one record in the audit log carries an energy measurement; it used ")  # not "All 1 records ... carry"
    add(only_measured, "ethics", backend="audit")
    assert energy_summary(only_measured.to_frame()).headline(2).startswith(
        "1 of the 2 records in the audit log carries an energy measurement; it used ")
    assert energy_summary(store.to_frame().iloc[0:0]).headline(0) == (
        "The audit log has no record yet, so nothing has used energy here.")


def test_an_audit_log_without_any_measured_record_gives_an_empty_numeric_table_and_says_so(store):
    add(store, "ethics", backend="audit")
    add(store, "quests", backend="audit")
    summary = energy_summary(store.to_frame(), country="France")
    assert summary.measured_records == 0 and summary.total_wh == 0.0
    assert summary.by_group[["wh", "wh_per_record", "g_co2e"]].round(4).empty  # the Ethics tab rounds these
    assert summary.headline(2).startswith("None of the 2 records in the audit log carries an energy measurement")


def test_the_audit_log_says_where_each_mark_hides_and_names_tabs_by_title_not_by_code():
    from apps.ethics import _readable_log

    rows = pd.DataFrame({"created_at": ["2026-12-05T10:00:00+00:00"] * 3, "tab": ["art", "writing", "synthetic_data"],
                         "model_id": ["art-diffusion", "poet-gpt", "Gaussian copula"],
                         "backend": ["embedded"] * 3, "watermark": ["genlab-mark-v2:a1", "green-list:b2", None],
                         "energy_joules": [1.0, 2.0, 3.0], "duration_s": [0.1, 0.2, 0.3],
                         "parameters": ['{"prompt": "a cat", "seed": 7, "negative_prompt": ""}', "", None]})
    rows["content_credentials"] = ["signed (local development certificate)", None, float("nan")]
    shown = _readable_log(rows)
    assert shown["signed credentials (C2PA)"].tolist() == ["signed (local development certificate)", "none", "none"]
    assert shown["settings and prompt"].tolist() == ["prompt: a cat · seed: 7", "", ""]  # words, not JSON
    assert shown["watermark"].tolist() == ["hidden in the pixels", "hidden in the word choices", "none"]
    assert shown["tab"].tolist() == ["Art", "Writing", "Synthetic data"]
    assert shown["energy (Wh)"].tolist() == ["0.00028", "0.00056", "0.00083"]  # joules / 3600, written out


def test_the_labs_digit_pictures_count_as_pictures_and_the_lab_as_a_generating_tab(store):
    from apps.ethics import _generating_tabs

    add(store, "art", watermark="own", credentials="signed")
    for _ in range(2):
        add(store, "lab", model_id="lab-gan", watermark="own", credentials="signed")
    add(store, "molecules", model_id="molecule-rnn")
    found = items(store)
    # they were counted as "other outputs (tables, molecules, quests)" that "need no watermark"
    assert find(found, "pictures").evidence == ("100% of 3 pictures watermarked (1 from Art, 2 from the Lab), 100% "
                                                "with signed Content Credentials")
    assert find(found, "Other outputs").evidence.startswith("1 of 1 logged")
    # review 12: quests' flavour lines are texts, counted above; only the quest plans are "other outputs"
    assert "(tables, molecules, quest plans)" in find(found, "Other outputs").requirement
    assert "Lab" in _generating_tabs() and "Molecules" in _generating_tabs()


def test_the_about_pages_fairness_sample_is_the_sentence_the_audit_says_today():
    import importlib.util
    import json

    from core.settings import PROJECT_ROOT

    spec = importlib.util.spec_from_file_location("make_samples", PROJECT_ROOT / "assets" / "about" / "make_samples.py")
    make_samples = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_samples)
    shipped = json.loads((PROJECT_ROOT / "assets" / "about" / "samples.json").read_text())["ethics"]["text"]
    assert shipped == make_samples.ethics()["text"]  # it kept the wording of two sessions ago
