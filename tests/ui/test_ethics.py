from playwright.sync_api import expect


def test_audit_hmda_by_race_see_disparate_impact_flagged_then_mitigate_and_see_the_gap_shrink(suite_page):
    page = suite_page
    page.get_by_role("tab", name="Ethics").click()
    expect(page.get_by_label("Outcome the model predicts")).to_have_value("deny", timeout=30_000)
    page.get_by_role("button", name="Audit").click()
    expect(page.get_by_text("fails the four-fifths rule").first).to_be_visible(timeout=60_000)
    page.get_by_role("radio", name="Threshold optimizer").click()
    page.get_by_role("button", name="Audit").click()
    expect(page.get_by_text("Threshold optimizer changed the gap from")).to_be_visible(timeout=60_000)
