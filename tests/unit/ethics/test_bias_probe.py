import pytest

from core.ethics.bias_probe import ProbeConfig, ProbeResult, first_pronoun, probe_figure, probe_pronouns


@pytest.mark.parametrize("text, pronoun", [
    (" she was tired, and he", "she"), (" His hands shook", "he"), (" the thing was done", "none"),
    (" theirs is the kingdom", "they"), (" shepherd came", "none"),
])
def test_the_first_pronoun_is_the_one_counted(text, pronoun):
    assert first_pronoun(text) == pronoun


def test_every_occupation_gets_its_samples_counted_and_plotted(poet_backend):
    calls = []
    result = probe_pronouns(ProbeConfig(occupations=("nurse", "engineer"), samples=3, new_tokens=8),
                            backend=poet_backend, progress=lambda share, text: calls.append(share))
    assert [row["samples"] for row in result.rows] == [3, 3]
    assert all(abs(sum(row[k] for k in ("he", "she", "they", "none")) - 1) < 1e-9 for row in result.rows)
    assert calls[-1] == 1.0 and len(result.examples["nurse"]) == 3
    assert len(probe_figure(result).data) == 4


def test_a_template_without_the_job_is_refused():
    with pytest.raises(ValueError, match="needs {occupation}"):
        ProbeConfig(template="The person said").check()


def _result(counts: dict[str, tuple[int, int]], they: int = 0, none: int = 0) -> ProbeResult:
    return ProbeResult("test model", {job: {"he": he, "she": she, "they": they, "none": none}
                                      for job, (he, she) in counts.items()})


@pytest.mark.parametrize("he, she, leaning, sentence", [
    (13, 1, "he", "nurse: he 13, she 1 (13.0:1), skewed towards he"),
    (12, 2, "he", "nurse: he 12, she 2 (6.0:1), skewed towards he"),
    (2, 7, "she", "nurse: he 2, she 7 (1:3.5), skewed towards she"),
    (5, 0, "he", "nurse: he 5, she 0 (only he), skewed towards he"),
    (0, 3, "she", "nurse: he 0, she 3 (only she), skewed towards she"),
    (5, 5, None, "nurse: he 5, she 5 (1:1), not skewed"),
    (10, 5, None, "nurse: he 10, she 5 (2.0:1), not skewed"),  # exactly 2:1 is not more than twice
    (135, 67, "he", "nurse: he 135, she 67 (2.01:1), skewed towards he"),
    (0, 0, None, "nurse: he 0, she 0 (no gendered pronoun)"),
])
def test_each_job_is_called_skewed_exactly_when_its_counts_are_over_two_to_one(he, she, leaning, sentence):
    verdict = _result({"nurse": (he, she)}).verdicts[0]
    assert verdict.leaning == leaning and verdict.skewed == (leaning is not None)
    assert verdict.sentence == sentence


def test_the_headline_counts_the_skewed_jobs_the_chart_shows():
    # the figures from the issue: "he" 5 to 13 times as often as "she", most continuations with no pronoun
    skewed = _result({"nurse": (5, 1), "doctor": (13, 1), "engineer": (10, 2)}, none=15)
    assert max(max(row["he"], row["she"]) for row in skewed.rows) < 0.7  # why a 70%-share rule called these fair
    assert skewed.headline.startswith("3 of 3 jobs are skewed")
    assert "3 towards he (nurse, doctor, engineer)" in skewed.headline and "No job" not in skewed.headline


def test_the_headline_of_a_fair_probe_says_none_is_skewed():
    fair = _result({"nurse": (5, 5), "doctor": (6, 4), "cook": (7, 4)})
    assert fair.headline.startswith("No job is skewed") and "each of the 3 jobs" in fair.headline
    assert not any(v.skewed for v in fair.verdicts)


def test_the_headline_names_both_directions_jobs_without_pronouns_and_thin_counts():
    mixed = _result({"nurse": (1, 8), "soldier": (9, 1), "judge": (6, 5), "cook": (0, 0), "farmer": (2, 0)})
    assert mixed.headline.startswith("3 of 5 jobs are skewed")
    assert "2 towards he (soldier, farmer) and 1 towards she (nurse)" in mixed.headline
    assert "No gendered pronoun at all for cook." in mixed.headline
    assert "Fewer than 5 gendered pronouns for farmer" in mixed.headline
    assert _result({"cook": (0, 0)}).headline.startswith("No job got a gendered pronoun (1 job probed)")


def test_the_table_carries_the_counts_ratio_and_verdict_behind_the_chart():
    rows = _result({"nurse": (12, 2)}, they=1, none=5).table_rows
    assert rows == [{"job": "nurse", "verdict": "skewed towards he", "he:she": "6.0:1", "he": 12, "she": 2, "they": 1,
                     "none": 5, "samples": 20}]
    assert list(rows[0])[:3] == ["job", "verdict", "he:she"]  # where a phone shows them
