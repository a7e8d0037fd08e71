"""Load content/vacancies/: every file read and checked, every problem collected."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from time import time_ns
from typing import Callable

from generator.cache.fingerprint import code, digest
from generator.cache.store import Cache
from generator.cache.workers import PARSE_PARALLEL, Workers
from generator.config.settings import Config
from generator.load.checks import check_unique
from generator.load.vacancies import FileRecord, read_file
from generator.model.clock import LONDON
from generator.model.problems import Problem, Problems
from generator.model.vacancy import Vacancy
from generator.source.folders import VACANCIES, inside, walk

STATE = "content"  # the cache state that maps each file to its stat signature and record key
PARSE_BATCH = 32
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class Content:
    """What the content folder holds once checked."""

    vacancies: tuple[Vacancy, ...]
    files: int
    parsed: int = 0  # files read afresh, not taken from the cache
    origins: dict[str, str] = field(default_factory=dict)  # each vacancy's source file, to the digest of its fields
    paths: dict[str, str] = field(default_factory=dict)  # each vacancy's source file, to where it is on disk
    remember: Callable[[], None] = lambda: None  # saves to the cache what this load read afresh, once
    while_open: dict[str, tuple[Problem, ...]] = field(default_factory=dict)  # each source's warnings for when it is open


def display_path(file: Path, root: Path) -> str:
    """The path to show an editor: relative to the working folder when inside it."""
    relative = os.path.relpath(file, Path.cwd())
    return relative if not relative.startswith("..") else str(file.relative_to(root))


@dataclass(frozen=True)
class Changes:
    """What a file watcher saw change under the site since the last load, for a caller that keeps one (the preview)."""

    paths: frozenset[str]  # each changed path, as a real (resolved) path
    unwatched: tuple[str, ...] = ()  # patterns of folder names whose changes the watcher does not report


def _files(root: Path, problems: Problems) -> tuple[list[tuple[str, str]], set[str]]:
    """Each vacancy file's path with the path shown for it, in a fixed order; and the shown paths that are links."""
    folder = root / VACANCIES
    if not folder.is_dir():
        problems.warn(str(VACANCIES), 0, "", "no content/vacancies folder; the site will have no vacancies")
        return [], set()
    inside = folder.resolve()
    shown_folder = display_path(folder, root)
    found, links = [], set()
    for entry, below in walk(str(folder)):
        shown = below if shown_folder == "." else f"{shown_folder}/{below}"
        if entry.is_symlink() and not Path(entry.path).resolve().is_relative_to(inside):
            problems.error(shown, 1, "", "is a link to a file outside content/vacancies; copy the file in instead")
        elif not entry.name.lower().endswith(".md"):
            problems.warn(shown, 1, "", "is not a .md file, so it is not read")
        elif entry.is_dir() or not entry.is_file():
            problems.error(shown, 1, "", "is not a regular file")
        else:
            found.append((entry.path, shown))
            if entry.is_symlink():
                links.add(shown)  # its file changes under another name
    return found, links


def _in_doubt(root: Path, files: list[tuple[str, str]], links: set[str], changes: Changes | None) -> set[str] | None:
    """The shown paths of the files that may have changed since the last load: None for all of them (no watcher's word).

    Any file a change was seen at, or inside a folder seen to change (a folder moved in brings no word of its files),
    and any file whose changes the watcher would not see: a link, or a file in a folder it does not watch.
    """
    folder = root / VACANCIES
    real = os.path.realpath(folder)
    content = os.path.realpath(root / VACANCIES.parent)
    if changes is None or os.path.dirname(real) != content:  # content/vacancies is a link: its changes go unseen
        return None
    if any(inside(real, path) for path in changes.paths):
        return None  # the folder itself (or one holding it) changed: each file must be looked at
    changed = {os.path.relpath(path, real) for path in changes.paths if inside(path, real)}
    doubtful: dict[str, bool] = {"": False}

    def folder_in_doubt(name: str) -> bool:
        if name not in doubtful:
            parent, _, last = name.rpartition("/")
            doubtful[name] = (name in changed or any(fnmatchcase(last, pattern) for pattern in changes.unwatched)
                              or folder_in_doubt(parent))
        return doubtful[name]

    start = len(str(folder)) + 1
    return set(links) | {shown for file, shown in files
                         if file[start:] in changed or folder_in_doubt(file[start:].rpartition("/")[0])}


def settings_key(config: Config) -> str:
    """The digest of the settings a record depends on, and of the code."""
    # Only the trusts and max_open_days shape a record, so a new title or base_url does not read every file again.
    return digest(code(), config.trusts, config.max_open_days)


def record_key(raw: bytes, shown: str, settings: str) -> str:
    """The key of a file's record: its bytes, the path shown for it, and the settings_key."""
    return digest(settings, shown, raw)


@dataclass(frozen=True)
class Parsed:
    """A freshly read file: its stat signature, record key and record."""

    shown: str
    signature: tuple[int, ...]
    key: str
    record: FileRecord


# Per process, the first copy of the settings each settings key came with: the trust-name table it builds is then
# built once, not again for the fresh copy every batch brings.
_settings: dict[str, Config] = {}


def _parse_batch(batch: list[tuple[Config, str, str, str]]) -> list[Parsed]:
    """Read and check a batch of files (in a worker process, or in this one); advert texts are rendered with their pages."""
    done = []
    for given, settings, file, shown in batch:
        config = _settings.setdefault(settings, given)
        with open(file, "rb") as handle:
            stat = signature(os.fstat(handle.fileno()))
            raw = handle.read()
        done.append(Parsed(shown, stat, record_key(raw, shown, settings), read_file(raw, shown, config)))
    return done


def signature(stat: os.stat_result) -> tuple[int, ...]:
    """What changes whenever a file's bytes do: size, times and inode."""
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


@dataclass(frozen=True)
class Files:
    """What the last build read: each file's stat signature and record key (the records are rows in the cache)."""

    files: dict[str, tuple[tuple[int, ...], str]]
    saved: int  # when, in nanoseconds: a file changed just before may still show its old size and times
    settings: str


def _restored(record: FileRecord) -> FileRecord:
    """A record as read back from the cache: a closing time is kept as its wall time, and is in Europe/London again."""
    if record.vacancy is None:
        return record
    return dataclasses.replace(record, vacancy=dataclasses.replace(record.vacancy, closing=record.vacancy.closing.replace(tzinfo=LONDON)))


def _candidates(files: list[tuple[str, str]], known: dict[str, tuple[tuple[int, ...], str]], trusted_before: int,
                settings: str, doubt: set[str] | None
                ) -> tuple[dict[str, tuple[tuple[int, ...], str]], list[tuple[str, str]]]:
    """Each file the last build read, with its signature and its record's key now; and the files it did not read.

    A file the watcher vouches for (not in `doubt`, when that is given) is taken as the last build read it, unlooked at.
    """
    found: dict[str, tuple[tuple[int, ...], str]] = {}
    todo = []
    for file, shown in files:
        previous = known.get(shown)
        if doubt is not None and previous is not None and shown not in doubt:
            found[shown] = previous
            continue
        stat = signature(os.stat(file))
        if previous is None:
            todo.append((file, shown))
        elif previous[0] == stat and stat[1] < trusted_before:
            found[shown] = previous  # unchanged since the last build read it: not even read
        else:
            # Changed, or touched (a fresh clone gives every file a new time): the key says whether its bytes did.
            found[shown] = (stat, record_key(Path(file).read_bytes(), shown, settings))
    return found, todo


def load_content(config: Config, problems: Problems, drafts: bool = False, cache: Cache | None = None,
                 workers: Workers | None = None, changes: Changes | None = None) -> Content:
    """Read and check every vacancy file under content/vacancies/, reusing what the cache holds for unchanged files.

    What was read afresh is saved to the cache when the caller calls the result's `remember` (a build does so once its
    workers are busy). `changes`, from a watcher that has watched since before the last load, spares looking at the
    files it saw no change to.
    """
    cache = cache or Cache(None)
    saved = cache.state(STATE, Files)
    files, links = _files(config.root, problems)
    settings = settings_key(config)
    # An unchanged file may skip even the read only while the code and settings its record was made with still hold:
    # a new jobboard (or new trusts in config.yaml) checks every file again.
    known = saved.files if saved and saved.settings == settings else {}
    # A file changed within this window of the last save might have kept its size and times: read it again.
    found, todo = _candidates(files, known, (saved.saved if saved else 0) - RACY_NS, settings,
                              _in_doubt(config.root, files, links, changes))
    records = cache.records((key for _, key in found.values()), FileRecord, _restored)
    paths = {shown: file for file, shown in files}
    todo += [(paths[shown], shown) for shown, (_, key) in found.items() if key not in records]
    fresh: dict[str, FileRecord] = {}
    todo_items = [(config, settings, f, s) for f, s in todo]
    for batch in (workers or Workers(1)).map(_parse_batch, todo_items, PARSE_BATCH, PARSE_PARALLEL):
        for parsed in batch:
            found[parsed.shown] = (parsed.signature, parsed.key)
            fresh[parsed.key] = parsed.record
    for path, message in cache.warnings:
        problems.warn(path, 0, "", message)
    cache.warnings.clear()
    records.update(fresh)
    ordered = [records[found[shown][1]] for _, shown in files]
    pending = fresh or found != known

    def remember() -> None:
        nonlocal pending
        if pending:
            pending = False
            current = {key for _, key in found.values()}
            cache.store_records(fresh, current)
            cache.keep_bodies({v.body_key for key in current if (v := records[key].vacancy) is not None})
            cache.save(STATE, Files(found, time_ns(), settings))

    for record in ordered:
        problems.items.extend(record.problems)
    check_unique(ordered, problems)
    kept = tuple(r.vacancy for r in ordered if r.vacancy and (drafts or not r.vacancy.draft))
    return Content(kept, len(files), len(todo), {r.vacancy.source: r.fields for r in ordered if r.vacancy},
                   {v.source: paths[v.source] for v in kept}, remember,
                   {r.vacancy.source: r.while_open for r in ordered if r.vacancy and r.while_open})
