"""Genlab governance console: read-only views over the audit store for whoever runs the deployment.

    streamlit run apps/console.py        (or: make console)

Generations over time, provenance coverage (watermarks, Content Credentials), energy and carbon,
and the fairness audits run in the Ethics tab. It reads the app's audit store (PostgreSQL at
GENLAB_DATABASE_URL when that is set, else `$GENLAB_DATA_DIR/audit.db`) and writes nothing.
Settings and prompts, and which session made each row, appear only once the admin token
(GENLAB_ADMIN_TOKEN, or data/secrets/admin-token) is given in the sidebar, as in the app.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from core.ethics.carbon import GRID_INTENSITY_G_PER_KWH, energy_summary  # noqa: E402
from core.provenance.readable_names import (backend_name, credentials_words, hardware_name, model_name,  # noqa: E402
                                             watermark_words)
from core.provenance.store import database_url, open_audit_store  # noqa: E402
from core.provenance.visitors import is_admin_token  # noqa: E402
from core.settings import get_settings  # noqa: E402


MARKABLE_TABS = ("art", "writing", "lab")  # pictures and texts; tables, molecules and audits cannot carry a mark
TAB_TITLES = {"art": "Art", "writing": "Writing", "quests": "Quests", "synthetic_data": "Synthetic data",
              "molecules": "Molecules", "deepfake_check": "Deepfake check", "ethics": "Ethics", "lab": "Lab"}
COVERAGE_WORDS = {"generations": "records", "watermarked": "with a watermark",
                  "content_credentials": "with Content Credentials", "energy_measured": "energy measured"}
CANNOT_CARRY = "cannot carry one"
ENERGY_WORDS = {"tab": "tab", "backend": "kind of model", "model_id": "model", "hardware": "hardware",
                "records": "records", "wh": "energy (Wh)", "wh_per_record": "Wh per record", "g_co2e": "g CO2e"}
RECORD_WORDS = {"created_at": "when", "tab": "tab", "backend": "kind of model", "model_id": "model",
                "watermark": "watermark", "content_credentials": "Content Credentials", "energy_wh": "energy (Wh)",
                "duration_s": "seconds", "hardware": "hardware", "id": "audit record", "parameters": "settings",
                "visitor": "visitor", "output_sha256": "fingerprint (SHA-256)"}


def in_words(frame: pd.DataFrame, words: dict[str, str]) -> pd.DataFrame:
    """The columns of `words`, in its order, under its plain names; tab keys as the app's tab titles."""
    frame = frame[[column for column in words if column in frame.columns]].copy()
    if "tab" in frame:
        frame["tab"] = frame["tab"].map(lambda tab: TAB_TITLES.get(tab, tab))
    if "backend" in frame:
        frame["backend"] = frame["backend"].map(backend_name)
    if "model_id" in frame:
        frame["model_id"] = frame["model_id"].map(model_name)
    if "hardware" in frame:
        frame["hardware"] = frame["hardware"].map(hardware_name)
    if "watermark" in frame:  # "genlab-mark-v2:…" and None were shown as they are stored
        frame["watermark"] = frame["watermark"].map(watermark_words)
    if "content_credentials" in frame:
        frame["content_credentials"] = frame["content_credentials"].map(credentials_words)
    return frame.rename(columns=words).reset_index(drop=True)


def load_log() -> pd.DataFrame:
    """Every record of the audit store: as many rows as AuditStore.count, the figure the app shows too."""
    data_dir = get_settings().data_dir
    if not database_url() and not (data_dir / "audit.db").exists():  # read-only: never makes an empty store
        return pd.DataFrame()
    store = open_audit_store(data_dir)
    log = store.to_frame(limit=max(store.count(), 1))
    if len(log):
        log["created_at"] = pd.to_datetime(log["created_at"], utc=True, format="ISO8601")
    return log


def main() -> None:
    st.set_page_config(page_title="Genlab governance console", layout="wide")
    st.title("Genlab governance console")
    st.caption("Read-only views over the audit store: what was generated, how it is marked, what it cost.")
    log = load_log()
    if log.empty:
        st.info("No generations recorded yet. Use the Genlab app, then come back.")
        return

    token = st.sidebar.text_input("Admin token", type="password", key="admin_token",
                                  help="Shows every row's settings and prompt, and the opaque visitor id.")
    admin = is_admin_token(token)
    if token and not admin:
        st.sidebar.error("That is not the admin token.")
    if not admin:
        st.caption("Settings and prompts are hidden: give the admin token in the sidebar to see them.")

    tabs = sorted(log["tab"].unique())
    chosen = st.sidebar.multiselect("Tabs", tabs, default=tabs, format_func=lambda tab: TAB_TITLES.get(tab, tab))
    country = st.sidebar.selectbox("Electricity grid", list(GRID_INTENSITY_G_PER_KWH), index=0)
    records = len(log)
    log = log[log["tab"].isin(chosen)]

    left, middle, right = st.columns(3)
    if len(log) == records:
        left.metric("Records in the audit log", f"{records:,}")
    else:
        left.metric("Records in the chosen tabs", f"{len(log):,}", f"of {records:,} in the audit log",
                    delta_color="off")
    markable = log[log["tab"].isin(MARKABLE_TABS)]
    middle.metric("Pictures and texts with a watermark",
                  f"{int(markable['watermark'].notna().sum()):,} of {len(markable):,}" if len(markable) else "none yet",
                  help="Only pictures and texts can carry a watermark (texts from a model this app runs itself; a "
                       "text server's cannot). Tables, molecules and audits are traced by their audit record and "
                       "its SHA-256 fingerprint instead.")
    summary = energy_summary(log, country=country)
    right.metric("Energy", f"{summary.total_wh:.3f} Wh", f"{summary.total_g_co2e:.3f} g CO2e", delta_color="off",
                 help=f"From the {summary.measured_records:,} of these records that carry an energy measurement.")

    st.subheader("Generations over time")
    span = log["created_at"].max() - log["created_at"].min() if len(log) else pd.Timedelta(0)
    bucket = "h" if span < pd.Timedelta(days=2) else "D"  # a day's records in hours, not one bar
    per_time = (log.assign(tab=log["tab"].map(lambda tab: TAB_TITLES.get(tab, tab)))
                .groupby([log["created_at"].dt.floor(bucket), "tab"]).size().unstack(fill_value=0))
    st.caption("Records per hour" if bucket == "h" else "Records per day")
    st.bar_chart(per_time)

    st.subheader("Provenance coverage")
    coverage = log.groupby("tab").agg(
        generations=("id", "count"),
        watermarked=("watermark", lambda v: float(v.notna().mean())),
        content_credentials=("content_credentials", lambda v: float(v.notna().mean())),
        energy_measured=("energy_joules", lambda v: float(v.notna().mean())),
    )
    coverage.index = [TAB_TITLES.get(tab, tab) for tab in coverage.index]
    coverage.loc[[title for tab, title in TAB_TITLES.items() if tab not in MARKABLE_TABS and title in coverage.index],
                 "watermarked"] = float("nan")  # cannot carry one: shown as such, not as 0 %
    for column in ("watermarked", "content_credentials", "energy_measured"):  # as text: a blank read as "None"
        coverage[column] = coverage[column].map(lambda share: CANNOT_CARRY if pd.isna(share) else f"{share:.0%}")
    st.dataframe(coverage.rename(columns=COVERAGE_WORDS))

    st.subheader("Energy and carbon")
    st.caption(summary.equivalents)
    st.dataframe(in_words(summary.by_group, ENERGY_WORDS), hide_index=True)

    st.subheader("Fairness audits")
    audits = log[log["tab"] == "ethics"]
    if audits.empty:
        st.write("No fairness audit has been run in the Ethics tab yet.")
    elif admin:
        rows = [json.loads(p) if isinstance(p, str) else p for p in audits["parameters"]]
        st.dataframe(pd.DataFrame(rows).assign(when=audits["created_at"].to_numpy()), hide_index=True)
    else:
        st.dataframe(in_words(audits, {"created_at": "when", "model_id": "model", "id": "audit record"}),
                     hide_index=True)

    st.subheader("Latest generations")
    shown = {column: words for column, words in RECORD_WORDS.items()
             if admin or column not in ("parameters", "output_sha256", "visitor")}
    latest = log.head(200).assign(energy_wh=log["energy_joules"].head(200) / 3600)
    st.dataframe(in_words(latest, shown), hide_index=True)


main()
