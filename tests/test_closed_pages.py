"""Closed adverts: their pages lead on to similar open jobs, and drop the contact once contact_retention_days have passed."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import run
from sitetools import at, build, config, facts, main, open_order, soup, sources, text_of, tree, vacancy_pages

NOW = "2026-03-01T09:00"
SITES = ["board", "nhsuk"]  # the default theme and the nhsuk theme
SIMILAR = "This job has closed. Similar jobs that are open"
CONTACTED = "liaison-and-diversion-practitioner"  # the board's advert with a contact: name, e-mail and phone
REMOVED = "[contact details removed]"


@pytest.fixture(scope="module", params=SITES)
def built(request, built_site):
    return built_site(request.param, NOW)


def similar_links(page) -> list[str] | None:
    """The vacancy links under the closed page's "Similar jobs that are open" heading; None without the heading."""
    heading = next((h for h in main(page).find_all("h2") if text_of(h) == SIMILAR), None)
    if heading is None:
        return None
    return [a["href"] for a in heading.find_parent("section").select("li.card .card-title a")]


def test_closed_pages_link_to_up_to_five_open_jobs_in_the_same_band_or_at_the_same_trust(built):
    now = at(NOW)
    base = config(built.site)["base_url"]
    srcs = sources(built.site)
    pages = vacancy_pages(built.output, base)
    by_link = {pages[s.reference][0]: s for s in srcs if s.reference in pages}
    closed = [s for s in srcs if s.published(now) and not s.is_open(now)]
    assert closed, "the sample has no closed advert"
    for source in closed:
        shown = similar_links(pages[source.reference][1])
        assert shown is not None, f"{source.reference}: no {SIMILAR!r} heading"
        assert 0 < len(shown) <= 5, source.reference
        for link in shown:
            target = by_link[link]
            assert target.is_open(now), f"{source.reference} links to {link}, which is not open"
            assert soup(built.output, link, base).select_one(".status-closed") is None
            assert target.band == source.band or target.trust_name == source.trust_name, link
        # All of them when there are five or fewer, else the five closing soonest.
        expected = [pages[o.reference][0] for o in open_order([o for o in srcs if o.is_open(now)])
                    if o.band == source.band or o.trust_name == source.trust_name][:5]
        assert shown == expected, source.reference


def test_open_pages_have_no_closed_heading(built):
    now = at(NOW)
    pages = vacancy_pages(built.output, config(built.site)["base_url"])
    for source in sources(built.site):
        if source.is_open(now):
            assert similar_links(pages[source.reference][1]) is None, source.reference


def test_a_closed_page_with_no_similar_open_job_says_so(site_copy):
    """Once every advert has closed, a closed page still has the heading, and leads to the list of open vacancies."""
    site = site_copy("board")
    build(site, "--now", "2027-01-01T09:00")
    for link, page in vacancy_pages(site / "output").values():
        assert similar_links(page) == [], link
        section = main(page).select_one("section.similar")
        assert "There are no open jobs at" in text_of(section)
        assert section.find("a", href="/", string="all open vacancies") is not None


# The contact, either side of contact_retention_days after closing ------------------------------------------

def boundary(site: Path) -> tuple[str, str]:
    """--now a minute before and a minute after the contacted advert's retention period ends."""
    source = next(s for s in sources(site) if s.file.stem == CONTACTED)
    ends = source.closing + timedelta(days=config(site)["contact_retention_days"])
    return (ends - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M"), (ends + timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M")


def mention_the_contact(site: Path) -> dict:
    """Name the contact in the advert's own text too, as adverts often do; the contact from its front matter."""
    source = next(s for s in sources(site) if s.file.stem == CONTACTED)
    contact = source.data["contact"]
    with source.file.open("a", encoding="utf-8") as file:
        file.write(f"\nFor an informal visit contact {contact['name']} on {contact['phone']} "
                   f"or [{contact['email']}](mailto:{contact['email']}).\n")
    return contact


def contacted_page(output: Path) -> tuple[str, str]:
    """The contacted advert's page as HTML, and as visible text."""
    html = (output / "vacancies" / CONTACTED / "index.html").read_text(encoding="utf-8")
    return html, text_of(BeautifulSoup(html, "html.parser"))


def built_at(site_copy, side: int) -> tuple[dict[str, str], str, str]:
    """The board built on one side of the retention boundary (0: before, 1: after): the contact, and its page."""
    site = site_copy("board")
    contact = mention_the_contact(site)
    build(site, "--now", boundary(site)[side])
    return contact, *contacted_page(site / "output")


def test_the_contact_is_shown_until_the_retention_period_ends(site_copy):
    contact, html, text = built_at(site_copy, 0)
    assert "This vacancy closed on" in text
    for value in (contact["name"], contact["job_title"], contact["email"], contact["phone"]):
        assert value in text
    assert f'href="mailto:{contact["email"]}"' in html
    assert REMOVED not in text


def test_after_the_retention_period_the_contact_is_left_out_and_the_rest_stays(site_copy):
    contact, html, text = built_at(site_copy, 1)
    digits = "".join(c for c in contact["phone"] if c.isdigit())
    for value in (contact["name"], contact["job_title"], contact["email"], contact["phone"], digits):
        assert value.casefold() not in html.casefold(), f"{value} is still on the page"
    assert "mailto:" not in html and "tel:" not in html
    assert "For an informal visit contact [contact details removed] on [contact details removed] or " \
           "[contact details removed]." in text
    page = BeautifulSoup(html, "html.parser")
    assert text_of(page.h1) == "Liaison and Diversion Practitioner"
    assert facts(page)["Reference"] == "TEWV-5-102" and "Contact" not in [text_of(h) for h in page.find_all("h2")]
    assert "Our liaison and diversion team sees people in police custody" in text


def test_an_incremental_build_across_the_boundary_matches_a_clean_build(site_copy, tmp_path):
    """The same site folder and cache, the clock moved past the boundary and back: each time the bytes of a clean build."""
    site = site_copy("board")
    mention_the_contact(site)
    before, after = boundary(site)
    output = site / "output"
    build(site, "--now", before)
    for now in (after, before):
        previous = tree(output)
        build(site, "--now", now)
        incremental = tree(output)
        clean = tmp_path / f"clean-{now.replace(':', '')}"
        result = run("build", "--site", site, "--now", now, "--no-cache", "--output", clean)
        assert result.returncode == 0, result.stderr
        assert incremental == tree(clean), f"--now {now}: the incremental build differs from a clean one"
        # Only the contact's own page changes among the pages: no listing shows a contact.
        changed = {rel for rel in incremental if rel.endswith(".html") and incremental[rel] != previous.get(rel)}
        assert changed == {f"vacancies/{CONTACTED}/index.html"}, now


@pytest.mark.parametrize("value", ["-1", "ninety", "3661"])
def test_a_retention_period_that_is_not_a_number_of_days_is_an_error_at_its_line(site_copy, value):
    site = site_copy("board")
    path = site / "config.yaml"
    text = path.read_text(encoding="utf-8").replace("contact_retention_days: 60", f"contact_retention_days: {value}")
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index(f"contact_retention_days: {value}") + 1
    result = run("check", "--site", site, "--now", NOW)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"config.yaml:{line}: contact_retention_days: expected a whole number from 0 to 3,660, got" in result.stderr
