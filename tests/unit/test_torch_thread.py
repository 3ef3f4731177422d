"""The tabs' models all run on one thread, whichever thread asks (Gradio answers on a pool of threads).

A second thread running PyTorch made every later picture about twice as slow (bench/torch_threads.py), so
painting, writing, sampling molecules and reading a text's watermark must each run on the same one thread.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from core import torch_thread


@pytest.fixture
def forward_threads(monkeypatch):
    """The names of the threads on which any torch module ran forward during the test."""
    import torch

    names: set[str] = set()
    original = torch.nn.Module.__call__

    def recording_call(module, *args, **kwargs):
        names.add(threading.current_thread().name)
        return original(module, *args, **kwargs)

    monkeypatch.setattr(torch.nn.Module, "__call__", recording_call)
    return names


def test_painting_writing_sampling_and_checking_text_share_one_thread(
        forward_threads, tiny_pixel_art_dir, poet_backend, poet_dir, tiny_generator_path):
    from core.art.generator import ArtRequest, Painter, paint
    from core.forensics.text_report import check_text
    from core.molecules.generator import MoleculeGenerator
    from core.text.modes import WritingRequest
    from core.text.sampling import SamplingSettings
    from core.text.writer import write

    def paint_once():
        list(paint(ArtRequest(prompt="a castle at night", seed=1, steps=2), Painter.load(tiny_pixel_art_dir,
                                                                                           "embedded")))

    def write_once():
        list(write(WritingRequest(mode="Poem", theme="the sea", form="Quatrain"),
                   SamplingSettings(seed=1, max_new_tokens=8, watermark=False), backend=poet_backend))

    def sample_once():
        MoleculeGenerator.load(tiny_generator_path).sample_smiles(4, seed=1)

    def check_once():
        check_text("The sea is calm tonight, the tide is full.", writer=poet_backend.writer, key=7)

    # A fresh caller thread for each, as Gradio's pool would use.
    for job in (paint_once, write_once, sample_once, check_once):
        with ThreadPoolExecutor(1) as caller:
            caller.submit(job).result()
    assert forward_threads == {torch_thread.THREAD_NAME + "_0"}


def test_work_on_the_torch_thread_can_ask_for_more_work_there():
    assert torch_thread.run(lambda: torch_thread.run(lambda: threading.current_thread().name)).startswith(
        torch_thread.THREAD_NAME)


def test_a_long_job_reports_its_error_to_the_caller():
    def fails():
        raise ValueError("the table has no rows")

    with pytest.raises(ValueError, match="no rows"):
        torch_thread.run_alone(fails)
