"""Pages and feeds: each template gets a context built for it, and gives back bytes for a path."""

from __future__ import annotations

import html
import math
import os
from dataclasses import dataclass
from datetime import date
from email.utils import format_datetime
from pathlib import Path
from functools import partial
from typing import Any, Callable

import jinja2

from generator.accessibility import statement
from generator.calendars import Calendars, calendar_links
from generator.config import Config
from generator.dates import when
from generator.feeds import FeedContexts, feed_links, item_summary
from generator.jsonld import job_posting, script_json
from generator import nearby
from generator.lastmod import entries_in, lastmods, newest
from generator.problems import Problems
from generator.retention import withhold
from generator.site import Entry, Group, Site
from generator.urls import Urls, output_file, paged
from generator.vacancy import Vacancy

Output = tuple[str, bytes]
SECTIONS = {"trust": ("trusts/", "Trusts"), "band": ("bands/", "Pay bands")}
RELATED = 5  # other open vacancies shown on a vacancy page


def page_window(number: int, total: int, around: int = 2) -> list[int | None]:
    """The page numbers a listing links to: the first, the last and a few either side of this one; None for a gap.

    A fixed number of links keeps every listing page the same size however many pages there are.
    """
    shown = sorted({1, total, *range(max(1, number - around), min(total, number + around) + 1)})
    window: list[int | None] = []
    for n in shown:
        if window and n - window[-1] == 2:  # type: ignore[operator]
            window.append(n - 1)  # a gap of one page: show the page, not an ellipsis
        elif window and n - window[-1] > 2:  # type: ignore[operator]
            window.append(None)
        window.append(n)
    return window


def _template_line(exc: BaseException) -> tuple[str, int]:
    """The template file and line where a rendering error happened."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.filename or exc.name or "template", exc.lineno
    found = ("template", 0)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".txt", ".j2")):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


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


Failure = tuple[str, int, str, str]  # template file, line, message, exception name


class Renderer:
    """Makes the context of every page and feed, and renders it through the one environment."""

    def __init__(self, env: jinja2.Environment, config: Config) -> None:
        self.env, self.config = env, config
        self.urls = Urls(config.base_url)
        self.search_url = self.urls.path("search/") if self.has("search.html") else None
        self.feeds = FeedContexts(self.urls, config)  # atom.xml and feed.json, beside each feed.xml

    def has(self, template: str) -> bool:
        """Whether the theme (or the site) provides a template."""
        try:
            self.env.get_template(template)
        except jinja2.TemplateNotFound:
            return False
        except jinja2.TemplateError:
            return True  # it exists; rendering it will report the mistake
        return True

    def render(self, template: str, context: dict[str, Any], source: str) -> bytes | Failure:
        """A template rendered to bytes, or where and why it failed."""
        try:
            return self.env.get_template(template).render(context).encode("utf-8")
        except Exception as exc:  # a template can raise anything from a filter or a call
            file, line = _template_line(exc)
            root = str(self.config.root) + "/"
            shown = file.removeprefix(root) if file.startswith(root) else file
            message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
            return (shown, line, f"{message} (while rendering {source})", type(exc).__name__)

    # Contexts -----------------------------------------------------------------

    def common(self, title: str, rel: str, feeds: list[tuple[str, str]], crumbs: list[tuple[str, str]],
               description: str | None = None, index: bool = True) -> dict[str, Any]:
        """What every page's template gets: the site, the page, its feeds and breadcrumbs."""
        u = self.urls
        nav = [
            {"name": "Vacancies", "url": u.path("")},
            {"name": "Trusts", "url": u.path("trusts/")},
            {"name": "Pay bands", "url": u.path("bands/")},
            {"name": "Closed vacancies", "url": u.path("closed/")},
        ]
        return {
            "site": {
                "title": self.config.title,
                "description": self.config.description,
                "language": self.config.language,
                "home": u.path(""),
                "url": u.absolute(""),
                "static": u.path("static/"),
                "nav": nav,
                "accessibility": u.path("accessibility/"),  # every footer links the statement (regulation 8)
                "search": self.search_url,
                "feed": {"title": f"{self.config.title}: all vacancies", "url": u.absolute("feed.xml")},
            },
            "page": {
                "title": title,
                "url": u.path(rel),
                "canonical": u.absolute(rel),
                "section": rel.split("/", 1)[0] if rel else "",
                "feeds": [feed_links(u, t, f) for t, f in feeds],
                "breadcrumbs": [{"name": n, "url": u.path(r)} for n, r in crumbs],
                "description": description or self.config.description,
                "robots": None if index else "noindex",
            },
        }

    def card(self, entry: Entry) -> dict[str, Any]:
        """A vacancy as a listing shows it."""
        v = entry.vacancy
        closing_date = f"{when(v.closing)} at {v.closing:%H:%M}"
        return {
            "title": v.title,
            "url": self.urls.path(f"vacancies/{v.slug}/"),
            "trust": {"name": v.trust.name, "url": self.urls.path(f"trusts/{v.trust.slug}/")},
            "band": {"name": v.band.name, "url": self.urls.path(f"bands/{v.band.slug}/")},
            "salary": str(v.salary) if v.salary else None,
            "location": "; ".join(str(place) for place in v.locations) or None,
            "closing": f"{'Closes' if entry.is_open else 'Closed'} {closing_date}",
            "closing_date": closing_date,
            "closing_iso": v.closing.isoformat(),
            "closing_timestamp": int(v.closing.timestamp()),
            "is_open": entry.is_open,
            "closing_soon": entry.closing_soon,
            "reference": v.reference,
            "contract": v.contract,  # in its one spelling, for the search filters; contract_shown adds its length
            "contract_shown": v.contract_shown,
            "working_pattern": list(v.working_pattern),
            "staff_group": v.staff_group,
        }

    def pagination(self, rel: str, number: int, total: int) -> dict[str, Any] | None:
        """Links to the previous and next pages of a listing, and to a few pages around this one."""
        if total <= 1:
            return None
        link = lambda n: self.urls.path(paged(rel, n))  # noqa: E731
        return {
            "number": number,
            "total": total,
            "previous": link(number - 1) if number > 1 else None,
            "next": link(number + 1) if number < total else None,
            "pages": [{"ellipsis": True} if n is None else {"ellipsis": False, "number": n, "url": link(n), "current": n == number}
                      for n in page_window(number, total)],
        }

    def facts(self, entry: Entry) -> list[dict[str, Any]]:
        """Every fact the advert gives, as rows of a summary list."""
        v, u = entry.vacancy, self.urls
        rows: list[tuple[str, list[dict[str, Any]]]] = [
            ("Employer", [{"text": v.trust.name, "href": u.path(f"trusts/{v.trust.slug}/")}]),
            ("Pay band", [{"text": v.band.name, "href": u.path(f"bands/{v.band.slug}/")}]),
        ]
        optional = [
            ("Salary", [str(v.salary)] if v.salary else []),
            ("Hours", [v.hours] if v.hours else []),
            ("Working pattern", [", ".join(v.working_pattern)] if v.working_pattern else []),
            ("Contract", [v.contract_shown] if v.contract else []),
            ("Location" if len(v.locations) < 2 else "Locations", [str(p) for p in v.locations]),
            ("Staff group", [v.staff_group] if v.staff_group else []),
            ("Reference", [v.reference]),
            ("Date posted", [when(v.posted)] if v.posted else []),
            ("Closing date", [f"{when(v.closing)} at {v.closing:%H:%M}" + ("" if v.closing_stated else
                              f" (the advert gives no closing date, so it closes {self.config.max_open_days} days after it was {'posted' if v.posted else 'added'})")]),
            ("Interview date", [when(v.interview) + (f" at {v.interview_time:%H:%M}" if v.interview_time else "")] if v.interview else []),
        ]
        rows += [(label, [{"text": t, "href": None} for t in values]) for label, values in optional if values]
        return [{"label": label, "lines": values} for label, values in rows]

    def contact(self, vacancy: Vacancy) -> dict[str, Any] | None:
        """The contact block, with mailto and tel links."""
        c = vacancy.contact
        if c is None:
            return None
        phone = "".join(ch for ch in (c.phone or "") if ch.isdigit() or ch == "+")
        return {"name": c.name, "job_title": c.job_title, "email": c.email,
                "email_href": f"mailto:{c.email}" if c.email else None,
                "phone": c.phone, "phone_href": f"tel:{phone}" if phone else None}

    def listing_context(self, rel: str, number: int, total: int, title: str, extra: dict[str, Any], feeds: list[tuple[str, str]],
                        crumbs: list[tuple[str, str]], description: str | None, count: int, shown: tuple[Entry, ...],
                        recent: tuple[Entry, ...]) -> dict[str, Any]:
        """Page `number` of a listing that starts at `rel`."""
        here = paged(rel, number)
        heading = title if number == 1 else f"{title} (page {number} of {total})"
        context = self.common(heading, here, feeds, crumbs if number == 1 else crumbs + [(title, rel)], description)
        context.update(extra)
        context.update({
            "heading": title,
            "count": count,
            "cards": [self.card(e) for e in shown],
            "pages": self.pagination(rel, number, total),
            "recently_closed": [self.card(e) for e in recent],
            "archive_url": self.urls.path("closed/"),
        })
        return context

    def groups_context(self, kind: str, groups: list[tuple[str, str, int, int]]) -> dict[str, Any]:
        """The page that lists every trust or every band: (name, slug, open, closed) of each."""
        section, label = SECTIONS[kind]
        about = "NHS trusts with their open vacancies." if kind == "trust" else "Agenda for Change pay bands with their open vacancies."
        context = self.common(label, section, [(f"{self.config.title}: all vacancies", "feed.xml")], [("Home", "")], about)
        context["kind"] = kind
        context["groups"] = [
            {"name": name, "url": self.urls.path(f"{section}{slug}/"), "open": open_count, "closed": closed_count,
             "feed": self.urls.absolute(f"{section}{slug}/feed.xml")}
            for name, slug, open_count, closed_count in groups
        ]
        return context

    def feed_context(self, rel: str, title: str, page_rel: str, description: str, newest: tuple[Entry, ...]) -> dict[str, Any]:
        """An RSS 2.0 feed of the given open vacancies."""
        # Many readers insert a feed's text fields as HTML, not only <description>: every text field is escaped
        # for HTML here and for XML by the template, so "<b>" in a title or a trust's name is shown, never run.
        u = self.urls
        text = partial(html.escape, quote=False)
        return {
            "channel": {"title": text(title), "link": u.absolute(page_rel), "description": text(description),
                        "self": u.absolute(rel), "language": self.config.language},
            "items": [
                {"title": text(e.vacancy.title), "link": u.absolute(f"vacancies/{e.vacancy.slug}/"),
                 "guid": text(f"jobboard:vacancy:{e.vacancy.reference}"), "pub_date": format_datetime(e.published),
                 "description": text(item_summary(e.vacancy)), "categories": [text(e.vacancy.trust.name), text(e.vacancy.band.name)]}
                for e in newest
            ],
        }

    def search_context(self, open_entries: tuple[Entry, ...]) -> dict[str, Any]:
        """/search/: a form whose filters offer the values the open vacancies have."""
        def values(pick: Any) -> list[str]:
            return sorted({value for e in open_entries for value in pick(e.vacancy) if value}, key=str.casefold)

        about = ("Search the open vacancies by keyword or job reference, near a postcode or town, and filter by trust, band, "
                 "pay, contract, working pattern and staff group.")
        context = self.common("Search vacancies", "search/", [(f"{self.config.title}: all vacancies", "feed.xml")], [("Home", "")], about)
        bands = sorted({e.vacancy.band for e in open_entries})
        pays = {p for e in open_entries for p in nearby.pay_groups(e.vacancy)}
        context.update({
            "open_count": len(open_entries),
            "pagefind": self.urls.path("pagefind/pagefind.js"),
            "places": self.urls.path("search/places/"),
            "closing_soon_days": self.config.closing_soon_days,
            "filters": [
                {"key": "trust", "label": "Trust", "values": values(lambda v: [v.trust.name])},
                {"key": "band", "label": "Pay band", "values": [b.name for b in bands]},
                {"key": "pay", "label": "Pay", "values": [p for p in nearby.pay_values() if p in pays]},
                {"key": "contract", "label": "Contract", "values": values(lambda v: [v.contract])},
                {"key": "pattern", "label": "Working pattern", "values": values(lambda v: v.working_pattern)},
                {"key": "group", "label": "Staff group", "values": values(lambda v: [v.staff_group])},
            ],
        })
        return context

    def missing_context(self) -> dict[str, Any]:
        """404.html."""
        return self.common("Page not found", "404.html", [(f"{self.config.title}: all vacancies", "feed.xml")], [], index=False)

    def accessibility_context(self) -> dict[str, Any]:
        """/accessibility/: the accessibility statement, from config.yaml's `accessibility:`."""
        about = f"How accessible {self.config.title} is, how to report a problem, and what to do if you are not happy with our reply."
        context = self.common("Accessibility statement", "accessibility/", [(f"{self.config.title}: all vacancies", "feed.xml")],
                              [("Home", "")], about)
        context["statement"] = statement(self.config.accessibility, self.config.title, self.urls.absolute(""))
        return context

    def alias_context(self, entry: Entry) -> dict[str, Any]:
        """alias.html: an old address of a vacancy page, sending the browser on to the page."""
        vacancy = entry.vacancy
        return {"title": vacancy.title, "url": self.urls.absolute(f"vacancies/{vacancy.slug}/"), "language": self.config.language}

    def sitemap_context(self, indexable: tuple[tuple[str, str | None], ...]) -> dict[str, Any]:
        """sitemap.xml: the addresses search engines may index, each with its <lastmod> day (YYYY-MM-DD)."""
        # `urls` stays a list of addresses, as a site's own sitemap.xml written before `pages` may use it.
        return {"urls": [self.urls.absolute(rel) for rel, _ in indexable],
                "pages": [{"loc": self.urls.absolute(rel), "lastmod": day} for rel, day in indexable]}

    def robots_context(self, sitemap: bool) -> dict[str, Any]:
        """robots.txt, pointing at the sitemap when there is one."""
        return {"sitemap": self.urls.absolute("sitemap.xml") if sitemap else None}

    def posting_json(self, entry: Entry, rel: str, body_html: str) -> str | None:
        """An open vacancy's JobPosting for its <script>, or None when Google would reject it (an advert with no place)."""
        data = job_posting(entry, self.urls.absolute(rel), body_html)
        return script_json(data) if data is not None else None

    def vacancy_context(self, page: AdvertPage, body_html: str, posting: bool = True) -> dict[str, Any]:
        """The context of one vacancy page, open or closed; its JobPosting data only if `posting` (else None)."""
        entry = page.entry
        v, rel = entry.vacancy, page.rel
        feeds = [
            (f"{self.config.title}: {v.trust.name}", f"trusts/{v.trust.slug}/feed.xml"),
            (f"{self.config.title}: {v.band.name}", f"bands/{v.band.slug}/feed.xml"),
            (f"{self.config.title}: all vacancies", "feed.xml"),
        ]
        context = self.common(v.title, rel, feeds, [("Home", ""), (v.trust.name, f"trusts/{v.trust.slug}/")],
                              v.summary, index=entry.is_open)
        if v.contact is not None and not entry.contact_shown:
            body_html = withhold(body_html, v.contact)  # contact_retention_days have passed since it closed
        context.update({
            "vacancy": self.card(entry),
            "facts": self.facts(entry),
            "body": body_html,
            "contact": self.contact(v) if entry.contact_shown else None,
            "apply_url": v.apply_url,
            "calendar": self.urls.path(f"{rel}closing.ics") if entry.is_open else None,  # its closing date, to add
            "closing_stated": v.closing_stated,
            "max_open_days": self.config.max_open_days,
            "job_posting": self.posting_json(entry, rel, body_html) if entry.is_open and posting else None,
            "related": [self.card(e) for e in page.related],
            "searchable": entry.is_open and self.search_url is not None,
        })
        if context["searchable"]:
            found = nearby.points(v)
            context["search"] = {"points": ";".join(map(str, found)), "cells": nearby.cells(found), "pay": nearby.pay_groups(v),
                                 "published": int(entry.published.timestamp())}
        return context


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


def unreadable(error: OSError) -> None:
    """Stop at a folder that cannot be read, rather than publish the site without its files (the caller names it)."""
    raise error


def static_files(dirs: tuple[Path, ...], root: Path, problems: Problems) -> list[Output]:
    """The theme's static files (site overrides first), to be written under static/; a link among them is an error.

    A link is never followed: `static/env.txt -> /proc/self/environ` would publish the build's secrets.
    """
    files: dict[str, bytes] = {}
    for folder in reversed(dirs):
        shown = folder.relative_to(root) if folder.is_relative_to(root) else folder
        if folder.is_symlink():
            problems.error(str(shown), 0, "", "the static folder is a link; make it a real folder holding the files themselves")
            continue
        if not folder.exists():
            continue
        for path, subfolders, names in os.walk(folder, onerror=unreadable):
            for name in sorted([*subfolders, *names]):
                entry = Path(path) / name
                if entry.is_symlink():
                    problems.error(f"{shown}/{entry.relative_to(folder).as_posix()}", 0, "",
                                   "is a link; links in static/ are not published: put the file itself there")
                elif entry.is_file() and not name.startswith("."):
                    files[f"static/{entry.relative_to(folder).as_posix()}"] = entry.read_bytes()
    return sorted(files.items())

