"""The learned detector: its crops, its ONNX export, its Hub backend, and its place in the report."""

import io

import numpy as np
import pytest
import torch
from PIL import Image

from core.forensics.detector import (CROP, HubDetector, OnnxDetector, ai_label_index, analysis_crops, detect,
                                     probability_from_logits)
from core.forensics.detector_data import HELD_OUT_PHOTOGRAPHS, real_photographs, split_photographs
from core.forensics.detector_train import TrainingConfig, save_detector, train_network
from core.forensics.image_report import WEAK, check_image
from tests.unit.provenance.photos import photo


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def tiny_detector(tmp_path_factory):
    """A detector trained for a few steps on random crops, saved and exported like the real one."""
    rng = np.random.default_rng(0)
    crops = rng.random((64, 3, CROP, CROP), dtype=np.float32)
    labels = (np.arange(64) % 2).astype(np.float32)
    network = train_network(crops, labels, TrainingConfig(steps=5, batch_size=8))
    folder = tmp_path_factory.mktemp("detector")
    save_detector(network, folder, ["random crops"])
    return network, folder


def test_crops_cover_the_picture_at_its_own_resolution():
    image = Image.fromarray(np.arange(300 * 200 * 3, dtype=np.uint8).reshape(200, 300, 3) % 251)
    crops = analysis_crops(image)
    assert crops.shape == (16, 3, CROP, CROP) and crops.dtype == np.float32
    assert np.allclose(crops[0], np.asarray(image, np.float32)[:CROP, :CROP].transpose(2, 0, 1) / 255)
    assert np.allclose(crops[-1], np.asarray(image, np.float32)[-CROP:, -CROP:].transpose(2, 0, 1) / 255)


def test_a_picture_smaller_than_a_crop_is_enlarged_by_whole_pixels():
    crops = analysis_crops(Image.new("RGB", (20, 40), (10, 200, 30)))
    assert crops.shape[1:] == (3, CROP, CROP)
    assert np.allclose(crops[:, 1], 200 / 255)


def test_onnx_runtime_gives_what_pytorch_gives(tiny_detector):
    network, folder = tiny_detector
    crops = analysis_crops(photo("astronaut"))
    with torch.inference_mode():
        expected = network(torch.from_numpy(crops)).numpy()
    detector = OnnxDetector(folder)
    assert np.allclose(detector.logits(crops), expected, atol=1e-4)
    assert detector.logits(crops[:3]).shape == (3,)  # any number of crops
    probability, count = detector(photo("astronaut"))
    assert probability == pytest.approx(probability_from_logits(expected), abs=1e-5) and count == 16


def test_the_report_counts_the_detector_as_a_weak_signal_only(tiny_detector):
    report = check_image(png(photo("coffee")), detector=OnnxDetector(tiny_detector[1]))
    signal = next(s for s in report.signals if s.name == "Learned detector")
    assert signal.strength == WEAK and "%" in signal.finding
    assert report.verdict != "Machine-made: strong evidence"
    assert 0.0 <= report.to_dict()["learned_detector"]["probability_ai"] <= 1.0


def test_without_an_installed_detector_the_report_still_works(tmp_path, monkeypatch):
    from core.settings import reset_settings

    (tmp_path / "empty-detector").mkdir()
    monkeypatch.setenv("GENLAB_DEEPFAKE_CHECK_MODEL", str(tmp_path / "empty-detector"))
    reset_settings()
    try:
        assert detect(photo("coffee")) is None
        report = check_image(png(photo("coffee")))
        assert report.learned is None and all(s.name != "Learned detector" for s in report.signals)
    finally:
        monkeypatch.delenv("GENLAB_DEEPFAKE_CHECK_MODEL")
        reset_settings()


@pytest.mark.parametrize("labels, expected", [
    ({0: "human", 1: "artificial"}, 1), ({0: "FAKE", 1: "REAL"}, 0), ({0: "real", 1: "ai_generated"}, 1),
    ({0: "Realism", 1: "Deepfake"}, 1), ({"0": "photo", "1": "other"}, 1),
])
def test_the_label_that_means_machine_made_is_found(labels, expected):
    assert ai_label_index(labels) == expected


def test_labels_that_say_nothing_get_a_clear_message():
    with pytest.raises(ValueError, match="do not say which one means"):
        ai_label_index({0: "LABEL_0", 1: "LABEL_1"})


def test_a_hub_image_classifier_loads_with_from_pretrained_and_scores_a_picture(tmp_path):
    from transformers import ViTConfig, ViTForImageClassification, ViTImageProcessor

    config = ViTConfig(image_size=32, patch_size=8, hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                       intermediate_size=32, num_labels=2, id2label={0: "human", 1: "artificial"},
                       label2id={"human": 0, "artificial": 1})
    ViTForImageClassification(config).save_pretrained(tmp_path)
    ViTImageProcessor(size={"height": 32, "width": 32}).save_pretrained(tmp_path)
    detector = HubDetector(str(tmp_path))
    finding = detect(photo("chelsea"), detector)
    assert finding.backend == "hub" and 0.0 <= finding.probability_ai <= 1.0
    report = check_image(png(photo("chelsea")), detector=detector)
    assert any(s.name == "Learned detector" for s in report.signals)


def test_the_held_out_photographs_are_never_trained_on():
    photographs = real_photographs()
    training, held_out = split_photographs(photographs)
    assert len(photographs) >= 20 and set(held_out) == set(HELD_OUT_PHOTOGRAPHS)
    assert not set(training) & set(held_out)


def test_each_video_frame_gets_the_detectors_score(tiny_detector, tmp_path, monkeypatch):
    from core.forensics.video_report import check_video
    from core.settings import reset_settings
    from tests.unit.forensics.test_video_report import scenes, video_bytes

    monkeypatch.setenv("GENLAB_DEEPFAKE_CHECK_MODEL", str(tiny_detector[1]))
    reset_settings()
    try:
        report = check_video(video_bytes(tmp_path, scenes(4)), frames=4)
    finally:
        monkeypatch.delenv("GENLAB_DEEPFAKE_CHECK_MODEL")
        reset_settings()
    assert all(0.0 <= frame.learned_probability_ai <= 1.0 for frame in report.frames)
    assert report.verdict != "Machine-made frames: strong evidence"


def test_the_shipped_detector_says_what_it_learned_from_in_plain_words():
    import json
    from pathlib import Path

    from core.forensics.detector import plain_training_words

    recorded = json.loads(Path("assets/models/ai-image-detector/config.json").read_text())["trained_on"]
    said = plain_training_words(recorded)
    assert said.startswith("real photographs and machine-made pictures (")
    assert "scikit" not in said and "re-syntheses" not in said and "procedural" not in said
    assert plain_training_words("the pictures its authors trained it on") == "the pictures its authors trained it on"
