"""What a newcomer meets on any tab, at 1280 px and on a phone: deep links, one error style, fresh seeds, keys."""

import re

import pytest
from playwright.sync_api import expect

from apps.art import available as art_available

SIZES = {"laptop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=list(SIZES))
def sized_page(request, page):
    page.set_viewport_size(SIZES[request.param])
    page.set_default_timeout(20_000)
    return page


def selected_tabs(page) -> list[str]:
    return [tab.inner_text() for tab in page.locator("button[role=tab].selected").all()]


def visit(page, app_url: str, tab: str) -> None:
    """Open `tab` ("molecules/optimise") scrolled to the top: the first time by loading its deep link, then the way
    a link inside the page opens it, without a reload (loading the whole suite takes seconds; one load per test)."""
    if page.url.startswith(app_url):
        page.evaluate("path => genlabOpenTabSoon(path)", tab)
    else:
        page.goto(f"{app_url}/?tab={tab}")
    parts = tab.split("/")
    for depth in range(1, len(parts) + 1):
        button = page.locator(f"#tab-{'-'.join(parts[:depth])}-button")
        expect(button).to_have_class(re.compile(r"\bselected\b"), timeout=20_000)
    page.evaluate("() => window.scrollTo(0, 0)")


def test_a_deep_link_opens_its_tab_and_sub_tab_and_the_address_follows_the_visitor(sized_page, app_url):
    page = sized_page
    page.goto(f"{app_url}/?tab=molecules/optimise")
    expect(page.get_by_role("button", name="Start optimising")).to_be_visible()
    assert selected_tabs(page) == ["Molecules", "Optimise"]
    page.get_by_role("tab", name="Properties").click()
    expect(page).to_have_url(re.compile(r"tab=molecules(%2F|/)properties"))
    page.get_by_role("tab", name="Ethics").click()
    expect(page).to_have_url(re.compile(r"tab=ethics$"))


def test_every_tab_is_in_sight_on_a_phone_none_behind_a_menu(page, app_url):
    page.set_viewport_size(SIZES["phone"])
    page.goto(app_url)
    page.get_by_role("tab").first.wait_for()
    for name in ("About", "Art", "Writing", "Quests", "Synthetic data", "Molecules", "Deepfake check", "Ethics"):
        expect(page.get_by_role("tab", name=name, exact=True)).to_be_visible()


def test_a_bad_input_is_said_once_beside_its_button_and_the_old_result_goes(sized_page, app_url):
    page = sized_page
    page.goto(f"{app_url}/?tab=molecules/properties")
    page.get_by_role("button", name="Show properties").click()
    expect(page.locator("#tab-molecules-properties").get_by_role("img").first).to_be_visible(timeout=30_000)
    shape_title = page.locator(".gtitle", has_text="in 3D")  # the 3D chart's title ("aspirin in 3D")
    expect(shape_title.first).to_be_visible(timeout=30_000)  # the whole chain is done
    page.get_by_label("Molecules (a name like aspirin").fill("xyzzy")
    page.get_by_role("button", name="Show properties").click()
    message = page.locator(".genlab-error p", has_text="'xyzzy' is neither a valid SMILES string nor a molecule name")
    expect(message).to_be_visible()
    expect(page.locator("span.error", has_text="Error")).to_have_count(0)  # no red badge over the outputs
    expect(page.locator(".toast-body")).to_have_count(0)  # and no pop-up saying it again
    expect(page.get_by_role("gridcell", name="aspirin")).to_have_count(0)  # the old results went
    expect(shape_title).to_have_count(0)
    expect(page.get_by_label("See in 3D")).to_be_hidden()  # nor is the old molecule offered in 3D
    # one screen: the sentence sits just below the button that caused it
    button_box = page.get_by_role("button", name="Show properties").bounding_box()
    message_box = message.bounding_box()
    assert 0 <= message_box["y"] - (button_box["y"] + button_box["height"]) < 80
    page.get_by_label("Molecules (a name like aspirin").fill("caffeine")  # a name a visitor types
    page.get_by_role("button", name="Show properties").click()
    expect(message).to_have_count(0)
    expect(page.get_by_role("gridcell", name="caffeine")).to_be_visible()
    expect(page.get_by_text("Read as names: caffeine, from ChEMBL's list of approved drugs")).to_be_visible()


@pytest.mark.skipif(not art_available(), reason="the art model's weights are not on this machine")
def test_paint_twice_gives_two_pictures_and_keep_repeats_one(page, app_url):
    page.set_default_timeout(20_000)
    page.goto(f"{app_url}/?tab=art")
    prompt = page.get_by_placeholder("Describe the picture")
    prompt.fill("a tower by the sea at night with stars and the moon")
    prompt.press("Control+Enter")  # the main action from the keyboard
    status = page.locator("#art-status")
    expect(status).to_contain_text("Done in", timeout=90_000)
    first = re.search(r"seed (\d+)", status.inner_text()).group(1)
    page.get_by_role("button", name="Paint", exact=True).click()
    expect(status).not_to_contain_text(f"seed {first}.", timeout=90_000)
    expect(status).to_contain_text("Done in", timeout=90_000)
    second = re.search(r"seed (\d+)", status.inner_text()).group(1)
    assert second != first
    page.get_by_role("button", name="Keep the last seed").click()
    expect(page.get_by_label("Seed (same seed, same picture)")).to_have_value(second)


@pytest.mark.skipif(not art_available(), reason="the art model's weights are not on this machine")
def test_a_painted_picture_goes_to_the_deepfake_check_in_one_click_and_a_stop_stops_painting(page, app_url):
    page.set_default_timeout(20_000)
    page.goto(f"{app_url}/?tab=art")
    page.get_by_role("spinbutton", name="number input for Steps").fill("50")  # long enough to be stopped
    page.get_by_role("spinbutton", name="number input for Steps").press("Enter")
    page.get_by_role("button", name="Paint", exact=True).click()
    expect(page.locator("#art-status")).to_contain_text("Step", timeout=60_000)
    page.get_by_role("button", name="Stop", exact=True).click()
    expect(page.locator("#art-status")).to_contain_text("Stopped.")
    page.wait_for_timeout(1_500)  # a visitor reads "Stopped." before painting again
    page.get_by_role("spinbutton", name="number input for Steps").fill("6")
    page.get_by_role("spinbutton", name="number input for Steps").press("Enter")
    page.get_by_role("button", name="Paint", exact=True).click()
    expect(page.locator("#art-status")).to_contain_text("Done in", timeout=90_000)
    page.get_by_role("button", name="Check the newest picture in the Deepfake check tab").click()
    expect(page.get_by_role("heading", name="Machine-made: strong evidence")).to_be_visible(timeout=60_000)
    assert selected_tabs(page) == ["Deepfake check", "Picture"]


def test_the_shipped_tables_explain_their_coded_columns(page, app_url):
    page.set_default_timeout(20_000)
    for tab in ("synthetic_data", "ethics/fairness"):
        page.goto(f"{app_url}/?tab={tab}")
        fold = page.locator("summary", has_text="What the columns mean")
        expect(fold).to_be_visible()
        assert fold.bounding_box()["height"] >= 28, "the fold's title is squashed to a line, hard to see or to tap"
        assert fold.evaluate("s => { const block = s.closest('.block').getBoundingClientRect(), "
                             "own = s.getBoundingClientRect(); return own.top >= block.top && "
                             "own.bottom <= block.bottom; }"), "the fold's frame is cut off by its block"
        fold.click()
        expect(page.get_by_text("loan-to-value ratio: the loan divided by the property's value")).to_be_visible()


MAIN_ACTIONS = {  # tab: (its main button, where its result appears)
    "art": ("Paint", "#art-status"),  # "Step 5 of 20…", then the picture below it
    "writing": ("Write", "#written-text"),
    "quests": ("Make the quest", "#quest-card"),
    "synthetic_data": ("Generate synthetic data", "#synthesis-summary"),
    "molecules/generate": ("Generate molecules", "#generated-quality"),
    "molecules/optimise": ("Start optimising", "#optimise-summary"),
    "ethics/fairness": ("Audit", "#audit-findings"),
    "lab/make": ("Make digits", "#lab-status"),
}


def test_on_a_phone_each_tabs_result_begins_within_a_screen_of_its_button(page, app_url):
    """A visitor who taps the main button sees the result start without scrolling a whole screen further."""
    page.set_viewport_size(SIZES["phone"])
    page.set_default_timeout(20_000)
    far = []
    for tab, (button_name, result) in MAIN_ACTIONS.items():
        if tab.startswith("art") and not art_available():
            continue  # the art model's weights are not on this machine
        visit(page, app_url, tab)
        button = page.get_by_role("button", name=button_name, exact=True)
        button.scroll_into_view_if_needed()
        output = page.locator(result)
        expect(output).to_be_visible()
        gap = output.bounding_box()["y"] - (button.bounding_box()["y"] + button.bounding_box()["height"])
        if not 0 <= gap < SIZES["phone"]["height"] / 2:
            far.append(f"{tab}: the result starts {gap:.0f} px below {button_name}")
    assert not far, far


FIRST_CONTROLS = {"art": "textarea", "writing": "input[type=radio]", "quests": "input, textarea",
                  "synthetic_data": "input, textarea", "molecules": "input, textarea",
                  "deepfake_check": ".block:has(input[type=file])", "ethics": "input, textarea", "lab": "input[type=radio]"}


def test_on_a_phone_the_first_thing_to_fill_in_is_on_the_first_screen(page, app_url):
    """A tab's introduction is short enough that a phone shows its first box or choice without scrolling."""
    page.set_viewport_size(SIZES["phone"])
    low = []
    for tab, selector in FIRST_CONTROLS.items():
        visit(page, app_url, tab)
        page.wait_for_timeout(500)  # drawn at its height
        top = page.evaluate("""(selector) => {
            const panel = [...document.querySelectorAll("[role=tabpanel]")].find((shown) => shown.offsetParent);
            const first = [...panel.querySelectorAll(selector)].find((e) => e.offsetParent || e.type === "radio");
            return first.getBoundingClientRect().top + window.scrollY;
        }""", selector)
        if top + 150 > SIZES["phone"]["height"]:
            low.append(f"{tab}: the first control starts {top:.0f} px down")
    assert not low, low


LOADED_EXAMPLES = {"deepfake_check/picture": ["A real photograph (a cup of coffee)",
                                              "Made by AI on another server (Genlab's painter)"],  # square: 480 px
                   "deepfake_check/video": ["A real photograph, filmed as a slow pan (4 s)"]}


LAPTOP_MAIN_BUTTONS = {**{tab: button for tab, (button, _) in MAIN_ACTIONS.items()},
                       "molecules/properties": "Show properties", "lab/train": "Train",
                       "deepfake_check/picture": "Check this picture", "deepfake_check/video": "Check this video"}


def test_on_a_laptop_the_main_button_is_on_the_first_screen(page, app_url):
    """1280 x 800, a common laptop screen: the visitor sees the button that makes something without scrolling,
    with the picture or video to check in its box (the box grows with it: the video's Check was at 814 px)."""
    page.set_viewport_size({"width": 1280, "height": 800})
    low = []
    for tab, button_name in LAPTOP_MAIN_BUTTONS.items():
        if tab == "art" and not art_available():
            continue  # the art model's weights are not on this machine
        visit(page, app_url, tab)
        button = page.get_by_role("button", name=button_name, exact=True)
        expect(button).to_be_visible(timeout=20_000)
        for example in LOADED_EXAMPLES.get(tab, [None]):
            if example:
                page.get_by_text(example, exact=True).click()
                page.wait_for_timeout(2_000)  # loaded and drawn at its size
                page.evaluate("() => window.scrollTo(0, 0)")
            page.wait_for_timeout(500)  # the tab's first event (a table's description) has filled in
            box = button.bounding_box()
            if box["y"] + box["height"] > 800:
                low.append(f"{tab} ({example or 'empty'}): {button_name} ends {box['y'] + box['height']:.0f} px down")
    assert not low, low


@pytest.mark.parametrize("tab", ["art", "writing"])
def test_on_a_laptop_the_examples_are_on_the_first_screen_and_no_empty_frame_waits_for_a_result(page, app_url, tab):
    """The examples sat under both columns, below an 800 px screen, while Art's first screen held an empty
    picture frame and an empty gallery."""
    if tab == "art" and not art_available():
        pytest.skip("the art model's weights are not on this machine")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{app_url}/?tab={tab}")
    example = page.locator(f"#tab-{tab} button.gallery-item").first
    expect(example).to_be_visible(timeout=20_000)
    box = example.bounding_box()
    assert box["y"] + box["height"] <= 800, f"the first example ends {box['y'] + box['height']:.0f} px down"
    if tab == "art":
        expect(page.locator("#art-preview")).to_be_hidden()
        expect(page.locator("#art-gallery")).to_be_hidden()
        page.get_by_role("button", name="Paint", exact=True).click()
        expect(page.locator("#art-preview")).to_be_visible(timeout=5_000)  # as the painting starts
        expect(page.locator("#art-gallery img").first).to_be_visible(timeout=90_000)


def test_a_sliders_range_is_shown_at_its_ends_on_a_phone_too(sized_page, app_url):
    page = sized_page
    page.goto(f"{app_url}/?tab=art")
    steps = page.locator(".block", has=page.get_by_text("More steps: finer, slower.")).first
    expect(steps.locator(".min_value")).to_be_visible()
    expect(steps.locator(".min_value")).to_have_text("1")
    expect(steps.locator(".max_value")).to_be_visible()
    expect(steps.locator(".max_value")).to_have_text("50")
    # whole, not cut by the box: two sliders side by side on a phone pushed "50" half out of it
    label, box = steps.locator(".max_value").bounding_box(), steps.locator(".slider_input_container").bounding_box()
    assert label["x"] + label["width"] <= box["x"] + box["width"]


def test_in_the_dark_theme_a_sliders_track_is_dark_too(page, app_url):
    """Its unfilled part stayed the light theme's #e5e7eb, the brightest thing on a dark page."""
    import io

    import numpy as np
    from PIL import Image

    page.goto(f"{app_url}/?tab=art&__theme=dark")
    slider = page.locator("#tab-art input[type=range]").first
    slider.wait_for()
    box = slider.bounding_box()  # a stretch of the track past the filled part and the handle
    track = page.screenshot(clip={"x": box["x"] + box["width"] * 0.75, "y": box["y"], "width": box["width"] * 0.2,
                                  "height": box["height"]})
    assert np.asarray(Image.open(io.BytesIO(track)).convert("L")).max() < 150


def test_a_hint_about_keys_shows_on_a_laptop_not_on_a_phone(page, app_url):
    """Art's "Ctrl+Enter (or Shift+Enter) paints" showed on a phone, which has neither key."""
    hint = page.get_by_text("Ctrl+Enter (or Shift+Enter) paints")
    for size, shown in ((SIZES["laptop"], True), (SIZES["phone"], False)):
        page.set_viewport_size(size)
        page.goto(f"{app_url}/?tab=art")
        expect(page.get_by_role("button", name="Paint", exact=True)).to_be_visible()
        expect(hint).to_be_visible() if shown else expect(hint).to_be_hidden()


@pytest.mark.parametrize("tab, label", [("quests", "Setting"), ("molecules/optimise", "Start from a goal")])
def test_a_dropdowns_chosen_words_end_before_its_arrow_on_a_phone(page, app_url, tab, label):
    page.set_viewport_size(SIZES["phone"])
    page.goto(f"{app_url}/?tab={tab}")
    box = page.get_by_label(label, exact=True).first
    expect(box).to_be_visible()
    arrow = page.locator(".block", has=box).locator(".icon-wrap").first.bounding_box()
    words_end = box.evaluate("input => { const r = input.getBoundingClientRect(); "
                             "return r.right - parseFloat(getComputedStyle(input).paddingRight); }")
    assert words_end <= arrow["x"] + 1, "the chosen words run under the dropdown's arrow"


@pytest.mark.parametrize("tab, button_name, summary", [
    ("synthetic_data", "Generate synthetic data", "#synthesis-summary"),
    ("molecules/optimise", "Start optimising", "#optimise-summary"),
])
def test_a_long_job_shows_its_progress_and_true_time_above_the_summary_not_over_it(page, app_url, tab, button_name,
                                                                                   summary):
    page.set_viewport_size(SIZES["phone"])
    page.set_default_timeout(30_000)
    page.goto(f"{app_url}/?tab={tab}")
    button = page.get_by_role("button", name=button_name, exact=True)
    words = page.locator(summary).locator("[data-testid=markdown]")
    expect(words).to_be_visible()
    assert words.bounding_box()["y"] - page.locator(summary).bounding_box()["y"] < 30  # no room kept while idle
    button.click()
    bar = page.locator(summary).get_by_role("progressbar")
    expect(bar).to_be_visible()
    # the line says how long the job has taken, counted from the press; Gradio's own timer restarted at every update
    line = page.locator(summary).locator(".progress-level-inner")
    expect(line).to_contain_text(re.compile(r"· \d+ s"))
    # in the page's letters, with the bar for the share done: not "Training: 10 of 30 s - 33.3%" in a typewriter's
    # letters (review 13)
    expect(line).not_to_contain_text("%")
    assert "mono" not in line.evaluate("e => getComputedStyle(e).fontFamily").lower()
    expect(page.locator(summary).locator(".progress-text")).to_be_hidden()
    # the bar sits above the summary's words, not on top of them, and within a screen of the button (measured at
    # once: between two updates the bar can be gone for an instant)
    bar_box = page.locator(summary).get_by_role("progressbar").first.evaluate("e => e.getBoundingClientRect().toJSON()")
    assert bar_box["y"] + bar_box["height"] <= words.evaluate("e => e.getBoundingClientRect().y")
    assert bar_box["y"] - button.evaluate("e => e.getBoundingClientRect().y") < SIZES["phone"]["height"] / 2
    page.get_by_role("button", name="Stop", exact=True).first.click()


def test_every_dropdowns_chosen_words_show_whole_on_a_phone(page, app_url):
    """Not "Boston mortgage decisions (H…", "Every t…" or "f…" (three drop-downs in a row)."""
    page.set_viewport_size(SIZES["phone"])
    cut = []
    for tab in ("ethics", "ethics/energy", "ethics/transparency", "synthetic_data", "molecules/optimise", "quests",
                "writing"):
        first = not page.url.startswith(app_url)
        visit(page, app_url, tab)
        page.wait_for_timeout(2_000 if first else 300)  # the page's first event has filled its drop-downs in
        boxes = page.locator(".secondary-wrap input:visible")
        expect(boxes.first).to_be_visible(timeout=20_000)
        for box in boxes.all():
            room, words, value = box.evaluate(
                "input => { const style = getComputedStyle(input); "
                "const context = document.createElement('canvas').getContext('2d'); "
                "context.font = `${style.fontSize} ${style.fontFamily}`; "
                "return [input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight), "
                "context.measureText(input.value).width, input.value]; }")
            if words > room:
                cut.append(f"{tab}: “{value}” needs {words:.0f} px and has {room:.0f}: it ends in “…”")
    assert not cut, cut


PAGES = [("Art", None), ("Writing", None), ("Quests", None), ("Synthetic data", None),
         *(("Molecules", sub) for sub in ("Generate", "Properties", "Optimise")),
         *(("Deepfake check", sub) for sub in ("Picture", "Video", "Text")),
         *(("Ethics", sub) for sub in ("Fairness audit", "Energy and carbon", "Transparency", "Language model",
                                       "Anonymiser")),
         *(("Lab", sub) for sub in ("Make digits", "Train one live", "Inside each model", "Compare"))]


def test_no_empty_frame_waits_for_a_result_before_anything_is_pressed(suite_page):
    """Charts, pictures, galleries, download boxes and "as JSON" folds appear with what fills them, inside the
    folds a visitor opens too: empty, each was a 240 px frame with a grey icon (two on Molecules' first screen,
    about 500 px on a phone before the first result) or a fold holding an empty JSON."""
    page = suite_page
    found = {}
    for tab, sub_tab in PAGES:
        page.get_by_role("tab", name=tab, exact=True).click()
        if sub_tab:
            page.get_by_role("tab", name=sub_tab, exact=True).click()
        page.wait_for_timeout(500)  # the tab's first event (a table's description) has filled in
        page.evaluate("""() => [...document.querySelectorAll('button.label-wrap:not(.open)')]
            .filter(fold => fold.offsetParent !== null).forEach(fold => fold.click())""")  # a visitor opens folds
        page.wait_for_timeout(300)
        found[sub_tab or tab] = page.evaluate("""() => [
            ...[...document.querySelectorAll('.empty')]
                .filter(frame => frame.offsetParent !== null && frame.getBoundingClientRect().height > 30)
                .map(frame => frame.closest('.block')?.querySelector('[data-testid=block-label], label')?.innerText
                     || '?'),
            ...[...document.querySelectorAll('button.label-wrap')]
                .filter(fold => fold.offsetParent !== null && /JSON/.test(fold.innerText))
                .map(fold => fold.innerText.trim())]""")
    assert not any(found.values()), f"empty frames, or data folds before there are data: {found}"


ACTIONS_WITH_STOP = {"art": "Paint", "writing": "Write", "synthetic_data": "Generate synthetic data",
                     "molecules/optimise": "Start optimising", "lab/train": "Train"}


def test_on_a_phone_a_button_and_its_stop_button_are_one_height(page, app_url):
    """Review 12: "Generate synthetic data" wrapped to two lines on a phone, and the Stop beside it stayed short."""
    page.set_viewport_size(SIZES["phone"])
    page.set_default_timeout(20_000)
    heights = {}
    for tab, action in ACTIONS_WITH_STOP.items():
        visit(page, app_url, tab)
        panel = page.locator(f"#tab-{tab.replace('/', '-')}")
        button = panel.get_by_role("button", name=action, exact=True)
        stop = button.locator("xpath=..").get_by_role("button", name="Stop", exact=True)
        heights[tab] = (round(button.bounding_box()["height"]), round(stop.bounding_box()["height"]))
    assert all(abs(ours - its_stop) <= 1 for ours, its_stop in heights.values()), heights


def test_keep_the_last_seed_reads_on_one_line_beside_the_seed_box(sized_page, app_url):
    """It wrapped to two lines in a small box floating by the seed's title (review 13)."""
    page = sized_page
    for tab in ("art", "writing", "molecules", "lab/train"):
        page.goto(f"{app_url}/?tab={tab}")
        if tab == "writing":
            page.get_by_text("Fine controls").click()
        panel = f"#tab-{tab.replace('/', '-')}" if tab != "molecules" else "#tab-molecules-generate"
        keep = page.locator(panel).get_by_role("button", name="Keep the last seed")
        expect(keep).to_be_visible(timeout=20_000)
        seed = keep.locator("xpath=ancestor::div[contains(@class, 'row')][1]").locator("input, textarea").first
        expect(seed).to_be_visible()
        page.wait_for_timeout(300)  # laid out
        box, field = keep.bounding_box(), seed.bounding_box()
        line = keep.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || 20")
        assert box["height"] < 1.6 * line + 12, f"{tab}: the button's words wrap ({box['height']:.0f} px high)"
        # and fit inside its frame with room at the sides (they ran edge to edge, review 14)
        assert keep.evaluate("e => e.scrollWidth <= e.clientWidth"), f"{tab}: the button's words overflow it"
        below = box["y"] >= field["y"] + field["height"]  # a phone may put it under the box, where it reads next
        assert below or abs((box["y"] + box["height"] / 2) - (field["y"] + field["height"] / 2)) < 12, \
            f"{tab}: the button stands {field['y'] - box['y']:.0f} px above the seed box"


def test_in_the_dark_theme_the_about_cards_drawings_lie_on_the_cards_own_colour(page, app_url):
    """A chart or molecule drawn on white, turned dark for the dark theme, stood as a grey box on the blue-grey card
    (review 13)."""
    import io

    from PIL import Image

    page.set_viewport_size(SIZES["laptop"])
    page.goto(f"{app_url}/?__theme=dark")
    drawings = page.locator(".genlab-card img.genlab-invert-dark")
    expect(drawings.first).to_be_visible(timeout=20_000)
    for index in range(drawings.count()):
        drawing = drawings.nth(index)
        drawing.scroll_into_view_if_needed()
        card = drawing.evaluate("e => getComputedStyle(e.closest('.genlab-card')).backgroundColor")
        card_rgb = [int(part) for part in card[card.index("(") + 1:card.index(")")].split(",")[:3]]
        corner = Image.open(io.BytesIO(drawing.screenshot())).convert("RGB").getpixel((3, 3))
        assert max(abs(a - b) for a, b in zip(corner, card_rgb)) <= 8, (index, corner, card_rgb)


def test_in_the_dark_theme_the_molecules_drawings_lie_on_their_panels_colour(page, app_url):
    """Each molecule's card stood neutral grey on the blue-grey panel (review 14)."""
    import io

    from PIL import Image

    page.set_viewport_size(SIZES["laptop"])
    page.goto(f"{app_url}/?tab=molecules&__theme=dark")
    page.get_by_role("button", name="Generate molecules", exact=True).click()
    drawing = page.locator(".genlab-invert-dark img").first
    expect(drawing).to_be_visible(timeout=60_000)
    page.wait_for_timeout(500)
    panel = drawing.evaluate("e => getComputedStyle(e.closest('.block')).backgroundColor")
    panel_rgb = [int(part) for part in panel[panel.index("(") + 1:panel.index(")")].split(",")[:3]]
    corner = Image.open(io.BytesIO(drawing.screenshot())).convert("RGB").getpixel((3, 3))
    assert max(abs(a - b) for a, b in zip(corner, panel_rgb)) <= 8, (corner, panel_rgb)
