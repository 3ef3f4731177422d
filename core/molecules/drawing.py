"""Pictures of molecules: 2D drawings with legends and highlighted substructures, and a 3D conformer.

The 3D view is a plotly figure (ball and stick), so it can be turned and zoomed in the page
with nothing fetched from the web.
"""

from __future__ import annotations

import io

from PIL import Image

# The 3D view's atoms (Jmol's colours, carbon a mid grey: its #404040 vanished on the dark theme), each outlined in
# ATOM_OUTLINE so hydrogen's near-white shows on the light theme; the legend names the elements a molecule has.
ELEMENT_COLOURS = {"C": "#808080", "N": "#3050F8", "O": "#FF0D0D", "S": "#E0C020", "F": "#90E050",
                   "Cl": "#1FF01F", "Br": "#A62929", "I": "#940094", "P": "#FF8000", "H": "#EEEEEE"}
ELEMENT_NAMES = {"C": "carbon", "N": "nitrogen", "O": "oxygen", "S": "sulfur", "F": "fluorine", "Cl": "chlorine",
                 "Br": "bromine", "I": "iodine", "P": "phosphorus", "H": "hydrogen"}
ELEMENT_SIZES = {"H": 6}
ATOM_OUTLINE = "#4b5563"
# RDKit's sulfur, phosphorus, fluorine and chlorine are light on white, and the dark theme's inverted copy of the
# drawing turns them dark on its panel; these darker shades read at 4.5:1 or better on both (at 3.5:1 sulfur's S was
# "too dark to see" in the dark theme, review 15).
DRAWING_COLOURS = {16: (0.5, 0.36, 0.0), 15: (0.6, 0.3, 0.0), 9: (0.05, 0.45, 0.45), 17: (0.05, 0.45, 0.05)}


def drawing_options(legend_lines: int = 1):
    """RDKit's drawing options for every 2D picture in the suite: legends as large as their lines let them be,
    bonds a phone shows, and atom colours that read on the light and the dark theme."""
    from rdkit.Chem import Draw

    options = Draw.MolDrawOptions()
    options.legendFontSize = 32  # about 19 px on a phone, which shows two 300 px drawings in a row
    # RDKit shrinks the letters to fit this share of the height, and puts the molecule right above it: at 0.075 a
    # line the letters filled it, and a ring at the molecule's foot touched its legend (at 0.06, so did an O of
    # 20 px over a legend of two lines)
    options.legendFraction = 0.08 + 0.1 * legend_lines
    options.bondLineWidth = 2  # thin bonds fade to nothing on a phone, and in the dark theme
    # a long molecule's atom letters (O, NH2, Cl) shrank to 6 of 300 px, 3 px as shown; at 16 they were 9 px on a
    # phone's two drawings a row, at 20 about 11, and larger ones crowd the bonds
    options.minFontSize = 20
    options.updateAtomPalette(DRAWING_COLOURS)
    return options


def drawings(mols: list, legends: list[str], highlight_smarts: str | None = None, size: int = 300) -> list[Image.Image]:
    """One 2D depiction per molecule, its legend under it; atoms matching `highlight_smarts` are highlighted. Each
    is its own picture, so a page can show three to a row on a laptop and two, larger, on a phone."""
    from rdkit import Chem
    from rdkit.Chem import Draw

    if not mols:
        raise ValueError("There are no molecules to draw.")
    highlights = [None] * len(mols)
    if highlight_smarts:
        pattern = Chem.MolFromSmarts(highlight_smarts)
        if pattern is None:
            from core.inputs.text import excerpt

            raise ValueError(f"'{excerpt(highlight_smarts)}' is not a valid SMARTS pattern to highlight.")
        highlights = [sorted({atom for match in mol.GetSubstructMatches(pattern) for atom in match}) for mol in mols]
    options = drawing_options(max(legend.count("\n") + 1 for legend in legends))  # one legend height for all
    pictures = []
    for mol, legend, highlight in zip(mols, legends, highlights):
        png = Draw.MolsToGridImage([mol], molsPerRow=1, subImgSize=(size, size), legends=[legend],
                                   highlightAtomLists=None if highlight is None else [highlight],
                                   drawOptions=options, returnPNG=True)
        pictures.append(Image.open(io.BytesIO(png)).convert("RGB") if isinstance(png, bytes) else png)
    return pictures


def conformer(mol, seed: int = 0):
    """A 3D conformer with hydrogens: ETKDG embedding, then MMFF94 optimisation (UFF if MMFF lacks parameters)."""
    from rdkit import Chem
    from rdkit.Chem import AllChem

    with_hydrogens = Chem.AddHs(mol)
    parameters = AllChem.ETKDGv3()
    parameters.randomSeed = seed
    if AllChem.EmbedMolecule(with_hydrogens, parameters) != 0:
        parameters.useRandomCoords = True
        if AllChem.EmbedMolecule(with_hydrogens, parameters) != 0:
            raise ValueError("RDKit could not build a 3D shape for this molecule.")
    if AllChem.MMFFHasAllMoleculeParams(with_hydrogens):
        AllChem.MMFFOptimizeMolecule(with_hydrogens, maxIters=500)
    else:
        AllChem.UFFOptimizeMolecule(with_hydrogens, maxIters=500)
    return with_hydrogens


def conformer_figure(mol, title: str = "", seed: int = 0):
    """An interactive ball-and-stick plotly figure of the molecule's 3D conformer."""
    import plotly.graph_objects as go

    shaped = conformer(mol, seed)
    positions = shaped.GetConformer().GetPositions()
    symbols = [atom.GetSymbol() for atom in shaped.GetAtoms()]
    xs, ys, zs = [], [], []
    for bond in shaped.GetBonds():
        a, b = bond.GetBeginAtomIdx(), bond.GetEndAtomIdx()
        for axis, values in zip((xs, ys, zs), (positions[:, 0], positions[:, 1], positions[:, 2])):
            axis += [values[a], values[b], None]
    bonds = go.Scatter3d(x=xs, y=ys, z=zs, mode="lines", line=dict(color="#9ca3af", width=6), hoverinfo="skip",
                         showlegend=False)
    elements = sorted(set(symbols), key=lambda s: (s != "C", s == "H", s))  # carbon first, hydrogen last
    atoms = []
    for element in elements:
        where = [i for i, s in enumerate(symbols) if s == element]
        name = ELEMENT_NAMES.get(element, element)
        atoms.append(go.Scatter3d(
            x=positions[where, 0], y=positions[where, 1], z=positions[where, 2], mode="markers", name=name,
            hovertemplate=f"{name} ({element})<extra></extra>",
            marker=dict(size=ELEMENT_SIZES.get(element, 11), color=ELEMENT_COLOURS.get(element, "#FF69B4"),
                        line=dict(color=ATOM_OUTLINE, width=1))))
    figure = go.Figure([bonds, *atoms])
    hidden = dict(visible=False)
    figure.update_layout(title=title or "3D shape (drag to turn, scroll to zoom)", height=420,
                         margin=dict(t=40, b=0, l=0, r=0), legend=dict(orientation="h", y=0, itemclick=False,
                                                                      itemdoubleclick=False),
                         scene=dict(xaxis=hidden, yaxis=hidden, zaxis=hidden, aspectmode="data"))
    return figure


def sdf_text(mols: list, names: list[str], properties: list[dict] | None = None) -> str:
    """An SDF file's text: each molecule with its name and properties as data fields."""
    from rdkit import Chem

    buffer = io.StringIO()
    writer = Chem.SDWriter(buffer)
    for index, (mol, name) in enumerate(zip(mols, names)):
        copy = Chem.Mol(mol)
        copy.SetProp("_Name", name)
        for key, value in (properties[index] if properties else {}).items():
            copy.SetProp(str(key), str(value))
        writer.write(copy)
    writer.close()
    return buffer.getvalue()
