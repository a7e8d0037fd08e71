"""Calendars of closing dates (RFC 5545, written by PyPI icalendar): one event per open vacancy, at its closing time.

Each open vacancy has its own closing.ics to add once; the site, each trust and each band have a calendar.ics to
subscribe to. An event's UID comes from the vacancy's reference and its DTSTAMP from the build's clock, so two builds
at one clock give the same bytes. Closing times are London times (TZID=Europe/London), which every calendar carries as
a VTIMEZONE: Google, Apple and Outlook read it, and RFC 5545 asks a calendar for at least one component, even a trust's
with no open vacancy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import quote, urlsplit

from icalendar import Alarm, Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vDuration, vText

from generator.index.site import Entry
from generator.model.clock import LONDON
from generator.model.slug import comparable
from generator.model.urls import Urls
from generator.render.feeds import item_summary, place

PRODID = "-//jobboard//Closing dates//EN"
REMINDER = timedelta(days=2)  # time enough to finish an application
REFRESH = timedelta(hours=12)  # how often a subscribed calendar asks again: adverts come and go by the day
# icalendar escapes CR and LF in a text value, but a title, trust or place is one line, and a reader might split a line
# at any of these other breaks: all become spaces, and control characters go, so nothing in a value can start a property.
BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def plain(text: str) -> str:
    """Advert text fit for a one-line calendar value: every line break a space, control characters dropped."""
    return CONTROLS.sub("", BREAKS.sub(" ", text))


def calendar_links(urls: Urls, rel: str) -> dict[str, str]:
    """A calendar's two links: webcal: (a calendar app subscribes) and https: (to paste into one, or download)."""
    url = urls.absolute(rel)
    return {"https": url, "webcal": "webcal:" + url.split(":", 1)[1]}


def event_uid(reference: str, base_url: str) -> str:
    """A UID that never changes: the reference as references are compared (NFKC, case-folded), @ the site's host."""
    host = urlsplit(base_url).hostname or "localhost"
    return f"{quote(comparable(reference).casefold(), safe='')}@{host}"


@dataclass(frozen=True)
class Closing:
    """One vacancy's closing date, as its event shows it: a calendar's key is made of these, so no other field rewrites it."""

    uid: str
    title: str
    trust: str
    summary: str
    location: str | None
    url: str
    closes: datetime


class Calendars:
    """The closing-date calendars of one build: each vacancy's event data made once, and the bytes of each file."""

    def __init__(self, urls: Urls, site_title: str) -> None:
        self.urls, self.site_title = urls, site_title
        self._closings: dict[int, Closing] = {}
        # Each event's lines, written once: a vacancy's event is in its own file and in the site's, trust's and band's.
        self._events: dict[tuple[Closing, datetime], bytes] = {}
        self._plain: bytes | None = None  # the calendar around one vacancy's event, the same for every vacancy

    def closing(self, entry: Entry) -> Closing:
        """The event data of an open vacancy."""
        found = self._closings.get(id(entry))
        if found is None:
            v = entry.vacancy
            where = place(v)
            found = self._closings[id(entry)] = Closing(
                event_uid(v.reference, self.urls.base_url), plain(v.title), plain(v.trust.name), plain(item_summary(v)),
                plain(where) if where else None, self.urls.absolute(f"vacancies/{v.slug}/"), v.closing)
        return found

    def closings(self, entries: tuple[Entry, ...]) -> tuple[Closing, ...]:
        """The event data of a listing's open vacancies, in the listing's order."""
        return tuple(self.closing(e) for e in entries)

    def vacancy(self, now: datetime, closing: Closing) -> bytes:
        """closing.ics: one vacancy's closing date, with a reminder, to add to a calendar once."""
        # No calendar name: the file adds one event to the reader's own calendar, not a calendar of its own. So every
        # vacancy's file has the same calendar around its event: written once.
        if self._plain is None:
            self._plain = _calendar().to_ical()
        return self._with_events(self._plain, now, (closing,))

    def listing(self, where: str, now: datetime, closings: tuple[Closing, ...]) -> bytes:
        """calendar.ics: the closing dates of the open vacancies `where` ("at a trust", "in a band", "" for all), to subscribe to."""
        calendar = _calendar()
        # icalendar writes properties it has no type for as they are: given as text, these are escaped like any other.
        name = vText(plain(" ".join(filter(None, [f"{self.site_title}: closing dates", where]))))
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)  # the name Apple's and Google's calendars read
        description = " ".join(filter(None, ["The closing dates of the open vacancies", where, f"on {self.site_title}"]))
        calendar.add("x-wr-caldesc", vText(plain(f"{description}, each with a reminder two days before.")))
        calendar.add("x-wr-timezone", "Europe/London")  # the zone Google's and Apple's calendars show it in
        # RFC 7986's refresh interval, and the name Outlook reads it by.
        calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(REFRESH))
        return self._with_events(calendar.to_ical(), now, closings)

    def _with_events(self, written: bytes, now: datetime, closings: tuple[Closing, ...]) -> bytes:
        """A calendar's bytes with an event for each closing, where icalendar writes its subcomponents: last."""
        events = []
        for closing in closings:
            key = (closing, now)
            if key not in self._events:
                self._events[key] = _event(closing, now).to_ical()
            events.append(self._events[key])
        end = written.rindex(b"END:VCALENDAR")
        return written[:end] + b"".join(events) + written[end:]


def _calendar() -> Calendar:
    """An empty VCALENDAR of published events."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add_component(_london())
    return calendar


def _london() -> Timezone:
    """Europe/London as the UK has kept it since 1996: GMT, and BST from the last Sunday of March to the last of October."""
    zone = Timezone()
    zone.add("tzid", "Europe/London")
    for part, name, start, before, after, month in ((TimezoneDaylight(), "BST", datetime(1996, 3, 31, 1), 0, 1, 3),
                                                     (TimezoneStandard(), "GMT", datetime(1996, 10, 27, 2), 1, 0, 10)):
        part.add("tzname", name)
        part.add("dtstart", start)  # a local time: the first change by this rule
        part.add("tzoffsetfrom", timedelta(hours=before))
        part.add("tzoffsetto", timedelta(hours=after))
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1SU"})
        zone.add_component(part)
    return zone


def _event(closing: Closing, now: datetime) -> Event:
    """A VEVENT at the closing time, with a VALARM two days before it."""
    event = Event()
    event.add("uid", closing.uid)
    event.add("dtstamp", now.astimezone(timezone.utc))
    event.add("dtstart", closing.closes.astimezone(LONDON))  # written with TZID=Europe/London
    event.add("summary", f"Closing date: {closing.title} ({closing.trust})")
    event.add("description", f"{closing.summary}\n\nThe advert: {closing.url}")
    if closing.location:
        event.add("location", closing.location)
    event.add("url", closing.url)
    event.add("transp", "TRANSPARENT")  # a deadline, not a meeting: it never shows the reader as busy
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -REMINDER)
    alarm.add("description", f"Two days left to apply: {closing.title} ({closing.trust})")
    event.add_component(alarm)
    return event
