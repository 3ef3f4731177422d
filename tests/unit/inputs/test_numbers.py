import math

import pytest

from core.inputs.numbers import SEED_MAX, as_float, as_whole, parse_seed, parse_whole, resolve_seed

LIBRARY_WORDS = ("expected", "Overflow", "random_state", "cannot convert", "invalid literal")


@pytest.mark.parametrize("value, seed", [(0, 0), (7, 7), (7.0, 7), ("12", 12), (SEED_MAX, SEED_MAX), (None, None),
                                         ("", None), ("  ", None), (-1, None), (-1.0, None), ("-1", None)])
def test_a_seed_is_a_whole_number_up_to_2_to_the_32_or_random(value, seed):
    assert parse_seed(value) == seed


@pytest.mark.parametrize("value", [-5, -2, SEED_MAX + 1, 2**70, 1e30, -1e30, float("nan"), float("inf"), 2.5,
                                   "abc", "1e999", True, [1]])
def test_any_other_seed_gets_one_sentence_naming_the_range(value):
    with pytest.raises(ValueError) as caught:
        parse_seed(value)
    message = str(caught.value)
    assert "4,294,967,295" in message or "must be a number" in message
    assert not any(word in message for word in LIBRARY_WORDS) and len(message) < 200


def test_a_random_seed_is_picked_within_the_range_and_returned():
    seeds = {resolve_seed(None) for _ in range(20)} | {resolve_seed(-1) for _ in range(20)}
    assert all(0 <= seed <= SEED_MAX for seed in seeds) and len(seeds) > 30
    assert resolve_seed("42") == 42


def test_whole_numbers_and_floats_are_checked_in_plain_words():
    assert parse_whole(5, "number of steps", 1, 50) == 5
    assert parse_whole(None, "number of steps", 1, 50, default=20) == 20
    with pytest.raises(ValueError, match="number of steps must be a whole number from 1 to 50"):
        parse_whole(2**70, "number of steps", 1, 50)
    with pytest.raises(ValueError, match="must be a number"):
        as_whole(float("nan"), "number of steps")
    with pytest.raises(ValueError, match="whole number"):
        as_whole(2.5, "number of steps")
    assert as_float("0.5", "strength") == 0.5 and not math.isnan(as_float(None, "strength", 0.6))


def test_a_huge_seed_typed_in_a_box_is_refused_in_the_digits_typed_not_in_float_form():
    import pytest

    from core.inputs.numbers import parse_seed

    with pytest.raises(ValueError, match=r"; 99999999999999999999 is not\.$"):
        parse_seed("99999999999999999999")
    with pytest.raises(ValueError, match=r"; 4294967296 is not\.$"):  # one past the largest: exact, no rounding
        parse_seed("4294967296")
    assert parse_seed("4,294,967,295") == 4_294_967_295
