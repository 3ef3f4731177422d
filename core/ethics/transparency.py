"""Transparency: the audit log as a table, the model cards in use, and an EU AI Act Article 50 checklist
computed from what the suite actually does, not typed by hand.

Article 50 asks providers of systems that generate synthetic images, audio, video or text to mark
outputs in a machine-readable, detectable way (50(2)), and the people who meet an AI system to be
told so (50(1), 50(4)); keeping logs is what lets anyone check afterwards.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from core.settings import PROJECT_ROOT

LOG_COLUMNS = ["created_at", "tab", "backend", "model_id", "watermark", "content_credentials", "energy_joules",
               "duration_s", "id"]
PICTURE_TABS = {"art": "Art", "lab": "the Lab"}  # the tabs whose outputs are pictures, which 50(2) covers
ANALYSIS_TAB = "ethics"  # its rows are audits and probes of the suite, not content shown to people as made by AI


@dataclass
class ChecklistItem:
    requirement: str
    status: str  # "met", "not met", "not applicable yet"
    evidence: str


def filter_log(log: pd.DataFrame, tab: str | None = None, text: str = "", since: str | None = None) -> pd.DataFrame:
    """Audit rows for one tab, containing `text` in any column given, created on or after `since` (ISO date).

    The search looks at every column of `log` and nothing else: hand it what the caller may see
    (core.provenance.visitors.visible_log), never the raw store."""
    rows = log
    if tab:
        rows = rows[rows["tab"] == tab]
    if since and since.strip():
        rows = rows[rows["created_at"] >= _iso_date(since)]
    if text and not rows.empty:  # an empty frame's row-wise join is a frame, not text to search
        haystack = pd.Series([" ".join(map(str, values)).lower() for values in rows.itertuples(index=False)],
                             index=rows.index, dtype=str)
        rows = rows[haystack.str.contains(text.lower(), regex=False)]
    return rows


def _iso_date(text: str) -> str:
    """'2026-05-01' as it is; anything else ('yesterday', '1/5/2026') a sentence, not a silent string comparison."""
    from datetime import date

    from core.inputs.text import excerpt

    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise ValueError(f"'{excerpt(text.strip(), 30)}' is not a date; write it as YYYY-MM-DD, e.g. 2026-05-01.") \
            from None


def _kind(parameters) -> str | None:
    if isinstance(parameters, str):
        try:
            parameters = json.loads(parameters)
        except ValueError:
            return None
    return parameters.get("kind") if isinstance(parameters, dict) else None


def model_written_text(log: pd.DataFrame) -> pd.DataFrame:
    """The rows of texts a language model wrote: the Writing tab's, and the Quests tab's flavour lines."""
    from core.quests.enrich import FLAVOUR_KIND, TAB as QUESTS_TAB

    flavour = (log["tab"] == QUESTS_TAB) & (log["parameters"].map(_kind) == FLAVOUR_KIND)
    return log[(log["tab"] == "writing") | flavour]


def _marking_item(rows: pd.DataFrame, media: str, where: str, signed_too: bool) -> ChecklistItem:
    requirement = f"{media.capitalize()} carry a mark software can read saying a machine made them (50(2))"
    if rows.empty:
        return ChecklistItem(requirement, "not applicable yet", f"no {media} generated yet ({where})")
    watermarked = rows["watermark"].notna().mean()
    signed = rows["content_credentials"].notna().mean() if signed_too else 1.0
    counted = f"{len(rows)} {media}" if len(rows) != 1 else f"1 {media.removesuffix('s')}"
    evidence = f"{watermarked:.0%} of {counted} watermarked ({where})"
    if signed_too:
        evidence += f", {signed:.0%} with signed Content Credentials"
    return ChecklistItem(requirement, "met" if watermarked == 1.0 and signed == 1.0 else "not met", evidence)


def _traceable(rows: pd.DataFrame) -> pd.Series:
    """Rows with a time, a model and an output fingerprint, whose watermark (if any) names the row itself."""
    complete = rows[["created_at", "model_id", "output_sha256"]].notna().all(axis=1)
    complete &= rows["model_id"].astype(str).str.strip().ne("") & rows["output_sha256"].astype(str).str.len().eq(64)
    own_watermark = rows["watermark"].isna() | (rows["watermark"].astype(str).str.split(":").str[-1] == rows["id"])
    return complete & own_watermark


def article_50_checklist(store, tab_disclosures: dict[str, str]) -> list[ChecklistItem]:
    """Each Article 50 duty, with whether the suite meets it and the evidence, all read from the audit store
    (`store`, an AuditStore) and the generating tabs' disclosures (tab title -> the text it shows)."""
    records = store.count()
    log = store.to_frame(limit=max(records, 1))  # the same rows the count counts, however many
    texts = model_written_text(log)
    flavour_sets = int((texts["tab"] != "writing").sum())
    pictures = log[log["tab"].isin(PICTURE_TABS)]
    per_tab = pictures["tab"].value_counts()
    where = ", ".join(f"{per_tab[tab]} from {name}" for tab, name in PICTURE_TABS.items() if tab in per_tab)
    items = [
        _marking_item(pictures, "pictures", where or " and ".join(PICTURE_TABS.values()), signed_too=True),
        _marking_item(texts, "texts", f"{len(texts) - flavour_sets} from Writing, {flavour_sets} "
                                      + ("set" if flavour_sets == 1 else "sets") + " of quest flavour lines",
                      signed_too=False),
    ]
    other = log[~log["tab"].isin(PICTURE_TABS) & (log["tab"] != ANALYSIS_TAB) & ~log["id"].isin(texts["id"])]
    # "quest plans": their flavour lines are counted with the texts above ("quests" here read as a contradiction)
    requirement = "Other outputs (tables, molecules, quest plans) are logged with their origin"
    if other.empty:
        items.append(ChecklistItem(requirement, "not applicable yet", "no table, molecule or quest plan generated yet"))
    else:
        traced = int(_traceable(other).sum())
        items.append(ChecklistItem(
            requirement, "met" if traced == len(other) else "not met",
            f"{traced} of {len(other)} logged with their time, model and output fingerprint; Article 50(2) covers "
            "audio, images, video and text, so these need no watermark"))
    missing = [tab for tab, text in tab_disclosures.items() if not text.strip()]
    items.append(ChecklistItem(
        "People are told they are dealing with AI-generated content (50(1))",
        "not applicable yet" if not tab_disclosures else "met" if not missing else "not met",
        f"{len(tab_disclosures) - len(missing)} of {len(tab_disclosures)} generating tabs show a disclosure"
        + (f"; missing: {', '.join(missing)}" if missing else "")))
    requirement = "Logs are kept so that outputs can be traced"
    if records == 0:
        items.append(ChecklistItem(requirement, "not applicable yet", f"the audit log ({_kind_of(store)}), no record yet"))
    else:
        traced = int(_traceable(log).sum())
        oldest = str(log["created_at"].min())[:10]
        items.append(ChecklistItem(
            requirement, "met" if traced == records else "not met",
            f"the audit log ({_kind_of(store)}): {records} records since {oldest}, {traced} with their time, model, "
            "output fingerprint and a watermark that names their own record (when they carry one)"))
    return items


def _kind_of(store) -> str:
    """What keeps the log, in a visitor's words: never a server path or address (those are the operator's)."""
    return ("a database server this site's machines share" if str(store.location).startswith("PostgreSQL")
            else "a database file on this server")


def model_cards() -> dict[str, str]:
    """The MODEL_CARD.md of every model shipped under assets/models, by folder name."""
    folder = PROJECT_ROOT / "assets" / "models"
    return {card.parent.name: card.read_text() for card in sorted(folder.glob("*/MODEL_CARD.md"))}
