import pytest
from playwright.sync_api import expect

from apps.art import available as art_available
from tests.ui.test_deepfake_check import check

pytestmark = pytest.mark.skipif(not art_available(), reason="the art model's weights are not on this machine (python -m core.art.train)")


def test_paint_a_picture_then_the_deepfake_check_finds_its_watermark_and_credentials(suite_page, tmp_path):
    page = suite_page
    page.get_by_role("tab", name="Art").click()
    page.get_by_placeholder("Describe the picture").fill("a tower by the sea at night with stars and the moon")
    page.get_by_role("button", name="Paint", exact=True).click()
    # Previews arrive at the model's 32x32; the page enlarges them to fill the frame, crisp, not blurred.
    page.wait_for_function("(document.querySelector('#art-status')?.innerText ?? '').includes('Step')",
                           timeout=60_000, polling=10)
    # the status can name a step a moment before the browser has laid the new preview out
    page.wait_for_function("(document.querySelector('#art-preview img')?.getBoundingClientRect().width ?? 0) >= 300",
                           timeout=10_000, polling=50)
    shown = page.locator("#art-preview img")
    assert shown.evaluate("image => getComputedStyle(image).imageRendering") == "pixelated"
    expect(page.locator("#art-status")).to_contain_text("Done in", timeout=60_000)
    # one picture: one record, said in the singular, and the painter in words without its folder name
    expect(page.locator("#art-status")).to_contain_text("The picture is watermarked and signed: see its audit record")
    expect(page.locator("#art-status")).to_contain_text(" s with the built-in painter, using what")
    expect(page.locator("#art-preview img")).to_be_visible()
    record_link = page.locator("#art-status a", has_text="see its audit record")
    record_id = record_link.get_attribute("href").split("record=")[1]
    assert record_id not in page.locator("#art-status").inner_text()  # words in the sentence, the id in the link
    picture = page.locator("#art-gallery img").first
    expect(picture).to_be_visible()
    # one picture in the gallery is a thumbnail, shown whole: not stretched across the gallery and cropped
    gallery_width = page.locator("#art-gallery").evaluate("gallery => gallery.getBoundingClientRect().width")
    assert picture.evaluate("image => image.getBoundingClientRect().width") <= gallery_width / 3
    assert picture.evaluate("image => getComputedStyle(image).objectFit") == "contain"
    gallery, thumbnail = page.locator("#art-gallery").bounding_box(), page.locator("#art-gallery .thumbnail-item").first
    bottom = thumbnail.bounding_box()["y"] + thumbnail.bounding_box()["height"]
    assert gallery["y"] + gallery["height"] - bottom < 40  # it ends after its one row, not an empty box below
    download = page.request.get(picture.evaluate("image => image.src"))
    assert download.ok
    path = tmp_path / "painted.png"
    path.write_bytes(download.body())

    check(page, path)
    expect(page.get_by_role("heading", name="Machine-made: strong evidence")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Signed by:").first).to_be_visible()
    # the Deepfake check's own words, not the Art tab's status line (hidden on its tab), which names it too
    expect(page.locator("#tab-deepfake_check-picture").get_by_text(f"audit record {record_id}").first).to_be_visible()
    # "see its audit record" opens the audit log searched for that picture's record
    page.get_by_role("tab", name="Art").click()
    record_link.click()
    expect(page.locator("#audit-log-contains").get_by_role("textbox")).to_have_value(record_id, timeout=10_000)
    expect(page.get_by_role("gridcell", name=record_id)).to_be_visible(timeout=30_000)
    assert page.locator("#tab-ethics-transparency").is_visible()
