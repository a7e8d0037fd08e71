"""The nhsuk theme: NHS.UK frontend macros and assets, paired versions, and what each page shows a candidate."""

from __future__ import annotations

import json
import re
import subprocess
import tomllib
import urllib.request
from importlib import metadata
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
import yaml
from browser import offline_page, open_ready
from bs4 import BeautifulSoup
from conftest import ROOT, copy_site, run
from nhsuk_site import NODE_MODULES, PREFIX, SAMPLE_NOW, Built, sample, seed_august
from sitetools import at, file_for, open_order, soup, sources, text_of, uk_date, vacancy_pages

DIST = NODE_MODULES / "nhsuk-frontend" / "dist" / "nhsuk"
THEME = ROOT / "themes" / "nhsuk"


# Versions and assets --------------------------------------------------------------------------

def compatibility_table() -> set[tuple[str, str]]:
    """(nhsuk-frontend, nhsuk-frontend-jinja) pairs from the jinja port's own README, as installed."""
    readme = metadata.metadata("nhsuk-frontend-jinja").json["description"]
    return set(re.findall(r"^\|\s*(\d+\.\d+\.\d+)\s*\|\s*(\d+\.\d+\.\d+)\s*\|$", readme, re.MULTILINE))


def test_frontend_versions_are_pinned_and_paired_as_the_jinja_port_says():
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    npm_version = package["dependencies"]["nhsuk-frontend"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", npm_version), "pinned exactly"
    assert lock["packages"]["node_modules/nhsuk-frontend"]["version"] == npm_version
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    [jinja_pin] = [p for p in pins if p.startswith("nhsuk-frontend-jinja")]
    jinja_version = jinja_pin.split("==")[1]
    assert (npm_version, jinja_version) in compatibility_table()
    assert metadata.version("nhsuk-frontend-jinja") == jinja_version
    assert json.loads((NODE_MODULES / "nhsuk-frontend" / "package.json").read_text())["version"] == npm_version
    declared = {a["version"] for a in yaml.safe_load((THEME / "theme.yaml").read_text(encoding="utf-8"))["npm"]}
    assert declared == {npm_version}


def test_the_design_system_css_is_not_committed():
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.split()
    theirs = {f.read_bytes() for f in DIST.glob("*.css")}
    assert theirs
    for name in listed:
        assert "nhsuk-frontend" not in name.rsplit("/", 1)[-1], name
        if name.endswith(".css"):
            assert (ROOT / name).read_bytes() not in theirs, name
            assert (ROOT / name).stat().st_size < 20_000, f"{name} is large for jobboard's own additions"


def test_the_build_copies_the_css_javascript_and_icons_from_npm():
    output = sample().output / "static" / "nhsuk"
    css = (output / "nhsuk-frontend.min.css").read_text(encoding="utf-8")
    original = (DIST / "nhsuk-frontend.min.css").read_text(encoding="utf-8")
    assert css.count("{") == original.count("{") and len(css) > 100_000
    assert not re.search(r"url\(/(?!/)", css), "no root-relative url(): the site lives under a sub-path"
    for target in re.findall(r"url\(([^)]+)\)", css):
        if not target.startswith(("http:", "https:", "data:")):
            assert (output / target.strip("'\"")).is_file(), target
    js = (output / "nhsuk-frontend.min.js").read_bytes()
    assert js.startswith((DIST / "nhsuk-frontend.min.js").read_bytes()[:5000])
    icons = sorted(p.relative_to(DIST / "assets") for p in (DIST / "assets").rglob("*") if p.is_file())
    assert len(icons) > 20
    for icon in icons:
        assert (output / "assets" / icon).read_bytes() == (DIST / "assets" / icon).read_bytes(), icon


def test_a_different_nhsuk_frontend_version_stops_the_build(tmp_path):
    site = copy_site("nhsuk", tmp_path)
    fake = site / "node_modules" / "nhsuk-frontend"
    fake.mkdir(parents=True)
    (fake / "package.json").write_text('{"name": "nhsuk-frontend", "version": "9.0.0"}', encoding="utf-8")
    result = run("build", "--site", site, "--now", SAMPLE_NOW)
    assert result.returncode == 1
    assert "nhsuk-frontend 10.6.1" in result.stderr and "9.0.0" in result.stderr and "npm ci" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (site / "output").exists()


# Served under a project path -------------------------------------------------------------------

def references(page: BeautifulSoup) -> list[str]:
    return [tag[attr] for attr in ("href", "src") for tag in page.find_all(attrs={attr: True})]


@pytest.mark.parametrize("make", [sample, seed_august], ids=["sample", "seed-august"])
def test_every_link_stylesheet_script_icon_and_css_url_answers_under_the_sub_path(make):
    site: Built = make()
    seen, queue, broken = set(), [site.base, site.base + "404.html"], []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                kind, data = response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as error:
            if not url.endswith("404.html"):
                broken.append(f"{url}: {error.code}")
            continue
        found = []
        if kind.startswith("text/html"):
            found = references(BeautifulSoup(data.decode("utf-8"), "html.parser"))
        elif kind.startswith("text/css"):
            found = [u.strip("'\"") for u in re.findall(r"url\(([^)]+)\)", data.decode("utf-8"))]
        for link in found:
            # A calendar's webcal: link is its own http(s) address, for a calendar app to subscribe to: check it as that.
            link = urlsplit(site.base).scheme + link.removeprefix("webcal") if link.startswith("webcal:") else link
            absolute = urldefrag(urljoin(url, link))[0]
            if urlsplit(absolute).netloc == urlsplit(site.base).netloc:
                assert absolute.startswith(site.base), f"{url} refers to {link}, outside {PREFIX}"
                queue.append(absolute)
    assert broken == []
    assert site.base + "static/nhsuk/nhsuk-frontend.min.css" in seen
    assert any(u.startswith(site.base + "static/nhsuk/assets/images/") for u in seen)


# What the pages show ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site() -> Built:
    return sample()


@pytest.fixture(scope="module")
def srcs(site):
    return sources(site.site)


@pytest.fixture(scope="module")
def pages(site):
    return vacancy_pages(site.output, site.base)


def page(site: Built, rel: str) -> BeautifulSoup:
    return soup(site.output, PREFIX + rel, PREFIX)


def test_every_page_has_the_nhs_header_footer_and_a_skip_link_to_main(site):
    for file in sorted(site.output.rglob("*.html")):
        html = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        skip = html.select_one("a.nhsuk-skip-link")
        assert skip is not None and skip["href"] == "#maincontent", file
        assert html.select_one("main#maincontent") is not None, file
        assert html.select_one("header.nhsuk-header .nhsuk-header__service-name"), file
        assert html.select_one("footer.nhsuk-footer"), file
        nav = [text_of(a) for a in html.select(".nhsuk-header__navigation-link[href]")]
        assert nav == ["Vacancies", "Trusts", "Pay bands", "Closed vacancies", "Search"], file


def test_a_vacancy_page_has_breadcrumbs_home_trust_vacancy_and_a_back_link(site, srcs, pages):
    for source in srcs:
        if source.reference not in pages:
            continue
        link, html = pages[source.reference]
        crumbs = html.select("nav.nhsuk-breadcrumb li a")
        assert [text_of(a) for a in crumbs] == ["Home", source.trust_name, source.title]
        assert [a["href"] for a in crumbs] == [PREFIX, f"{PREFIX}trusts/{source.trust_slug}/", link]
        assert crumbs[-1]["aria-current"] == "page" and not crumbs[0].has_attr("aria-current")
        back = html.select_one("nav.nhsuk-breadcrumb a.nhsuk-back-link")
        assert back["href"] == f"{PREFIX}trusts/{source.trust_slug}/" and not back.has_attr("aria-current")


def test_facts_are_in_an_nhs_summary_list(site, srcs, pages):
    for source in srcs:
        _, html = pages[source.reference]
        rows = html.select("dl.nhsuk-summary-list.summary-list > .nhsuk-summary-list__row")
        facts = {text_of(r.select_one(".nhsuk-summary-list__key")): text_of(r.select_one(".nhsuk-summary-list__value")) for r in rows}
        assert facts["Reference"] == source.reference
        assert facts["Employer"] == source.trust_name and facts["Pay band"] == source.band
        assert facts["Closing date"].startswith(uk_date(source.closing))


def test_closing_soon_and_closed_tags(site, srcs, pages):
    now = at(SAMPLE_NOW)
    soon_days = site.config["closing_soon_days"]
    counts = {"Closing soon": 0, "Closed": 0}
    for source in srcs:
        _, html = pages[source.reference]
        tags = [text_of(t) for t in html.select("main .status .nhsuk-tag")]
        if not source.is_open(now):
            expected = ["Closed"]
            assert html.select_one(".nhsuk-inset-text.status-closed"), source.reference
            assert "no longer accepting applications" in text_of(html.select_one(".status-closed"))
        elif (source.closing - now).total_seconds() <= soon_days * 86400:
            expected = ["Closing soon"]
        else:
            expected = []
        assert tags == expected, source.reference
        for tag in expected:
            counts[tag] += 1
    assert counts["Closing soon"] >= 2 and counts["Closed"] >= 2


def test_the_apply_button_leads_to_the_apply_url_or_the_contact_details(site, srcs, pages):
    kinds = set()
    for source in srcs:
        _, html = pages[source.reference]
        buttons = html.select("main a.nhsuk-action-link")
        if not source.is_open(at(SAMPLE_NOW)):
            assert buttons == [], source.reference
            continue
        [button] = buttons
        contact = source.data.get("contact") or {}
        if source.data.get("apply_url"):
            assert button["href"] == source.data["apply_url"]
            kinds.add("url")
        elif contact.get("email") or contact.get("phone"):
            assert button["href"] == "#contact"
            details = text_of(html.select_one("#contact").find_next("dl"))
            assert (contact.get("email") or contact.get("phone")) in details
            kinds.add("contact")
        else:
            assert button["href"] == "#how-to-apply" and html.select_one("#how-to-apply")
            kinds.add("neither")
    assert kinds == {"url", "contact", "neither"}


def test_up_to_five_other_open_vacancies_from_the_same_trust_or_band(site, srcs, pages):
    now = at(SAMPLE_NOW)
    open_sources = open_order([s for s in srcs if s.is_open(now)])
    longest = 0
    for source in srcs:
        link, html = pages[source.reference]
        shown = [a["href"] for a in html.select(".related li.card .card-title a")]
        expected = [pages[o.reference][0] for o in open_sources
                    if o is not source and (o.trust_slug == source.trust_slug or o.band == source.band)][:5]
        assert shown == expected, source.reference
        assert link not in shown
        longest = max(longest, len(shown))
    assert longest == 5, "some vacancy has more than five to choose from"


def test_listing_cards_show_title_trust_band_salary_location_and_closing_date(site, srcs, pages):
    by_link = {link: s for s, (link, _) in ((s, pages[s.reference]) for s in srcs)}
    for rel in ["", "page/2/", "page/3/", "closed/", "trusts/cntw/", "bands/band-5/"]:
        for card in page(site, rel).select("main li.card"):
            assert card.select_one(".nhsuk-card"), rel
            title = card.select_one(".card-title a")
            source = by_link[title["href"]]
            assert text_of(title) == source.title
            facts = {text_of(d.dt): text_of(d.dd) for d in card.select("dl.card-facts > div")}
            assert facts["Employer"] == source.trust_name and facts["Pay band"] == source.band
            assert facts["Closing date"].startswith(uk_date(source.closing))
            assert ("Salary" in facts) == bool(source.data.get("salary"))
            assert ("Location" in facts) == bool(source.data.get("location"))
            if isinstance(source.data.get("location"), dict) and source.data["location"].get("postcode"):
                assert source.data["location"]["postcode"] in facts["Location"]


def test_listings_paginate_with_the_nhs_pagination(site):
    first = page(site, "")
    pagination = first.select_one("nav.nhsuk-pagination")
    assert pagination is not None
    assert pagination.find("a", rel="next")["href"] == f"{PREFIX}page/2/"
    numbers = [text_of(a) for a in pagination.select(".nhsuk-pagination__item a")]
    open_count = len([s for s in sources(site.site) if s.is_open(at(SAMPLE_NOW))])
    pages = -(-open_count // site.config["per_page"])
    assert pages >= 3 and numbers == [str(n) for n in range(1, pages + 1)]
    last = page(site, f"page/{pages}/").select_one("nav.nhsuk-pagination")
    assert last.find("a", rel="prev")["href"] == f"{PREFIX}page/{pages - 1}/" and last.find("a", rel="next") is None


def test_every_listing_page_offers_its_own_feed_and_the_site_feed(site):
    groups = [f.parent for kind in ("trusts", "bands") for f in (site.output / kind).glob("*/index.html")]
    listings = ["", "page/2/", "closed/", "trusts/", "bands/", "search/"] + [g.relative_to(site.output).as_posix() + "/" for g in groups]
    for rel in listings:
        html = page(site, rel)
        panel = html.select_one("aside.subscribe")
        assert text_of(panel.find("h2")) == "Get new vacancies by RSS", rel
        offered = {a["href"] for a in panel.select("a[href]")}
        # Each feed as RSS, Atom and JSON Feed (issue 18).
        kinds = ("application/rss+xml", "application/atom+xml", "application/feed+json")
        alternates = {link["href"] for link in html.find_all("link", rel="alternate") if link.get("type") in kinds}
        assert offered == alternates and site.base + "feed.xml" in offered, rel
        if rel.count("/") == 2 and rel.startswith(("trusts/", "bands/")):
            assert site.base + rel + "feed.xml" in offered, rel
        for href in offered:
            assert file_for(site.output, href, site.base).is_file(), href


def test_the_printed_advert_leaves_out_navigation_panels_and_buttons(browser):
    site = sample()
    vacancy = site.kinds()["open vacancy"]
    with offline_page(browser, now=site.now) as (tab, _):
        open_ready(tab, site.url(vacancy))
        hidden = ".nhsuk-header__navigation, .nhsuk-breadcrumb, .nhsuk-footer, .subscribe, .related, .nhsuk-action-link, .nhsuk-skip-link"
        shown = "h1, dl.summary-list, .advert, #how-to-apply"
        visible = "(sel) => [...document.querySelectorAll(sel)].map(e => getComputedStyle(e).display !== 'none')"
        assert all(tab.evaluate(visible, hidden)), "on screen, everything shows"
        tab.emulate_media(media="print")
        assert not any(tab.evaluate(visible, hidden)), "printed, the page chrome is left out"
        assert all(tab.evaluate(visible, shown)) and len(tab.evaluate(visible, shown)) == 4
        assert len(tab.pdf(format="A4")) > 10_000


@pytest.mark.parametrize("mistake", ["<p>{{ vacancy.no_such_fact }}</p>", '{{ insetText({"text": vacancy.no_such_fact}) }}'])
def test_an_undefined_name_in_a_template_is_an_error_even_inside_a_macro(tmp_path, mistake):
    """The NHS.UK macros may leave their own parameters out; a mistake in the site's template still stops the build."""
    site = copy_site("nhsuk", tmp_path)
    (site / "templates").mkdir()
    (site / "templates" / "vacancy.html").write_text(
        '{% extends "base.html" %}\n{% from "nhsuk/components/inset-text/macro.jinja" import insetText %}\n'
        "{% block main %}\n" + mistake + "\n{% endblock %}\n", encoding="utf-8")
    result = run("build", "--site", site, "--now", SAMPLE_NOW)
    assert result.returncode == 1, result.stderr
    assert "no_such_fact" in result.stderr and "Traceback" not in result.stderr
    assert not (site / "output").exists()
