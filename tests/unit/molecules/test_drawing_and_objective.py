import pytest
from rdkit import Chem

from core.molecules.drawing import conformer_figure, drawings
from core.molecules.objective import Objective, ObjectiveConfig

CELECOXIB = "Cc1ccc(-c2cc(C(F)(F)F)nn2-c2ccc(S(N)(=O)=O)cc2)cc1"


def test_each_molecule_gets_its_own_drawing_in_order():
    pictures = drawings([Chem.MolFromSmiles(s) for s in ("CCO", "c1ccccc1", "CCN")], ["a", "b", "c"],
                        highlight_smarts="c1ccccc1", size=200)
    assert [picture.size for picture in pictures] == [(200, 200)] * 3
    with pytest.raises(ValueError, match="SMARTS"):
        drawings([Chem.MolFromSmiles("CCO")], ["a"], highlight_smarts="[[[")


def test_a_long_molecules_atom_letters_stay_readable_where_a_gallery_shows_it_small():
    from core.molecules.drawing import drawing_options

    # a gallery shows the 300 px drawings about 170 px wide on a phone: 16 px letters there were 9 px (review 12)
    assert drawing_options().minFontSize >= 20


def test_sulfur_and_the_halogens_read_on_the_light_and_on_the_dark_theme():
    import numpy as np

    from core.chart_colours import contrast
    from core.molecules.drawing import drawing_options

    def dark_theme(rgb):  # the page's filter on drawings in the dark theme: invert(0.88) (hue-rotate keeps lightness)
        return [c * 0.12 + (1 - c) * 0.88 for c in rgb[:3]]

    palette = drawing_options().getAtomPalette()
    for element in (7, 8, 9, 15, 16, 17, 35):  # N, O, F, P, S, Cl, Br
        colour = palette[element]
        assert contrast(colour, (1, 1, 1)) >= 3 and contrast(dark_theme(colour), dark_theme((1, 1, 1))) >= 3, element
    drawn = np.asarray(drawings([Chem.MolFromSmiles("c1ccsc1")], ["thiophene"])[0]).reshape(-1, 3) / 255
    sulfur = np.array(palette[16][:3])
    assert (np.abs(drawn - sulfur).max(axis=1) < 0.05).sum() > 20  # the S is drawn in that colour


def test_a_3d_conformer_has_every_atom_with_hydrogens_and_a_legend_naming_each_element_in_its_colour():
    from core.chart_colours import DARK_PANEL, LIGHT_BACKGROUND, contrast
    from core.molecules.drawing import ATOM_OUTLINE

    figure = conformer_figure(Chem.MolFromSmiles("CCO"))
    atoms = {trace.name: trace for trace in figure.data[1:]}
    assert list(atoms) == ["carbon", "oxygen", "hydrogen"]  # there was no key to the colours
    assert [len(atoms[name].x) for name in atoms] == [2, 1, 6]  # 3 heavy atoms and 6 hydrogens
    # carbon (#404040) vanished on the dark theme, hydrogen on the light one: carbon stands out on both, and every
    # atom has an outline that does
    assert contrast(atoms["carbon"].marker.color, DARK_PANEL) >= 3 and contrast(atoms["carbon"].marker.color, "#ffffff") >= 3
    assert all(trace.marker.line.color == ATOM_OUTLINE and trace.marker.line.width >= 1 for trace in atoms.values())
    assert contrast(ATOM_OUTLINE, LIGHT_BACKGROUND) >= 3 and contrast(ATOM_OUTLINE, atoms["hydrogen"].marker.color) >= 3


def test_the_objective_rewards_what_was_asked_for():
    objective = Objective(ObjectiveConfig(logp_window=(2, 3), reference_smiles=CELECOXIB, reject_pains=True))
    celecoxib = objective.explain(Chem.MolFromSmiles(CELECOXIB))
    ethanol = objective.explain(Chem.MolFromSmiles("CCO"))
    assert celecoxib.score > 0.7 > ethanol.score
    assert celecoxib.parts["similar to reference"] == 1.0


def test_hard_rules_zero_the_score_and_say_why():
    objective = Objective(ObjectiveConfig(forbidden_smarts=("S(=O)(=O)N",)))
    explained = objective.explain(Chem.MolFromSmiles(CELECOXIB))
    assert explained.score == 0 and "forbidden" in explained.parts["hard rules broken"]


@pytest.mark.parametrize("config, message", [
    (ObjectiveConfig(logp_window=(3, 2)), "lower end"),
    (ObjectiveConfig(reference_smiles="not a molecule"), "not a valid SMILES"),
    (ObjectiveConfig(required_smarts=("[[",)), "not valid SMARTS"),
    (ObjectiveConfig(qed_weight=0, sa_weight=0), "at least one wish"),
])
def test_a_bad_goal_is_explained(config, message):
    with pytest.raises(ValueError, match=message):
        Objective(config)


def test_a_drawings_legend_reads_on_a_phone():
    """Two drawings a row on a phone, each shown about 170 px wide: the Generate tab's three-line legends
    ("gen-10", "drug-like 0.89", "hard to make 1.8") must keep a line pitch of at least 12 px there (two lines of
    "gen-10: drug-like 0.89" in a grid of three came to 9.5)."""
    import numpy as np

    mols = [Chem.MolFromSmiles(s) for s in ("CC(=O)Oc1ccccc1C(=O)O", "c1ccccc1", "CCN(CC)CCOC(=O)c1ccc(N)cc1")]
    for image in drawings(mols, ["gen-10\ndrug-like 0.89\nhard to make 1.8"] * 3):
        ink_rows = np.where((np.asarray(image.convert("L")) < 128).any(axis=1))[0]
        legend_rows = ink_rows[ink_rows > 0.6 * image.size[1]]
        assert (legend_rows.max() - legend_rows.min() + 1) * 170 / image.size[0] / 3 >= 12


def test_a_molecule_drawn_down_to_its_legend_keeps_a_clear_gap_above_it():
    """Menadione's lower ring, drawn at the foot of its picture, touched its "gen-2" legend in a phone's gallery."""
    import numpy as np

    for legend in ("gen-2", "#1  score 0.912\nmenadione"):
        for smiles in ("CC1=CC(=O)c2ccccc2C1=O", "Cn1cnc2c1c(=O)n(C)c(=O)n2C"):  # each drawn in one piece
            image = drawings([Chem.MolFromSmiles(smiles)], [legend])[0]
            inked = (np.asarray(image.convert("L")) < 200).any(axis=1)
            starts = np.flatnonzero(inked[1:] & ~inked[:-1]) + 1  # where each run of inked rows begins
            ends = np.flatnonzero(~inked[1:] & inked[:-1]) + 1
            assert len(starts) >= 2, f"{smiles} runs into its legend"
            assert starts[1] - ends[0] >= 8, (smiles, legend)  # the legend's top, the molecule's foot


def test_the_drawings_coloured_atoms_read_on_white_and_on_the_dark_themes_panel():
    """Sulfur's S read at 3.5:1 and looked too dark to see in the dark theme (review 15). The dark theme shows the
    drawing through `invert(0.88) hue-rotate(180deg)` on its panel (#1f2937); every colour reads at 4.5:1 on both."""
    from core.molecules.drawing import DRAWING_COLOURS

    def luminance(rgb):
        channels = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    def contrast(first, second):
        high, low = sorted((luminance(first), luminance(second)), reverse=True)
        return (high + 0.05) / (low + 0.05)

    def as_the_dark_theme_shows(rgb):  # the CSS filters' own matrices: invert, then hue-rotate(180deg)
        inverted = [0.88 * (1 - c) + 0.12 * c for c in rgb]
        matrix = [[-0.574, 1.430, 0.144], [0.426, 0.430, 0.144], [0.426, 1.430, -0.856]]
        return [min(1.0, max(0.0, sum(row[n] * inverted[n] for n in range(3)))) for row in matrix]

    panel = [31 / 255, 41 / 255, 55 / 255]
    for element, rgb in DRAWING_COLOURS.items():
        assert contrast(rgb, [1.0, 1.0, 1.0]) >= 4.5, element
        assert contrast(as_the_dark_theme_shows(rgb), panel) >= 4.5, element
