import numpy as np
import pandas as pd
import pytest

from core.ethics.anonymize import anonymize
from core.privacy.identifiers import k_anonymity
from core.ethics.carbon import GRID_INTENSITY_G_PER_KWH, energy_summary
from core.provenance.store import AuditRecord, SQLiteAuditStore


def test_energy_is_summed_per_tab_and_turned_into_carbon(tmp_path):
    store = SQLiteAuditStore(tmp_path / "audit.db")
    for tab, joules in (("art", 3600.0), ("art", 3600.0), ("writing", 1800.0)):
        store.add(AuditRecord(tab=tab, backend="embedded", model_id="m", parameters={}, output_sha256="x",
                              energy_joules=joules, hardware="cpu"))
    summary = energy_summary(store.to_frame(), country="France")
    assert summary.total_wh == pytest.approx(2.5) and summary.measured_records == 3
    assert summary.total_g_co2e == pytest.approx(2.5 / 1000 * GRID_INTENSITY_G_PER_KWH["France"])
    art = summary.by_group[summary.by_group["tab"] == "art"].iloc[0]
    assert art["wh"] == pytest.approx(2.0) and art["wh_per_record"] == pytest.approx(1.0)
    # 2.5 Wh: a 10 W bulb for 15 minutes, a sixth of a phone's 15 Wh charge; figures written out, no exponents
    assert summary.equivalents == "what a 10 W LED bulb uses in 15 minutes, 1/6 of a phone charge"
    assert "e-0" not in summary.headline(3) and "2.5 Wh" in summary.headline(3)
    with pytest.raises(ValueError, match="grid figure"):
        energy_summary(store.to_frame(), country="Atlantis")


def test_personal_columns_are_found_by_name_and_by_value():
    table = pd.DataFrame({"Full Name": ["Ann Lee"] * 3, "contact": ["a@b.org", "c@d.com", "e@f.net"],
                          "dob": ["1990-01-02"] * 3, "amount": [1, 2, 3]})
    assert anonymize(table, key=b"k" * 32).detected == {"Full Name": "name", "contact": "e-mail",
                                                        "dob": "date of birth"}


def test_pseudonyms_are_consistent_and_generalising_raises_k():
    rng = np.random.default_rng(1)
    table = pd.DataFrame({"name": rng.choice(["Ann Lee", "Bo Chan", "Cy Diaz"], 300),
                          "age": rng.integers(20, 60, 300), "postcode": rng.choice(["M1 1AE", "M1 2XY", "M2 5BQ"], 300),
                          "gender": rng.choice(["F", "M"], 300)})
    result = anonymize(table, key=b"test key" * 4)
    assert not set(result.table["name"]) & set(table["name"])
    assert (result.table.groupby(table["name"])["name"].nunique() == 1).all()
    assert result.quasi_identifiers == ["age", "postcode", "gender"]
    assert result.k_after > result.k_before == k_anonymity(table, ["age", "postcode", "gender"])
    text = "\n\n".join(result.sentences)  # what the visitor reads, from the same figures
    # every value replaced, and why, said so: "phone: 80% of its values look like phone numbers" left the other 20% in
    # doubt, and "every value (80% of them look like …)" read as a contradiction (review 13)
    assert "**Replaced with made-up stand-ins** in 1 column:\n- name: all its values, since 100% of them look like " \
           "people's names" in text or "- name: all its values, since its name says so" in text
    assert ("**Coarsened**, so fewer people stand out: age (to ten-year bands), postcode (to its district, the first "
            "part). Kept as it is: gender.") in text
    assert (f"every row now shares its age, postcode and gender with at least {result.k_after - 1} other rows "
            f"(the smallest group of rows that look alike, called k-anonymity: {result.k_after} rows, "
            f"up from {result.k_before}).") in text
    assert "pseudonym" not in text and "generalis" not in text


def test_coarsening_that_leaves_someone_alone_does_not_say_fewer_people_stand_out():
    """The sample customers read "Coarsened, so fewer people stand out" over "1 row; 1 before coarsening"."""
    table = pd.DataFrame({"age": [23, 37, 51, 64], "postcode": ["M1 1AE", "N2 2XY", "E3 5BQ", "W4 1AA"]})
    result = anonymize(table, key=b"k" * 32)
    assert result.k_after == result.k_before == 1
    text = "\n\n".join(result.sentences)
    assert "**Coarsened**: age (to ten-year bands)" in text and "fewer people stand out" not in text
    assert "(the smallest group of rows that look alike, called k-anonymity: 1 row, as before coarsening)." in text


def test_small_energies_are_written_without_trailing_zeros():
    # the energy table read "0.0100 Wh" beside "0.014 Wh", and "0.0000070 Wh"
    from core.ethics.carbon import plain_number

    assert plain_number(0.00999) == "0.01"
    assert plain_number(0.0000070) == "0.000007"
    assert plain_number(0.0142) == "0.014"
    assert plain_number(2.5) == "2.5" and plain_number(1304) == "1,300" and plain_number(0.000145) == "0.00015"


def test_energy_in_everyday_words():
    from core.ethics.carbon import everyday_energy

    assert everyday_energy(59) == "what a 10 W LED bulb uses in 6 seconds"
    assert everyday_energy(0.4) == "less than a 10 W LED bulb uses in a second"
    assert everyday_energy(2_400) == "what a 10 W LED bulb uses in 4 minutes"


def test_a_note_that_calls_someone_by_first_or_last_name_alone_loses_it_too():
    names = ["Carol Wilson", "Bob Marsh", "Ann Lee", "Dev Patel"] * 15
    notes = [f"Call {name.split()[0]} about the loan; {name.split()[-1]} family. Ask Bob too." for name in names]
    table = pd.DataFrame({"name": names, "notes": notes, "amount": range(60)})
    result = anonymize(table, key=b"k" * 32)
    assert result.detected.get("notes") == "free text with identifiers" or "notes" in result.detected
    for real_name, fake_name, note in zip(table["name"], result.table["name"], result.table["notes"]):
        first, last = real_name.split()[0], real_name.split()[-1]
        assert first not in note.split() and f"{first} " not in note and last not in note
        assert "Bob" not in note  # another row's person, named in this row's note
        assert f"Call {fake_name.split()[0]} about" in note  # the same fake as in the name column


def test_a_note_that_names_someone_gets_their_fake_first_name_not_its_title():
    """The shipped sample's "Ruth asked for a refund" came out as "Mrs asked for a refund": the fake for Ruth Kay
    was "Mrs Hazel Collins", and its first word was taken for the first name."""
    from core.privacy.identifiers import name_words

    table = pd.read_csv("assets/samples/customers.csv")
    result = anonymize(table, key=b"k" * 32)
    titled = [fake for fake in result.table["name"] if len(name_words(fake)) < len(fake.split())]
    assert titled, "no fake name with a title or suffix: the test would prove nothing"
    for real_name, fake_name, note in zip(table["name"], result.table["name"], result.table["notes"]):
        if isinstance(note, str) and real_name.split()[0] + " asked" in table.loc[table["name"] == real_name, "notes"].iloc[0]:
            assert note.startswith(f"{name_words(fake_name)[0]} asked"), (fake_name, note)


@pytest.mark.parametrize("key", [b"k" * 32, b"another deployment's key"])
def test_a_person_named_in_a_note_gets_the_same_stand_in_as_in_the_name_column(key):
    """'Brandon Wells moved house' became 'Neil Wright-Anderson-King moved house' in the row of 'Neil Evans-Davis':
    the pass that swaps first and last names called alone also swapped 'Evans' and 'Davis' inside the stand-in,
    since other customers are really called so."""
    real = pd.read_csv("assets/samples/customers.csv")
    result = anonymize(real, key=key).table
    for row in range(len(real)):
        note = real["notes"][row]
        if isinstance(note, str) and note.startswith(real["name"][row] + " "):
            assert result["notes"][row].startswith(result["name"][row] + " "), (result["name"][row],
                                                                                 result["notes"][row])
    assert not result["notes"].dropna().str.contains("[\ue000\ue001]").any()  # no working marks left behind


def test_the_samples_postcodes_coarsen_to_districts_a_map_has():
    """Faker's whole postcodes ("BS8W 5QZ", "E9E 1YY") coarsened to districts no British map has (review 13): outside
    central London a district is its area's letters and a number, never a letter after it."""
    import re

    real = pd.read_csv("assets/samples/customers.csv")
    districts = anonymize(real, key=b"k" * 32).table["postcode"]
    central_london = r"(EC|WC|SW1|W1|E1W|N1C|N1P|NW1W|SE1P)"
    odd = [d for d in districts if not re.fullmatch(r"[A-Z]{1,2}\d{1,2}", d) and not re.match(central_london, d)]
    assert not odd, odd
