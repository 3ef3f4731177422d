import pytest
from playwright.sync_api import expect

from core.text.writer import poet_available

pytestmark = pytest.mark.skipif(not poet_available(), reason="the poet's weights are not on this machine (python -m core.text.train)")


def test_probe_the_writing_model_for_pronouns_and_quantise_it(suite_page):
    page = suite_page
    page.get_by_role("tab", name="Ethics").click()
    page.get_by_role("tab", name="Language model").click()
    page.get_by_label("Jobs (comma-separated)").fill("nurse, soldier")
    samples = page.get_by_role("spinbutton", name="number input for Samples per job")
    samples.fill("5")
    samples.press("Enter")
    page.get_by_role("button", name="Run the probe").click()
    # progress shows at once, where the findings will be (the table it would cover stays hidden until done)
    expect(page.locator("#probe-text").get_by_role("progressbar")).to_be_visible(timeout=5_000)
    expect(page.get_by_text("Each job's sentence was continued 5 times by the built-in poet")).to_be_visible(
        timeout=90_000)
    page.get_by_role("button", name="Quantise and measure").click()
    expect(page.get_by_text("instead of 32-bit decimals (fp32) makes the model")).to_be_visible(timeout=120_000)
