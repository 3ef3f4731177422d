"""Playwright on Debian's Chromium when it is installed; never a browser download of its own."""

import os
import shutil

import pytest
from playwright.sync_api import expect

# What a page shows within 15 s passes: on CI's two cores, with the suite in two processes, a freshly opened page
# sometimes still read "Loading..." after Playwright's default 5 s. A failing expectation only waits longer.
expect.set_options(timeout=15_000)

CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def system_chromium() -> str | None:
    for candidate in (os.environ.get("GENLAB_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    arguments = {**browser_type_launch_args, "args": CHROMIUM_FLAGS}
    executable = system_chromium()
    if executable:
        arguments["executable_path"] = executable
    return arguments


@pytest.fixture
def suite_page(page, app_url):
    """The suite open in the browser, its tabs drawn."""
    page.set_default_timeout(20_000)
    page.goto(app_url)
    page.get_by_role("tab").first.wait_for()
    return page

