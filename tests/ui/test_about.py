from playwright.sync_api import expect


def test_a_visitor_sees_what_the_suite_is_and_which_models_it_uses(suite_page):
    page = suite_page
    expect(page.get_by_role("tab", name="About")).to_be_visible()
    expect(page.get_by_role("heading", name="Genlab", exact=True)).to_be_visible()
    expect(page.get_by_text("Models in use: profile embedded")).to_be_visible()
    expect(page.get_by_text("Everything made here carries its own proof of origin")).to_be_visible()


def test_a_developer_can_open_the_settings_as_json(suite_page):
    page = suite_page
    page.get_by_text("For developers: the suite's settings as JSON").click()
    page.get_by_role("button", name="Refresh").click()
    expect(page.get_by_text('"embedded"').first).to_be_visible()


def test_the_page_settles_so_browsers_and_screenshot_tools_see_it_idle(page, app_url):
    # A gr.State anywhere keeps a heartbeat connection open for ever; the page must still go idle.
    page.goto(app_url, wait_until="networkidle", timeout=30_000)
    expect(page.get_by_role("tab", name="About")).to_be_visible()
