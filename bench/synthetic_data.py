"""Synthetic data: our generators beside SDV's, same tables, same split, same report, one run.

    python bench/synthetic_data.py [--epochs 300] [--datasets hmda breast_cancer credit_card]

For each table: our Gaussian copula (smoothed, the app's default, and unsmoothed), CTGAN and TVAE,
and SDV's GaussianCopulaSynthesizer and CTGANSynthesizer at their defaults (SDV's CTGAN trains 300
epochs; ours is given the same). Each is fitted on the same 70% training rows; quality (SDMetrics),
TSTR AUC, the DCR share and whether every privacy test passed are computed by core.tabular.report
against the same 30% holdout.

Then identifiers: a clinic's visits table (600 visits of 120 people made with Faker, so names, e-mails,
phones, SSNs and addresses repeat), under its own column names and under meaningless ones, through
synthesize() at its defaults and through SDV's GaussianCopulaSynthesizer with the metadata SDV detects:
how many synthetic cells carry a real identifier value, and how many rows a real name and e-mail pair.
`--privacy-only` runs just that. Needs bench/requirements.txt.
Prints Markdown tables, then one JSON line with the headline figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
warnings.filterwarnings("ignore")

from core.tabular.copula import GaussianCopula, GaussianCopulaConfig  # noqa: E402
from core.tabular.datasets import DATASETS, load_dataset  # noqa: E402
from core.tabular.neural import CTGANSynthesizer, NeuralConfig, TVAESynthesizer  # noqa: E402
from core.tabular.report import evaluate  # noqa: E402
from core.tabular.schema import BOOLEAN, CATEGORICAL, DATETIME, describe_columns  # noqa: E402
from core.tabular.synthesize import split_holdout  # noqa: E402


class SDVAdapter:
    """SDV's single-table synthesizers at their defaults, behind our fit/sample calls."""

    def __init__(self, kind: str, seed: int, epochs: int = 300):
        self.kind, self.seed, self.epochs = kind, seed, epochs
        self.name = f"SDV {kind}"

    def fit(self, table, column_types, progress=None):
        from sdv.metadata import Metadata
        from sdv.single_table import CTGANSynthesizer as SDVCTGAN
        from sdv.single_table import GaussianCopulaSynthesizer

        columns = [c for c, k in column_types.items() if k in ("numeric", CATEGORICAL, BOOLEAN, DATETIME)]
        self.columns = columns
        sdtypes = {"numeric": "numerical", CATEGORICAL: "categorical", BOOLEAN: "categorical", DATETIME: "datetime"}
        metadata = Metadata.load_from_dict({"tables": {"table": {"columns": {
            name: {"sdtype": sdtypes[column_types[name]],
                   **({"datetime_format": "%Y-%m-%d"} if column_types[name] == DATETIME else {})}
            for name in columns}}}})
        if self.kind == "GaussianCopula":
            self.model = GaussianCopulaSynthesizer(metadata)
        else:
            self.model = SDVCTGAN(metadata, epochs=self.epochs)  # 300 at its default
        self.model.fit({"table": table[columns]})
        return self

    def sample(self, n, condition=None, seed=None):
        rows = self.model.sample(num_rows=n)
        return rows["table"] if isinstance(rows, dict) else rows


def generators(epochs: int, seed: int):
    return [
        ("Genlab Gaussian copula", lambda: GaussianCopula(GaussianCopulaConfig(smooth=True))),
        ("Genlab Gaussian copula, unsmoothed", lambda: GaussianCopula(GaussianCopulaConfig(smooth=False))),
        ("SDV GaussianCopula (anchor)", lambda: SDVAdapter("GaussianCopula", seed)),
        ("Genlab CTGAN", lambda: CTGANSynthesizer(NeuralConfig(epochs=epochs, batch_size=500, seed=seed))),
        ("SDV CTGAN (anchor)", lambda: SDVAdapter("CTGAN", seed, epochs)),
        ("Genlab TVAE", lambda: TVAESynthesizer(NeuralConfig(epochs=epochs, batch_size=500, seed=seed))),
    ]


def identifier_rows(seed: int) -> list[dict]:
    """Identifier values replayed, ours against SDV's detected metadata, on the visits table (see the module doc)."""
    from sdv.metadata import Metadata
    from sdv.single_table import GaussianCopulaSynthesizer

    from core.privacy.identifiers import normalise, replayed_identifier_values
    from core.tabular.synthesize import SynthesisConfig, synthesize
    from tests.privacy_tables import DISGUISED, VISIT_COLUMNS, clinic_visits

    rows = []
    for disguised in (False, True):
        table = clinic_visits(seed=seed, disguised=disguised)
        named = {c: (DISGUISED[c] if disguised else c) for c in [*VISIT_COLUMNS, "patient", "email"]}
        real_values = {normalise(v) for c in VISIT_COLUMNS if c != "notes" for v in table[named[c]]}
        real_pairs = set(zip(table[named["patient"]], table[named["email"]]))
        ours = synthesize(table, SynthesisConfig(rows=1000, seed=seed), record=False).synthetic
        metadata = Metadata.detect_from_dataframes({"table": table})
        anchor = GaussianCopulaSynthesizer(metadata)
        anchor.fit({"table": table})
        theirs = anchor.sample(num_rows=1000)
        theirs = theirs["table"] if isinstance(theirs, dict) else theirs
        for name, synthetic in (("Genlab synthesize()", ours), ("SDV GaussianCopula, detected metadata (anchor)",
                                                                  theirs)):
            pairs = (sum(p in real_pairs for p in zip(synthetic[named["patient"]], synthetic[named["email"]]))
                     if named["patient"] in synthetic and named["email"] in synthetic else 0)
            rows.append(dict(columns="meaningless" if disguised else "plain", generator=name,
                             replayed=replayed_identifier_values(synthetic, real_values), pairs=int(pairs)))
    print("\nIdentifier values replayed: 1,000 synthetic rows from 600 clinic visits of 120 people\n")
    print("| column names | generator | cells with a real identifier | rows with a real name and e-mail |")
    print("|---|---|---|---|")
    for row in rows:
        print(f"| {row['columns']} | {row['generator']} | {row['replayed']} | {row['pairs']} |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=300)
    parser.add_argument("--datasets", nargs="+", default=["hmda", "breast_cancer", "credit_card"])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--generators", nargs="+", default=None,
                        help="only these (names as printed, e.g. 'Genlab CTGAN' 'SDV CTGAN (anchor)')")
    parser.add_argument("--repeats", type=int, default=1, help="fit each generator this many times, alternating; "
                                                               "the table shows the median fit time")
    parser.add_argument("--privacy-only", action="store_true", help="only the identifier table")
    args = parser.parse_args()
    if args.privacy_only:
        identifier_rows(args.seed)
        return

    import ctgan  # noqa: F401  (import time is not fit time: load the libraries before timing anything)
    import sdv.single_table  # noqa: F401
    import torch  # noqa: F401

    rows = []
    for key in args.datasets:
        info = DATASETS[key]
        table = load_dataset(key)
        types = {c.name: c.type for c in describe_columns(table)}
        train, holdout = split_holdout(table, args.seed)
        chosen = [(n, m) for n, m in generators(args.epochs, args.seed) if not args.generators or n in args.generators]
        fit_times: dict[str, list[float]] = {name: [] for name, _ in chosen}
        fitted_models = {}
        for _ in range(args.repeats):
            for name, make in chosen:
                started = time.perf_counter()
                fitted_models[name] = make().fit(train, types)
                fit_times[name].append(time.perf_counter() - started)
        for name, _ in chosen:
            fit_seconds = statistics.median(fit_times[name])
            started = time.perf_counter()
            synthetic = fitted_models[name].sample(len(train))
            sample_seconds = time.perf_counter() - started
            report = evaluate(train, holdout, synthetic, types, target=info.target)
            rows.append(dict(dataset=key, generator=name, quality=report.quality_score,
                             tstr_auc=report.usefulness.synthetic_score, trtr_auc=report.usefulness.real_score,
                             dcr_share=report.privacy.share_closer_to_training,
                             private=report.privacy.no_real_person_found,
                             fit_s=fit_seconds, sample_s=sample_seconds))
            print(f"  {key:15s} {name:28s} quality {report.quality_score:.3f}  fit {fit_seconds:7.1f} s "
                  f"(runs: {', '.join(f'{t:.1f}' for t in fit_times[name])})", file=sys.stderr, flush=True)

    print(f"\nSynthetic data, {os.cpu_count()} CPUs, CTGAN/TVAE {args.epochs} epochs, seed {args.seed}, "
          f"fitted on 70% of each table, scored against the other 30%, median fit time of {args.repeats} run(s)\n")
    print("| table | generator | quality | TSTR AUC (TRTR) | DCR share | privacy tests | fit s | sample s |")
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        tstr = "n/a" if row["tstr_auc"] is None else f"{row['tstr_auc']:.3f}"
        print(f"| {row['dataset']} | {row['generator']} | {row['quality']:.3f} | {tstr} ({row['trtr_auc']:.3f}) | "
              f"{row['dcr_share']:.2f} | {'all pass' if row['private'] else 'a test fails'} | {row['fit_s']:.2f} | "
              f"{row['sample_s']:.2f} |")
    identifiers = identifier_rows(args.seed)

    def mean(generator: str, key: str) -> float | None:
        values = [r[key] for r in rows if r["generator"] == generator]
        return round(sum(values) / len(values), 4) if values else None

    print(json.dumps({
        "copula_quality": mean("Genlab Gaussian copula", "quality"),
        "sdv_copula_quality": mean("SDV GaussianCopula (anchor)", "quality"),
        "copula_fit_s": mean("Genlab Gaussian copula", "fit_s"),
        "sdv_copula_fit_s": mean("SDV GaussianCopula (anchor)", "fit_s"),
        "ctgan_quality": mean("Genlab CTGAN", "quality"),
        "sdv_ctgan_quality": mean("SDV CTGAN (anchor)", "quality"),
        "ctgan_fit_s": mean("Genlab CTGAN", "fit_s"),
        "sdv_ctgan_fit_s": mean("SDV CTGAN (anchor)", "fit_s"),
        "identifier_values_replayed": {f"{r['generator']}, {r['columns']} names": r["replayed"] for r in identifiers},
        "epochs": args.epochs, "datasets": args.datasets,
    }))


if __name__ == "__main__":
    main()
