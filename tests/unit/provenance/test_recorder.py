import hashlib
import io

from PIL import Image

from core.provenance import ProvenanceRecorder, read_credentials, read_png_metadata, read_watermark
from core.provenance.fingerprint import distance, fingerprint
from core.secrets import secret
from tests.unit.provenance.photos import photo


def test_a_sealed_image_carries_every_mark_and_its_audit_row(tmp_path):
    recorder = ProvenanceRecorder(tmp_path)
    with recorder.meter() as meter:
        image = photo("coffee")
    parameters = {"prompt": "a cup of coffee", "steps": 8, "seed": 7}
    sealed = recorder.seal_image(image, tab="art", backend="embedded", model_id="tiny", parameters=parameters,
                                 energy=meter.result)

    record = recorder.store.get(sealed.record.id)
    assert record.output_sha256 == hashlib.sha256(sealed.png).hexdigest()
    assert record.energy_method == meter.result.method and record.energy_joules >= 0
    key = secret("image-watermark", tmp_path)
    assert read_watermark(Image.open(io.BytesIO(sealed.png)), key).locator == record.mark_locator
    assert recorder.store.find_by_locator(record.mark_locator) == record
    assert record.watermark == f"genlab-mark-v2:{record.id}"  # names its own record, as the transparency log asks
    assert distance(fingerprint(Image.open(io.BytesIO(sealed.png))), record.fingerprint) == 0
    assert read_png_metadata(sealed.png)["parameters"] == parameters
    credentials = read_credentials(sealed.png)
    assert credentials.ai_generated and credentials.validation_state in ("Valid", "Trusted")


def test_other_outputs_get_an_audit_row_for_their_bytes(tmp_path):
    recorder = ProvenanceRecorder(tmp_path)
    record = recorder.record_output("Shall I compare thee", tab="writing", backend="embedded", model_id="poet",
                                    parameters={"temperature": 0.8})
    assert record.output_sha256 == hashlib.sha256(b"Shall I compare thee").hexdigest()
    assert recorder.store.count(tab="writing") == 1


def test_two_texts_with_the_same_watermark_scheme_each_get_their_row(tmp_path):
    recorder = ProvenanceRecorder(tmp_path)
    first, second = (recorder.record_output(text, tab="writing", backend="embedded", model_id="poet", parameters={},
                                            watermark="green-list") for text in ("one", "two"))
    assert first.watermark == f"green-list:{first.id}" and second.watermark == f"green-list:{second.id}"
