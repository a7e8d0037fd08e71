"""Adverts close on time between builds: closing.js in Chromium, with the browser's clock moved by Playwright."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import quote_plus
from zoneinfo import ZoneInfo

import pytest
from browser import at_build_time, offline_page, open_ready
from nhsuk_site import PREFIX, Built, axe_violations, sample
from sitetools import at, soup

LONDON = ZoneInfo("Europe/London")
CHECKED = "document.documentElement.dataset.closing === 'checked'"  # closing.js has looked at the page
APPLY = ".nhsuk-action-link, a.apply-url"


def soonest(site: Built) -> tuple[str, datetime, int]:
    """The index's first card, closing soonest, as the build wrote it: its address, its closing instant, the open count."""
    index = soup(site.output, PREFIX, PREFIX)
    card = index.select_one("li.card[data-closes]")
    count = int(index.select_one("[data-open-count]")["data-open-count"])
    return card.select_one(".card-title a")["href"], datetime.fromisoformat(card["data-closes"]), count


def load(page, site: Built, link: str) -> None:
    open_ready(page, site.url(link.removeprefix(PREFIX)))
    page.wait_for_function(CHECKED)


def cards(page) -> list[str]:
    return [a.get_attribute("href") for a in page.locator("li.card .card-title a").all()]


@pytest.fixture(scope="module")
def advert() -> tuple[Built, str, datetime, int]:
    site = sample()
    link, closes, count = soonest(site)
    assert closes.tzinfo is not None, "the closing time is an instant with its offset"
    assert at(site.now) < closes - timedelta(days=1), "the build is days before the closing day"
    assert (closes - timedelta(minutes=1)).astimezone(LONDON).date() == closes.astimezone(LONDON).date()
    return site, link, closes, count


def test_after_its_closing_time_an_advert_leaves_the_listings_and_its_page_loses_the_apply_link(browser, advert):
    site, link, closes, count = advert
    with offline_page(browser, now=closes + timedelta(minutes=1)) as (page, _):
        load(page, site, PREFIX)
        assert link not in cards(page)
        assert page.locator("[data-open-count]").inner_text() == f"{count - 1} open vacanc{'y' if count == 2 else 'ies'}"
        load(page, site, link)
        status = page.locator(".status")
        assert status.locator(".nhsuk-tag.tag-closed").inner_text() == "Closed" and status.locator(".tag-closed").is_visible()
        assert "This vacancy closed on" in status.inner_text()
        assert page.locator(APPLY).count() == 0
        assert "Applications are closed." in page.locator("main").inner_text()
        assert axe_violations(page) == []
        trust = page.locator(".nhsuk-lede-text a").first.get_attribute("href")
        load(page, site, trust)
        assert link not in cards(page)


def test_before_its_closing_day_an_advert_stays_as_built(browser, advert):
    site, link, _, count = advert
    built_cards = [a["href"] for a in soup(site.output, PREFIX, PREFIX).select("li.card .card-title a")]
    with offline_page(browser, now=site.now) as (page, _):
        load(page, site, PREFIX)
        assert cards(page) == built_cards and link in built_cards
        assert page.locator("[data-open-count]").inner_text().startswith(f"{count} open")
        load(page, site, link)
        assert page.locator(".nhsuk-action-link").count() == 1
        assert "Closes today" not in page.locator("main").inner_text()


def test_on_its_closing_day_an_advert_closes_today(browser, advert):
    site, link, closes, _ = advert
    with offline_page(browser, now=closes - timedelta(minutes=1)) as (page, _):
        load(page, site, PREFIX)
        card = page.locator("li.card").filter(has=page.locator(f'a[href="{link}"]'))
        assert card.locator(".tag-soon").inner_text() == "Closes today"
        assert "Closing soon" not in card.inner_text()
        load(page, site, link)
        assert page.locator(".status .tag-soon").inner_text() == "Closes today"
        assert page.locator(".nhsuk-action-link").count() == 1


def test_search_results_drop_an_advert_once_it_has_closed(browser, advert):
    site, link, closes, _ = advert
    title = soup(site.output, link, PREFIX).h1.get_text(strip=True)
    found = "/found|No open/.test(document.querySelector('#search-status').textContent)"
    for now, shown in ((site.now, True), (closes + timedelta(minutes=1), False)):
        with offline_page(browser, now=now) as (page, _):
            open_ready(page, site.url(f"search/?q={quote_plus(title)}"))
            page.wait_for_function(found)
            assert (link in cards(page)) is shown, now


def test_without_javascript_the_page_stays_as_built(browser, advert):
    site, link, closes, _ = advert
    built_cards = [a["href"] for a in soup(site.output, PREFIX, PREFIX).select("li.card .card-title a")]
    context = browser.new_context(java_script_enabled=False)
    at_build_time(context, closes + timedelta(minutes=1))
    try:
        page = context.new_page()
        page.goto(site.url(""))
        assert cards(page) == built_cards and link in built_cards
        page.goto(site.url(link.removeprefix(PREFIX)))
        assert page.locator(".nhsuk-action-link").count() == 1
        assert page.locator(".tag-closed").count() == 0
    finally:
        context.close()

