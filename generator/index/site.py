"""The index: vacancies as of the clock, grouped by trust and by band, in the orders pages use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Callable

from generator.config.settings import Config
from generator.model.band import Band
from generator.model.clock import LONDON
from generator.model.problems import Problem
from generator.model.trust import Trust
from generator.model.vacancy import Vacancy


@dataclass(frozen=True)
class Entry:
    """A published vacancy and its state at the build's clock."""

    vacancy: Vacancy
    is_open: bool
    closing_soon: bool
    published: datetime
    # Whether its page shows its contact: it has one, and contact_retention_days have not passed since it closed.
    contact_shown: bool


@dataclass(frozen=True)
class Group:
    """The vacancies of one trust or one band."""

    kind: str
    slug: str
    name: str
    open: tuple[Entry, ...]
    closed: tuple[Entry, ...]
    trust: Trust | None = None
    band: Band | None = None


@dataclass(frozen=True)
class Site:
    """Everything the pages and feeds need, computed once."""

    now: datetime
    entries: tuple[Entry, ...]
    open: tuple[Entry, ...]
    closed: tuple[Entry, ...]
    trusts: tuple[Group, ...]
    bands: tuple[Group, ...]


@dataclass(frozen=True)
class Counts:
    """How many vacancies a site has in each state, and how many trusts and bands: a build's summary."""

    open: int
    closing_soon: int
    closed: int
    trusts: int
    bands: int

    @classmethod
    def of(cls, site: Site) -> Counts:
        """The counts of a site."""
        return cls(len(site.open), sum(e.closing_soon for e in site.open), len(site.closed), len(site.trusts), len(site.bands))


def _published(vacancy: Vacancy, now: datetime) -> datetime:
    """A truthful feed date: when the employer posted it, else when it was added here, never after the clock."""
    day = vacancy.posted or vacancy.added
    if day is None:
        return now
    return min(datetime.combine(day, time(0, 0), LONDON), now)


def _open_order(entry: Entry) -> tuple:
    """Closing soonest first, then newest posted, then reference."""
    posted = entry.vacancy.posted
    return (entry.vacancy.closing, -(posted.toordinal()) if posted else 1, entry.vacancy.reference)


def _closed_order(entry: Entry) -> tuple:
    """Most recently closed first."""
    return (-entry.vacancy.closing.timestamp(), entry.vacancy.reference)


def _newest_order(entry: Entry) -> tuple:
    return (-entry.published.timestamp(), entry.vacancy.reference)


def _group(kind: str, slug: str, name: str, entries: list[Entry], order: Callable[[Entry], tuple], **extra: object) -> Group:
    return Group(
        kind, slug, name,
        tuple(sorted((e for e in entries if e.is_open), key=order)),
        tuple(sorted((e for e in entries if not e.is_open), key=order)),
        **extra,  # type: ignore[arg-type]
    )


def index(vacancies: tuple[Vacancy, ...], config: Config, now: datetime) -> Site:
    """Sort and group the published vacancies as of `now`."""
    soon = timedelta(days=config.closing_soon_days)
    kept = timedelta(days=config.contact_retention_days)
    entries = [
        Entry(v, now <= v.closing, now <= v.closing <= now + soon, _published(v, now),
              # The time since closing, not closing + days, which overflows for an advert closing in the year 9999.
              v.contact is not None and now - v.closing <= kept)
        for v in vacancies
        if v.posted is None or v.posted <= now.date()
    ]
    # Each entry is sorted up to three times (in the site, its trust and its band): its place is worked out once.
    places = {id(e): _open_order(e) if e.is_open else _closed_order(e) for e in entries}

    def order(entry: Entry) -> tuple:
        return places[id(entry)]

    by_trust: dict[str, list[Entry]] = {}
    by_band: dict[Band, list[Entry]] = {}
    trusts: dict[str, Trust] = {}
    for entry in entries:
        trust = entry.vacancy.trust
        trusts.setdefault(trust.slug, trust)
        by_trust.setdefault(trust.slug, []).append(entry)
        by_band.setdefault(entry.vacancy.band, []).append(entry)
    trust_groups = sorted(
        (_group("trust", slug, trusts[slug].name, items, order, trust=trusts[slug]) for slug, items in by_trust.items()),
        key=lambda g: (g.name.casefold(), g.slug),
    )
    band_groups = [_group("band", band.slug, band.name, by_band[band], order, band=band) for band in sorted(by_band)]
    return Site(
        now=now,
        entries=tuple(sorted(entries, key=_newest_order)),
        open=tuple(sorted((e for e in entries if e.is_open), key=order)),
        closed=tuple(sorted((e for e in entries if not e.is_open), key=order)),
        trusts=tuple(trust_groups),
        bands=tuple(band_groups),
    )


def open_warnings(vacancies: tuple[Vacancy, ...], while_open: dict[str, tuple[Problem, ...]], config: Config,
                  now: datetime) -> list[Problem]:
    """The warnings of the adverts that are open at `now`, found before the build stops on the input's problems."""
    # Only the few adverts with such warnings are indexed here, by the same rule that decides what the site shows.
    flagged = tuple(v for v in vacancies if v.source in while_open)
    return [problem for entry in index(flagged, config, now).open for problem in while_open[entry.vacancy.source]]
