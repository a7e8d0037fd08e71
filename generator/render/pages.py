"""The plan of a build: every page and feed the site has, each with what it is made from."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, Callable

from generator.index.site import Entry, Group, Site
from generator.model.urls import output_file, paged
from generator.render import nearby
from generator.render.calendars import Calendars, calendar_links
from generator.render.lastmod import entries_in, lastmods, newest
from generator.render.renderer import SECTIONS, Renderer

RELATED = 5  # other open vacancies shown on a vacancy page


@dataclass(frozen=True)
class Page:
    """A page or feed to render in this process: its template, its address, what an error names, and how to make its context.

    `inputs` are the arguments of `make` with each entry replaced by its identity: the page's key is their digest,
    so a page whose inputs are unchanged is not rendered again, and its context is never made.
    A file made without a template (a calendar) has `template` None, and its `make` gives its bytes.
    """

    template: str | None
    rel: str
    source: str
    make: Callable[[], dict[str, Any] | bytes]
    inputs: tuple[Any, ...]


@dataclass(frozen=True)
class AdvertPage:
    """A vacancy page, whose context is made where it is rendered (often a worker), from its entry and related entries."""

    entry: Entry
    related: tuple[Entry, ...]

    @property
    def rel(self) -> str:
        """The page's address."""
        return f"vacancies/{self.entry.vacancy.slug}/"


class Planner:
    """Lists every page and feed of a site in a fixed order, each with the inputs its context is made from."""

    def __init__(self, renderer: Renderer, site: Site, origins: dict[str, str], related: bool = True) -> None:
        self.renderer, self.site, self.config, self.urls = renderer, site, renderer.config, renderer.urls
        self.origins = origins
        # A theme whose vacancy page shows no related vacancies: none are found, and none are in a page's key.
        self.show_related = related
        self.pages: list[Page | AdvertPage] = []
        self.searchable: set[str] = set()  # output files of the pages the search index covers
        self.indexable: list[str] = []  # addresses listed in the sitemap
        self.lastmod: dict[str, date | None] = {}  # each of them to the newest day its adverts give
        self.today = site.now.date()
        # Related vacancies come from the trust's and band's own open lists, so finding them never scans the whole site.
        self.rank = {id(e): i for i, e in enumerate(site.open)}
        self.open_by = {(g.kind, g.slug): g.open for g in (*site.trusts, *site.bands)}
        self._idents: dict[int, tuple[Any, ...]] = {}
        self.calendars = Calendars(self.urls, self.config.title)

    def ident(self, entry: Entry) -> tuple[Any, ...]:
        """What an entry's part of a page is made from: its fields (not its body) and what the clock decides about it."""
        found = self._idents.get(id(entry))
        if found is None:
            found = self._idents[id(entry)] = (self.origins[entry.vacancy.source], entry.is_open, entry.closing_soon,
                                               entry.published.isoformat())
        return found

    def _inputs(self, value: Any) -> Any:
        if isinstance(value, Entry):
            return self.ident(value)
        if isinstance(value, tuple) and value and isinstance(value[0], Entry):
            return tuple(self.ident(e) for e in value)
        return value

    def add(self, template: str, rel: str, source: str, make: Callable[..., dict[str, Any]], *args: Any, index: bool = True) -> None:
        """Plan one page or feed, whose context is `make(*args)`."""
        if index and template.endswith(".html"):
            self.indexable.append(rel)
            self.lastmod[rel] = newest(entries_in(args), self.today)
        inputs = (make.__name__, tuple(self._inputs(a) for a in args))
        self.pages.append(Page(template, rel, source, partial(make, *args), inputs))

    def made(self, rel: str, source: str, make: Callable[..., bytes], *args: Any) -> None:
        """Plan one file made without a template (a calendar), whose bytes are `make(*args)`; it is in no sitemap."""
        inputs = (make.__name__, tuple(self._inputs(a) for a in args))
        self.pages.append(Page(None, rel, source, partial(make, *args), inputs))

    def calendar(self, folder: str, where: str, entries: tuple[Entry, ...]) -> None:
        """A calendar of open vacancies' closing dates to subscribe to; its key holds only what its events show."""
        rel = f"{folder}calendar.ics"
        self.made(rel, f"calendar /{rel}", self.calendars.listing, where, self.site.now, self.calendars.closings(entries))

    def listing(self, rel: str, title: str, entries: tuple[Entry, ...], extra: dict[str, Any], feeds: list[tuple[str, str]],
                crumbs: list[tuple[str, str]], closed: tuple[Entry, ...] = (), description: str | None = None) -> None:
        """A paginated list of vacancies, with recently closed ones on its first page."""
        size = self.config.per_page
        total = max(1, math.ceil(len(entries) / size))
        for number in range(1, total + 1):
            here = paged(rel, number)
            shown = entries[(number - 1) * size : number * size]
            recent = closed[: self.config.recently_closed] if number == 1 else ()
            self.add("listing.html", here, f"page /{here}", self.renderer.listing_context, rel, number, total, title, extra,
                     feeds, crumbs, description, len(entries), shown, recent)

    def group_pages(self, kind: str, groups: tuple[Group, ...]) -> None:
        """The page and feed of each trust or band, and the page that lists them all."""
        section, label = SECTIONS[kind]
        title = self.config.title
        for group in groups:
            rel = f"{section}{group.slug}/"
            feeds = [(f"{title}: {group.name}", f"{rel}feed.xml"), (f"{title}: all vacancies", "feed.xml")]
            extra = {"kind": group.kind, "group": {"name": group.name, "website": group.trust.website if group.trust else None,
                                                  "open": len(group.open), "closed": len(group.closed)},
                     "calendar": calendar_links(self.urls, f"{rel}calendar.ics")}
            count = f"{len(group.open)} open vacanc{'y' if len(group.open) == 1 else 'ies'}"
            about = f"{count} at {group.name}." if group.kind == "trust" else f"{count} in {group.name}."
            self.listing(rel, group.name, group.open, extra, feeds, [("Home", ""), (label, section)], group.closed, about)
            self.feed(f"{rel}feed.xml", f"{title}: {group.name}", rel,
                      f"Open vacancies at {group.name}" if group.kind == "trust" else f"Open {group.name} vacancies", group.open)
            self.calendar(rel, f"at {group.name}" if group.kind == "trust" else f"in {group.name}", group.open)
        listed = [(g.name, g.slug, len(g.open), len(g.closed)) for g in groups]
        self.add("groups.html", section, f"page /{section}", self.renderer.groups_context, kind, listed)

    def vacancy_page(self, entry: Entry) -> None:
        """Plan the page of one vacancy; its context is made when it renders."""
        page = AdvertPage(entry, tuple(self.related(entry)) if self.show_related else ())
        if entry.is_open:
            self.indexable.append(page.rel)
            self.lastmod[page.rel] = newest([entry], self.today)
            if self.renderer.search_url is not None:
                self.searchable.add(output_file(page.rel))
        self.pages.append(page)
        if entry.is_open:
            rel = f"{page.rel}closing.ics"
            self.made(rel, f"calendar /{rel}", self.calendars.vacancy, self.site.now, self.calendars.closing(entry))

    def related(self, entry: Entry) -> list[Entry]:
        """Up to five other open vacancies at the same trust or in the same band, closing soonest first."""
        v = entry.vacancy
        nearby = [*self.open_by.get(("trust", v.trust.slug), ())[: RELATED + 1], *self.open_by.get(("band", v.band.slug), ())[: RELATED + 1]]
        unique = {id(e): e for e in nearby if e is not entry}
        return sorted(unique.values(), key=lambda e: self.rank[id(e)])[:RELATED]

    def feed(self, rel: str, title: str, page_rel: str, description: str, entries: tuple[Entry, ...]) -> None:
        """An RSS 2.0 feed of open vacancies, newest first, and its Atom and JSON Feed twins with the same items."""
        newest = tuple(sorted(entries, key=lambda e: (-e.published.timestamp(), e.vacancy.reference))[: self.config.feed_items])
        self.add("feed.xml", rel, f"feed /{rel}", self.renderer.feed_context, rel, title, page_rel, description, newest)
        folder, feeds = rel.removesuffix("feed.xml"), self.renderer.feeds
        # Atom's <updated> is the newest item's date; a feed with no items was last changed no later than the clock.
        updated = max((e.published for e in newest), default=self.site.now)
        self.add("atom.xml", f"{folder}atom.xml", f"feed /{folder}atom.xml", feeds.atom_context, f"{folder}atom.xml", title,
                 page_rel, description, updated, newest)
        self.add("feed.json", f"{folder}feed.json", f"feed /{folder}feed.json", feeds.json_feed_context, f"{folder}feed.json",
                 title, page_rel, description, newest)

    def everything(self) -> list[Page | AdvertPage]:
        """Every page and feed of the site, in a fixed order."""
        s, r, title = self.site, self.renderer, self.config.title
        all_feed = [(f"{title}: all vacancies", "feed.xml")]
        self.listing("", "Open vacancies", s.open, {"kind": "index", "calendar": calendar_links(self.urls, "calendar.ics")},
                     all_feed, [],
                     description=f"{len(s.open)} open vacanc{'y' if len(s.open) == 1 else 'ies'}. {self.config.description}")
        self.listing("closed/", "Closed vacancies", s.closed, {"kind": "closed", "calendar": None}, all_feed, [("Home", "")],
                     description="Adverts that have closed. Their pages stay, so links to them keep working.")
        for entry in s.entries:
            self.vacancy_page(entry)
        for entry in s.entries:
            for alias in entry.vacancy.aliases:
                self.add("alias.html", f"vacancies/{alias}/", f"page /vacancies/{alias}/ (an alias of {entry.vacancy.source})",
                         r.alias_context, entry, index=False)
        self.group_pages("trust", s.trusts)
        self.group_pages("band", s.bands)
        self.feed("feed.xml", title, "", self.config.description, s.open)
        self.calendar("", "", s.open)
        if r.search_url:
            self.add("search.html", "search/", "page /search/", r.search_context, s.open)
            for name, data in nearby.shards():  # the place table, a file per first letter, for the place box
                self.made(f"search/places/{name}", f"search/places/{name}", bytes, data)
        # Every theme has a statement: jobboard's own accessibility.html serves one that brings none.
        self.add("accessibility.html", "accessibility/", "page /accessibility/", r.accessibility_context)
        self.add("404.html", "404.html", "page /404.html", r.missing_context, index=False)
        if r.has("sitemap.xml"):
            days = lastmods([(rel, self.lastmod.get(rel)) for rel in self.indexable], s.entries, self.today)
            self.add("sitemap.xml", "sitemap.xml", "sitemap.xml", r.sitemap_context, days)
        if r.has("robots.txt"):
            self.add("robots.txt", "robots.txt", "robots.txt", r.robots_context, r.has("sitemap.xml"))
        return self.pages


