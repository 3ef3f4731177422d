import pytest

from core.training import warmup_cosine


def test_the_schedule_warms_up_peaks_and_decays_to_its_floor():
    assert warmup_cosine(0, 1.0, 10, 110, floor=0.1) == pytest.approx(0.1)
    assert warmup_cosine(9, 1.0, 10, 110, floor=0.1) == pytest.approx(1.0)
    assert warmup_cosine(60, 1.0, 10, 110, floor=0.1) == pytest.approx(0.55)
    assert warmup_cosine(110, 1.0, 10, 110, floor=0.1) == pytest.approx(0.1)
    assert warmup_cosine(500, 1.0, 10, 110, floor=0.05) == pytest.approx(0.05)


def test_a_checkpoint_replaces_the_last_one_whole(tmp_path):
    from core.training import read_checkpoint, write_checkpoint

    write_checkpoint(tmp_path, {"step": 500})
    write_checkpoint(tmp_path, {"step": 1000})
    assert read_checkpoint(tmp_path)["step"] == 1000
    assert [path.name for path in tmp_path.iterdir()] == ["checkpoint.pt"]
