"""Where a site keeps its vacancy files, and how they are listed, in a module light enough for the command line to read first."""

from __future__ import annotations

import os
from itertools import islice
from pathlib import Path
from typing import Iterator

VACANCIES = Path("content") / "vacancies"


def walk(folder: str, prefix: str = "") -> Iterator[tuple[os.DirEntry[str], str]]:
    """Every entry under `folder` but hidden ones, with its path below it, in name order; links to folders are not followed."""
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from walk(entry.path, f"{prefix}{entry.name}/")
        else:
            yield entry, prefix + entry.name


def holds_many(root: Path, count: int) -> bool:
    """Whether the site's vacancy folder holds at least `count` files (looking at no more than that)."""
    try:
        return sum(1 for _ in islice(walk(str(root / VACANCIES)), count)) >= count
    except OSError:
        return False
