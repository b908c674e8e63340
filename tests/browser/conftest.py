"""The browser tests' fixtures: the live server, Chromium, and pages opened on the server."""
from __future__ import annotations

import os

import pytest

from tests.browser.live_server import CHROMIUM, CHROMIUM_ARGS, DESKTOP, LiveServer

TIMEOUT_MS = 15000


@pytest.fixture(scope="module")
def live_server():
    with LiveServer() as server:
        yield server


@pytest.fixture(scope="module")
def chromium():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def open_page(chromium, live_server):
    """``open_page(viewport=DESKTOP, **context_options)``: a page in a browser context of its
    own (cookies, ``storage_state``…) on the live server, waiting at most 15 s for each step.
    The caller closes ``page.context``."""
    def open_one(viewport: dict = DESKTOP, **options):
        context = chromium.new_context(viewport=viewport, base_url=live_server.url, **options)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        return page
    return open_one


@pytest.fixture(scope="module")
def desktop(open_page):
    """One desktop page kept for the whole module (its steps build on each other)."""
    page = open_page()
    yield page
    page.context.close()
