"""Calendars of closing dates (issue 18): every .ics of a built sample site, read back with icalendar."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from icalendar import Calendar
from sitetools import LONDON, at, band_slug, build, config, file_for, soup, sources, text_of

NOW, LATER = "2026-03-01T09:00", "2026-03-08T09:00"
SITES = ("board", "nhsuk")
# An advert written to break out of its value: a line break that starts a property, and one that ends the event.
HOSTILE_TITLE = "Nurse\r\nATTACH:https://evil.example/x\r\nEND:VEVENT\nBEGIN:VEVENT\u2028UID:stolen"
HOSTILE = ("---\ntitle: {title}\ntrust: {trust}\nband: Band 5\nreference: {reference}\nposted: 2026-02-01\nclosing: 2026-03-14\n"
           "location: {{town: {town}, postcode: LS1 4AB}}\n---\n\nAdvert text.\n")


def calendars(output: Path) -> dict[str, Calendar]:
    """Every .ics of a built site, parsed, by its path in output/."""
    return {f.relative_to(output).as_posix(): Calendar.from_ical(f.read_bytes()) for f in sorted(output.rglob("*.ics"))}


def events(calendar: Calendar) -> dict[str, object]:
    """A calendar's events by their URL, the vacancy page each is about."""
    found = {str(e["URL"]): e for e in calendar.walk("VEVENT")}
    assert len(found) == len(calendar.walk("VEVENT")), "two events about one vacancy"
    return found


def expected(built, rel: str) -> dict[str, object]:
    """The open vacancies a calendar should hold, from the source files and the clock: page URL -> source."""
    base, now = built["base"], built["now"]
    open_now = [s for s in built["sources"] if s.is_open(now)]
    folder = rel.removesuffix("calendar.ics").strip("/").split("/")
    if folder != [""]:
        kind, slug = folder
        open_now = [s for s in open_now if (s.trust_slug if kind == "trusts" else band_slug(s.data["band"])) == slug]
    return {f"{base}vacancies/{s.file.stem}/": s for s in open_now}


def _built(built_site, name: str, now: str) -> dict:
    made = built_site(name, now)
    return {"site": made.site, "output": made.output, "base": config(made.site)["base_url"], "now": at(now),
            "sources": sources(made.site)}


@pytest.fixture(scope="module", params=SITES)
def built(request, built_site):
    return _built(built_site, request.param, NOW)


def test_every_calendar_parses_and_validates(built):
    found = calendars(built["output"])
    assert "calendar.ics" in found and len(found) > 5
    for rel, calendar in found.items():
        calendar.validate()  # PRODID, VERSION and at least one component, as RFC 5545 asks
        raw = (built["output"] / rel).read_bytes()
        assert raw.endswith(b"END:VCALENDAR\r\n") and max(map(len, raw.split(b"\r\n"))) <= 75, f"{rel}: lines not folded"
        assert str(calendar["VERSION"]) == "2.0" and str(calendar["METHOD"]) == "PUBLISH", rel
        zone = calendar.walk("VTIMEZONE")[0].to_tz()
        for event in calendar.walk("VEVENT"):
            for name in ("UID", "DTSTAMP", "DTSTART", "SUMMARY", "URL", "DESCRIPTION"):
                assert name in event, f"{rel}: an event has no {name}"
            start = event["DTSTART"].dt
            assert event["DTSTART"].params["TZID"] == "Europe/London", rel
            # The calendar's own VTIMEZONE agrees with the time zone database on this date.
            assert start.replace(tzinfo=zone).utcoffset() == start.replace(tzinfo=LONDON).utcoffset(), rel
            assert event["DTSTAMP"].dt == built["now"], f"{rel}: DTSTAMP is not the build's clock"
            [alarm] = event.walk("VALARM")
            assert alarm["TRIGGER"].dt == timedelta(days=-2) and str(alarm["ACTION"]) == "DISPLAY", rel
            assert str(alarm["DESCRIPTION"]).strip(), rel


def test_each_open_vacancy_has_its_closing_date_to_add(built):
    output, now = built["output"], built["now"]
    published = [s for s in built["sources"] if s.published(now)]
    assert any(s.is_open(now) for s in published) and any(not s.is_open(now) for s in published)
    for source in published:
        file = output / "vacancies" / source.file.stem / "closing.ics"
        if not source.is_open(now):
            assert not file.exists(), f"{file}: a closed advert offers its closing date"
            continue
        [event] = Calendar.from_ical(file.read_bytes()).walk("VEVENT")
        assert event["DTSTART"].dt == source.closing, file
        assert str(event["SUMMARY"]) == f"Closing date: {source.title} ({source.trust_name})"
        assert str(event["URL"]) == f"{built['base']}vacancies/{source.file.stem}/"
        assert str(event["URL"]) in str(event["DESCRIPTION"])


def test_listing_calendars_hold_exactly_their_open_vacancies(built):
    found = calendars(built["output"])
    listings = [rel for rel in found if rel.endswith("calendar.ics")]
    assert any(rel.startswith("trusts/") for rel in listings) and any(rel.startswith("bands/") for rel in listings)
    for kind in ("trusts", "bands"):
        for page in (built["output"] / kind).glob("*/index.html"):
            assert (page.parent / "calendar.ics").is_file(), f"no calendar beside {page}"
    for rel in listings:
        held, wanted = events(found[rel]), expected(built, rel)
        assert held.keys() == wanted.keys(), rel
        for url, event in held.items():
            assert event["DTSTART"].dt == wanted[url].closing, f"{rel}: {url}"
        assert "REFRESH-INTERVAL" in found[rel] and str(found[rel]["X-WR-CALNAME"]).startswith(config(built["site"])["title"])


def test_uids_come_from_the_reference_and_outlast_a_new_clock(built_site):
    first, later = _built(built_site, "board", NOW), _built(built_site, "board", LATER)
    host = urlsplit(first["base"]).hostname
    by_url = {f"{first['base']}vacancies/{s.file.stem}/": s for s in first["sources"]}
    compared = 0
    for rel, calendar in calendars(first["output"]).items():
        again = events(Calendar.from_ical((later["output"] / rel).read_bytes())) if (later["output"] / rel).exists() else {}
        for url, event in events(calendar).items():
            assert str(event["UID"]) == f"{by_url[url].reference.lower()}@{host}", rel
            if url in again:
                assert str(again[url]["UID"]) == str(event["UID"]) and again[url]["DTSTAMP"].dt == at(LATER)
                compared += 1
    assert compared >= 3


def test_two_builds_at_one_clock_give_the_same_calendars(site_copy, tmp_path):
    site = site_copy("board")
    build(site, "--now", NOW, "--output", tmp_path / "one", "--no-cache")
    build(site, "--now", NOW, "--output", tmp_path / "two", "--no-cache")
    one, two = (sorted((tmp_path / name).rglob("*.ics")) for name in ("one", "two"))
    assert len(one) > 5 and [f.relative_to(tmp_path / "one") for f in one] == [f.relative_to(tmp_path / "two") for f in two]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(one, two))


def test_hostile_advert_text_stays_inside_its_values(site_copy):
    site = site_copy("board")
    adverts = site / "content" / "vacancies"
    (adverts / "hostile-title.md").write_text(HOSTILE.format(
        title=json.dumps(HOSTILE_TITLE), trust="TEWV", reference="EVIL-1", town="Leeds"), encoding="utf-8")
    (adverts / "hostile-trust.md").write_text(HOSTILE.format(
        title='"Porter; END:VCALENDAR, \\\\ <b>x</b>"', trust=json.dumps("Evil Trust\nEND:VCALENDAR"), reference="EVIL-2",
        town=json.dumps("Leeds\r\nATTACH:https://evil.example/y")), encoding="utf-8")
    build(site, "--now", NOW)
    for rel, calendar in calendars(site / "output").items():
        raw = (site / "output" / rel).read_bytes()
        assert b"\r" not in raw.replace(b"\r\n", b"") and b"\n" not in raw.replace(b"\r\n", b""), f"{rel}: a bare line break"
        lines = raw.decode("utf-8").split("\r\n")
        # Each property starts a line (a folded value goes on after a space): no advert text starts one of its own.
        assert not any(line.startswith(("ATTACH", "UID:stolen")) for line in lines), rel
        assert lines.count("BEGIN:VEVENT") == len(calendar.walk("VEVENT")) == lines.count("END:VEVENT"), rel
        assert lines.count("END:VCALENDAR") == 1, rel
    summaries = " ".join(str(e["SUMMARY"]) for e in Calendar.from_ical((site / "output" / "calendar.ics").read_bytes()).walk("VEVENT"))
    for text in ("ATTACH:https://evil.example/x", "END:VEVENT", "UID:stolen", "Porter; END:VCALENDAR, \\ <b>x</b>"):
        assert text in summaries, f"{text!r} is not kept as text"


def test_open_vacancy_pages_offer_their_closing_date(built):
    output, base, now = built["output"], built["base"], built["now"]
    for source in (s for s in built["sources"] if s.published(now)):
        page = soup(output, f"{base}vacancies/{source.file.stem}/", base)
        links = [a for a in page.find_all("a", href=True) if a["href"].endswith(".ics")]
        if not source.is_open(now):
            assert links == [], f"{source.file.name}: a closed advert offers its closing date"
            continue
        [link] = links
        assert text_of(link) == "Add the closing date to your calendar"
        assert file_for(output, link["href"], base) == output / "vacancies" / source.file.stem / "closing.ics"


def test_listing_pages_link_their_calendar_by_webcal_and_https(built):
    output, base = built["output"], built["base"]
    homes = [""] + [f.parent.relative_to(output).as_posix() + "/" for kind in ("trusts", "bands")
                    for f in (output / kind).glob("*/index.html")]
    listings = [home + f.parent.relative_to(output / home).as_posix() + "/" for home in homes
                for f in (output / home / "page").glob("*/index.html")] + homes
    assert "page/2/" in listings
    for rel in listings:
        page = soup(output, base + rel, base)
        https = [a["href"] for a in page.find_all("a", href=True) if a["href"].startswith("https:") and a["href"].endswith(".ics")]
        webcal = [a["href"] for a in page.find_all("a", href=True) if a["href"].startswith("webcal:")]
        home = rel.split("page/")[0]
        assert https == [f"{base}{home}calendar.ics"], rel
        assert webcal == ["webcal:" + https[0].split(":", 1)[1]], rel
        assert file_for(output, https[0], base).is_file()
    closed = soup(output, base + "closed/", base)
    assert not [a for a in closed.find_all("a", href=True) if a["href"].endswith(".ics")]
