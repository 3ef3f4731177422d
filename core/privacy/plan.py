"""What synthetic data does with each identifier in a table, decided (and shown) before anything is generated.

    plan = plan_identifiers(table, column_types=None, handling="replace with fakes")
    plan.sentences                         # which columns were found, and what will be done with each
    synthetic = plan.add_fakes(sampled, table, seed)

Direct identifiers are never learned: by default each comes back as fakes in the same format that
match no value of the upload (the way SDV treats PII columns), or is left out at the user's choice.
Free text is always left out. Quasi-identifiers are learned like any other column and named, with
the real table's k-anonymity.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from core.privacy.identifiers import (ID_NUMBER, NOTES, IdentifierFinding, direct_identifier_columns,
                                      find_identifiers, identifier_values, k_anonymity, k_anonymity_words,
                                      quasi_identifier_columns)
from core.tabular.schema import IDENTIFIER, MODELLED_TYPES, TEXT, describe_columns

REPLACE, LEAVE_OUT = "replace with fakes", "leave out"
_PLURAL = {"name": "names", "e-mail": "e-mail addresses", "phone": "phone numbers", "ID number": "ID numbers",
           "address": "addresses"}


@dataclass
class IdentifierPlan:
    findings: list[IdentifierFinding]
    column_types: dict[str, str]  # what the generator is told: direct identifiers are never a learned type
    replaced: dict[str, str] = field(default_factory=dict)  # column -> kind of fake it gets
    left_out: list[str] = field(default_factory=list)
    learned_by_choice: list[str] = field(default_factory=list)  # identifiers the user marked as a learned type
    k_anonymity: int | None = None

    @property
    def quasi_identifiers(self) -> list[str]:
        return quasi_identifier_columns(self.findings)

    @property
    def sentences(self) -> list[str]:
        lines = []
        direct = [f for f in self.findings if f.direct]
        if direct:
            lines.append("Personal data found: " + "; ".join(f.sentence for f in direct) + ".")
        for column, kind in self.replaced.items():
            lines.append(f"{column} is never learned: it gets fake {_PLURAL.get(kind, kind + 's')} in the same "
                         "format, none equal to a value in your table.")
        for column in self.left_out:
            lines.append(f"Left out: {column} ({self.column_types.get(column)}); it is not in the synthetic table.")
        for column in self.learned_by_choice:
            lines.append(f"You marked {column} as {self.column_types[column]}: its real values are learned and can "
                         "come back in the synthetic rows.")
        if self.quasi_identifiers:
            k = self.k_anonymity
            lines.append("Columns that together can single a person out (quasi-identifiers), learned: "
                         f"{', '.join(self.quasi_identifiers)}. "
                         + ("In your table someone is unique on these alone" if k == 1 else
                            f"In your table every person shares them with at least {k - 1} other{'s' if k > 2 else ''}")
                         + f" ({k_anonymity_words(k)}).")
        return lines

    def add_fakes(self, synthetic: pd.DataFrame, real: pd.DataFrame, seed: int) -> pd.DataFrame:
        """`synthetic` with a column of fakes for each replaced identifier, in the real table's column order."""
        from core.privacy.fakes import fake_column, locale_of

        if not self.replaced:
            return synthetic
        forbidden, locale = identifier_values(real, self.findings), locale_of(real)
        columns = dict(synthetic.items())
        for offset, (column, kind) in enumerate(self.replaced.items()):
            columns[column] = fake_column(real[column], kind, len(synthetic), seed + 1000 * (offset + 1), forbidden,
                                          locale)
            columns[column].index = synthetic.index
        order = [c for c in real.columns if c in columns]
        return pd.DataFrame({c: columns[c] for c in order}, index=synthetic.index)


def plan_identifiers(table: pd.DataFrame, overrides: dict[str, str] | None = None,
                     handling: str = REPLACE) -> IdentifierPlan:
    """Find the table's identifiers and decide what happens to each; see the module doc."""
    if handling not in (REPLACE, LEAVE_OUT):
        raise ValueError(f"Identifiers can be: {REPLACE} or {LEAVE_OUT}.")
    overrides = overrides or {}
    findings = find_identifiers(table)
    by_column = {f.column: f for f in findings}
    column_types = {c.name: c.type for c in describe_columns(table, overrides)}
    plan = IdentifierPlan(findings, column_types)
    for column in direct_identifier_columns(findings):
        if column in overrides and overrides[column] in MODELLED_TYPES:
            plan.learned_by_choice.append(column)
        else:
            column_types[column] = TEXT if by_column[column].kind == NOTES else IDENTIFIER
    for column, kind in column_types.items():
        if kind == IDENTIFIER and column not in by_column:  # unique codes the schema found: treat as ID numbers
            by_column[column] = IdentifierFinding(column, ID_NUMBER, "every value is different")
            plan.findings.append(by_column[column])
        if kind == IDENTIFIER and handling == REPLACE and by_column[column].kind != NOTES:
            plan.replaced[column] = by_column[column].kind
        elif kind in (IDENTIFIER, TEXT):
            plan.left_out.append(column)
    quasi = quasi_identifier_columns(findings)
    plan.k_anonymity = k_anonymity(table, quasi) if quasi else None
    return plan
