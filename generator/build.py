"""One build: config -> load -> index -> plan -> render what changed -> write, reusing the cache where inputs are the same."""

from __future__ import annotations

import dataclasses
import gc
import time as timer
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterator, Protocol

from generator.assets import theme_files
from generator.cache import Cache, bodies_at, for_site, pack
from generator.config import Config, load_config
from generator.content import Content, load_content
from generator.vacancies import body_key
from generator.fingerprint import Templates, adopt, code, digest
from generator.frontmatter import body_of
from generator.google import open_warnings
from generator.keys import Keys, Plan
from generator.manifest import Output
from generator.markup import render_markdown
from generator.opendata import JSON_FILE, file_keys, open_file
from generator.problems import InputError, Problems
from generator.pages import AdvertPage, Page, Planner
from generator.render import Failure, Renderer
from generator.search import BUNDLE, search_index
from generator.site import Entry, Site, index
from generator.theme import Theme, environment, find_theme
from generator.urls import output_file
from generator.vacancy import Vacancy
from generator.workers import Workers, default_jobs
from generator.writer import MARKER, MARKER_TEXT, UnsafePath, check_path, put, recover, refusal

RENDER_BATCH = 50  # vacancy pages a worker renders per task
TEMPLATES = ("listing.html", "groups.html", "vacancy.html", "alias.html", "feed.xml", "search.html", "404.html", "sitemap.xml",
             "robots.txt", "accessibility.html", "atom.xml", "feed.json")


@dataclass(frozen=True)
class Options:
    """What the command line asked for."""

    root: Path
    now: datetime
    base_url: str | None = None
    strict: bool = False
    drafts: bool = False
    jobs: int = field(default_factory=default_jobs)
    cache: bool = True


@dataclass(frozen=True)
class Result:
    """A finished build: every file of the site, how many were written, the index they came from, and the warnings."""

    files: list[str]
    written: int
    site: Site
    files_read: int
    problems: Problems
    timings: dict[str, float] = field(default_factory=dict)
    parsed: int = 0
    rendered: int = 0  # advert texts rendered from Markdown, not taken from the cache


class Meter(Protocol):
    """Something that shows how far the render phase has got."""

    def start(self, total: int) -> None: ...

    def advance(self, count: int = 1) -> None: ...

    def finish(self) -> None: ...


@dataclass(frozen=True)
class Setup:
    """What a worker needs to render vacancy pages: the settings, the theme, the bodies and where to write."""

    key: str  # which renderer: a digest of the settings and the theme
    config: Config
    theme: Theme
    bodies: Path
    cached: bool  # whether the body table held any body when the build started (a first build need not look)
    folder: Path | None
    job_posting: bool = True  # whether the vacancy template may show JobPosting data (else it is not made)


_renderers: dict[str, Renderer] = {}
_in_worker = False  # whether this process is a worker, which lives for one build


def _start_worker(code_digest: str) -> None:
    """Set up a worker process: key with the parent's digest of the code."""
    global _in_worker
    adopt(code_digest)
    _in_worker = True


def _renderer(setup: Setup) -> Renderer:
    """The renderer for a setup, made once in each process."""
    if setup.key not in _renderers:
        # A worker need not look at each template's time before each page: it renders for one build only.
        _renderers[setup.key] = Renderer(environment(setup.theme, reload=not _in_worker), setup.config)
    return _renderers[setup.key]


CHANGED = "FileChanged"  # the kind of failure of an advert whose file changed while the site was being built

# Address, key, then (size, mtime) once written (None when there is nowhere to write), or what went wrong; and the
# advert's body (its key and packed HTML) if it had to be rendered, for the cache.
Done = tuple[str, str, "tuple[int, int] | None", "Failure | None", "tuple[str, bytes] | None"]


def _advert_body(setup: Setup, vacancy: Vacancy, file: str) -> tuple[str, bytes | None] | None:
    """An advert's HTML from the cache, else rendered from its file and packed for the cache; None if the file changed."""
    if setup.cached:
        html = bodies_at(setup.bodies).get(vacancy.body_key)
        if html is not None:
            return html, None
    # Advert texts are rendered here, with their pages, so that adverts with no page are never rendered.
    try:
        with open(file, "rb") as handle:
            text = body_of(handle.read())
    except OSError:
        text = None
    if text is None or body_key(text) != vacancy.body_key:
        return None
    html = render_markdown(text)
    return html, pack(html)


def _render_adverts(batch: list[tuple[Setup, AdvertPage, str, str]]) -> list[Done]:
    """Render and stage a batch of vacancy pages (in a worker process, or in this one)."""
    done: list[Done] = []
    for setup, page, key, file in batch:
        renderer = _renderer(setup)
        rel = output_file(page.rel)
        vacancy = page.entry.vacancy
        body = _advert_body(setup, vacancy, file)
        if body is None:
            done.append((rel, key, None, (vacancy.source, 1, "the file changed while the site was being built; build again",
                                          CHANGED), None))
            continue
        html, packed = body
        kept = (vacancy.body_key, packed) if packed is not None else None
        data = renderer.render("vacancy.html", renderer.vacancy_context(page.entry, page.related, html, setup.job_posting), vacancy.source)
        if isinstance(data, bytes):
            done.append((rel, key, put(setup.folder, rel, data) if setup.folder else None, None, kept))
        else:
            done.append((rel, key, None, data, kept))
    return done


@dataclass
class Memory:
    """What a long-running caller (the preview server) keeps from one build to the next."""

    plan: Plan | None = None


def _stop_if_errors(problems: Problems, strict: bool) -> Problems:
    checked = problems.strict() if strict else problems
    if checked.errors:
        raise InputError(checked)
    return checked


def _lap(timings: dict[str, float], phase: str, since: float) -> float:
    """Record the time since `since` as `phase`; returns now, the start of the next phase."""
    now = timer.perf_counter()
    timings[phase] = timings.get(phase, 0.0) + now - since
    return now


class _Run:
    """The render and write phases of one build."""

    def __init__(self, setup: Setup, site: Site, content: Content, output: Output, cache: Cache, meter: Meter | None,
                 templates: Templates) -> None:
        self.setup, self.site, self.output, self.cache, self.meter = setup, site, output, cache, meter
        self.paths = content.paths
        self.renderer = _renderer(setup)
        self.planner = Planner(self.renderer, site, content.origins, templates.uses("vacancy.html", "related"))
        self.keys = Keys(self.renderer, setup.config, self.planner, templates)
        self.failures: list[Failure] = []
        self.written = 0
        self.rendered = 0
        self.made: dict[str, str] = {}  # every output file and its key
        self.taken: Counter[str] = Counter()
        self.unsafe: list[str] = []

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
                todo.append((setup, page, key, self.paths[page.entry.vacancy.source]))
        # Pages of one band and trust share most of their related vacancies: batched together, each is sent once.
        todo.sort(key=lambda item: (item[1].entry.vacancy.band.slug, item[1].entry.vacancy.trust.slug))
        return workers.map(_render_adverts, todo, RENDER_BATCH)

    def page(self, page: Page, key: str) -> None:
        """Render one page or feed (or make a calendar) here, unless the one in place has the same key."""
        rel = output_file(page.rel)
        if self.claim(rel, key) and not self.output.fresh(rel, key):
            made = page.make()
            data = made if page.template is None else self.renderer.render(page.template, made, page.source)  # type: ignore[arg-type]
            if isinstance(data, bytes):
                self.output.put(rel, key, data)
                self.written += 1
            else:
                self.failures.append(data)
        self.advance()

    def files(self, outputs: list[tuple[str, bytes]]) -> None:
        """Stage files made outside the templates (static files, the search index) whose bytes changed."""
        for rel, data in outputs:
            key = digest(self.keys.base, data)
            if self.claim(rel, key) and not self.output.fresh(rel, key):
                self.output.put(rel, key, data)
                self.written += 1

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
                kept = [body for *_, body in batch if body is not None]
                self.cache.store_bodies(kept)
                self.rendered += len(kept)
                for rel, key, stat, failure, _ in batch:
                    if failure is not None:
                        self.failures.append(failure)
                    else:
                        self.output.record(rel, key, stat)
                        self.written += 1
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
        bodies = self.bodies(entries) if JSON_FILE in wanted else {}
        if bodies is None:
            return
        config = self.setup.config
        for rel in wanted:
            data = open_file(rel, entries, self.renderer.urls, config.title, config.licence, lambda e: bodies[e.vacancy.source])
            self.output.put(rel, keys[rel], data)
            self.written += 1

    def bodies(self, entries: tuple[Entry, ...]) -> dict[str, str] | None:
        """The advert texts as HTML, by source; None (and a failure) if a file changed since it was read."""
        found: dict[str, str] = {}
        # The pages were just rendered, so each body is in the table; an advert's own file is the fallback.
        setup = dataclasses.replace(self.setup, cached=True)
        for entry in entries:
            vacancy = entry.vacancy
            body = _advert_body(setup, vacancy, self.paths[vacancy.source])
            if body is None:
                self.failures.append((vacancy.source, 1, "the file changed while the site was being built; build again", CHANGED))
                return None
            found[vacancy.source] = body[0]
        return found

    def search(self, problems: Problems) -> None:
        """Pagefind's index of the open vacancy pages, made again only when one of them changed."""
        searchable = sorted(self.searchable)
        key = digest(self.keys.base, [(rel, self.made[rel]) for rel in searchable])
        bundle = {rel for rel in self.output.previous if rel.startswith(f"{BUNDLE}/")}
        if bundle and all(self.output.made.get(rel) == key for rel in bundle):
            for rel in sorted(bundle):
                self.claim(rel, key)
                self.output.fresh(rel, key)
            return
        staging = self.output.staging
        if staging is None:
            return
        for rel, data in search_index([(rel, staging.where(rel)) for rel in searchable], problems):
            if self.claim(rel, key):
                self.output.put(rel, key, data)
                self.written += 1


def build(options: Options, output_dir: Path | None, meter: Meter | None = None, cache: Cache | None = None,
          private: bool = False, memory: Memory | None = None) -> Result:
    """Check and render everything that changed; write it to `output_dir` (if given) only if nothing failed.

    A caller that builds again and again (the preview server) passes its own `cache`, kept open between builds,
    `private` when nothing else writes to `output_dir`, and a `memory` of the last plan.
    """
    # The build makes many objects that live until it ends: the cycle collector would only scan them again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(options, output_dir, meter, cache, private, memory)
    finally:
        if collecting:
            gc.enable()


def _build(options: Options, output_dir: Path | None, meter: Meter | None, given: Cache | None, private: bool,
           memory: Memory | None) -> Result:
    timings: dict[str, float] = {}
    started = timer.perf_counter()
    problems = Problems()
    if output_dir is not None:
        refused = refusal(output_dir, options.root)
        if refused:
            problems.error("", 0, "output", refused)
            _stop_if_errors(problems, False)
        # A build killed mid-swap left output/ renamed: put it back first, so a failing build still leaves the last good site.
        recover(output_dir)
    config = load_config(options.root, problems, options.base_url)
    theme = find_theme(config, problems)
    cache = given or for_site(options.root, options.cache)
    try:
        # The workers key with this process's digest of the code, so that every key of one build agrees.
        with Workers(options.jobs, _start_worker, (code(),)) as workers:
            # What was read is saved to the cache once the workers are busy rendering (or as the build stops).
            content = load_content(config, problems, options.drafts, cache, workers)
            problems.items.extend(open_warnings(content.vacancies, content.while_open, config, options.now))
            lap = _lap(timings, "load", started)
            try:
                problems = _stop_if_errors(problems, options.strict)
                output = Output(cache, output_dir, private)
                try:
                    cache.open()  # the body table, made before any worker looks in it
                    setup = Setup(digest(repr(config), theme), config, theme,  # type: ignore[arg-type]
                                  cache.bodies_path, cache.has_bodies(), output.staging.folder if output.staging else None)
                    # The same environment as the last build with these settings, if this process made one: Jinja checks
                    # each template's time and compiles again only what changed.
                    templates = Templates(_renderer(setup).env)
                    setup = dataclasses.replace(setup, job_posting=templates.uses("vacancy.html", "job_posting"))
                    last = memory.plan if memory else None
                    shape = _shape(options, config, theme, content, templates) if memory else ""  # type: ignore[arg-type]
                    site = last.site if last is not None and last.shape == shape else index(content.vacancies, config, options.now)
                    run = _Run(setup, site, content, output, cache, meter, templates)
                    plan = run.planned(shape, last, content.vacancies)
                    lap = _lap(timings, "index", lap)
                    run.render(workers, plan, content.remember)
                    run.files(theme_files(theme, config.root, problems))  # type: ignore[arg-type]
                    run.open_data(plan.site, content.vacancies)
                    run.files([(MARKER, MARKER_TEXT)])
                    lap = _lap(timings, "render", lap)
                    if theme.search and not run.failures:  # type: ignore[union-attr]
                        run.search(problems)
                        lap = _lap(timings, "search", lap)
                    _check_outputs(run, problems)
                    _stop_if_errors(problems, options.strict)
                except BaseException:
                    output.abandon()
                    raise
            finally:
                content.remember()
            output.commit()
            _lap(timings, "write", lap)
            if memory is not None:
                memory.plan = plan
    finally:
        if given is None:
            cache.close()
    return Result(sorted(run.made), run.written, plan.site, content.files, problems, timings, content.parsed,
                  run.rendered)


def _shape(options: Options, config: Config, theme: Theme, content: Content, templates: Templates) -> str:
    """Everything the pages and their keys depend on but advert texts: when it is unchanged, so is the plan."""
    return digest(code(), options.now, repr(config), theme, [templates.digest(name) for name in TEMPLATES],
                  [(v.source, content.origins[v.source]) for v in content.vacancies])


def _check_outputs(run: _Run, problems: Problems) -> None:
    """Template failures, and output paths that are unsafe or taken twice, as problems."""
    for file, line, message, kind in sorted(set(run.failures)):
        problems.error(file, line, "" if kind == CHANGED else "template", message)
    for message in sorted(set(run.unsafe)):
        problems.error("", 0, "", message)
    for rel, count in sorted(run.taken.items()):
        if count > 1:
            problems.error("", 0, "", f"{count} pages would be written to {rel}; give them different slugs")


def render_site(options: Options) -> Result:
    """Check and render everything, writing nothing (for `check`)."""
    return build(options, None)
