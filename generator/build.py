"""One build: config -> load -> index -> plan -> render what changed -> write, reusing the cache where inputs are the same."""

from __future__ import annotations

import dataclasses
import time as timer
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from generator.cache.fingerprint import Templates, code, digest
from generator.cache.store import Cache, for_site
from generator.cache.workers import Workers, default_jobs
from generator.config.settings import Config, load_config
from generator.index.site import Counts, index, open_warnings
from generator.load.content import Changes, Content, load_content
from generator.model.problems import InputError, Problems
from generator.publish.adverts import CHANGED, Setup, renderer_for, start_worker
from generator.publish.assets import theme_files
from generator.publish.manifest import Output, output_name
from generator.publish.memo import Inputs, inputs, last_build, remember
from generator.publish.run import Meter, Run
from generator.publish.safety import MARKER, MARKER_TEXT, refusal
from generator.publish.search import BUNDLE
from generator.publish.writer import recover
from generator.render.keys import Plan
from generator.render.opendata import OPEN_DATA
from generator.render.theme import Theme, find_theme

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
    # False keeps the files made from every advert (the search index, the open data) as they are: the preview makes
    # them again only when the browser asks for one, so that a save shows at once.
    whole: bool = True


@dataclass(frozen=True)
class Result:
    """A finished build: every file of the site, how many were written, the index they came from, and the warnings."""

    files: list[str]
    written: int
    counts: Counts
    files_read: int
    problems: Problems
    timings: dict[str, float] = field(default_factory=dict)
    parsed: int = 0
    rendered: int = 0  # advert texts rendered from Markdown, not taken from the cache


@dataclass
class Memory:
    """What a long-running caller (the preview server) keeps from one build to the next."""

    plan: Plan | None = None
    changes: Changes | None = None  # what its file watcher saw change since the last build, if it has watched since before it


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


def build(options: Options, output_dir: Path | None, meter: Meter | None = None, cache: Cache | None = None,
          private: bool = False, memory: Memory | None = None) -> Result:
    """Check and render everything that changed; write it to `output_dir` (if given) only if nothing failed.

    A caller that builds again and again (the preview server) passes its own `cache`, kept open between builds,
    `private` when nothing else writes to `output_dir`, and a `memory` of the last plan.
    """
    return _build(options, output_dir, meter, cache, private, memory)


def _guard(output_dir: Path, root: Path) -> None:
    """Refuse an output folder the build may not write into; put back one that a build killed mid-swap left renamed."""
    refused = refusal(output_dir, root)
    if refused:
        problems = Problems()
        problems.error("", 0, "output", refused)
        raise InputError(problems)
    # First, so that a failing build still leaves the last good site.
    recover(output_dir)


def _build(options: Options, output_dir: Path | None, meter: Meter | None, given: Cache | None, private: bool,
           memory: Memory | None) -> Result:
    timings: dict[str, float] = {}
    started = timer.perf_counter()
    problems = Problems()
    if output_dir is not None:
        _guard(output_dir, options.root)
    config = load_config(options.root, problems, options.base_url)
    theme = find_theme(config, problems)
    cache = given or for_site(options.root, options.cache)
    try:
        # Not for the preview (which keeps a memory): it builds only when a file changed.
        current = _inputs(options, config, theme, cache, output_dir, problems) if memory is None else None
        replayed = _replay(options, cache, output_dir, private, current)
        if replayed is not None:
            return replayed
        # The workers key with this process's digest of the code, so that every key of one build agrees.
        with Workers(options.jobs, start_worker, (code(),)) as workers:
            # What was read is saved to the cache once the workers are busy rendering (or as the build stops).
            content = load_content(config, problems, options.drafts, cache, workers, memory.changes if memory else None)
            problems.items.extend(open_warnings(content.vacancies, content.while_open, config, options.now))
            _lap(timings, "load", started)
            try:
                problems = _stop_if_errors(problems, options.strict)
                if theme is None:  # not found: find_theme said so, and _stop_if_errors raised
                    raise InputError(problems)
                output = Output(cache, output_dir, private, options.root)
                try:
                    run, plan = _phases(Phases(options, config, theme, content, cache, meter, memory, workers), output, problems, timings)
                except BaseException:
                    workers.close()  # first, so that no worker is still writing into the staged folder as it goes
                    output.abandon()
                    raise
            finally:
                content.remember()
            lap = timer.perf_counter()
            output.commit()
            # Only a whole build is one to give again: another may have left the search index and open data out of date.
            if current is not None and options.whole:
                after = _inputs(options, config, theme, cache, output_dir, problems)
                if after is not None:
                    remember(cache, current, after, problems.items, Counts.of(plan.site), content.files)
            _lap(timings, "write", lap)
            if memory is not None:
                memory.plan = plan
    finally:
        if given is None:
            cache.close()
    return Result(sorted(run.made), run.written, Counts.of(plan.site), content.files, problems, timings, content.parsed,
                  run.rendered)


def _inputs(options: Options, config: Config, theme: Theme | None, cache: Cache, output_dir: Path | None,
            problems: Problems) -> Inputs | None:
    """What a build that writes a site is made from, to know it again; None when it cannot be known."""
    if output_dir is None or theme is None or problems.errors or not cache.persistent:
        return None
    asked = (options.now, options.base_url, options.strict, options.drafts)
    return inputs(config, theme, asked, output_name(output_dir, options.root))


def _replay(options: Options, cache: Cache, output_dir: Path | None, private: bool, current: Inputs | None) -> Result | None:
    """The last good build again, if it was made from these very inputs and its site is still in place untouched."""
    last = last_build(cache) if current is not None else None
    if last is None or current is None or not last.inputs or last.inputs != current.digest or output_dir is None:
        return None
    output = Output(cache, output_dir, private, options.root)
    try:
        if not output.intact() or output.saved is None:
            return None
        return Result(sorted(output.saved.files), 0, last.counts, last.files_read, Problems(list(last.problems)))
    finally:
        output.abandon()


@dataclass(frozen=True)
class Phases:
    """What the index, render and write phases of one build work from."""

    options: Options
    config: Config
    theme: Theme
    content: Content
    cache: Cache
    meter: Meter | None
    memory: Memory | None
    workers: Workers


def _phases(given: Phases, output: Output, problems: Problems, timings: dict[str, float]) -> tuple[Run, Plan]:
    """Index, plan, render what changed and stage it; errors raise before anything is committed."""
    lap = timer.perf_counter()
    options, config, theme, content, cache = given.options, given.config, given.theme, given.content, given.cache
    cache.open()  # the body table, made before any worker looks in it
    staging = output.staging
    setup = Setup(digest(repr(config), theme), config, theme, cache.bodies_path, cache.has_bodies(),
                  staging.folder if staging else None, previous=staging.output_dir if staging and not output.whole else None)
    # The same environment as the last build with these settings, if this process made one: Jinja checks
    # each template's time and compiles again only what changed.
    templates = Templates(renderer_for(setup).env)
    setup = dataclasses.replace(setup, job_posting=templates.uses("vacancy.html", "job_posting"))
    last = given.memory.plan if given.memory else None
    shape = _shape(options, config, theme, content, templates) if given.memory else ""
    site = last.site if last is not None and last.shape == shape else index(content.vacancies, config, options.now)
    run = Run(setup, site, content, output, cache, given.meter, templates)
    plan = run.planned(shape, last, content.vacancies)
    lap = _lap(timings, "index", lap)
    run.render(given.workers, plan, content.remember)
    run.files(theme_files(theme, config.root, problems))
    if options.whole:
        run.open_data(plan.site, content.vacancies)
    else:
        run.keep(OPEN_DATA)
    run.files([(MARKER, MARKER_TEXT)])
    lap = _lap(timings, "render", lap)
    if theme.search and not run.failures:
        if options.whole:
            run.search(problems)
        else:
            run.keep((BUNDLE,))
        _lap(timings, "search", lap)
    _check_outputs(run, problems)
    _stop_if_errors(problems, options.strict)
    return run, plan


def _shape(options: Options, config: Config, theme: Theme, content: Content, templates: Templates) -> str:
    """Everything the pages and their keys depend on but advert texts: when it is unchanged, so is the plan."""
    return digest(code(), options.now, repr(config), theme, [templates.digest(name) for name in TEMPLATES],
                  [(v.source, content.origins[v.source]) for v in content.vacancies])


def _check_outputs(run: Run, problems: Problems) -> None:
    """Template failures, and output paths that are unsafe or taken twice, as problems."""
    for failure in sorted(set(run.failures)):
        problems.error(failure.file, failure.line, "" if failure.kind == CHANGED else "template", failure.message)
    for message in sorted(set(run.unsafe)):
        problems.error("", 0, "", message)
    for rel, count in sorted((rel, count) for rel, count in run.taken.items() if count > 1):
        problems.error("", 0, "", f"{count} pages would be written to {rel}; give them different slugs")


def render_site(options: Options) -> Result:
    """Check and render everything, writing nothing (for `check`)."""
    return build(options, None)
