"""/search/ near a place and by pay, in Chromium, on tests/sites/near: Maidstone, Westminster, Workington and one advert with no place."""

from __future__ import annotations

import re
import tomllib
from urllib.parse import parse_qs, quote, urlsplit

from browser import offline_page, open_ready
from conftest import ROOT
from nhsuk_site import PREFIX, SAMPLE_NOW, axe_violations, built

MAIDSTONE = {"maidstone-nurse-band-5", "maidstone-admin-band-3", "kent-london-practitioner-band-6"}  # the last also in Westminster
WESTMINSTER = "westminster-psychologist-band-8a"
WORKINGTON = "workington-support-worker-band-3"
NO_PLACE = "peer-support-band-4"
DONE = "/found|No open|could not find/i.test(document.querySelector('#search-status').textContent)"


def near():
    return built("near", SAMPLE_NOW)


def search(page, query: str) -> list[tuple[str, str]]:
    """Each result as (vacancy slug, what it says about distance), in the order shown."""
    open_ready(page, near().url("search/" + query))
    page.wait_for_function(DONE)
    found = []
    for card in page.locator("#search-results .card").all():
        href = card.locator(".card-title a").get_attribute("href")
        away = card.locator(".search-away")
        found.append((href.removeprefix(PREFIX + "vacancies/").strip("/"), away.inner_text() if away.count() else ""))
    return found


def slugs(found: list[tuple[str, str]]) -> set[str]:
    return {slug for slug, _ in found}


def test_a_postcode_within_10_miles_finds_the_maidstone_adverts_and_not_westminsters(browser):
    with offline_page(browser, now=SAMPLE_NOW) as (page, refused):
        found = search(page, "?place=ME16+9NW&within=10")
        status = page.locator("#search-status").inner_text()
    assert slugs(found) == MAIDSTONE | {NO_PLACE}
    assert found[-1] == (NO_PLACE, "Place not known"), "an advert with no known place is listed last, and says so"
    assert all(re.fullmatch(r"(About \d+ miles?|Less than 1 mile) away", away) for slug, away in found if slug != NO_PLACE)
    assert "3 open vacancies found within 10 miles of ME16 9NW" in status and "1 more does not say where it is" in status
    assert not [url for url in refused if urlsplit(url).hostname != "assets.nhs.uk"], "only the NHS.UK font is refused"


def test_a_town_and_its_outcode_give_the_same_results(browser):
    with offline_page(browser, now=SAMPLE_NOW) as (page, _):
        by_town = search(page, "?place=Maidstone&within=10")
        by_outcode = search(page, "?place=ME16&within=10")
    assert slugs(by_town) == slugs(by_outcode) == MAIDSTONE | {NO_PLACE}


def test_workington_within_20_miles_finds_the_cumbria_advert(browser):
    with offline_page(browser, now=SAMPLE_NOW) as (page, _):
        found = search(page, "?place=workington&within=20")
    assert [slug for slug, away in found if away != "Place not known"] == [WORKINGTON]


def miles(away: str) -> int:
    return 0 if away.startswith("Less") else int(re.search(r"\d+", away).group())


def test_sorting_by_distance_orders_the_results_by_the_distance_shown(browser):
    with offline_page(browser, now=SAMPLE_NOW) as (page, _):
        found = search(page, "?place=ME16+9NW&within=50&sort=nearest")
        assert page.locator("#search-sort").input_value() == "nearest"
    known = [(slug, miles(away)) for slug, away in found if away != "Place not known"]
    assert {slug for slug, _ in known} == MAIDSTONE | {WESTMINSTER}
    assert [m for _, m in known] == sorted(m for _, m in known)
    assert known[-1][0] == WESTMINSTER and known[-1][1] > 20, "Westminster is about 30 miles from Maidstone"
    assert dict(known)["kent-london-practitioner-band-6"] < 10, "a two-site advert is as near as its nearest site (Maidstone)"


def test_an_unknown_place_gives_a_clear_message(browser):
    with offline_page(browser, now=SAMPLE_NOW) as (page, _):
        assert search(page, "?place=Xyzzyville") == []
        message = 'We could not find "Xyzzyville". Try a postcode such as ME16 9NW or a town.'
        assert page.locator("#search-place-error").text_content() == "Error: " + message
        assert page.locator("#search-status").inner_text() == message
        assert "nhsuk-form-group--error" in page.locator("#search-place-group").get_attribute("class")


def test_typing_a_place_searches_and_keeps_the_link_in_step(browser):
    with offline_page(browser, now=SAMPLE_NOW) as (page, _):
        places: list[str] = []
        page.on("request", lambda r: places.append(r.url) if "/search/places/" in r.url else None)
        open_ready(page, near().url("search/"))
        assert not places, "the place table is fetched only when a place is typed"
        page.select_option("#search-within", "20")
        page.fill("#search-place", "CA14")
        page.press("#search-place", "Enter")
        page.wait_for_function("/found within 20 miles of CA14/.test(document.querySelector('#search-status').textContent)")
        query = parse_qs(urlsplit(page.url).query)
        assert query["place"] == ["CA14"] and query["within"] == ["20"]
        assert [p.rsplit("/", 1)[1] for p in places] == ["c.json"], "one small file of the place table"


def test_the_salary_filter_narrows_the_results(browser):
    expected = {
        "£25,000 to £35,000": {"maidstone-nurse-band-5", "maidstone-admin-band-3", NO_PLACE},
        "£60,000 and over": {WESTMINSTER},
        "Hourly, daily or bank rate": {WORKINGTON},
    }
    with offline_page(browser, now=SAMPLE_NOW) as (page, _):
        offered = page_pay_values(page)
        assert offered == ["Up to £25,000", "£25,000 to £35,000", "£35,000 to £45,000", "£45,000 to £60,000",
                           "£60,000 and over", "Hourly, daily or bank rate"], "lowest pay first, the rates apart"
        for value, slugs_expected in expected.items():
            assert slugs(search(page, "?pay=" + quote(value))) == slugs_expected, value
        both = slugs(search(page, "?pay=" + quote("£60,000 and over") + "&place=ME16&within=10"))
        assert both == set(), "pay and place together: the Westminster advert is not near Maidstone"


def page_pay_values(page) -> list[str]:
    open_ready(page, near().url("search/"))
    return [box.get_attribute("value") for box in page.locator("input[name=pay]").all()]


def test_axe_finds_no_violation_with_a_place_given_and_with_no_results(browser):
    with offline_page(browser, now=SAMPLE_NOW) as (page, _):
        for query in ("?place=ME16+9NW&within=10&sort=nearest", "?place=Xyzzyville", "?q=zzzzqqq&place=ME16"):
            search(page, query)
            assert axe_violations(page) == [], query


def test_geonames_is_credited_on_the_search_page_and_in_the_readme():
    page = (near().output / "search" / "index.html").read_text(encoding="utf-8")
    assert "Place data from <a href=\"https://www.geonames.org/\">GeoNames</a>" in page and "licenses/by/4.0" in page
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "GeoNames" in readme and "CC BY 4.0" in readme


def test_the_place_table_ships_with_the_package_and_says_where_it_comes_from():
    table = ROOT / "generator" / "data" / "places.tsv"
    head = table.read_text(encoding="utf-8")[:1000]
    assert "GeoNames" in head and "CC BY 4.0" in head and "scripts/places.py" in head
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    assert "data/*.tsv" in package_data["generator"]


def test_sorting_by_closing_date_or_newest_orders_the_adverts_near_a_place(browser):
    with offline_page(browser, now=SAMPLE_NOW) as (page, _):
        closing = [slug for slug, _ in search(page, "?place=ME16&within=50&sort=closing")]
        newest = [slug for slug, _ in search(page, "?place=ME16&within=50&sort=newest")]
    near_first = ["kent-london-practitioner-band-6", "maidstone-admin-band-3", "maidstone-nurse-band-5", WESTMINSTER]
    assert closing == near_first + [NO_PLACE], "closing 5, 10, 20 and 25 March; the advert with no place after them"
    assert newest == ["maidstone-admin-band-3", "maidstone-nurse-band-5", WESTMINSTER, "kent-london-practitioner-band-6", NO_PLACE]


def test_use_my_location_asks_only_when_pressed_and_searches_around_it(browser):
    with offline_page(browser, now=SAMPLE_NOW) as (page, _):
        page.context.set_geolocation({"latitude": 54.64, "longitude": -3.55})  # Workington
        open_ready(page, near().url("search/"))
        assert page.locator("#search-place").input_value() == ""
        page.context.grant_permissions(["geolocation"])
        page.click("#search-locate")
        page.wait_for_function("/found within 10 miles of your location/.test(document.querySelector('#search-status').textContent)")
        found = [a.get_attribute("href") for a in page.locator("#search-results .card-title a").all()]
    assert found[0] == f"{PREFIX}vacancies/{WORKINGTON}/" and len(found) == 2  # and the advert with no place, after it
