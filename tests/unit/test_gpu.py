"""The GPU work of each tab is marked for ZeroGPU and, off a ZeroGPU Space, runs on the CPU unchanged."""

import pytest

from core.gpu import GPU_SECONDS, gpu_work, on_zero_gpu


def gpu_functions():
    from core.art.generator import denoise
    from core.forensics.detector import hub_ai_probability
    from core.molecules.sampling import sample_token_ids
    from core.tabular.neural import fit_model
    from core.text.local_writer import generate

    return {"art": denoise, "writing": generate, "molecules": sample_token_ids, "detector": hub_ai_probability,
            "training": fit_model}


def test_each_tabs_gpu_work_asks_for_its_duration_and_is_left_as_it_is_off_zero_gpu():
    assert not on_zero_gpu()
    for kind, function in gpu_functions().items():
        assert function.gpu_seconds == GPU_SECONDS[kind]
        assert not hasattr(function, "zerogpu")  # what spaces.GPU adds on a ZeroGPU Space


def test_marked_functions_still_run_on_the_cpu(tiny_pixel_art_dir):
    import torch

    from core.art.generator import Painter, denoise

    painter = Painter.load(tiny_pixel_art_dir, "embedded")
    pictures = denoise(painter.pipeline, {"prompt": "a castle at night", "num_inference_steps": 2,
                                          "generator": torch.Generator().manual_seed(0)})
    assert len(pictures) == 1 and pictures[0].size == (32, 32)

    @gpu_work("molecules")
    def doubled(x):
        return 2 * x

    assert doubled(21) == 42


@pytest.mark.parametrize("zero_gpu, jobs, runner", [("", "", "processes"), ("true", "", "inline"),
                                                    ("true", "processes", "processes")])
def test_jobs_run_in_the_app_process_on_zero_gpu(monkeypatch, zero_gpu, jobs, runner):
    from core.jobs import runner_kind

    monkeypatch.setenv("SPACES_ZERO_GPU", zero_gpu)
    monkeypatch.setenv("GENLAB_JOBS", jobs)
    assert runner_kind() == runner
