"""The last build, remembered: a build whose every input is as the last good build found it makes the same site.

The inputs are the code, the command's options, and every file the build reads: config.yaml, content/, the site's
templates/ and static/, the theme's folder, jobboard's own templates and the npm files the theme copies. Each file is
known by its size, times and inode, as the content cache knows it, and looked at before and after the build.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from time import time_ns
from typing import Any, Iterator

from generator import PACKAGE
from generator.cache.fingerprint import code, digest
from generator.cache.store import Cache
from generator.config.settings import CONFIG_FILE, Config
from generator.index.site import Counts
from generator.load.content import RACY_NS, signature
from generator.model.problems import Problem
from generator.publish.assets import JOBBOARD_ROOT, asset_sources
from generator.render.theme import Theme

STATE = "build"  # the cache state that holds the last good build's inputs and what it reported


@dataclass(frozen=True)
class Finished:
    """What the last good build was made from, and what it reported."""

    inputs: str  # the digest of its inputs, or "" if they are not known
    problems: list[Problem]
    counts: Counts
    files_read: int


def _files(folder: Path) -> Iterator[str]:
    """Every file and link under a folder, in a fixed order, without following links."""
    for path, folders, names in os.walk(folder):
        folders.sort()
        for name in sorted(names):
            yield os.path.join(path, name)
        for name in folders:
            if os.path.islink(os.path.join(path, name)):
                yield os.path.join(path, name)


def _read(config: Config, theme: Theme) -> list[str]:
    """Every file a build of this site reads, as paths."""
    root = config.root
    # The site's templates/ and static/ are looked at even when missing (else one made later would go unseen); the
    # theme's own folders are inside its folder, walked once.
    places = dict.fromkeys([root / "content", root / "templates", root / "static", PACKAGE / "templates",
                            *theme.template_dirs, *theme.static_dirs])
    if theme.folder is not None:
        places = {place: None for place in places if not place.is_relative_to(theme.folder)} | {theme.folder: None}
    files = [str(root / CONFIG_FILE)]
    for place in places:
        files += _files(place)
    return files + [str(source) for source in asset_sources(theme.assets, (root, JOBBOARD_ROOT))]


@dataclass(frozen=True)
class Inputs:
    """The digest of everything a build is made from, and the newest modification time among its files."""

    digest: str
    newest: int


def inputs(config: Config, theme: Theme, options: Any, output: str) -> Inputs:
    """Everything a build of this site with these options is made from, as it is now."""
    signatures = []
    for file in _read(config, theme):
        try:
            found = signature(os.lstat(file))
        except OSError:
            found = ()
        signatures.append((file, found))
    return Inputs(digest(code(), options, output, signatures), max((s[1] for _, s in signatures if s), default=0))


def last_build(cache: Cache) -> Finished | None:
    """What the last good build was made from, if it is known."""
    return cache.state(STATE, Finished)


def remember(cache: Cache, before: Inputs, after: Inputs, problems: list[Problem], counts: Counts, files_read: int) -> None:
    """Keep what this good build was made from and what it reported, if its inputs held still while it ran.

    A file changed within two seconds of being looked at might change again and keep its size and times: then the
    build is not remembered, and the next one runs in full.
    """
    if before.digest != after.digest or after.newest >= time_ns() - RACY_NS:
        cache.save(STATE, Finished("", [], counts, files_read))  # forget the last one: output/ no longer holds it
        return
    # A problem with the cache itself was true of this run only.
    kept = [p for p in problems if not p.path.startswith(".cache/")]
    cache.save(STATE, Finished(after.digest, kept, counts, files_read))
