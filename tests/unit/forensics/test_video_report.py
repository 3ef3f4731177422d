import io
import random

import numpy as np
import pytest
from PIL import Image

from core.art.scenes import render_scene, sample_scene
from core.forensics.video_report import check_video
from core.provenance import ProvenanceRecorder
from core.provenance.watermark import embed_watermark
from core.secrets import secret


def video_bytes(tmp_path, frames: list[Image.Image], fourcc: str = "MJPG") -> bytes:
    import cv2

    path = tmp_path / "clip.avi"
    width, height = frames[0].size
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*fourcc), 10, (width, height))
    for frame in frames:
        writer.write(cv2.cvtColor(np.asarray(frame.convert("RGB")), cv2.COLOR_RGB2BGR))
    writer.release()
    return path.read_bytes()


def scenes(count: int) -> list[Image.Image]:
    rng = random.Random(4)
    return [render_scene(sample_scene(rng)).resize((320, 320), Image.Resampling.BICUBIC) for _ in range(count)]


def test_frames_carrying_our_watermark_are_found_with_their_record(tmp_path):
    recorder = ProvenanceRecorder(tmp_path / "data")
    sealed = [recorder.seal_image(frame, tab="art", backend="embedded", model_id="frames", parameters={})
              for frame in scenes(6)]
    marked = [Image.open(io.BytesIO(picture.png)).convert("RGB") for picture in sealed]
    video = video_bytes(tmp_path, marked, fourcc="FFV1")  # lossless: the marks survive
    report = check_video(video, frames=6, store=recorder.store)
    assert report.verdict == "Machine-made frames: strong evidence"
    assert any(f.genlab_watermark and sealed[0].record.id in f.genlab_watermark for f in report.frames)
    assert report.frame_count == 6 and len(report.frames) == 6 and report.thumbnails


def test_frames_with_our_mark_but_no_record_to_check_are_not_strong_evidence(tmp_path):
    key = secret("image-watermark", tmp_path / "data")
    marked = [embed_watermark(frame, "01234567", key) for frame in scenes(6)]
    report = check_video(video_bytes(tmp_path, marked, fourcc="FFV1"), frames=6,
                         store=ProvenanceRecorder(tmp_path / "data").store)
    assert report.verdict != "Machine-made frames: strong evidence"
    assert not any(f.genlab_watermark for f in report.frames)


def test_plain_frames_are_inconclusive_not_declared_real(tmp_path):
    report = check_video(video_bytes(tmp_path, scenes(5)), frames=4)
    assert report.verdict in ("No AI marks found: inconclusive", "Inconclusive: weak hints only")
    assert len(report.frames) == 4 and all(f.seconds >= 0 for f in report.frames)
    # in the tab's words: "enlarging", with the technical word after it, not "upsampling traces" alone
    said = " ".join(report.summary_lines)
    assert "upsampling" not in said.replace("(upsampling)", "")
    assert report.verdict != "No AI marks found: inconclusive" or "no traces of enlarging (upsampling)" in said


@pytest.mark.parametrize("data, message", [(b"", "empty"), (b"not a video at all" * 100, "not a video")])
def test_broken_videos_get_a_plain_message(data, message):
    with pytest.raises(ValueError, match=message):
        check_video(data)


def test_faces_are_found_and_checked_on_their_own(tmp_path):
    from skimage import data

    astronaut = Image.fromarray(data.astronaut())
    report = check_video(video_bytes(tmp_path, [astronaut] * 3), frames=3)
    assert report.faces_checked and all(f.faces >= 1 and f.face_peak_score is not None for f in report.frames)
