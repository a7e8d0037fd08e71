"""Vacancy pages rendered in a batch, in a worker process or in this one: each advert's text from the cache or its file."""

from __future__ import annotations

import signal
from dataclasses import dataclass
from pathlib import Path

from generator.cache.fingerprint import adopt, body_key, file_digest
from generator.cache.store import bodies_at, pack
from generator.config.settings import Config
from generator.model.urls import output_file
from generator.model.vacancy import Vacancy
from generator.publish.writer import holds, put
from generator.render.markup import render_markdown
from generator.render.pages import AdvertPage
from generator.render.renderer import Failure, Renderer
from generator.render.theme import Theme, environment
from generator.source.frontmatter import body_of

RENDER_BATCH = 50  # vacancy pages a worker renders per task


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
    previous: Path | None = None  # the output folder as the last build left it, to leave alone a page whose bytes are the same


_renderers: dict[str, Renderer] = {}


_in_worker = False  # whether this process is a worker, which lives for one build


def start_worker(code_digest: str) -> None:
    """Set up a worker process: key with the parent's digest of the code."""
    global _in_worker
    adopt(code_digest)
    _in_worker = True
    # Ctrl+C reaches every process of the command: this one's parent stops it, and says so once.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def renderer_for(setup: Setup) -> Renderer:
    """The renderer for a setup, made once in each process."""
    if setup.key not in _renderers:
        # A worker need not look at each template's time before each page: it renders for one build only.
        _renderers[setup.key] = Renderer(environment(setup.theme, reload=not _in_worker), setup.config)
    return _renderers[setup.key]


CHANGED = "FileChanged"  # the kind of failure of an advert whose file changed while the site was being built


# Address, key, then (size, mtime) once written (None when there is nowhere to write), or what went wrong; and the
# advert's body (its key and packed HTML) if it had to be rendered, for the cache.
@dataclass(frozen=True)
class Done:
    """A vacancy page rendered in a batch: where, its key, its size and time once written, or its failure; and its body."""

    rel: str
    key: str
    stat: tuple[int, int] | None  # None when there is nowhere to write (check), or it failed
    failure: Failure | None
    body: tuple[str, bytes] | None  # the advert text's key and HTML, when it had to be rendered, for the cache
    digest: str | None = None  # of the page's bytes, when it was rendered
    same: bool = False  # whether the page in place already has these bytes (it was not written again)


def changed(source: str) -> Failure:
    """The failure of an advert whose file was saved while the site was being built."""
    return Failure(source, 1, "the file changed while the site was being built; build again", CHANGED)


def advert_body(setup: Setup, vacancy: Vacancy, file: str) -> tuple[str, bytes | None] | None:
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


def render_adverts(batch: list[tuple[Setup, AdvertPage, str, str, int | None]]) -> list[Done]:
    """Render and stage a batch of vacancy pages (in a worker process, or in this one).

    Each comes with the size of its page in place, if the last build left one: a page with the same bytes is left there.
    """
    done: list[Done] = []
    for setup, page, key, file, size in batch:
        renderer = renderer_for(setup)
        rel = output_file(page.rel)
        vacancy = page.entry.vacancy
        body = advert_body(setup, vacancy, file)
        if body is None:
            done.append(Done(rel, key, None, changed(vacancy.source), None))
            continue
        html, packed = body
        kept = (vacancy.body_key, packed) if packed is not None else None
        data = renderer.render("vacancy.html", renderer.vacancy_context(page.entry, page.related, html, setup.job_posting), vacancy.source)
        if isinstance(data, bytes) and setup.previous is not None and holds(setup.previous, rel, size, data):
            done.append(Done(rel, key, None, None, kept, file_digest(data), same=True))
        elif isinstance(data, bytes):
            done.append(Done(rel, key, put(setup.folder, rel, data) if setup.folder else None, None, kept, file_digest(data)))
        else:
            done.append(Done(rel, key, None, data, kept))
    return done


