"""Ethics tab: fairness audits, energy and carbon, transparency, and an anonymiser."""

from __future__ import annotations

import json

import gradio as gr

from apps.error_display import as_plain_error, error_line, show_failures
import pandas as pd

from apps.synthetic_data import UPLOAD
from apps.synthetic_data import load_source as _table
from apps.fair_queue import JOB_EVENTS
from apps.ui import (HEAVY_EVENT_CONCURRENCY, download_box, follow_job, job_outcome, result_table,
                     reveal_when_done, seed_box, session_key, tab_id)
from core.inputs.exports import write_csv
from core.inputs.scratch import request_folder
from core.provenance.readable_names import BACKENDS, backend_name
from core.settings import PROJECT_ROOT
from core.text.writer import writer_available

TITLE = "Ethics"
SUMMARY = "Audit a model for fairness, see the energy and carbon of every generation, read the audit log, anonymise data."
LIMITS = ("the fairness audit trains simple models on the built-in tables or yours; energy is measured on this "
          "machine where it can be and estimated where not, and each figure says which.")

INTRODUCTION = """
## Ethics dashboards
Generative AI raises questions that numbers can help answer. **Is a model fair** to different
groups of people? **How much energy** did the things made here use? **Can everything be traced**
back to the model and settings that made it? And can a table be shared **without exposing people**?
"""


MITIGATION_WORDS = ("Weigh the training rows so group and outcome are unrelated (reweighing)",
                    "A decision threshold per group (threshold optimizer)",
                    "Retrain under a fairness rule (exponentiated gradient)")  # in the order of MITIGATIONS
SYNTHETIC = "Synthetic data just generated"
ENERGY_LOG_SPREAD = 100  # the largest bar this many times the smallest: a log axis, or the small ones vanish
ACTIVITIES = ("audit", "bias probe")  # kinds of record that run another tab's model: named beside their tab
ENERGY_HEADINGS = {"model_id": "model", "backend": "kind of model", "records": "measured records", "wh": "Wh",
                   "wh_per_record": "Wh per record", "g_co2e": "g CO2e"}
LOG_HEADINGS = {"created_at": "time (UTC)", "model_id": "model", "backend": "kind of model",
                "content_credentials": "signed credentials (C2PA)", "watermark": "watermark",
                "energy_joules": "energy (Wh)", "duration_s": "seconds", "id": "record", "made_by": "made in",
                "parameters": "settings and prompt", "visitor": "visitor id"}
LOG_PRIVACY_NOTE = ("Everyone sees when, with which model and at what cost each thing was made. The settings and "
                    "prompt of a row are shown only in the browser session that made it (a reload of the page starts "
                    "a new session), and to the operator with the admin token; searches look only at what you can "
                    "see.")


ENERGY_METHOD = ("Each record's energy comes from the suite's meter: the processor's and graphics card's own energy "
                 "counters where the machine shows them (Intel's and AMD's processors, NVIDIA's cards), else the "
                 "processor time used times 15 W per busy core. A record without a measurement (a fairness audit, "
                 "say) adds nothing to the totals.")
AUDIT_READY = "Pick a table, its outcome and the protected groups, then **Audit**."

def _latest_synthesis(request: gr.Request | None):
    from apps.synthetic_data import _latest_results

    result = _latest_results.get(session_key(request))
    if result is None:
        raise ValueError("Generate a table on the Synthetic data tab first; then it can be audited here, "
                         "side by side with the real table it was learned from.")
    return result


def _source_table(dataset: str, upload: str | None, request: gr.Request | None) -> pd.DataFrame:
    if dataset == SYNTHETIC:
        return _latest_synthesis(request).synthetic
    return _table(dataset, upload)


def on_audit_source(dataset: str, upload: str | None, request: gr.Request = None):
    from core.tabular.datasets import DATASETS
    from core.tabular.schema import describe_columns

    from core.tabular.data_dictionary import column_choices, dictionary_markdown

    if dataset == UPLOAD and not upload:
        return (gr.update(visible=True), gr.update(choices=[]), gr.update(choices=[]), gr.update(choices=[]),
                gr.update(), "")
    table = _source_table(dataset, upload, request)
    dictionary = dictionary_markdown(dataset, [str(column) for column in table.columns])
    categorical = [c.name for c in describe_columns(table) if c.type in ("categorical", "boolean")]
    info = DATASETS.get(dataset)
    target = info.target if info and info.target in categorical else (categorical[0] if categorical else None)
    values = sorted(table[target].dropna().astype(str).unique()) if target else []
    positive = info.positive if info and info.positive in values else (values[-1] if values else None)
    protected = [info.protected] if info and info.protected else []
    favourable = info.positive_is_favourable if info and positive == info.positive else True
    return (gr.update(visible=dataset == UPLOAD), gr.update(choices=column_choices(dataset, categorical), value=target),
            gr.update(choices=values, value=positive),
            gr.update(choices=column_choices(dataset, categorical), value=protected),
            gr.update(value=favourable),
            f"<details><summary>What the columns mean</summary>\n\n{dictionary}\n\n</details>" if dictionary else "")


def on_target(dataset: str, upload: str | None, target: str | None, request: gr.Request = None):
    if not target:
        return gr.update(choices=[], value=None)
    values = sorted(_source_table(dataset, upload, request)[target].dropna().astype(str).unique())
    return gr.update(choices=values, value=values[-1] if values else None)


def _groups_frame(result, outcome: str) -> pd.DataFrame:
    """A row per group; the rate columns name the audited outcome ("said “denied” when it was so"), as a bare
    "said yes" reads as approval when the outcome is a denial."""
    from core.fairness.audit import ratio_text

    rows = []
    for row, rule in zip(result.groups, result.four_fifths):
        low, high = row.intervals.get("selection_rate", (float("nan"), float("nan")))
        rows.append({"group": row.group, "test rows": row.count,
                     f"rate of “{outcome}”": f"{row.selection_rate:.1%}",
                     "likely range (95%)": f"{low:.1%} to {high:.1%}",
                     "rate of the favourable outcome": f"{rule.favourable_rate:.1%}",
                     "ratio to the most favoured": ratio_text(rule.ratio_to_most_favoured),
                     "four-fifths rule": "passes" if rule.passes else "fails",
                     f"said “{outcome}” when it was so (true positive rate)": f"{row.true_positive_rate:.1%}",
                     f"said “{outcome}” when it was not (false positive rate)": f"{row.false_positive_rate:.1%}",
                     "right (accuracy)": f"{row.accuracy:.1%}"})
    return pd.DataFrame(rows)


def _rates_figure(result, outcome: str):
    import plotly.graph_objects as go

    groups = [row.group for row in result.groups]
    rates = [row.selection_rate for row in result.groups]
    lows = [row.selection_rate - row.intervals.get("selection_rate", (row.selection_rate,) * 2)[0]
            for row in result.groups]
    highs = [row.intervals.get("selection_rate", (row.selection_rate,) * 2)[1] - row.selection_rate
             for row in result.groups]
    figure = go.Figure(go.Bar(x=groups, y=rates, marker_color="#4f46e5",
                              error_y=dict(type="data", array=highs, arrayminus=lows, color="#f59e0b", thickness=2)))
    figure.update_layout(title=f"Predicted “{outcome}”, by group<br><sup>orange lines: its likely range (95%)</sup>", yaxis_tickformat=".0%",
                         height=340, margin=dict(t=50, b=40, l=50, r=10))
    return figure


def _mitigation_table(comparison) -> str:
    from core.fairness.audit import PLAIN_METRICS

    lines = ["| measure | what it is | before | after | better when | change |", "|---|---|---|---|---|---|"]
    lines += [f"| {row['metric']} | {PLAIN_METRICS.get(row['metric'], '')} | {row['before']:.3f} | "
              f"{row['after']:.3f} | {row['better is']} | " + ("**worse**" if row["change"] == "worse" else row["change"]) + " |"
              for row in comparison.rows]
    return "\n".join(lines)


def _titled_list(title: str, sentences: list[str]) -> str:
    return f"**{title.capitalize()}**\n\n" + "\n".join(f"- {sentence}" for sentence in sentences)


def fairness_audit(dataset: str = "hmda", upload: str | None = None, target: str = "deny", positive: str = "yes",
                   protected: list[str] | None = None, model: str = "Logistic regression", mitigation: str = "none",
                   seed: float = 0, outcome_is_favourable: bool | None = None, request: gr.Request = None):
    """Audit a model's predictions for fairness between groups: train a model on a table, then compare its
    outcome rates and errors by group on rows it never saw (demographic parity, equalised odds, the four-fifths
    rule), optionally with a mitigation. With the synthetic table just generated as the data, the real table it
    was learned from is audited the same way beside it, to show whether synthesis widened the gap.

    Args:
        dataset: The table: "hmda" (mortgage decisions), "student_placements", "breast_cancer", "wage",
            "credit_card", "Upload your own file" (with `upload`) or "Synthetic data just generated".
        upload: Your own table, a CSV or Parquet file, when `dataset` says so.
        target: The column the model predicts, e.g. "deny".
        positive: The value of `target` to audit, e.g. "yes".
        protected: One or two columns of groups to compare, e.g. ["afam"].
        model: "Logistic regression" or "Gradient boosting".
        mitigation: "none", "Reweighing" (changes the training), "Threshold optimizer" (a threshold per group)
            or "Exponentiated gradient" (retrains under a fairness constraint).
        seed: Whole number from 0 to 4294967295 that repeats the train/test split; empty or -1 for a random one.
        outcome_is_favourable: Whether `positive` is good for the person (approved, hired); false for outcomes
            like a denial. Empty to guess from the words.

    Returns:
        The metrics as JSON.
        A table by group: size, outcome rate, true and false positive rates.
        The findings in plain sentences, each with its figure: the verdict and the rates.
        How the verdict was reached: the four-fifths rule's arithmetic, the equalized odds difference and, with a
            mitigation, every measure before and after.
        A plot of the outcome rate by group.
        A plot of accuracy against fairness, with and without the mitigation.
    """
    import plotly.graph_objects as go

    from core.fairness.audit import AuditConfig, audit, compare_mitigation, mitigate
    from core.fairness.group_rates import compare_gaps

    from core.inputs.numbers import resolve_seed

    real_result, gap_comparison = None, None
    try:
        seed = resolve_seed(seed)  # empty or -1: a random seed, reported back in the metrics' "seed"
        table = _source_table(dataset, upload, request)
        from core.tabular.datasets import DATASETS

        info = DATASETS.get(dataset)
        if not target and info:  # pressed before the page filled the fields in: the table's own question
            target, positive = info.target, positive or info.positive
            protected = protected or ([info.protected] if info.protected else [])
            outcome_is_favourable = None  # the box's default was never the table's: the table says
        if not target:
            raise ValueError("Pick the outcome to predict under 'Predicted outcome', then press Audit again.")
        if outcome_is_favourable is None:
            outcome_is_favourable = not (info and info.target == target and info.positive == str(positive)
                                         and not info.positive_is_favourable)
        from core.tabular.data_dictionary import negated_names, short_names

        config = AuditConfig(target=target, positive=str(positive), protected=tuple(protected or []), model=model,
                             seed=seed, favourable=bool(outcome_is_favourable),
                             names=tuple(short_names(dataset).items()),
                             negated_names=tuple(negated_names(dataset).items()))
        results = [audit(table, config)]
        if mitigation and mitigation != "none":
            results.append(mitigate(table, config, mitigation))
        if dataset == SYNTHETIC:
            real = _latest_synthesis(request).train
            real_result = audit(real, config)
            gap_comparison = compare_gaps(real, table, target, str(positive), config.protected[0])
    except ValueError as error:
        raise as_plain_error(error, title="Please check the audit settings") from error
    final = results[-1]
    figure = go.Figure()
    if real_result is not None:
        figure.add_trace(go.Scatter(x=[real_result.demographic_parity_difference * 100], y=[real_result.accuracy],
                                    mode="markers+text", text=["model trained on the real table"],
                                    textposition="bottom center", marker=dict(size=14, color="#6366f1")))
    for result, colour in zip(results, ("#ef4444", "#14b8a6")):
        figure.add_trace(go.Scatter(x=[result.demographic_parity_difference * 100], y=[result.accuracy],
                                    mode="markers+text",
                                    text=[result.label], textposition="top center", name=result.label,
                                    marker=dict(size=14, color=colour)))
    widest = max(trace.x[0] for trace in figure.data)
    figure.update_layout(title="Accuracy against the gap<br><sup>left is fairer, up is more accurate</sup>",
                         xaxis_title="gap in outcome rates between groups<br>(percentage points)",  # as the text
                         yaxis_title="accuracy", height=360,  # says, on two lines: one was cut on a phone
                         yaxis=dict(range=[0, 1.18], tickvals=[0, 0.25, 0.5, 0.75, 1], tickformat=".0%",
                                    ticklabelstandoff=6),  # its "0%" apart from the gap's "0", not "0%0"
                         xaxis_range=[0, widest * 1.35 + 1],  # room for the labels, above a point at 100% too
                         margin=dict(t=60, b=60, l=50, r=10), showlegend=False)
    if len(figure.data) == 1:
        figure.add_annotation(text="Pick a way to make it fairer and audit again:<br>its point appears here beside "
                                   "this one.", x=0.5, y=0.45, xref="paper", yref="paper", showarrow=False,
                              font=dict(size=13))
    lines = [_titled_list(result.label, result.sentences) for result in results]
    details = [_titled_list(result.label, result.details) for result in results]
    if len(results) == 2:
        comparison = compare_mitigation(*results)
        lines.append(f"**{mitigation}, before and after.** {comparison.sentence}")
        details.append(f"**{mitigation}, every measure before and after**\n\n" + _mitigation_table(comparison))
    if real_result is not None:
        widened = results[0].demographic_parity_difference - real_result.demographic_parity_difference
        lines.insert(0, f"**Real versus synthetic.** Trained on the real table, the model's gap between groups is "
                        f"{real_result.demographic_parity_difference:.1%}; trained on the synthetic one, "
                        f"{results[0].demographic_parity_difference:.1%}: synthesis "
                        + ("**widened** the gap" if widened > 0.02 else "narrowed the gap" if widened < -0.02
                           else "left the gap about the same")
                        + f". In the data itself: {gap_comparison.sentence}")
    metrics = {"before": results[0].to_dict(), "after": final.to_dict() if len(results) == 2 else None,
               "real": real_result.to_dict() if real_result is not None else None,
               "mitigation_changes": compare_mitigation(*results).rows if len(results) == 2 else None, "seed": seed}
    from core.provenance import get_recorder

    shown = _groups_frame(final, config.outcome), _rates_figure(final, config.outcome)  # made before the row is written
    get_recorder().record_output(
        json.dumps(metrics, default=str), tab="ethics", backend="audit", model_id=model,
        parameters={"kind": "fairness audit", "dataset": dataset if dataset != UPLOAD else "upload",
                    "target": target, "positive": str(positive), "protected": list(protected or []),
                    "mitigation": mitigation, "disparate_impact": round(results[0].disparate_impact, 4),
                    "data_disparate_impact": round(results[0].data_disparate_impact, 4),
                    "disparate_impact_after": round(final.disparate_impact, 4) if len(results) == 2 else None,
                    "gap": round(results[0].demographic_parity_difference, 4),
                    "gap_after": round(final.demographic_parity_difference, 4) if len(results) == 2 else None})
    return metrics, shown[0], "\n\n".join(lines), "\n\n".join(details), shown[1], figure


CHART_LINE = 26  # characters of a bar's label that a phone shows beside its bar


ENERGY_CHART_MARGINS = 110  # the title, the axis and their margins, in pixels
LABEL_LINE_PX = 18  # a label line's height in plotly's 12 px font, with a little air


def _bar_slot(names: list[str]) -> int:
    """Pixels per bar: every bar gets room for the tallest label, since plotly gives all bars the same room and a
    four-line label beside a three-line one ran into it when rooms were sized by the average."""
    return max(44, LABEL_LINE_PX * max((name.count("<br>") + 1 for name in names), default=1) + 8)


def _chart_lines(text: str) -> str:
    """A chart label broken into lines a phone shows whole."""
    import textwrap

    return "<br>".join(textwrap.wrap(text, CHART_LINE)) or text


def energy_report(country: str = "World average", custom_intensity: float | None = None):
    """Report the energy that every generation recorded in the audit log used, and its carbon (CO2e) on a
    chosen electricity grid, by tab, model and hardware.

    Args:
        country: The electricity grid, e.g. "World average", "European Union", "France", "United States".
        custom_intensity: Your own grid's grams of CO2e per kWh; 0 or empty to use `country`.

    Returns:
        The totals as JSON: energy in watt-hours and carbon in grams of CO2e.
        A table per tab, model and hardware.
        The totals in plain words, with an everyday comparison.
        A chart of energy by tab and model.
    """
    from core.ethics.carbon import TRAINING_FOR_SCALE, energy_summary, plain_number
    from core.provenance import get_recorder
    from core.provenance.readable_names import hardware_name, model_name

    from core.inputs.numbers import as_float

    store = get_recorder().store
    records = store.count()
    try:
        intensity = as_float(custom_intensity, "grid figure (g CO2e per kWh)", 0.0)
        summary = energy_summary(store.to_frame(limit=max(records, 1)), country=country,
                                 intensity=intensity or None)
    except ValueError as error:
        raise as_plain_error(error, title="Please check the grid figure") from error
    table = summary.by_group
    tab_titles = _tab_titles(table["tab"])
    shown = table.assign(tab=tab_titles, backend=table["backend"].map(backend_name),
                         model_id=table["model_id"].map(model_name),
                         hardware=table["hardware"].map(hardware_name),
                         **{column: table[column].map(plain_number)  # a quest's 0.00002 Wh, not "0"
                            for column in ("wh", "wh_per_record", "g_co2e")})
    scale = "; ".join(f"{name}: {wh / 1e6:,.0f} megawatt-hours{'' if index else ' (million Wh)'} and "  # said once
                      f"{g / 1e6:,.0f} tonnes of CO2e to train"
                      for index, (name, (wh, g)) in enumerate(TRAINING_FOR_SCALE.items()))
    text = f"**{summary.headline(records)}**\n\nFor scale: {scale}."
    activities = table["backend"].map(lambda backend: f", {BACKENDS[backend]}"  # "Ethics, the bias probe:"
                                      if backend in ACTIVITIES else "")  # not "Ethics: the built-in poet" alone
    names = (tab_titles + activities + ":<br>"  # short lines: a phone keeps them whole ("Gaussian copula (a
             + shown["model_id"].map(_chart_lines)).tolist()  # statistics method for tables)" lost its "G")
    figure = energy_figure(names, list(table["wh"]))
    payload = {"total_wh": summary.total_wh, "total_g_co2e": summary.total_g_co2e, "records": records,
               "measured_records": summary.measured_records, "country": summary.country,
               "g_co2e_per_kwh": summary.intensity, "by_model": table.to_dict("records")}
    first = [column for column in ("tab", "model_id", "wh", "g_co2e", "records") if column in shown]  # what was
    shown = shown[first + [column for column in shown if column not in first]]  # measured and its figures, where a
    # phone shows a table's left part: "Molecules" twice, its model off-screen, read as the same row twice
    return payload, shown.rename(columns=ENERGY_HEADINGS), text, figure if len(table) else None


def energy_figure(names: list[str], energies: list[float]):
    """Each tab and model's energy: bars across on a plain axis; dots on a log axis where the figures lie more than
    ENERGY_LOG_SPREAD times apart (a quest's 0.00002 Wh beside a poem's 0.5 Wh: no bar at all on a plain axis)."""
    import plotly.graph_objects as go

    from core.ethics.carbon import plain_number

    wide = bool(energies) and max(energies) / max(min(energies), 1e-12) > ENERGY_LOG_SPREAD
    labels = [f"{plain_number(wh)} Wh" for wh in energies]
    # on a log axis a bar's length is no measure (0.17 Wh read as 1.3 times 0.021 Wh): a dot, as a dot plot has.
    # A bar's figure sits inside it where it fits: outside the longest, it ran off a phone's screen
    figure = go.Figure(go.Scatter(y=names, x=energies, mode="markers+text", text=labels, cliponaxis=False,
                                  textposition="top right", marker=dict(color="#14b8a6", size=12))  # not on its line
                       if wide else go.Bar(y=names, x=energies, orientation="h", marker_color="#14b8a6",
                                           text=labels, textposition="auto", cliponaxis=False))  # bars across
    figure.update_layout(title="Energy by tab and model<br><sup>watt-hours" + (", each grid line ten times the one "
                                                                              "before" if wide else "") + "</sup>",
                         height=max(220, ENERGY_CHART_MARGINS + len(names) * _bar_slot(names)),
                         margin=dict(t=60, b=40, l=10, r=60),
                         yaxis=dict(automargin=True, autorange="reversed"),
                         xaxis=dict(exponentformat="none", tickangle=0) | (_decade_axis(energies) if wide else {}))
    return figure


def _decade_axis(energies) -> dict:
    """A log axis from the power of ten below the smallest energy to the one above the largest, a grid line at each
    power, its two ends named ("0.000001 Wh", "1 Wh"): every power named stood on end under a phone's dots, and none
    named left the grid lines unexplained (review 13)."""
    import math

    from core.ethics.carbon import plain_number

    low, high = math.floor(math.log10(min(energies))), math.ceil(math.log10(max(energies)))
    high = max(high, low + 1)
    decades = list(range(low, high + 1))
    names = [f"{plain_number(10.0 ** decade)} Wh" if decade in (low, high) else "" for decade in decades]
    return dict(type="log", range=[low - 0.05, high + 0.05], tickvals=[10.0 ** decade for decade in decades],
                ticktext=names)


def _log_tab_choices() -> list[tuple[str, str]]:
    """(title, the key the audit log files it under) for each tab, "Every tab" first: the log's own keys are ids."""
    from apps.about import registered_tabs

    keys = [(module.TITLE, module.__name__.rsplit(".", 1)[-1]) for module in registered_tabs()]
    return [("Every tab", "")] + [(title, key) for title, key in keys if key != "about"]


def _tab_titles(keys: pd.Series) -> pd.Series:
    """Each tab's title ("Synthetic data") for the key the audit log files it under ("synthetic_data")."""
    titles = {key: title for title, key in _log_tab_choices()}  # once per table, not per row
    return keys.astype(str).map(lambda key: titles.get(key, key.replace("_", " ").capitalize()))


def _generating_tabs() -> dict[str, str]:
    from apps.about import registered_tabs

    modules = registered_tabs()
    return {m.TITLE: getattr(m, "AI_DISCLOSURE", "") for m in modules if getattr(m, "GENERATES_CONTENT", False)}


def _settings_words(parameters: str | None) -> str:
    """A row's settings as "objective: defeat a dragon · seed: 7", not JSON; empty where the viewer may not see them."""
    import json

    try:
        settings = json.loads(parameters) if parameters else {}
    except (TypeError, ValueError):
        return str(parameters or "")
    if not isinstance(settings, dict):
        return str(parameters)
    return " · ".join(f"{str(key).replace('_', ' ')}: {value}" for key, value in settings.items()
                      if value not in (None, "", [], {}))


def _readable_log(rows: pd.DataFrame) -> pd.DataFrame:
    """The audit rows as a person reads them: plain headings and model names, times to the second, figures
    rounded."""
    from core.ethics.carbon import plain_number
    from core.provenance.readable_names import credentials_words, hardware_name, model_name, watermark_words

    shown = rows.copy()
    if "tab" in shown:
        shown["tab"] = _tab_titles(shown["tab"])
    shown["model_id"] = shown["model_id"].map(model_name)
    shown["backend"] = shown["backend"].map(backend_name)
    shown["watermark"] = shown["watermark"].map(watermark_words)
    shown["content_credentials"] = shown["content_credentials"].map(credentials_words)
    if "parameters" in shown:
        shown["parameters"] = shown["parameters"].map(_settings_words)
    if "hardware" in shown:
        shown["hardware"] = shown["hardware"].map(hardware_name)
    shown["created_at"] = pd.to_datetime(shown["created_at"], utc=True).dt.strftime("%Y-%m-%d %H:%M:%S")
    shown["duration_s"] = shown["duration_s"].astype(float).round(3)
    shown["energy_joules"] = shown["energy_joules"].map(  # in Wh, as the energy tab says it
        lambda joules: "" if pd.isna(joules) else plain_number(float(joules) / 3600))
    first = [column for column in ("created_at", "tab", "model_id") if column in shown]  # what a phone shows
    return shown[first + [column for column in shown if column not in first]].rename(columns=LOG_HEADINGS)


def log_viewer(admin_token: str | None, request: gr.Request | None):
    """Who is reading the audit log: their browser session's opaque id, and whether they gave the admin token."""
    from core.provenance import get_recorder
    from core.provenance.visitors import Viewer, is_admin_token, visitor_id

    data_dir = get_recorder().data_dir
    session = getattr(request, "session_hash", None)
    return Viewer(visitor=visitor_id(session, data_dir) if session else None,
                  admin=is_admin_token(admin_token, data_dir))


def transparency(tab: str = "", text: str = "", since: str = "", admin_token: str = "",
                 request: gr.Request = None):
    """Search the audit log of everything this suite generated, and show the EU AI Act Article 50 transparency
    checklist and the model cards. Every row's time, tab, model, provenance and energy are public; its settings
    and prompt only to the session that made it, or with the operator's admin token.

    Args:
        tab: Only rows of this tab, e.g. "art", "writing", "synthetic_data"; empty for all.
        text: Only rows that contain this text; empty for all.
        since: Only rows from this date on, as YYYY-MM-DD; empty for all.
        admin_token: The operator's admin token, to see every row's settings and prompt; empty otherwise.

    Returns:
        The matching rows, newest first (up to 500).
        The EU AI Act Article 50 checklist in Markdown: what the suite does for each duty.
        The model cards in Markdown.
        The matching rows as a CSV file to download.
    """
    from core.ethics.transparency import article_50_checklist, filter_log, model_cards
    from core.provenance import get_recorder
    from core.provenance.visitors import visible_log

    store = get_recorder().store
    log = store.to_frame()
    viewer = log_viewer(admin_token, request)
    if admin_token and not viewer.admin:
        raise ValueError("That is not the admin token: the log below would show only your own settings and prompts.")
    rows = filter_log(visible_log(log, viewer), tab or None, text or "", since or None)
    checklist = article_50_checklist(store, _generating_tabs())
    marks = {"met": "✔ met", "not met": "✘ not met", "not applicable yet": "– not applicable yet"}
    lines = ["**The EU AI Act's transparency duties**, checked against the audit log (Article 50 of the European "
             "Union's Artificial Intelligence Act; its paragraph 1 asks that people be told, paragraph 2 that what a "
             "machine made be marked):", ""]
    lines += [f"- {marks[item.status]}: **{item.requirement}**. {item.evidence[:1].upper()}{item.evidence[1:]}."
              for item in checklist]
    cards = model_cards()
    cards_text = "\n\n---\n\n".join(cards.values()) if cards else "No trained model ships with this build yet."
    path = write_csv(rows, request_folder("genlab-audit") / "audit-log.csv")
    return _readable_log(rows.head(LOG_ROWS_SHOWN)), "\n".join(lines), cards_text, str(path)


LOG_ROWS_SHOWN = 500


def labelled_log_table(csv_file: str | None) -> dict:
    """The audit table's label for the rows of its download (every matching row; the table shows 500 at most)."""
    import pandas as pd

    return gr.update(label=log_label(len(pd.read_csv(csv_file)) if csv_file else 0))


def log_label(count: int) -> str:
    """The audit table's label with how many records it holds: a review read six rows over "30 records since ..."
    as a contradiction. Its frame (500 px) shows 6 to 13 rows, as their cells wrap, so it says to scroll only where
    no frame can show them all (a later review saw all 7 rows under "scroll the table for the rest")."""
    label = f"Audit log: {count:,} record{'s' if count != 1 else ''}, newest first"
    if count > LOG_ROWS_SHOWN:
        return f"{label}; the newest {LOG_ROWS_SHOWN} shown here, all of them in the download"
    return f"{label}; scroll the table for the rest" if count > 13 else label


SAMPLE_CUSTOMERS = PROJECT_ROOT / "assets" / "samples" / "customers.csv"  # invented people (README.md there)
ANONYMISER_EXPLANATION = (
    "Names, e-mails, phone numbers, addresses and ID numbers, found by column name and by value (also inside notes, "
    "and a first or last name from the name column called alone there), are replaced by fakes. The same value always "
    "gets the same fake here, and without this site's secret key nobody can work out which fake stands for whom. "
    "Dates, postcodes and ages are coarsened.")


def anonymize(upload: str | None = None):
    """Pseudonymise personal data in a table. Names, e-mails, phones, ID numbers and addresses (found by column
    name and by value, also inside free text) become keyed pseudonyms: the same value always gets the same fake
    in this deployment, and nobody without its secret key can rebuild the mapping. Dates, postcodes and ages are
    generalised, and k-anonymity (how many rows share each combination) is measured.

    Args:
        upload: The table, a CSV or Parquet file of at most 50 MB.

    Returns:
        A summary as JSON: what was found in which column, and the k-anonymity before and after.
        The anonymised rows, up to the first 200.
        The summary in plain sentences.
        The anonymised table as a CSV file to download.
    """
    from core.ethics.anonymize import anonymize as anonymize_table
    from core.inputs.tables import read_table  # the size limits only: any table with a row can be anonymised

    if not upload:
        raise gr.Error("Upload a CSV or Parquet file with the table to anonymise.", title="No file")
    try:
        result = anonymize_table(read_table(upload))
    except ValueError as error:
        raise as_plain_error(error, title="This file cannot be anonymised") from error
    path = write_csv(result.table, request_folder("genlab-anonymised") / "anonymised.csv")
    summary = {"detected": result.detected, "how_found": {f.column: f.evidence for f in result.findings},
               "quasi_identifiers": result.quasi_identifiers,
               "k_anonymity_before": result.k_before, "k_anonymity_after": result.k_after}
    # the table headed "date of birth"; the download keeps the file's own names
    shown = result.table.head(SHOWN_ROWS).rename(columns=lambda name: str(name).replace("_", " "))
    return (summary, gr.update(value=shown, label=anonymised_rows_label(len(result.table))),
            "\n\n".join(result.sentences), str(path))


SHOWN_ROWS = 200


def anonymised_rows_label(rows: int) -> str:
    """"Anonymised rows (all 40)", or "(the first 200 of 5,000)": "(first 200)" stood over a table of 40 rows."""
    return (f"Anonymised rows (all {rows:,})" if rows <= SHOWN_ROWS else
            f"Anonymised rows (the first {SHOWN_ROWS} of {rows:,})")


def bias_probe(occupations: str = ", ".join(("nurse", "doctor", "engineer", "teacher", "soldier", "cook")),
               samples: float = 20, request: gr.Request = None, progress=gr.Progress()):
    """Which pronoun the writing model picks after "The <job> said that". Returns (table, chart, text)."""
    from core.ethics.bias_probe import ProbeConfig, probe_figure, probe_job
    from core.jobs import start_job

    jobs = tuple(job.strip().lower() for job in (occupations or "").split(",") if job.strip())
    config = ProbeConfig(occupations=jobs, samples=int(samples))
    config.check()
    job = start_job(probe_job, config, name="bias probe", owner=session_key(request))
    for _ in follow_job(job, progress):
        yield gr.skip(), gr.skip(), gr.skip()
    result = job_outcome(job)
    yield pd.DataFrame(result.table_rows), probe_figure(result), probe_markdown(result, int(samples))


def probe_markdown(result, samples: int) -> str:
    """The probe's finding: the model in words and the headline with the verdicts; each job's counts are in the
    chart and the table below, once."""
    from core.provenance.readable_names import model_name

    return (f"Each job's sentence was continued {samples} times by "
            f"{model_name(result.model_label)}. **{result.headline}** Each job's counts are "
            "in the table below.\n\nA model repeats the patterns of the text it learned from.")


def _first_words(text: str, limit: int = 200) -> str:
    """`text` cut to at most `limit` characters at a word's end, with "…" where it was cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def quantisation_lab(request: gr.Request = None, progress=gr.Progress()):
    """Quantise the poet to int8 and measure both. Returns (table, text)."""
    from core.ethics.quantization import quantization_job
    from core.jobs import start_job

    job = start_job(quantization_job, name="quantisation lab", owner=session_key(request))
    for _ in follow_job(job, progress):
        yield gr.skip(), gr.skip()
    result = job_outcome(job)
    yield pd.DataFrame(result.rows), quantisation_markdown(result)


def quantisation_markdown(result) -> str:
    """What 8-bit weights changed: size, speed and quality in words, and the same opening written by each."""
    before, after = result.before, result.after
    return (f"Storing its weights as 8-bit whole numbers (int8) instead of 32-bit decimals (fp32) makes the model "
            f"**{before.size_mb / after.size_mb:.1f}x smaller** ({before.size_mb:.1f} → "
            f"{after.size_mb:.1f} MB) and writes **{after.tokens_per_second:.0f}** instead of "
            f"{before.tokens_per_second:.0f} word pieces (tokens) a second here. How surprised it is by "
            f"{result.held_out_tokens:,} word pieces of text it never learned from (its perplexity; lower is better) "
            f"goes from {before.perplexity:.1f} to {after.perplexity:.1f}.\n\n"
            f"The same opening, written by each:\n\n**As shipped:** {_first_words(before.sample)}\n\n"
            f"**8-bit:** {_first_words(after.sample)}")


def render() -> None:
    """Lay out the tab inside the current Blocks."""
    from core.ethics.carbon import GRID_INTENSITY_G_PER_KWH
    from core.fairness.audit import MITIGATIONS
    from core.tabular.datasets import DATASETS

    gr.Markdown(INTRODUCTION)
    with gr.Tabs(overflow_behavior="wrap"):
        with gr.Tab("Fairness audit", **tab_id("ethics", "fairness")):
            with gr.Row():
                with gr.Column(scale=2, min_width=320):
                    dataset = gr.Dropdown([(i.title, k) for k, i in DATASETS.items()] + [(UPLOAD, UPLOAD),
                                                                                          (SYNTHETIC, SYNTHETIC)],
                                          value="hmda", label="Data", allow_custom_value=True)
                    upload = gr.File(label="Your table (CSV or Parquet)", type="filepath", visible=False,
                                     file_types=[".csv", ".parquet"])
                    columns_meaning = gr.Markdown()
                    with gr.Row():  # side by side on a laptop, one under the other on a phone
                        target = gr.Dropdown([], label="Predicted outcome", allow_custom_value=True,
                                             min_width=200)
                        positive = gr.Dropdown([], label="Value to audit (e.g. yes)", allow_custom_value=True,
                                               min_width=200)
                    protected = gr.Dropdown([], multiselect=True, max_choices=2, label="Protected groups (one or two)",
                                            allow_custom_value=True)
                    favourable = gr.Checkbox(True, label="This outcome is good for the person (approved, hired)",
                                             info="Untick for one like a denial (the four-fifths rule then uses "
                                                  "its opposite).")
                    mitigation = gr.Dropdown([("None", "none"), *zip(MITIGATION_WORDS, MITIGATIONS)], value="none",
                                             label="Make it fairer (the audit compares before and after)")
                    run = gr.Button("Audit", variant="primary")
                    audit_error = error_line()
                    with gr.Accordion("More options: the model, seed", open=False):
                        model = gr.Radio([("A weighted sum (logistic regression)", "Logistic regression"),
                                          ("Many small decision trees (gradient boosting)", "Gradient boosting")],
                                         value="Logistic regression", label="Model")
                        seed = seed_box(0, label="Seed")
                with gr.Column(scale=3):
                    sentences = gr.Markdown(AUDIT_READY, label="Findings", elem_id="audit-findings")
                    with gr.Accordion("How the verdict was reached: the four-fifths rule, step by step", open=False,
                                      visible=False) as details_box:
                        details = gr.Markdown(label="How the verdict was reached", elem_id="audit-details")
                    rates_plot = gr.Plot(label="Rate of the outcome by group", visible=False)
                    tradeoff_plot = gr.Plot(label="Accuracy and fairness", visible=False)
            groups_table = result_table("By group: the model’s predictions on test rows it never saw", wrap=True)
            with gr.Accordion("Metrics as JSON", open=False, visible=False) as metrics_box:
                metrics_json = gr.JSON(label="Metrics")
        with gr.Tab("Energy and carbon", **tab_id("ethics", "energy")):
            gr.Markdown("Everything made in this suite is metered: the electricity the processor (and graphics card, "
                        "if any) used to make it, in watt-hours (Wh). Pick where the electricity comes from to turn "
                        "that energy into grams of carbon dioxide (g CO2e: other greenhouse gases counted as the "
                        "carbon dioxide that warms as much), then press **Show energy**.")
            with gr.Row():
                country = gr.Dropdown(list(GRID_INTENSITY_G_PER_KWH), value="World average",
                                      label="Electricity grid", min_width=260)  # one under the other on a phone
                custom = gr.Number(0, label="Or your own grid figure (g CO2e per kWh)",  # no bounds: the handler says why
                                   info="0: use the grid picked in the list.", min_width=260)
                refresh = gr.Button("Show energy", variant="primary")
            energy_error = error_line()
            with gr.Accordion("How the energy is measured", open=False):
                gr.Markdown(ENERGY_METHOD, elem_classes="genlab-note")
            energy_text = gr.Markdown(label="Totals")
            energy_plot = gr.Plot(label="Energy by tab and model", show_label=False,  # the chart says it
                                  visible=False)
            energy_table = result_table("Per tab, model and hardware", wrap=True)  # a phone: the figures too
            energy_json = gr.JSON(visible=False, label="Totals as JSON")
        with gr.Tab("Transparency", **tab_id("ethics", "transparency")):
            gr.Markdown("Every picture, text, table, molecule and quest made here is written to an audit log: when, "
                        "with which model, how much energy, and the mark it carries. Search it, and see which of "
                        "the law's transparency duties the suite meets, checked against that log.")
            with gr.Row():
                log_tab = gr.Dropdown(_log_tab_choices(), value="", label="Tab", allow_custom_value=True,
                                      min_width=200)  # beside "Contains" on a laptop, above it on a phone
                log_text = gr.Textbox("", label="Contains", elem_id="audit-log-contains")
                log_since = gr.Textbox("", label="Since (YYYY-MM-DD)")
                search = gr.Button("Search the audit log", variant="primary", elem_id="audit-log-search")
            search_error = error_line()
            gr.Markdown(LOG_PRIVACY_NOTE, elem_classes="genlab-note")
            # the rows right under their button, the checklist after them: below it they were a phone's screen away
            log_table = result_table("Audit log, newest first", wrap=True)
            log_file = download_box("Download the matching rows as CSV", visible=False)
            checklist = gr.Markdown(label="EU AI Act Article 50 checklist")
            with gr.Accordion("For the operator: see every row's settings and prompt", open=False):
                admin_token = gr.Textbox("", label="Admin token", type="password",
                                         info="GENLAB_ADMIN_TOKEN, or the token in the data folder's "
                                              "secrets/admin-token. Then search again.")
            with gr.Accordion("Model cards of the models in use", open=False):
                cards = gr.Markdown(label="Model cards")
        with gr.Tab("Language model", **tab_id("ethics", "language-model"), visible=writer_available()):
            gr.Markdown("**Bias probe.** The writing model continues *\"The nurse said that\"* and the like many "
                        "times; the chart shows which pronoun it reaches for first. It describes this model on "
                        "these prompts, nothing more.")
            with gr.Row():
                probe_jobs = gr.Textbox("nurse, doctor, engineer, teacher, soldier, cook", label="Jobs (comma-separated)")
                probe_samples = gr.Slider(5, 100, value=20, step=5, label="Samples per job")
                probe_button = gr.Button("Run the probe", variant="primary")
            probe_error = error_line()
            probe_text = gr.Markdown(elem_id="probe-text", elem_classes="genlab-progress-above")
            probe_plot = gr.Plot(label="First pronoun per job", visible=False)
            probe_table = result_table("Counts per job")
            gr.Markdown("**Quantisation lab.** A model is millions of learned numbers (its weights). Stored with "
                        "fewer digits, it is smaller and often uses less energy per word. What does it cost in "
                        "quality? Measured live.")
            quantise_button = gr.Button("Quantise and measure")
            quantise_error = error_line()
            quantise_text = gr.Markdown(elem_id="quantise-text", elem_classes="genlab-progress-above")
            quantise_table = result_table("Before and after")
        with gr.Tab("Anonymiser", **tab_id("ethics", "anonymiser")):
            gr.Markdown("Before a table about people is shared, the details that name them should go. Upload one "
                        "(a spreadsheet saved as CSV, or a Parquet file) or try the sample: you get a copy with "
                        "made-up stand-ins, and a count of how many people could still be picked out.")
            with gr.Row():
                with gr.Column(scale=2):
                    anonymise_upload = gr.File(label="Table with personal data (CSV or Parquet)", type="filepath",
                                               file_types=[".csv", ".parquet"])
                    anonymise_button = gr.Button("Anonymise", variant="primary")
                    anonymise_error = error_line()
                    gr.Examples([[str(SAMPLE_CUSTOMERS)]], inputs=anonymise_upload, label="Try one",
                                example_labels=["40 made-up customers with names, e-mails, phones and notes"])
                with gr.Column(scale=3):
                    anonymise_text = gr.Markdown(ANONYMISER_EXPLANATION, label="What was changed")
                    with gr.Accordion("Summary as JSON", open=False, visible=False) as anonymise_json_box:
                        anonymise_json = gr.JSON(label="Summary")
            anonymise_preview = result_table("Anonymised rows", wrap=True)
            anonymise_file = download_box("Download the anonymised CSV", visible=False)

    gr.on(None, on_audit_source, inputs=[dataset, upload],
          outputs=[upload, target, positive, protected, favourable, columns_meaning], api_visibility="private")
    target.input(on_target, inputs=[dataset, upload, target], outputs=positive, api_visibility="private")
    auditing = run.click(fairness_audit,
                         inputs=[dataset, upload, target, positive, protected, model, mitigation, seed, favourable],
                         outputs=[metrics_json, groups_table, sentences, details, rates_plot, tradeoff_plot],
                         api_name="fairness_audit", concurrency_limit=HEAVY_EVENT_CONCURRENCY)
    reveal_when_done(auditing, groups_table, details_box, rates_plot, tradeoff_plot, metrics_box)  # no empty frames
    show_failures(auditing, audit_error, {metrics_json: None, groups_table: None, sentences: AUDIT_READY,
                                          details_box: gr.update(visible=False), details: "",
                                          metrics_box: gr.update(visible=False),
                                          rates_plot: None, tradeoff_plot: None}, triggers=(run.click,))
    reporting = refresh.click(energy_report, inputs=[country, custom],
                              outputs=[energy_json, energy_table, energy_text, energy_plot], api_name="energy_report")
    reveal_when_done(reporting, energy_table, energy_plot, hide_when_empty=True)  # nothing measured: neither
    show_failures(reporting, energy_error, {energy_json: None, energy_table: None, energy_text: "", energy_plot: None},
                  triggers=(refresh.click,))
    search_triggers = (search.click, log_tab.input, log_text.submit, log_since.submit, admin_token.submit)
    searching = gr.on(search_triggers, transparency, inputs=[log_tab, log_text, log_since, admin_token],
                      outputs=[log_table, checklist, cards, log_file], api_name="audit_log")
    reveal_when_done(searching, log_table)
    searching.success(labelled_log_table, inputs=log_file, outputs=log_table, api_visibility="private", queue=False)
    reveal_when_done(searching, log_file, hide_when_empty=True)
    show_failures(searching, search_error, {log_table: None, checklist: "", log_file: None}, triggers=search_triggers)
    probing = gr.on((probe_button.click, probe_jobs.submit), bias_probe, inputs=[probe_jobs, probe_samples],
                                 outputs=[probe_table, probe_plot, probe_text], api_visibility="private",
                                 **JOB_EVENTS, show_progress_on=[probe_text])  # the table is hidden until done
    reveal_when_done(probing, probe_table, probe_plot)
    show_failures(probing, probe_error, {probe_table: None, probe_plot: None, probe_text: ""},
                  triggers=(probe_button.click, probe_jobs.submit))
    quantising = quantise_button.click(quantisation_lab, outputs=[quantise_table, quantise_text],
                                       api_visibility="private", **JOB_EVENTS, show_progress_on=[quantise_text])
    reveal_when_done(quantising, quantise_table)
    show_failures(quantising, quantise_error, {quantise_table: None, quantise_text: ""},
                  triggers=(quantise_button.click,))
    anonymising = anonymise_button.click(anonymize, inputs=[anonymise_upload],
                                         outputs=[anonymise_json, anonymise_preview, anonymise_text, anonymise_file],
                                         api_name="anonymize", concurrency_limit=HEAVY_EVENT_CONCURRENCY)
    reveal_when_done(anonymising, anonymise_preview, anonymise_file, anonymise_json_box)
    show_failures(anonymising, anonymise_error, {anonymise_json: None, anonymise_preview: None, anonymise_file: None,
                                                  anonymise_json_box: gr.update(visible=False),
                                                  anonymise_text: ANONYMISER_EXPLANATION},
                  triggers=(anonymise_button.click,))


if __name__ == "__main__":
    import sys

    from apps.ui import launch_alone

    launch_alone(sys.modules[__name__])
