import pytest
from PIL import Image

from core.provenance.metadata import png_with_metadata, read_png_metadata


def test_parameters_are_written_to_png_text_chunks_and_read_back():
    parameters = {"prompt": "a castle at dusk", "steps": 20, "guidance": 7.5, "seed": 42}
    png = png_with_metadata(Image.new("RGB", (32, 32), "teal"), parameters, tab="art", record_id="0a0b0c0d0e")
    document = read_png_metadata(png)
    assert document["parameters"] == parameters
    assert document["record_id"] == "0a0b0c0d0e" and document["tab"] == "art"
    assert document["other"]["Software"].startswith("Genlab")
    assert document["other"]["parameters"].startswith("a castle at dusk")


def test_a_png_without_our_chunks_gives_an_empty_document():
    import io

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "PNG")
    assert read_png_metadata(buffer.getvalue()) == {}


def test_bytes_that_are_not_an_image_get_a_clear_message():
    with pytest.raises(ValueError, match="not an image"):
        read_png_metadata(b"definitely not a png")
