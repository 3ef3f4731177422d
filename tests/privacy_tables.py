"""Tables full of personal data, made with Faker, for the privacy tests: a clinic's visits, where each patient repeats."""

from __future__ import annotations

import numpy as np
import pandas as pd

VISIT_COLUMNS = {"patient": "name", "email": "e-mail", "phone": "phone", "ssn": "ID number",
                 "address": "address", "notes": "free text with personal data"}
DISGUISED = {"patient": "c1", "email": "c2", "phone": "c3", "ssn": "c4", "address": "c5", "notes": "c6",
             "age": "c7", "visit_date": "c8", "ward": "c9", "cost": "c10", "readmitted": "c11"}


def clinic_visits(patients: int = 120, visits: int = 600, seed: int = 0, disguised: bool = False) -> pd.DataFrame:
    """`visits` rows over `patients` people: names, e-mails, phones, SSNs and addresses repeat, notes name them."""
    from faker import Faker

    faker = Faker("en_US")
    faker.seed_instance(seed)
    rng = np.random.default_rng(seed)
    people = []
    for _ in range(patients):
        name = faker.name()
        people.append({"patient": name, "email": faker.email(), "phone": faker.numerify("(###) ###-####"),
                       "ssn": faker.ssn(), "address": faker.street_address(), "age": int(rng.integers(18, 90))})
    rows = []
    for _ in range(visits):
        person = people[int(rng.integers(patients))]
        rows.append({**person,
                     "notes": f"Seen by Dr {faker.last_name()}. {person['patient']} asked us to call "
                              f"{person['phone']} with results.",
                     "visit_date": faker.date_between("-2y", "today").isoformat(),
                     "ward": str(rng.choice(["cardiology", "oncology", "general", "maternity"])),
                     "cost": round(float(rng.gamma(2.0, 400.0)), 2),
                     "readmitted": str(rng.choice(["yes", "no"], p=[0.2, 0.8]))})
    table = pd.DataFrame(rows)
    return table.rename(columns=DISGUISED) if disguised else table
