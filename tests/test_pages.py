"""Each kind of page of a built sample site: what it says, what it links to, and in what order."""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import copy_site, run
from sitetools import (
    BAND_ORDER,
    at,
    band_slug,
    body,
    build,
    card_links,
    cards_before_heading,
    config,
    facts,
    file_for,
    follow,
    html_files,
    main,
    open_order,
    soup,
    sources,
    text_of,
    uk_date,
    vacancy_pages,
)

from generator.model import patterns as spelling

NOW = "2026-03-01T09:00"


@pytest.fixture(scope="module")
def board(built_site):
    return built_site("board", NOW).site


@pytest.fixture(scope="module")
def out(board) -> Path:
    return board / "output"


@pytest.fixture(scope="module")
def srcs(board):
    return sources(board)


@pytest.fixture(scope="module")
def pages(out):
    return vacancy_pages(out)


def by_file(srcs, stem: str):
    """The source file content/vacancies/STEM.md."""
    return next(s for s in srcs if s.file.stem == stem)


def published(srcs):
    return [s for s in srcs if s.published(at(NOW))]


def open_now(srcs):
    return [s for s in srcs if s.is_open(at(NOW))]


def closed_now(srcs):
    return sorted((s for s in published(srcs) if not s.is_open(at(NOW))), key=lambda s: s.closing, reverse=True)


def closes(moment: datetime) -> str:
    """"14 March 2026 at 23:59"."""
    return f"{uk_date(moment)} at {moment:%H:%M}"


def all_output_text(output: Path) -> str:
    return "\n".join(f.read_text(encoding="utf-8") for f in sorted(output.rglob("*")) if f.suffix in (".html", ".xml"))


# The index -----------------------------------------------------------------

def test_index_is_titled_open_vacancies(board, out):
    page = soup(out, "/")
    assert text_of(page.h1) == "Open vacancies"
    assert text_of(page.title) == f"Open vacancies – {config(board)['title']}"


def test_sample_has_ties_to_break(srcs):
    """Several open adverts close at the same moment, and two of those were posted on the same day."""
    keys = [(s.closing, s.posted) for s in open_now(srcs)]
    assert len(set(keys)) < len(keys)
    assert len({s.closing for s in open_now(srcs)}) < len(keys) - 1


def test_index_lists_open_vacancies_closing_soonest_first_over_pages(board, out, srcs, pages):
    per_page = config(board)["per_page"]
    expected = [pages[s.reference][0] for s in open_order(open_now(srcs))]
    chain = follow(out, "/", "next")
    assert len(chain) == math.ceil(len(expected) / per_page) == 3
    listed = []
    for number, link in enumerate(chain, start=1):
        page = soup(out, link)
        cards = card_links(main(page))
        assert 0 < len(cards) <= per_page
        listed += cards
        assert f"Page {number} of {len(chain)}" in text_of(page.select_one("nav.pagination"))
        if number > 1:
            assert link == f"/page/{number}/"
            assert text_of(page.h1) == f"Open vacancies (page {number} of {len(chain)})"
    assert listed == expected
    assert follow(out, chain[-1], "prev") == chain[::-1]


def test_index_cards_say_when_each_advert_closes(out, srcs, pages):
    for link in follow(out, "/", "next"):
        for card in main(soup(out, link)).select("li.card"):
            href = card.select_one(".card-title a")["href"]
            source = next(s for s in published(srcs) if pages[s.reference][0] == href)
            assert f"Closes {closes(source.closing)}" in text_of(card)
            assert text_of(card.select_one(".card-title")) == source.title


# Vacancy pages ---------------------------------------------------------------

def _expect_facts(source, rows: dict[str, str], page) -> None:
    data = source.data
    assert rows["Employer"] == source.trust_name
    assert rows["Pay band"] == source.band
    assert rows["Reference"] == source.reference
    assert rows["Closing date"].startswith(closes(source.closing))
    if source.posted:
        assert rows["Date posted"] == uk_date(source.posted)
    for key, label in (("hours", "Hours"), ("staff_group", "Staff group")):
        if key in data:
            assert rows[label] == data[key], label
    if "contract" in data:
        contract = spelling.contract(data["contract"])  # one spelling, with a fixed term's length after it
        assert rows["Contract"] == (f"{contract.value}: {contract.detail}" if contract.detail else contract.value)
    given = data.get("working_pattern") or []
    for pattern in [given] if isinstance(given, str) else given:
        assert spelling.working_pattern(pattern).value in rows["Working pattern"]
    salary = data.get("salary") or {}
    for key in ("min", "max"):
        if key in salary:
            assert f"£{salary[key]:,}" in rows["Salary"]
    for key in ("note", "text"):
        if key in salary:
            assert salary[key] in rows["Salary"]
    places = data.get("location") or []
    places = [places] if isinstance(places, dict) else places
    label = "Locations" if len(places) > 1 else "Location"
    for place in places:
        for part in place.values():
            assert part in rows[label], f"{part} missing from {label}"
    if "interview" in data:
        day, _, clock = str(data["interview"]).partition(" ")
        assert rows["Interview date"] == uk_date(datetime.fromisoformat(day)) + (f" at {clock}" if clock else "")
    text = text_of(main(page))
    for value in (data.get("contact") or {}).values():
        assert value in text, f"contact {value} missing"
    contact = data.get("contact") or {}
    if "email" in contact:
        assert page.find("a", href=f"mailto:{contact['email']}") is not None
    if "phone" in contact:
        assert page.find("a", href="tel:" + re.sub(r"[^\d+]", "", contact["phone"])) is not None


def test_vacancy_page_shows_every_fact_of_its_file(out, srcs, pages):
    assert {s.reference for s in published(srcs)} == set(pages)
    for source in published(srcs):
        link, page = pages[source.reference]
        assert text_of(page.h1) == source.title
        assert text_of(page.title).startswith(source.title + " – ")
        _expect_facts(source, facts(page), page)
        advert = page.select_one("div.advert")
        first_paragraph = body(source.file).strip().split("\n\n")[0]
        assert " ".join(first_paragraph.split()) in text_of(advert)
        for heading in re.findall(r"^#+ (.+)$", body(source.file), re.MULTILINE):
            assert heading in [text_of(h) for h in advert.find_all(re.compile("^h[2-6]$"))]


def test_the_fullest_advert_has_every_field(srcs):
    """The sample's fullest file really uses every field, so the test above checks them all."""
    fullest = by_file(srcs, "liaison-and-diversion-practitioner").data
    for key in ("salary", "hours", "working_pattern", "contract", "location", "staff_group", "posted", "closing",
                "interview", "contact", "apply_url"):
        assert key in fullest


def test_vacancy_page_links_to_its_trust_band_and_how_to_apply(out, srcs, pages):
    source = by_file(srcs, "liaison-and-diversion-practitioner")
    _, page = pages[source.reference]
    hrefs = {a["href"] for a in main(page).find_all("a", href=True)}
    trust, band = f"/trusts/{source.trust_slug}/", f"/bands/{band_slug(source.data['band'])}/"
    assert {trust, band} <= hrefs
    assert file_for(out, trust).is_file() and file_for(out, band).is_file()
    apply = main(page).find("a", string="Apply for this job")
    assert apply is not None and apply["href"] == source.data["apply_url"]
    assert "How to apply" in [text_of(h) for h in main(page).find_all("h2")]


def test_open_vacancy_page_says_when_it_closes(srcs, pages):
    for source in open_now(srcs):
        _, page = pages[source.reference]
        status = page.select_one("p.status")
        assert status is not None and text_of(status).startswith(f"Closes {closes(source.closing)}")
        assert page.select_one(".status-closed") is None


def test_closed_vacancy_page_says_it_has_closed(srcs, pages):
    closed = closed_now(srcs)
    assert closed
    for source in closed:
        _, page = pages[source.reference]
        status = page.select_one(".status-closed")
        assert status is not None
        assert "Closed" in text_of(status.select_one(".tag-closed"))
        assert f"closed on {closes(source.closing)}" in text_of(status)
        assert main(page).find("a", string="Apply for this job") is None
        assert "Applications are closed" in text_of(main(page))


def test_no_closing_date_closes_max_open_days_after_posted(board, srcs, pages):
    source = by_file(srcs, "clinical-psychologist")
    assert "closing" not in source.data and source.posted
    days = config(board)["max_open_days"]
    expected = source.posted + timedelta(days=days)
    _, page = pages[source.reference]
    assert text_of(page.select_one("p.status")) == f"Closes {uk_date(expected)} at 23:59"
    row = facts(page)["Closing date"]
    assert row.startswith(f"{uk_date(expected)} at 23:59")
    assert f"closes {days} days after it was posted" in row
    assert f"{days} days" in text_of(page.select_one("p.note"))


@pytest.fixture(scope="module")
def bands_site(built_site):
    site = built_site("bands", NOW).site
    return site


def test_no_closing_or_posted_date_closes_max_open_days_after_added(bands_site):
    source = by_file(sources(bands_site), "chaplain")
    assert "closing" not in source.data and "posted" not in source.data
    days = config(bands_site)["max_open_days"]
    assert days != 28, "the sample sets its own max_open_days"
    added = source.data["added"]
    expected = added + timedelta(days=days)
    _, page = vacancy_pages(bands_site / "output")[source.reference]
    row = facts(page)["Closing date"]
    assert row.startswith(f"{uk_date(expected)} at 23:59")
    assert f"closes {days} days after it was added" in row


# Trusts ----------------------------------------------------------------------

def test_trusts_page_lists_each_canonical_trust_once(board, out, srcs):
    trusts = {t["slug"]: t["name"] for t in config(board)["trusts"]}
    assert len({s.data["trust"] for s in published(srcs)}) > len(trusts), "the board uses aliases"
    page = soup(out, "/trusts/")
    assert text_of(page.h1) == "Trusts"
    links = {a["href"]: text_of(a) for a in main(page).select("ul.groups a")}
    expected = {s.trust_slug for s in published(srcs)}
    assert links == {f"/trusts/{slug}/": trusts[slug] for slug in expected}
    assert {p.parent.name for p in (out / "trusts").glob("*/index.html")} == expected


def test_trust_page_merges_aliases_lists_open_then_recently_closed(board, out, srcs, pages):
    per_page = config(board)["per_page"]
    for trust in config(board)["trusts"]:
        mine = [s for s in srcs if s.trust_slug == trust["slug"]]
        assert len({s.data["trust"] for s in mine}) > 1, f"{trust['name']}: the sample gives it under several names"
        chain = follow(out, f"/trusts/{trust['slug']}/", "next")
        first = soup(out, chain[0])
        assert text_of(first.h1) == trust["name"]
        assert first.find("a", href=trust["website"]) is not None
        listed, closed = cards_before_heading(first, "Recently closed")
        for link in chain[1:]:
            more, more_closed = cards_before_heading(soup(out, link), "Recently closed")
            assert more_closed == [], "recently closed adverts are on the first page only"
            listed += more
        assert listed == [pages[s.reference][0] for s in open_order(open_now(mine))]
        assert closed == [pages[s.reference][0] for s in closed_now(mine)]
        assert len(chain) == max(1, math.ceil(len(listed) / per_page))


def test_trust_page_paginates_with_prev_and_next(board, out, srcs):
    per_page = config(board)["per_page"]
    paged = [t["slug"] for t in config(board)["trusts"]
             if len([s for s in open_now(srcs) if s.trust_slug == t["slug"]]) > per_page]
    assert paged, "the sample has a trust with more open adverts than fit on one page"
    for slug in paged:
        chain = follow(out, f"/trusts/{slug}/", "next")
        assert chain[1] == f"/trusts/{slug}/page/2/"
        assert follow(out, chain[-1], "prev") == chain[::-1]


# Bands -----------------------------------------------------------------------

def test_bands_page_lists_bands_in_pay_order(bands_site):
    names = {band_slug(s.data["band"]): s.band for s in sources(bands_site)}
    assert {"Band 9", "Band 8a", "Band 2", "Not stated", "Non-AfC", "Medical and dental", "Band 8d"} <= set(names.values())
    page = soup(bands_site / "output", "/bands/")
    assert text_of(page.h1) == "Pay bands"
    links = main(page).select("ul.groups a")
    expected = sorted(names.values(), key=BAND_ORDER.index)
    assert [text_of(a) for a in links] == expected
    assert [a["href"] for a in links] == [f"/bands/{band_slug(name)}/" for name in expected]


def test_band_page_lists_its_open_then_recently_closed(out, srcs, pages):
    bands = {band_slug(s.data["band"]) for s in published(srcs)}
    assert {p.parent.name for p in (out / "bands").glob("*/index.html")} == bands
    for slug in bands:
        mine = [s for s in srcs if band_slug(s.data["band"]) == slug]
        page = soup(out, f"/bands/{slug}/")
        assert text_of(page.h1) == mine[0].band
        listed, closed = cards_before_heading(page, "Recently closed")
        assert listed == [pages[s.reference][0] for s in open_order(open_now(mine))]
        assert closed == [pages[s.reference][0] for s in closed_now(mine)]
        if not listed:
            assert f"There are no open vacancies for {mine[0].band}" in text_of(main(page))


# The archive and the 404 page ------------------------------------------------

def test_closed_archive_lists_closed_adverts_latest_first(out, srcs, pages):
    page = soup(out, "/closed/")
    assert text_of(page.h1) == "Closed vacancies"
    assert card_links(main(page)) == [pages[s.reference][0] for s in closed_now(srcs)]
    for card in main(page).select("li.card"):
        assert "Closed" in text_of(card.select_one(".tag-closed"))


def test_404_page(board, out):
    page = soup(out, "/404.html")
    assert text_of(page.h1) == "Page not found"
    assert text_of(page.title) == f"Page not found – {config(board)['title']}"
    hrefs = {a["href"] for a in main(page).find_all("a")}
    assert {"/", "/closed/"} <= hrefs


# What is published -----------------------------------------------------------

def test_advert_posted_after_the_clock_is_not_published(out, srcs):
    future = [s for s in srcs if s.posted and s.posted > at(NOW).date()]
    assert future
    text = all_output_text(out)
    for source in future:
        assert source.reference not in text
        assert source.title not in text


def test_drafts_are_left_out_unless_asked_for(built_site, out, srcs):
    drafts = [s for s in srcs if s.data.get("draft")]
    assert drafts
    text = all_output_text(out)
    for source in drafts:
        assert source.reference not in text
    with_drafts = built_site("board", NOW, "--drafts").output
    shown = vacancy_pages(with_drafts)
    for source in drafts:
        link, page = shown[source.reference]
        assert text_of(page.h1) == source.title
        index = [a for page_link in follow(with_drafts, "/", "next") for a in card_links(main(soup(with_drafts, page_link)))]
        assert link in index


# Every page ------------------------------------------------------------------

def _visible(tag) -> bool:
    return not any(p.has_attr("hidden") or "display:none" in p.get("style", "").replace(" ", "") for p in [tag, *tag.parents])


def test_every_page_links_its_feeds_and_offers_to_subscribe(board, out):
    base = config(board)["base_url"]
    files = html_files(out)
    assert len(files) > 20
    for file in files:
        page = soup(out, "/" + file.relative_to(out).as_posix())
        feeds = [link["href"] for link in page.find_all("link", rel="alternate", type="application/rss+xml")]
        assert feeds, f"{file} has no feed link"
        for href in feeds:
            assert href.startswith(base) and file_for(out, href, base).is_file(), f"{file}: {href}"
        subscribe = [a for a in page.find_all("a", href=True) if "Subscribe" in a.get_text() and _visible(a)]
        assert {a["href"] for a in subscribe} == set(feeds), f"{file}: Subscribe links"


def test_every_page_is_titled_after_its_heading(board, out):
    site_title = config(board)["title"]
    for file in html_files(out):
        page = soup(out, "/" + file.relative_to(out).as_posix())
        assert len(page.find_all("h1")) == 1, file
        assert text_of(page.title) == f"{text_of(page.h1)} – {site_title}", file


# Unknown trusts and --strict -------------------------------------------------

def _line_of(file: Path, key: str) -> int:
    return next(n for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(f"{key}:"))


def test_unknown_trust_gets_its_own_page_and_a_did_you_mean_warning(site_copy):
    site = site_copy("unknown-trust")
    result = build(site, "--now", NOW)
    unknown = [s for s in sources(site) if s.trust_slug is None]
    assert len(unknown) == 1
    source = unknown[0]
    known = config(site)["trusts"][0]["name"]
    line = _line_of(source.file, "trust")
    warning = f'content/vacancies/{source.file.name}:{line}: trust: warning: "{source.data["trust"]}" is not a known trust; did you mean "{known}"?'
    assert warning in result.stderr.splitlines()
    out = site / "output"
    links = {text_of(a): a["href"] for a in main(soup(out, "/trusts/")).select("ul.groups a")}
    assert set(links) == {known, source.data["trust"]}
    page = soup(out, links[source.data["trust"]])
    assert text_of(page.h1) == source.data["trust"]
    assert [text_of(a) for a in main(page).select(".card-title a")] == [source.title]
    _, vacancy = vacancy_pages(out)[source.reference]
    assert facts(vacancy)["Employer"] == source.data["trust"]


def test_strict_turns_the_warning_into_an_error_and_writes_nothing(site_copy):
    site = site_copy("unknown-trust")
    build(site, "--now", NOW)
    out = site / "output"
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    # A later clock would change the pages, so an accidental write would show.
    result = run("build", "--site", site, "--now", "2026-04-01", "--strict")
    assert result.returncode == 1
    assert "is not a known trust; did you mean" in result.stderr
    assert "trust: warning:" not in result.stderr
    assert "nothing was written" in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_strict_on_a_fresh_site_creates_no_output(tmp_path):
    site = copy_site("unknown-trust", tmp_path)
    result = run("build", "--site", site, "--now", NOW, "--strict")
    assert result.returncode == 1
    assert not (site / "output").exists()
    # Only the build cache may appear: it holds what was parsed, never any part of the site.
    assert {p.name for p in site.iterdir()} - {".cache"} == {"config.yaml", "content"}
    assert not list(site.glob(".output*"))
