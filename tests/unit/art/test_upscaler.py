import shutil

import pytest


def test_an_untrained_upscaler_enlarges_by_whole_pixels():
    import torch

    from core.art.upscaler import PixelUpscaler

    pixels = torch.rand(2, 3, 32, 32) * 2 - 1
    enlarged = PixelUpscaler(channels=8, blocks=1)(pixels)
    assert enlarged.shape == (2, 3, 64, 64)
    assert torch.equal(enlarged[:, :, ::2, ::2], pixels) and torch.equal(enlarged[:, :, 1::2, 1::2], pixels)


def test_training_pairs_are_a_render_and_every_other_pixel_of_it():
    import numpy as np

    from core.art.scenes import render_scene
    from core.art.train import training_scenes
    from core.art.upscaler import pairs

    small, large = pairs(3, seed=4)
    scene = training_scenes(3, 4, subjects=0.5)[0]
    assert small.shape == (3, 3, 32, 32) and large.shape == (3, 3, 64, 64)
    expected = np.asarray(render_scene(scene, 32), dtype=np.float32) / 127.5 - 1
    assert np.allclose(small[0].permute(1, 2, 0).numpy(), expected)


@pytest.mark.parametrize("image_to_image", [False, True])
def test_a_pipeline_with_the_upscaler_saves_loads_and_paints_twice_as_large(tiny_pixel_art_dir, tmp_path,
                                                                            image_to_image):
    import torch
    from PIL import Image

    from core.art.components import picture_sizes
    from core.art.pipeline import PixelArtPipeline
    from core.art.upscaler import PixelUpscaler, add_to_pipeline

    folder = tmp_path / "painter"
    shutil.copytree(tiny_pixel_art_dir, folder)
    assert PixelArtPipeline.from_pretrained(folder).output_size == 32 and picture_sizes(folder) == (32, 32)
    add_to_pipeline(PixelUpscaler(channels=8, blocks=1), folder, {"mean_absolute_error": 1.0})
    assert picture_sizes(folder) == (32, 64)  # what the Art tab says, read without loading the model
    pipeline = PixelArtPipeline.from_pretrained(folder)
    pipeline.set_progress_bar_config(disable=True)
    assert isinstance(pipeline.upscaler, PixelUpscaler) and pipeline.output_size == 64
    start = {"image": Image.new("RGB", (64, 64), "navy"), "strength": 0.5} if image_to_image else {}
    images = pipeline("a castle at night", num_inference_steps=2, generator=torch.Generator().manual_seed(0),
                      **start).images
    assert images[0].size == (64, 64)
    assert (folder / "upscaler" / "training.json").exists()


def test_the_training_command_saves_an_upscaler_the_pipeline_loads(tiny_pixel_art_dir, tmp_path):
    import json
    import subprocess
    import sys
    from pathlib import Path

    from core.art.pipeline import PixelArtPipeline
    from core.art.upscaler import PixelUpscaler

    folder = tmp_path / "painter"
    shutil.copytree(tiny_pixel_art_dir, folder)
    root = Path(__file__).resolve().parents[3]
    subprocess.run([sys.executable, "-m", "core.art.upscaler", "--model", str(folder), "--renders", "16", "--steps",
                    "2", "--batch-size", "4", "--channels", "8", "--blocks", "1", "--threads", "1"],
                   cwd=root, check=True, capture_output=True)
    assert json.loads((folder / "model_index.json").read_text())["upscaler"] == ["core.art.upscaler", "PixelUpscaler"]
    assert isinstance(PixelArtPipeline.from_pretrained(folder).upscaler, PixelUpscaler)
    # and in a fresh process that never imported the upscaler's module, as the app loads the shipped painter
    loaded = subprocess.run([sys.executable, "-c", "from core.art.pipeline import PixelArtPipeline; "
                             f"print(type(PixelArtPipeline.from_pretrained({str(folder)!r}).upscaler).__name__)"],
                            cwd=root, capture_output=True, text=True)
    assert loaded.stdout.strip() == "PixelUpscaler", loaded.stderr[-500:]
