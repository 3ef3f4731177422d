import pytest

from core.training import warmup_cosine


def test_the_schedule_warms_up_peaks_and_decays_to_its_floor():
    assert warmup_cosine(0, 1.0, 10, 110, floor=0.1) == pytest.approx(0.1)
    assert warmup_cosine(9, 1.0, 10, 110, floor=0.1) == pytest.approx(1.0)
    assert warmup_cosine(60, 1.0, 10, 110, floor=0.1) == pytest.approx(0.55)
    assert warmup_cosine(110, 1.0, 10, 110, floor=0.1) == pytest.approx(0.1)
    assert warmup_cosine(500, 1.0, 10, 110, floor=0.05) == pytest.approx(0.05)
