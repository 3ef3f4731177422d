"""One entry point for optimisation: a goal, a method (Graph GA or generator-guided), a seed.

    result = optimize(OptimizationConfig(objective=ObjectiveConfig(...), method="Graph GA"), on_progress=...)
    result.best[:10], result.history
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Callable

from core.molecules.graph_ga import GenerationStats, GraphGAConfig, run_graph_ga
from core.molecules.guided import GuidedConfig, run_guided
from core.molecules.objective import Objective, ObjectiveConfig

METHODS = {
    "Graph GA": ("Breeds molecules as nature breeds living things: cuts and joins parents, then mutates atoms and "
                 "bonds, and keeps the fittest (Jan Jensen's genetic algorithm on molecule graphs, 2019); when "
                 "it stalls, it tries every single edit of its best molecule, and in a long run it starts again "
                 "after 100 generations without progress."),
    "Generator-guided": "Teaches our molecule generator from its own best ideas, round after round (hill climbing).",
}
STARTING_POOL = 1000


@dataclass(frozen=True)
class OptimizationConfig:
    objective: ObjectiveConfig = field(default_factory=ObjectiveConfig)
    method: str = "Graph GA"
    generations: int = 10
    population: int = 100
    seed: int = 0
    starting_smiles: tuple[str, ...] = ()

    def check(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"Unknown method {self.method!r}; choose one of: {', '.join(METHODS)}.")


@dataclass
class OptimizationResult:
    best: list[tuple[str, float]]
    history: list[GenerationStats]
    seconds: float
    scoring_calls: int
    stopped: bool = False


def starting_pool(seed: int, size: int = STARTING_POOL) -> list[str]:
    """The Graph GA's first pool: a seeded sample of MOSES training molecules, or of our generator's
    molecules where the MOSES data is not installed."""
    from core.molecules.generator import MoleculeGenerator, training_set

    known = training_set()
    if known is None:
        return MoleculeGenerator.load().sample_smiles(size, seed=seed)
    pool = sorted(known)
    return random.Random(seed).sample(pool, min(size, len(pool)))


def optimize(config: OptimizationConfig, on_progress: Callable[[GenerationStats], object] | None = None,
             generator=None) -> OptimizationResult:
    """Run the chosen method; `on_progress` gets each generation's stats and may return False to stop."""
    from core.molecules.chemistry import _quiet_rdkit

    config.check()
    _quiet_rdkit()
    objective = Objective(config.objective)
    history: list[GenerationStats] = []
    stopped = False

    def record(stats: GenerationStats):
        nonlocal stopped
        history.append(stats)
        if on_progress is not None and on_progress(stats) is False:
            stopped = True
            return False
        return None

    started = time.perf_counter()
    if config.method == "Graph GA":
        ga = GraphGAConfig(population_size=config.population, offspring_size=2 * config.population,
                           generations=config.generations, seed=config.seed)
        pool = list(config.starting_smiles) or starting_pool(config.seed)
        best = run_graph_ga(pool, objective.score, ga, on_generation=record)
    else:
        if generator is None:
            from core.molecules.generator import MoleculeGenerator

            generator = MoleculeGenerator.load()
        guided = GuidedConfig(rounds=config.generations, samples_per_round=max(config.population * 2, 16),
                              keep_top=max(2, min(config.population, 64)), seed=config.seed)
        best = run_guided(generator, objective.score, guided, on_round=record)
    calls = history[-1].scoring_calls if history else 0
    return OptimizationResult(best, history, time.perf_counter() - started, calls, stopped)


def optimisation_job(config: OptimizationConfig, *, report) -> tuple[OptimizationResult, object]:
    """`optimize` as a core.jobs target: each generation's stats go out as the payload of a progress report, and
    the energy is measured where the work ran. Returns (result, energy measurement); the app records the result
    (`record_optimisation`) once it has shown it, so a run stopped at the last moment is not recorded twice."""
    from core.provenance import get_recorder

    with get_recorder().meter() as meter:
        result = optimize(config, on_progress=lambda stats: report(
            min(1.0, stats.generation / config.generations), f"Generation {stats.generation} of {config.generations}",
            payload=stats))
    return result, meter.result


def record_optimisation(result: OptimizationResult, config: OptimizationConfig, energy=None) -> str:
    """Write the audit row of a finished optimisation; returns its id."""
    import json

    from core.provenance import get_recorder

    return get_recorder().record_output(
        "\n".join(f"{s}\t{v:.4f}" for s, v in result.best[:100]), tab="molecules", backend="embedded",
        model_id=config.method,
        parameters={"kind": "optimize", "generations": config.generations, "population": config.population,
                    "seed": config.seed, "objective": json.loads(json.dumps(vars(config.objective), default=list))},
        energy=energy).id
