import re

from playwright.sync_api import expect


def test_sample_twenty_molecules_and_see_them_drawn(suite_page):
    page = suite_page
    page.get_by_role("tab", name="Molecules").click()
    # the empty results table is read-only: no "Add row" button that makes an empty molecule
    expect(page.get_by_role("button", name="Generate molecules")).to_be_visible()
    expect(page.get_by_role("button", name="Add row")).to_have_count(0)
    page.get_by_role("button", name="Generate molecules").click()
    expect(page.get_by_text("are valid molecules")).to_be_visible(timeout=60_000)
    expect(page.locator("#generated-drawing img").first).to_be_visible()
    distributions = page.locator("#generated-distributions")
    expect(distributions.get_by_text(re.compile(r"your \d+ molecules"))).to_be_visible()
    expect(distributions.get_by_text("training molecules (10,000 random)")).to_be_visible()
    # in the dark theme every panel's axis labels are light, not only the first panel's
    page.evaluate("document.body.classList.add('dark')")
    fills = page.evaluate("""() => [...document.querySelectorAll('#generated-distributions .xaxislayer-above text')]
        .map(text => getComputedStyle(text).fill)""")
    assert len(fills) > 4 and set(fills) == {"rgb(229, 231, 235)"}
    page.evaluate("document.body.classList.remove('dark')")
    page.get_by_text("How good is this generator? (measured)").click()
    expect(page.get_by_text("CharRNN (published)")).to_be_visible()
    # asking for none is said, not quietly turned into one molecule
    page.get_by_label("How many molecules (1 to 10,000)").fill("0")
    page.get_by_role("button", name="Generate molecules").click()
    expect(page.get_by_text("Ask for between 1 and 10,000 molecules.")).to_be_visible()


def test_run_a_short_optimisation_and_see_the_score_plot(suite_page):
    page = suite_page
    page.get_by_role("tab", name="Molecules").click()
    page.get_by_role("tab", name="Optimise").click()
    # the methods are named by what they do, the genetic algorithm explained without a citation
    expect(page.get_by_role("radio", name="Breed molecules")).to_be_checked()
    expect(page.get_by_text("genetic algorithm on molecule graphs")).to_be_visible()
    expect(page.get_by_text("Graph GA", exact=True)).to_have_count(0)
    generations = page.get_by_role("spinbutton", name="number input for Generations")
    generations.fill("3")
    generations.press("Enter")
    page.get_by_role("button", name="Start optimising").click()
    expect(page.get_by_text("Finished").first).to_be_visible(timeout=120_000)
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    # the best molecules' columns (weight, oiliness, drug-likeness) are explained under their table, as elsewhere
    page.locator("#tab-molecules-optimise").get_by_text("What the columns mean").click()
    expect(page.locator("#tab-molecules-optimise").get_by_text("quantitative estimate of drug-likeness")).to_be_visible()
    # in the dark theme the plot takes the page's background instead of Plotly's white, and its text is light
    page.evaluate("document.body.classList.add('dark')")
    colours = page.evaluate("""() => {
        const plot = document.querySelector('.js-plotly-plot');
        return [getComputedStyle(plot.querySelector('.main-svg')).backgroundColor,
                getComputedStyle(plot.querySelector('.gtitle')).fill,
                getComputedStyle(plot.querySelector('.xaxislayer-above text')).fill];
    }""")
    assert colours == ["rgba(0, 0, 0, 0)", "rgb(229, 231, 235)", "rgb(229, 231, 235)"]


def test_on_a_phone_a_downloads_name_reads_as_one_name_its_extension_at_the_end(page, app_url):
    page.set_viewport_size({"width": 300, "height": 800})  # a narrow phone: the name takes two lines
    page.goto(f"{app_url}/?tab=molecules")
    page.get_by_role("button", name="Generate molecules").click()
    names = page.locator(".filename")
    expect(names.first).to_be_visible(timeout=120_000)
    assert names.first.locator(".stem").evaluate("stem => stem.getClientRects().length") == 2
    for name in names.all():  # "generated-" / "molecules.csv", not "generated- .csv" / "molecules"
        (last_top, last_right), (extension_top, extension_left) = name.evaluate(
            "name => { const lines = name.querySelector('.stem').getClientRects(); "
            "const last = lines[lines.length - 1]; "
            "const extension = name.querySelector('.ext').getBoundingClientRect(); "
            "return [[last.top, last.right], [extension.top, extension.left]]; }")
        same_line = abs(last_top - extension_top) <= 1 and extension_left >= last_right - 1
        assert same_line or extension_top > last_top + 1  # after the name's last line, or on the next line


def test_on_a_phone_the_drawings_are_two_a_row_and_a_tap_shows_one_large(page, app_url):
    """One picture of twelve, three to a row, gave each molecule about 120 px on a phone: its atoms unreadable."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{app_url}/?tab=molecules/generate")
    page.get_by_role("button", name="Generate molecules").click()
    drawings = page.locator("#generated-drawing .thumbnail-item")
    expect(drawings).to_have_count(12, timeout=60_000)
    first, second, third = (drawings.nth(i).bounding_box() for i in range(3))
    assert first["width"] >= 160 and abs(second["y"] - first["y"]) <= 1 and third["y"] > first["y"] + 100
    drawings.first.click()
    preview = page.locator("#generated-drawing .preview img, #generated-drawing img.preview").first  # the tapped one
    expect(preview).to_be_visible()
    assert preview.bounding_box()["width"] >= 300
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{app_url}/?tab=molecules/generate")
    page.get_by_role("button", name="Generate molecules").click()
    expect(drawings).to_have_count(12, timeout=60_000)
    first, fourth = drawings.first.bounding_box(), drawings.nth(3).bounding_box()
    assert abs(fourth["y"] - first["y"]) <= 1 and first["width"] >= 160  # four to a row on a laptop


def test_a_small_files_size_reads_in_bytes(page, app_url):
    """Gradio writes 370 bytes as "370.0 B"."""
    page.goto(f"{app_url}/?tab=molecules/properties")
    page.get_by_role("button", name="Show properties", exact=True).click()
    sizes = page.locator("#tab-molecules-properties td.download")
    expect(sizes.first).to_be_visible(timeout=60_000)
    expect(sizes.filter(has_text=re.compile(r"^\d[\d,]* bytes"))).not_to_have_count(0)
    expect(sizes.filter(has_text=re.compile(r"\.0\sB\b"))).to_have_count(0)
    # a download box offers its files, not a × that takes them away
    expect(page.locator("#tab-molecules-properties").get_by_role("button", name="Remove this file")).to_have_count(0)


def test_on_a_phone_the_3d_picker_stands_right_above_its_shape(page, app_url):
    """The download block stood between the picker and the shape it picks."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{app_url}/?tab=molecules/properties")
    page.get_by_role("button", name="Show properties", exact=True).click()
    shape = page.locator("#tab-molecules-properties .js-plotly-plot").last
    expect(shape).to_be_visible(timeout=60_000)
    picker = page.get_by_label("See in 3D").bounding_box()
    downloads = page.locator("#tab-molecules-properties td.download").first.bounding_box()
    assert picker["y"] < shape.bounding_box()["y"] < picker["y"] + 250
    assert not picker["y"] < downloads["y"] < shape.bounding_box()["y"]


def test_each_molecule_of_the_example_list_stays_on_its_own_line(page, app_url):
    """The box wrapped caffeine's long SMILES, so "C caffeine" stood on a line of its own in a box that asks for
    one molecule per line; a first fix that scrolled instead hid the names at the lines' ends. The example is now
    a SMILES with its name and two names, each shorter than the box."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{app_url}/?tab=molecules/properties")
    box = page.get_by_label("Molecules (a name like aspirin, or SMILES or SELFIES; one per line)")
    expect(box).to_be_visible(timeout=20_000)
    widths = box.evaluate("""box => {
        const style = getComputedStyle(box), context = document.createElement('canvas').getContext('2d');
        context.font = `${style.fontSize} ${style.fontFamily}`;
        const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return box.value.split('\\n').map(line => [context.measureText(line).width, room]); }""")
    assert len(widths) == 3 and all(width <= room for width, room in widths), widths
    assert "aspirin" in box.input_value() and "caffeine" in box.input_value()
