"""Atom 1.0 and JSON Feed 1.1 beside each RSS feed: contexts for atom.xml and feed.json, with the RSS feed's items."""

from __future__ import annotations

import html
from datetime import datetime
from functools import partial
from typing import Any

from generator.config.settings import Config
from generator.index.site import Entry
from generator.model.dates import closes
from generator.model.urls import Urls
from generator.model.vacancy import Vacancy

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def feed_links(urls: Urls, title: str, rss: str) -> dict[str, str]:
    """A feed as pages link it: its title, and the absolute URLs of its RSS, Atom and JSON Feed files (one folder)."""
    folder = rss.removesuffix("feed.xml")
    return {"title": title, "url": urls.absolute(rss), "atom": urls.absolute(f"{folder}atom.xml"),
            "json": urls.absolute(f"{folder}feed.json")}


def place(vacancy: Vacancy) -> str | None:
    """Where the job is (each place's site, address, town and postcode), or None when the advert names none."""
    return "; ".join(str(p) for p in vacancy.locations) or None


def item_summary(vacancy: Vacancy) -> str:
    """Trust, band, place, salary and closing date in one line: what every feed item and calendar event says."""
    parts = [vacancy.trust.name, vacancy.band.name, place(vacancy), str(vacancy.salary) if vacancy.salary else None,
             f"Closes {closes(vacancy.closing)}"]
    return " · ".join(part for part in parts if part)


def item_facts(vacancy: Vacancy) -> str:
    """The same facts one to a line, with the reference: a JSON Feed item's text."""
    rows = [("Employer", vacancy.trust.name), ("Pay band", vacancy.band.name), ("Location", place(vacancy)),
            ("Salary", str(vacancy.salary) if vacancy.salary else None), ("Closes", closes(vacancy.closing)),
            ("Reference", vacancy.reference)]
    return "\n".join(f"{label}: {value}" for label, value in rows if value)


def stamp(moment: datetime) -> str:
    """An RFC 3339 date-time with its offset, as Atom and JSON Feed ask (2026-03-01T00:00:00+00:00)."""
    return moment.isoformat(timespec="seconds")


class FeedContexts:
    """The contexts of atom.xml and feed.json, from the same newest open vacancies as their RSS twin."""

    def __init__(self, urls: Urls, config: Config) -> None:
        self.urls, self.config = urls, config

    def atom_context(self, rel: str, title: str, page_rel: str, description: str, updated: datetime,
                     newest: tuple[Entry, ...]) -> dict[str, Any]:
        """An Atom 1.0 feed: each entry's id is its page's address, and its dates are the advert's own."""
        # As in the RSS feed, text is escaped for HTML here and for XML by the template. Titles and summaries say
        # type="html", so every reader shows "<b>" as text; names and categories, which have no type, are escaped
        # alike for the readers that insert them as HTML.
        u, text = self.urls, partial(html.escape, quote=False)
        return {
            "feed": {"id": u.absolute(rel), "title": text(title), "subtitle": text(description), "updated": stamp(updated),
                     "self": u.absolute(rel), "link": u.absolute(page_rel), "language": self.config.language,
                     "author": text(self.config.title), "home": u.absolute("")},
            "entries": [
                {"id": u.absolute(f"vacancies/{e.vacancy.slug}/"), "link": u.absolute(f"vacancies/{e.vacancy.slug}/"),
                 "title": text(e.vacancy.title), "published": stamp(e.published), "updated": stamp(e.published),
                 "author": text(e.vacancy.trust.name), "summary": text(item_summary(e.vacancy)),
                 "categories": [text(e.vacancy.trust.name), text(e.vacancy.band.name)]}
                for e in newest
            ],
        }

    def json_feed_context(self, rel: str, title: str, page_rel: str, description: str,
                          newest: tuple[Entry, ...]) -> dict[str, Any]:
        """A JSON Feed 1.1: plain text throughout (only content_html may hold HTML, and there is none), JSON-encoded by the template."""
        u = self.urls
        return {
            "feed": {"version": JSON_FEED_VERSION, "title": title, "home_page_url": u.absolute(page_rel),
                     "feed_url": u.absolute(rel), "description": description, "language": self.config.language,
                     "authors": [{"name": self.config.title, "url": u.absolute("")}]},
            "items": [
                {"id": u.absolute(f"vacancies/{e.vacancy.slug}/"), "url": u.absolute(f"vacancies/{e.vacancy.slug}/"),
                 "title": e.vacancy.title, "summary": item_summary(e.vacancy), "content_text": item_facts(e.vacancy),
                 "date_published": stamp(e.published), "authors": [{"name": e.vacancy.trust.name}],
                 "tags": [e.vacancy.trust.name, e.vacancy.band.name]}
                for e in newest
            ],
        }
