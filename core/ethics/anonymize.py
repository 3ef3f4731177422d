"""Pseudonymise the personal data in a table with keyed fakes, generalise quasi-identifiers, and measure k-anonymity.

Direct identifiers (names, e-mails, phone numbers, street addresses, ID numbers, and those inside free
text), found by column name and by value (core.privacy.identifiers), are replaced with keyed pseudonyms
(core.privacy.fakes): HMAC-SHA256 under the deployment's secret key (core.secrets), so the same
original always maps to the same fake inside one deployment, joins and counts still work, and nobody
without the key can rebuild the mapping from a list of candidate names. Quasi-identifiers are
generalised (birth year, month of other dates, postcode district, ten-year age band), which is what
raises k: the size of the smallest group of rows that share all of them. k = 1 means someone is
unique and can be singled out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from core.privacy.identifiers import (AGE, BIRTH_DATE, DATE, FOUND_BY_NAME, NAME, NOTES, POSTCODE,
                                      IdentifierFinding, find_identifiers, k_anonymity, k_anonymity_words)
from core.wording import listed


@dataclass
class AnonymizationResult:
    table: pd.DataFrame
    findings: list[IdentifierFinding]
    k_before: int
    k_after: int
    notes: list[str] = field(default_factory=list)

    @property
    def detected(self) -> dict[str, str]:
        return {f.column: f.kind for f in self.findings}

    @property
    def quasi_identifiers(self) -> list[str]:
        return [f.column for f in self.findings if not f.direct]

    @property
    def sentences(self) -> list[str]:
        """What was changed and how alike the rows are now, in words: a list a phone reads line by line."""
        direct = [f for f in self.findings if f.direct]
        coarsened = [f for f in self.findings if not f.direct]
        lines = []
        if direct:
            columns = f"{len(direct)} column{'s' if len(direct) > 1 else ''}"
            lines.append(f"**Replaced with made-up stand-ins** in {columns}:\n"
                         + "\n".join(f"- {_found_words(f)}" for f in direct))
        if coarsened:
            changed = [f for f in coarsened if f.kind in COARSENED_TO]
            kept = [f.column for f in coarsened if f.kind not in COARSENED_TO]
            coarsened_words = ", ".join(f"{in_words(f.column)} ({COARSENED_TO[f.kind]})" for f in changed)
            effect = ", so fewer people stand out" if self.k_after > self.k_before else ""  # as the figure says
            parts = [f"**Coarsened**{effect}: {coarsened_words}."] if changed else []
            kept_words = listed([in_words(column) for column in kept])
            parts += [f"Kept as {'it is' if len(kept) == 1 else 'they are'}: {kept_words}."] if kept else []
            lines.append(" ".join(parts))
            together = listed([in_words(column) for column in self.quasi_identifiers])
            change = (f"up from {self.k_before}" if self.k_after > self.k_before else  # "1 row; 1 before" read as a riddle
                      "as before coarsening" if self.k_after == self.k_before else f"down from {self.k_before}")
            measured = f"({k_anonymity_words(self.k_after, 'rows that look alike')}, {change})"
            alike = (f"some people are still the only one with their {together}: coarsen more or drop a column "
                     f"before sharing {measured}." if self.k_after < 2 else
                     f"every row now shares its {together} with at least {self.k_after - 1} other "
                     f"row{'s' if self.k_after > 2 else ''} {measured}.")
            lines.append(f"**How many rows look alike**: {alike}")
        if not self.findings:
            lines.append("No personal data found by column name or by value.")
        return lines + self.notes


COARSENED_TO = {BIRTH_DATE: "to the year", DATE: "to the month", POSTCODE: "to its district, the first part",
                AGE: "to ten-year bands"}


def in_words(column: str) -> str:
    """A column's name as a sentence says it: "date of birth" for date_of_birth."""
    return column.replace("_", " ").strip() or column


def _found_words(finding: IdentifierFinding) -> str:
    """What was replaced in a column and why: "phone: all its values, since 80% of them look like phone numbers",
    "notes: the personal details in its text (…)", "dob: all its values, since its name says so (a date of birth)".
    "phone: 80% of its values look like phone numbers" left a reader asking about the other 20%, and "every value
    (80% of them …)" read as a contradiction (review 13)."""
    if finding.kind == NOTES:
        return f"{in_words(finding.column)}: the personal details in its text ({finding.evidence})"
    if finding.evidence != FOUND_BY_NAME:
        evidence = finding.evidence.replace(" of its values ", " of them ")
        return f"{in_words(finding.column)}: all its values, since {evidence}"
    named = in_words(finding.column).lower() == finding.kind
    return f"{in_words(finding.column)}: all its values, since its name says so" + ("" if named else
                                                                                   f" (a {finding.kind})")


def _generalise(values: pd.Series, kind: str) -> pd.Series:
    if kind in (BIRTH_DATE, DATE):
        moments = pd.to_datetime(values, errors="coerce", format="mixed")
        text = moments.dt.year.astype("Int64").astype(str) if kind == BIRTH_DATE else moments.dt.strftime("%Y-%m")
        return text.where(moments.notna(), None)
    if kind == POSTCODE:
        return values.astype(str).str.upper().str.replace(r"\s+", " ", regex=True).str.split(" ").str[0].str[:4]
    if kind == AGE:
        ages = pd.to_numeric(values, errors="coerce")
        low = (ages // 10 * 10).astype("Int64")
        return (low.astype(str) + "-" + (low + 9).astype(str)).where(ages.notna(), None)
    return values


def _names_called_alone(original: pd.DataFrame, result: pd.DataFrame,
                        findings: list[IdentifierFinding]) -> list[IdentifierFinding]:
    """A text that calls someone by a first or last name alone ("Call Carol"): each name column's first and last
    names, wherever they stand as words in another text column, become the same part of that person's fake (the
    row's own person first, then anyone's). Changes `result` in place; returns a finding for each column changed
    that was not already one."""
    import re

    from core.privacy.fakes import PSEUDONYM_MARKS
    from core.privacy.identifiers import name_words

    name_columns = [f.column for f in findings if f.kind == NAME]
    if not name_columns:
        return []
    already = {f.column for f in findings if f.kind != NOTES}
    texts = [c for c in original.columns if c not in already and original[c].dtype == object]
    anyone: dict[str, str] = {}
    per_row: list[dict[str, str]] = [{} for _ in range(len(original))]
    for column in name_columns:
        for row, (real, fake) in enumerate(zip(original[column], result[column])):
            real_parts, fake_parts = (name_words(real), name_words(fake)) if isinstance(real, str) and isinstance(
                fake, str) else ([], [])
            if real_parts and fake_parts:
                pairs = {real_parts[0]: fake_parts[0], real_parts[-1]: fake_parts[-1]}
                pairs = {part: fake_part for part, fake_part in pairs.items() if len(part) > 1}
                per_row[row].update(pairs)
                for part, fake_part in pairs.items():
                    anyone.setdefault(part, fake_part)
    if not anyone:
        return []
    pattern = re.compile(r"\b(" + "|".join(re.escape(part) for part in sorted(anyone, key=len, reverse=True))
                         + r")\b")
    added, found_before = [], {f.column for f in findings}
    start, end = PSEUDONYM_MARKS
    marked = re.compile(f"({start}[^{end}]*{end})")  # a pseudonym put in already: its words may be real names too

    def replace_names(text: str, row: int) -> str:
        return "".join(piece if index % 2 else pattern.sub(lambda found: per_row[row].get(found[0], anyone[found[0]]),
                                                           piece)
                       for index, piece in enumerate(marked.split(text)))

    for column in texts:
        before = result[column].copy()
        result[column] = [replace_names(text, row) if isinstance(text, str) else text
                          for row, text in enumerate(result[column])]
        if column not in found_before and not before.equals(result[column]):
            added.append(IdentifierFinding(column, NOTES, "it calls people from the name column by name"))
    return added


def _unmarked(text):
    from core.privacy.fakes import PSEUDONYM_MARKS

    return text.translate({ord(mark): None for mark in PSEUDONYM_MARKS}) if isinstance(text, str) else text


def anonymize(table: pd.DataFrame, key: bytes | None = None) -> AnonymizationResult:
    """Pseudonymise direct identifiers and generalise quasi-identifiers; see the module doc.

    `key` defaults to the deployment's pseudonym key (GENLAB_PSEUDONYM_KEY, or one made in the data folder)."""
    from core.privacy.fakes import locale_of, pseudonymise
    from core.secrets import secret

    if table.empty:
        raise ValueError("The table has no rows.")
    key = key if key is not None else secret("pseudonym")
    findings = find_identifiers(table)
    result, locale = table.copy(), locale_of(table)
    for finding in findings:
        values = result[finding.column]
        result[finding.column] = (pseudonymise(values, finding.kind, key, locale, marked=True) if finding.direct
                                  else _generalise(values, finding.kind))
    findings += _names_called_alone(table, result, findings)
    for finding in findings:  # the marks kept the pass above off the pseudonyms already put into texts
        if finding.kind == NOTES:
            result[finding.column] = result[finding.column].map(_unmarked, na_action="ignore")
    quasi = [f.column for f in findings if not f.direct]
    notes = [] if findings else ["Look over the columns yourself: a detector can miss personal data, such as a "
                                 "nickname or a rare job title."]
    return AnonymizationResult(result, findings, k_anonymity(table, quasi), k_anonymity(result, quasi), notes)
