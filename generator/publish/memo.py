"""The last build, remembered: a build whose every input is as the last good build found it makes the same site.

The inputs are the code, the command's options, and every file the build reads: config.yaml, content/, the site's
templates/ and static/, the theme's folder, jobboard's own templates and the npm files the theme copies. Each file is
known by its size, times and inode, as the content cache knows it; a file changed within two seconds of being looked at
might change again and keep all four, so then the build runs in full.
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

    inputs: str  # the digest of its inputs, or "" if a file had changed too lately to be sure of it
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
    places = [root / "content", root / "templates", root / "static", PACKAGE / "templates", *theme.template_dirs,
              *theme.static_dirs]
    if theme.folder is not None:
        places.append(theme.folder)
    files = [str(root / CONFIG_FILE)]
    for place in places:
        files += _files(place)
    return files + [str(source) for source in asset_sources(theme.assets, (root, JOBBOARD_ROOT))]


def inputs(config: Config, theme: Theme, options: Any, output: str) -> str:
    """The digest of everything this build is made from; "" if a file changed too lately to be sure of it."""
    # A file changed within this window might change again and keep its size and times: it is not to be trusted.
    trusted_before = time_ns() - RACY_NS
    signatures = []
    for file in _read(config, theme):
        try:
            found = signature(os.lstat(file))
        except OSError:
            found = ()
        if found and found[1] >= trusted_before:
            return ""
        signatures.append((file, found))
    return digest(code(), options, output, signatures)


def last_build(cache: Cache) -> Finished | None:
    """What the last good build was made from, if it is known."""
    return cache.state(STATE, Finished)


def remember(cache: Cache, current: str, problems: list[Problem], counts: Counts, files_read: int) -> None:
    """Keep what this good build was made from and what it reported."""
    # A problem with the cache itself was true of this run only.
    kept = [p for p in problems if not p.path.startswith(".cache/")]
    cache.save(STATE, Finished(current, kept, counts, files_read))
