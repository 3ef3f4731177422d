import re

from playwright.sync_api import expect

from core.forensics.detector import detector_available
from core.provenance import get_recorder
from tests.contrast import text_contrast
from tests.unit.provenance.photos import photo


def check(page, path):
    page.get_by_role("tab", name="Deepfake check").click()
    page.locator("#tab-deepfake_check-picture input[type=file]").first.set_input_files(str(path))
    # the upload shown in its box before Check (pressed before it landed, on a busy machine nothing was checked)
    expect(page.locator("#picture-to-check img").first).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Check this picture").click()


def test_a_picture_made_here_shows_the_watermark_and_credentials(suite_page, tmp_path):
    sealed = get_recorder().seal_image(photo("astronaut"), tab="art", backend="embedded", model_id="art-model",
                                       parameters={"prompt": "an astronaut"})
    check(suite_page, sealed.save(tmp_path / "made-here.png"))
    expect(suite_page.get_by_role("heading", name="Machine-made: strong evidence")).to_be_visible(timeout=30_000)
    expect(suite_page.get_by_text(f"audit record {sealed.record.id}").first).to_be_visible()
    expect(suite_page.get_by_text("Signed by:").first).to_be_visible()


def test_a_plain_photo_shows_no_marks(suite_page, tmp_path):
    path = tmp_path / "photo.jpg"
    photo("coffee").save(path, "JPEG", quality=90)
    check(suite_page, path)
    expect(suite_page.get_by_role("heading", name="No AI marks found: inconclusive")).to_be_visible(timeout=30_000)
    credentials = suite_page.get_by_role("listitem").filter(has_text="Content Credentials (C2PA)")
    expect(credentials).to_have_text(re.compile(r"Content Credentials \(C2PA\) \(strong signal\): None in this file\."))
    expect(suite_page.get_by_role("listitem").filter(has_text="Genlab watermark")).to_have_text(
        re.compile(r"Genlab watermark \(strong signal\): Not found\.$"))
    expect(suite_page.get_by_text("no camera or generator details")).to_have_count(0)  # the signals say it once
    expect(suite_page.get_by_role("heading", name="File metadata")).to_have_count(0)
    if detector_available():
        expect(suite_page.get_by_role("listitem").filter(has_text="Learned detector")).to_be_visible()


def test_a_newcomer_can_try_the_sample_photograph_with_one_click(suite_page):
    page = suite_page
    page.get_by_role("tab", name="Deepfake check").click()
    page.get_by_text("A real photograph (a cup of coffee)").click()
    expect(page.locator("#picture-to-check img").first).to_be_visible()  # in its box before the button is pressed
    page.get_by_role("button", name="Check this picture").click()
    expect(page.get_by_role("heading", name="No AI marks found: inconclusive")).to_be_visible(timeout=30_000)


def test_a_video_is_checked_frame_by_frame_and_its_frames_shown_whole(suite_page, tmp_path):
    from tests.unit.forensics.test_video_report import scenes, video_bytes

    page = suite_page
    path = tmp_path / "clip.avi"
    path.write_bytes(video_bytes(tmp_path, scenes(8)))
    page.get_by_role("tab", name="Deepfake check").click()
    page.get_by_role("tab", name="Video").click()
    page.locator("input[type=file]").last.set_input_files(str(path))
    page.get_by_role("button", name="Check this video").click()
    frame = page.locator("#video-frames img").first
    expect(frame).to_be_visible(timeout=60_000)
    expect(page.get_by_role("heading", name="inconclusive")).to_be_visible()
    assert frame.evaluate("image => getComputedStyle(image).objectFit") == "contain"


def test_a_newcomer_can_try_a_passage_a_person_wrote_with_one_click(page, app_url):
    page.goto(f"{app_url}/?tab=deepfake_check/text")
    page.get_by_text("Written by a person (Jane Austen, 1813)").click()
    expect(page.get_by_label("Text to check")).not_to_have_value("")  # the example is in, on a busy machine too
    page.get_by_role("button", name="Check this text").click()
    expect(page.locator("#text-verdict")).to_contain_text("No watermark", timeout=60_000)
    # the green list's word pieces stand out from the others on white (a pale green barely showed)
    green, other = (page.locator(".legend-item", has_text=name).first.evaluate(
        "item => getComputedStyle(item).backgroundColor") for name in ("on the green list", "not on it"))
    red, green_part, blue, alpha = ([float(x) for x in re.findall(r"[\d.]+", green)] + [1.0])[:4]
    shown = [alpha * c + (1 - alpha) * 255 for c in (red, green_part, blue)]  # as it looks on white
    assert shown[1] - max(shown[0], shown[2]) > 40, green  # clearly green, not grey
    assert green != other


def _check_the_sample_by_a_person(page, app_url):
    page.goto(f"{app_url}/?tab=deepfake_check/text")
    page.get_by_text("Written by a person (Jane Austen, 1813)").click()
    expect(page.get_by_label("Text to check")).not_to_have_value("")
    page.get_by_role("button", name="Check this text").click()


def test_on_a_phone_a_words_pieces_stay_on_one_line(page, app_url):
    """Gradio's chips wrapped like boxes, anywhere: "neighbour" ended one line of a phone and "hood" began the next
    (review 11). A line now breaks only where a piece starts with a space."""
    page.set_viewport_size({"width": 390, "height": 844})
    _check_the_sample_by_a_person(page, app_url)
    pieces = page.locator("#text-tokens .token .text")
    expect(pieces.first).to_be_visible(timeout=60_000)
    shown = page.locator("#text-tokens").evaluate(  # each piece's text and the top of each line it is on
        "strip => [...strip.querySelectorAll('.token .text, .line-break')].map(piece => piece.matches('.line-break')"
        " ? ['\\n', []] : [piece.textContent, [...piece.getClientRects()].map(box => Math.round(box.top))])")
    assert len({top for _, tops in shown for top in tops}) > 5  # the passage takes several lines on a phone
    words_cut = [before[0] + "|" + after[0] for before, after in zip(shown, shown[1:])
                 if before[1] and after[1] and not after[0][:1].isspace() and after[1][0] != before[1][-1]]
    assert not words_cut, words_cut
    assert all(len(set(tops)) == 1 for text, tops in shown if not text[:1].isspace()), shown  # nor a piece itself


def test_in_the_dark_theme_the_word_pieces_are_written_light_on_their_chips(page, app_url):
    page.goto(f"{app_url}/?tab=deepfake_check/text&__theme=dark")
    page.get_by_text("Written by a person (Jane Austen, 1813)").click()
    expect(page.get_by_label("Text to check")).not_to_have_value("")  # the example is in, on a busy machine too
    page.get_by_role("button", name="Check this text").click()
    expect(page.locator("#text-verdict")).to_contain_text("not found", timeout=60_000)
    expect(page.locator("#text-tokens .token .text").first).to_be_visible()  # shown just after the verdict
    colours = page.locator("#text-tokens .token .text").evaluate_all(
        "pieces => pieces.slice(0, 20).map(piece => getComputedStyle(piece).color)")
    assert colours and all(colour == "rgb(249, 250, 251)" for colour in colours), colours  # was black on dark green
    pieces = page.locator("#text-tokens .token.highlighted .text")
    lowest = min(text_contrast(pieces.nth(i)) for i in range(min(pieces.count(), 20)))
    assert lowest >= 4.5, lowest  # white on the grey chips was 3.9:1


def test_a_newcomer_can_try_the_sample_video_with_one_click(page, app_url):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{app_url}/?tab=deepfake_check/video")
    page.get_by_text("A real photograph, filmed as a slow pan (4 s)").click()
    expect(page.locator("video").first).to_be_visible()  # the example is in the box before the button is pressed
    page.get_by_role("button", name="Check this video").click()
    expect(page.get_by_role("heading", name="inconclusive")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("No watermark and no traces of enlarging (upsampling) were found")).to_be_visible()
    # each frame's time sits under its picture, not over the cup, and the gallery ends after its row of frames
    frames = page.locator("#video-frames .thumbnail-item")
    expect(frames.first).to_be_visible()
    expect(page.locator(".js-plotly-plot .y2tick").first).to_be_attached(timeout=30_000)  # the chart above is drawn
    boxes = page.evaluate("""() => [...document.querySelectorAll('#video-frames .thumbnail-item')].map(frame => ({
        frame: frame.getBoundingClientRect().toJSON(),
        picture: frame.querySelector('img').getBoundingClientRect().toJSON(),
        caption: frame.querySelector('.caption-label').getBoundingClientRect().toJSON(),
        gallery: document.querySelector('#video-frames').getBoundingClientRect().toJSON()}))""")  # measured at once
    for box in boxes:
        picture, caption, frame = box["picture"], box["caption"], box["frame"]
        assert caption["y"] >= picture["y"] + picture["height"] - 1
        assert frame["y"] + frame["height"] - (caption["y"] + caption["height"]) < 8
    gallery, last = boxes[-1]["gallery"], boxes[-1]["frame"]
    assert gallery["y"] + gallery["height"] - (last["y"] + last["height"]) < 40
    # in the dark theme the right axis's percentages are light like the left axis's, not dark grey on black
    page.evaluate("document.body.classList.add('dark')")
    right_axis = page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot .y2tick text')]
        .map(text => getComputedStyle(text).fill)""")
    assert right_axis and set(right_axis) == {"rgb(229, 231, 235)"}, right_axis


def test_a_file_that_is_not_a_picture_is_answered_by_one_sentence_under_the_upload(suite_page, tmp_path):
    page = suite_page
    page.get_by_role("tab", name="Deepfake check").click()
    notes = tmp_path / "notes.txt"
    notes.write_text("not a picture")
    page.locator("#tab-deepfake_check-picture input[type=file]").first.set_input_files(str(notes))
    sentence = page.get_by_role("alert").filter(has_text="“notes.txt” is not a picture: choose a PNG, JPEG")
    expect(sentence).to_be_visible()
    page.locator("#tab-deepfake_check-picture .block:has(input[type=file])").first.evaluate("""upload => {
        const files = new DataTransfer();
        files.items.add(new File(["%PDF-1.4"], "scan.pdf", {type: "application/pdf"}));
        upload.querySelector("input[type=file]").parentElement.dispatchEvent(
            new DragEvent("drop", {dataTransfer: files, bubbles: true, cancelable: true}));
    }""")
    expect(page.get_by_role("alert").filter(has_text="“scan.pdf” is not a picture")).to_be_visible()
    expect(page.get_by_text("Invalid file type")).to_have_count(0)  # Gradio's own pop-up
    path = tmp_path / "photo.jpg"
    photo("coffee").save(path, "JPEG", quality=90)
    check(page, path)  # a picture clears the sentence and is checked
    expect(page.get_by_role("heading", name="No AI marks found: inconclusive")).to_be_visible(timeout=30_000)
    expect(page.locator(".genlab-upload-error")).to_have_count(0)


def test_the_pictures_of_a_check_appear_with_it_not_as_empty_frames_before(page, app_url):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{app_url}/?tab=deepfake_check/picture")
    expect(page.get_by_role("button", name="Check this picture")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Noise (the fine grain)")).to_be_hidden()
    page.get_by_text("A real photograph (a cup of coffee)").click()
    # the example is in its box before the button is pressed (on a busy machine it came after: "Upload a picture")
    expect(page.locator("#picture-to-check img").first).to_be_visible()
    page.get_by_role("button", name="Check this picture").click()
    expect(page.get_by_text("Noise (the fine grain)")).to_be_visible(timeout=60_000)
    # the spectrum's two chart titles side by side, each clear of the other ("...by size How much..." ran together)
    titles = page.locator(".js-plotly-plot .annotation-text").filter(has_text=re.compile("patterns|How much"))
    expect(titles).to_have_count(2, timeout=30_000)
    left, right = (title.bounding_box() for title in titles.all())
    assert left["x"] + left["width"] + 24 <= right["x"], (left, right)  # 15 px apart read as one line


def test_a_words_pieces_touch_so_they_read_as_one_word(page, app_url):
    """With Gradio's margins the chips of "fam", "il", "ies" stood as far apart as two words (review 10); now they
    touch, and the space a piece starts with parts the words."""
    _check_the_sample_by_a_person(page, app_url)
    chips = page.locator("#text-tokens .token-container > span:first-child")
    expect(chips.first).to_be_visible(timeout=60_000)
    boxes = chips.evaluate_all("chips => chips.slice(0, 40).map(chip => chip.getBoundingClientRect())"
                               ".map(box => [box.left, box.right, box.top])")
    gaps = [after[0] - before[1] for before, after in zip(boxes, boxes[1:]) if abs(after[2] - before[2]) < 2]
    assert gaps and max(gaps) <= 1, gaps
