"""/search/: Pagefind's index of the open adverts, searched in Chromium with every other host refused."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from browser import offline_page, open_ready
from nhsuk_site import AUGUST, PREFIX, SAMPLE_NOW, Built, built, sample, seed_august, seed_today
from sitetools import at, soup, sources, text_of
from subpath import held_back

from generator.model import patterns

FONT_HOST = "assets.nhs.uk"  # the NHS.UK frontend CSS asks it for the Frutiger font; pages fall back to Arial
FILTER_KEYS = {"trust", "band", "pay", "contract", "pattern", "group"}
# The pay filter's annual ranges, lowest inclusive and highest exclusive; an advert's pay range matches each it overlaps.
PAY_RANGES = {"Up to £25,000": (0, 25000), "£25,000 to £35,000": (25000, 35000), "£35,000 to £45,000": (35000, 45000),
              "£45,000 to £60,000": (45000, 60000), "£60,000 and over": (60000, float("inf"))}


def open_sources(site: Built, now: str):
    return [s for s in sources(site.site) if s.is_open(at(now))]


def link_of(site: Built, source) -> str:
    """The vacancy page address whose summary list shows this source's reference."""
    for file in (site.output / "vacancies").glob("*/index.html"):
        if f">{source.reference}<" in re.sub(r"\s+", "", file.read_text(encoding="utf-8")).replace("&amp;", "&"):
            return f"{PREFIX}vacancies/{file.parent.name}/"
    raise AssertionError(f"no page for {source.reference}")


def searchable_text(source) -> str:
    """What the vacancy page shows in its indexed part: title, facts and advert text."""
    data = source.data
    places = data.get("location") or []
    places = places if isinstance(places, list) else [places]
    parts = [source.title, source.trust_name, source.band, source.reference, str(data.get("hours", "")), str(data.get("contract", "")),
             str(data.get("staff_group", "")), *[str(v) for p in places for v in (p.values() if isinstance(p, dict) else [p])],
             source.file.read_text(encoding="utf-8").split("---", 2)[2]]
    return " ".join(parts).casefold()


def results(page) -> list[str]:
    """The result links once the search has answered."""
    page.wait_for_function("/found|No open/.test(document.querySelector('#search-status').textContent)")
    return [a.get_attribute("href") for a in page.locator("#search-results .card-title a").all()]


def search(page, site: Built, query: str) -> list[str]:
    open_ready(page, site.url("search/" + query))
    return results(page)


@pytest.mark.parametrize("name", ["sample", "seed-august"])
def test_typing_liaison_finds_the_liaison_adverts_and_a_band_narrows_them(browser, name):
    site, now = (sample(), SAMPLE_NOW) if name == "sample" else (seed_august(), AUGUST)
    liaison = [s for s in open_sources(site, now) if "liaison" in searchable_text(s)]
    assert liaison, "the site has open liaison adverts"
    with offline_page(browser, now=site.now) as (page, refused):
        open_ready(page, site.url("search/"))
        page.fill("#search-q", "liaison")
        found = results(page)
        assert sorted(found) == sorted(link_of(site, s) for s in liaison)
        band = sorted({s.band for s in liaison})[0]
        page.click("#search-filters summary")
        page.click("[data-filter=band] summary")
        page.check(f"input[name=band][value='{band}']")
        page.wait_for_function("(n) => document.querySelectorAll('#search-results li').length === n",
                               arg=len([s for s in liaison if s.band == band]))
        narrowed = results(page)
        assert sorted(narrowed) == sorted(link_of(site, s) for s in liaison if s.band == band)
        if name == "sample":
            assert 0 < len(narrowed) < len(found), "the band filter narrows the list"
        assert parse_qs(urlsplit(page.url).query) == {"q": ["liaison"], "band": [band]}
    assert {urlsplit(u).hostname for u in refused} <= {FONT_HOST}, refused


def test_what_a_candidate_types_while_the_search_is_still_loading_is_kept_and_searched(browser):
    """On a slow connection the box can be typed in before Pagefind arrives: the words are kept, not wiped."""
    site = sample()
    liaison = [s for s in open_sources(site, SAMPLE_NOW) if "liaison" in searchable_text(s)]
    with offline_page(browser, now=site.now) as (page, _), held_back("pagefind.js", 1.0):
        page.goto(site.url("search/"), wait_until="domcontentloaded")
        page.fill("#search-q", "liaison")
        assert page.locator("#search-form[data-ready]").count() == 0, "the search was ready before its script arrived"
        page.wait_for_selector("#search-form[data-ready]")
        assert page.locator("#search-q").input_value() == "liaison"
        assert sorted(results(page)) == sorted(link_of(site, s) for s in liaison) and liaison
        assert parse_qs(urlsplit(page.url).query) == {"q": ["liaison"]}


def test_a_filtered_search_is_a_link_that_can_be_shared(browser):
    site = sample()
    with offline_page(browser, now=site.now) as (page, _):
        first = search(page, site, "?q=liaison&band=Band+5&band=Band+6&pattern=Full+time")
        assert page.locator("#search-q").input_value() == "liaison"
        assert page.locator("input[name=band][value='Band 5']").is_checked()
        assert page.locator("input[name=band][value='Band 6']").is_checked()
        assert page.locator("input[name=pattern][value='Full time']").is_checked()
        assert page.locator("#search-filters").get_attribute("open") is not None
    expected = [s for s in open_sources(site, SAMPLE_NOW) if "liaison" in searchable_text(s)
                and s.band in ("Band 5", "Band 6") and "Full time" in _values(s, "pattern")]
    assert sorted(first) == sorted(link_of(site, s) for s in expected) and expected


def _pay(data: dict) -> set[str]:
    """The pay filter values an advert's front matter gives: annual ranges it overlaps, or the rates' own group."""
    salary = data.get("salary")
    if not isinstance(salary, dict) or (salary.get("min") is None and salary.get("max") is None):
        return set()
    period = str(salary.get("period") or "year")
    if period in ("hour", "day") or "bank" in str(data.get("contract") or "").lower():
        return {"Hourly, daily or bank rate"}
    times = {"year": 1, "month": 12, "week": 52}[period]
    low = float(salary.get("min") if salary.get("min") is not None else salary["max"]) * times
    high = float(salary.get("max") if salary.get("max") is not None else salary["min"]) * times
    return {name for name, (lowest, highest) in PAY_RANGES.items() if high >= lowest and low < highest}


def _values(source, key: str) -> set[str]:
    data = source.data
    if key == "trust":
        return {source.trust_name}
    if key == "band":
        return {source.band}
    if key == "contract":
        return {patterns.contract(str(data["contract"])).value} if data.get("contract") else set()  # "Fixed term", its length apart
    if key == "pay":
        return _pay(data)
    if key == "pattern":
        pattern = data.get("working_pattern") or []
        return {patterns.working_pattern(p).value for p in (pattern if isinstance(pattern, list) else [pattern])}
    return {str(data["staff_group"])} if data.get("staff_group") else set()


def test_every_filter_value_finds_exactly_the_vacancies_that_have_it(browser):
    site = sample()
    page_html = soup(site.output, PREFIX + "search/", PREFIX)
    offered = {(box["name"], box["value"]) for box in page_html.select("#search-form input[type=checkbox]")}
    assert {key for key, _ in offered} == FILTER_KEYS | {"closing"}
    open_now = open_sources(site, SAMPLE_NOW)
    with offline_page(browser, now=site.now) as (page, _):
        for key, value in sorted(offered):
            if key == "closing":
                expected = [s for s in open_now if s.closing <= at(SAMPLE_NOW) + _days(site)]
            else:
                expected = [s for s in open_now if value in _values(s, key)]
            assert expected, f"{key}={value} is offered but no open vacancy has it"
            found = search(page, site, f"?{key}={value.replace(' ', '+').replace(':', '%3A')}")
            assert sorted(found) == sorted(link_of(site, s) for s in expected), f"{key}={value}"


def _days(site: Built) -> timedelta:
    return timedelta(days=site.config.get("closing_soon_days", 7))


def test_closing_soon_ticks_the_adverts_closing_in_the_next_seven_days(browser):
    site = sample()
    label = text_of(soup(site.output, PREFIX + "search/", PREFIX).select_one("label[for=search-closing]"))
    assert label == "Closing in the next 7 days"
    soon = [s for s in open_sources(site, SAMPLE_NOW) if s.closing <= at(SAMPLE_NOW) + _days(site)]
    assert 0 < len(soon) < len(open_sources(site, SAMPLE_NOW))
    with offline_page(browser, now=site.now) as (page, _):
        assert sorted(search(page, site, "?closing=soon")) == sorted(link_of(site, s) for s in soon)
        assert page.locator("#search-results .tag-soon").count() == len(soon)


@pytest.mark.parametrize("name", ["sample", "seed-august"])
def test_a_job_reference_finds_its_advert_first(browser, name):
    site, now = (sample(), SAMPLE_NOW) if name == "sample" else (seed_august(), AUGUST)
    with offline_page(browser, now=site.now) as (page, _):
        for source in open_sources(site, now):
            found = search(page, site, f"?q={source.reference}")
            assert found[:1] == [link_of(site, source)], source.reference


def test_closed_adverts_are_not_in_the_index(browser):
    site = sample()
    closed = [s for s in sources(site.site) if s.published(at(SAMPLE_NOW)) and not s.is_open(at(SAMPLE_NOW))]
    assert closed
    with offline_page(browser, now=site.now) as (page, _):
        for source in closed:
            assert link_of(site, source) not in search(page, site, f"?q={source.reference}")
            assert link_of(site, source) not in search(page, site, f"?q={source.title.split()[0]}")


def test_results_link_to_their_vacancy_pages(browser):
    site = sample()
    with offline_page(browser, now=site.now) as (page, _):
        found = search(page, site, "?q=liaison")
        titles = page.locator("#search-results .card-title a").all_inner_texts()
        for href, title in zip(found, titles, strict=True):
            page.goto(site.url(href.removeprefix(PREFIX)))
            assert page.locator("h1").inner_text() == title
            assert page.evaluate("document.title").startswith(title)


def test_with_nothing_open_the_search_page_says_so_and_there_is_no_index():
    site = seed_today()
    main = soup(site.output, PREFIX + "search/", PREFIX).find("main")
    assert "There are no open vacancies to search" in text_of(main)
    assert main.find("form") is None
    assert not (site.output / "pagefind").exists()


def test_the_index_is_the_same_for_the_same_clock():
    first = built("nhsuk", SAMPLE_NOW).output / "pagefind"
    again = built("nhsuk", SAMPLE_NOW + ":00").output / "pagefind"
    files = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again).as_posix() for p in again.rglob("*") if p.is_file())
    assert {"pagefind.js", "pagefind-entry.json"} <= set(files)
    assert all((first / f).read_bytes() == (again / f).read_bytes() for f in files)
