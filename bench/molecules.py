"""Molecules: our generator on MOSES' metrics, our optimisers on GuacaMol's goal-directed tasks.

    python bench/molecules.py [--samples 10000] [--budget 20000] [--skip-moses] [--skip-guacamol] [--write-quality]

MOSES part: 10,000 samples from the embedded generator at temperature 1.0 (and any other
`--temperatures`), seed 0, scored with
core.molecules.metrics (RDKit re-implementation of MOSES' definitions), beside the published
MOSES table (Polykovskiy et al. 2020, Table 2), and the Wasserstein-1 distances of MW, logP, QED and
SA score to 10,000 random training molecules beside those of a second such sample (the noise floor).

GuacaMol part: the tasks re-implemented with RDKit and GuacaMol's scoring functions (count-based
ECFP4/ECFP6/FCFP4 Tanimoto, its score modifiers, and its aggregation: top-1 for rediscovery, the
mean of top-1/10/100 otherwise), optimised by our Graph GA with GuacaMol's settings (population 100,
100 children per generation, mutation rate 0.01 unless `--mutation-rate`) and at most `--budget`
distinct scoring calls, starting from each task's best 100 of `--pool` random MOSES training molecules
(20,000; 0 for all 1.58 M, as GuacaMol starts from the best of its whole ChEMBL set), beside the
published Graph GA scores (Brown et al. 2019, Table 2). A task also ends at a perfect score, or after
`--minutes-per-task`. Scoring all 1.58 M molecules takes about 18 minutes on 2 cores: `--starters FILE`
keeps the starting populations for the next run. Prints Markdown tables, then one JSON line.
"""

from __future__ import annotations

import argparse
import heapq
import json
import math
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PUBLISHED_MOSES = {  # validity, unique@10k, novelty, IntDiv1, filters
    "CharRNN": (0.975, 0.999, 0.842, 0.856, 0.994),
    "VAE": (0.977, 0.998, 0.695, 0.856, 0.997),
    "JTN-VAE": (1.000, 0.999, 0.914, 0.855, 0.976),
}
PUBLISHED_GRAPH_GA = {"Celecoxib rediscovery": 1.0, "Troglitazone rediscovery": 1.0,
                      "Thiothixene rediscovery": 1.0, "Aripiprazole similarity": 1.0,
                      "Median molecules 1": 0.406, "Osimertinib MPO": 0.953}

CELECOXIB = "CC1=CC=C(C=C1)C1=CC(=NN1C1=CC=C(C=C1)S(N)(=O)=O)C(F)(F)F"
TROGLITAZONE = "Cc1c(C)c2OC(C)(COc3ccc(CC4SC(=O)NC4=O)cc3)CCc2c(C)c1O"
THIOTHIXENE = "CN(C)S(=O)(=O)c1ccc2Sc3ccccc3C(=CCCN4CCN(C)CC4)c2c1"
ARIPIPRAZOLE = "Clc4cccc(N3CCN(CCCCOc2ccc1c(NC(=O)CC1)c2)CC3)c4Cl"
CAMPHOR, MENTHOL = "CC1(C)C2CCC1(C)C(=O)C2", "CC(C)C1CCC(C)CC1O"
OSIMERTINIB = "COc1cc(N(C)CCN(C)C)c(NC(=O)C=C)cc1Nc2nccc(n2)c3cn(C)c4ccccc34"


def fingerprint(mol, kind: str):
    from rdkit.Chem import AllChem

    if kind == "ECFP4":
        return AllChem.GetMorganFingerprint(mol, 2)
    if kind == "ECFP6":
        return AllChem.GetMorganFingerprint(mol, 3)
    if kind == "FCFP4":
        return AllChem.GetMorganFingerprint(mol, 2, useFeatures=True)
    raise ValueError(kind)


def similarity(target: str, kind: str):
    from rdkit import Chem, DataStructs

    reference = fingerprint(Chem.MolFromSmiles(target), kind)
    return lambda mol: DataStructs.TanimotoSimilarity(fingerprint(mol, kind), reference)


def thresholded(function, threshold: float):
    return lambda mol: min(function(mol), threshold) / threshold


def min_gaussian(value: float, mu: float, sigma: float) -> float:
    return 1.0 if value <= mu else math.exp(-0.5 * ((value - mu) / sigma) ** 2)


def max_gaussian(value: float, mu: float, sigma: float) -> float:
    return 1.0 if value >= mu else math.exp(-0.5 * ((value - mu) / sigma) ** 2)


def geometric_mean(functions):
    def score(mol):
        values = [f(mol) for f in functions]
        return math.prod(values) ** (1 / len(values))
    return score


def tasks():
    from rdkit.Chem import Crippen, rdMolDescriptors

    return {
        "Celecoxib rediscovery": (similarity(CELECOXIB, "ECFP4"), "top1"),
        "Troglitazone rediscovery": (similarity(TROGLITAZONE, "ECFP4"), "top1"),
        "Thiothixene rediscovery": (similarity(THIOTHIXENE, "ECFP4"), "top1"),
        "Aripiprazole similarity": (thresholded(similarity(ARIPIPRAZOLE, "ECFP4"), 0.75), "top1-10-100"),
        "Median molecules 1": (geometric_mean([similarity(CAMPHOR, "ECFP4"), similarity(MENTHOL, "ECFP4")]),
                               "top1-10-100"),
        "Osimertinib MPO": (geometric_mean([
            thresholded(similarity(OSIMERTINIB, "FCFP4"), 0.8),
            lambda mol, f=similarity(OSIMERTINIB, "ECFP6"): min_gaussian(f(mol), 0.85, 0.1),
            lambda mol: max_gaussian(rdMolDescriptors.CalcTPSA(mol), 100, 10),
            lambda mol: min_gaussian(Crippen.MolLogP(mol), 1, 1),
        ]), "top1-10-100"),
    }


def aggregate(scores: list[float], how: str) -> float:
    ranked = sorted(scores, reverse=True)
    if how == "top1":
        return ranked[0]
    return sum(sum(ranked[:k]) / k for k in (1, 10, 100)) / 3


def training_property_samples(size: int, seed: int):
    """Properties of two disjoint random samples of training molecules: the reference, and a second
    sample whose distance to it is the noise floor of the Wasserstein distances."""
    from core.molecules.distributions import property_values
    from core.molecules.generator import training_set

    picked = random.Random(seed).sample(sorted(training_set()), 2 * size)
    return property_values(picked[:size]), property_values(picked[size:])


def moses_part(samples: int, temperature: float, reference, second_sample) -> dict:
    from scipy.stats import wasserstein_distance

    from core.molecules.distributions import DISTRIBUTION_PROPERTIES
    from core.molecules.generator import MoleculeGenerator, training_set
    from core.molecules.metrics import evaluate_generation

    generator = MoleculeGenerator.load()
    started = time.perf_counter()
    smiles = generator.sample_smiles(samples, temperature=temperature, seed=0)
    sampling_seconds = time.perf_counter() - started
    metrics = evaluate_generation(smiles, training=training_set(), reference_properties=reference, unique_at=10_000)
    noise = {name: float(wasserstein_distance(second_sample[name], reference[name])) for name in reference}
    valid = round(metrics.validity * samples)
    print(f"\nMOSES metrics, {samples:,} samples from our generator (temperature {temperature}, seed 0), "
          f"{os.cpu_count()} CPUs\n")
    print("| model | validity | unique@10k | novelty | IntDiv1 | filters |")
    print("|---|---|---|---|---|---|")
    ours = f"Genlab {generator.model.config.molecule_format.upper()} LSTM (ours)"
    print(f"| {ours} | {metrics.validity:.3f} | {metrics.unique:.3f} | {metrics.novelty:.3f} | "
          f"{metrics.internal_diversity:.3f} | {metrics.filters:.3f} |")
    for name, values in PUBLISHED_MOSES.items():
        print(f"| {name} (published) | " + " | ".join(f"{v:.3f}" for v in values) + " |")
    print(f"\nSampling: {valid / sampling_seconds:.0f} valid molecules per second ({sampling_seconds:.1f} s for "
          f"{samples:,} samples).")
    print(f"\nWasserstein-1 distance of property distributions to {len(reference['mw']):,} random training "
          f"molecules (lower is closer):\n")
    print("| property | ours | another training sample of the same size (noise floor) |")
    print("|---|---|---|")
    for name in reference:
        print(f"| {DISTRIBUTION_PROPERTIES[name][0]} | {metrics.property_distances[name]:.4f} | {noise[name]:.4f} |")
    return {"validity": metrics.validity, "unique": metrics.unique, "novelty": metrics.novelty,
            "intdiv": metrics.internal_diversity, "filters": metrics.filters,
            "valid_per_second": valid / sampling_seconds, "property_distances": metrics.property_distances,
            "distance_noise": noise}


def write_quality_file(samples: int, figures: dict, reference) -> None:
    from core.molecules.distributions import GeneratorQuality, histogram, write_quality
    from core.molecules.generator import default_model_path

    metrics = {k: round(v, 4) for k, v in figures.items() if k not in ("property_distances", "distance_noise")}
    quality = GeneratorQuality(
        samples=samples, temperature=1.0, metrics=metrics,
        published={name: list(values) for name, values in PUBLISHED_MOSES.items()},
        training_histograms={name: histogram(values, name) for name, values in reference.items()},
        property_distances={k: round(v, 4) for k, v in figures["property_distances"].items()},
        distance_noise={k: round(v, 4) for k, v in figures["distance_noise"].items()})
    print(f"\nwrote {write_quality(default_model_path(), quality)}")


def _best_in_chunk(smiles: list[str], keep: int = 100) -> dict[str, list[tuple[float, str]]]:
    """Each task's `keep` best (score, SMILES) in one chunk of the pool: one parse per molecule."""
    from rdkit import Chem

    functions = tasks()
    best: dict[str, list[tuple[float, str]]] = {name: [] for name in functions}
    for text in smiles:
        mol = Chem.MolFromSmiles(text)
        if mol is None:
            continue
        for name, (score, _) in functions.items():
            entry, heap = (score(mol), text), best[name]
            if len(heap) < keep:
                heapq.heappush(heap, entry)
            elif entry > heap[0]:
                heapq.heapreplace(heap, entry)
    return best


def starting_populations(pool: list[str], keep: int = 100) -> dict[str, list[str]]:
    """Each task's `keep` best molecules of the pool, best first, as GuacaMol's Graph GA starts; the
    pool is scored once for all tasks on every CPU, and ties go to the larger SMILES string."""
    from multiprocessing import get_context

    from core.molecules.chemistry import _quiet_rdkit

    chunks = [pool[i:i + 20_000] for i in range(0, len(pool), 20_000)]
    merged: dict[str, list[tuple[float, str]]] = {name: [] for name in tasks()}
    with get_context("fork").Pool(os.cpu_count() or 1, initializer=_quiet_rdkit) as workers:
        for best in workers.imap_unordered(_best_in_chunk, chunks):
            for name, entries in best.items():
                merged[name] = heapq.nlargest(keep, merged[name] + entries)
    return {name: [text for _, text in entries] for name, entries in merged.items()}


def guacamol_part(budget: int, seed: int, pool_size: int, starters_file: Path | None,
                  minutes_per_task: float | None, mutation_rate: float, only: list[str] | None,
                  plain: bool = False) -> dict:
    from core.molecules.generator import training_set
    from core.molecules.graph_ga import GUACAMOL_AVERAGE_SIZE, GraphGAConfig, run_graph_ga

    everything = sorted(training_set())
    pool = random.Random(seed).sample(everything, pool_size) if pool_size else everything
    started = time.perf_counter()
    if starters_file is not None and starters_file.exists():
        starters = json.loads(starters_file.read_text())
    else:
        starters = starting_populations(pool)
        if starters_file is not None:
            starters_file.parent.mkdir(parents=True, exist_ok=True)
            starters_file.write_text(json.dumps(starters))
    print(f"\nStarting populations: the best 100 of {len(pool):,} training molecules per task, "
          f"{time.perf_counter() - started:.0f} s")
    results = {}
    guacamol_alone = {"local_search_after": 0, "max_per_scaffold": 0, "restart_after": 0,
                      "average_size": GUACAMOL_AVERAGE_SIZE}
    method = "plain Graph GA" if plain else "Graph GA with local search, scaffold niches and restarts"
    print(f"\nGuacaMol goal-directed tasks, our {method}, at most {budget:,} scoring calls per task "
          f"(plus {len(pool):,} to pick the starting population), seed {seed}\n")
    print("| task | ours | Graph GA (published) | scoring calls | calls to find the best molecule | seconds |")
    print("|---|---|---|---|---|---|")
    for name, (score, how) in tasks().items():
        if only and not any(word.lower() in name.lower() for word in only):
            continue
        started = time.perf_counter()
        # GuacaMol's settings: 100 children per generation, parents drawn in proportion to score; the
        # scoring-call budget, a perfect score or --minutes-per-task ends the run
        config = GraphGAConfig(population_size=100, offspring_size=100, generations=5_000, mutation_rate=mutation_rate,
                               seed=seed, max_scoring_calls=budget, workers=os.cpu_count() or 1,
                               **(guacamol_alone if plain else {}))
        history, best_scores = [], []  # a min-heap of the 100 best scores so far, which GuacaMol aggregates

        def recorded(mol, score=score, best_scores=best_scores):
            value = score(mol)
            (heapq.heappush if len(best_scores) < 100 else heapq.heappushpop)(best_scores, value)
            return value

        def progress(stats, name=name, how=how, started=started, best_scores=best_scores):
            history.append(stats)
            if stats.generation % 20 == 0:
                print(f"  {name}: generation {stats.generation}, {stats.scoring_calls:,} calls, best {stats.best:.3f}, "
                      f"mean {stats.mean:.3f}, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
            perfect = aggregate(best_scores, how) >= 1.0
            out_of_time = minutes_per_task is not None and time.perf_counter() - started > 60 * minutes_per_task
            return False if perfect or out_of_time else None

        best = run_graph_ga(starters[name], recorded, config, on_generation=progress)
        value = aggregate([v for _, v in best], how)
        seconds = time.perf_counter() - started
        reached = next((stats.scoring_calls for stats in history if stats.best >= history[-1].best), 0)
        results[name] = {"score": value, "published": PUBLISHED_GRAPH_GA[name], "seconds": seconds,
                         "calls": history[-1].scoring_calls if history else 0, "calls_to_best": reached}
        print(f"| {name} | {value:.3f} | {PUBLISHED_GRAPH_GA[name]:.3f} | {results[name]['calls']:,} | "
              f"{reached:,} | {seconds:.0f} |", flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=10_000)
    parser.add_argument("--temperatures", type=float, nargs="+", default=[1.0],
                        help="MOSES' protocol samples at 1.0; lower values trade novelty for validity")
    parser.add_argument("--budget", type=int, default=20_000, help="scoring calls per task (distinct molecules)")
    parser.add_argument("--pool", type=int, default=20_000,
                        help="random training molecules the best 100 starters are picked from (0: all 1.58 M, "
                             "as GuacaMol picks from all of its ChEMBL set)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--mutation-rate", type=float, default=0.01, help="GuacaMol's Graph GA used 0.01")
    parser.add_argument("--tasks", nargs="+", help="run only the tasks whose names contain one of these words")
    parser.add_argument("--minutes-per-task", type=float,
                        help="also end a task after this long (the table shows the calls it used)")
    parser.add_argument("--starters", type=Path,
                        help="JSON file of each task's starting population: read if it exists, else written")
    parser.add_argument("--plain-ga", action="store_true",
                        help="GuacaMol's Graph GA alone: no local search, limit per scaffold or restart; its size cap")
    parser.add_argument("--skip-moses", action="store_true")
    parser.add_argument("--skip-guacamol", action="store_true")
    parser.add_argument("--write-quality", action="store_true",
                        help="store the temperature-1.0 figures and the training histograms beside the model, "
                             "where the Molecules tab shows them")
    args = parser.parse_args()
    from core.molecules.chemistry import _quiet_rdkit

    _quiet_rdkit()
    headline = {}
    if not args.skip_moses:
        reference, second_sample = training_property_samples(10_000, args.seed)
        for temperature in args.temperatures:
            key = "moses" if temperature == 1.0 else f"moses_t{temperature}"
            headline[key] = moses_part(args.samples, temperature, reference, second_sample)
        if args.write_quality and "moses" in headline:
            write_quality_file(args.samples, headline["moses"], reference)
    if not args.skip_guacamol:
        headline["guacamol"] = guacamol_part(args.budget, args.seed, args.pool, args.starters, args.minutes_per_task,
                                            args.mutation_rate, args.tasks, args.plain_ga)
    print(json.dumps(headline))


if __name__ == "__main__":
    main()
