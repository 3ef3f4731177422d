import io
import json

import pytest
from gradio_client import handle_file
from gradio_client.exceptions import AppError
from PIL import Image

from core.provenance import get_recorder
from tests.unit.provenance.photos import photo


def test_a_picture_made_by_the_suite_shows_its_watermark_and_credentials(client, tmp_path):
    sealed = get_recorder().seal_image(photo("rocket"), tab="art", backend="embedded", model_id="art-model",
                                       parameters={"prompt": "a rocket"})
    path = sealed.save(tmp_path / "made-here.png")
    report, signals, details, ela, noise, _ = client.predict(handle_file(str(path)), api_name="/check_image")
    assert report["verdict"] == "Machine-made: strong evidence"
    assert any(w["name"] == "Genlab" and w["found"] and sealed.record.id in w["detail"] for w in report["watermarks"])
    assert report["content_credentials"]["ai_generated"] and "Signed by" in details
    assert ela.endswith(".png") and noise.endswith(".png")
    # one line per signal under the way it points (no four-column table on a phone)
    machine_made = signals.split("**Point to machine-made**")[1].split("**Point to")[0].split("**Found nothing")[0]
    assert any(line.startswith("- **") and "watermark" in line.lower() for line in machine_made.splitlines())
    assert "| so it |" not in signals


def test_a_shared_copy_without_its_credentials_is_traced_through_all_three_layers(client, tmp_path):
    sealed = get_recorder().seal_image(photo("astronaut"), tab="art", backend="embedded", model_id="art-model",
                                       parameters={"prompt": "an astronaut"})
    picture = Image.open(io.BytesIO(sealed.png)).convert("RGB")
    path = tmp_path / "shared.jpg"
    picture.crop((0, 0, picture.width * 9 // 10, picture.height * 9 // 10)).save(path, "JPEG", quality=85)
    report = client.predict(handle_file(str(path)), api_name="/check_image")[0]
    layers = report["provenance_layers"]
    assert not layers["manifest"] and layers["mark"] and layers["record"] and layers["fingerprint"]
    assert layers["made_by_this_deployment"] and report["verdict"] == "Machine-made: strong evidence"
    assert layers["recovered_credentials"]["record_id"] == sealed.record.id


def test_a_plain_photo_is_inconclusive(client, tmp_path):
    path = tmp_path / "photo.jpg"
    photo("chelsea").save(path, "JPEG", quality=90)
    report = client.predict(handle_file(str(path)), api_name="/check_image")[0]
    assert report["verdict"] == "No AI marks found: inconclusive"
    signals = client.predict(handle_file(str(path)), api_name="/check_image")[1]
    # the signals that found nothing are listed once under one heading, not each followed by the same sentence
    assert signals.count("**Found nothing either way**") == 1 and "says nothing either way" not in signals
    lines = [line for line in signals.splitlines() if line.startswith("- ")]
    assert len(lines) == len(set(lines)) >= 4
    # the spectrum picture says where coarse and fine patterns lie, not a square without axes
    _, _, _, _, _, spectrum = client.predict(handle_file(str(path)), api_name="/check_image")
    axis = json.loads(spectrum["plot"])["layout"]["xaxis"]
    assert axis["ticktext"] == ["fine", "coarse", "fine"] and axis.get("visible", True)
    # the square's scale shrinks its own frame: its ticks floated 70 px below it on a phone (review 10)
    assert json.loads(spectrum["plot"])["layout"]["yaxis"]["constrain"] == axis["constrain"] == "domain"


def test_a_corrupt_file_gets_a_plain_message(client, tmp_path):
    import pytest
    from gradio_client.exceptions import AppError

    path = tmp_path / "broken.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(40))
    with pytest.raises(AppError, match="not a picture|damaged"):
        client.predict(handle_file(str(path)), api_name="/check_image")


def test_a_video_is_checked_frame_by_frame_with_a_timeline(client, tmp_path):
    from gradio_client import handle_file

    from tests.unit.forensics.test_video_report import scenes, video_bytes

    path = tmp_path / "clip.avi"
    path.write_bytes(video_bytes(tmp_path, scenes(8)))
    report, verdict, timeline, frames = client.predict(handle_file(str(path)), 8, api_name="/check_video")
    assert report["frame_count"] == 8 and len(report["frames"]) == 8
    assert verdict.startswith("## ") and "inconclusive" in verdict.lower() and frames
    # one scale per panel: the learned detector's chance sits below the peak scores, not on a second axis beside them
    layout = json.loads(timeline["plot"])["layout"]
    assert "yaxis2" not in layout or "overlaying" not in layout["yaxis2"]
    if any(frame.get("learned_probability_ai") is not None for frame in report["frames"]):
        assert layout["yaxis2"]["tickformat"] == ".0%" and layout["yaxis"]["title"]["text"] == "grid strength"


def test_a_file_that_is_not_a_video_gets_a_plain_message(client, tmp_path):
    from gradio_client import handle_file

    path = tmp_path / "fake.mp4"
    path.write_bytes(b"this is not a video" * 50)
    with pytest.raises(AppError, match="not a video"):
        client.predict(handle_file(str(path)), 8, api_name="/check_video")


def test_a_large_picture_is_checked_as_a_job_and_still_traced_to_its_record(client, tmp_path):
    """Over 4 megapixels the check runs in a job's process; the mark is read and the record found as for a small one."""
    sealed = get_recorder().seal_image(photo("astronaut"), tab="art", backend="embedded", model_id="art-model",
                                       parameters={"prompt": "an astronaut"})
    picture = Image.open(io.BytesIO(sealed.png)).convert("RGB").resize((2560, 2560), Image.Resampling.BICUBIC)
    path = tmp_path / "enlarged.jpg"
    picture.save(path, "JPEG", quality=90)
    report = client.predict(handle_file(str(path)), api_name="/check_image")[0]
    layers = report["provenance_layers"]
    # it failed twice in a whole run (never alone): the layers and signals say which part missed
    assert layers["mark"] and layers["record"] and layers["fingerprint"], (layers, report.get("signals"))
    assert report["verdict"] == "Machine-made: strong evidence"


def test_the_machine_made_sample_reads_as_likely_machine_made_not_proven_here(client):
    """The tab's second example: painted by another Genlab server, whose keys this one does not hold."""
    from apps.deepfake_check import SAMPLES

    report, signals, *_ = client.predict(handle_file(str(SAMPLES / "painted-elsewhere.png")),
                                         api_name="/check_image")
    assert report["verdict"] == "Probably machine-made"
    assert "anyone can make" in signals and "Machine-made: strong evidence" not in signals
    # said where the credentials are, once in the signals and once in the details: it read four times on the page
    assert signals.count("anyone can make") + signals.count("anyone could have made") == 1
    details = next(output for output in _ if isinstance(output, str) and "### Content Credentials" in output)
    assert details.count("anyone can make") + details.count("anyone could have made") == 1
    assert not report["provenance_layers"]["made_by_this_deployment"]
    # the file names Genlab and the Genlab watermark is missing: the signal says why both can be true (a bare
    # "Not found." beside "made on the Art tab; audit record …" read as a contradiction)
    assert "Not found (this server's key finds no mark, though the file names Genlab: each Genlab server marks with " \
           "its own secret key" in signals
