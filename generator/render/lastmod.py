"""Each sitemap address's <lastmod>: from the dates its adverts give, never the build's clock, so builds stay byte-identical."""

from __future__ import annotations

from datetime import date
from typing import Any, Iterable

from generator.index.site import Entry


def advert_day(entry: Entry, today: date) -> date | None:
    """The last day the advert itself says its page changed: posted or added, or closing for a closed one (None if none)."""
    v = entry.vacancy
    days = [day for day in (v.posted, v.added) if day is not None]
    if not entry.is_open:
        days.append(v.closing.date())  # it closed before the clock: the page changed then
    # A mistyped future `added:` must not make a date after the build's own day, which a crawler would distrust.
    return min(max(days), today) if days else None


def entries_in(args: Iterable[Any]) -> list[Entry]:
    """The entries among a page's context arguments: single ones and tuples of them."""
    found: list[Entry] = []
    for arg in args:
        if isinstance(arg, Entry):
            found.append(arg)
        elif isinstance(arg, tuple) and arg and isinstance(arg[0], Entry):
            found.extend(arg)
    return found


def newest(entries: Iterable[Entry], today: date) -> date | None:
    """The newest advert day among entries (None when none gives one)."""
    days = [day for day in (advert_day(e, today) for e in entries) if day is not None]
    return max(days) if days else None


def lastmods(pages: list[tuple[str, date | None]], everything: Iterable[Entry], today: date) -> tuple[tuple[str, str | None], ...]:
    """Each address with its W3C date (YYYY-MM-DD); a page no advert dates (a list of trusts) takes the site's newest."""
    fallback = newest(everything, today)
    return tuple((rel, (day or fallback).isoformat() if (day or fallback) else None) for rel, day in pages)
