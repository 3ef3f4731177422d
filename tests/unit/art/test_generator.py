import pytest
from PIL import Image

from core.art.generator import ArtRequest, Painter, paint
from core.provenance import get_recorder, read_credentials, read_watermark
from core.secrets import secret


def run(request, painter):
    updates = list(paint(request, painter=painter))
    return updates, updates[-1]


@pytest.fixture
def pixel_painter(tiny_pixel_art_dir):
    return Painter.load(tiny_pixel_art_dir, "embedded")


@pytest.fixture
def hub_painter(tiny_stable_diffusion_dir):
    return Painter.load(tiny_stable_diffusion_dir, "hub")


def test_a_picture_streams_previews_then_arrives_sealed(pixel_painter):
    updates, final = run(ArtRequest(prompt="a castle at night", seed=3, steps=6), pixel_painter)
    previews = [u for u in updates if not u.done]
    assert [u.step for u in previews] == [2, 4, 6] and previews[0].previews[0].size == (32, 32)
    (sealed,) = final.pictures
    record = get_recorder().store.get(sealed.record.id)
    assert record.tab == "art" and record.parameters["seed"] == 3 and record.energy_joules > 0
    import io

    picture = Image.open(io.BytesIO(sealed.png))
    assert picture.size == (512, 512)
    key = secret("image-watermark", get_recorder().data_dir)
    assert read_watermark(picture, key).locator == sealed.record.mark_locator
    assert read_credentials(sealed.png).ai_generated


def test_the_same_seed_paints_the_same_picture(pixel_painter):
    first = run(ArtRequest(prompt="the sea", seed=5, steps=4), pixel_painter)[1].previews[0]
    again = run(ArtRequest(prompt="the sea", seed=5, steps=4), pixel_painter)[1].previews[0]
    other = run(ArtRequest(prompt="the sea", seed=6, steps=4), pixel_painter)[1].previews[0]
    assert first.tobytes() == again.tobytes() != other.tobytes()


def test_a_batch_gives_one_sealed_picture_each(pixel_painter):
    _, final = run(ArtRequest(prompt="mountains", seed=1, steps=2, batch=3), pixel_painter)
    assert len(final.pictures) == 3 and len({p.record.id for p in final.pictures}) == 3


def test_image_to_image_varies_a_picture(pixel_painter):
    source = Image.new("RGB", (64, 64), (200, 40, 40))
    _, final = run(ArtRequest(prompt="a castle", seed=2, steps=10, image=source, strength=0.3), pixel_painter)
    assert final.total_steps == 3 and final.pictures[0].record.parameters["image_to_image"]


@pytest.mark.parametrize("request_, message", [
    (ArtRequest(prompt="  "), "Describe the picture"), (ArtRequest(prompt="x", steps=0), "Steps"),
    (ArtRequest(prompt="x", batch=9), "between 1 and 4"), (ArtRequest(prompt="x", scheduler="LMS"), "Unknown sampler"),
])
def test_bad_requests_get_a_plain_message(pixel_painter, request_, message):
    with pytest.raises(ValueError, match=message):
        next(paint(request_, painter=pixel_painter))


def test_a_hub_model_paints_through_the_same_call_and_screens_prompts(hub_painter):
    _, final = run(ArtRequest(prompt="a castle by the sea", seed=0, steps=2, size=64), hub_painter)
    assert len(final.pictures) == 1 and final.pictures[0].record.backend == "hub"
    with pytest.raises(ValueError, match="does not paint"):
        next(paint(ArtRequest(prompt="a nude figure"), painter=hub_painter))


def test_a_hub_model_varies_an_image_too(hub_painter):
    source = Image.new("RGB", (64, 64), (20, 120, 200))
    _, final = run(ArtRequest(prompt="the sea", seed=0, steps=4, size=64, image=source, strength=0.5), hub_painter)
    assert len(final.pictures) == 1


def test_a_hub_model_runs_the_safety_checker_and_withholds_what_it_flags(hub_painter, tmp_path):
    from core.art.safety import SafetyChecker
    from tests.art_models import save_tiny_safety_checker

    assert hub_painter.safety is not None  # on by default for Hub models
    letting_through = hub_painter.safety
    try:
        hub_painter.safety = SafetyChecker.load(str(save_tiny_safety_checker(tmp_path, flags_everything=True)))
        with pytest.raises(ValueError, match="The safety checker withheld this picture"):
            run(ArtRequest(prompt="a castle by the sea", seed=0, steps=2, size=64, batch=2), hub_painter)
    finally:
        hub_painter.safety = letting_through


def test_the_embedded_painter_screens_prompts_too(pixel_painter):
    with pytest.raises(ValueError, match="asks for sexual content"):
        next(paint(ArtRequest(prompt="a n.u.d.3 castle"), painter=pixel_painter))
