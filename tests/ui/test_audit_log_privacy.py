"""Two people on the suite at once: each reads the settings and prompts of their own work in the audit log,
never the other's; the About tab says what is kept where."""

from playwright.sync_api import expect

WORD = "quillowmere"  # typed by visitor A only


def _open(browser, app_url):
    page = browser.new_context().new_page()
    page.set_default_timeout(20_000)
    page.goto(app_url)
    page.get_by_role("tab").first.wait_for()
    return page


def _search(page, text):
    page.get_by_role("tab", name="Ethics").click()
    page.get_by_role("tab", name="Transparency").click()
    page.get_by_label("Contains").fill(text)
    page.get_by_role("button", name="Search the audit log").click()


def test_a_visitor_finds_their_own_prompt_in_the_log_and_another_visitor_cannot(browser, app_url):
    visitor_a, visitor_b = _open(browser, app_url), _open(browser, app_url)
    visitor_a.get_by_role("tab", name="Quests").click()
    visitor_a.get_by_label("Objective").fill(f"find the {WORD}")
    visitor_a.get_by_role("button", name="Make the quest").click()
    expect(visitor_a.get_by_text("Checked:", exact=True)).to_be_visible(timeout=30_000)

    _search(visitor_a, WORD)
    expect(visitor_a.get_by_role("gridcell", name="you (this session)").first).to_be_visible(timeout=30_000)
    expect(visitor_a.get_by_role("gridcell", name=WORD).first).to_be_visible()

    _search(visitor_b, "")
    expect(visitor_b.get_by_role("gridcell", name="another session").first).to_be_visible(timeout=30_000)
    expect(visitor_b.get_by_text("shown only in the browser session that made it")).to_be_visible()
    _search(visitor_b, WORD)
    expect(visitor_b.get_by_role("gridcell", name="another session")).to_have_count(0, timeout=30_000)
    expect(visitor_b.get_by_text(WORD)).to_have_count(0)


def test_the_about_tab_says_what_is_kept_where(suite_page):
    suite_page.get_by_text("What is kept about your visit, and where").click()
    expect(suite_page.get_by_text("the run history is off")).to_be_visible()
    expect(suite_page.get_by_text("opaque id of the browser session").first).to_be_visible()
