"""Ethics: audit and mitigation time on HMDA, our metrics against Fairlearn and AIF360's formulas,
the energy meter's overhead, and the quantisation lab's before-and-after table.

    python bench/ethics.py [--repeats 3] [--skip-quantisation]

- Seconds for an audit of HMDA by race (logistic regression), and for each mitigation, median of repeats.
- The same predictions scored three ways: our per-group rates and disparate impact; Fairlearn's
  MetricFrame (selection rate, TPR, FPR) and its difference/ratio functions; and AIF360's published
  definitions written out with approval (deny = no) as the favourable label (disparate impact =
  P(approved | unprivileged) / P(approved | privileged), statistical parity difference = the same
  rates subtracted). Largest absolute gap.
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
from pathlib import Path

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
    from fairlearn.metrics import (MetricFrame, demographic_parity_difference, demographic_parity_ratio,
                                   false_positive_rate, selection_rate, true_positive_rate)

    from core.fairness.audit import AuditConfig, evaluate_predictions, make_model, prepare
    from core.tabular.datasets import load_dataset

    config = AuditConfig(**CONFIG)
    prepared = prepare(load_dataset("hmda"), config)
    model = make_model(config.model, prepared, config.seed).fit(prepared.x_train, prepared.y_train)
    y_true, y_pred = prepared.y_test, model.predict(prepared.x_test)
    groups = prepared.groups_test.reset_index(drop=True)
    ours = evaluate_predictions(y_true, y_pred, groups, config)
    frame = MetricFrame(metrics={"selection_rate": selection_rate, "true_positive_rate": true_positive_rate,
                                 "false_positive_rate": false_positive_rate},
                        y_true=y_true, y_pred=y_pred, sensitive_features=groups)
    gaps = []
    for row in ours.groups:
        for metric in ("selection_rate", "true_positive_rate", "false_positive_rate"):
            gaps.append(abs(getattr(row, metric) - frame.by_group.loc[row.group, metric]))
    rates = {row.group: row.selection_rate for row in ours.groups}
    unprivileged, privileged = "afam = yes", "afam = no"
    # AIF360, with approval (deny = no) as the favourable label and afam = yes as the unprivileged group
    aif360_disparate_impact = (1 - rates[unprivileged]) / (1 - rates[privileged])
    aif360_parity_difference = (1 - rates[unprivileged]) - (1 - rates[privileged])
    return {
        "groups": len(ours.groups),
        "max_gap_per_group_rates_vs_fairlearn_metricframe": float(max(gaps)),
        "demographic_parity_difference": [ours.demographic_parity_difference,
                                          float(demographic_parity_difference(y_true, y_pred, sensitive_features=groups))],
        "demographic_parity_ratio": [ours.demographic_parity_ratio,
                                     float(demographic_parity_ratio(y_true, y_pred, sensitive_features=groups))],
        "disparate_impact_vs_aif360_formula": [ours.disparate_impact, aif360_disparate_impact],
        "parity_difference_vs_aif360_formula": [-ours.demographic_parity_difference, aif360_parity_difference],
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-quantisation", action="store_true")
    args = parser.parse_args()
    results = {"timing": audit_timing(args.repeats), "agreement": metric_agreement(), "meter_us": meter_overhead()}
    print(f"\nFairness audit of HMDA by race (logistic regression), median of {args.repeats}\n")
    print("| run | seconds | demographic parity difference | accuracy |")
    print("|---|---|---|---|")
    for name, row in results["timing"].items():
        print(f"| {name} | {row['seconds']:.2f} | {row['demographic_parity_difference']:.3f} | {row['accuracy']:.3f} |")
    agreement = results["agreement"]
    print("\nThe same predictions scored by us, by Fairlearn, and by AIF360's formulas\n")
    print("| measure | ours | reference |")
    print("|---|---|---|")
    print(f"| per-group selection rate, TPR, FPR ({agreement['groups']} groups) | largest gap to Fairlearn MetricFrame: "
          f"{agreement['max_gap_per_group_rates_vs_fairlearn_metricframe']:.1e} | |")
    for key in ("demographic_parity_difference", "demographic_parity_ratio", "disparate_impact_vs_aif360_formula",
                "parity_difference_vs_aif360_formula"):
        ours, reference = agreement[key]
        print(f"| {key.replace('_', ' ')} | {ours:.6f} | {reference:.6f} |")
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
