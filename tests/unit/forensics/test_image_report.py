import io

import numpy as np
import pytest
from PIL import Image

from core.forensics.image_report import check_image
from core.forensics.loading import MAX_PIXELS, load_image
from core.forensics.metadata import read_metadata
from core.forensics.spectrum import spectrum
from core.forensics.watermarks import SDXL_BITS, stable_diffusion_marks
from core.provenance import ProvenanceRecorder
from tests.unit.provenance.photos import PHOTOS, photo


def encode(image: Image.Image, format: str = "PNG", **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format, **options)
    return buffer.getvalue()


def test_a_picture_made_here_is_recognised_with_its_audit_record(tmp_path):
    recorder = ProvenanceRecorder(tmp_path)
    sealed = recorder.seal_image(photo("astronaut"), tab="art", backend="embedded", model_id="art-model",
                                 parameters={"prompt": "an astronaut"})
    report = check_image(sealed.png, recorder.store)
    assert report.verdict == "Machine-made: strong evidence"
    genlab = next(w for w in report.watermarks if w.name == "Genlab")
    assert genlab.found and sealed.record.id in genlab.detail and "art-model" in genlab.detail
    # the metadata names Genlab, not which server: "this suite" alone read as this server beside a picture from another
    assert report.credentials.ai_generated
    assert report.metadata.generator == "Genlab (this suite, on this server or another)"


def test_a_camera_photo_without_marks_is_inconclusive_never_real():
    report = check_image(encode(photo("coffee"), "JPEG", quality=92))
    assert report.verdict == "No AI marks found: inconclusive"
    assert not any(w.found for w in report.watermarks) and not report.credentials.found


@pytest.mark.parametrize("name", PHOTOS)
def test_stable_diffusion_and_sdxl_watermarks_are_found_and_not_imagined(name):
    from imwatermark import WatermarkEncoder

    rgb = np.asarray(photo(name).resize((512, 512)))
    sd = WatermarkEncoder()
    sd.set_watermark("bytes", b"StableDiffusionV1")
    marked = Image.fromarray(sd.encode(np.ascontiguousarray(rgb[:, :, ::-1]), "dwtDct")[:, :, ::-1])
    xl = WatermarkEncoder()
    xl.set_watermark("bits", SDXL_BITS)
    marked_xl = Image.fromarray(xl.encode(np.ascontiguousarray(rgb), "dwtDct"))
    reopened = Image.open(io.BytesIO(encode(marked_xl)))
    assert stable_diffusion_marks(reopened)[1].found
    assert not any(f.found for f in stable_diffusion_marks(Image.fromarray(rgb)))
    if name != "coffee":  # the library's own decoder misses this one (99 of 136 bits)
        assert stable_diffusion_marks(Image.open(io.BytesIO(encode(marked))))[0].found


def test_automatic1111_parameters_and_camera_exif_are_read():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("parameters", "a castle\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1")
    assert read_metadata(encode(photo("chelsea"), pnginfo=info)).generator.startswith("AUTOMATIC1111")
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Canon", "EOS 5D"
    camera = read_metadata(encode(photo("chelsea"), "JPEG", exif=exif))
    assert camera.camera == {"Make": "Canon", "Model": "EOS 5D"} and "camera details" in camera.summary


def test_an_upsampling_grid_raises_the_spectrum_peak_score():
    image = photo("camera")
    pixels = np.asarray(image, dtype=float)
    y, x = np.indices(pixels.shape[:2])
    grid = 2 * np.cos(np.pi * x) * np.cos(np.pi * y)
    gridded = Image.fromarray(np.clip(pixels + grid[..., None], 0, 255).astype(np.uint8))
    assert not spectrum(image).periodic_peaks and spectrum(gridded).periodic_peaks


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"GIF89a not really", "not a picture"),
    (b"\x89PNG\r\n\x1a\n" + bytes(64), "not a picture|damaged"),
])
def test_bad_files_get_a_clear_message(data, message):
    with pytest.raises(ValueError, match=message):
        load_image(data)


def test_a_decompression_bomb_is_refused_before_decoding():
    bomb = encode(Image.new("1", (8000, 6000)))  # 48 megapixels, a few kilobytes
    with pytest.raises(ValueError, match="megapixels"):
        load_image(bomb)
    assert 8000 * 6000 > MAX_PIXELS


def test_odd_formats_are_converted_with_a_note():
    frames = [Image.new("RGB", (64, 64), colour) for colour in ("red", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:])
    assert "first frame" in load_image(buffer.getvalue()).notes[0]
    assert "CMYK" in load_image(encode(Image.new("CMYK", (64, 64)), "JPEG")).notes[0]
    sixteen = Image.fromarray(np.full((64, 64), 40000, dtype=np.uint16))
    loaded = load_image(encode(sixteen))
    assert "16-bit" in loaded.notes[0] and loaded.image.getpixel((0, 0))[0] == 40000 // 256
    rotated = Image.Exif()
    rotated[0x0112] = 6
    turned = load_image(encode(Image.new("RGB", (80, 40)), "JPEG", exif=rotated))
    assert turned.image.size == (40, 80) and "orientation" in turned.notes[0]


def test_a_watermarks_agreement_is_said_in_percentages_and_chance_is_only_claimed_when_it_could_be_chance():
    from core.forensics.watermarks import SD_V1_MIN_AGREEMENT, agreement_words, chance_of_matching

    assert agreement_words(71, 136, SD_V1_MIN_AGREEMENT) == (
        "the picture matches its hidden pattern 52%, about what any picture matches by chance; a marked picture "
        "matches 74% or more")
    assert chance_of_matching(71, 136) > 0.3 and chance_of_matching(90, 136) < 0.001
    assert "more than chance alone would give, less than a mark" in agreement_words(90, 136, SD_V1_MIN_AGREEMENT)
    assert agreement_words(130, 136, SD_V1_MIN_AGREEMENT).startswith("the picture matches its hidden pattern 96%; ")
    assert "on/off" not in agreement_words(71, 136, SD_V1_MIN_AGREEMENT)
    unmarked = stable_diffusion_marks(photo("coffee").resize((512, 512)))[0]
    assert unmarked.detail == agreement_words(round(unmarked.agreement * 136), 136, SD_V1_MIN_AGREEMENT)


def test_a_picture_enlarged_by_whole_pixels_is_said_to_be_so():
    """The painter's picture, 64x64 shown at 512x512, was called smooth (32x32 then), "no regular grid stands out,
    of the kind that enlarging a picture leaves", beside a noise map and a spectrum that showed its grid (review
    10)."""
    from pathlib import Path

    painted = Image.open(Path(__file__).resolve().parents[3] / "assets" / "samples" / "painted-elsewhere.png")
    for picture in (painted, Image.open(io.BytesIO(encode(painted, "JPEG", quality=30)))):
        found = spectrum(picture)
        assert found.block_size == 8 and "no regular grid" not in found.summary
        assert found.summary.startswith("It is made of 8x8 blocks of one colour: it was enlarged 8 times")
    astronaut = photo("astronaut")
    assert spectrum(astronaut.resize((2048, 2048), Image.Resampling.NEAREST)).block_size == 4
    assert spectrum(astronaut.resize((2048, 2048), Image.Resampling.BICUBIC)).block_size is None
    for name in PHOTOS:  # photos are not blocks, even saved so badly that JPEG's own 8x8 blocks stand out
        for quality in (5, 90):
            assert spectrum(Image.open(io.BytesIO(encode(photo(name).convert("RGB"), "JPEG", quality=quality)))
                            ).block_size is None, (name, quality)
    assert check_image(encode(painted)).to_dict()["enlarged_by_whole_pixels"] == 8
