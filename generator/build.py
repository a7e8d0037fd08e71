"""One build: config -> load -> index -> render, and only then the writer."""

from __future__ import annotations

import time as timer
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

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


def _stop_if_errors(problems: Problems, strict: bool) -> Problems:
    checked = problems.strict() if strict else problems
    if checked.errors:
        raise InputError(checked)
    return checked


def render_site(options: Options) -> Result:
    """Read, check and render everything in memory; raises InputError listing every problem."""
    timings: dict[str, float] = {}
    started = timer.perf_counter()
    problems = Problems()
    config = load_config(options.root, problems, options.base_url)
    content = load_content(config, problems, options.drafts)
    theme = find_theme(config, problems)
    timings["load"] = timer.perf_counter() - started
    problems = _stop_if_errors(problems, options.strict)
    site = index(content.vacancies, config, options.now)
    timings["index"] = timer.perf_counter() - started - timings["load"]
    renderer = Renderer(environment(theme), config, site)  # type: ignore[arg-type]
    pages = renderer.everything()
    outputs = pages + theme_files(theme, config.root, problems)  # type: ignore[arg-type]
    if theme.search and not renderer.failures:  # type: ignore[union-attr]
        outputs += search_index([(rel, data) for rel, data in pages if rel in renderer.searchable], problems)
    for file, line, message, _ in sorted(set(renderer.failures)):
        problems.error(file, line, "template", message)
    for rel, count in Counter(rel for rel, _ in outputs).items():
        try:
            safe_relative(rel)
        except UnsafePath as exc:
            problems.error("", 0, "", str(exc))
        if count > 1:
            problems.error("", 0, "", f"{count} pages would be written to {rel}; give them different slugs")
    timings["render"] = timer.perf_counter() - started - timings["load"] - timings["index"]
    _stop_if_errors(problems, options.strict)
    return Result(sorted(outputs), site, content.files, problems, timings)


def build(options: Options, output_dir: Path) -> Result:
    """Render everything, then write it to `output_dir` only if nothing failed."""
    # A build killed mid-swap left output/ renamed: put it back first, so a failing build still leaves the last good site.
    recover(output_dir)
    result = render_site(options)
    started = timer.perf_counter()
    write_site(result.outputs, output_dir)
    result.timings["write"] = timer.perf_counter() - started
    return result
