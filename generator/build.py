"""One build: config -> load -> index -> render, and only then the writer."""

from __future__ import annotations

import time as timer
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from generator.assets import theme_files
from generator.config import load_config
from generator.content import load_content
from generator.problems import InputError, Problems
from generator.render import Renderer
from generator.search import search_index
from generator.site import Site, index
from generator.theme import environment, find_theme
from generator.writer import UnsafePath, recover, safe_relative, write_site


@dataclass(frozen=True)
class Options:
    """What the command line asked for."""

    root: Path
    now: datetime
    base_url: str | None = None
    strict: bool = False
    drafts: bool = False


@dataclass(frozen=True)
class Result:
    """A finished render: the files to write, the index they came from, and the warnings."""

    outputs: list[tuple[str, bytes]]
    site: Site
    files_read: int
    problems: Problems
    timings: dict[str, float] = field(default_factory=dict)


class Meter(Protocol):
    """Something that shows how far the render phase has got."""

    def start(self, total: int) -> None: ...

    def advance(self) -> None: ...

    def finish(self) -> None: ...


class _MeteredRenderer(Renderer):
    """A renderer that reports each page and feed it renders to a meter."""

    def __init__(self, meter: Meter, *args: Any) -> None:
        super().__init__(*args)
        self.meter = meter

    def emit(self, template: str, rel: str, context: dict[str, Any], source: str) -> None:
        """Render one file, then move the meter on."""
        super().emit(template, rel, context, source)
        self.meter.advance()


def _stop_if_errors(problems: Problems, strict: bool) -> Problems:
    checked = problems.strict() if strict else problems
    if checked.errors:
        raise InputError(checked)
    return checked


def _lap(timings: dict[str, float], phase: str, since: float) -> float:
    """Record the time since `since` as `phase`; returns now, the start of the next phase."""
    now = timer.perf_counter()
    timings[phase] = now - since
    return now


def expected_outputs(site: Site, per_page: int, renderer: Renderer) -> int:
    """How many pages and feeds the renderer will emit, so that a progress bar knows its end (it mirrors everything())."""
    def pages(count: int) -> int:
        return max(1, -(-count // per_page))

    groups = site.trusts + site.bands
    listings = pages(len(site.open)) + pages(len(site.closed)) + sum(pages(len(g.open)) for g in groups)
    # The vacancy pages, the listings, a feed per group, the two group lists, the site feed and 404.html.
    extras = sum(renderer.has(t) for t in ("sitemap.xml", "robots.txt")) + (renderer.search_url is not None)
    return len(site.entries) + listings + len(groups) + 4 + extras


def render_site(options: Options, meter: Meter | None = None) -> Result:
    """Read, check and render everything in memory; raises InputError listing every problem."""
    timings: dict[str, float] = {}
    started = timer.perf_counter()
    problems = Problems()
    config = load_config(options.root, problems, options.base_url)
    content = load_content(config, problems, options.drafts)
    theme = find_theme(config, problems)
    lap = _lap(timings, "load", started)
    problems = _stop_if_errors(problems, options.strict)
    site = index(content.vacancies, config, options.now)
    lap = _lap(timings, "index", lap)
    env = environment(theme)  # type: ignore[arg-type]
    renderer = Renderer(env, config, site) if meter is None else _MeteredRenderer(meter, env, config, site)
    if meter is not None:
        meter.start(expected_outputs(site, config.per_page, renderer))
    try:
        pages = renderer.everything()
    finally:
        if meter is not None:
            meter.finish()  # also on a crash, so that a terminal gets its cursor back
    outputs = pages + theme_files(theme, config.root, problems)  # type: ignore[arg-type]
    lap = _lap(timings, "render", lap)
    if theme.search and not renderer.failures:  # type: ignore[union-attr]
        outputs += search_index([(rel, data) for rel, data in pages if rel in renderer.searchable], problems)
        lap = _lap(timings, "search", lap)
    for file, line, message, _ in sorted(set(renderer.failures)):
        problems.error(file, line, "template", message)
    for rel, count in Counter(rel for rel, _ in outputs).items():
        try:
            safe_relative(rel)
        except UnsafePath as exc:
            problems.error("", 0, "", str(exc))
        if count > 1:
            problems.error("", 0, "", f"{count} pages would be written to {rel}; give them different slugs")
    timings["render"] += timer.perf_counter() - lap
    _stop_if_errors(problems, options.strict)
    return Result(sorted(outputs), site, content.files, problems, timings)


def build(options: Options, output_dir: Path, meter: Meter | None = None) -> Result:
    """Render everything, then write it to `output_dir` only if nothing failed."""
    # A build killed mid-swap left output/ renamed: put it back first, so a failing build still leaves the last good site.
    recover(output_dir)
    result = render_site(options, meter)
    started = timer.perf_counter()
    write_site(result.outputs, output_dir)
    result.timings["write"] = timer.perf_counter() - started
    return result
