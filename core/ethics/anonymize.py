"""Find personal data in a table, pseudonymise it consistently with Faker, and measure k-anonymity.

Direct identifiers (names, e-mails, phone numbers, street addresses, ID numbers) are replaced with
Faker values: the same original always maps to the same fake, so joins and counts still work.
Quasi-identifiers (date of birth, postcode, age, gender) are generalised (birth year, postcode
district, ten-year age band), which is what raises k: the size of the smallest group of rows that
share the same quasi-identifiers. k = 1 means someone is unique and can be singled out.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import pandas as pd

NAME, EMAIL, PHONE, ADDRESS, ID_NUMBER, BIRTH_DATE, POSTCODE, AGE, GENDER = (
    "name", "e-mail", "phone", "address", "ID number", "date of birth", "postcode", "age", "gender")
DIRECT = (NAME, EMAIL, PHONE, ADDRESS, ID_NUMBER)
QUASI = (BIRTH_DATE, POSTCODE, AGE, GENDER)
_NAME_HINTS = {
    NAME: r"(^|_|\s)(first|last|full|sur|given)?_?name($|_|\s)|^customer$|^patient$",
    EMAIL: r"e-?mail", PHONE: r"phone|mobile|tel(ephone)?($|_)", ADDRESS: r"address|street|^addr",
    ID_NUMBER: r"ssn|social_security|passport|national_id|nin$|(^|_)id_?number|licen[cs]e", BIRTH_DATE: r"birth|dob",
    POSTCODE: r"zip|post_?code|postal", AGE: r"(^|_)age($|_)", GENDER: r"gender|(^|_)sex($|_)",
}
_VALUE_PATTERNS = {
    EMAIL: r"[^@\s]+@[^@\s]+\.[a-z]{2,}", PHONE: r"\+?[\d\s().-]{7,}\d",
    ID_NUMBER: r"\d{3}-\d{2}-\d{4}|[A-Z]{2}\d{6}[A-D]",
}


@dataclass
class AnonymizationResult:
    table: pd.DataFrame
    detected: dict[str, str]  # column -> kind
    quasi_identifiers: list[str]
    k_before: int
    k_after: int
    notes: list[str] = field(default_factory=list)

    @property
    def sentences(self) -> list[str]:
        lines = [f"Found personal data in {len(self.detected)} columns: " + ", ".join(
            f"{c} ({k})" for c, k in self.detected.items()) + "." if self.detected else "No personal data found."]
        if self.quasi_identifiers:
            lines.append(f"k-anonymity over {', '.join(self.quasi_identifiers)}: {self.k_before} before, "
                         f"{self.k_after} after generalising. " + (
                             "Some people are still unique (k = 1): generalise more or drop a column before sharing."
                             if self.k_after < 2 else f"Every row now shares its quasi-identifiers with at least "
                                                      f"{self.k_after - 1} other rows."))
        return lines + self.notes


def detect_personal_columns(table: pd.DataFrame) -> dict[str, str]:
    detected = {}
    for column in table.columns:
        name = str(column).lower()
        kind = next((k for k, pattern in _NAME_HINTS.items() if re.search(pattern, name)), None)
        if kind is None:
            sample = table[column].dropna().astype(str).head(200)
            for candidate, pattern in _VALUE_PATTERNS.items():
                if len(sample) and sample.str.fullmatch(pattern, case=False).mean() > 0.8:
                    kind = candidate
                    break
        if kind:
            detected[str(column)] = kind
    return detected


def k_anonymity(table: pd.DataFrame, quasi_identifiers: list[str]) -> int:
    if not quasi_identifiers or table.empty:
        return len(table)
    return int(table.groupby([table[c].astype(str) for c in quasi_identifiers]).size().min())


def _fake(kind: str, original: str, seed: int) -> str:
    from faker import Faker

    digest = int(hashlib.sha256(f"{seed}:{kind}:{original}".encode()).hexdigest()[:12], 16)
    faker = Faker("en_GB")
    faker.seed_instance(digest)
    return {NAME: faker.name, EMAIL: faker.email, PHONE: faker.phone_number, ADDRESS: lambda: faker.address().replace(
        "\n", ", "), ID_NUMBER: lambda: faker.bothify("??######?").upper()}[kind]()


def _generalise(values: pd.Series, kind: str) -> pd.Series:
    if kind == BIRTH_DATE:
        years = pd.to_datetime(values, errors="coerce", format="mixed").dt.year
        return years.astype("Int64").astype(str).replace("<NA>", None)
    if kind == POSTCODE:
        return values.astype(str).str.upper().str.replace(r"\s+", " ", regex=True).str.split(" ").str[0].str[:4]
    if kind == AGE:
        ages = pd.to_numeric(values, errors="coerce")
        low = (ages // 10 * 10).astype("Int64")
        return (low.astype(str) + "-" + (low + 9).astype(str)).where(ages.notna(), None)
    return values


def anonymize(table: pd.DataFrame, seed: int = 0, kinds: dict[str, str] | None = None) -> AnonymizationResult:
    """Pseudonymise direct identifiers and generalise quasi-identifiers; see the module doc."""
    if table.empty:
        raise ValueError("The table has no rows.")
    detected = kinds if kinds is not None else detect_personal_columns(table)
    quasi = [c for c, k in detected.items() if k in QUASI]
    result = table.copy()
    for column, kind in detected.items():
        if kind in DIRECT:
            mapping = {value: _fake(kind, str(value), seed) for value in result[column].dropna().unique()}
            result[column] = result[column].map(mapping).where(result[column].notna(), None)
        elif kind in QUASI:
            result[column] = _generalise(result[column], kind)
    notes = [] if detected else ["Mark columns by hand if the detector missed them: names like 'client' or "
                                 "free-text notes can hold personal data too."]
    return AnonymizationResult(result, detected, quasi, k_anonymity(table, quasi), k_anonymity(result, quasi), notes)
