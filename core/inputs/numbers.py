"""Seeds and other numbers from a form or an API call: what was typed, or one plain sentence.

Every seed box takes a whole number from 0 to 4,294,967,295 (what NumPy, PyTorch and scikit-learn
all accept), or nothing or -1 for a random seed; `resolve_seed` picks that random seed, so the tab can
show which one it used.
"""

from __future__ import annotations

import math
import random
from numbers import Integral, Real

from core.inputs.text import excerpt

SEED_MAX = 2**32 - 1
RANDOM_SEED = -1
SEED_RULE = "a whole number from 0 to 4,294,967,295, or empty or -1 for a random seed"


def _as_number(value: object, what: str) -> float | int | None:
    """None for an empty box, else the number typed (strings too), or a ValueError."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(f"The {what} must be a number, not {value}.")
    if isinstance(value, Integral):
        return int(value)
    if isinstance(value, Real):
        number = float(value)
    else:
        text = str(value).strip().replace(",", "").replace("_", "")
        if text.lstrip("+-").isdigit():  # a whole number stays exact however long ("99999999999999999999")
            return int(text)
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"The {what} must be a number; '{excerpt(value)}' is not one.") from None
    if math.isnan(number) or math.isinf(number):
        raise ValueError(f"The {what} must be a number; '{excerpt(value)}' is not one.")
    return number


def _as_typed(value: object, number: float | int) -> str:
    """The number as the visitor typed it (a text box's own characters), else in short form."""
    if isinstance(value, str):
        return excerpt(value.strip(), 24)
    return excerpt(f"{number:g}" if isinstance(number, float) else number, 24)


def parse_seed(value: object, what: str = "seed") -> int | None:
    """The seed typed, or None for a random one (empty or -1); a ValueError otherwise."""
    number = _as_number(value, what)
    if number is None or number == RANDOM_SEED:
        return None
    if number != int(number) or not 0 <= number <= SEED_MAX:
        shown = _as_typed(value, number)
        raise ValueError(f"The {what} must be {SEED_RULE}; {shown} is not.")
    return int(number)


def resolve_seed(value: object, what: str = "seed") -> int:
    """The seed typed, or a random one when asked for (empty or -1), always within 0 to 4,294,967,295."""
    seed = parse_seed(value, what)
    return random.randrange(SEED_MAX + 1) if seed is None else seed


def parse_whole(value: object, what: str, minimum: int, maximum: int, default: int | None = None) -> int:
    """A whole number from `minimum` to `maximum` (`default` when empty, if given), or a ValueError."""
    number = _as_number(value, what)
    if number is None:
        if default is None:
            raise ValueError(f"Enter the {what}: a whole number from {minimum:,} to {maximum:,}.")
        return default
    if number != int(number) or not minimum <= number <= maximum:
        shown = _as_typed(value, number)
        raise ValueError(f"The {what} must be a whole number from {minimum:,} to {maximum:,}; {shown} is not.")
    return int(number)


def parse_number(value: object, what: str, minimum: float, maximum: float, default: float | None = None) -> float:
    """A number from `minimum` to `maximum` (`default` when empty, if given), or a ValueError."""
    number = _as_number(value, what)
    if number is None:
        if default is None:
            raise ValueError(f"Enter the {what}: a number from {minimum:g} to {maximum:g}.")
        return default
    if not minimum <= number <= maximum:
        shown = excerpt(f"{number:g}", 24)
        raise ValueError(f"The {what} must be from {minimum:g} to {maximum:g}; {shown} is not.")
    return float(number)


def as_whole(value: object, what: str, default: int | None = None) -> int:
    """Any whole number typed (its range is for the caller to check), `default` when empty, or a ValueError."""
    number = _as_number(value, what)
    if number is None:
        if default is None:
            raise ValueError(f"Enter the {what}: a whole number.")
        return default
    if number != int(number):
        raise ValueError(f"The {what} must be a whole number; {excerpt(f'{number:g}', 24)} is not.")
    return int(number)


def as_float(value: object, what: str, default: float | None = None) -> float:
    """Any finite number typed (its range is for the caller to check), `default` when empty, or a ValueError."""
    number = _as_number(value, what)
    if number is None:
        if default is None:
            raise ValueError(f"Enter the {what}: a number.")
        return default
    return float(number)
