"""Where a site keeps its vacancy files, and how they are listed, in a module light enough for the command line to read first."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

VACANCIES = Path("content") / "vacancies"


def inside(path: str, folder: str) -> bool:
    """Whether path is folder or lies under it."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def walk(folder: str, prefix: str = "") -> Iterator[tuple[os.DirEntry[str], str]]:
    """Every entry under `folder` but hidden ones, with its path below it, in name order; links to folders are not followed."""
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from walk(entry.path, f"{prefix}{entry.name}/")
        else:
            yield entry, prefix + entry.name


def link_in_the_way(root: Path, target: Path) -> str | None:
    """Why `new` or `import` may not write `target` in content/vacancies/ (None if it may): a link would carry the write elsewhere."""
    for place in (root / "content", root / VACANCIES, target):
        if place.is_symlink():
            return (f"{place.relative_to(root)} is a link to {os.readlink(place)}; jobboard writes only real files in "
                    f"{VACANCIES}/, so nothing was written: replace the link with the file or folder itself")
    return None


def write_new(target: Path, text: str) -> None:
    """Write a vacancy file, never through a link that appeared since it was checked."""
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
