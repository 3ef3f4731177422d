import pytest

from core.ethics.bias_probe import ProbeConfig, first_pronoun, probe_figure, probe_pronouns


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
