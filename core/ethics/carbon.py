"""Energy and carbon of everything the suite generated, read from the audit store.

Grid intensities are approximate 2023 yearly averages of life-cycle emissions per kWh of
electricity (Ember's Global Electricity Review and the IEA), rounded; a deployment that knows its
own figure should enter it. Everyday equivalents: a smartphone charge is about 15 Wh, a 10 W LED
bulb burns 10 Wh an hour.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

GRID_INTENSITY_G_PER_KWH = {
    "World average": 480, "European Union": 250, "United States": 370, "United Kingdom": 200, "France": 55,
    "Germany": 380, "Sweden": 40, "Norway": 30, "Poland": 660, "China": 560, "India": 710, "Japan": 470,
    "Brazil": 100, "Canada": 130, "Australia": 500,
}
PHONE_CHARGE_WH, LED_WATTS = 15.0, 10.0
TRAINING_FOR_SCALE = {  # the seed's figures: energy to train, and emissions
    "GPT-3, the forerunner of ChatGPT (175 billion parameters)": (1_287_000_000.0, 552_000_000.0),  # Wh, g CO2e
    "BLOOM, an open model of the same size (176 billion parameters)": (433_000_000.0, 30_000_000.0),
}


@dataclass
class EnergySummary:
    by_group: pd.DataFrame  # one row per tab / kind of model (backend) / model / hardware
    total_wh: float
    total_g_co2e: float
    measured_records: int  # audit records that carry an energy measurement; the totals are theirs
    country: str
    intensity: float

    def headline(self, records: int) -> str:
        """The totals, said against `records`, the audit store's count (AuditStore.count) of every record."""
        if records == 0:
            return "The audit log has no record yet, so nothing has used energy here."
        if self.measured_records == 0:
            return (f"None of the {records} records in the audit log carries an energy measurement yet (a quest or a "
                    "fairness audit made without a model is not measured), so there is nothing to add up.")
        one = self.measured_records == 1
        if self.measured_records == records:
            measured = ("The one record in the audit log carries" if one
                        else f"All {records} records in the audit log carry")
        else:
            measured = f"{self.measured_records} of the {records} records in the audit log carr{'ies' if one else 'y'}"
        return (f"{measured} an energy measurement; {'it' if one else 'together they'} used "
                f"{plain_number(self.total_wh)} Wh, about "
                f"{plain_number(self.total_g_co2e)} g CO2e at {self.intensity:.0f} g per kWh ({self.country}): "
                f"{self.equivalents}.")

    @property
    def equivalents(self) -> str:
        """"what a 10 W LED bulb uses in 4 seconds, 1/1,300 of a phone charge": everyday amounts, no exponents."""
        charges = self.total_wh / PHONE_CHARGE_WH
        if charges >= 1:
            phone = f"{plain_number(charges)} phone charges"
        elif charges >= 0.5:
            phone = f"{plain_number(charges)} of a phone charge"
        else:  # "1/6", "1/1,300": one part in so many, to two significant figures
            phone = f"1/{float(f'{1 / charges:.2g}'):,.0f} of a phone charge" if charges > 0 else "no phone charge"
        return f"{everyday_energy(self.total_wh * 3600)}, {phone}"


def plain_number(value: float, digits: int = 2) -> str:
    """`value` to `digits` significant figures, written out without trailing zeros ("0.00014", "1,300", "2.5",
    "0.01" for 0.00999, "0.000007" for 0.0000070), never "1.4e-04"."""
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    rounded = round(value, digits - 1 - magnitude)
    decimals = max(digits - 1 - magnitude, 0)
    written = f"{rounded:,.{decimals}f}"
    return written.rstrip("0").rstrip(".") if "." in written else written


def everyday_energy(joules: float) -> str:
    """Energy in everyday words: how long a 10 W LED bulb burns on it ("a 10 W LED bulb for 6 seconds")."""
    seconds = joules / LED_WATTS  # a watt is a joule each second
    if seconds < 1:
        return "less than a 10 W LED bulb uses in a second"
    if seconds < 90:
        return f"what a 10 W LED bulb uses in {seconds:.0f} second{'s' if round(seconds) != 1 else ''}"
    minutes = seconds / 60
    if minutes < 90:
        return f"what a 10 W LED bulb uses in {minutes:.0f} minutes"
    return f"what a 10 W LED bulb uses in {minutes / 60:.1f} hours"


def energy_summary(records: pd.DataFrame, country: str = "World average",
                   intensity: float | None = None) -> EnergySummary:
    """Energy (Wh) and emissions (g CO2e) per tab, model and hardware, from audit rows as a DataFrame.

    Only rows with an energy measurement count towards the totals; `measured_records` says how many."""
    if intensity is None:
        if country not in GRID_INTENSITY_G_PER_KWH:
            raise ValueError(f"No grid figure for {country!r}; pick one of the list or enter your own figure.")
        intensity = GRID_INTENSITY_G_PER_KWH[country]
    if intensity < 0 or intensity > 2000:
        raise ValueError("A grid intensity is between 0 and about 1,200 g CO2e per kWh.")
    measured = records.dropna(subset=["energy_joules"]).copy() if len(records) else records
    if len(measured):
        measured["energy_joules"] = pd.to_numeric(measured["energy_joules"])
    if not len(measured):
        text, count, number = pd.Series(dtype=str), pd.Series(dtype=int), pd.Series(dtype=float)
        empty = pd.DataFrame({"tab": text, "backend": text, "model_id": text, "hardware": text, "records": count,
                              "wh": number, "wh_per_record": number, "g_co2e": number})
        return EnergySummary(empty, 0.0, 0.0, 0, country, float(intensity))
    grouped = measured.groupby(["tab", "backend", "model_id", "hardware"], dropna=False).agg(
        records=("id", "count"), joules=("energy_joules", "sum")).reset_index()
    grouped["wh"] = grouped["joules"] / 3600
    grouped["wh_per_record"] = grouped["wh"] / grouped["records"]
    grouped["g_co2e"] = grouped["wh"] / 1000 * intensity
    grouped = grouped.drop(columns=["joules"]).sort_values("wh", ascending=False).reset_index(drop=True)
    total = float(grouped["wh"].sum())
    return EnergySummary(grouped, total, total / 1000 * intensity, int(grouped["records"].sum()), country,
                         float(intensity))
