"""The render and write phases of one build: only what changed is rendered, staged and written."""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterator, Protocol

from generator.cache.fingerprint import Templates, digest, file_digest
from generator.cache.store import Cache
from generator.cache.workers import RENDER_PARALLEL, Workers
from generator.index.site import Entry, Site
from generator.load.content import Content
from generator.model.problems import Problems
from generator.model.urls import output_file
from generator.model.vacancy import Vacancy
from generator.publish.adverts import RENDER_BATCH, Done, Setup, advert_body, changed, render_adverts, renderer_for
from generator.publish.manifest import Output
from generator.publish.safety import UnsafePath, check_path
from generator.publish.search import search_index
from generator.render.keys import Keys, Plan
from generator.render.opendata import file_keys, open_file
from generator.render.pages import AdvertPage, Page, Planner
from generator.render.renderer import Failure

SEARCH_STATE = "search"  # the cache state that says what the search index in place was made from
SEARCH_PAGES = "search-pages"  # the folder in the cache where the pages are gathered for the search index


class Meter(Protocol):
    """Something that shows how far the render phase has got."""

    def start(self, total: int) -> None: ...

    def advance(self, count: int = 1) -> None: ...

    def finish(self) -> None: ...


class Run:
    """The render and write phases of one build."""

    def __init__(self, setup: Setup, site: Site, content: Content, output: Output, cache: Cache, meter: Meter | None,
                 templates: Templates) -> None:
        self.setup, self.site, self.output, self.cache, self.meter = setup, site, output, cache, meter
        self.paths = content.paths
        self.renderer = renderer_for(setup)
        self.planner = Planner(self.renderer, site, content.origins, templates.uses("vacancy.html", "related"))
        self.keys = Keys(self.renderer, setup.config, self.planner, templates)
        self.failures: list[Failure] = []
        self.written = 0
        self.rendered = 0
        self.made: dict[str, str] = {}  # every output file and its key
        self.taken: Counter[str] = Counter()
        self.unsafe: list[str] = []
        self.digests: dict[str, str] = {}  # the digest of each vacancy page's bytes, when this build rendered it

    def claim(self, rel: str, key: str) -> bool:
        """Note an output file and its key; False if it cannot be written (an unsafe path, or one already taken)."""
        self.taken[rel] += 1
        try:
            check_path(rel)
        except UnsafePath as exc:
            self.unsafe.append(str(exc))
            return False
        if rel in self.made:
            return False
        self.made[rel] = key
        return True

    def advance(self, count: int = 1) -> None:
        if self.meter is not None:
            self.meter.advance(count)

    def adverts(self, pages: list[tuple[AdvertPage, str]], workers: Workers) -> Iterator[list[Done]]:
        """Start rendering the vacancy pages whose keys changed; the results come as the workers finish."""
        setup = self.setup
        todo = []
        for page, key in pages:
            rel = output_file(page.rel)
            if not self.claim(rel, key) or self.output.fresh(rel, key):
                self.advance()
            else:
                todo.append((setup, page, key, self.paths[page.entry.vacancy.source], self.output.size_in_place(rel)))
        # Pages of one band and trust share most of their related vacancies: batched together, each is sent once.
        todo.sort(key=lambda item: (item[1].entry.vacancy.band.slug, item[1].entry.vacancy.trust.slug))
        return workers.map(render_adverts, todo, RENDER_BATCH, RENDER_PARALLEL)

    def page(self, page: Page, key: str) -> None:
        """Render one page or feed (or make a calendar) here, unless the one in place has the same key."""
        rel = output_file(page.rel)
        if self.claim(rel, key) and not self.output.fresh(rel, key):
            made = page.make()
            data = self.renderer.render(page.template, made, page.source) if isinstance(made, dict) and page.template else made
            if isinstance(data, bytes):
                self.written += self.output.put(rel, key, data)
            else:
                self.failures.append(data)
        self.advance()

    def files(self, outputs: list[tuple[str, bytes]]) -> None:
        """Stage files made outside the templates (static files, the search index) whose bytes changed."""
        for rel, data in outputs:
            key = digest(self.keys.base, data)
            if self.claim(rel, key) and not self.output.fresh(rel, key):
                self.written += self.output.put(rel, key, data)

    def planned(self, shape: str, last: Plan | None, vacancies: tuple[Vacancy, ...]) -> Plan:
        """Every page with its key: planned afresh, or the last plan if only advert texts changed since."""
        if last is None or last.shape != shape:
            pages = tuple(self.planner.everything())
            return Plan(shape, self.site, pages, tuple(self.keys.page(p) for p in pages), frozenset(self.planner.searchable))
        # Same fields, clock, settings and templates: the same pages, but an advert whose text changed gets its new body.
        current = {v.source: v for v in vacancies}
        pages, keys = list(last.pages), list(last.keys)
        for number, page in enumerate(pages):
            if isinstance(page, AdvertPage):
                vacancy = current[page.entry.vacancy.source]
                if vacancy.body_key != page.entry.vacancy.body_key:
                    pages[number] = AdvertPage(dataclasses.replace(page.entry, vacancy=vacancy), page.related)
                    keys[number] = self.keys.page(pages[number])
        return Plan(shape, last.site, tuple(pages), tuple(keys), last.searchable)

    def render(self, workers: Workers, plan: Plan, meanwhile: Callable[[], None]) -> None:
        """Render what changed: vacancy pages in the workers while this process does `meanwhile`, then the rest."""
        self.searchable = plan.searchable
        if self.meter is not None:
            self.meter.start(len(plan.pages))
        try:
            running = self.adverts([(p, k) for p, k in zip(plan.pages, plan.keys) if isinstance(p, AdvertPage)], workers)
            meanwhile()
            for page, key in zip(plan.pages, plan.keys):
                if isinstance(page, Page):
                    self.page(page, key)
            for batch in running:
                kept = [done.body for done in batch if done.body is not None]
                self.cache.store_bodies(kept)
                self.rendered += len(kept)
                for done in batch:
                    if done.failure is not None:
                        self.failures.append(done.failure)
                    elif done.same:
                        self.output.keep(done.rel, done.key)
                    else:
                        self.output.record(done.rel, done.key, done.stat)
                        self.written += 1
                    if done.digest is not None:
                        self.digests[done.rel] = done.digest
                self.advance(len(batch))
        finally:
            if self.meter is not None:
                self.meter.finish()  # also on a crash, so that a terminal gets its cursor back

    def open_data(self, site: Site, vacancies: tuple[Vacancy, ...]) -> None:
        """vacancies.json, its schema and vacancies.csv: each made again only when what it shows changed."""
        # A reused plan's index may hold an advert as it was before only its text changed: take each as it is now.
        current = {v.source: v for v in vacancies}
        keys = file_keys(self.keys.base, [self.planner.ident(e) for e in site.open],
                         [current[e.vacancy.source].body_key for e in site.open])
        wanted = [rel for rel, key in keys.items() if self.claim(rel, key) and not self.output.fresh(rel, key)]
        if not wanted or self.output.staging is None:
            return  # unchanged, or `check`, which writes nothing
        entries = tuple(dataclasses.replace(e, vacancy=current[e.vacancy.source]) for e in site.open)
        config = self.setup.config
        try:
            for rel in wanted:
                data = open_file(rel, entries, self.renderer.urls, config.title, config.licence, self.body)
                self.written += self.output.put(rel, keys[rel], data)
        except Changed as exc:
            self.failures.append(changed(exc.source))

    def body(self, entry: Entry) -> str:
        """An advert's text as HTML, one at a time so that all of them are never held at once; raises Changed if its file changed."""
        # The pages were just rendered, so each body is in the table; an advert's own file is the fallback.
        vacancy = entry.vacancy
        found = advert_body(dataclasses.replace(self.setup, cached=True), vacancy, self.paths[vacancy.source])
        if found is None:
            raise Changed(vacancy.source)
        return found[0]

    def keep(self, names: tuple[str, ...]) -> None:
        """Keep these files in place as they are, whatever changed (a name ends in / for a folder's files)."""
        folders = tuple(name for name in names if name.endswith("/"))
        for rel in self.output.previous:
            if rel in names or rel.startswith(folders):
                key = self.output.made.get(rel)
                if key is not None and self.claim(rel, key):
                    self.output.fresh(rel, key)

    def search(self, problems: Problems) -> None:
        """Pagefind's index of the open vacancy pages, made again only when the bytes of one of them changed."""
        last = self.cache.state(SEARCH_STATE, Searched)
        staging = self.output.staging
        pages = {rel: (self.made[rel], self._page_digest(rel, last)) for rel in sorted(self.searchable)}
        key = digest(self.keys.base, [(rel, page_digest) for rel, (_, page_digest) in pages.items()])
        if last is not None and last.key == key and last.files and all(self.output.made.get(rel) == file_key
                                                                        for rel, file_key in last.files.items()):
            for rel, file_key in sorted(last.files.items()):
                self.claim(rel, file_key)
                self.output.fresh(rel, file_key)
            return
        if staging is None:
            return
        files: dict[str, str] = {}
        for rel, data in search_index([(rel, staging.where(rel)) for rel in pages], self.cache.folder / SEARCH_PAGES, problems):
            # Each file keyed by its bytes: most of the bundle is the same after one advert changed, and is not rewritten.
            files[rel] = digest(self.keys.base, file_digest(data))
            if self.claim(rel, files[rel]):
                self.written += self.output.put(rel, files[rel], data)
        self.cache.save(SEARCH_STATE, Searched(key, files, pages))

    def _page_digest(self, rel: str, last: Searched | None) -> str:
        """The digest of a searchable page's bytes: as rendered now, as the last index knew it under the same key, or read."""
        if rel in self.digests:
            return self.digests[rel]
        known = last.pages.get(rel) if last is not None else None
        if known is not None and known[0] == self.made[rel]:
            return known[1]  # the same key, so the same bytes
        try:
            return file_digest(self.output.staging.where(rel).read_bytes() if self.output.staging else b"")
        except OSError:
            return ""


class Changed(Exception):
    """An advert's file changed while the site was being built."""

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.source = source


@dataclass(frozen=True)
class Searched:
    """What the search index in place was made from (as one key, and page by page), and the key of each of its files."""

    key: str
    files: dict[str, str]
    pages: dict[str, tuple[str, str]] = field(default_factory=dict)  # each page: its key, and the digest of its bytes
