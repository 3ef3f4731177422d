"""What each column of the shipped tables means, in plain words (from the datasets' own documentation).

    meaning("hmda", "lvrat") -> "loan-to-value ratio: the loan divided by the property's value"
"""

from __future__ import annotations

DICTIONARIES: dict[str, dict[str, str]] = {
    "hmda": {  # AER's HMDA documentation
        "deny": "was the mortgage application denied?",
        "pirat": "payments-to-income ratio: monthly debt payments divided by monthly income",
        "hirat": "housing-expense-to-income ratio",
        "lvrat": "loan-to-value ratio: the loan divided by the property's value",
        "chist": "consumer credit score, 1 (no slow payments) to 6 (serious delinquencies)",
        "mhist": "mortgage credit score, 1 (no late payments) to 4 (more than two late payments)",
        "phist": "has the applicant a public bad credit record?",
        "unemp": "1989 Massachusetts unemployment rate in the applicant's industry (%)",
        "selfemp": "is the applicant self-employed?",
        "insurance": "was the applicant denied mortgage insurance?",
        "condomin": "is the home a condominium?",
        "afam": "is the applicant African-American?",
        "single": "is the applicant single?",
        "hschool": "has the applicant a high-school diploma?",
    },
    "wage": {  # ISLR's Wage documentation
        "year": "year the wage was recorded", "age": "age of the worker", "maritl": "marital status",
        "race": "race", "education": "education level", "region": "region of the United States",
        "jobclass": "type of job (industrial or information)", "health": "health level",
        "health_ins": "has the worker health insurance?", "logwage": "natural logarithm of the wage",
        "wage": "yearly wage, in thousands of dollars",
    },
    "credit_card": {  # AER's CreditCard documentation
        "card": "was the credit card application accepted?", "reports": "number of major derogatory reports",
        "age": "age in years", "income": "yearly income, in tens of thousands of dollars",
        "share": "monthly credit card spending divided by yearly income",
        "expenditure": "average monthly credit card spending", "owner": "does the applicant own their home?",
        "selfemp": "is the applicant self-employed?", "dependents": "number of dependents",
        "months": "months living at the current address", "majorcards": "number of major credit cards held",
        "active": "number of active credit accounts",
    },
    "student_placements": {  # sdmetrics' demo table
        "student_id": "the student's id number", "gender": "gender",
        "second_perc": "secondary-school exam score (%)", "high_perc": "higher-secondary exam score (%)",
        "high_spec": "higher-secondary specialisation", "degree_perc": "degree score (%)",
        "degree_type": "field of the degree", "work_experience": "has the student work experience?",
        "experience_years": "years of work experience", "employability_perc": "employability test score (%)",
        "mba_spec": "MBA specialisation", "mba_perc": "MBA score (%)", "salary": "salary offered",
        "placed": "did the student get a job?", "start_date": "job start date", "end_date": "job end date",
        "duration": "length of the job, in months",
    },
}


# A few words for the columns a fairness audit names (groups and outcomes), so that a chart or a sentence says
# "African-American" rather than "afam = yes" (and "not African-American" for "afam = no").
SHORT_NAMES: dict[str, dict[str, str]] = {
    "hmda": {"deny": "denied", "afam": "African-American", "unemp": "industry unemployment rate", "single": "single", "selfemp": "self-employed",
             "hschool": "high-school diploma", "condomin": "condominium", "insurance": "denied insurance",
             "phist": "public bad credit record"},
    "wage": {"health_ins": "health insurance", "jobclass": "job type", "maritl": "marital status",
             "education": "education"},
    "credit_card": {"card": "card accepted", "owner": "home owner", "selfemp": "self-employed"},
    "student_placements": {"placed": "got a job", "work_experience": "work experience", "high_spec":
                           "school specialisation", "degree_type": "degree", "mba_spec": "MBA specialisation"},
}


# What a yes/no column's few words become for "no", where "not" + the words does not read.
NEGATED_NAMES: dict[str, dict[str, str]] = {
    "hmda": {"hschool": "no high-school diploma", "condomin": "not a condominium",
             "phist": "no public bad credit record"},
    "credit_card": {"card": "card refused", "owner": "not a home owner"},
}


def negated_names(dataset: str) -> dict[str, str]:
    """Column -> its few plain words for "no" ("not denied", "no high-school diploma"), for the shipped `dataset`."""
    return {column: NEGATED_NAMES.get(dataset, {}).get(column, f"not {words}")
            for column, words in SHORT_NAMES.get(dataset, {}).items()}


def value_words(dataset: str | None, column: str | None) -> dict[str, str]:
    """A shipped yes/no column's values in words: {"yes": "African-American", "no": "not African-American"};
    empty where the dictionary has no few words for the column (an upload, a category column)."""
    words = SHORT_NAMES.get(dataset or "", {}).get(column or "")
    return {"yes": words, "no": negated_names(dataset)[column]} if words else {}


def short_names(dataset: str) -> dict[str, str]:
    """Column -> a few plain words, for the shipped table `dataset` (empty for an upload)."""
    return dict(SHORT_NAMES.get(dataset, {}))


def meaning(dataset: str, column: str) -> str | None:
    return DICTIONARIES.get(dataset, {}).get(column)


def dictionary_markdown(dataset: str, columns: list[str]) -> str:
    """A 'column: meaning' list for the shipped table `dataset` ("" for an upload or a table whose names say it)."""
    dictionary = DICTIONARIES.get(dataset)
    if not dictionary:
        return ""
    labels = column_labels(dataset, columns)
    return "\n".join(f"- **{labels[column]}** (`{column}` in the file): {dictionary[column]}"
                     if labels[column] != column else f"- **{column}**: {dictionary[column]}"
                     for column in columns if column in dictionary)


LABEL_LENGTH = 40  # longer meanings stay in the dictionary: a picker or a sentence shows the name alone


def plain_label(dataset: str, column: str) -> str:
    """A column as a picker or a sentence shows it: "denied", "loan-to-value ratio", "consumer credit score"; the
    name alone where it is already a word of its meaning ("age") or the dictionary has nothing short to say (a
    question, a whole sentence). The file's own name ("lvrat") is left to the data dictionary, which gives both:
    in brackets after every plain name, newcomers read it as jargon."""
    plain = SHORT_NAMES.get(dataset, {}).get(column)
    if plain is None and (head := _meaning_head(dataset, column)):
        if len(head) <= LABEL_LENGTH and column.lower() not in head.lower():
            plain = head
    return plain or column


def _meaning_head(dataset: str, column: str) -> str | None:
    """The first words of a column's meaning, before a colon or comma ("loan-to-value ratio"); None for none or
    for a question ("is the applicant single?"), which names no thing."""
    words = meaning(dataset, column)
    head = words.split(":", 1)[0].split(",", 1)[0].strip() if words else ""
    return head if head and not head.endswith("?") else None


AXIS_LABEL_LENGTH = 22  # a chart's axis on a phone holds about this many characters at 45 degrees
# Fewer words for a chart's axis, where the short names or the meaning's first words run longer.
AXIS_NAMES: dict[str, dict[str, str]] = {
    "hmda": {"pirat": "debt to income", "hirat": "housing cost to income", "unemp": "industry unemployment",
             "phist": "bad credit record"},
    "wage": {"year": "year", "region": "region", "logwage": "log of the wage", "age": "age"},
    "credit_card": {"reports": "bad credit reports", "share": "spending to income", "age": "age",
                    "expenditure": "monthly card spending", "months": "months at address",
                    "majorcards": "major cards held", "active": "active accounts"},
    "student_placements": {"student_id": "student id", "second_perc": "secondary exam score",
                           "high_perc": "higher-secondary score", "experience_years": "years of experience",
                           "employability_perc": "employability score"},
}


def axis_label(dataset: str, column: str) -> str:
    """A column as a chart's axis names it: its few plain words alone ("loan-to-value ratio", "denied"), cut
    short with "…" past AXIS_LABEL_LENGTH; the column's own name where the dictionary has no short words."""
    plain = (AXIS_NAMES.get(dataset, {}).get(column) or SHORT_NAMES.get(dataset, {}).get(column)
             or _meaning_head(dataset, column) or column)
    return plain if len(plain) <= AXIS_LABEL_LENGTH else plain[:AXIS_LABEL_LENGTH - 1].rstrip(" -") + "…"


def axis_labels(dataset: str | None, columns) -> dict[str, str]:
    """Column -> its axis label, for a shipped table whose labels are all different; empty otherwise."""
    labels = {str(c): axis_label(dataset, str(c)) for c in columns} if dataset in DICTIONARIES else {}
    return labels if len(set(labels.values())) == len(labels) else {}


def column_labels(dataset: str | None, columns) -> dict[str, str]:
    """Column -> how a sentence names it ("loan-to-value ratio"), with the file's name in brackets only where two
    columns would read the same; empty for an upload."""
    if dataset not in DICTIONARIES:
        return {}
    from collections import Counter

    labels = {str(c): plain_label(dataset, str(c)) for c in columns}
    readings = Counter(labels.values())
    return {column: f"{label} ({column})" if readings[label] > 1 and label != column else label
            for column, label in labels.items()}


def column_choices(dataset: str, columns: list[str]) -> list[tuple[str, str]]:
    """(label, column) pairs for a dropdown: plain words shown, the column's own name passed on."""
    labels = column_labels(dataset, columns) or {str(c): str(c) for c in columns}
    return [(labels[str(column)], column) for column in columns]
