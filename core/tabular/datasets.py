"""Real tables that ship with the suite (assets/datasets) or inside installed packages, so the tab works with no
download."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

SHIPPED_TABLES = Path(__file__).resolve().parents[2] / "assets" / "datasets"

@dataclass(frozen=True)
class DatasetInfo:
    key: str
    title: str
    description: str
    source: str
    licence: str
    target: str
    positive: str
    protected: str | None
    loader: Callable[[], pd.DataFrame]
    positive_is_favourable: bool = True  # False where `positive` is bad for the person (a denial)


def _shipped(key: str) -> Callable[[], pd.DataFrame]:
    """A table shipped under assets/datasets/ (copied from an R package; see the README there for its source)."""

    def load() -> pd.DataFrame:
        return pd.read_parquet(SHIPPED_TABLES / f"{key}.parquet")

    return load


def _student_placements() -> pd.DataFrame:
    from sdmetrics.demos import load_single_table_demo

    real, _, _ = load_single_table_demo()
    table = real["student_placements"] if isinstance(real, dict) else real
    return table.copy()


def _breast_cancer() -> pd.DataFrame:
    from sklearn.datasets import load_breast_cancer

    bunch = load_breast_cancer(as_frame=True)
    table = bunch.frame.copy()
    table["target"] = table["target"].map({0: "malignant", 1: "benign"})
    return table.rename(columns={"target": "diagnosis"})


DATASETS: dict[str, DatasetInfo] = {
    info.key: info
    for info in [
        DatasetInfo(
            "hmda", "Boston mortgage decisions",
            ("2,380 mortgage applications in Boston, 1990, collected under the Home Mortgage Disclosure Act (HMDA), and "
             "whether each was denied; one column marks African-American applicants."),
            "R package AER (dataset HMDA; Munnell et al. 1996, Stock and Watson 2007)", "GPL-2 | GPL-3 (AER)", "deny", "yes", "afam",
            _shipped("hmda"), positive_is_favourable=False,
        ),
        DatasetInfo(
            "student_placements", "Student job placements",
            "215 MBA students: school grades, specialisation, work experience, and whether they were placed in a job.",
            "the student_placements demo table shipped in the sdmetrics package", "MIT (as the sdmetrics package)", "placed", "True", "gender",
            _student_placements,
        ),
        DatasetInfo(
            "breast_cancer", "Breast cancer diagnostics",
            "569 tumour biopsies described by 30 measurements of cell nuclei, each benign or malignant.",
            "Wisconsin Diagnostic Breast Cancer, via scikit-learn", "CC BY 4.0 (UCI)", "diagnosis", "malignant", None,
            _breast_cancer,
        ),
        DatasetInfo(
            "wage", "Wages of US workers (ISLR Wage)",
            "3,000 male workers in the Mid-Atlantic region: age, education, job class, health, health insurance and wage.",
            "R package ISLR (dataset Wage; James et al. 2013)", "GPL-2 (ISLR)", "health_ins", "1. Yes", "race",
            _shipped("wage"),
        ),
        DatasetInfo(
            "credit_card", "Credit card applications",
            "1,319 applicants: income, age, credit reports, spending, and whether the card was granted.",
            "R package AER (dataset CreditCard; Greene 2003)", "GPL-2 | GPL-3 (AER)", "card", "yes", "owner",
            _shipped("credit_card"),
        ),
    ]
}


def load_dataset(key: str) -> pd.DataFrame:
    """One of DATASETS as a DataFrame."""
    if key not in DATASETS:
        raise ValueError(f"Unknown dataset {key!r}. Choose one of: {', '.join(DATASETS)}.")
    return DATASETS[key].loader()
