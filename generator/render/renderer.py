"""Pages and feeds: each template gets a context built for it, and gives back bytes for a path."""

from __future__ import annotations

import html
from dataclasses import dataclass
from email.utils import format_datetime
from functools import partial
from typing import Any

import jinja2

from generator.config.accessibility import statement
from generator.config.settings import Config
from generator.index.site import Entry
from generator.model.urls import Urls, paged
from generator.render import nearby
from generator.render.cards import card, contact, facts
from generator.render.feeds import FeedContexts, feed_links, item_summary
from generator.render.jsonld import job_posting, script_json
from generator.render.retention import withhold

Output = tuple[str, bytes]
SECTIONS = {"trust": ("trusts/", "Trusts"), "band": ("bands/", "Pay bands")}


def page_window(number: int, total: int, around: int = 2) -> list[int | None]:
    """The page numbers a listing links to: the first, the last and a few either side of this one; None for a gap.

    A fixed number of links keeps every listing page the same size however many pages there are.
    """
    shown = sorted({1, total, *range(max(1, number - around), min(total, number + around) + 1)})
    window: list[int | None] = []
    previous = shown[0] - 1
    for n in shown:
        if n - previous == 2:
            window.append(n - 1)  # a gap of one page: show the page, not an ellipsis
        elif n - previous > 2:
            window.append(None)
        window.append(n)
        previous = n
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


@dataclass(frozen=True, order=True)
class Failure:
    """A page that could not be made: the file and line to blame, what went wrong, and the kind of failure."""

    file: str
    line: int
    message: str
    kind: str  # the exception's name, or CHANGED for an advert saved during the build


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
            return Failure(shown, line, f"{message} (while rendering {source})", type(exc).__name__)

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
            "cards": [card(self.urls, e) for e in shown],
            "pages": self.pagination(rel, number, total),
            "recently_closed": [card(self.urls, e) for e in recent],
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

    def vacancy_context(self, entry: Entry, related: tuple[Entry, ...], body_html: str, posting: bool = True) -> dict[str, Any]:
        """The context of one vacancy page, open or closed; its JobPosting data only if `posting` (else None)."""
        v = entry.vacancy
        rel = f"vacancies/{v.slug}/"
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
            "vacancy": card(self.urls, entry),
            "facts": facts(self.urls, self.config.max_open_days, entry),
            "body": body_html,
            "contact": contact(v) if entry.contact_shown else None,
            "apply_url": v.apply_url,
            "calendar": self.urls.path(f"{rel}closing.ics") if entry.is_open else None,  # its closing date, to add
            "closing_stated": v.closing_stated,
            "max_open_days": self.config.max_open_days,
            "job_posting": self.posting_json(entry, rel, body_html) if entry.is_open and posting else None,
            "related": [card(self.urls, e) for e in related],
            "searchable": entry.is_open and self.search_url is not None,
        })
        if context["searchable"]:
            found = nearby.points(v)
            context["search"] = {"points": ";".join(map(str, found)), "cells": nearby.cells(found), "pay": nearby.pay_groups(v),
                                 "published": int(entry.published.timestamp())}
        return context


