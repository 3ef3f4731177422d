"""Molecules tab: generate drug-like molecules, inspect their properties, optimise them for a goal."""

from __future__ import annotations

import json
from pathlib import Path

import gradio as gr

from apps.error_display import as_plain_error, error_line, show_failures
import pandas as pd

from apps.fair_queue import JOB_EVENTS, MODEL_EVENTS
from core.chart_colours import LINE
from core.molecules.generator import MAX_COUNT  # torch and RDKit are imported only when used
from core.molecules.properties import PROPERTY_HEADINGS  # a plain dict: RDKit is imported only when used
from apps.ui import (audit_record, download_box, follow_job, job_outcome, keep_seed_button, picture_gallery,
                     result_table, reveal_when_done, reveal_when_started, seed_box, session_key, tab_id)

GENERATES_CONTENT = True
AI_DISCLOSURE = (
    "Generated and optimised molecules are proposed by algorithms (a trained model or a genetic "
    "algorithm) and not tested in a lab; some may be molecules already known. Every run is recorded in the "
    "audit log."
)
TITLE = "Molecules"
SUMMARY = "Generate drug-like molecules, see them drawn with their properties, and optimise them for a goal."
SETTINGS_KEY = "molecules"
LIMITS = ("its molecules are proposals, never made or tested: drug-likeness and ease of making are calculations, "
          "not lab results.")


GENERATE_READY = "Press **Generate molecules** to invent some."
OPTIMISE_READY = ("Set a goal and press **Start optimising**: the plot climbs as the optimiser finds better "
                  "molecules.")

def MODEL_DESCRIPTION() -> str:  # noqa: N802 (read by the About tab like the other tabs' constant)
    if molecule_format := generator_format():
        return (f"a {molecule_format.upper()} language model (LSTM) this project trained on 1.58 M ZINC molecules "
                "(MOSES)")
    return "not installed on this machine: properties and the breeding optimiser work without it"
DRAWN_LIMIT = 12  # the table lists them all
NONE = "(none)"

INTRODUCTION = """
## Molecules
A molecule can be written as a line of text called **SMILES** (the simplified molecular-input line-entry
system: ethanol is `CCO`). Here you can **generate** new drug-like molecules with a model that learned from
1.58 million real ones, look at their **properties** (is it drug-like? easy to make? does it carry a warning sign?), and
let an **optimiser** climb towards a goal you set.
"""

INTRODUCTION_WITHOUT_GENERATOR = """
## Molecules
A molecule can be written as a line of text called **SMILES** (the simplified molecular-input line-entry
system: ethanol is `CCO`). Here you can look at molecules' **properties** (is it drug-like? easy to make?
does it carry a warning sign?) and let an **optimiser** breed molecules towards a goal you set. Generating new
molecules with our own model appears here once its trained weights are installed.
"""

GOAL_PRESETS = {
    "Drug-like and easy to make": dict(qed=1.0, sa=1.0, logp=None, mw=None, reference="", similarity=0.0,
                                       required="", forbidden="", lipinski=True, pains=True),
    "Like celecoxib (a painkiller)": dict(
        qed=1.0, sa=1.0, logp=(2.0, 3.0), mw=None,
        reference="Cc1ccc(-c2cc(C(F)(F)F)nn2-c2ccc(S(N)(=O)=O)cc2)cc1", similarity=1.0,
        required="", forbidden="", lipinski=True, pains=True),
    "Small and soluble": dict(qed=0.5, sa=1.0, logp=(0.0, 2.0), mw=(200.0, 350.0), reference="", similarity=0.0,
                              required="", forbidden="", lipinski=True, pains=True),
}
PRESET_INFO = "It fills in the goal below (oiliness, weight, a molecule to resemble); change any of it."
SELFIES_SENTENCE = ("The generator writes molecules in **SELFIES** (self-referencing embedded strings), a spelling "
                    "of SMILES in which every string of symbols is a real molecule, so it cannot write nonsense; it "
                    "can still write odd molecules.")
DOWNLOAD_LABEL = "Download the table (CSV) and the molecules (SDF, for chemistry software)"
METHOD_NAMES = {"Graph GA": "Breed molecules", "Generator-guided": "Teach the generator"}

PROPERTY_HELP = """
Weight: most pills weigh under 500 daltons. Oiliness (logP, Crippen's estimate):
above 5 is too oily for most drugs. Polar surface (topological polar surface area): above 140 square
ångströms, hard to absorb from the gut. H-bond donors and acceptors: hydrogen bonds the molecule can give and
take. Rotatable bonds: how floppy it is. Drug-likeness (QED, quantitative estimate of drug-likeness): 0 to 1,
higher is more drug-like. Hard to make (SA, synthetic accessibility): 1 easy to 10 hard. Lipinski and Veber:
classic rules of thumb for pills. PAINS (pan-assay interference compounds) and Brenk alerts: substructures
known to cause false hits or trouble. The CSV download keeps the short column names (mw, logp, tpsa...).
"""


def property_help() -> None:
    """What the properties table's columns mean, one click away under it."""
    with gr.Accordion("What the columns mean", open=False):
        gr.Markdown(PROPERTY_HELP, elem_classes="genlab-note")


PROPERTY_HEADERS = ["name", *(heading for key, heading in PROPERTY_HEADINGS.items() if key not in ("similarity",
                                                                                                    "smiles")),
                    PROPERTY_HEADINGS["smiles"]]


def shown(frame: pd.DataFrame) -> pd.DataFrame:
    """A properties table with its columns in plain words (core.molecules.properties.PROPERTY_HEADINGS), the
    SMILES last: on a phone the name and the first properties fill the screen, not a long line of letters."""
    order = [column for column in frame.columns if column != "smiles"] + ["smiles"] * ("smiles" in frame.columns)
    return frame[order].rename(columns=PROPERTY_HEADINGS)


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    """A column of a table as shown (plain headings) or as computed (short names)."""
    for key in (PROPERTY_HEADINGS.get(name, name), name):
        if key in frame:
            return frame[key]
    return pd.Series(dtype=float)


OPTIMISATION_JOB = "molecule optimisation"
_stopped_by_visitor: set[str] = set()  # sessions whose Stop button ended their optimisation (not a newer run)


def _properties_frame(mols, names, reference=None) -> pd.DataFrame:
    from core.molecules.properties import compute_properties

    rows = []
    for mol, name in zip(mols, names):
        row = compute_properties(mol, reference).as_row()
        rows.append({"name": name, **row})
    frame = pd.DataFrame(rows)
    if reference is None and "similarity" in frame:
        frame = frame.drop(columns=["similarity"])
    return frame


def _write_files(frame: pd.DataFrame, mols, names, stem: str) -> list[str]:
    from core.molecules.drawing import sdf_text

    from core.inputs.exports import write_csv
    from core.inputs.scratch import request_folder

    folder = request_folder("genlab-molecules")
    csv_path, sdf_path = folder / f"{stem}.csv", folder / f"{stem}.sdf"
    write_csv(frame, csv_path)
    sdf_path.write_text(sdf_text(mols, names, frame.to_dict("records")))
    return [str(csv_path), str(sdf_path)]


def _drawings(mols, legends, highlight: str | None = None):
    from core.molecules.drawing import drawings

    if not mols:
        return None
    return drawings(mols[:DRAWN_LIMIT], legends[:DRAWN_LIMIT], highlight_smarts=highlight or None)


def molecule_gallery(label: str, **options) -> gr.Gallery:
    """Drawings of molecules, four to a row on a laptop and two on a phone; a tap shows one large."""
    return picture_gallery(label, fit_rows=True, columns=4, type="pil", format="png", interactive=False,
                           show_label=False, elem_classes=["genlab-invert-dark", "genlab-two-a-row"],
                           visible=False, **options)  # shown with its molecules: no empty frame before them


def generate_molecules(count: float = 20, temperature: float = 1.0, seed: float | None = None,
                       progress=gr.Progress()):
    """Invent new drug-like molecules with the suite's generator (a language model over SELFIES strings trained
    on the MOSES set), check them with RDKit and measure how valid, unique and novel they are.

    Args:
        count: How many molecules to sample, 1 to 10,000.
        temperature: Boldness, 0.5 (safe, familiar molecules) to 1.5 (stranger ones); 1 is the model as trained.
        seed: Whole number from 0 to 4294967295 that repeats a sample; empty or -1 for a random one.

    Returns:
        A table of the molecules: SMILES and properties (weight, logP, QED drug-likeness, SA ease of making...).
        Their quality as JSON: the share valid, unique and not in the training set.
        Drawings of the first 12, one picture each.
        Files to download: the molecules as CSV and SDF.
    """
    from rdkit import Chem

    from core.molecules.generator import GenerationConfig, MoleculeGenerator
    from core.provenance import get_recorder

    try:
        from core.inputs.numbers import as_float, as_whole, resolve_seed

        config = GenerationConfig(count=as_whole(count, "number of molecules"),
                                  temperature=as_float(temperature, "temperature"), seed=resolve_seed(seed))
        config.check()
        progress(0.1, desc="Loading the generator")
        generator = MoleculeGenerator.load()
        progress(0.3, desc=f"Writing {config.count} molecules")
        recorder = get_recorder()
        with recorder.meter() as meter:
            result = generator.generate(config)
    except ValueError as error:
        raise as_plain_error(error, title="Please check your choices") from error
    progress(0.8, desc="Measuring properties")
    mols = [Chem.MolFromSmiles(s) for s in result.valid_smiles]
    names = [f"gen-{i + 1}" for i in range(len(mols))]
    frame = _properties_frame(mols, names)
    if len(frame) and result.novel:
        frame.insert(2, "new (not in training set)", ["yes" if new else "no" for new in result.novel])
    metrics = result.metrics
    legends = drawing_legends(names, frame)
    files = _write_files(frame, mols, names, "generated-molecules") if mols else None
    drawing = _drawings(mols, legends)
    record = recorder.record_output("\n".join(result.raw_smiles), tab="molecules", backend="embedded",
                                    model_id=generator.name, parameters=vars(config) | {"kind": "generate"},
                                    energy=meter.result)  # last: only a result that reaches the visitor is recorded
    quality = {
        "asked": config.count, "valid": len(result.valid_smiles), "validity": round(metrics.validity, 4),
        "uniqueness": round(metrics.unique, 4), "novelty": None if metrics.novelty is None else round(metrics.novelty, 4),
        "internal_diversity": round(metrics.internal_diversity, 4), "filters": round(metrics.filters, 4),
        "valid_per_second": round(result.valid_per_second, 1), "audit_record": record.id, "seed": config.seed,
    }
    return shown(frame), quality, drawing, files


def quality_markdown(quality: dict | None) -> str:
    if not quality:
        return ""
    novelty = "n/a" if quality["novelty"] is None else f"{quality['novelty']:.0%}"
    failed = quality["asked"] - quality["valid"]
    others = (f"; the other {failed} {'was' if failed == 1 else 'were'} text that is not a molecule"
              if failed else "")
    drawn = (f"The first {DRAWN_LIMIT} are drawn; the table lists all {quality['valid']}."
             if quality["valid"] > DRAWN_LIMIT else "")
    seed = f" · seed {quality['seed']}" if quality.get("seed") is not None else ""
    return "\n".join([  # one figure a line: a phone reads a list, not a paragraph of percentages
        f"**{quality['valid']} of {quality['asked']} are valid molecules** ({quality['validity']:.0%}{others}).", "",
        f"- {quality['uniqueness']:.0%} distinct, {novelty} new (not among the 1.58 M training molecules)",
        f"- diversity {quality['internal_diversity']:.2f} (0 = all alike, 1 = all different)",
        f"- {quality['filters']:.0%} pass the filters of MOSES (Molecular Sets), a standard test of molecule "
        "generators: no part that medicinal chemists avoid, such as a reactive group or one that fools lab tests",
        f"- {quality['valid_per_second']:.0f} valid molecules per second{seed}", "", drawn]).strip()


def model_quality_markdown() -> str:
    """The generator's measured quality beside the published MOSES rows, or "" where none is stored."""
    from core.molecules.distributions import DISTRIBUTION_PROPERTIES, read_quality
    from core.molecules.generator import default_model_path

    quality = read_quality(default_model_path())
    if quality is None:
        return ""
    ours = quality.metrics
    lines = [f"Measured with `python bench/molecules.py` on {quality.samples:,} molecules at temperature "
             f"{quality.temperature}, beside the published MOSES benchmark (same definitions, computed with RDKit).",
             "", "| model | valid | distinct | new | diversity | pass filters |", "|---|---|---|---|---|---|",
             f"| **this generator** | {ours['validity']:.3f} | {ours['unique']:.3f} | {ours['novelty']:.3f} | "
             f"{ours['intdiv']:.3f} | {ours['filters']:.3f} |"]
    lines += [f"| {name} (published) | " + " | ".join(f"{v:.3f}" for v in values) + " |"
              for name, values in quality.published.items()]
    if generator_format() == "selfies":
        lines += ["", "Every sample is valid by construction: the generator writes SELFIES, where any string of "
                  "symbols is a molecule. What tells its quality is how many pass the filters and how close the "
                  "distributions below are."]
    lines += ["", f"It wrote {ours['valid_per_second']:.0f} valid molecules per second on 2 CPU cores. "
              "Distance of its property distributions from the training molecules' (Wasserstein-1, lower is "
              "closer; in brackets, the distance between two samples of training molecules): " +
              ", ".join(f"{DISTRIBUTION_PROPERTIES[name][0].split(' (')[0]} {value:.3f} "
                        f"({quality.distance_noise.get(name, float('nan')):.3f})"
                        for name, value in quality.property_distances.items()) + "."]
    return "\n".join(lines)


CHART_TITLES = {"mw": "weight (daltons)", "logp": "oiliness (logP)", "qed": "drug-like, 0 to 1",
                "sa_score": "hard to make, 1 to 10"}  # DISTRIBUTION_PROPERTIES' titles, short enough for a phone


def distribution_plot(frame: pd.DataFrame | None):
    """Histograms of the generated molecules' MW, logP, QED and SA score over the training molecules'."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    from core.molecules.distributions import DISTRIBUTION_PROPERTIES, histogram, read_quality
    from core.molecules.generator import default_model_path

    if frame is None or not len(frame):
        return None
    quality = read_quality(default_model_path())
    names = list(DISTRIBUTION_PROPERTIES)
    figure = make_subplots(rows=2, cols=2, subplot_titles=[CHART_TITLES[n] for n in names],
                           horizontal_spacing=0.06, vertical_spacing=0.2)  # 2x2 and short titles: they fit a phone
    for index, name in enumerate(names):
        place = dict(row=index // 2 + 1, col=index % 2 + 1)
        values = pd.to_numeric(_column(frame, name), errors="coerce").dropna()
        ours = histogram(values, name)
        centres = [(a + b) / 2 for a, b in zip(ours.edges, ours.edges[1:])]
        figure.add_trace(go.Bar(x=centres, y=ours.density, width=ours.edges[1] - ours.edges[0],
                                name=f"your {len(values)} molecules", marker_color="#f59e0b", opacity=0.75,
                                legendgroup="ours", showlegend=index == 0), **place)
        if quality is not None and name in quality.training_histograms:
            figure.add_trace(go.Scatter(x=centres, y=quality.training_histograms[name].density, mode="lines",
                                        line=dict(color="#2563eb", width=2, shape="hvh"),
                                        name="training molecules (10,000 random)", legendgroup="training",
                                        showlegend=index == 0), **place)
    figure.update_yaxes(showticklabels=False)
    for row in (1, 2):  # the heights are shares, compared by eye: a word on the axis, no figures
        figure.update_yaxes(title_text="how common", title_standoff=2, row=row, col=1)
    figure.update_xaxes(tickangle=0)
    figure.update_annotations(font_size=12)
    figure.update_layout(height=480, bargap=0, margin=dict(t=70, b=70, l=30, r=10),
                         legend=dict(orientation="h", y=-0.12, x=0), font=dict(size=11))
    return figure


def molecule_properties(text: str = "", upload: str | None = None, reference: str = "", highlight: str = ""):
    """Describe molecules given by name or SMILES: their standard form and properties (weight, logP, hydrogen-bond
    donors and acceptors, polar surface area, QED drug-likeness, SA ease of making, Lipinski's rule, PAINS alerts).

    Args:
        text: Molecules, one per line: SMILES (e.g. "CC(=O)Oc1ccccc1C(=O)O") or names of approved drugs
            (e.g. "aspirin", "caffeine").
        upload: Or a file of molecules: SDF, MOL or a SMILES file.
        reference: Optional molecule (name or SMILES) to measure each molecule's similarity to.
        highlight: Optional substructure to highlight in the drawing, as SMARTS (e.g. "c1ccccc1").

    Returns:
        A table of the molecules and their properties.
        The lines that could not be read, each with the reason, in Markdown.
        Drawings of the molecules (the first 12), one picture each.
        Files to download: the table as CSV and the molecules as SDF.
    """
    from core.inputs.molecule_files import DEFAULT_LIMITS, read_molecule_file
    from core.inputs.text import check_length, excerpt
    from core.molecules.chemistry import parse_molecules

    try:
        text = check_length(text, "list of molecules", DEFAULT_LIMITS.max_text_chars)
        reference = check_length(reference, "reference", 2_000)
        highlight = check_length(highlight, "substructure to highlight", 2_000)
        sdf_text, extra_text = None, ""
        if upload:
            uploaded = read_molecule_file(upload)  # bytes capped, binary files refused
            if uploaded.is_sdf:
                sdf_text = uploaded.text
            else:
                extra_text = uploaded.text
        parsed = parse_molecules("\n".join(t for t in (text or "", extra_text) if t), sdf_text=sdf_text)
        reference_mol = None
        if reference and reference.strip():
            reference_parse = parse_molecules(reference.strip())
            if not reference_parse.molecules:
                raise ValueError(f"The reference '{excerpt(reference)}' is neither a SMILES string nor a molecule "
                                 "name we know.")
            reference_mol = reference_parse.molecules[0].mol
        if not parsed.molecules:
            raise ValueError("None of the entries is a valid molecule: " + " ".join(parsed.problems[:5]))
        mols = [m.mol for m in parsed.molecules]
        names = [m.name for m in parsed.molecules]
        frame = _properties_frame(mols, names, reference_mol)
        legends = drawing_legends(names, frame)
        pictures = _drawings(mols, legends, highlight)
    except ValueError as error:
        raise as_plain_error(error, title="Please check the molecules") from error
    notes = ([_names_note(parsed.named)] if parsed.named else []) + parsed.problems
    return shown(frame), "\n".join(f"- {note}" for note in notes), pictures, _write_files(frame, mols, names,
                                                                                           "molecules")


def _names_note(named: list[tuple[str, str]]) -> str:
    """The entries read as names, each source said once: "Read as names: caffeine and ibuprofen, from ChEMBL's list
    of approved drugs (...)". Said after each name, the source's brackets nested and repeated."""
    from core.wording import listed

    by_source: dict[str, list[str]] = {}
    for name, source in named:
        by_source.setdefault(source, []).append(name)
    from core.molecules.names import APPROVED_DRUGS_MEDIAN_QED, CHEMBL_SOURCE

    words = "Read as names: " + "; ".join(f"{listed(names)}, from {source}"
                                          for source, names in by_source.items()) + "."
    if CHEMBL_SOURCE in by_source:  # "drug-like 0.55/1" for aspirin read as a poor score for a drug
        words += (f" Approved drugs are not all drug-like by the 0-to-1 score: half of those in the list score under "
                  f"{APPROVED_DRUGS_MEDIAN_QED:.2f}.")
    return words


def show_3d(frame: pd.DataFrame | None, choice: str | None):
    from rdkit import Chem

    from core.molecules.drawing import conformer_figure

    if frame is None or len(frame) == 0 or not choice:
        return None
    row = frame[frame["name"].astype(str) == choice]
    if row.empty:
        return None
    return conformer_figure(Chem.MolFromSmiles(_column(row, "smiles").iloc[0]), title=f"{choice} in 3D")  # its label: drag to turn


def _window(enabled: bool, low: float, high: float, what: str):
    from core.inputs.numbers import as_float

    return (as_float(low, f"lower end of the {what} window"), as_float(high, f"upper end of the {what} window")) \
        if enabled else None


def optimize_molecules(method: str = "Graph GA", generations: float = 10, population: float = 50,
                       seed: float | None = None,
                       qed_weight: float = 1.0, sa_weight: float = 1.0, use_logp: bool = False, logp_low: float = 2.0,
                       logp_high: float = 3.0, use_mw: bool = False, mw_low: float = 250.0, mw_high: float = 450.0,
                       reference: str = "", similarity_weight: float = 1.0, required: str = "", forbidden: str = "",
                       lipinski: bool = True, pains: bool = True, starting: str = "",
                       request: gr.Request = None, progress=gr.Progress()):
    """Search for molecules that best meet a goal (drug-likeness, ease of making, logP and weight windows,
    likeness to a reference, substructures required or forbidden), with a genetic algorithm over molecule
    graphs or by teaching the molecule generator from its own best ideas; progress is reported generation by generation.

    Args:
        method: "Graph GA" (breeds molecule graphs: cuts, joins and mutates them) or "Generator-guided" (teaches
            the generator from its own best ideas, round after round).
        generations: How many rounds of the search, 1 to 200.
        population: How many molecules each round keeps, 10 to 200.
        seed: Whole number from 0 to 4294967295 that repeats a search; empty or -1 for a random one.
        qed_weight: Weight of drug-likeness (QED), 0 to 3.
        sa_weight: Weight of ease of making (SA score), 0 to 3.
        use_logp: Reward a logP (fat-solubility) inside the window from `logp_low` to `logp_high`.
        logp_low: Lower end of the logP window.
        logp_high: Upper end of the logP window.
        use_mw: Reward a molecular weight inside the window from `mw_low` to `mw_high`.
        mw_low: Lower end of the weight window, in daltons.
        mw_high: Upper end of the weight window, in daltons.
        reference: Optional molecule (name or SMILES) the results should resemble, e.g. "celecoxib".
        similarity_weight: Weight of likeness to `reference`, 0 to 3.
        required: Substructures every result must contain, SMARTS, comma-separated; empty for none.
        forbidden: Substructures no result may contain, SMARTS, comma-separated; empty for none.
        lipinski: Results must pass Lipinski's rule of five.
        pains: Results must have no PAINS alerts (groups that fool lab assays).
        starting: Optional molecules to start from, one SMILES per line; empty to start from MOSES molecules.

    Returns:
        A plot of the best and mean score per generation.
        Drawings of the best molecules so far, one picture each.
        A table of the best molecules with their scores and properties.
        A summary in Markdown: what was found, how long it took and the audit record.
    """
    from core.molecules.objective import ObjectiveConfig
    from core.molecules.optimize import OptimizationConfig, optimize

    from core.inputs.numbers import as_float, as_whole, resolve_seed

    try:
        config = OptimizationConfig(
            objective=ObjectiveConfig(
                qed_weight=as_float(qed_weight, "drug-likeness (QED) weight"),
                sa_weight=as_float(sa_weight, "easy to make (SA) weight"),
                logp_window=_window(use_logp, logp_low, logp_high, "oiliness (logP)"),
                mw_window=_window(use_mw, mw_low, mw_high, "molecular weight"),
                reference_smiles=(reference or "").strip() or None,
                similarity_weight=as_float(similarity_weight, "weight of \"Similar to\""),
                required_smarts=tuple(s for s in (required or "").split(",") if s.strip()),
                forbidden_smarts=tuple(s for s in (forbidden or "").split(",") if s.strip()),
                require_lipinski=bool(lipinski), reject_pains=bool(pains)),
            method=method, generations=as_whole(generations, "number of generations"),
            population=as_whole(population, "population"), seed=resolve_seed(seed),
            starting_smiles=tuple(s.split()[0] for s in (starting or "").splitlines() if s.strip()),
        )
        from core.molecules.objective import Objective

        Objective(config.objective)  # validate before starting the thread
    except ValueError as error:
        raise as_plain_error(error, title="Please check the goal") from error

    from core.jobs import CANCELLED, cancel_jobs, start_job
    from core.molecules.optimize import optimisation_job

    session = session_key(request)
    cancel_jobs(session, OPTIMISATION_JOB)
    _stopped_by_visitor.discard(session)
    job = start_job(optimisation_job, config, name=OPTIMISATION_JOB, owner=session)
    history = []
    for update in follow_job(job, progress):
        if update.payload is not None and (not history or update.payload.generation > history[-1].generation):
            history.append(update.payload)
            yield _optimisation_view(history, config, final=False)
    stopped_here = session in _stopped_by_visitor
    _stopped_by_visitor.discard(session)
    if job.status == CANCELLED and not stopped_here:
        raise ValueError("A newer optimisation from this page replaced this one.")
    if job.status == CANCELLED and history:
        yield _stopped_view(history, config, method)
        return
    result, energy = job_outcome(job, stopped="Stopped before the first generation finished.")
    from core.molecules.optimize import record_optimisation

    plot, drawing, table, _ = _optimisation_view(result.history, config, final=True, result=result)
    record_id = record_optimisation(result, config, energy)  # once everything shown is made
    yield plot, drawing, table, _final_summary(result, config, record_id)


def _stopped_view(history, config, method: str):
    """What a Stop leaves: the best molecules so far, recorded as shown, marked as not finished."""
    from core.provenance import get_recorder

    best = history[-1].top
    plot, drawing, table, _ = _optimisation_view(history, config, final=False)
    record = get_recorder().record_output(
        "\n".join(f"{s}\t{v:.4f}" for s, v in best), tab="molecules", backend="embedded", model_id=method,
        parameters={"kind": "optimize", "generations": config.generations, "population": config.population,
                    "seed": config.seed, "finished": False, "stopped_after_generation": history[-1].generation})
    summary = (f"**Stopped** after {history[-1].generation} of {config.generations} generations, "
               f"{history[-1].scoring_calls:,} molecules scored. Best so far {history[-1].best:.3f}, seed "
               f"{config.seed}. Its audit record marks it as stopped: {audit_record(record.id, 'see it')}.")
    return plot, drawing, table, summary


def _final_summary(result, config, record_id: str | None) -> str:
    state = "Stopped" if result.stopped else "Finished"
    return (f"**{state}** after {len(result.history)} generations, {result.scoring_calls:,} molecules scored in "
            f"{result.seconds:.1f} s. Best score {result.best[0][1]:.3f}, seed {config.seed}. "
            f"{audit_record(record_id)}.")


def _optimisation_view(history, config, final: bool, result=None, record_id: str | None = None):
    import plotly.graph_objects as go
    from rdkit import Chem

    generations = [h.generation for h in history]
    figure = go.Figure([
        go.Scatter(x=generations, y=[h.best for h in history], name="best so far", mode="lines+markers",
                   line=dict(color=LINE)),
        go.Scatter(x=generations, y=[h.mean for h in history], name=f"mean of the {config.population} kept now",
                   mode="lines+markers", line=dict(color="#14b8a6")),
    ])
    figure.update_layout(title="Score per generation<br><sup>1 = every wish met</sup>", xaxis_title="generation",
                         yaxis_title="score", yaxis_range=[0, 1.02], height=380, margin=dict(t=70, b=40, l=50, r=10),
                         legend=dict(orientation="h", y=-0.3, x=0))  # under the axis title, not on the plot's top
    top = (result.best if result else history[-1].top)[:12] if history or result else []
    mols = [Chem.MolFromSmiles(s) for s, _ in top]
    pictures = _drawings(mols, [f"#{i + 1}  score {as_in_table(v)}" for i, (_, v) in enumerate(top)])
    table = _best_frame(top, mols)
    if final and result:
        summary = _final_summary(result, config, record_id)
    else:
        summary = f"Generation {history[-1].generation}: best {history[-1].best:.3f}." if history else ""
    return figure, pictures, table, summary


BEST_PROPERTIES = ("mw", "logp", "qed", "sa_score")  # what the goals weigh: a table of scores alone said nothing
BEST_HEADERS = ["rank", "score", *(PROPERTY_HEADINGS[key] for key in BEST_PROPERTIES), PROPERTY_HEADINGS["smiles"]]


def as_in_table(value: float, places: int = 3) -> str:
    """A figure on a drawing as the table beside it shows it (0.538, 0.55, 0.77): a review read "drug-like 0.54"
    over "0.538" and "score 0.770" beside "0.77" as two different results."""
    return str(round(float(value), places))


def drawing_legends(names: list[str], frame: pd.DataFrame) -> list[str]:
    """The words under each drawing, the same in Generate and Properties (a review read "drug-like 0.884/1" in one
    and "drug-like 0.55" in the other): short lines, as RDKit shrinks a long one."""
    return [f"{n}\ndrug-like {as_in_table(q)}/1\nhard to make {as_in_table(s, 2)}/10"
            for n, q, s in zip(names, frame.get("qed", []), frame.get("sa_score", []))]


def _best_frame(top: list[tuple[str, float]], mols: list) -> pd.DataFrame:
    """The best molecules with their rank, score and the properties the goals weigh; the score first, where a phone
    shows a table's left part, the SMILES last."""
    from core.molecules.properties import compute_properties

    rows = []
    for rank, ((smiles, score), mol) in enumerate(zip(top, mols), 1):
        found = compute_properties(mol).as_row() if mol is not None else {}
        rows.append({"rank": rank, "score": round(score, 3),
                     **{PROPERTY_HEADINGS[key]: found.get(key) for key in BEST_PROPERTIES},
                     PROPERTY_HEADINGS["smiles"]: smiles})
    return pd.DataFrame(rows, columns=BEST_HEADERS)


def stop_optimisation(request: gr.Request = None):
    from core.jobs import cancel_jobs

    _stopped_by_visitor.add(session_key(request))
    cancel_jobs(session_key(request), OPTIMISATION_JOB)


def apply_preset(name: str):
    preset = GOAL_PRESETS[name]
    logp, mw = preset["logp"], preset["mw"]
    return (preset["qed"], preset["sa"], logp is not None, (logp or (2.0, 3.0))[0], (logp or (2.0, 3.0))[1],
            mw is not None, (mw or (250.0, 450.0))[0], (mw or (250.0, 450.0))[1], preset["reference"],
            preset["similarity"] or 1.0, preset["required"], preset["forbidden"], preset["lipinski"], preset["pains"])


def generator_format() -> str | None:
    """What the configured molecule generator writes ("smiles" or "selfies"); None where it is not installed."""
    from core.molecules.generator import model_format

    return model_format()


def render() -> None:
    """Lay out the tab inside the current Blocks; generating appears once the generator's weights are present."""
    from core.molecules.optimize import METHODS

    molecule_format = generator_format()
    has_generator = molecule_format is not None
    methods = [(METHOD_NAMES[name], name) for name in (METHODS if has_generator else ["Graph GA"])]
    gr.Markdown(INTRODUCTION if has_generator else INTRODUCTION_WITHOUT_GENERATOR)
    gr.Markdown(f"**Made by AI.** {AI_DISCLOSURE}", elem_classes="genlab-note")
    with gr.Tabs(selected="generate" if has_generator else "properties", overflow_behavior="wrap"):
        with gr.Tab("Generate", **tab_id("molecules", "generate"), visible=has_generator):
            with gr.Row():
                with gr.Column(scale=3, min_width=300):  # wide enough for one-line labels: Generate on the first screen
                    count = gr.Number(20, label=f"How many molecules (1 to {MAX_COUNT:,})")  # no bounds: the handler says why
                    temperature = gr.Slider(0.5, 1.5, value=1.0, step=0.05, label="Temperature",
                                            info="Lower: safer, more typical molecules. Higher: bolder, odder ones.")
                    with gr.Row():
                        seed = seed_box(None, label="Seed (same seed, same molecules)")
                        keep_seed_button(seed, "generated-quality")
                    generate = gr.Button("Generate molecules", variant="primary")
                    generate_error = error_line()
                    if molecule_format == "selfies":
                        gr.Markdown(SELFIES_SENTENCE, elem_classes="genlab-note")
                with gr.Column(scale=5):
                    quality_text = gr.Markdown(GENERATE_READY, elem_id="generated-quality",
                                               elem_classes="genlab-progress-above")
                    drawing = molecule_gallery("Generated molecules (first 12)", elem_id="generated-drawing")
            distributions = gr.Plot(label="Properties of your molecules against the training molecules",
                                    elem_id="generated-distributions", visible=False)
            if measured_quality := model_quality_markdown():
                with gr.Accordion("How good is this generator? (measured)", open=False):
                    gr.Markdown(measured_quality)
            generated_table = result_table("Properties", max_height=360, headers=PROPERTY_HEADERS)
            property_help()
            quality_json = gr.JSON(visible=False, label="Quality")
            generated_files = download_box(DOWNLOAD_LABEL, file_count="multiple", visible=False)
        with gr.Tab("Properties", **tab_id("molecules", "properties")):
            with gr.Row():
                with gr.Column(scale=1, min_width=300):
                    molecules_text = gr.Textbox(
                        label="Molecules (a name like aspirin, or SMILES or SELFIES; one per line)", lines=6,
                        value="CC(=O)Oc1ccccc1C(=O)O aspirin\ncaffeine\nibuprofen")  # each fits one line
                    describe = gr.Button("Show properties", variant="primary")
                    describe_error = error_line()
                    with gr.Accordion("More: upload a file, compare with a reference, highlight a part", open=False):
                        molecules_file = gr.File(label="Or upload SDF, MOL or a SMILES file", type="filepath",
                                                 file_types=[".sdf", ".mol", ".sd", ".smi", ".txt", ".csv"])
                        reference = gr.Textbox("", label="Reference for similarity (optional: a name or SMILES)",
                                               placeholder="e.g. CC(=O)Oc1ccccc1C(=O)O")
                        highlight = gr.Textbox("", label="Highlight a substructure (optional, written as SMARTS, "
                                                         "a pattern language for molecules)",
                                               placeholder="e.g. c1ccccc1 for a benzene ring")
                with gr.Column(scale=3):
                    problems = gr.Markdown(label="Problems")
                    properties_drawing = molecule_gallery("Molecules")
            properties_table = result_table("Properties", max_height=360, headers=PROPERTY_HEADERS)
            property_help()
            properties_files = download_box(DOWNLOAD_LABEL, file_count="multiple", visible=False)
            with gr.Row(visible=False) as shape_row:  # shown with the molecules it picks from
                with gr.Column(scale=1, min_width=260):  # on a phone the picker stands right above its 3D shape
                    pick_3d = gr.Dropdown([], label="See in 3D")
                with gr.Column(scale=3):
                    viewer = gr.Plot(label="3D shape (a likely arrangement of its atoms in space, worked out by the "
                                           "chemistry toolkit RDKit; drag to turn it)")
        with gr.Tab("Optimise", **tab_id("molecules", "optimise")):
            with gr.Row():
                with gr.Column(scale=2, min_width=340):
                    preset = gr.Dropdown(list(GOAL_PRESETS), value="Like celecoxib (a painkiller)",
                                         label="Start from a goal", info=PRESET_INFO)
                    method = gr.Radio(methods, value="Graph GA", label="Method", info=METHODS["Graph GA"])
                    with gr.Row():
                        generations = gr.Slider(1, 200, value=15, step=1, label="Generations")
                        population = gr.Slider(10, 200, value=50, step=10, label="Population")
                    with gr.Row(equal_height=True):
                        start = gr.Button("Start optimising", variant="primary")
                        stop = gr.Button("Stop", variant="stop")
                    optimise_error = error_line()
                    with gr.Accordion("The goal in detail (the preset sets it; change any part), seed, start "
                                      "molecules", open=False):
                        with gr.Row():
                            qed_weight = gr.Slider(0, 3, value=1, step=0.1, label="Drug-likeness (QED) weight")
                            sa_weight = gr.Slider(0, 3, value=1, step=0.1, label="Easy to make (SA) weight")
                        with gr.Row():
                            use_logp = gr.Checkbox(True, label="Oiliness (logP) window")
                            logp_low = gr.Number(2.0, label="from")
                            logp_high = gr.Number(3.0, label="to")
                        with gr.Row():
                            use_mw = gr.Checkbox(False, label="Molecular weight window")
                            mw_low = gr.Number(250.0, label="from")
                            mw_high = gr.Number(450.0, label="to")
                        with gr.Row():
                            goal_reference = gr.Textbox(GOAL_PRESETS["Like celecoxib (a painkiller)"]["reference"],
                                                        label="Similar to (SMILES)", scale=3)
                            similarity_weight = gr.Slider(0, 3, value=1, step=0.1, label="weight", scale=1)
                        with gr.Row():
                            required = gr.Textbox("", label="Must contain (SMARTS, comma-separated)")
                            forbidden = gr.Textbox("", label="Must not contain (SMARTS)")
                        with gr.Row():
                            lipinski = gr.Checkbox(True, label="Must pass Lipinski")
                            pains = gr.Checkbox(True, label="No PAINS alerts (groups that fool lab tests)")
                        with gr.Row():
                            optimise_seed = seed_box(None, label="Seed")
                            keep_seed_button(optimise_seed, "optimise-summary")
                        starting = gr.Textbox("", label="Start from these molecules (optional, one SMILES per line; "
                                                    "default: 1,000 random training molecules)", lines=2)
                with gr.Column(scale=3):
                    summary = gr.Markdown(OPTIMISE_READY, label="Summary", elem_id="optimise-summary",
                                          elem_classes="genlab-progress-above")
                    score_plot = gr.Plot(label="Score per generation", show_label=False,  # the chart says it
                                         visible=False)
                    top_drawing = molecule_gallery("Best molecules so far")
                    top_table = gr.Dataframe(label="Best molecules", max_height=300, headers=BEST_HEADERS,
                                             interactive=False)
                    property_help()  # its weight, oiliness, drug-likeness (QED) and ease of making, in words

    generating = generate.click(generate_molecules, inputs=[count, temperature, seed],
                                outputs=[generated_table, quality_json, drawing, generated_files],
                                api_name="generate_molecules", **MODEL_EVENTS, show_progress_on=[quality_text],
                                api_visibility="public" if has_generator else "private")  # no tool without its model
    show_failures(generating, generate_error, {generated_table: None, drawing: None, generated_files: None,
                                               quality_text: GENERATE_READY, distributions: None},
                  triggers=(generate.click,))
    reveal_when_done(generating, generated_files, generated_table, drawing)  # no empty boxes before molecules
    plotting = generating.success(quality_markdown, inputs=quality_json, outputs=quality_text,
                                  api_visibility="private").then(distribution_plot, inputs=generated_table,
                                                                 outputs=distributions, api_visibility="private")
    reveal_when_done(plotting, distributions)
    describe_triggers = (describe.click, molecules_text.submit, reference.submit, highlight.submit)
    describing = gr.on(describe_triggers, molecule_properties,
                       inputs=[molecules_text, molecules_file, reference, highlight],
                       outputs=[properties_table, problems, properties_drawing, properties_files],
                       api_name="molecule_properties")
    show_failures(describing, describe_error, {properties_table: None, problems: "", properties_drawing: None,
                                               properties_files: None, viewer: None,
                                               pick_3d: gr.update(choices=[], value=None),
                                               shape_row: gr.update(visible=False)},
                  triggers=describe_triggers)
    reveal_when_done(describing, properties_files, properties_table, properties_drawing, shape_row)
    describing.success(lambda frame: gr.update(choices=list(frame["name"].astype(str)) if frame is not None and
                                                  len(frame) else [],
                                                  value=str(frame["name"].iloc[0]) if frame is not None and len(frame)
                                                  else None),
                          inputs=properties_table, outputs=pick_3d, api_visibility="private"
                          ).then(show_3d, inputs=[properties_table, pick_3d], outputs=viewer, api_visibility="private")
    pick_3d.input(show_3d, inputs=[properties_table, pick_3d], outputs=viewer, api_visibility="private")
    preset.change(apply_preset, inputs=preset,
                  outputs=[qed_weight, sa_weight, use_logp, logp_low, logp_high, use_mw, mw_low, mw_high,
                           goal_reference, similarity_weight, required, forbidden, lipinski, pains],
                  api_visibility="private")
    method.change(lambda name: gr.update(info=METHODS[name]), inputs=method, outputs=method, api_visibility="private")
    run = start.click(
        optimize_molecules,
        inputs=[method, generations, population, optimise_seed, qed_weight, sa_weight, use_logp, logp_low, logp_high,
                use_mw, mw_low, mw_high, goal_reference, similarity_weight, required, forbidden, lipinski, pains,
                starting],
        outputs=[score_plot, top_drawing, top_table, summary], api_name="optimize_molecules",
        **JOB_EVENTS, show_progress_on=[summary],  # above the summary; the plot climbs beside it, uncovered
    )
    show_failures(run, optimise_error, {score_plot: None, top_drawing: None, top_table: None,
                                        summary: OPTIMISE_READY}, triggers=(start.click,))
    reveal_when_started((start.click,), [score_plot, top_drawing])
    stop.click(stop_optimisation, concurrency_limit=None, api_visibility="private")


if __name__ == "__main__":
    import sys

    from apps.ui import launch_alone

    launch_alone(sys.modules[__name__])
