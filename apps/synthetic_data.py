"""Synthetic data tab: learn a real table, generate a private look-alike, and show how good it is."""

from __future__ import annotations

import json
import random
from collections import OrderedDict
from pathlib import Path

import gradio as gr

from apps.error_display import as_plain_error, error_line, plain_message, show_failures

import pandas as pd

from apps.fair_queue import JOB_EVENTS
from apps.ui import (audit_record, download_box, follow_job, job_outcome, result_table, reveal_when_done, seed_box,
                     session_key, tab_id)
from core.tabular.datasets import DATASETS, load_dataset
from core.tabular.schema import COLUMN_TYPES, MODELLED_TYPES, describe_columns
from core.privacy.plan import LEAVE_OUT, REPLACE, plan_identifiers
from core.tabular.synthesize import GENERATORS, SynthesisConfig, synthesize

GENERATES_CONTENT = True
AI_DISCLOSURE = (
    "Synthetic rows are made by a machine-learning model from the real table you chose; the report measures "
    "how close they come to real people, and every table made here is recorded in the audit log."
)
TITLE = "Synthetic data"
SUMMARY = "Learn a real table, generate a private look-alike, and see how faithful, useful and private it is."
SETTINGS_KEY = "synthetic_data"
MODEL_DESCRIPTION = ("learned from your table when you press Generate: a Gaussian copula by default, "
                     "or on request one of two neural networks, CTGAN or TVAE; nothing is downloaded")
LIMITS = ("tables of up to 50 MB; the two neural-network generators take minutes here. A synthetic table is only as private as the "
          "privacy checks shown beside it measure.")
PREVIEW_ROWS = 1000
GENERATORS_IN_BRIEF = ("Gaussian copula (a statistics method): fast and steady, learns each column and how columns move "
                       "together. CTGAN (a generative adversarial network, GAN, for tables) and TVAE (a variational "
                       "autoencoder for tables): two kinds of neural network, slower (minutes), can learn unusual "
                       "shapes.")
NONE = "(none)"
UPLOAD = "Upload your own file"

INTRODUCTION = """
## Synthetic data
Some tables cannot be shared: patients, loans, transactions. A **generator** can learn a table's
patterns and make **new rows that look like it, meant to belong to no real person**. Pick a table (or
upload one), choose a generator, and press **Generate**. The report then tells you how faithful
the copy is, whether it is still useful for building a model, whether it leaks real records, and
whether it makes gaps between groups of people wider.
"""

HOW_IT_WORKS = """
**How it works.** The real rows are split: 70% are shown to the generator, 30% are kept back.
Fidelity compares the synthetic rows with the rows the generator saw. Usefulness trains a model on
synthetic rows and tests it on the kept-back real rows. Privacy counts real names, e-mails and other
identifiers that come back (names, e-mails, phones, ID numbers and addresses are never learned: they
are replaced with fakes or left out), copies of real rows and reused real numbers, and checks that
synthetic rows are no closer to the rows the generator saw than to the kept-back ones (about 50% is
what honest generation gives), with SDMetrics' privacy metrics.

**The generators.** The Gaussian copula is a classic statistical recipe: it learns each column's shape and how
the columns move together. CTGAN (conditional tabular generative adversarial network) and TVAE (tabular
variational autoencoder) are neural networks, the table versions of the GAN and VAE in the Lab tab.
"""

JOB_NAME = "synthetic data"
_latest_results: "OrderedDict[str, object]" = OrderedDict()  # per browser session; a gr.State would keep a
MAX_KEPT_RESULTS = 32  # connection open for ever and the page would never look idle to a browser test


READY = ("### The report appears here\nPick a table and press **Generate synthetic data**. "
         "With the Gaussian copula it takes seconds when the server is quiet (the first time up to ten); "
         "CTGAN and TVAE take minutes.")

def dataset_choices() -> list[tuple[str, str]]:
    return [(info.title, key) for key, info in DATASETS.items()] + [(UPLOAD, UPLOAD)]


def load_source(dataset: str, upload: str | None) -> pd.DataFrame:
    if dataset == UPLOAD:
        if not upload:
            raise ValueError("Upload a CSV or Parquet file first, or pick one of the example tables.")
        from core.tabular.reading import read_table

        return read_table(upload)
    return load_dataset(dataset)


def columns_table(table: pd.DataFrame, column_types: dict[str, str] | None = None) -> pd.DataFrame:
    return pd.DataFrame(
        [(c.name, column_types.get(c.name, c.type) if column_types else c.type, c.unique, f"{c.missing_share:.0%}",
          c.example[:40]) for c in describe_columns(table)],
        columns=["column", "type", "distinct values", "missing", "example"],
    )


def personal_data_markdown(table: pd.DataFrame, handling: str = REPLACE) -> str:
    """What was found in the table and what Generate will do with it, said before anything is generated."""
    return _personal_data_words(plan_identifiers(table, handling=handling).sentences)


def _personal_data_words(sentences: list[str]) -> str:
    if not sentences:
        return "**Personal data:** none found by name or by value (names, e-mails, phones, ID numbers, addresses)."
    return "**Personal data, before you generate:**\n" + "\n".join(f"- {line}" for line in sentences)


def on_identifier_handling_change(dataset: str, upload: str | None, handling: str):
    if dataset == UPLOAD and not upload:
        return ""
    return personal_data_markdown(load_source(dataset, upload), handling)


def overrides_from(types_table: pd.DataFrame | None) -> dict[str, str] | None:
    if types_table is None or len(types_table) == 0 or "column" not in types_table:
        return None
    overrides = {}
    for name, kind in zip(types_table["column"], types_table["type"]):
        kind = str(kind).strip().lower()
        if kind not in COLUMN_TYPES:
            raise ValueError(f"Column {name!r}: {kind!r} is not a type. Use one of: {', '.join(COLUMN_TYPES)}.")
        overrides[str(name)] = kind
    return overrides


def on_source_change(dataset: str, upload: str | None, handling: str = REPLACE):
    """Describe the chosen table: its columns and their meaning and types, its personal data, and sensible target
    and protected columns."""
    from core.tabular.data_dictionary import column_choices, dictionary_markdown

    if dataset == UPLOAD and not upload:
        empty = gr.update(choices=[NONE], value=NONE)
        return ("Upload a CSV or Parquet file (up to 50 MB, 200,000 rows, 100 columns).", None,
                gr.update(visible=True), empty, empty, empty, "", empty, gr.update(visible=False))
    try:
        table = load_source(dataset, upload)
    except ValueError as error:  # said beside the upload, once; Generate would say it again
        empty = gr.update(choices=[NONE], value=NONE)
        return (f"⚠️ {plain_message(error)}", None, gr.update(visible=True), empty, empty, empty, "", empty,
                gr.update(visible=False))
    plan = plan_identifiers(table, handling=handling)
    column_types = plan.column_types
    modelled = [name for name, kind in column_types.items() if kind in MODELLED_TYPES]
    categorical = [name for name, kind in column_types.items() if kind in ("categorical", "boolean")]
    info = DATASETS.get(dataset)
    description = info.description if info else "Your file:"
    description += f" **{len(table):,} rows, {len(table.columns)} columns.**"
    dictionary = dictionary_markdown(dataset, [str(column) for column in table.columns])
    origin = f"Source: {info.source}; licence: {info.licence}." if info else ""
    if dictionary or origin:
        description += (f"\n\n<details><summary>What the columns mean, and where the table comes from</summary>\n\n"
                        f"{origin}\n\n{dictionary}\n\n</details>")
    target = info.target if info else (categorical[-1] if categorical else NONE)
    protected = info.protected if info and info.protected else NONE
    return (
        description,
        columns_table(table, column_types),
        gr.update(visible=dataset == UPLOAD),
        gr.update(choices=[(NONE, NONE)] + column_choices(dataset, modelled), value=target),
        gr.update(choices=[(NONE, NONE)] + column_choices(dataset, categorical), value=protected),
        gr.update(choices=[(NONE, NONE)] + column_choices(dataset, categorical), value=NONE),
        _personal_data_words(plan.sentences),
        gr.update(choices=[(NONE, NONE)] + column_choices(dataset, modelled), value=NONE),
        gr.update(visible=bool(plan.sentences)),  # a choice only where there is personal data to handle
    )


def on_fixed_column_change(dataset: str, upload: str | None, column: str):
    if not column or column == NONE:
        return gr.update(choices=[], value=None, visible=False)
    values = load_source(dataset, upload)[column].dropna().astype(str).value_counts().index.tolist()
    return gr.update(choices=values, value=values[-1] if values else None, visible=True)


def _write_downloads(synthetic: pd.DataFrame, report: dict, name: str) -> list[str]:
    from core.inputs.exports import write_csv
    from core.inputs.scratch import request_folder

    folder = request_folder("genlab-synthetic")
    csv_path, json_path = folder / f"synthetic-{name}.csv", folder / f"report-{name}.json"
    write_csv(synthetic, csv_path)
    json_path.write_text(json.dumps(report, indent=2))
    return [str(csv_path), str(json_path)]


def run_synthesis(dataset: str, upload: str | None, generator: str, rows: float, seed: float,
                  target: str = NONE, protected: str = NONE, fixed_column: str = NONE, fixed_value: str | None = None,
                  epochs: float = 100, batch_size: float = 500, types_table: pd.DataFrame | None = None,
                  identifiers: str = REPLACE, smooth: bool = True, sensitive: str = NONE,
                  request: gr.Request = None, progress=gr.Progress()):
    """Learn a real table and generate synthetic rows like it, then report their quality (how alike the columns
    and their relations are), their use (a model trained on them, tested on real rows) and their privacy (how
    close they come to real people). Names, e-mails, phones, ID numbers and addresses are never learned.

    Args:
        dataset: A built-in table: "hmda" (mortgage decisions), "student_placements", "breast_cancer", "wage"
            or "credit_card"; ignored when `upload` is given.
        upload: Your own table, a CSV, TSV or Parquet file of at most 50 MB (at least 50 rows).
        generator: "Gaussian copula" (fast, steady), "CTGAN" (a GAN for tables) or "TVAE" (a variational
            autoencoder for tables).
        rows: How many synthetic rows to make, 1 to 100000.
        seed: Whole number from 0 to 4294967295 that repeats a result; empty or -1 for a random one.
        target: The column a model should predict, for the usefulness test; "(none)" to skip it.
        protected: A column of groups (e.g. sex) whose outcome rates are compared; "(none)" to skip it.
        fixed_column: A column to fix to one value in every synthetic row; "(none)" for no condition.
        fixed_value: The value `fixed_column` takes.
        epochs: Training passes over the table for CTGAN and TVAE, 1 to 500.
        batch_size: Rows per training step for CTGAN and TVAE, 10 to 1000.
        types_table: Optional column types, a table of column and type (numeric, categorical, boolean,
            datetime, identifier, text); empty to detect them.
        identifiers: What happens to identifier columns: "replace with fakes" or "leave out".
        smooth: Keep the Gaussian copula from reusing any real number.
        sensitive: A column whose disclosure risk the privacy report measures; "(none)" to skip it.

    Returns:
        The first 1,000 synthetic rows.
        The report as JSON: quality, usefulness, privacy tests and their verdicts.
        Files to download: the synthetic rows as CSV and the report as JSON.
    """
    from core.jobs import cancel_jobs, start_job
    from core.tabular.synthesize import synthesis_job

    from core.inputs.numbers import as_whole, resolve_seed

    session = session_key(request)
    try:
        seed = resolve_seed(seed)  # empty or -1: a random seed, reported back as the report's "seed"
        table = load_source(dataset, upload)
        config = SynthesisConfig(
            generator=generator, rows=as_whole(rows, "number of synthetic rows"), seed=seed,
            epochs=as_whole(epochs, "number of epochs"), batch_size=as_whole(batch_size, "batch size"),
            column_types=_matching_overrides(types_table, table), target=_pick(target), protected=_pick(protected),
            positive=DATASETS[dataset].positive if dataset in DATASETS and _pick(target) == DATASETS[dataset].target
            else None,
            condition_column=_pick(fixed_column), condition_value=fixed_value if _pick(fixed_column) else None,
            identifiers=identifiers or REPLACE, smooth=bool(smooth), sensitive=_pick(sensitive),
            dataset=dataset if dataset in DATASETS else None,
        )
        config.check(table)
    except ValueError as error:
        raise as_plain_error(error, title="Please check your choices") from error
    cancel_jobs(session, JOB_NAME)
    job = start_job(synthesis_job, table, config, name=JOB_NAME, owner=session)
    for _ in follow_job(job, progress):
        yield gr.skip(), gr.skip(), gr.skip()
    result = job_outcome(job, stopped="Training stopped. Press Generate to start again.")
    from core.tabular.synthesize import record_synthesis

    record_id = record_synthesis(result, config, real_rows=len(table))  # the downloads below name it
    report = result.report.to_dict()
    report.update(generator=generator, rows=len(result.synthetic), seed=seed, notices=result.notices,
                  audit_record=record_id, fit_seconds=round(result.fit_seconds, 3),
                  sample_seconds=round(result.sample_seconds, 3), measure_seconds=round(result.measure_seconds, 3))
    name = dataset if dataset in DATASETS else "upload"
    _latest_results[session] = result
    while len(_latest_results) > MAX_KEPT_RESULTS:
        _latest_results.popitem(last=False)
    yield preview_rows(result.synthetic), report, _write_downloads(result.synthetic, report, name)


def _pick(value: str | None) -> str | None:
    return None if value in (None, "", NONE) else value


def _matching_overrides(types_table: pd.DataFrame | None, table: pd.DataFrame) -> dict[str, str] | None:
    overrides = overrides_from(types_table)
    if overrides and set(overrides) == {str(c) for c in table.columns}:
        return overrides
    return None


def stop_synthesis(request: gr.Request):
    from core.jobs import cancel_jobs

    cancel_jobs(session_key(request), JOB_NAME)


def headline_markdown(result) -> str:
    if result is None:
        return ""
    report = result.report
    lines = [f"## Quality {report.quality_score:.0%}", ""]
    evidence = set(privacy_evidence(result))  # shown one click away, under the summary
    lines += [f"- {sentence}" for sentence in report.sentences if sentence not in evidence]
    lines += [f"- *{notice}*" for notice in result.notices]
    lines.append(f"\n{time_spent(result)} {audit_record(result.record_id)}.")
    return "\n".join(lines)


def privacy_evidence(result) -> list[str]:
    """The figures that show the summary's "Privacy:" line true: copies, distances, reused values."""
    privacy = result.report.privacy if result is not None else None
    return privacy.sentences[1:] if privacy else []


def privacy_evidence_markdown(result) -> str:
    return "\n".join(f"- {sentence}" for sentence in privacy_evidence(result))


def time_spent(result) -> str:
    """Where the wait went: learning, generating, and measuring the result (often the longest with the copula)."""
    parts = {"learning the table": result.fit_seconds, "generating the rows": result.sample_seconds,
             "measuring the result": result.measure_seconds}
    longest = max(parts, key=parts.get)
    spent = ", ".join(f"{name} {_duration(seconds)}" for name, seconds in parts.items())
    return f"Time spent: {_duration(sum(parts.values()))}, most of it {longest} ({spent})."


def _duration(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"


TYPE_WORDS = {"numeric": "number", "categorical": "category", "boolean": "yes/no", "datetime": "date"}


def details_markdown(result, labels: dict[str, str] | None = None) -> str:
    """Per-column figures and usefulness, columns named as `labels` say; the privacy readings are in the report
    above, not repeated here."""
    if result is None:
        return ""
    said = (labels or {}).get
    report = result.report
    lines = ["How alike each synthetic column is to the real one. **Shape match**: 1 means the same spread of "
             "values (SDMetrics' column shape score). **Values to change**: the share of synthetic values that would "
             "have to change to match the real column's spread exactly (0 is a perfect match; experts call it the "
             "total-variation distance). **KL divergence** (Kullback-Leibler): the same gap as information theory "
             "measures it, for experts (0 is a perfect match, no upper limit).", "",
             "| column | kind | shape match | values to change | KL divergence |", "|---|---|---|---|---|"]
    for column in report.columns:
        score = "" if column.sdmetrics_score is None else f"{column.sdmetrics_score:.2f}"
        lines.append(f"| {said(column.column, column.column)} | {TYPE_WORDS.get(column.type, column.type)} | {score} | "
                     f"{column.tv_distance:.0%} | {column.kl_divergence:.3f} |")
    useful = report.usefulness
    if useful:
        real = "n/a" if useful.real_score is None else f"{useful.real_score:.3f}"
        synthetic = "n/a" if useful.synthetic_score is None else f"{useful.synthetic_score:.3f}"
        lines += ["", f"**Usefulness** ({useful.task} of {said(useful.target, useful.target)}, {useful.metric} on "
                      f"kept-back real rows): trained on real rows {real}, trained on synthetic rows {synthetic}. "
                      f"{useful.note}"]
    lines += ["", f"**Validity check** (values within the real ranges and categories): {report.validity_percent:.1f}%."]
    return "\n".join(lines)


def preview_rows(synthetic: pd.DataFrame) -> pd.DataFrame:
    """The first rows to show, numbers to 4 decimals (the download keeps every digit). The API returns them under
    the table's own column names; the tab then heads them in plain words (`render_report`)."""
    return synthetic.head(PREVIEW_ROWS).round(4)


def render_report(column: str | None = None, dataset: str = "", request: gr.Request = None):
    """Figures and text for this session's finished synthesis (not part of the public API)."""
    from core.tabular.data_dictionary import axis_labels, column_choices, column_labels, plain_label
    from core.tabular.figures import correlation_difference_figure, distribution_figure, group_rates_figure

    result = _latest_results.get(session_key(request))
    if result is None:
        return "", gr.update(visible=False), "", "", None, gr.update(), None, None, gr.update(), gr.skip()
    columns = [c.column for c in result.report.columns]
    worst = max(result.report.columns, key=lambda c: c.tv_distance).column
    column = column if column in columns else worst
    fairness = result.report.fairness
    labels = column_labels(dataset, columns)
    fairness_figure = (group_rates_figure(fairness.real_rates, fairness.synthetic_rates, fairness.outcome,
                                          fairness.positive, fairness.protected, labels) if fairness else None)
    return (
        headline_markdown(result),
        gr.update(visible=bool(privacy_evidence(result))),
        privacy_evidence_markdown(result),
        details_markdown(result, labels),
        distribution_figure(result.train, result.synthetic, column, result.column_types[column],
                            plain_label(dataset, column)),
        gr.update(choices=column_choices(dataset, columns), value=column),
        correlation_difference_figure(result.train, result.synthetic, result.column_types, labels=labels,
                                      axis_names=axis_labels(dataset, columns)),
        fairness_figure,
        gr.update(visible=fairness is None),
        preview_rows(result.synthetic).rename(columns=labels) if labels else gr.skip(),
    )


def show_column(column: str, dataset: str = "", request: gr.Request = None):
    from core.tabular.data_dictionary import plain_label
    from core.tabular.figures import distribution_figure

    result = _latest_results.get(session_key(request))
    if result is None or not column:
        return None
    return distribution_figure(result.train, result.synthetic, column, result.column_types[column],
                               plain_label(dataset, column))


def render() -> None:
    """Lay out the tab inside the current Blocks."""
    gr.Markdown(INTRODUCTION)
    gr.Markdown(f"**Made by AI.** {AI_DISCLOSURE}", elem_classes="genlab-note")
    with gr.Row():
        with gr.Column(scale=2, min_width=340):
            dataset = gr.Dropdown(dataset_choices(), value="hmda", label="Real table", allow_custom_value=True)
            description = gr.Markdown(DATASETS["hmda"].description)
            personal_data = gr.Markdown()
            identifiers = gr.Radio([REPLACE, LEAVE_OUT], value=REPLACE, visible=False,
                                   label="Names, e-mails, phones, ID numbers and addresses",
                                   info="Never learned from your table. Fakes keep the format and match none of yours.")
            upload = gr.File(label="Your table (CSV or Parquet, up to 50\u00a0MB)",
                             file_types=[".csv", ".parquet", ".tsv"],
                             type="filepath", visible=False)
            generator = gr.Radio(list(GENERATORS), value="Gaussian copula", label="Generator",
                                 info=GENERATORS_IN_BRIEF)
            with gr.Row(equal_height=True):
                generate = gr.Button("Generate synthetic data", variant="primary", scale=2)  # on one line
                stop = gr.Button("Stop", variant="stop")
            generate_error = error_line()
            with gr.Accordion("More options: rows, seed, what the report checks", open=False):
                with gr.Row():
                    rows = gr.Number(1000, label="Synthetic rows (1 to 100,000)")  # no bounds: the handler says why
                    seed = seed_box(0, label="Seed (same seed, same result)")
                    dice = gr.Button("Random seed", size="sm", min_width=110, scale=0)
                target = gr.Dropdown([NONE], value=NONE, label="Target: the column a model should predict",
                                     allow_custom_value=True,
                                     info="Used to test whether synthetic rows are as useful as real ones.")
                protected = gr.Dropdown([NONE], value=NONE, label="Protected column (optional)", allow_custom_value=True,
                                        info="A group such as race or gender: checks whether the gap between groups "
                                             "grows.")
                with gr.Row():
                    fixed_column = gr.Dropdown([NONE], value=NONE, label="Fix a column", allow_custom_value=True,
                                               info="Make every row have one value, e.g. more denied loans.")
                    fixed_value = gr.Dropdown([], label="to the value", visible=False, allow_custom_value=True)
                with gr.Row():
                    epochs = gr.Slider(1, 500, value=100, step=1, label="Epochs (CTGAN, TVAE)",
                                       info="Passes over the data; more learns more and takes longer.")
                    batch_size = gr.Slider(10, 1000, value=500, step=10, label="Batch size (CTGAN, TVAE)")
                with gr.Row():
                    smooth = gr.Checkbox(True, label="Smooth numbers (Gaussian copula)",
                                         info="Draw numbers near, never equal to, real ones; no real minimum or maximum "
                                              "is copied.")
                    sensitive = gr.Dropdown([NONE], value=NONE, label="Sensitive column (optional)",
                                            allow_custom_value=True,
                                            info="Measures how well someone could guess it for a real person.")
                types_table = gr.Dataframe(label="Column types (edit the type to change how a column is learned)",
                                           interactive=True, static_columns=[0, 2, 3, 4], wrap=True,
                                           max_height=320)
                gr.Markdown(f"Types: {', '.join(COLUMN_TYPES)}. Identifier columns are never learned (faked or left "
                            "out, as chosen above); free-text columns are left out.",
                            elem_classes="genlab-note")
            with gr.Accordion("How it works", open=False):  # closed, so results sit just below the button
                gr.Markdown(HOW_IT_WORKS, elem_classes="genlab-note")
        with gr.Column(scale=3):
            headline = gr.Markdown(READY, label="Summary", elem_id="synthesis-summary",
                                   elem_classes="genlab-progress-above")
            with gr.Accordion("Privacy: the checks behind it", open=False, visible=False) as evidence_box:
                evidence = gr.Markdown()
            with gr.Tabs(overflow_behavior="wrap", visible=False) as report_tabs:  # shown with a report
                with gr.Tab("Distributions", **tab_id("synthetic_data", "distributions")):
                    column_choice = gr.Dropdown([], label="Column")
                    distribution_plot = gr.Plot(label="Real vs synthetic")
                with gr.Tab("Relationships", **tab_id("synthetic_data", "relationships")):
                    relationships_plot = gr.Plot(label="How links between columns changed", show_label=False)  # its title says it
                with gr.Tab("Fairness", **tab_id("synthetic_data", "fairness")):
                    fairness_plot = gr.Plot(label="Outcome rate by group")
                    fairness_hint = gr.Markdown("Pick a protected column and a yes/no target to see this.",
                                                elem_classes="genlab-note")
                with gr.Tab("Details", **tab_id("synthetic_data", "details")):
                    details = gr.Markdown()
                with gr.Tab("Synthetic rows", **tab_id("synthetic_data", "rows")):
                    preview = result_table(f"Synthetic rows (first {PREVIEW_ROWS:,})", max_height=420)
                with gr.Tab("Downloads", **tab_id("synthetic_data", "downloads")):
                    downloads = download_box("The synthetic table (CSV) and its report (JSON)", file_count="multiple")
                    with gr.Accordion("The report as data, for programmers (JSON)", open=False):
                        report_json = gr.JSON(label="Report")

    source_outputs = [description, types_table, upload, target, protected, fixed_column, personal_data, sensitive,
                      identifiers]
    gr.on(None, on_source_change, inputs=[dataset, upload, identifiers], outputs=source_outputs,
          api_visibility="private")
    no_report = {headline: READY, evidence_box: gr.update(visible=False), evidence: "", details: "",
                 distribution_plot: None, relationships_plot: None, fairness_plot: None,
                 preview: gr.update(value=None, visible=False), report_json: None, downloads: None,
                 report_tabs: gr.update(visible=False)}
    gr.on([dataset.change, upload.change],  # a report on another table is stale: emptied, READY back
          lambda: tuple(no_report.values()), outputs=list(no_report),
          queue=False, show_progress="hidden", api_visibility="private")
    identifiers.change(on_identifier_handling_change, inputs=[dataset, upload, identifiers], outputs=personal_data,
                       api_visibility="private")
    fixed_column.change(on_fixed_column_change, inputs=[dataset, upload, fixed_column], outputs=fixed_value,
                        api_visibility="private")
    dice.click(lambda: random.randint(0, 2**31 - 1), outputs=seed, api_visibility="private")
    run = generate.click(
        run_synthesis,
        inputs=[dataset, upload, generator, rows, seed, target, protected, fixed_column, fixed_value, epochs,
                batch_size, types_table, identifiers, smooth, sensitive],
        outputs=[preview, report_json, downloads],
        api_name="synthesize",
        **JOB_EVENTS,
        show_progress_on=[headline],
    )
    show_failures(run, generate_error, no_report, triggers=(generate.click,))
    rendering = run.success(render_report, inputs=[column_choice, dataset],
                            outputs=[headline, evidence_box, evidence, details, distribution_plot, column_choice,
                                     relationships_plot, fairness_plot, fairness_hint, preview],
                            api_visibility="private")
    reveal_when_done(run, preview)
    reveal_when_done(rendering, report_tabs)
    stop.click(stop_synthesis, cancels=[run], concurrency_limit=None, api_visibility="private")
    column_choice.input(show_column, inputs=[column_choice, dataset], outputs=distribution_plot,
                        api_visibility="private")


if __name__ == "__main__":
    import sys

    from apps.ui import launch_alone

    launch_alone(sys.modules[__name__])
