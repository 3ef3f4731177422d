"""The synthetic-data report's distance to closest record: SDMetrics' calculate_dcr beside ours, one run.

    python bench/privacy_distances.py [--dataset hmda] [--repeats 3] [--url http://127.0.0.1:7860]

Makes the app's default synthetic table (Gaussian copula, 1,000 rows), prepares the frames as the report
does (core.privacy.synthetic_privacy), and measures the report's four distance calls (400 synthetic rows
against 800 real rows, and so on) both ways: the seconds each took (best of --repeats), and the largest
difference between their distances. Then the whole report's measuring time in this process, and with --url,
what a visitor waits for: the same table made and reported through a running app's HTTP API (the tab's
defaults: its target and protected columns), first call and best of the rest.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default="hmda")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--url", help="a running app, to time /synthesize through its HTTP API")
    args = parser.parse_args()

    import numpy as np
    from sdmetrics.single_table.privacy.dcr_utils import calculate_dcr

    from core.privacy.closest_record import closest_record_distances, random_rows_like
    from core.privacy.synthetic_privacy import DCR_REFERENCE_ROWS, DCR_ROWS, _sdmetrics_frames
    from core.tabular.datasets import DATASETS, load_dataset
    from core.tabular.synthesize import SynthesisConfig, synthesize

    info = DATASETS[args.dataset]
    table = load_dataset(args.dataset)
    config = SynthesisConfig(target=info.target, protected=info.protected, positive=info.positive,
                             dataset=args.dataset)
    result = synthesize(table, config, record=False)
    (train, holdout, synthetic), metadata = _sdmetrics_frames([result.train, result.holdout, result.synthetic],
                                                              result.column_types, table)
    numeric = [c for c, spec in metadata["columns"].items() if spec["sdtype"] == "numerical"]
    synthetic = synthetic.sample(n=min(len(synthetic), DCR_ROWS), random_state=0)
    holdout = holdout.sample(n=min(len(holdout), DCR_REFERENCE_ROWS), random_state=0)
    comparable = train.sample(n=min(len(train), len(holdout)), random_state=0)
    train = train.sample(n=min(len(train), DCR_REFERENCE_ROWS), random_state=0)
    random_rows = random_rows_like(train, numeric, rows=len(synthetic), seed=0)
    calls = [(synthetic, comparable), (synthetic, holdout), (synthetic, train), (random_rows, train)]

    def best_seconds(measure) -> float:
        times = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            for rows, reference in calls:
                measure(rows, reference)
            times.append(time.perf_counter() - start)
        return min(times)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = best_seconds(lambda rows, reference: calculate_dcr(rows, reference, metadata))
        difference = max(float(np.max(np.abs(closest_record_distances(rows, reference, numeric)
                                             - calculate_dcr(rows, reference, metadata).to_numpy())))
                         for rows, reference in calls)
    ours = best_seconds(lambda rows, reference: closest_record_distances(rows, reference, numeric))
    print(f"| {args.dataset}: the report's 4 distance calls | seconds |")
    print("|---|---|")
    print(f"| SDMetrics {__import__('sdmetrics').__version__} calculate_dcr | {theirs:.2f} |")
    print(f"| core.privacy.closest_record | {ours:.3f} |")
    print(f"\nLargest difference between the two sets of distances: {difference:.1e}")
    measured = [synthesize(table, config, record=False).measure_seconds for _ in range(args.repeats)]
    print(f"The whole report's measuring (fidelity, usefulness, privacy, fairness): {min(measured):.1f} s, "
          f"best of {args.repeats}")
    if args.url:
        from gradio_client import Client

        client = Client(args.url, verbose=False)
        seconds = []
        for _ in range(args.repeats + 1):
            start = time.perf_counter()
            client.predict(args.dataset, None, "Gaussian copula", 1000, 0, info.target or "(none)",
                           info.protected or "(none)", api_name="/synthesize")
            seconds.append(time.perf_counter() - start)
        print(f"Through {args.url}'s HTTP API, table and report: first call {seconds[0]:.1f} s, "
              f"then {min(seconds[1:]):.1f} s (best of {args.repeats})")


if __name__ == "__main__":
    main()
