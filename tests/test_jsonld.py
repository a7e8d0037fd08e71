"""schema.org JobPosting data: strict JSON, safe inside <script>, on every open vacancy page and on no other."""

from __future__ import annotations

import json
import re
from datetime import datetime, time

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, copy_site, real_now
from nhsuk_site import AUGUST, SAMPLE_NOW, Built, sample, seed_august, seed_today
from sitetools import at, build, config, sources, text_of, vacancy_pages

# The mapping, kept here independently of the generator's.
EMPLOYMENT = [("full-time", "FULL_TIME"), ("full time", "FULL_TIME"), ("part-time", "PART_TIME"), ("part time", "PART_TIME"),
              ("fixed term", "TEMPORARY"), ("bank", "PER_DIEM")]


def reject(constant: str):
    raise ValueError(f"not strict JSON: {constant}")


def postings(page: BeautifulSoup) -> list[dict]:
    """Every ld+json block on a page, parsed strictly."""
    blocks = page.find_all("script", type="application/ld+json")
    return [json.loads(block.string, parse_constant=reject) for block in blocks]


def published_date(source, now: datetime) -> str:
    day = source.data.get("posted") or source.data.get("added")
    moment = datetime.combine(day, time(0, 0), now.tzinfo) if day else now
    return min(moment, now).date().isoformat()


def places(source) -> list[dict]:
    raw = source.data.get("location") or []
    return raw if isinstance(raw, list) else [raw]


def check_posting(site: Built, now: str, source, link: str, page: BeautifulSoup) -> None:
    [data] = postings(page)
    settings = config(site.site)
    trust = next((t for t in settings.get("trusts", []) if t["name"] == source.trust_name), {})
    assert data["@context"] in ("https://schema.org/", "https://schema.org") and data["@type"] == "JobPosting"
    assert data["title"] == source.title == text_of(page.h1)
    assert " ".join(BeautifulSoup(data["description"], "html.parser").get_text(" ").split()) == text_of(page.select_one(".advert"))
    assert data["datePosted"] == published_date(source, at(now))
    assert data["validThrough"] == source.closing.isoformat()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", data["validThrough"])
    assert data["validThrough"] == page.select_one(".status time")["datetime"], "the page's closing time"
    organisation = data["hiringOrganization"]
    assert organisation["@type"] == "Organization" and organisation["name"] == source.trust_name
    assert organisation.get("sameAs") == trust.get("website") and organisation.get("url") == trust.get("website")
    locations = data["jobLocation"] if isinstance(data["jobLocation"], list) else [data["jobLocation"]]
    assert len(locations) == len(places(source))
    for place, given in zip(locations, places(source), strict=True):
        assert place["@type"] == "Place" and place["address"]["@type"] == "PostalAddress"
        assert place["address"]["addressCountry"] == "GB"
        assert place["address"].get("addressLocality") == given.get("town")
        assert place["address"].get("postalCode") == given.get("postcode")
    salary = source.data.get("salary")
    if isinstance(salary, dict) and ("min" in salary or "max" in salary):
        pay = data["baseSalary"]
        assert pay["@type"] == "MonetaryAmount" and pay["currency"] == "GBP"
        assert pay["value"]["@type"] == "QuantitativeValue"
        assert pay["value"]["unitText"] == salary.get("period", "year").upper()
        assert pay["value"].get("minValue") == salary.get("min") and pay["value"].get("maxValue") == salary.get("max")
    else:
        assert "baseSalary" not in data
    words = " ".join(map(str, [source.data.get("working_pattern", ""), source.data.get("contract", "")])).lower()
    assert set(data.get("employmentType", [])) == {kind for word, kind in EMPLOYMENT if word in words}
    assert data["identifier"] == {"@type": "PropertyValue", "name": source.trust_name, "value": source.reference}
    assert data["url"] == site.base + link.removeprefix("/jobboard/")


@pytest.mark.parametrize("name", ["sample", "seed-august"])
def test_every_open_vacancy_carries_a_job_posting_that_matches_its_page(name):
    site, now = (sample(), SAMPLE_NOW) if name == "sample" else (seed_august(), AUGUST)
    pages = vacancy_pages(site.output, site.base)
    open_sources = [s for s in sources(site.site) if s.is_open(at(now))]
    assert open_sources
    for source in open_sources:
        link, page = pages[source.reference]
        check_posting(site, now, source, link, page)


@pytest.mark.parametrize("name", ["sample", "seed-today"])
def test_closed_vacancies_have_no_job_posting_and_ask_not_to_be_indexed(name):
    site, now = (sample(), at(SAMPLE_NOW)) if name == "sample" else (seed_today(), real_now())
    pages = vacancy_pages(site.output, site.base)
    closed = [s for s in sources(site.site) if s.published(now) and not s.is_open(now)]
    assert closed
    for source in closed:
        _, page = pages[source.reference]
        assert postings(page) == []
        assert [m["content"] for m in page.find_all("meta", attrs={"name": "robots"})] == ["noindex"]


def test_only_vacancy_pages_carry_job_postings():
    site = sample()
    for file in site.output.rglob("*.html"):
        if file.parent.parent.name != "vacancies":
            assert "application/ld+json" not in file.read_text(encoding="utf-8"), file


def test_hostile_text_cannot_end_the_script_element(tmp_path):
    site = copy_site("nhsuk", tmp_path)
    hostile = 'Nurse </script><script>alert("x")</script> <!-- & </SCRIPT>'
    advert = site / "content" / "vacancies" / "community-nurse-band-5-oxleas.md"
    text = advert.read_text(encoding="utf-8").replace("title: Community Mental Health Nurse", f"title: '{hostile}'")
    advert.write_text(text + "\nEnds with </script><script>alert(2)</script> in the advert.\n", encoding="utf-8")
    build(site, "--now", SAMPLE_NOW)
    [(_, page)] = [v for ref, v in vacancy_pages(site / "output").items() if ref == "OXL-5-CMHN-3"]
    [data] = postings(page)
    assert data["title"] == hostile
    raw = page.find("script", type="application/ld+json").string
    assert "<" not in raw and ">" not in raw
    assert not [s for s in page.find_all("script") if "alert" in (s.string or "") and s.get("type") != "application/ld+json"]


def test_a_default_theme_template_that_shows_the_job_posting_gets_it(tmp_path):
    """The data is made only for templates that can show it: a site's vacancy template that does gets it in full."""
    site = copy_site("board", tmp_path)
    (site / "templates").mkdir()
    default = (ROOT / "themes" / "default" / "templates" / "vacancy.html").read_text(encoding="utf-8")
    head = '{% block head %}{% if job_posting %}<script type="application/ld+json">{{ job_posting | safe }}</script>{% endif %}{% endblock %}\n'
    first, rest = default.split("\n", 1)
    (site / "templates" / "vacancy.html").write_text(f"{first}\n{head}{rest}", encoding="utf-8")
    now = "2026-03-01T09:00"
    build(site, "--now", now)
    pages = vacancy_pages(site / "output")
    found = [s for s in sources(site) if s.published(at(now))]
    assert any(s.is_open(at(now)) for s in found) and not all(s.is_open(at(now)) for s in found)
    for source in found:
        _, page = pages[source.reference]
        titles = [data["title"] for data in postings(page)]
        assert titles == ([source.title] if source.is_open(at(now)) else []), source.reference
