"""Ethics: audit and mitigation time on HMDA, our metrics against the Fairlearn and AIF360 packages,
the energy meter's overhead, and the quantisation lab's before-and-after table.

    python bench/ethics.py [--repeats 3] [--skip-quantisation] [--agreement-only]

- Seconds for an audit of HMDA by race (logistic regression), and for each mitigation, median of repeats.
- The same predictions scored three ways: by us; by Fairlearn's MetricFrame and demographic_parity_ratio
  from the raw labels, predictions and groups (only for figures our code computes itself, since our
  demographic parity and equalized odds differences are Fairlearn's functions); and by AIF360's
  ClassificationMetric and Reweighing (the real `aif360` package), with approval (deny = no) as the
  favourable label and afam = yes as the unprivileged group. Largest absolute gap, or both values.
- Energy meter: microseconds per `with EnergyMeter()` around nothing, each method this machine has.
- Quantisation: the ethics tab's lab on the embedded poet (size, tokens/s, perplexity), when it ships.
Prints Markdown tables, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from importlib.metadata import version
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CONFIG = dict(target="deny", positive="yes", protected=("afam",), model="Logistic regression", seed=0, favourable=False)


def audit_timing(repeats: int) -> dict:
    from core.fairness.audit import MITIGATIONS, AuditConfig, audit, mitigate
    from core.tabular.datasets import load_dataset

    table, config = load_dataset("hmda"), AuditConfig(**CONFIG)
    timings = {}
    for name, run in [("audit", lambda: audit(table, config))] + [
            (method, lambda method=method: mitigate(table, config, method)) for method in MITIGATIONS]:
        seconds = []
        for _ in range(repeats):
            started = time.perf_counter()
            result = run()
            seconds.append(time.perf_counter() - started)
        timings[name] = {"seconds": round(statistics.median(seconds), 3),
                         "demographic_parity_difference": round(result.demographic_parity_difference, 4),
                         "accuracy": round(result.accuracy, 4)}
    return timings


def metric_agreement() -> dict:
    """Our figures for one set of HMDA predictions against the real AIF360 and Fairlearn packages.

    Fairlearn is only asked for what our code computes itself (per-group rates, disparate impact):
    demographic parity and equalized odds *are* Fairlearn's functions in core.fairness.audit, so
    AIF360 is their reference.
    """
    import logging

    import pandas as pd
    from fairlearn.metrics import (MetricFrame, demographic_parity_ratio, false_positive_rate, selection_rate,
                                   true_positive_rate)
    from sklearn.metrics import accuracy_score

    from core.fairness.audit import AuditConfig, evaluate_predictions, make_model, prepare, reweighing_weights
    from core.tabular.datasets import load_dataset

    logging.getLogger().setLevel(logging.ERROR)  # aif360 logs a warning per optional extra at import
    from aif360.algorithms.preprocessing import Reweighing
    from aif360.datasets import BinaryLabelDataset
    from aif360.metrics import ClassificationMetric

    config = AuditConfig(**CONFIG)
    prepared = prepare(load_dataset("hmda"), config)
    model = make_model(config.model, prepared, config.seed).fit(prepared.x_train, prepared.y_train)
    y_true, y_pred = prepared.y_test, model.predict(prepared.x_test)
    groups = prepared.groups_test.reset_index(drop=True)
    ours = evaluate_predictions(y_true, y_pred, groups, config)
    rows = {row.group: row for row in ours.groups}
    unprivileged, privileged = "afam = yes", "afam = no"
    if set(rows) != {unprivileged, privileged}:
        raise RuntimeError(f"expected the groups {unprivileged!r} and {privileged!r}, got {sorted(rows)}")

    # Fairlearn, from the raw labels, predictions and groups
    frame = MetricFrame(metrics={"selection_rate": selection_rate, "true_positive_rate": true_positive_rate,
                                 "false_positive_rate": false_positive_rate, "accuracy": accuracy_score},
                        y_true=y_true, y_pred=y_pred, sensitive_features=groups)
    fairlearn_gap = max(abs(getattr(row, metric) - frame.by_group.loc[row.group, metric])
                        for row in ours.groups for metric in frame.by_group.columns)
    fairlearn_ratio = float(demographic_parity_ratio(1 - y_true, 1 - y_pred, sensitive_features=groups))

    # AIF360: approval (deny = 0) is the favourable label, afam = yes the unprivileged group
    def dataset(labels, protected):
        table = pd.DataFrame({"afam": (protected == unprivileged).astype(float).to_numpy(),
                              "deny": labels.astype(float)})
        return BinaryLabelDataset(df=table, label_names=["deny"], protected_attribute_names=["afam"],
                                  favorable_label=0.0, unfavorable_label=1.0)

    sides = dict(unprivileged_groups=[{"afam": 1.0}], privileged_groups=[{"afam": 0.0}])
    truth = dataset(y_true, groups)
    predicted = truth.copy(deepcopy=True)
    predicted.labels = y_pred.astype(float).reshape(-1, 1)
    aif = ClassificationMetric(truth, predicted, **sides)
    # with approval favourable, AIF360's true negatives are our correct denials: its TNR is our TPR, its FNR our FPR
    aif_gap = max(max(abs(rows[group].selection_rate - (1 - aif.selection_rate(privileged=side))),
                      abs(rows[group].true_positive_rate - aif.true_negative_rate(privileged=side)),
                      abs(rows[group].false_positive_rate - aif.false_negative_rate(privileged=side)),
                      abs(rows[group].accuracy - aif.accuracy(privileged=side)))
                  for group, side in ((privileged, True), (unprivileged, False)))
    training_groups = prepared.groups_train.reset_index(drop=True)
    aif_weights = Reweighing(**sides).fit_transform(dataset(prepared.y_train, training_groups)).instance_weights
    weights_gap = float(np.max(np.abs(reweighing_weights(prepared.y_train, training_groups) - aif_weights)))
    return {
        "test_rows": int(len(y_true)),
        "groups": len(ours.groups),
        "max_gap_per_group_rates_vs_fairlearn_metricframe": float(fairlearn_gap),
        "max_gap_per_group_rates_vs_aif360_classification_metric": float(aif_gap),
        "max_gap_reweighing_weights_vs_aif360_reweighing": weights_gap,
        "disparate_impact_vs_fairlearn_demographic_parity_ratio_of_approvals": [ours.disparate_impact,
                                                                                fairlearn_ratio],
        "disparate_impact_vs_aif360_disparate_impact": [ours.disparate_impact, float(aif.disparate_impact())],
        "demographic_parity_difference_vs_aif360_statistical_parity_difference":
            [ours.demographic_parity_difference, abs(float(aif.statistical_parity_difference()))],
        "equalized_odds_difference_vs_aif360_max_of_tpr_and_fpr_differences":
            [ours.equalized_odds_difference, max(abs(float(aif.true_positive_rate_difference())),
                                                 abs(float(aif.false_positive_rate_difference())))],
    }


def meter_overhead(calls: int = 2000) -> dict:
    from core.provenance.energy import EnergyMeter

    results = {}
    for label, options in (("cpu-time estimate", dict(use_rapl=False, use_nvml=False)), ("default", {})):
        with EnergyMeter(**options) as probe:
            pass
        started = time.perf_counter()
        for _ in range(calls):
            with EnergyMeter(**options):
                pass
        results[f"{label} ({probe.result.method})"] = round((time.perf_counter() - started) / calls * 1e6, 1)
    return results


def quantisation() -> dict | None:
    from core.ethics.quantization import QuantizationConfig, quantization_lab
    from core.settings import PROJECT_ROOT
    from core.text.local_writer import LocalWriter

    path = PROJECT_ROOT / "assets/models/poet-gpt"
    if not (path / "config.json").exists():
        return None
    result = quantization_lab(QuantizationConfig(validation_windows=48), writer=LocalWriter.load(path, "embedded"))
    return {"rows": result.rows, "held_out_tokens": result.held_out_tokens}


def print_agreement(agreement: dict) -> None:
    print(f"\nThe same predictions ({agreement['test_rows']:,} HMDA test rows) scored by us, by Fairlearn "
          f"{version('fairlearn')} and by AIF360 {version('aif360')}\n")
    print("| measure | ours | reference | largest gap |")
    print("|---|---|---|---|")
    for key, label in (("max_gap_per_group_rates_vs_fairlearn_metricframe",
                        f"per-group selection rate, TPR, FPR, accuracy ({agreement['groups']} groups)"),
                       ("max_gap_per_group_rates_vs_aif360_classification_metric",
                        f"per-group selection rate, TPR, FPR, accuracy ({agreement['groups']} groups)"),
                       ("max_gap_reweighing_weights_vs_aif360_reweighing", "reweighing weights (training rows)")):
        reference = "AIF360 Reweighing" if "reweighing" in key else (
            "AIF360 ClassificationMetric" if "aif360" in key else "Fairlearn MetricFrame")
        print(f"| {label} | — | {reference} | {agreement[key]:.1e} |")
    for key in ("disparate_impact_vs_fairlearn_demographic_parity_ratio_of_approvals",
                "disparate_impact_vs_aif360_disparate_impact",
                "demographic_parity_difference_vs_aif360_statistical_parity_difference",
                "equalized_odds_difference_vs_aif360_max_of_tpr_and_fpr_differences"):
        ours, reference = agreement[key]
        print(f"| {key.replace('_', ' ')} | {ours:.6f} | {reference:.6f} | {abs(ours - reference):.1e} |")

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-quantisation", action="store_true")
    parser.add_argument("--agreement-only", action="store_true", help="only the metric comparison (seconds)")
    args = parser.parse_args()
    if args.agreement_only:
        results = {"agreement": metric_agreement()}
        print_agreement(results["agreement"])
        print(json.dumps(results, default=str))
        return
    results = {"timing": audit_timing(args.repeats), "agreement": metric_agreement(), "meter_us": meter_overhead()}
    print(f"\nFairness audit of HMDA by race (logistic regression), median of {args.repeats}\n")
    print("| run | seconds | demographic parity difference | accuracy |")
    print("|---|---|---|---|")
    for name, row in results["timing"].items():
        print(f"| {name} | {row['seconds']:.2f} | {row['demographic_parity_difference']:.3f} | {row['accuracy']:.3f} |")
    print_agreement(results["agreement"])
    print("\nEnergy meter overhead per call (microseconds)\n")
    print("| method | µs per call |")
    print("|---|---|")
    for name, value in results["meter_us"].items():
        print(f"| {name} | {value} |")
    if not args.skip_quantisation:
        results["quantisation"] = quantisation()
        if results["quantisation"]:
            print(f"\nQuantisation lab on the embedded poet ({results['quantisation']['held_out_tokens']:,} held-out tokens)\n")
            print("| model | size (MB) | tokens per second | perplexity |")
            print("|---|---|---|---|")
            for row in results["quantisation"]["rows"]:
                print(f"| {row['model']} | {row['size (MB)']} | {row['tokens per second']} | {row['perplexity']} |")
    print(json.dumps(results, default=str))


if __name__ == "__main__":
    main()
