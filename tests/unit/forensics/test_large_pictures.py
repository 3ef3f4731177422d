"""A large picture is analysed at full resolution in bounded parts: what downscaling would erase is still seen."""

import numpy as np
from PIL import Image

from core.forensics.ela import MAP_SIDE, error_levels
from core.forensics.regions import MAX_TILES, tile_boxes, top_rows
from core.forensics.spectrum import spectrum
from core.forensics.watermarks import stable_diffusion_marks
from tests.unit.provenance.photos import photo


def test_an_upsampling_grid_in_a_large_picture_is_seen_at_full_resolution():
    """Enlarged 4x by repeating pixels, then the picture is 2048 px: the grid repeats every 4 pixels, which a
    downscaled analysis would average away."""
    small = photo("astronaut")
    enlarged = small.resize((small.width * 4, small.height * 4), Image.Resampling.NEAREST)
    assert not spectrum(small).periodic_peaks
    assert spectrum(enlarged).periodic_peaks


def test_tiles_are_bounded_and_inside_the_picture():
    for width, height in ((7680, 5200), (10000, 600), (4000, 3000), (600, 400)):
        boxes = tile_boxes(width, height)
        assert 1 <= len(boxes) <= MAX_TILES
        assert all(0 <= left < right <= width and 0 <= top < bottom <= height for left, top, right, bottom in boxes)


def test_error_levels_of_a_large_picture_cover_it_whole_in_a_small_map():
    """An edited patch at the bottom right of a large picture (saved at another JPEG quality) is in the map."""
    import io

    base = photo("astronaut").resize((4096, 3072), Image.Resampling.BICUBIC)
    buffer = io.BytesIO()
    base.save(buffer, "JPEG", quality=95)
    picture = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    noisy = np.random.default_rng(0).integers(0, 256, (512, 512, 3), dtype=np.uint8)
    picture.paste(Image.fromarray(noisy), (3584, 2560))
    levels = error_levels(picture)
    assert max(levels.ela_image.size) <= MAP_SIDE
    heat = np.asarray(levels.ela_image)[:, :, 0].astype(float)
    rows, cols = heat.shape
    assert heat[rows * 5 // 6 + 5:, cols * 7 // 8 + 5:].mean() > 3 * heat[: rows // 2, : cols // 2].mean()


def test_stable_diffusion_marks_are_read_on_the_top_rows_of_a_large_picture():
    from imwatermark import WatermarkEncoder

    encoder = WatermarkEncoder()
    encoder.set_watermark("bytes", b"StableDiffusionV1")
    picture = photo("coffee").resize((3000, 2000), Image.Resampling.BICUBIC)
    bgr = encoder.encode(np.ascontiguousarray(np.asarray(picture)[:, :, ::-1]), "dwtDct")
    marked = Image.fromarray(np.ascontiguousarray(bgr[:, :, ::-1]))
    assert top_rows(marked).height < marked.height
    assert stable_diffusion_marks(marked)[0].found
