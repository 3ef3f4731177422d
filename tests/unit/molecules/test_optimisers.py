import pytest
from rdkit import Chem

from core.molecules.graph_ga import GraphGAConfig, run_graph_ga
from core.molecules.guided import GuidedConfig, run_guided
from core.molecules.objective import Objective, ObjectiveConfig

START = ["CCOc1ccccc1", "CC(=O)Nc1ccc(O)cc1", "c1ccc2ccccc2c1", "CCN(CC)CC", "OC(=O)c1ccccc1O", "CC(C)Cc1ccccc1",
         "Cc1ccccc1N", "COc1ccc(C=O)cc1", "CC1CCCCC1", "Clc1ccccc1", "NC(=O)c1cccnc1", "CCCCO"]
CELECOXIB = "Cc1ccc(-c2cc(C(F)(F)F)nn2-c2ccc(S(N)(=O)=O)cc2)cc1"


def similarity_objective():
    return Objective(ObjectiveConfig(qed_weight=0, sa_weight=0, reference_smiles=CELECOXIB))


def test_the_graph_ga_climbs_and_is_reproducible():
    objective = similarity_objective()
    history = []
    config = GraphGAConfig(population_size=12, offspring_size=24, generations=6, seed=3)
    best = run_graph_ga(START, objective.score, config, on_generation=history.append)
    again = run_graph_ga(START, objective.score, config)
    start_best = max(objective.score(Chem.MolFromSmiles(s)) for s in START)
    assert best == again
    assert best[0][1] >= start_best and history[-1].best >= history[0].best
    assert all(Chem.MolFromSmiles(s) is not None for s, _ in best)


def test_the_graph_ga_finds_the_same_molecules_on_two_processes_as_on_one():
    objective = similarity_objective()
    config = GraphGAConfig(population_size=12, offspring_size=24, generations=3, seed=5)
    one = run_graph_ga(START, objective.score, config)
    two = run_graph_ga(START, objective.score, GraphGAConfig(**{**config.__dict__, "workers": 2}))
    assert one == two


def test_the_graph_ga_stops_when_asked_and_respects_its_budget():
    objective = similarity_objective()
    stopped = []
    run_graph_ga(START, objective.score, GraphGAConfig(population_size=12, offspring_size=24, generations=50),
                 on_generation=lambda stats: stopped.append(stats) or False)
    assert len(stopped) == 1
    budget = []
    run_graph_ga(START, objective.score, GraphGAConfig(population_size=12, offspring_size=24, generations=50,
                                                       max_scoring_calls=40), on_generation=budget.append)
    assert budget[-1].scoring_calls <= 40


@pytest.mark.parametrize("model", ["tiny_generator_path", "tiny_selfies_generator_path"])
def test_generator_guided_optimisation_runs_on_a_tiny_model(model, request):
    from core.molecules.generator import MoleculeGenerator

    generator = MoleculeGenerator.from_pretrained(request.getfixturevalue(model))
    objective = Objective(ObjectiveConfig())
    rounds = []
    result = run_guided(generator, objective.score, GuidedConfig(rounds=2, samples_per_round=64, keep_top=8),
                        on_round=rounds.append)
    assert all(Chem.MolFromSmiles(s) is not None for s, _ in result)
    assert [r.generation for r in rounds] == list(range(1, len(rounds) + 1))


def test_bad_settings_are_refused():
    with pytest.raises(ValueError, match="Population"):
        GraphGAConfig(population_size=1).check()
    with pytest.raises(ValueError, match="None of the starting molecules"):
        run_graph_ga(["not-smiles"], similarity_objective().score, GraphGAConfig(generations=1))
