import re

import pandas as pd
from playwright.sync_api import expect


def test_audit_hmda_by_race_see_disparate_impact_flagged_then_mitigate_and_see_what_got_worse(suite_page):
    page = suite_page
    page.get_by_role("tab", name="Ethics").click()
    expect(page.get_by_label("Predicted outcome")).to_have_value("denied", timeout=30_000)
    page.get_by_role("button", name="Audit").click()
    # the verdict first; the four-fifths arithmetic behind it one click away
    expect(page.get_by_text("In short: the model passes the four-fifths test, the data does not.")).to_be_visible(
        timeout=60_000)
    expect(page.get_by_text("so the data fails the four-fifths rule")).to_be_hidden()
    page.get_by_text("How the verdict was reached").click()
    expect(page.get_by_text("so the data fails the four-fifths rule")).to_be_visible()
    page.get_by_label("Make it fairer").click()
    page.get_by_role("option", name="A decision threshold per group (threshold optimizer)").click()
    page.get_by_role("button", name="Audit").click()
    expect(page.get_by_text("Threshold optimizer is a trade-off, not a clear win")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("cell", name="equalized odds difference")).to_be_visible()


def test_an_audit_reveals_its_table_and_labels_its_points_legibly_in_the_dark_theme(suite_page):
    page = suite_page
    page.get_by_role("tab", name="Ethics").click()
    expect(page.get_by_label("Predicted outcome")).to_have_value("denied", timeout=30_000)
    expect(page.get_by_text("By group: the model’s predictions on test rows it never saw")).to_be_hidden()
    page.get_by_role("tab", name="Anonymiser").click()
    expect(page.get_by_role("button", name="Anonymise")).to_be_visible()
    expect(page.get_by_text("Anonymised rows", exact=False)).to_be_hidden()
    page.get_by_role("tab", name="Fairness audit").click()
    page.get_by_role("button", name="Audit").click()
    expect(page.get_by_text("By group: the model’s predictions on test rows it never saw")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("columnheader", name="rate of “denied”").first).to_be_visible()
    # in the dark theme the labels beside the points are light too, not Plotly's dark blue
    page.locator(".textpoint text").first.wait_for()
    page.evaluate("document.body.classList.add('dark')")
    label_colour = page.evaluate("getComputedStyle(document.querySelector('.textpoint text')).fill")
    page.evaluate("document.body.classList.remove('dark')")
    assert label_colour == "rgb(229, 231, 235)"


def test_energy_and_the_audit_log_read_in_plain_words(suite_page):
    page = suite_page
    page.get_by_role("tab", name="Quests").click()
    page.get_by_role("button", name="Make the quest").click()
    expect(page.get_by_text("Checked:", exact=True)).to_be_visible(timeout=30_000)
    page.get_by_role("tab", name="Ethics").click()
    page.get_by_role("tab", name="Energy and carbon").click()
    expect(page.get_by_text("Everything made in this suite is metered")).to_be_visible()  # what the tab is for
    expect(page.get_by_text("0: use the grid picked in the list.")).to_be_visible()
    page.get_by_role("button", name="Show energy").click()
    expect(page.get_by_role("columnheader", name="Wh per record").first).to_be_visible(timeout=30_000)
    page.get_by_role("tab", name="Transparency").click()
    page.get_by_role("button", name="Search the audit log").click()
    expect(page.get_by_role("columnheader", name="time (UTC)").first).to_be_visible(timeout=30_000)
    expect(page.get_by_role("columnheader", name="energy (Wh)").first).to_be_visible()  # as the energy tab says it
    expect(page.get_by_role("gridcell", name="Quests", exact=True).first).to_be_visible()  # the title, not its key
    expect(page.get_by_text("People are told they are dealing with AI-generated content (50(1))")).to_be_visible()
    # the table's label counts the records it holds, as many as the download has (it read as six rows only)
    records = len(pd.read_csv(page.locator("#tab-ethics-transparency a[download]").first.get_attribute("href")))
    expect(page.get_by_text(re.compile(rf"^Audit log: {records:,} records?, newest first"))).to_be_visible()


def test_a_bad_grid_figure_after_a_report_hides_the_emptied_table_rather_than_heading_it_1_2_3(page, app_url):
    page.goto(f"{app_url}/?tab=ethics/energy")
    page.get_by_role("button", name="Show energy").click()
    table = page.get_by_text("Per tab, model and hardware")
    expect(table).to_be_visible(timeout=30_000)
    page.get_by_label("Or your own grid figure (g CO2e per kWh)").fill("-5")
    page.get_by_role("button", name="Show energy").click()
    expect(page.get_by_text("A grid intensity is between 0 and about 1,200 g CO2e per kWh.")).to_be_visible()
    expect(table).to_be_hidden()
    expect(page.get_by_role("columnheader", name="1", exact=True)).to_have_count(0)


def test_on_a_phone_a_wide_table_says_it_scrolls_sideways_and_the_charts_axis_title_is_whole(page, app_url):
    hint = "More columns to the right: scroll or swipe the table sideways\u00a0→"  # the arrow never on a line of its own
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{app_url}/?tab=ethics")
    page.get_by_role("button", name="Audit").click()
    table = page.locator(".table-container").filter(has=page.get_by_role("columnheader", name="test rows"))
    expect(table).to_have_attribute("data-genlab-wider", "", timeout=60_000)
    shown = page.evaluate("(element) => getComputedStyle(element, '::before').content", table.element_handle())
    assert hint in shown
    chart = page.locator(".js-plotly-plot", has=page.get_by_text("Accuracy against the gap"))
    title = chart.locator(".g-xtitle").bounding_box()  # "... between groups (percentage poi" was cut at the edge
    assert title["x"] + title["width"] <= chart.bounding_box()["x"] + chart.bounding_box()["width"] + 1
    page.set_viewport_size({"width": 1900, "height": 900})  # wide enough for every column: no hint
    expect(table).not_to_have_attribute("data-genlab-wider", "", timeout=5_000)


def test_on_a_laptop_the_audit_log_shows_every_column_without_scrolling_sideways(page, app_url):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{app_url}/?tab=ethics/transparency")
    page.get_by_role("button", name="Search the audit log").click()
    heading = page.get_by_role("columnheader", name="settings and prompt")
    expect(heading).to_be_visible(timeout=60_000)
    table = page.locator(".table-container").filter(has=heading)
    page.wait_for_timeout(1_500)  # the page marks a wider table within 0.7 s
    expect(table).not_to_have_attribute("data-genlab-wider", "")
    assert heading.bounding_box()["x"] + heading.bounding_box()["width"] <= 1280
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: the rows right under the button, not below the
    page.wait_for_timeout(500)  # law's checklist, a screen further down
    button = page.get_by_role("button", name="Search the audit log").bounding_box()
    gap = table.bounding_box()["y"] - (button["y"] + button["height"])
    assert 0 <= gap < 844 / 2, f"the audit log starts {gap:.0f} px below its button"
    page.goto(f"{app_url}/?tab=quests")  # something measured, for the energy table
    page.get_by_role("button", name="Make the quest").click()
    expect(page.get_by_text("Checked:", exact=True).first).to_be_visible(timeout=60_000)
    page.goto(f"{app_url}/?tab=ethics/energy")  # its table had no wrapping: cells cut to "Intel or AMD proc…"
    page.get_by_role("button", name="Show energy").click()
    hardware = page.get_by_role("gridcell", name="Intel or AMD processor").first
    expect(hardware).to_be_visible(timeout=60_000)
    assert hardware.evaluate("cell => [...cell.querySelectorAll('*')].every(e => getComputedStyle(e).textOverflow "
                             "!== 'ellipsis' || e.scrollWidth <= e.clientWidth)")


def test_the_anonymiser_says_a_missing_file_once_and_takes_a_small_table(suite_page, tmp_path):
    page = suite_page
    page.goto(page.url.split("?")[0] + "?tab=ethics/anonymiser")
    page.get_by_role("button", name="Anonymise").click()
    expect(page.get_by_text("Upload a CSV or Parquet file with the table to anonymise.")).to_have_count(1)
    expect(page.locator("span.error", has_text="Error")).to_have_count(0)  # no red pill over the explanation
    path = tmp_path / "two.csv"
    path.write_text("name,notes\nCarol Wilson,Call Carol about the loan\nBob Marsh,Bob asked twice\n")
    page.locator("input[type=file]").first.set_input_files(str(path))
    page.get_by_role("button", name="Anonymise").click()
    expect(page.get_by_text("Anonymised rows (all 2)")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("a generator needs")).to_have_count(0)
    expect(page.get_by_role("gridcell", name="Call Carol about the loan")).to_have_count(0)
    # on a phone the upload's two-line label stops before its "×", which stood over it
    page.set_viewport_size({"width": 390, "height": 844})
    upload = page.locator(".block", has=page.get_by_text("Table with personal data")).last
    label_right = upload.locator("[data-testid=block-label]").evaluate("label => label.getBoundingClientRect().right")
    clear_left = upload.locator(".icon-button-wrapper.top-panel").evaluate("icons => icons.getBoundingClientRect().left")
    assert label_right <= clear_left
