"""/search/'s filters on a generated 300-advert board with about 200 trusts: the trust list narrows as you type,
and the chosen filters show above the results as buttons that remove them."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from browser import offline_page, open_ready
from conftest import ROOT, run
from nhsuk_site import PREFIX, SAMPLE_NOW, axe_violations
from subpath import handler_for

DONE = "/found|No open|could not find/.test(document.querySelector('#search-status').textContent)"


@pytest.fixture(scope="module")
def board(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """benchmarks/generate.py's 300 adverts with the nhsuk theme, built at the sample clock and served; its base address."""
    site = tmp_path_factory.mktemp("board300") / "site"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "300", str(site), "--theme", "nhsuk"], check=True,
                   capture_output=True)
    output = site / "output"
    output.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(output, PREFIX, not_found_page=True))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    try:
        done = run("build", "--site", site, "--now", SAMPLE_NOW, "--base-url", base, "--quiet")
        assert done.returncode == 0, done.stderr
        yield base
    finally:
        server.shutdown()
        server.server_close()


def visible_trusts(page) -> list[str]:
    return [box.get_attribute("value") for box in page.locator("input[name=trust]").all() if box.is_visible()]


def test_typing_part_of_a_name_narrows_the_trust_list(board, browser):
    with offline_page(browser, now=SAMPLE_NOW) as (page, _):
        open_ready(page, board + "search/")
        page.click("#search-filters summary")
        page.click("[data-filter=trust] summary")
        every = visible_trusts(page)
        assert len(every) > 100
        page.fill("#search-trust-find", "leeds")
        narrowed = visible_trusts(page)
        assert narrowed and len(narrowed) < len(every) and all("leeds" in name.lower() for name in narrowed)
        assert {n for n in every if "leeds" in n.lower()} == set(narrowed)
        page.fill("#search-trust-find", "")
        assert visible_trusts(page) == every


def tags(page) -> list[str]:
    return [" ".join(b.text_content().split()) for b in page.locator("#search-tags button").all()]


def test_the_chosen_filters_show_as_tags_that_remove_them(board, browser):
    with offline_page(browser, now=SAMPLE_NOW) as (page, _):
        open_ready(page, board + "search/?band=Band+5&place=ME16&within=10")
        page.wait_for_function(DONE)
        assert tags(page) == ["Remove filter: Band 5 ×", "Remove filter: Near ME16 ×"]
        page.click("#search-tags button:has-text('Band 5')")
        page.wait_for_function("!/band=/.test(location.search)")
        assert not page.locator("input[name=band][value='Band 5']").is_checked()
        assert tags(page) == ["Remove filter: Near ME16 ×"]
        assert page.evaluate("document.activeElement.id") == "search-results-heading"
        page.click("#search-tags button:has-text('Near ME16')")
        page.wait_for_function("!/place=/.test(location.search)")
        assert page.locator("#search-place").input_value() == "" and tags(page) == []
        assert "place" not in parse_qs(urlsplit(page.url).query)


def test_axe_finds_no_violation_with_the_filters_open_and_tags_shown(board, browser):
    with offline_page(browser, now=SAMPLE_NOW) as (page, _):
        open_ready(page, board + "search/?band=Band+5&pay=" + "%C2%A325%2C000+to+%C2%A335%2C000")
        page.wait_for_function(DONE)
        page.click("[data-filter=trust] summary")
        page.fill("#search-trust-find", "leeds")
        assert axe_violations(page) == []


def test_a_shared_filtered_link_on_a_phone_shows_its_first_result_on_the_first_screen(board, browser):
    with offline_page(browser, width=375, height=667, now=SAMPLE_NOW) as (page, _):
        open_ready(page, board + "search/?q=nurse&band=Band+5&band=Band+6")
        page.wait_for_function(DONE)
        first = page.locator("#search-results .card").first.bounding_box()
        assert 0 <= first["y"] < 667, "the first result starts on the first screen"
        assert page.locator("#search-filters").get_attribute("open") is None, "the filters stay closed: the tags show them"
        assert tags(page) == ["Remove filter: Band 5 ×", "Remove filter: Band 6 ×"]


def test_a_long_list_shows_twenty_results_and_more_on_request(board, browser):
    with offline_page(browser, now=SAMPLE_NOW) as (page, _):
        fragments: list[str] = []
        page.on("request", lambda r: fragments.append(r.url) if r.url.endswith(".pf_fragment") else None)
        open_ready(page, board + "search/?pay=%C2%A325%2C000+to+%C2%A335%2C000")
        page.wait_for_function(DONE)
        total = int(page.locator("#search-status").inner_text().split()[0])
        assert total > 20 and page.locator("#search-results .card").count() == 20 and len(fragments) == 20
        page.click("#search-more")
        page.wait_for_function("document.querySelectorAll('#search-results .card').length > 20")
        assert page.locator("#search-results .card").count() == min(total, 40)
        assert page.evaluate("document.activeElement.closest('.card') === document.querySelectorAll('#search-results .card')[20]")
        while page.locator("#search-more").is_visible():
            shown = page.locator("#search-results .card").count()
            page.click("#search-more")
            page.wait_for_function(f"document.querySelectorAll('#search-results .card').length > {shown}")
        assert page.locator("#search-results .card").count() == total


def group_summaries(page) -> dict[str, tuple[bool, str]]:
    """Each filter group: whether it is unfolded, and the count its summary gives."""
    return {group.get_attribute("data-filter"): (group.get_attribute("open") is not None,
                                                 group.locator(".search-filter-count").text_content())
            for group in page.locator(".search-filter-group").all()}


def test_each_filter_group_is_folded_with_its_count_until_a_choice_in_it_is_ticked(board, browser):
    with offline_page(browser, now=SAMPLE_NOW) as (page, _):
        open_ready(page, board + "search/")
        first = group_summaries(page)
        choices = {key: page.locator(f"input[name={key}]").count() for key in first}
        assert choices["trust"] > 100 and set(first) >= {"trust", "band", "pay"}
        assert first == {key: (False, f"({choices[key]})") for key in first}
        page.click("#search-filters summary")
        page.click("[data-filter=band] summary")
        page.check("input[name=band][value='Band 5']")
        page.wait_for_function(DONE)
        assert group_summaries(page)["band"] == (True, f"(1 of {choices['band']} chosen)")
        assert group_summaries(page)["trust"] == (False, f"({choices['trust']})")
        open_ready(page, board + "search/?trust=" + page.locator("input[name=trust]").first.get_attribute("value").replace(" ", "+"))
        page.wait_for_function(DONE)
        assert group_summaries(page)["trust"] == (True, f"(1 of {choices['trust']} chosen)")


def tab_to(page, selector: str, presses: int = 600) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


def test_the_search_works_from_the_keyboard_alone(board, browser):
    """Words, a place, a folded filter group and its tags, all reached with Tab and worked with Enter and Space."""
    with offline_page(browser, now=SAMPLE_NOW) as (page, _):
        open_ready(page, board + "search/")
        tab_to(page, "#search-q")
        page.keyboard.type("nurse")
        page.wait_for_function(DONE)
        tab_to(page, "#search-place")
        page.keyboard.type("ME16")
        page.keyboard.press("Enter")
        page.wait_for_function("/place=ME16/.test(location.search)")
        page.wait_for_function(DONE)
        tab_to(page, "#search-filters summary")
        page.keyboard.press("Enter")
        tab_to(page, "[data-filter=band] summary")
        page.keyboard.press("Enter")
        tab_to(page, "input[name=band][value='Band 5']")
        page.keyboard.press("Space")
        page.wait_for_function("/band=Band\\+5/.test(location.search)")
        page.wait_for_function(DONE)
        assert tags(page) == ["Remove filter: Band 5 ×", "Remove filter: Near ME16 ×"]
        tab_to(page, "#search-tags button")
        page.keyboard.press("Enter")
        page.wait_for_function("!/band=/.test(location.search)")
        assert tags(page) == ["Remove filter: Near ME16 ×"]
