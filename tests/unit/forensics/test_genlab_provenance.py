"""Our provenance checked three ways (mark, record, fingerprint), forged twice, and recovered after sharing."""

import io

import pytest
from PIL import Image

from core.forensics.image_report import check_image
from core.provenance import ProvenanceRecorder
from core.provenance.fingerprint import MATCH_DISTANCE, distance, fingerprint, fingerprints
from core.provenance.unkeyed_watermark import embed_watermark as embed_unkeyed
from core.provenance.watermark import embed_watermark
from core.secrets import secret
from tests.unit.provenance.photos import photo

STRONG = "Machine-made: strong evidence"


def encode(image: Image.Image, format: str = "PNG", **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format, **options)
    return buffer.getvalue()


@pytest.fixture
def sealed(tmp_path):
    recorder = ProvenanceRecorder(tmp_path)
    picture = recorder.seal_image(photo("astronaut"), tab="art", backend="embedded", model_id="art-model",
                                  parameters={"prompt": "an astronaut"})
    return recorder, picture


def test_a_photograph_stamped_with_a_public_record_id_the_old_way_is_not_ours(sealed):
    recorder, picture = sealed
    record_id = picture.record.id  # the audit log shows every record id
    forged = embed_unkeyed(photo("coffee"), record_id)  # the mark Genlab used to make, no key needed
    report = check_image(encode(forged), recorder.store)
    assert report.verdict != STRONG
    genlab = report.genlab
    assert not genlab.found and genlab.unkeyed_record_id == record_id and "proves nothing" in genlab.detail
    layers = report.to_dict()["provenance_layers"]
    assert not layers["mark"] and not layers["made_by_this_deployment"]


def test_a_real_mark_copied_onto_a_photograph_is_reported_as_copied_not_ours(sealed, tmp_path):
    recorder, picture = sealed
    # The strongest copy there is: the same mark, made with our own key, for a record whose picture is different.
    key = secret("image-watermark", tmp_path)
    copied = embed_watermark(photo("coffee"), picture.record.mark_locator, key)
    report = check_image(encode(copied, "JPEG", quality=90), recorder.store)
    assert report.verdict != STRONG
    layers = report.to_dict()["provenance_layers"]
    assert layers["mark"] and layers["record"] and layers["record_id"] == picture.record.id
    assert not layers["fingerprint"] and layers["fingerprint_distance"] > MATCH_DISTANCE
    assert not layers["made_by_this_deployment"] and layers["recovered_credentials"] is None
    signal = next(s for s in report.signals if s.name == "Genlab watermark")
    assert signal.strength == "weak" and signal.points_to_ai is None and "copied" in signal.finding


def test_a_mark_whose_record_is_not_in_the_audit_log_is_not_ours(sealed, tmp_path):
    recorder, _ = sealed
    stray = embed_watermark(photo("chelsea"), "0badc0de", secret("image-watermark", tmp_path))
    report = check_image(encode(stray), recorder.store)
    layers = report.to_dict()["provenance_layers"]
    assert layers["mark"] and not layers["record"] and not layers["made_by_this_deployment"]
    assert report.verdict != STRONG and "no record in this audit log" in report.genlab.detail


def test_a_picture_made_here_is_ours_on_all_three_layers(sealed):
    recorder, picture = sealed
    report = check_image(picture.png, recorder.store)
    layers = report.to_dict()["provenance_layers"]
    assert report.verdict == STRONG and "made by this deployment" in report.genlab.detail
    assert layers["manifest"] and layers["mark"] and layers["record"] and layers["fingerprint"]
    assert layers["made_by_this_deployment"] and layers["recovered_credentials"] is None  # the manifest is there


@pytest.mark.parametrize("share", [
    lambda im: encode(im.crop((0, 0, im.width * 9 // 10, im.height * 9 // 10)), "JPEG", quality=85),
    lambda im: encode(im.resize((im.width // 2, im.height // 2), Image.Resampling.BICUBIC)),
], ids=["cropped 10% + JPEG 85", "resized to half"])
def test_credentials_stripped_by_sharing_are_recovered_from_the_mark(sealed, share):
    recorder, picture = sealed
    shared = share(Image.open(io.BytesIO(picture.png)).convert("RGB"))
    report = check_image(shared, recorder.store)
    layers = report.to_dict()["provenance_layers"]
    assert not layers["manifest"] and layers["made_by_this_deployment"] and report.verdict == STRONG
    recovered = layers["recovered_credentials"]
    assert recovered["record_id"] == picture.record.id and recovered["tab"] == "art"
    assert recovered["model"] == "art-model" and recovered["content_credentials"].startswith("signed")
    assert any(picture.record.id in line and "Content Credentials are gone" in line for line in report.summary_lines)


def test_the_fingerprint_matches_the_same_picture_shared_and_not_another():
    astronaut, coffee = photo("astronaut"), photo("coffee")
    stored = fingerprints(astronaut)
    shared = [Image.open(io.BytesIO(encode(astronaut, "JPEG", quality=50))),
              astronaut.resize((256, 256)),
              astronaut.crop((0, 0, 461, 461)),
              astronaut.point(lambda v: int(v * 0.9))]
    assert all(distance(fingerprint(p), stored) <= MATCH_DISTANCE for p in shared)
    for other in (coffee, photo("chelsea"), photo("rocket"), astronaut.transpose(Image.Transpose.FLIP_LEFT_RIGHT)):
        assert distance(fingerprint(other), stored) > MATCH_DISTANCE
