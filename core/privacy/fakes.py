"""Fake identifiers that keep the real ones' format: keyed pseudonyms for the anonymiser, fresh fakes for synthetic rows.

    pseudonymise(values, NAME, key)          # same input, same fake, inside one deployment; HMAC-SHA256 keyed
    fake_column(values, PHONE, rows=1000)    # new values shaped like the real ones, none equal to any real one

A pseudonym is HMAC-SHA256(key, kind:value): without the deployment's key (core.secrets) nobody can
rebuild the mapping from a list of candidate names, even with this code in hand. Phone and ID
numbers keep their layout (digits stay digits, letters stay letters, separators stay put); names,
e-mails and addresses come from Faker, in the country the table's own values point to (`locale_of`), so a
row's fake address and its kept phone layout read as from one country.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import re

import numpy as np
import pandas as pd

from core.privacy.identifiers import (ADDRESS, EMAIL, ID_NUMBER, NAME, NOTES, PHONE, UK_POSTCODE, US_ZIP,
                                      identifier_kind, identifiers_in_text, normalise)

MAX_REDRAWS = 50


BRITISH, AMERICAN = "en_GB", "en_US"


def locale_of(table: pd.DataFrame) -> str:
    """The Faker locale a table's fakes are drawn in, so they read as from one country: British where more of its
    values look British (+44 or 0-led phones, .uk e-mails, UK postcodes) than American (+1 phones, ZIP codes)."""
    british = american = 0
    for column in table.columns:
        values = table[column].dropna()
        if values.empty or values.dtype.kind not in "OSU":
            continue
        text = values.astype(str).str.strip().head(200)
        british += int((text.str.startswith("+44") | text.str.match(r"^0\d{3,4}[ \d]{6,8}$")
                        | text.str.contains(r"@[\w.-]+\.uk$", case=False)
                        | text.str.fullmatch(UK_POSTCODE, case=False)).sum())
        american += int((text.str.startswith("+1") | text.str.fullmatch(US_ZIP)).sum())
    return BRITISH if british > american else AMERICAN


def _faker(locale: str = AMERICAN):
    from faker import Faker

    return Faker(locale)


def format_like(example: str, rng: random.Random) -> str:
    """A new value laid out like `example`: each digit a random digit, each letter a random letter of the same case.

    A leading '+' with its country code is kept, so a phone number stays in its country, and so is the national
    prefix 0 ("+44(0)", "(0", "0"): "+44(0)191…" became "+44(5)318…", which no phone shows.
    """
    prefix = re.match(r"(?:\+(?:1|44|\d{2,3})(?:\s?\(0\))?)?\(?0?", example)
    kept, rest = (prefix.group(0), example[prefix.end():]) if prefix else ("", example)
    out, after_prefix = [], kept.endswith(("0", "(0)"))  # a national 0 is not followed by another: "+44(0)032…"
    for character in rest:
        if character.isdigit():
            out.append(str(rng.randrange(1 if after_prefix else 0, 10)))
            after_prefix = False
        elif character.isalpha() and character.isascii():
            letter = chr(ord("a") + rng.randrange(26))
            out.append(letter.upper() if character.isupper() else letter)
        else:
            out.append(character)
    return kept + "".join(out)


def _one_fake(kind: str, example: str, rng: random.Random, faker) -> str:
    faker.seed_instance(rng.getrandbits(64))
    if kind == NAME:
        return faker.name()
    if kind == EMAIL:
        return faker.email()
    if kind == ADDRESS:
        whole = re.search(r"\d", example.rsplit(",", 1)[-1]) if "," in example else None  # ends in a postcode
        return (faker.address() if whole else faker.street_address()).replace("\n", ", ")  # "Flat 3, ..." is a street
    if kind in (PHONE, ID_NUMBER):
        return format_like(example, rng)
    raise ValueError(f"No fake is made for {kind!r} columns.")


def keyed_pseudonym(kind: str, value: str, key: bytes, faker=None, avoid: set[str] | None = None) -> str:
    """The deployment's fixed fake for `value`: the same every time, unguessable without `key`; redrawn from the
    same keyed sequence while it equals a value in `avoid` (normalised)."""
    digest = hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).digest()
    rng, faker = random.Random(digest), faker or _faker()
    for _ in range(MAX_REDRAWS):
        candidate = _one_fake(kind, value, rng, faker)
        if not avoid or normalise(candidate) not in avoid:
            return candidate
    raise ValueError(f"Could not make a fake {kind} unlike every real one; leave the column out instead.")


def pseudonymise(values: pd.Series, kind: str, key: bytes, locale: str = AMERICAN, marked: bool = False) -> pd.Series:
    """Each value replaced by its keyed pseudonym (free text: each identifier inside it, between PSEUDONYM_MARKS
    when `marked`), drawn in `locale` (`locale_of` the table); missing stays missing. No pseudonym equals a real
    value of the column (it would read as a leak) or another value's pseudonym (two people would become one)."""
    faker = _faker(locale)
    if kind == NOTES:
        real = {normalise(found) for text in values.dropna() for found in identifiers_in_text(str(text))}
        return values.map(lambda text: redact_text(str(text), key, faker, avoid=real, marked=marked),
                          na_action="ignore")
    real = values.dropna().unique()
    taken = {normalise(str(value)) for value in real}
    mapping = {}
    for value in real:
        mapping[value] = keyed_pseudonym(kind, str(value), key, faker, avoid=taken)
        taken.add(normalise(mapping[value]))
    return values.map(mapping, na_action="ignore")


PSEUDONYM_MARKS = ("\ue000", "\ue001")  # private-use characters around a pseudonym put into a text, while marked


def redact_text(text: str, key: bytes, faker=None, avoid: set[str] | None = None, marked: bool = False) -> str:
    """`text` with every e-mail, phone number, ID number, street address and name in it replaced by its pseudonym
    (none equal to a value in `avoid`, normalised), each between PSEUDONYM_MARKS when `marked`, so that a later
    pass can leave the pseudonyms alone."""
    faker = faker or _faker()
    start, end = PSEUDONYM_MARKS if marked else ("", "")
    for found in sorted(set(identifiers_in_text(text)), key=len, reverse=True):
        kind = identifier_kind(found)
        text = text.replace(found, start + keyed_pseudonym(kind, found, key, faker, avoid=avoid) + end)
    return text


def fake_column(real: pd.Series, kind: str, rows: int, seed: int, forbidden: set[str] | None = None,
                locale: str = AMERICAN) -> pd.Series:
    """`rows` fake values for a synthetic table: as many distinct fakes as the real column has distinct values
    (so a patient seen five times still repeats; a column of unique IDs stays unique), drawn with the real
    values' frequencies, and redrawn until none equals a real value of this column or of `forbidden` (normalised)."""
    present = real.dropna().astype(str)
    if present.empty:
        return pd.Series([None] * rows, dtype=object)
    rng = random.Random(seed)
    faker = _faker(locale)
    taken = {normalise(v) for v in present.unique()} | (forbidden or set())
    counts = present.value_counts()
    unique_key = counts.max() == 1  # an ID column: every synthetic row gets its own fake too
    examples = list(counts.index)
    pool: list[str] = []
    for index in range(rows if unique_key else min(len(counts), rows)):
        index %= len(examples)
        for _ in range(MAX_REDRAWS):
            candidate = _one_fake(kind, examples[index], rng, faker)
            if normalise(candidate) not in taken:
                break
        else:
            raise ValueError(f"Could not make a fake {kind} unlike every real one; leave the column out instead.")
        taken.add(normalise(candidate))
        pool.append(candidate)
    if unique_key:
        picks = np.arange(rows)
    else:
        weights = counts.to_numpy()[:len(pool)].astype(float)
        picks = np.random.default_rng(seed).choice(len(pool), size=rows, p=weights / weights.sum())
    values = pd.Series([pool[i] for i in picks], dtype=object)
    missing = real.isna().mean()
    if missing > 0:
        values[np.random.default_rng(seed + 1).random(rows) < missing] = None
    return values
