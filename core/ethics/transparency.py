"""Transparency: the audit log as a table, the model cards in use, and an EU AI Act Article 50 checklist
computed from what the suite actually does, not typed by hand.

Article 50 asks providers of systems that generate synthetic images, audio, video or text to mark
outputs in a machine-readable, detectable way (50(2)), and the people who meet an AI system to be
told so (50(1), 50(4)); keeping logs is what lets anyone check afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from core.settings import PROJECT_ROOT

LOG_COLUMNS = ["created_at", "tab", "backend", "model_id", "watermark", "content_credentials", "energy_joules",
               "duration_s", "id"]
MEDIA_TABS = {"art": "pictures", "writing": "text"}


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
    if since:
        rows = rows[rows["created_at"] >= since]
    if text and not rows.empty:  # an empty frame's row-wise join is a frame, not text to search
        haystack = pd.Series([" ".join(map(str, values)).lower() for values in rows.itertuples(index=False)],
                             index=rows.index, dtype=str)
        rows = rows[haystack.str.contains(text.lower(), regex=False)]
    return rows


def article_50_checklist(log: pd.DataFrame, tab_disclosures: dict[str, str], store_path: Path) -> list[ChecklistItem]:
    """Each Article 50 duty, with whether the suite meets it and the evidence from its own state."""
    items = []
    for tab, media in MEDIA_TABS.items():
        rows = log[log["tab"] == tab]
        if rows.empty:
            items.append(ChecklistItem(f"50(2) {media} are marked as machine-made, machine-readably",
                                       "not applicable yet", f"no {media} generated yet (the {tab} tab)"))
            continue
        watermarked = rows["watermark"].notna().mean()
        signed = rows["content_credentials"].notna().mean() if media == "pictures" else 1.0
        ok = watermarked == 1.0 and signed == 1.0
        items.append(ChecklistItem(
            f"50(2) {media} are marked as machine-made, machine-readably", "met" if ok else "not met",
            f"{watermarked:.0%} of {len(rows)} {media} watermarked"
            + (f", {signed:.0%} with signed Content Credentials" if media == "pictures" else "")))
    other = log[~log["tab"].isin(MEDIA_TABS)]
    if not other.empty:
        items.append(ChecklistItem(
            "Other outputs (tables, molecules, quests) are logged with their origin", "met",
            f"{len(other)} generations in the audit log with model, settings and output hash; Article 50(2) "
            "covers audio, images, video and text, so these need no watermark"))
    missing = [tab for tab, text in tab_disclosures.items() if not text]
    items.append(ChecklistItem(
        "50(1) people are told they are dealing with AI-generated content", "met" if not missing else "not met",
        f"{len(tab_disclosures) - len(missing)} of {len(tab_disclosures)} generating tabs show a disclosure"
        + (f"; missing: {', '.join(missing)}" if missing else "")))
    items.append(ChecklistItem(
        "Logs are kept so that outputs can be traced", "met" if store_path.exists() else "not met",
        f"audit store at {store_path} with {len(log)} generations" if store_path.exists() else "no audit store"))
    return items


def model_cards() -> dict[str, str]:
    """The MODEL_CARD.md of every model shipped under assets/models, by folder name."""
    folder = PROJECT_ROOT / "assets" / "models"
    return {card.parent.name: card.read_text() for card in sorted(folder.glob("*/MODEL_CARD.md"))}
