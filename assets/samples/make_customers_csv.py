"""Make `customers.csv`, the Anonymiser's table to try: 40 made-up customers of a made-up shop.

    python assets/samples/make_customers_csv.py

Every person in it is invented by Faker (MIT), seeded, in the British locale (the anonymiser's fakes are British too,
as its phones and postcodes are; none equals an original). Names also appear inside the notes, as in a real support
log. A postcode's first part is a real district of a British city, its second Faker's: Faker's whole postcodes
("BS8W 5QZ") coarsened to districts no map has, and the anonymiser shows the district.
"""

from __future__ import annotations

import random
from pathlib import Path

from faker import Faker

FOLDER = Path(__file__).resolve().parent
PEOPLE, SEED = 40, 7
PLANS = ("basic", "standard", "family")
DISTRICTS = ("LS1", "LS6", "LS11", "M1", "M14", "M20", "BS1", "BS5", "BS8", "E8", "N16", "SE15", "SW11", "EH3", "EH6",
             "CF10", "CF24", "NE1", "NE6", "B15", "B29", "S10", "NG7", "YO10")
NOTES = ("{first} asked for a refund on the last order.", "Call {first} back about the delivery.",
         "{first} {last} moved house; new address on file.", "", "", "Prefers e-mail.")


def main() -> None:
    faker, rng, districts = Faker("en_GB"), random.Random(SEED), random.Random(SEED + 1)
    faker.seed_instance(SEED)
    lines = ["name,email,phone,address,postcode,date_of_birth,plan,monthly_spend,notes"]
    for _ in range(PEOPLE):
        first, last = faker.first_name(), faker.last_name()
        email = f"{first}.{last}@{faker.free_email_domain()}".lower()
        born = faker.date_of_birth(minimum_age=18, maximum_age=85).isoformat()
        note = rng.choice(NOTES).format(first=first, last=last)
        address = faker.street_address().replace("\n", ", ")
        postcode = f"{districts.choice(DISTRICTS)} {faker.postcode().split()[-1]}"
        row = [f"{first} {last}", email, faker.phone_number(), address, postcode, born, rng.choice(PLANS),
               f"{rng.uniform(5, 80):.2f}", note]
        lines.append(",".join(f'"{value}"' if "," in value else value for value in row))
    (FOLDER / "customers.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
