"""Graph-based genetic algorithm (Jensen, Chem. Sci. 2019, "GB-GA"), as used by GuacaMol's Graph GA baseline.

Crossover cuts two parents at a ring or chain bond and joins a piece of each; mutation inserts,
appends, deletes or changes an atom, changes a bond order, opens or closes a ring. Each
generation draws parents in proportion to score, makes offspring, and keeps the best
`population_size` distinct molecules, at most `max_per_scaffold` of them with one ring skeleton.
When the best has not improved for `local_search_after` generations, every molecule one mutation
away from the best population member not yet explored is scored too: crossover rarely makes the
one small edit a nearly right molecule needs, and a 1% mutation rate rarely makes it either. After
`restart_after` generations without a better best, the population starts again from the starting
molecules: a converged population can sit in a family no move leads out of. One
`random.Random(seed)` draws the parents and a seed for each child, so a run is the same however
many processes make the children.

Credit: the moves' reaction SMARTS and their weights (the tables below) are Jan H. Jensen's, from GB-GA
("A graph-based genetic algorithm and generative model/Monte Carlo tree search for the exploration of
chemical space", Chem. Sci. 2019, 10, 3567; https://github.com/jensengroup/GB-GA), as adapted in GuacaMol's
Graph GA baseline (Brown et al., J. Chem. Inf. Model. 2019, 59, 1096; https://github.com/BenevolentAI/
guacamol_baselines, graph_ga/). The code here is our own; the README's licence table names both.
"""

from __future__ import annotations

import heapq
import random
from collections import Counter
from dataclasses import dataclass
from typing import Callable

GUACAMOL_AVERAGE_SIZE, SIZE_STDEV = 39.15, 3.50  # GuacaMol's soft cap on heavy atoms
ELEMENTS, ELEMENT_WEIGHTS = ["#6", "#7", "#8", "#9", "#16", "#17", "#35"], [0.15, 0.15, 0.14, 0.14, 0.14, 0.14, 0.14]
CHAIN_ELEMENTS, APPEND_ELEMENTS = ["C", "N", "O", "S"], ["C", "N", "O", "F", "S", "Cl", "Br"]
INSERT_SINGLE, INSERT_DOUBLE = "[*:1]~[*:2]>>[*:1]{}[*:2]", "[*;!H0:1]~[*:2]>>[*:1]={}-[*:2]"
INSERT_TRIPLE = "[*;!R;!H1;!H0:1]~[*:2]>>[*:1]#C-[*:2]"
APPEND_SINGLE, APPEND_DOUBLE, APPEND_TRIPLE = "[*;!H0:1]>>[*:1]{}", "[*;!H0;!H1:1]>>[*:1]={}", "[*;H3:1]>>[*:1]#{}"
OPEN_RING, CHANGE_ATOM = "[*:1]@[*:2]>>([*:1].[*:2])", "[{}:1]>>[{}:1]"
BOND_ORDER_CHANGES = [("[*:1]!-[*:2]>>[*:1]-[*:2]", 0.45), ("[*;!H0:1]-[*;!H0:2]>>[*:1]=[*:2]", 0.45),
                      ("[*:1]#[*:2]>>[*:1]=[*:2]", 0.05), ("[*;!R;!H1;!H0:1]~[*:2]>>[*:1]#[*:2]", 0.05)]
RING_CLOSURES = [
    ("[*;!r;!H0:1]~[*;!r:2]~[*;!r;!H0:3]>>[*:1]1~[*:2]~[*:3]1", 0.05),
    ("[*;!r;!H0:1]~[*!r:2]~[*!r:3]~[*;!r;!H0:4]>>[*:1]1~[*:2]~[*:3]~[*:4]1", 0.05),
    ("[*;!r;!H0:1]~[*!r:2]~[*:3]~[*:4]~[*;!r;!H0:5]>>[*:1]1~[*:2]~[*:3]~[*:4]~[*:5]1", 0.45),
    ("[*;!r;!H0:1]~[*!r:2]~[*:3]~[*:4]~[*!r:5]~[*;!r;!H0:6]>>[*:1]1~[*:2]~[*:3]~[*:4]~[*:5]~[*:6]1", 0.45),
]
ATOM_DELETIONS = [
    ("[*:1]~[D1:2]>>[*:1]", 0.25), ("[*:1]~[D2:2]~[*:3]>>[*:1]-[*:3]", 0.25),
    ("[*:1]~[D3:2](~[*;!H0:3])~[*:4]>>[*:1]-[*:3]-[*:4]", 0.25),
    ("[*:1]~[D4:2](~[*;!H0:3])(~[*;!H0:4])~[*:5]>>[*:1]-[*:3]-[*:4]-[*:5]", 0.1875),
    ("[*:1]~[D4:2](~[*;!H0;!H1:3])(~[*:4])~[*:5]>>[*:1]-[*:3](-[*:4])-[*:5]", 0.0625),
]


@dataclass(frozen=True)
class GraphGAConfig:
    population_size: int = 100
    offspring_size: int = 200
    generations: int = 20
    mutation_rate: float = 0.01
    seed: int = 0
    max_scoring_calls: int | None = None
    workers: int = 1
    # after this many generations without a better best, score every molecule one mutation away from
    # the best population member not yet explored (a local search, as in memetic algorithms); 0: off
    local_search_after: int = 5
    # at most this many members share one ring skeleton (generic Murcko scaffold), so that one family
    # of near-copies cannot crowd out the rest; 0 turns it off
    max_per_scaffold: int = 10
    # after this many generations without a better best molecule, start again from the starting population
    # with the random draws where they are: the population can converge on a family that no move leads out
    # of, and a second try may take another road; what was scored is kept; 0: off
    restart_after: int = 100
    # a child larger than a size drawn from N(average_size, 3.5) heavy atoms is discarded (Jensen's soft
    # cap); GuacaMol's 39.15 left molecules no room to gain a ring without losing another piece
    average_size: float = 45.0

    def check(self) -> None:
        if not 2 <= self.population_size <= 2000:
            raise ValueError("Population size must be between 2 and 2,000.")
        if not 1 <= self.offspring_size <= 5000:
            raise ValueError("Offspring per generation must be between 1 and 5,000.")
        if not 1 <= self.generations <= 5000:
            raise ValueError("Generations must be between 1 and 5,000.")
        if not 0 <= self.mutation_rate <= 1:
            raise ValueError("The mutation rate is a probability between 0 and 1.")
        if self.workers < 1:
            raise ValueError("Workers must be at least 1.")
        if self.local_search_after < 0:
            raise ValueError("Local search patience cannot be negative.")
        if self.max_per_scaffold < 0:
            raise ValueError("Members per scaffold cannot be negative.")
        if self.restart_after < 0:
            raise ValueError("Restart patience cannot be negative.")
        if not 10 <= self.average_size <= 150:
            raise ValueError("The average size cap must be between 10 and 150 heavy atoms.")


@dataclass
class GenerationStats:
    generation: int
    best: float  # the best score so far
    mean: float  # the mean score of the population now
    scoring_calls: int
    top: list[tuple[str, float]]  # the 12 best molecules so far


class _Operators:
    """Jensen's crossover and mutation moves, with every random choice from one Random."""

    def __init__(self, rng: random.Random, average_size: float = GUACAMOL_AVERAGE_SIZE):
        from rdkit import Chem
        from rdkit.Chem import AllChem

        self.rng, self.Chem, self.AllChem = rng, Chem, AllChem
        self.average_size = average_size
        self._smarts_cache: dict[str, object] = {}
        self._reaction_cache: dict[str, object] = {}

    def smarts(self, text: str):
        if text not in self._smarts_cache:
            self._smarts_cache[text] = self.Chem.MolFromSmarts(text)
        return self._smarts_cache[text]

    def reaction(self, text: str):
        if text not in self._reaction_cache:
            self._reaction_cache[text] = self.AllChem.ReactionFromSmarts(text)
        return self._reaction_cache[text]

    def weighted(self, choices: list, weights: list[float]):
        return self.rng.choices(choices, weights=weights, k=1)[0]

    def mol_ok(self, mol) -> bool:
        try:
            self.Chem.SanitizeMol(mol)
        except Exception:  # RDKit raises several kinds for impossible chemistry
            return False
        target = SIZE_STDEV * self.rng.gauss(0, 1) + self.average_size
        return 5 < mol.GetNumAtoms() < target

    def ring_ok(self, mol) -> bool:
        if not mol.HasSubstructMatch(self.smarts("[R]")):
            return True
        if mol.HasSubstructMatch(self.smarts("[R]=[R]=[R]")):
            return False
        if max(len(ring) for ring in mol.GetRingInfo().AtomRings()) > 6:
            return False
        return not mol.HasSubstructMatch(self.smarts("[r3,r4]=[r3,r4]"))

    # crossover
    def cut(self, mol):
        pattern = self.smarts("[*]-;!@[*]")
        if not mol.HasSubstructMatch(pattern):
            return None
        atoms = self.rng.choice(mol.GetSubstructMatches(pattern))
        bond = mol.GetBondBetweenAtoms(*atoms).GetIdx()
        pieces = self.Chem.FragmentOnBonds(mol, [bond], addDummies=True, dummyLabels=[(1, 1)])
        try:
            return self.Chem.GetMolFrags(pieces, asMols=True, sanitizeFrags=True)
        except ValueError:
            return None

    def cut_ring(self, mol):
        for _ in range(10):
            if self.rng.random() < 0.5:
                pattern = self.smarts("[R]@[R]@[R]@[R]")
                if not mol.HasSubstructMatch(pattern):
                    return None
                atoms = self.rng.choice(mol.GetSubstructMatches(pattern))
                pairs = ((atoms[0], atoms[1]), (atoms[2], atoms[3]))
            else:
                pattern = self.smarts("[R]@[R;!D2]@[R]")
                if not mol.HasSubstructMatch(pattern):
                    return None
                atoms = self.rng.choice(mol.GetSubstructMatches(pattern))
                pairs = ((atoms[0], atoms[1]), (atoms[1], atoms[2]))
            bonds = [mol.GetBondBetweenAtoms(a, b).GetIdx() for a, b in pairs]
            pieces = self.Chem.FragmentOnBonds(mol, bonds, addDummies=True, dummyLabels=[(1, 1), (1, 1)])
            try:
                fragments = self.Chem.GetMolFrags(pieces, asMols=True, sanitizeFrags=True)
            except ValueError:
                return None
            if len(fragments) == 2:
                return fragments
        return None

    def crossover_ring(self, parent_a, parent_b):
        joins = ["[*:1]~[1*].[1*]~[*:2]>>[*:1]-[*:2]", "[*:1]~[1*].[1*]~[*:2]>>[*:1]=[*:2]"]
        closes = ["([*:1]~[1*].[1*]~[*:2])>>[*:1]-[*:2]", "([*:1]~[1*].[1*]~[*:2])>>[*:1]=[*:2]"]
        for _ in range(10):
            fragments_a, fragments_b = self.cut_ring(parent_a), self.cut_ring(parent_b)
            if fragments_a is None or fragments_b is None:
                return None
            trials = []
            for join in joins:
                for a in fragments_a:
                    for b in fragments_b:
                        trials.append(self.reaction(join).RunReactants((a, b))[0][0])
            children = []
            for close in closes:
                for trial in trials:
                    if self.mol_ok(trial):
                        children += [product[0] for product in self.reaction(close).RunReactants((trial,))]
            children = [child for child in children if self.mol_ok(child) and self.ring_ok(child)]
            if children:
                return self.rng.choice(children)
        return None

    def crossover_chain(self, parent_a, parent_b):
        join = self.reaction("[*:1]-[1*].[1*]-[*:2]>>[*:1]-[*:2]")
        for _ in range(10):
            fragments_a, fragments_b = self.cut(parent_a), self.cut(parent_b)
            if fragments_a is None or fragments_b is None:
                return None
            children = [join.RunReactants((a, b))[0][0] for a in fragments_a for b in fragments_b]
            children = [child for child in children if self.mol_ok(child)]
            if children:
                return self.rng.choice(children)
        return None

    def crossover(self, parent_a, parent_b):
        """Up to ten tries at a child that differs from both parents."""
        parents = {self.Chem.MolToSmiles(parent_a), self.Chem.MolToSmiles(parent_b)}
        try:
            parent_a, parent_b = self.Chem.Mol(parent_a), self.Chem.Mol(parent_b)
            self.Chem.Kekulize(parent_a, clearAromaticFlags=True)
            self.Chem.Kekulize(parent_b, clearAromaticFlags=True)
        except Exception:  # a parent that cannot be kekulised cannot be cut cleanly
            return None
        for _ in range(10):
            if self.rng.random() <= 0.5:
                child = self.crossover_chain(parent_a, parent_b)
            else:
                child = self.crossover_ring(parent_a, parent_b)
            if child is not None and self.Chem.MolToSmiles(child) not in parents:
                return child
        return None

    # mutation: each move is a reaction drawn with GuacaMol's weights
    def insert_atom(self) -> str:
        order = self.weighted(["single", "double", "triple"], [0.60, 0.35, 0.05])
        if order == "single":
            return INSERT_SINGLE.format(self.rng.choice(CHAIN_ELEMENTS))
        if order == "double":
            return INSERT_DOUBLE.format(self.rng.choice(["C", "N"]))
        return INSERT_TRIPLE

    def change_atom(self, mol) -> str:
        present = [e for e in ELEMENTS if mol.HasSubstructMatch(self.smarts(f"[{e}]"))]
        source = self.rng.choice(present) if present else "#6"
        target = self.weighted([e for e in ELEMENTS if e != source],
                               [w for e, w in zip(ELEMENTS, ELEMENT_WEIGHTS) if e != source])
        return CHANGE_ATOM.format(source, target)

    def append_atom(self) -> str:
        order = self.weighted(["single", "double", "triple"], [0.60, 0.35, 0.05])
        if order == "single":
            return APPEND_SINGLE.format(self.rng.choice(APPEND_ELEMENTS))
        if order == "double":
            return APPEND_DOUBLE.format(self.rng.choice(["C", "N", "O"]))
        return APPEND_TRIPLE.format(self.rng.choice(["C", "N"]))

    def mutate(self, mol, rate: float):
        if self.rng.random() > rate:
            return mol
        try:
            mol = self.Chem.Mol(mol)
            self.Chem.Kekulize(mol, clearAromaticFlags=True)
        except Exception:  # cannot kekulise: leave the molecule as it is
            return mol
        for _ in range(10):
            move = self.weighted(
                [self.insert_atom, lambda: self.weighted(*zip(*BOND_ORDER_CHANGES)), lambda: OPEN_RING,
                 lambda: self.weighted(*zip(*RING_CLOSURES)), lambda: self.weighted(*zip(*ATOM_DELETIONS)),
                 lambda: self.change_atom(mol), self.append_atom],
                [0.15, 0.14, 0.14, 0.14, 0.14, 0.14, 0.15])()
            products = self.reaction(move).RunReactants((mol,))
            children = [p[0] for p in products if self.mol_ok(p[0]) and self.ring_ok(p[0])]
            if children:
                return self.rng.choice(children)
        return None

    def neighbours(self, smiles: str) -> list[str]:
        """Every molecule one mutation away, by every move on every atom or bond, sorted; the size
        cap is GuacaMol's mean plus two standard deviations instead of a random draw."""
        mol = self.Chem.MolFromSmiles(smiles)
        try:
            self.Chem.Kekulize(mol, clearAromaticFlags=True)
        except Exception:  # cannot kekulise: no moves
            return []
        present = [e for e in ELEMENTS if mol.HasSubstructMatch(self.smarts(f"[{e}]"))]
        moves = ([INSERT_SINGLE.format(e) for e in CHAIN_ELEMENTS] + [INSERT_DOUBLE.format(e) for e in "CN"]
                 + [INSERT_TRIPLE, OPEN_RING] + [m for m, _ in BOND_ORDER_CHANGES + RING_CLOSURES + ATOM_DELETIONS]
                 + [CHANGE_ATOM.format(s, t) for s in present for t in ELEMENTS if t != s]
                 + [APPEND_SINGLE.format(e) for e in APPEND_ELEMENTS] + [APPEND_DOUBLE.format(e) for e in "CNO"]
                 + [APPEND_TRIPLE.format(e) for e in "CN"])
        found = set()
        for move in moves:
            for (product, *_) in self.reaction(move).RunReactants((mol,)):
                try:
                    self.Chem.SanitizeMol(product)
                except Exception:  # RDKit raises several kinds for impossible chemistry
                    continue
                if 5 < product.GetNumAtoms() < self.average_size + 2 * SIZE_STDEV and self.ring_ok(product):
                    found.add(self.Chem.MolToSmiles(product))
        found.discard(self.Chem.CanonSmiles(smiles))
        return sorted(found)


_worker_operators: _Operators | None = None


def _make_child(job: tuple[str, str, float, float, int]) -> str | None:
    """One child of two parents, as SMILES, from its own seed, so that any worker makes the same child."""
    from rdkit import Chem

    global _worker_operators
    smiles_a, smiles_b, mutation_rate, average_size, seed = job
    if _worker_operators is None:
        _worker_operators = _Operators(random.Random())
    operators = _worker_operators
    operators.rng, operators.average_size = random.Random(seed), average_size
    child = operators.crossover(Chem.MolFromSmiles(smiles_a), Chem.MolFromSmiles(smiles_b))
    if child is not None:
        child = operators.mutate(child, mutation_rate)
    return None if child is None else Chem.MolToSmiles(child)


def ring_skeleton(smiles: str) -> str:
    """The generic Murcko scaffold: ring systems and their linkers, with every atom a carbon."""
    from rdkit import Chem
    from rdkit.Chem.Scaffolds import MurckoScaffold

    try:
        scaffold = MurckoScaffold.GetScaffoldForMol(Chem.MolFromSmiles(smiles))
        return Chem.MolToSmiles(MurckoScaffold.MakeScaffoldGeneric(scaffold))
    except Exception:  # RDKit raises several kinds on odd valences; such a molecule is its own family
        return smiles


def run_graph_ga(starting_smiles: list[str], score: Callable[[object], float], config: GraphGAConfig,
                 on_generation: Callable[[GenerationStats], object] | None = None) -> list[tuple[str, float]]:
    """Optimise from `starting_smiles`; returns the best `population_size` molecules scored, as
    (smiles, score), best first.

    `on_generation` is called after each generation; returning False stops the run. With
    `config.workers` above 1, children are made in that many forked processes, with the same result.
    """
    from contextlib import nullcontext
    from multiprocessing import get_context

    from rdkit import Chem

    from core.molecules.chemistry import _quiet_rdkit

    config.check()
    _quiet_rdkit()
    rng = random.Random(config.seed)
    calls = 0
    scores: dict[str, float] = {}

    def budget_spent() -> bool:
        return config.max_scoring_calls is not None and calls >= config.max_scoring_calls

    def evaluate(smiles: str) -> tuple[str, float] | None:
        """(canonical SMILES, score), or None for an unreadable molecule or once the budget is spent."""
        nonlocal calls
        mol = Chem.MolFromSmiles(smiles)
        if mol is None:
            return None
        smiles = Chem.MolToSmiles(mol)
        if smiles not in scores:
            if budget_spent():
                return None
            calls += 1
            scores[smiles] = score(mol)
        return smiles, scores[smiles]

    skeletons: dict[str, str] = {}

    def best_first(members) -> list[str]:
        """The best `population_size` members, at most `max_per_scaffold` of each ring skeleton while
        others are left to fill the places."""
        ranked = sorted(members, key=lambda smiles: -scores[smiles])
        if not config.max_per_scaffold:
            return ranked[: config.population_size]
        kept, crowded, per_skeleton = [], [], Counter()
        for smiles in ranked:
            if smiles not in skeletons:
                skeletons[smiles] = ring_skeleton(smiles)
            per_skeleton[skeletons[smiles]] += 1
            (kept if per_skeleton[skeletons[smiles]] <= config.max_per_scaffold else crowded).append(smiles)
            if len(kept) == config.population_size:
                return kept
        return sorted(kept + crowded[: config.population_size - len(kept)], key=lambda smiles: -scores[smiles])

    first_population = best_first(dict.fromkeys(e[0] for e in map(evaluate, starting_smiles) if e is not None))
    population = first_population
    if not population:
        raise ValueError("None of the starting molecules is valid.")

    def admit(children, members: dict[str, None]) -> bool:
        """Score the children into `members`; False once the budget is spent."""
        for child in filter(None, children):
            evaluated = evaluate(child)
            if evaluated is not None:
                members[evaluated[0]] = None
            elif budget_spent():
                return False
        return True

    explored: set[str] = set()
    local_moves = _Operators(random.Random(0), config.average_size)
    best_score, stalled, since_best = scores[population[0]], 0, 0
    workers = get_context("fork").Pool(config.workers, _quiet_rdkit) if config.workers > 1 else nullcontext()
    with workers as pool:
        for generation in range(1, config.generations + 1):
            weights = [scores[s] + 1e-6 for s in population]
            jobs = [(*rng.choices(population, weights=weights, k=2), config.mutation_rate, config.average_size,
                     rng.getrandbits(64))
                    for _ in range(config.offspring_size)]
            children = pool.map(_make_child, jobs, chunksize=8) if pool else map(_make_child, jobs)
            members = dict.fromkeys(population)
            within_budget = admit(children, members)
            population = best_first(members)
            stalled = 0 if scores[population[0]] > best_score else stalled + 1
            if within_budget and config.local_search_after and stalled >= config.local_search_after:
                unexplored = next((s for s in population if s not in explored), None)
                if unexplored is not None:
                    explored.add(unexplored)
                    within_budget = admit(local_moves.neighbours(unexplored), members)
                    population = best_first(members)
                stalled = 0
            since_best = 0 if scores[population[0]] > best_score else since_best + 1
            best_score = max(best_score, scores[population[0]])
            values = [scores[s] for s in population]
            stats = GenerationStats(generation, best_score, sum(values) / len(values), calls,
                                    [(s, scores[s]) for s in heapq.nlargest(12, scores, key=scores.get)])
            if on_generation is not None and on_generation(stats) is False:
                break
            if not within_budget:
                break
            if config.restart_after and since_best >= config.restart_after:
                population, since_best = first_population, 0
    return [(s, scores[s]) for s in sorted(scores, key=lambda smiles: -scores[smiles])[: config.population_size]]
