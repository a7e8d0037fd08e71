"""The only module that writes to disk: the whole site goes into a fresh folder, then is swapped in."""

from __future__ import annotations

import os
import shutil
from pathlib import Path, PurePosixPath

from generator.slug import RESERVED



class UnsafePath(ValueError):
    """An output path that would leave the output folder."""


def safe_relative(rel: str) -> PurePosixPath:
    """The output path, refused if it could point anywhere but inside the output folder."""
    path = PurePosixPath(rel)
    if (not rel or "\x00" in rel or "\\" in rel or path.is_absolute()
            or any(part in ("", ".", "..") for part in rel.split("/"))
            or any(part.split(".")[0].lower() in RESERVED or len(part) > 255 for part in path.parts)):
        raise UnsafePath(f"refusing to write {rel!r}: it is not a plain path inside the output folder")
    return path


def write_site(outputs: list[tuple[str, bytes]], output_dir: Path) -> int:
    """Write every file into a new folder beside `output_dir`, then swap it in; returns the file count."""
    paths = [(safe_relative(rel), data) for rel, data in outputs]
    parent = output_dir.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    fresh = parent / f".{output_dir.name}.new-{os.getpid()}"
    old = parent / f".{output_dir.name}.old-{os.getpid()}"
    for leftover in (fresh, old):
        shutil.rmtree(leftover, ignore_errors=True)
    fresh.mkdir()
    try:
        for rel, data in paths:
            target = fresh.joinpath(*rel.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        # The last good site stays in place until the new one is complete.
        if output_dir.exists():
            output_dir.rename(old)
        fresh.rename(output_dir)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        if old.exists() and not output_dir.exists():
            old.rename(output_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return len(paths)
