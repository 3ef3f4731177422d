"""Keyed pseudonyms can't be rebuilt without the key; synthetic fakes keep the format and match no real value."""

import hashlib
import re

import pandas as pd

from core.ethics.anonymize import anonymize
from core.privacy.fakes import fake_column, format_like, keyed_pseudonym, pseudonymise
from core.privacy.identifiers import EMAIL, ID_NUMBER, NAME, NOTES, PHONE
from tests.privacy_tables import clinic_visits


def test_a_pseudonym_is_stable_under_one_key_and_different_under_another():
    names = pd.Series(["Ann Lee", "Bo Chan", "Ann Lee"])
    first = pseudonymise(names, NAME, b"deployment one")
    assert first[0] == first[2] != first[1]
    assert pseudonymise(names, NAME, b"deployment one").equals(first)
    assert not set(pseudonymise(names, NAME, b"deployment two")) & set(first)


def test_no_pseudonym_is_a_real_name_from_the_same_column_or_another_persons_pseudonym():
    key = b"k" * 32
    fake = keyed_pseudonym(NAME, "Ann Lee", key)  # a table where Ann Lee's first fake is someone else's real name
    names = pd.Series(["Ann Lee", fake, "Ann Lee"])
    replaced = pseudonymise(names, NAME, key)
    assert not set(replaced) & set(names)  # it read as a leak: a real person's name in the shared table
    assert replaced[0] == replaced[2] != replaced[1]
    assert replaced.equals(pseudonymise(names, NAME, key))  # still the same fakes every time


def test_no_pseudonym_is_a_real_person_with_a_title_added():
    """Under this key the sample's Victor Smith became "Dr Debra Davis", while Debra Davis is another customer."""
    from apps.ethics import SAMPLE_CUSTOMERS

    real = pd.read_csv(SAMPLE_CUSTOMERS, dtype=str)
    replaced = anonymize(real, key=hashlib.sha256(b"373").digest()).table["name"]
    titled = {f"{title} {name}" for title in ("Dr", "Mr", "Mrs", "Miss", "Ms", "Mx") for name in real["name"]}
    assert not set(replaced) & (titled | set(real["name"]))


def test_the_old_unkeyed_recipe_no_longer_rebuilds_the_mapping():
    """The anonymiser used to seed Faker with sha256('0:name:<value>'): anyone with the code could redo it."""
    from faker import Faker

    def old_recipe(value):
        faker = Faker("en_GB")
        faker.seed_instance(int(hashlib.sha256(f"0:name:{value}".encode()).hexdigest()[:12], 16))
        return faker.name()

    table = pd.DataFrame({"name": ["Ann Lee", "Bo Chan", "Cy Diaz"] * 5})
    published = anonymize(table, key=b"a secret the attacker lacks").table["name"]
    candidates = {old_recipe(v): v for v in ["Ann Lee", "Bo Chan", "Cy Diaz", "Di Eve"]}
    assert not set(published) & set(candidates)


def test_the_anonymiser_uses_the_deployment_key_from_the_data_folder(tmp_path, monkeypatch):
    from core.secrets import secret

    monkeypatch.delenv("GENLAB_PSEUDONYM_KEY", raising=False)
    monkeypatch.setenv("GENLAB_DATA_DIR", str(tmp_path))
    from core.settings import reset_settings
    reset_settings()
    try:
        table = pd.DataFrame({"name": ["Ann Lee", "Bo Chan"] * 5})
        assert anonymize(table).table["name"].equals(anonymize(table, key=secret("pseudonym")).table["name"])
        assert (tmp_path / "secrets" / "pseudonym").exists()
    finally:
        reset_settings()


def test_notes_keep_their_words_but_lose_the_people_in_them():
    note = "Seen today. Mary Smith asked us to call (212) 555-0147 or mail mary.smith@example.org."
    redacted = pseudonymise(pd.Series([note]), NOTES, b"key")[0]
    assert "Mary Smith" not in redacted and "555-0147" not in redacted and "mary.smith@" not in redacted
    assert redacted.startswith("Seen today.") and "asked us to call" in redacted


def test_format_like_keeps_the_layout_of_phone_and_id_numbers():
    import random

    rng = random.Random(0)
    assert re.fullmatch(r"\+44 \d{2} \d{4} \d{4}", format_like("+44 20 7946 0958", rng))
    assert re.fullmatch(r"[A-Z]{2} \d{2} \d{2} \d{2} [A-Z]", format_like("QQ 12 34 56 C", rng))


def test_synthetic_fakes_repeat_like_the_real_people_and_match_none_of_them():
    table = clinic_visits(patients=40, visits=300)
    for column, kind in (("patient", NAME), ("email", EMAIL), ("phone", PHONE), ("ssn", ID_NUMBER)):
        fakes = fake_column(table[column], kind, 500, seed=1)
        assert not set(fakes) & set(table[column]), column
        assert fakes.nunique() == table[column].nunique()  # a patient seen five times still repeats
    assert fake_column(table["ssn"], ID_NUMBER, 50, seed=1).str.fullmatch(r"\d{3}-\d{2}-\d{4}").all()


def test_a_fake_that_happens_to_equal_a_real_value_is_redrawn():
    real_email = keyed_pseudonym(EMAIL, "x", b"k")  # a value Faker can produce
    real = pd.Series([real_email] * 3)
    assert real_email not in set(fake_column(real, EMAIL, 200, seed=0))


def test_a_column_of_unique_ids_gets_unique_fakes():
    real = pd.Series(range(5000, 5200))
    fakes = fake_column(real, ID_NUMBER, 150, seed=0)
    assert fakes.is_unique and not set(fakes.astype(int)) & set(real)


def test_a_british_tables_fakes_are_british_so_a_rows_address_and_phone_read_as_one_country():
    from core.ethics.anonymize import anonymize
    from core.privacy.fakes import AMERICAN, BRITISH, locale_of

    customers = pd.read_csv("assets/samples/customers.csv")
    assert locale_of(customers) == BRITISH
    assert locale_of(pd.DataFrame({"phone": ["+1 415 555 0100", "+1 212 555 0199"], "zip": ["94103", "10001"]})) \
        == AMERICAN
    assert locale_of(pd.DataFrame({"amount": [1, 2, 3]})) == AMERICAN  # nothing to go by: the default
    anonymised = anonymize(customers, key=b"k" * 32).table
    # Faker's American street addresses end in a suite or a five-digit ZIP; its British ones never do
    american = anonymised["address"].str.contains(r"\b(?:Suite|Apt\.)\s|\b\d{5}$", regex=True)
    assert not american.any(), anonymised["address"][american].tolist()
    assert not set(anonymised["address"]) & set(customers["address"])
    # a street address stays a street address on one line ("Flat 3, Nicole Walks" is not a whole address)
    assert not anonymised["address"].str.contains("\n").any()
    assert anonymised["address"].str.count(",").max() <= 1


def test_a_fake_phone_number_keeps_its_country_and_national_prefix():
    """The anonymiser turned "+44(0)191 496 0609" into "+44(5)318 785 7501" and "(0131) …" into "(1564) …", layouts
    no phone shows (review 14)."""
    import random

    rng = random.Random(0)
    for real, kept in (("+44(0)191 496 0609", "+44(0)"), ("(0131) 496 0597", "(0"), ("01164960815", "0"),
                       ("+1 415 555 0100", "+1 "), ("+44131 496 0291", "+44")):
        for _ in range(20):
            fake = format_like(real, rng)
            assert fake.startswith(kept) and len(fake) == len(real), (real, fake)
            if kept.endswith("0") or kept.endswith("(0)"):  # "+44(0)032 112 7441": no second 0 after the prefix
                assert re.match(r"\d", fake[len(kept):].lstrip()).group() != "0", (real, fake)
