"""Debian's Chromium driven by Playwright, started the way this machine allows, and pages that wait until they are ready."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
# The page's own signal that its scripts have started: the search form says so once Pagefind has loaded and
# the first search has run. A page without the form has nothing to wait for.
READY = "() => { const form = document.getElementById('search-form'); return !form || form.dataset.ready === 'true'; }"


@contextmanager
def chromium() -> Iterator[object]:
    """Debian's Chromium (never a downloaded one), with the flags this machine needs."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def at_build_time(context, now: str | datetime | None) -> None:
    """Fix the browser's clock at a build's --now (London time) or an instant, so its adverts close as the build has them."""
    if now:
        # Without this, closing.js would close every advert whose closing time has passed on the real clock.
        when = now if isinstance(now, datetime) else datetime.fromisoformat(now).replace(tzinfo=ZoneInfo("Europe/London"))
        context.clock.set_fixed_time(when)


@contextmanager
def offline_page(browser, width: int = 1280, height: int = 900,
                 now: str | datetime | None = None) -> Iterator[tuple[object, list[str]]]:
    """A page that may fetch only from 127.0.0.1; every other request is refused and listed. Its clock is at `now` if given."""
    context = browser.new_context(viewport={"width": width, "height": height})
    at_build_time(context, now)
    page = context.new_page()
    refused: list[str] = []

    def route(request_route) -> None:
        url = request_route.request.url
        if urlsplit(url).hostname == "127.0.0.1":
            request_route.continue_()
        else:
            refused.append(url)
            request_route.abort()

    page.route("**/*", route)
    try:
        yield page, refused
    finally:
        context.close()


def open_ready(page, url: str) -> None:
    """Go to URL and wait for the page's own ready signal before anything acts on it."""
    page.goto(url)
    page.wait_for_function(READY)
