"""Every RSS feed of a built sample site, read back with feedparser and a strict XML parser."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, time
from email.utils import parsedate_to_datetime

import feedparser
import pytest
from sitetools import LONDON, at, band_slug, config, feed_files, file_for, shown, soup, sources, text_of, uk_date

NOW, LATER = "2026-03-01T09:00", "2026-03-08T09:00"
ATOM = "{http://www.w3.org/2005/Atom}"


def _built(built_site, name: str, now: str):
    site = built_site(name, now).site
    return {"site": site, "output": site / "output", "now": at(now), "base": config(site)["base_url"],
            "sources": sources(site)}


@pytest.fixture(scope="module")
def board(built_site):
    return _built(built_site, "board", NOW)


@pytest.fixture(scope="module")
def board_later(built_site):
    return _built(built_site, "board", LATER)


@pytest.fixture(scope="module")
def awkward(built_site):
    return _built(built_site, "awkward-titles", NOW)


@pytest.fixture(scope="module")
def every_site(board, board_later, awkward):
    return [board, board_later, awkward]


def feeds_of(built) -> dict[str, feedparser.FeedParserDict]:
    """Each feed of a built site by its own absolute URL."""
    return {built["base"] + f.relative_to(built["output"]).as_posix(): feedparser.parse(f.read_bytes())
            for f in feed_files(built["output"])}


def description(item) -> str:
    """A channel's or item's description as a feed reader shows it: RSS descriptions are HTML."""
    return shown(item.description)


def source_of(built, entry):
    """The vacancy file an item is about: the one whose reference its guid carries."""
    matches = [s for s in built["sources"] if s.reference in shown(entry.id)]
    assert len(matches) == 1, f"guid {entry.id!r} does not name exactly one reference"
    return matches[0]


def test_every_feed_is_well_formed_rss_2(every_site):
    for built in every_site:
        files = feed_files(built["output"])
        assert built["output"] / "feed.xml" in files
        for file in files:
            ET.fromstring(file.read_bytes())  # strict XML: raises on any escaping mistake
            parsed = feedparser.parse(file.read_bytes())
            assert not parsed.bozo, f"{file}: {parsed.get('bozo_exception')}"
            assert parsed.version == "rss20", file


def test_every_trust_and_band_page_has_its_feed(board):
    output = board["output"]
    for kind in ("trusts", "bands"):
        pages = list((output / kind).glob("*/index.html"))
        assert pages
        for page in pages:
            assert (page.parent / "feed.xml").is_file(), f"no feed beside {page}"


def test_channel_has_title_link_description_and_self_link(every_site):
    for built in every_site:
        title = config(built["site"])["title"]
        for url, parsed in feeds_of(built).items():
            channel = parsed.feed
            assert shown(channel.title).startswith(title), url
            assert channel.description.strip(), url
            assert channel.link.startswith(built["base"]), url
            assert file_for(built["output"], channel.link, built["base"]).is_file(), f"{url}: channel link {channel.link} has no page"
            file = file_for(built["output"], url, built["base"])
            links = ET.fromstring(file.read_bytes()).find("channel").findall(f"{ATOM}link")
            assert [(a.get("rel"), a.get("href"), a.get("type")) for a in links] == [("self", url, "application/rss+xml")]


def test_channel_is_described_after_its_site_or_page(board, awkward):
    for built in (board, awkward):
        for url, parsed in feeds_of(built).items():
            if url == built["base"] + "feed.xml":
                assert description(parsed.feed) == config(built["site"])["description"]
                continue
            name = text_of(soup(built["output"], parsed.feed.link, built["base"]).h1)
            assert name in shown(parsed.feed.title), url
            assert name in description(parsed.feed), url


def _expected(built, url: str) -> set[str]:
    """References of the open vacancies a feed should carry, from the source files and the clock."""
    rel = url.removeprefix(built["base"])
    open_now = [s for s in built["sources"] if s.is_open(built["now"])]
    if rel == "feed.xml":
        return {s.reference for s in open_now}
    kind, slug, _ = rel.split("/")
    if kind == "trusts":
        return {s.reference for s in open_now if s.trust_slug == slug}
    return {s.reference for s in open_now if band_slug(s.data["band"]) == slug}


def test_items_are_exactly_the_open_vacancies(board, board_later, awkward):
    for built in (board, board_later, awkward):
        feeds = feeds_of(built)
        assert len(feeds[built["base"] + "feed.xml"].entries) >= 2
        for url, parsed in feeds.items():
            got = [source_of(built, e).reference for e in parsed.entries]
            assert len(got) == len(set(got)), f"{url} repeats an item"
            assert set(got) == _expected(built, url), url


def test_board_has_closed_future_and_draft_adverts_to_leave_out(board):
    now = board["now"]
    assert any(s.published(now) and not s.is_open(now) for s in board["sources"])
    assert any(s.posted and s.posted > now.date() for s in board["sources"])
    assert any(s.data.get("draft") for s in board["sources"])


def test_item_links_are_absolute_and_lead_to_the_vacancy_page(every_site):
    for built in every_site:
        for url, parsed in feeds_of(built).items():
            for entry in parsed.entries:
                assert entry.link.startswith(built["base"]), f"{url}: {entry.link} is not absolute"
                page = soup(built["output"], entry.link, built["base"])
                assert text_of(page.h1) == source_of(built, entry).title
                assert shown(entry.title) == source_of(built, entry).title
                assert [shown(t.term) for t in entry.tags] == [source_of(built, entry).trust_name, source_of(built, entry).band]


def test_item_description_gives_trust_band_salary_and_closing(every_site):
    for built in every_site:
        for url, parsed in feeds_of(built).items():
            for entry in parsed.entries:
                source, text = source_of(built, entry), description(entry)
                assert source.trust_name in text, url
                assert source.band in text, url
                salary = source.data.get("salary") or {}
                for key in ("min", "max"):
                    if key in salary:
                        assert f"£{salary[key]:,}" in text, f"{url}: salary {key} missing from {text!r}"
                for key in ("note", "text"):
                    if key in salary:
                        assert salary[key] in text, url
                closing = source.closing
                assert f"{uk_date(closing)} at {closing:%H:%M}" in text, f"{url}: closing date missing from {text!r}"


def test_items_newest_first_dated_when_posted(every_site):
    for built in every_site:
        for url, parsed in feeds_of(built).items():
            dates = []
            for entry in parsed.entries:
                assert entry.published_parsed is not None, f"{url}: unparseable pubDate {entry.published!r}"
                moment = parsedate_to_datetime(entry.published)  # RFC 822, with its zone
                assert moment.tzinfo is not None, entry.published
                source = source_of(built, entry)
                day = source.posted or source.data.get("added")
                if day is not None:
                    assert moment == min(datetime.combine(day, time(0, 0), LONDON), built["now"]), f"{url}: {entry.title}"
                dates.append(moment)
            assert dates == sorted(dates, reverse=True), f"{url} is not newest first"


def test_an_advert_with_a_posted_date_is_dated_by_it(board):
    feed = feeds_of(board)[board["base"] + "feed.xml"]
    posted = [(e, source_of(board, e)) for e in feed.entries if source_of(board, e).posted]
    assert posted
    for entry, source in posted:
        assert parsedate_to_datetime(entry.published).date() == source.posted


def test_guid_comes_from_the_reference_and_survives_a_new_clock(board, board_later):
    first, second = feeds_of(board), feeds_of(board_later)
    compared = 0
    for url in first.keys() & second.keys():
        before = {e.link: e.id for e in first[url].entries}
        after = {e.link: e.id for e in second[url].entries}
        assert len(set(before.values())) == len(before), f"{url}: guids repeat"
        for link in before.keys() & after.keys():
            assert before[link] == after[link], f"{url}: guid of {link} changed with the clock"
            compared += 1
    assert compared >= 3
    # The two clocks really give different feeds, so the comparison above means something.
    assert {e.link for e in first[board["base"] + "feed.xml"].entries} != {e.link for e in second[board["base"] + "feed.xml"].entries}
    for entry in first[board["base"] + "feed.xml"].entries:
        assert entry.guidislink is False or entry.id != entry.link
        assert source_of(board, entry).reference in shown(entry.id)


def test_titles_with_xml_specials_survive(awkward):
    titles = {s.title for s in awkward["sources"]}
    assert any("]]>" in t for t in titles) and any("&" in t for t in titles) and any("<" in t for t in titles)
    feed = feeds_of(awkward)[awkward["base"] + "feed.xml"]
    assert {shown(e.title) for e in feed.entries} == titles
    assert shown(feed.feed.title) == config(awkward["site"])["title"]
    notes = [s.data["salary"]["note"] for s in awkward["sources"] if "note" in (s.data.get("salary") or {})]
    assert notes and all(any(note in description(e) for e in feed.entries) for note in notes)
