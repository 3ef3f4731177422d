"""Find personal data in a table: by column name and by value, whether or not the values are unique.

    findings = find_identifiers(table)
    [f.column for f in findings if f.direct]      # names, e-mails, phones, ID numbers, addresses, notes with them
    k_anonymity(table, quasi_identifier_columns(findings))

Direct identifiers point at one person on their own: a name, an e-mail address, a phone number, a
national ID or passport number, a street address, or free text that contains one of these. Quasi-
identifiers (date of birth and other dates, postcode, age, gender) single someone out in
combination; k-anonymity is the size of the smallest group of rows sharing all of them (k = 1:
someone is unique). Values are read, not just names, so a column called `c3` full of e-mail
addresses is found, and so is a visits table where each patient's name repeats.
"""

from __future__ import annotations

import functools
import re
import warnings
from dataclasses import dataclass

import pandas as pd

NAME, EMAIL, PHONE, ID_NUMBER, ADDRESS, NOTES = (
    "name", "e-mail", "phone", "ID number", "address", "free text with personal data")
BIRTH_DATE, DATE, POSTCODE, AGE, GENDER = ("date of birth", "date", "postcode", "age", "gender")
DIRECT = (NAME, EMAIL, PHONE, ID_NUMBER, ADDRESS, NOTES)
FOUND_BY_NAME = "its name"  # a finding's evidence when the column's name alone gave it away
QUASI = (BIRTH_DATE, DATE, POSTCODE, AGE, GENDER)

SAMPLE_VALUES = 500
VALUE_SHARE = 0.6  # share of a column's sampled values that must look like the kind
NOTES_SHARE = 0.1  # share of free-text values that must contain an identifier

_NAME_HINTS = {
    NAME: r"(^|_|\s)(first|last|full|sur|given|middle|maiden)?_?name($|_|\s)|^(customer|patient|client|person|"
          r"employee|applicant|contact)$|^(fname|lname|forename|surname)$",
    EMAIL: r"e-?mail", PHONE: r"phone|mobile|(^|_)(tel|telephone|cell|fax)($|_)", ADDRESS: r"address|street|^addr",
    ID_NUMBER: r"ssn|social_?security|passport|national_?(id|insurance)|(^|_)nin(o)?($|_)|(^|_)id_?(number|no)($|_)|"
               r"licen[cs]e|(^|_)nhs|medical_?record|mrn",
    NOTES: r"(^|_)(notes?|comments?|remarks?|free_?text|description)($|_)",
    BIRTH_DATE: r"birth|(^|_)dob($|_)", POSTCODE: r"(^|_)zip|post_?code|postal", AGE: r"(^|_)age($|_)|^age",
    GENDER: r"gender|(^|_)sex($|_)",
}
_EMAIL = r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
_PHONE = r"(\+\d{1,3}[\s.-]?)?(\(\d{1,5}\)[\s.-]?)?\d{2,5}([\s.-]?\d{2,5}){1,4}(\s?(x|ext\.?)\s?\d{1,5})?"
_ID_PATTERNS = (r"\d{3}-\d{2}-\d{4}",  # US social security number
                r"[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]",  # UK National Insurance number
                r"\d{10}",  # NHS number, or any ten-digit number
                r"[A-Z]{1,2}\d{6,9}")  # passport-style numbers
_STREET = (r"\b\d{1,5}[A-Za-z]?,?\s+([A-Za-z'.-]+\s+){0,4}(street|st|road|rd|avenue|ave|lane|ln|drive|dr|court|ct|"
           r"place|pl|way|boulevard|blvd|close|crescent|terrace|square|sq|row|hill|gardens|grove|park|parkway|"
           r"highway|hwy|circle|cir|trail|mews|walk|green)\b\.?")
_HOUSE_NUMBER_AND_WORDS = (r"\d{1,5}[A-Za-z]?,?\s+([A-Z][\w'.-]*\s*){1,6}"
                           r"((Apt\.?|Suite|Unit|Flat|Floor)\s*\d+\w?)?(,\s*[\w\s.'-]+)*")
UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}"
US_ZIP = r"\d{5}(-\d{4})?"
_GENDER_WORDS = {"m", "f", "male", "female", "man", "woman", "men", "women", "non-binary", "nonbinary", "other",
                 "x", "boy", "girl", "unknown", "prefer not to say"}
_CAPITALISED_WORDS = re.compile(r"\b[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)+")
_TITLES = {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "mx", "rev"}
_NAME_LOCALES = ("en_US", "en_GB", "en_IE", "en_IN", "en_NZ", "de_DE", "fr_FR", "es_ES", "es_MX", "it_IT", "nl_NL",
                 "pt_BR", "pl_PL", "sv_SE")


@dataclass(frozen=True)
class IdentifierFinding:
    column: str
    kind: str
    evidence: str  # how it was found, in words: "its name" or "92% of its values look like e-mail addresses"

    @property
    def direct(self) -> bool:
        return self.kind in DIRECT

    @property
    def sentence(self) -> str:
        return f"{self.column}: {self.kind} ({self.evidence})"


@functools.lru_cache(maxsize=1)
def person_names() -> tuple[frozenset[str], frozenset[str]]:
    """Lower-case first names and last names from Faker's name lists (MIT), over several locales."""
    import importlib

    first, last = set(), set()
    for locale in _NAME_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute, bucket in (("first_names", first), ("first_names_male", first), ("first_names_female", first),
                                  ("last_names", last)):
            names = getattr(provider, attribute, ())
            bucket.update(str(name).lower() for name in names)
    return frozenset(first), frozenset(last)


def looks_like_person_name(value: str) -> bool:
    """Two to four capitalised words, one of them a known first name or surname ("Dr Ann O'Neill", "SMITH, John")."""
    words = [w.strip(".,") for w in re.split(r"[\s,]+", value.strip()) if w.strip(".,")]
    words = [w for w in words if w.lower() not in _TITLES]
    if not 1 <= len(words) <= 4 or not all(re.fullmatch(r"[^\W\d_][^\W\d_'’.-]*", w) for w in words):
        return False
    first, last = person_names()
    lowered = [w.lower() for w in words]
    if len(words) == 1:
        return lowered[0] in first or lowered[0] in last
    return any(w in first for w in lowered[:-1]) or lowered[-1] in last


def _share(values: pd.Series, test) -> float:
    return float(values.map(test).mean()) if len(values) else 0.0


def _full(pattern: str):
    compiled = re.compile(pattern, re.IGNORECASE)
    return lambda value: bool(compiled.fullmatch(value.strip()))


def _contains(pattern: str):
    compiled = re.compile(pattern, re.IGNORECASE)
    return lambda value: bool(compiled.search(value))


def _is_phone(value: str) -> bool:
    digits = sum(c.isdigit() for c in value)
    return 9 <= digits <= 15 and bool(re.fullmatch(_PHONE, value.strip())) and bool(re.search(r"[\s().+-]", value))


def _is_dates(values: pd.Series) -> bool:
    if values.str.fullmatch(r"[-+]?\d+(\.\d+)?").mean() > 0.5:
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pd.to_datetime(values, errors="coerce", format="mixed").notna().mean() >= 0.9


def identifiers_in_text(text: str) -> list[str]:
    """The e-mails, phone numbers, ID numbers, street addresses and personal names inside a piece of text."""
    found = [m.group(0) for m in re.finditer(_EMAIL, text)]
    found += [m.group(0) for pattern in _ID_PATTERNS for m in re.finditer(rf"\b{pattern}\b", text)]
    found += [m.group(0).strip() for m in re.finditer(_PHONE, text) if _is_phone(m.group(0).strip())]
    found += [m.group(0) for m in re.finditer(_STREET, text, re.IGNORECASE)]
    first_names, _ = person_names()
    for match in _CAPITALISED_WORDS.finditer(text):
        words = match.group(0).split()
        while words and words[0].lower() not in first_names and words[0].lower() not in _TITLES:
            words.pop(0)  # "Called Mary Smith": the sentence's first word is not part of the name
        if len(words) >= 2 and looks_like_person_name(" ".join(words)):
            found.append(" ".join(words))
    return found


def identifier_kind(found: str) -> str:
    """Which kind of identifier one value that identifiers_in_text found is."""
    if re.fullmatch(_EMAIL, found):
        return EMAIL
    if any(re.fullmatch(p, found) for p in _ID_PATTERNS):
        return ID_NUMBER
    if _is_phone(found):
        return PHONE
    return ADDRESS if found[:1].isdigit() else NAME


def _by_value(values: pd.Series) -> tuple[str, float] | None:
    """The kind of personal data most of these string values are, with the share that matched."""
    checks = (
        (EMAIL, _full(_EMAIL)),
        (ID_NUMBER, lambda v: any(re.fullmatch(p, v.strip()) for p in _ID_PATTERNS)),
        (PHONE, _is_phone),
        (ADDRESS, lambda v: bool(re.search(_STREET, v, re.IGNORECASE) or re.fullmatch(_HOUSE_NUMBER_AND_WORDS, v))),
        (POSTCODE, lambda v: bool(re.fullmatch(UK_POSTCODE, v.strip(), re.IGNORECASE)
                                  or re.fullmatch(US_ZIP, v.strip()))),
        (NAME, looks_like_person_name),
    )
    for kind, test in checks:
        share = _share(values, test)
        if kind in (NAME, ADDRESS) and values.nunique() < 10:  # a few categories that happen to look like one
            continue
        if share >= VALUE_SHARE:
            return kind, share
    if values.str.lower().str.strip().isin(_GENDER_WORDS).mean() >= 0.95 and values.nunique() >= 2:
        return GENDER, 1.0
    wordy = values.str.split().str.len().mean() >= 3
    if wordy:
        share = _share(values, lambda v: bool(identifiers_in_text(v)))
        if share >= NOTES_SHARE:
            return NOTES, share
    if _is_dates(values):
        return DATE, 1.0
    return None


_KIND_WORDS = {EMAIL: "e-mail addresses", PHONE: "phone numbers", ID_NUMBER: "ID numbers", ADDRESS: "street addresses",
               POSTCODE: "postcodes", NAME: "people's names", GENDER: "genders", DATE: "dates",
               NOTES: "text with names, e-mails, phone numbers or addresses in it"}


def find_identifiers(table: pd.DataFrame) -> list[IdentifierFinding]:
    """Every column that holds personal data, in table order, with how it was found."""
    findings = []
    for column in table.columns:
        name = str(column).strip().lower().replace(" ", "_").replace("-", "_")
        by_name = next((kind for kind, pattern in _NAME_HINTS.items() if re.search(pattern, name)), None)
        values = table[column].dropna()
        strings = values.astype(str).str.strip()
        strings = strings[strings != ""].head(SAMPLE_VALUES)
        textual = not pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
        by_value = _by_value(strings) if textual and len(strings) else None
        if by_value and by_value[0] in DIRECT:  # what the values are beats what the column is called
            kind, share = by_value
            findings.append(IdentifierFinding(str(column), kind, f"{share:.0%} of its values look like {_KIND_WORDS[kind]}"))
        elif by_name:
            if by_name == NOTES and not (by_value and by_value[0] == NOTES):
                continue  # a "notes" column without personal data in it
            findings.append(IdentifierFinding(str(column), by_name, FOUND_BY_NAME))
        elif by_value:
            kind, share = by_value
            if kind == DATE and pd.api.types.is_datetime64_any_dtype(values):
                share = 1.0
            findings.append(IdentifierFinding(str(column), kind, f"{share:.0%} of its values look like {_KIND_WORDS[kind]}"))
        elif pd.api.types.is_datetime64_any_dtype(values):
            findings.append(IdentifierFinding(str(column), DATE, "its values are dates"))
    return findings


def direct_identifier_columns(findings: list[IdentifierFinding]) -> list[str]:
    return [f.column for f in findings if f.direct]


def quasi_identifier_columns(findings: list[IdentifierFinding]) -> list[str]:
    return [f.column for f in findings if not f.direct]


def k_anonymity(table: pd.DataFrame, quasi_identifiers: list[str]) -> int:
    """The size of the smallest group of rows that share every quasi-identifier (missing counts as a value)."""
    if not quasi_identifiers or table.empty:
        return len(table)
    return int(table.groupby([table[c].astype(str) for c in quasi_identifiers]).size().min())


def k_anonymity_words(k: int, rows: str = "rows sharing them") -> str:
    """The figure with what it measures: "the smallest group of rows sharing them, called k-anonymity: 3 rows"."""
    return f"the smallest group of {rows}, called k-anonymity: {k} row{'s' if k != 1 else ''}"


def identifier_values(table: pd.DataFrame, findings: list[IdentifierFinding]) -> set[str]:
    """Every direct identifier value in the table (normalised), and those found inside free text."""
    values = set()
    for finding in findings:
        if not finding.direct or finding.column not in table.columns:
            continue
        present = table[finding.column].dropna().astype(str)
        if finding.kind == NOTES:
            for text in present.unique():
                values.update(normalise(v) for v in identifiers_in_text(text))
        else:
            values.update(normalise(v) for v in present.unique())
    values.discard("")
    return values


NAME_TITLE = re.compile(r"^(?:dr|mr|mrs|miss|ms|mx|prof|sir|dame|rev)\.? (?=\S+ )", re.IGNORECASE)
NAME_SUFFIX = re.compile(r",? (?:jr|sr|md|phd|dds|dvm|mbe|obe|cbe|ii|iii|iv)\.?$", re.IGNORECASE)


def normalise(value) -> str:
    """A value as compared for sameness: spaces and case ignored, and a person's title or suffix ("Dr Debra
    Davis", "Debra Davis MD") too, so a fake "Dr Debra Davis" counts as the real Debra Davis."""
    return " ".join(name_words(str(value))).lower()


def name_words(name: str) -> list[str]:
    """A person's name as its words, without a title or suffix: "Mrs Hazel Collins" -> ["Hazel", "Collins"]."""
    text = NAME_TITLE.sub("", re.sub(r"\s+", " ", name).strip())
    return NAME_SUFFIX.sub("", text).split()


def replayed_identifier_values(synthetic: pd.DataFrame, real_values: set[str]) -> int:
    """How many cells of `synthetic` equal, or contain as free text, one of the real identifier values."""
    if not real_values:
        return 0
    count = 0
    long_values = [v for v in real_values if len(v) >= 6]
    for column in synthetic.columns:
        cells = synthetic[column].dropna().astype(str).map(normalise)
        exact = cells.isin(real_values)
        count += int(exact.sum())
        wordy = cells[~exact & (cells.str.len() > 20)]
        if len(wordy) and long_values:
            count += int(wordy.map(lambda text: any(v in text for v in long_values)).sum())
    return count
