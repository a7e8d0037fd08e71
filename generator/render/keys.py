"""Page keys: a digest of everything a page is made from, so an unchanged key means unchanged bytes."""

from __future__ import annotations

from dataclasses import dataclass

from generator.cache.fingerprint import Templates, code, digest
from generator.config.settings import Config
from generator.index.site import Site
from generator.render.pages import AdvertPage, Page, Planner
from generator.render.renderer import Renderer


class Keys:
    """The key of each output: a digest of everything it is made from, so an unchanged key means unchanged bytes."""

    def __init__(self, renderer: Renderer, config: Config, planner: Planner, templates: Templates) -> None:
        self.templates = templates
        self.base = digest(code(), repr(config), renderer.search_url)
        self.planner = planner

    def page(self, page: Page | AdvertPage) -> str:
        """The key of a planned page or feed."""
        if isinstance(page, Page):
            # A file made without a template (a calendar) depends on its inputs and the code alone.
            made_by = self.templates.digest(page.template) if page.template is not None else None
            return digest(self.base, made_by, page.rel, page.inputs)
        # A vacancy page is made from its fields, its body and the fields of its related entries, and shows its contact
        # only until the retention period ends (no listing or feed shows a contact, so this is in the page's key alone).
        ident = self.planner.ident
        return digest(self.base, self.templates.digest("vacancy.html"), ident(page.entry), page.entry.contact_shown,
                      page.entry.vacancy.body_key, [ident(e) for e in page.related])


@dataclass(frozen=True)
class Plan:
    """Every page a build planned, with its key: the preview server reuses it while only advert texts change."""

    shape: str
    site: Site
    pages: tuple[Page | AdvertPage, ...]
    keys: tuple[str, ...]
    searchable: frozenset[str]
