"""Files for search engines and social sites: sitemap.xml, robots.txt, the 404 page, noindex and Open Graph."""

from __future__ import annotations

import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from datetime import datetime

import pytest
from bs4 import BeautifulSoup
from conftest import real_now
from nhsuk_site import AUGUST, SAMPLE_NOW, Built, sample, seed_august, seed_today
from sitetools import at, file_for, sources, text_of, vacancy_pages

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BUILDS = {"sample": (sample, SAMPLE_NOW), "seed-august": (seed_august, AUGUST), "seed-today": (seed_today, None)}


@pytest.fixture(params=list(BUILDS), scope="module")
def built_site(request) -> tuple[Built, datetime]:
    make, now = BUILDS[request.param]
    return make(), at(now) if now else real_now()


def sitemap_urls(site: Built) -> list[str]:
    root = ET.fromstring((site.output / "sitemap.xml").read_bytes())
    assert root.tag == f"{SITEMAP}urlset"
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def page_of(site: Built, url: str) -> BeautifulSoup:
    return BeautifulSoup(file_for(site.output, url, site.base).read_text(encoding="utf-8"), "html.parser")


def test_sitemap_lists_open_vacancies_and_listing_pages_only(built_site):
    site, now = built_site
    urls = sitemap_urls(site)
    assert len(urls) == len(set(urls))
    pages = vacancy_pages(site.output, site.base)
    published = [s for s in sources(site.site) if s.published(now)]
    open_links = {site.base + pages[s.reference][0].removeprefix("/jobboard/") for s in published if s.is_open(now)}
    closed_links = {site.base + pages[s.reference][0].removeprefix("/jobboard/") for s in published if not s.is_open(now)}
    assert open_links <= set(urls)
    assert not closed_links & set(urls)
    listing = {site.base + f.relative_to(site.output).as_posix().removesuffix("index.html")
               for f in site.output.rglob("index.html") if f.parent.parent.name != "vacancies"}
    assert set(urls) == open_links | listing
    assert site.base + "404.html" not in urls
    for url in urls:
        assert url.startswith(site.base), url
        assert file_for(site.output, url, site.base).is_file(), url


def test_robots_txt_points_at_the_sitemap(built_site):
    site, _ = built_site
    lines = (site.output / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {site.base}sitemap.xml" in lines
    assert not [line for line in lines if line.strip().lower() == "disallow: /"]


def test_the_404_page_comes_from_the_theme_and_is_served_for_unknown_addresses(built_site):
    site, _ = built_site
    page = BeautifulSoup((site.output / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert text_of(page.h1) == "Page not found"
    assert page.select_one("header.nhsuk-header") and page.select_one("footer.nhsuk-footer")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(site.url("vacancies/no-such-advert/"), timeout=10)
    assert missing.value.code == 404 and b"Page not found" in missing.value.read()


def test_every_page_has_open_graph_title_and_description(built_site):
    site, _ = built_site
    for file in sorted(site.output.rglob("*.html")):
        page = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        og = {m["property"]: m["content"] for m in page.find_all("meta", attrs={"property": True})}
        assert og.get("og:title") == text_of(page.h1) or file.name == "404.html" and og.get("og:title") == "Page not found", file
        description = page.find("meta", attrs={"name": "description"})["content"]
        assert og.get("og:description") == description and len(description) > 20, file
        assert og.get("og:url") == page.find("link", rel="canonical")["href"], file


def test_noindex_only_on_closed_vacancies_and_the_404_page(built_site):
    site, now = built_site
    pages = vacancy_pages(site.output, site.base)
    closed = {pages[s.reference][0] for s in sources(site.site) if s.published(now) and not s.is_open(now)}
    for file in sorted(site.output.rglob("*.html")):
        page = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        link = "/jobboard/" + file.relative_to(site.output).as_posix().removesuffix("index.html")
        robots = [m["content"] for m in page.find_all("meta", attrs={"name": "robots"})]
        assert robots == (["noindex"] if link in closed or file.name == "404.html" else []), file
