"""Accessibility and valid HTML on every kind of page: axe-core in Chromium, the Nu Html Checker, phones, keyboards.

The seed adverts are built at 15 August 2025 (two open) and at today's date (all closed); the nhsuk sample
site has every kind of page, closing-soon and closed adverts, pagination and several trusts and bands.
"""

from __future__ import annotations

import pytest
from browser import offline_page, open_ready
from nhsuk_site import KINDS, SCREENSHOTS, Built, axe_violations, sample, seed_august, seed_today, vnu_errors

# Chromium, and Java for the Nu Html Checker.
pytestmark = pytest.mark.browser
BUILDS = {"sample": sample, "seed-august": seed_august, "seed-today": seed_today}
PHONE = 375


@pytest.fixture(params=list(BUILDS), scope="module")
def site(request) -> Built:
    return BUILDS[request.param]()


def test_the_sample_has_every_kind_of_page_and_the_seeds_have_theirs():
    assert set(sample().kinds()) == set(KINDS)
    assert {"open vacancy"} <= set(seed_august().kinds()) and "closed vacancy" not in seed_august().kinds()
    assert "closed vacancy" in seed_today().kinds() and "open vacancy" not in seed_today().kinds()


def test_axe_finds_no_wcag_22_aa_violation_on_any_page(site, browser):
    found = {}
    with offline_page(browser, now=site.now) as (page, _):
        for rel in site.pages():
            open_ready(page, site.url(rel))
            violations = axe_violations(page)
            if violations:
                found[rel or "/"] = violations
    assert found == {}


def test_axe_finds_no_violation_on_a_phone(site, browser):
    found = {}
    with offline_page(browser, PHONE, 800, now=site.now) as (page, _):
        for kind, rel in site.kinds().items():
            open_ready(page, site.url(rel))
            violations = axe_violations(page)
            if violations:
                found[kind] = violations
    assert found == {}


def test_axe_finds_no_violation_in_search_results_with_the_filters_open(browser):
    site = sample()
    with offline_page(browser, now=site.now) as (page, _):
        open_ready(page, site.url("search/?q=liaison&band=Band+5"))
        assert page.locator("#search-results li").count() > 0
        assert page.locator("#search-filters").get_attribute("open") is not None
        assert axe_violations(page) == []


def test_axe_is_really_checking(browser):
    """A control: the same run reports a picture without a text alternative and an unlabelled field."""
    site = sample()
    with offline_page(browser, now=site.now) as (page, _):
        open_ready(page, site.url(""))
        page.evaluate("""() => document.querySelector("main").insertAdjacentHTML("beforeend",
            '<img src="x.png"><input type="text">')""")
        rules = {v["id"] for v in axe_violations(page)}
    assert {"image-alt", "label"} <= rules


def test_every_page_is_valid_html(site):
    files = sorted(site.output.rglob("*.html"))
    assert len(files) >= 10
    assert vnu_errors(files) == []


def test_the_html_checker_is_really_checking(tmp_path):
    """A control: a vacancy page with a block inside a paragraph and a duplicate id is reported."""
    page = next((sample().output / "vacancies").glob("*/index.html")).read_text(encoding="utf-8")
    broken = tmp_path / "broken.html"
    broken.write_text(page.replace("<h1", '<p><div id="maincontent">x</div></p><h1', 1), encoding="utf-8")
    errors = vnu_errors([broken])
    assert any("“p”" in e for e in errors), errors
    assert any("Duplicate ID" in e for e in errors), errors


def test_nothing_scrolls_sideways_on_a_375px_phone(site, browser):
    wide = {}
    with offline_page(browser, PHONE, 800, now=site.now) as (page, _):
        for rel in site.pages():
            open_ready(page, site.url(rel))
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE:
                wide[rel or "/"] = width
        if "open vacancy" in site.kinds():
            open_ready(page, site.url("search/?q=liaison"))
            assert page.locator("#search-results li").count() > 0
            page.click("#search-filters summary")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE:
                wide["search/ with results and filters"] = width
    assert wide == {}


# Keyboard -------------------------------------------------------------------------------------

TABBABLE = """() => [...document.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]")]
    .filter(e => e.tabIndex >= 0 && !e.disabled && e.checkVisibility({visibilityProperty: true}))"""

# What a person sees of an element: its own look, its ::before and ::after, its children's and its label's.
LOOK = """(e) => {
    const parts = [e, ...e.querySelectorAll("*")];
    if (e.labels) parts.push(...e.labels);
    const props = ["outline-style", "outline-color", "outline-width", "box-shadow", "background-color", "color",
                   "text-decoration-line", "text-decoration-thickness", "border-color"];
    return parts.flatMap(p => [null, "::before", "::after"].map(pseudo => {
        const s = getComputedStyle(p, pseudo);
        return props.map(k => s.getPropertyValue(k)).join("|");
    })).join(";");
}"""


def tab_through(page) -> tuple[set[str], list[str], list[str]]:
    """Press Tab until focus comes round again: (elements reached, ones with no visible change, every element)."""
    page.evaluate(f"""() => {{
        // Start from the top of the page, as a person arriving would.
        document.body.tabIndex = -1;
        document.body.focus();
        document.body.removeAttribute("tabindex");
        const look = {LOOK};
        window.__tabbable = ({TABBABLE})();
        window.__tabbable.forEach((e, i) => e.setAttribute("data-kbd", i));
        window.__look = new Map(window.__tabbable.map(e => [e, look(e)]));
    }}""")
    everything = page.evaluate("() => window.__tabbable.map(e => e.getAttribute('data-kbd'))")
    reached: list[str] = []
    unseen: list[str] = []
    for _ in range(len(everything) + 5):
        page.keyboard.press("Tab")
        index, changed, label = page.evaluate(f"""() => {{
            const e = document.activeElement;
            if (!e || e === document.body) return [null, true, ""];
            const look = {LOOK};
            return [e.getAttribute("data-kbd"), look(e) !== window.__look.get(e), e.outerHTML.slice(0, 120)];
        }}""")
        if index is None or index in reached:
            if reached:
                break
            continue
        reached.append(index)
        if not changed:
            unseen.append(label)
    return set(reached), unseen, everything


def test_every_link_and_button_is_reached_by_tab_and_shows_its_focus(browser):
    site = sample()
    missed, invisible = {}, {}
    with offline_page(browser, now=site.now) as (page, _):
        for kind, rel in site.kinds().items():
            open_ready(page, site.url(rel))
            if kind == "search":
                page.click("#search-filters summary")
                page.fill("#search-q", "liaison")
                page.wait_for_selector("#search-results li")
            reached, unseen, everything = tab_through(page)
            assert len(everything) > 10, f"{kind}: only {len(everything)} focusable elements found"
            if set(everything) - reached:
                missed[kind] = sorted(set(everything) - reached)
            if unseen:
                invisible[kind] = unseen
    assert missed == {}, "not reachable with Tab"
    assert invisible == {}, "focus not visible"


# Screenshots ----------------------------------------------------------------------------------

def test_screenshots_of_index_vacancy_and_search_at_375_and_1280(browser):
    """For a person to look at: tests/screenshots/{index,vacancy,search}-{375,1280}.png."""
    site = sample()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots = {"index": "", "vacancy": site.kinds()["open vacancy"], "search": "search/?q=liaison"}
    for width in (PHONE, 1280):
        with offline_page(browser, width, 900, now=site.now) as (page, _):
            for name, rel in shots.items():
                open_ready(page, site.url(rel))
                if name == "search":
                    assert page.locator("#search-results li").count() > 0
                target = SCREENSHOTS / f"{name}-{width}.png"
                target.unlink(missing_ok=True)
                page.screenshot(path=str(target), full_page=True)
                assert target.stat().st_size > 10_000, f"{target} looks empty"
                assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_focus_check_is_really_checking(browser):
    """A control: a link styled to look the same focused and unfocused is reported."""
    with offline_page(browser, now=sample().now) as (page, _):
        open_ready(page, sample().url(""))
        page.evaluate("""() => {
            document.head.insertAdjacentHTML("beforeend", "<style>#control, #control:focus, #control:focus-visible {" +
                "outline: none !important; box-shadow: none !important; background: none !important; color: #000 !important;" +
                "text-decoration: underline !important }</style>");
            document.querySelector("main").insertAdjacentHTML("afterbegin", '<a id="control" href="#x">Control</a>');
        }""")
        _, unseen, _ = tab_through(page)
    assert [u for u in unseen if 'id="control"' in u], unseen
