import pytest

from core.forensics.text_report import check_text
from core.text.modes import WritingRequest
from core.text.sampling import SamplingSettings
from core.text.writer import write


def written(backend, watermark: bool) -> str:
    settings = SamplingSettings(seed=1, max_new_tokens=120, temperature=1.0, top_k=0, top_p=1.0,
                                repetition_penalty=1.0, watermark=watermark)
    return list(write(WritingRequest(mode="Continue a text", text="O"), settings, backend=backend))[-1].written


def test_text_from_the_writing_tab_is_recognised_with_its_green_tokens_marked(clean_poet_backend):
    report = check_text(written(clean_poet_backend, True), writer=clean_poet_backend.writer)
    assert report.watermark.detected and report.verdict.startswith("Written by this site")
    greens = [mark.green for mark in report.marks if mark.green is not None]
    assert sum(greens) / len(greens) > 0.5
    assert report.perplexity is not None and "weak signal" in report.summary_lines[-1].lower()
    # the figure comes with a scale: the same model's on a person's text, measured too
    assert report.passage_perplexity is not None
    assert (f"(its perplexity): {report.perplexity:.0f}, as unsure on average as if picking among "
            f"{report.perplexity:.0f} equally likely word pieces; for scale, the opening of Pride and Prejudice, "
            f"written by a person, scores {report.passage_perplexity:.0f}.") in report.summary_lines[-1]
    assert report.to_dict()["perplexity_of_a_human_passage"] == round(report.passage_perplexity, 1)
    # the passage itself is not compared with itself ("205 … for scale, the opening of Pride and Prejudice … 205")
    from core.forensics.text_report import HUMAN_PASSAGE

    itself = check_text(HUMAN_PASSAGE, writer=clean_poet_backend.writer).summary_lines
    assert "This text is the opening of Pride and Prejudice" in " ".join(itself) and "for scale, the opening" not in \
        " ".join(itself)
    # review 12: "the poet" was never introduced on this tab, and "on the mark's secret list" beside a page and a
    # legend that call those word pieces green
    assert "How surprised the Writing tab's model is" in " ".join(itself) and "check another text to see its figure " \
        "beside this one" in " ".join(itself)
    assert "are green (on the list the watermark's secret key picks)" in itself[0]


def test_unmarked_text_is_not_called_human_only_unmarked(clean_poet_backend):
    report = check_text(written(clean_poet_backend, False), writer=clean_poet_backend.writer)
    assert not report.watermark.detected and report.verdict == "This site's watermark was not found"
    assert any("not proof of a human author" in line for line in report.summary_lines)


def test_a_short_text_is_inconclusive(clean_poet_backend):
    assert check_text("Shall I", writer=clean_poet_backend.writer).verdict.startswith("Inconclusive")


@pytest.mark.parametrize("text, message", [("   ", "Paste the text"), ("x" * 20_001, "at most 20,000")])
def test_empty_or_huge_text_gets_a_plain_message(clean_poet_backend, text, message):
    with pytest.raises(ValueError, match=message):
        check_text(text, writer=clean_poet_backend.writer)


def test_the_marked_pieces_are_the_ones_the_figure_counts(clean_poet_backend):
    """The test counts a pair of pieces once: a strip of 92 marks stood beside "89 word pieces"."""
    text = "The sea, the sea, the sea is calling me home across the water. " * 3
    report = check_text(text, writer=clean_poet_backend.writer)
    marked = [mark.green for mark in report.marks if mark.green is not None]
    assert len(marked) == report.watermark.tokens_scored < len(report.marks) - 1
    assert round(sum(marked) / len(marked), 6) == round(report.watermark.green_fraction, 6)
