import re

import pytest
from playwright.sync_api import expect


def test_fill_the_dragon_example_generate_see_the_card_and_download_json(suite_page):
    page = suite_page
    page.get_by_role("tab", name="Quests").click()
    page.get_by_label("Objective").fill("defeat a dragon")
    page.get_by_label("Twist (empty: a surprise)").fill("the dragon is cursed royalty")
    page.get_by_label("Reward").fill("500 gold")
    expect(page.get_by_role("button", name="New twist")).to_be_disabled()  # no quest yet to change
    page.get_by_role("button", name="Make the quest").click()
    expect(page.get_by_text("Twist: the dragon is cursed royalty")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name="Next quest in the chain")).to_be_enabled()
    expect(page.get_by_text("Checked:", exact=True)).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="fall-of-the-dragon.json").or_(
            page.locator("a[download$='.json']")).first.click()
    assert download.value.suggested_filename.endswith(".json")
    expect(page.get_by_role("button", name="Remove this file")).to_have_count(0)  # a × beside each took it away
    # a refused reward takes the quest away, and with it the buttons that would change it
    page.get_by_label("Reward").fill("-5 gold")
    page.get_by_role("button", name="Make the quest").click()
    expect(page.get_by_text("Twist: the dragon is cursed royalty")).to_be_hidden()
    expect(page.get_by_role("button", name="Next quest in the chain")).to_be_disabled()


def test_a_labelled_example_fills_every_field(suite_page):
    page = suite_page
    page.get_by_role("tab", name="Quests").click()
    page.get_by_text("Science fiction, hard: rescue the lost engineer").click()
    expect(page.get_by_label("Objective")).to_have_value("rescue the lost engineer")
    expect(page.get_by_label("Reward")).to_have_value("800 credits, a navigation chip")
    expect(page.get_by_label("Setting")).to_have_value("science fiction")


def test_in_the_dark_theme_a_quotes_bar_stands_out_from_the_page(page, app_url):
    """A character's words are quoted with a bar at their left, which in the dark theme nearly vanished."""
    from core.chart_colours import contrast

    page.goto(f"{app_url}/?tab=quests&__theme=dark")
    page.get_by_role("button", name="Make the quest").click()
    quote = page.locator("#quest-card blockquote").first
    expect(quote).to_be_visible(timeout=60_000)
    bar, page_colour = quote.evaluate("""quote => [getComputedStyle(quote).borderLeftColor,
        getComputedStyle(document.querySelector('gradio-app') || document.body).backgroundColor]""")
    as_rgb = lambda colour: [int(n) / 255 for n in re.findall(r"\d+", colour)[:3]]  # noqa: E731
    assert contrast(as_rgb(bar), as_rgb(page_colour)) >= 3  # WCAG's least for a part of the page's drawing


def test_on_a_phone_the_download_names_show_whole(page, app_url):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{app_url}/?tab=quests")
    page.get_by_role("button", name="Make the quest").click()
    stems = page.locator(".filename .stem")
    expect(stems).to_have_count(3, timeout=30_000)
    for stem in stems.all():
        assert stem.evaluate("name => name.scrollWidth <= name.clientWidth"), stem.inner_text()
        assert not stem.inner_text().endswith("…")
        # "bane-of-the-dragon" and ".json" on one line, as the name fits once the size column takes only its room
        # (Gradio keeps 8 rem for "3.1 KB", and the review read "bane-of-the-dragon / .json")
        stem_top, extension_top = stem.evaluate(
            "stem => [stem.getBoundingClientRect().top, stem.parentElement.querySelector('.ext').getBoundingClientRect().top]")
        assert abs(stem_top - extension_top) <= 1, stem.inner_text()


def test_on_a_phone_the_three_quest_buttons_stand_equally_tall(page, app_url):
    """"Next quest in the chain" wrapped to two lines beside two one-line buttons (review 14)."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{app_url}/?tab=quests")
    page.get_by_role("button", name="Make the quest").click()
    buttons = [page.get_by_role("button", name=name, exact=True)
               for name in ("New twist", "Make it harder", "Next quest in the chain")]
    expect(buttons[0]).to_be_enabled(timeout=30_000)
    heights = [button.bounding_box()["height"] for button in buttons]
    assert max(heights) - min(heights) <= 1, heights


CROSSINGS = """() => {
    const plot = document.querySelector('#tab-quests .js-plotly-plot');
    const labels = [...plot.querySelectorAll('g.annotation')].map(label => {
        const box = label.querySelector('text').getBoundingClientRect();
        return {text: label.textContent, left: box.left, right: box.right, top: box.top, bottom: box.bottom};
    });
    const links = [...plot.querySelector('.scatterlayer .trace').querySelectorAll('path.js-line')];  // the first
    const matrix = links[0].getScreenCTM();  // trace: the links, a path for each stretch between gaps
    let x = 0, y = 0;  // plotly writes "M x,y" then "L x,y", or "V y" / "H x" for a straight line
    const path = links.map(link => link.getAttribute('d')).join('');
    const points = (path.match(/[MLVH][^MLVHZ]+/g) || []).map(step => {
        const numbers = step.slice(1).split(',').map(Number);
        if (step[0] === 'V') y = numbers[0];
        else if (step[0] === 'H') x = numbers[0];
        else [x, y] = numbers;
        const point = new DOMPoint(x, y).matrixTransform(matrix);
        return {move: step[0] === 'M', x: point.x, y: point.y};
    });
    const crossings = [];
    points.forEach((end, n) => {
        if (end.move || n === 0) return;
        const start = points[n - 1];
        const [low, high] = [Math.min(start.y, end.y), Math.max(start.y, end.y)];
        for (const label of labels) {
            const x = start.x + (end.x - start.x) * 0.5;
            if (label.left < x && x < label.right && low < label.bottom && high > label.top) crossings.push(label.text);
        }
    });
    return {labels: labels.length, segments: points.filter(p => !p.move).length, crossings};
}"""


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 800)])
def test_no_link_of_the_quest_map_runs_through_a_label_as_the_browser_draws_it(page, app_url, width, height):
    """The map's links ran through "Bone Quarry" and "2. kill"; after the storyboard layout, a link still began
    inside its place's label where the chart drew fewer pixels per unit than the layout assumed."""
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{app_url}/?tab=quests")
    page.get_by_text("Fantasy, heroic: defeat a dragon who is cursed royalty").click()
    page.get_by_role("button", name="Make the quest").click()
    expect(page.locator("#tab-quests .js-plotly-plot g.annotation").first).to_be_visible(timeout=30_000)
    page.wait_for_timeout(500)
    drawn = page.evaluate(CROSSINGS)
    assert drawn["labels"] >= 10 and drawn["segments"] >= 5
    assert not drawn["crossings"], f"links run through {drawn['crossings']}"
