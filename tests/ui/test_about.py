import json
import urllib.request
import warnings

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from apps.art import LIMITS as art_limits
from tests.contrast import text_contrast


def test_a_visitor_sees_a_card_per_tab_with_a_sample_and_its_limits_and_a_card_opens_its_tab(suite_page):
    page = suite_page
    expect(page.get_by_role("tab", name="About")).to_be_visible()
    expect(page.get_by_role("heading", name="Genlab", exact=True)).to_be_visible()
    cards = page.locator("#about-cards a.genlab-card")
    expect(cards).to_have_count(8)
    art = cards.filter(has_text="Open Art")
    expect(art.get_by_role("img")).to_be_visible()  # a sample of what the tab makes
    expect(art).to_contain_text("Limits: the built-in model paints ")  # its limits, as its own words say them
    expect(art).to_contain_text(art_limits().split(":")[0])
    expect(page.get_by_text("Everything made here carries its own proof of origin")).to_be_visible()
    expect(page.get_by_text("Models in use: profile embedded")).not_to_be_visible()  # developer details folded
    link = art.locator(".genlab-open")
    assert text_contrast(link) >= 4.5
    page.add_style_tag(content="* {transition: none !important}")  # the theme's colours at once, not mid-fade
    page.evaluate("document.body.classList.add('dark')")
    assert text_contrast(link) >= 4.5  # the accent indigo was 3.3:1 on a dark card
    page.evaluate("document.body.classList.remove('dark')")
    page.get_by_text("Open Quests →").click()
    expect(page.get_by_role("button", name="Make the quest")).to_be_visible()
    expect(page).to_have_url(__import__("re").compile(r"\?tab=quests$"))


def test_a_developer_can_open_the_settings_as_json(suite_page):
    page = suite_page
    page.get_by_text("For developers: models, settings and the suite's state as JSON").click()
    expect(page.get_by_text("Models in use: profile embedded")).to_be_visible(timeout=20_000)  # filled on load
    page.get_by_role("button", name="Refresh").click()
    expect(page.get_by_text('"embedded"').first).to_be_visible()


def test_the_page_settles_so_browsers_and_screenshot_tools_see_it_idle(page, app_url):
    # A gr.State anywhere keeps a heartbeat connection open for ever; the page must still go idle.
    with urllib.request.urlopen(f"{app_url}/config", timeout=10) as response:
        config = json.load(response)
    assert config["connect_heartbeat"] is False
    first_try = _unfinished_requests_after_load(page, app_url)
    if first_try:  # once in a few full-suite runs the first load stalled; a second page shows whether it lasts
        warnings.warn(f"the first page load did not go idle within 30 s; still open: {first_try}")
        second_page = page.context.new_page()
        assert not _unfinished_requests_after_load(second_page, app_url), "the page never goes idle"
        page = second_page
    expect(page.get_by_role("tab", name="About")).to_be_visible()


def _unfinished_requests_after_load(page, url: str) -> list[str]:
    """Load `url` and wait until the network is idle; the requests still open after 30 s, if any."""
    unfinished = {}
    page.on("request", lambda request: unfinished.__setitem__(id(request), _describe(request)))
    page.on("requestfinished", lambda request: unfinished.pop(id(request), None))
    page.on("requestfailed", lambda request: unfinished.pop(id(request), None))
    try:
        page.goto(url, wait_until="networkidle", timeout=30_000)
    except PlaywrightTimeoutError:
        return sorted(unfinished.values()) or ["(none: the page itself did not finish loading)"]
    return []


def _describe(request) -> str:
    return f"{request.method} {request.url.split('/', 3)[-1]} {request.post_data or ''}"[:200]
