"""Everything a visitor hands the suite, read within bounds and refused in one plain sentence.

One reader per kind of upload, used by every tab, each with a limits dataclass:

    pictures.py        read_picture: bytes and pixel caps before decoding, bombs and damage as sentences
    video.py           VideoLimits: bytes, frame size (pixels) and frames sampled, checked before decoding
    tables.py          read_table: CSV, TSV and Parquet within bytes, rows and columns (Parquet's own
                       metadata is checked before anything is decoded); a ragged line is named
    molecule_files.py  read_molecule_file: SDF, MOL or SMILES text within a byte cap, binary refused
    numbers.py         parse_seed (0 to 4,294,967,295, empty or -1 for a random one) and whole numbers
    text.py            excerpt: at most a short piece of the input is ever quoted back; text length caps

and what the suite hands back: exports.py writes CSV files whose cells a spreadsheet cannot run as
formulas, scratch.py makes per-request folders under one root and deletes old ones.
"""
