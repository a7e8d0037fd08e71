"""The repository's own adverts, built as an editor would: with today's clock, and with a clock in August 2025."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
from conftest import real_now
from sitetools import (
    at,
    band_slug,
    card_links,
    cards_before_heading,
    config,
    feed_files,
    file_for,
    main,
    soup,
    sources,
    text_of,
    vacancy_pages,
)

AUGUST = "2025-08-15"
# The seeds, by reference: 002 and 001 were open in August 2025; 000, 003 and 004 were posted later.
WESTMINSTER, MAIDSTONE = "333-D-HJ-1844", "380-WK0316"
POSTED_LATER = {"380-FR0632-A", "7806241/351-BAY917-MS", "7647926/380-FR0615"}
KMPT = {"380-FR0632-A", "380-WK0316", "7647926/380-FR0615"}  # seeds 000, 002 and 004, under three names


@pytest.fixture(scope="module")
def repo(built_site):
    return built_site("repo", None).site


@pytest.fixture(scope="module")
def today(built_site):
    """Built with no --now and no SOURCE_DATE_EPOCH: the real clock."""
    return built_site("repo", None).output


@pytest.fixture(scope="module")
def august(built_site):
    return built_site("repo", AUGUST).output


@pytest.fixture(scope="module")
def base(repo):
    return config(repo)["base_url"]


@pytest.fixture(scope="module")
def home(base):
    """The root-relative path pages link with ("/jobboard/")."""
    return urlsplit(base).path


def test_the_seeds_are_all_closed_by_now(repo):
    now = real_now()
    assert len(sources(repo)) == 5
    assert not [s.reference for s in sources(repo) if s.is_open(now)]


def test_every_advert_has_a_page_marked_closed(repo, today, base):
    pages = vacancy_pages(today, base)
    assert set(pages) == {s.reference for s in sources(repo)}
    assert len(pages) == 5
    for reference, (link, page) in pages.items():
        status = page.select_one(".status-closed")
        assert status is not None and "Closed" in text_of(status), f"{link} is not marked closed"
        assert "no longer accepting applications" in text_of(status)
        assert not page.find("a", string="Apply for this job"), f"{link} still offers to apply"


def test_aliases_merge_into_three_trust_pages(repo, today, base):
    slugs = {s.trust_slug for s in sources(repo)}
    assert None not in slugs, "every seed's trust is a name or alias in config.yaml"
    built = {p.parent.name for p in (today / "trusts").glob("*/index.html")}
    assert built == slugs and len(built) == 3
    kmpt = {s.trust_slug for s in sources(repo) if s.reference in KMPT}
    assert len({s.data["trust"] for s in sources(repo) if s.reference in KMPT}) == 2, "the seeds use two names for KMPT"
    assert len(kmpt) == 1
    page = soup(today, f"{base}trusts/{kmpt.pop()}/", base)
    assert text_of(page.h1) == "Kent and Medway Mental Health NHS Trust"
    listed = text_of(soup(today, f"{base}trusts/", base).find("main"))
    assert "Kent and Medway NHS and Social Care Partnership Trust" not in listed
    assert "KMPT" not in listed


@pytest.mark.parametrize("kind", ["trusts", "bands"])
def test_each_group_page_lists_its_adverts_as_recently_closed(repo, today, base, home, kind):
    pages = vacancy_pages(today, base)
    groups: dict[str, set[str]] = {}
    for s in sources(repo):
        slug = s.trust_slug if kind == "trusts" else band_slug(s.data["band"])
        groups.setdefault(slug, set()).add(pages[s.reference][0])
    if kind == "bands":
        assert set(groups) == {"band-3", "band-5", "band-7"}
    assert {p.parent.name for p in (today / kind).glob("*/index.html")} == set(groups)
    index = soup(today, f"{base}{kind}/", base)
    assert {a["href"] for a in main(index).select("ul.groups a")} == {f"{home}{kind}/{slug}/" for slug in groups}
    for slug, links in groups.items():
        page = soup(today, f"{base}{kind}/{slug}/", base)
        before, after = cards_before_heading(page, "Recently closed")
        assert before == [], f"{kind}/{slug} lists a closed advert as open"
        assert set(after) == links, f"{kind}/{slug} recently closed"
        assert "There are no open vacancies" in text_of(main(page))


def test_closed_archive_lists_all_five(repo, today, base):
    pages = vacancy_pages(today, base)
    archive = card_links(main(soup(today, f"{base}closed/", base)))
    by_closing = sorted(sources(repo), key=lambda s: s.closing, reverse=True)
    assert archive == [pages[s.reference][0] for s in by_closing]


def test_every_feed_is_valid_and_empty(today):
    feeds = feed_files(today)
    expected = {today / "feed.xml"} | {p.parent / "feed.xml" for kind in ("trusts", "bands") for p in (today / kind).glob("*/index.html")}
    assert set(feeds) == expected
    for file in feeds:
        parsed = feedparser.parse(file.read_bytes())
        assert not parsed.bozo, f"{file}: {parsed.get('bozo_exception')}"
        assert parsed.version == "rss20"
        assert parsed.entries == [], f"{file} has items, but nothing is open"


def test_index_says_nothing_is_open_and_links_to_the_archive(today, base, home):
    page = main(soup(today, base, base))
    assert card_links(page) == []
    assert "There are no open vacancies" in text_of(page)
    assert page.find("a", href=f"{home}closed/") is not None


# With the clock in August 2025 ---------------------------------------------

def test_august_only_westminster_and_maidstone_are_open(repo, august, base):
    now = at(AUGUST)
    assert {s.reference for s in sources(repo) if s.is_open(now)} == {WESTMINSTER, MAIDSTONE}
    pages = vacancy_pages(august, base)
    assert set(pages) == {WESTMINSTER, MAIDSTONE}
    for link, page in pages.values():
        assert page.select_one(".status-closed") is None, f"{link} is marked closed"
    # Westminster closes on 20 August, Maidstone on 14 September.
    assert card_links(main(soup(august, base, base))) == [pages[WESTMINSTER][0], pages[MAIDSTONE][0]]


def test_august_open_adverts_are_in_their_feeds(repo, august, base):
    pages = vacancy_pages(august, base)
    by_ref = {s.reference: s for s in sources(repo)}
    expected = {
        "feed.xml": {WESTMINSTER, MAIDSTONE},
        f"trusts/{by_ref[WESTMINSTER].trust_slug}/feed.xml": {WESTMINSTER},
        f"trusts/{by_ref[MAIDSTONE].trust_slug}/feed.xml": {MAIDSTONE},
        "bands/band-7/feed.xml": {WESTMINSTER},
        "bands/band-3/feed.xml": {MAIDSTONE},
    }
    for rel, references in expected.items():
        parsed = feedparser.parse((august / rel).read_bytes())
        assert not parsed.bozo, rel
        links = {e.link for e in parsed.entries}
        assert links == {urljoin(base, pages[r][0]) for r in references}, rel
        assert {r for e in parsed.entries for r in by_ref if r in e.id} == references, rel


def test_august_adverts_posted_later_are_not_published(repo, today, august, base):
    later = {s.reference: s for s in sources(repo) if s.reference in POSTED_LATER}
    assert all(s.posted > at(AUGUST).date() for s in later.values())
    links_today = vacancy_pages(today, base)
    for reference in POSTED_LATER:
        link = links_today[reference][0]
        assert not file_for(august, link, base).exists(), f"{link} was published before it was posted"
    for file in august.rglob("*"):
        if file.is_file() and file.suffix in (".html", ".xml"):
            text = file.read_text(encoding="utf-8")
            for reference in POSTED_LATER:
                assert reference not in text, f"{file} mentions {reference}"
    index_titles = [text_of(a) for a in main(soup(august, base, base)).select(".card-title a")]
    assert not {later[r].title for r in later} & set(index_titles)
