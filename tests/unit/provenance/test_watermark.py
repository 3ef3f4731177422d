import io

import numpy as np
import pytest
from PIL import Image

from core.art.scenes import render_scene, sample_scene
from core.provenance.watermark import CODED_BITS, INFO_BITS, embed_watermark, encode_bits, read_watermark, viterbi
from tests.unit.provenance.photos import PHOTOS, photo

KEY = b"a deployment's secret, 32 bytes."
OTHER_KEY = b"another deployment's secret key!"
LOCATOR = "3fa2c09b"


def reencode(image: Image.Image, format: str, **options) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, format=format, **options)
    buffer.seek(0)
    return Image.open(buffer).convert("RGB")


def psnr(a: Image.Image, b: Image.Image) -> float:
    error = np.mean((np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)) ** 2)
    return 10 * np.log10(255**2 / error)


def render(seed: int) -> Image.Image:
    import random

    return render_scene(sample_scene(random.Random(seed))).resize((512, 512), Image.Resampling.NEAREST)


@pytest.mark.parametrize("name", PHOTOS)
def test_the_watermark_is_invisible_and_survives_png_and_jpeg_75(name):
    original = photo(name)
    marked = embed_watermark(original, LOCATOR, KEY)
    assert psnr(original, marked) > 38  # dB: no difference a person can see
    assert read_watermark(reencode(marked, "PNG"), KEY).locator == LOCATOR
    assert read_watermark(reencode(marked, "JPEG", quality=75), KEY).locator == LOCATOR


SHARING = {
    "resized to half": lambda im: im.resize((im.width // 2, im.height // 2), Image.Resampling.BICUBIC),
    "cropped 10% and saved as JPEG 85": lambda im: reencode(im.crop((0, 0, int(im.width * .9), int(im.height * .9))),
                                                           "JPEG", quality=85),
    "centre kept, 80%, brightened": lambda im: im.crop((im.width // 10, im.height // 10, im.width * 9 // 10,
                                                        im.height * 9 // 10)).point(lambda v: min(255, v * 1.1)),
    "screenshot-like": lambda im: reencode(im.resize((im.width * 9 // 10, im.height * 9 // 10)), "JPEG",
                                           quality=80).convert("RGBA").convert("RGB"),
}


@pytest.mark.parametrize("edit", SHARING)
@pytest.mark.parametrize("picture", ["astronaut", "coffee", "render"])
def test_the_watermark_survives_sharing(picture, edit):
    original = render(3) if picture == "render" else photo(picture)
    reading = read_watermark(SHARING[edit](embed_watermark(original, LOCATOR, KEY)), KEY)
    assert reading.found and reading.locator == LOCATOR


@pytest.mark.parametrize("name", PHOTOS)
def test_an_unmarked_photo_reads_as_unmarked(name):
    for picture in (photo(name), photo(name).transpose(Image.Transpose.FLIP_LEFT_RIGHT)):
        reading = read_watermark(picture, KEY)
        assert not reading.found and reading.locator is None


def test_without_the_key_the_mark_can_be_neither_read_nor_written():
    ours = embed_watermark(photo("astronaut"), LOCATOR, KEY)
    assert not read_watermark(ours, OTHER_KEY).found
    forged = embed_watermark(photo("astronaut"), LOCATOR, OTHER_KEY)  # the right locator, the wrong key
    assert not read_watermark(forged, KEY).found


def test_the_code_corrects_errors_the_tag_catches_the_rest():
    rng = np.random.default_rng(0)
    bits = rng.integers(0, 2, INFO_BITS).astype(np.uint8)
    coded = 2.0 * encode_bits(bits) - 1
    assert coded.shape == (CODED_BITS,)
    noisy = coded + rng.normal(0, 0.8, CODED_BITS)
    assert ((noisy > 0) != (coded > 0)).sum() > 10  # hard decisions alone would be wrong in places
    assert np.array_equal(viterbi(noisy), bits)


def test_a_picture_too_small_to_mark_gets_a_clear_message():
    with pytest.raises(ValueError, match="at least 256x256"):
        embed_watermark(Image.new("RGB", (128, 128)), LOCATOR, KEY)
    assert not read_watermark(Image.new("RGB", (64, 64)), KEY).found


def test_a_malformed_locator_is_refused():
    with pytest.raises(ValueError, match="8 hex digits"):
        embed_watermark(photo("astronaut"), "not-a-locator", KEY)


def test_a_picture_of_pure_black_and_white_blocks_still_carries_the_mark():
    blocks = (np.random.default_rng(0).random((32, 32, 3)) > 0.5).astype(np.uint8) * 255
    picture = Image.fromarray(blocks).resize((512, 512), Image.Resampling.NEAREST)
    assert read_watermark(embed_watermark(picture, "01234567", KEY), KEY).locator == "01234567"
