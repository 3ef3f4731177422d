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


def test_on_a_phone_the_download_names_show_whole(page, app_url):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{app_url}/?tab=quests")
    page.get_by_role("button", name="Make the quest").click()
    stems = page.locator(".filename .stem")
    expect(stems).to_have_count(3, timeout=30_000)
    for stem in stems.all():
        assert stem.evaluate("name => name.scrollWidth <= name.clientWidth"), stem.inner_text()
        assert not stem.inner_text().endswith("…")
