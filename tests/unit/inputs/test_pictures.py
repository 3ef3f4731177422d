import io

import pytest
from PIL import Image

from core.inputs.pictures import PictureLimits, read_picture, read_picture_file


def png(width=8, height=8) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 100, 50)).save(buffer, "PNG")
    return buffer.getvalue()


def bomb(width=30_000, height=30_000) -> bytes:
    """A PNG whose header declares width x height pixels; the file itself is tiny."""
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_picture_is_read_as_rgb_with_its_bytes():
    loaded = read_picture(png())
    assert loaded.image.mode == "RGB" and loaded.format == "PNG" and loaded.data == png()


@pytest.mark.parametrize("data, words", [
    (b"", "empty"),
    (b"just some text, renamed to .png", "not a picture"),
    (png(64, 64)[:-30], "damaged"),
])
def test_bad_pictures_get_a_sentence_without_library_words(data, words):
    with pytest.raises(ValueError, match=words) as caught:
        read_picture(data)
    assert "Error" not in str(caught.value) and "PIL" not in str(caught.value)


def test_a_decompression_bomb_is_refused_from_its_header_in_a_sentence():
    data = bomb(10_000, 10_000)
    assert len(data) < 200_000
    with pytest.raises(ValueError, match="100 megapixels\\); the limit is 40 megapixels"):
        read_picture(data)
    huge = bomb(30_000, 30_000)  # over PIL's own bomb limit: it refuses to open it at all
    with pytest.raises(ValueError, match="far more pixels than the limit") as caught:
        read_picture(huge)
    assert "DecompressionBomb" not in str(caught.value)


def test_limits_are_a_parameter_and_a_file_is_measured_before_it_is_read(tmp_path):
    with pytest.raises(ValueError, match="limit is 0 megapixels|the limit is"):
        read_picture(png(100, 100), PictureLimits(max_pixels=5_000))
    path = tmp_path / "big.png"
    path.write_bytes(png() + bytes(2000))
    with pytest.raises(ValueError, match="limited to 0 MB"):
        read_picture_file(path, PictureLimits(max_bytes=1000))
    with pytest.raises(ValueError, match="Upload a picture"):
        read_picture_file(None)
