"""About's 'What is kept, and where' is true of the running code: how long files stay, how big a fingerprint is."""

from apps.about import kept_markdown, suite_info
from apps.ui import DELETE_CACHE
from core.inputs.scratch import MAX_AGE_S
from core.provenance.fingerprint import BITS


def test_the_temporary_files_and_fingerprints_are_described_as_they_are():
    text = kept_markdown(suite_info())
    hours = DELETE_CACHE[1] // 3600
    assert MAX_AGE_S == DELETE_CACHE[1]  # our folders and Gradio's cache go at the same age
    assert f"for up to {hours} hours, then they are deleted" in text and "until the operator clears" not in text
    assert f"({BITS} bits each" in text
