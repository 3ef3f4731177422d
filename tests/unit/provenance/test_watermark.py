import io

import numpy as np
import pytest
from PIL import Image

from core.provenance.watermark import embed_watermark, read_watermark
from tests.unit.provenance.photos import PHOTOS, photo

RECORD_ID = "3fa2c09b1e"


def reencode(image: Image.Image, format: str, **options) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, format=format, **options)
    buffer.seek(0)
    return Image.open(buffer)


def psnr(a: Image.Image, b: Image.Image) -> float:
    error = np.mean((np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)) ** 2)
    return 10 * np.log10(255**2 / error)


@pytest.mark.parametrize("name", PHOTOS)
def test_the_watermark_is_invisible_and_survives_png_and_jpeg_90(name):
    original = photo(name)
    marked = embed_watermark(original, RECORD_ID)
    assert psnr(original, marked) > 38  # dB: no difference a person can see
    assert read_watermark(reencode(marked, "PNG")).record_id == RECORD_ID
    assert read_watermark(reencode(marked, "JPEG", quality=90)).record_id == RECORD_ID


@pytest.mark.parametrize("name", PHOTOS)
def test_an_unmarked_photo_reads_as_unmarked(name):
    reading = read_watermark(photo(name))
    assert not reading.found and reading.record_id is None


def test_a_picture_too_small_to_mark_gets_a_clear_message():
    with pytest.raises(ValueError, match="at least 256x256"):
        embed_watermark(Image.new("RGB", (128, 128)), RECORD_ID)
    assert not read_watermark(Image.new("RGB", (128, 128))).found


def test_a_malformed_record_id_is_refused():
    with pytest.raises(ValueError, match="10-hex-digit"):
        embed_watermark(photo("astronaut"), "not-an-id")


def test_a_picture_of_pure_black_and_white_blocks_still_carries_the_mark():
    import numpy as np
    from PIL import Image

    from core.provenance.watermark import embed_watermark, read_watermark

    blocks = (np.random.default_rng(0).random((32, 32, 3)) > 0.5).astype(np.uint8) * 255
    picture = Image.fromarray(blocks).resize((512, 512), Image.Resampling.NEAREST)
    assert read_watermark(embed_watermark(picture, "0123456789")).record_id == "0123456789"
