"""Where a site may be written: a folder jobboard made, outside the site's sources, and paths that stay inside it."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from generator.model.slug import RESERVED

# Written into every site, so that a later build knows the folder is one it may replace whole.
MARKER = ".jobboard-site"


MARKER_TEXT = b"jobboard built this folder, and replaces everything in it at every build.\n"


# What the site's own files live in: never a place to write the site.
SOURCES = ("content", "themes", "templates", "static", ".git", ".cache")


class UnsafePath(ValueError):
    """An output path that would leave the output folder."""


def refusal(output_dir: Path, root: Path) -> str | None:
    """Why the site may not be written into `output_dir` (None if it may): a build replaces everything there.

    It must be a real folder (not a link), outside the site's own files, and empty, missing or a site jobboard built.
    """
    if output_dir.is_symlink():
        return (f"{output_dir} is a link to {os.readlink(output_dir)}, and a build replaces everything in the folder it "
                "writes to: delete the link and let the build make a real folder")
    target, site = output_dir.resolve(), root.resolve()
    if site.is_relative_to(target):
        return f"{output_dir} holds the site's own files (config.yaml, content/): write the site to a folder of its own, such as output/"
    for name in SOURCES:
        if target.is_relative_to(site / name):
            return f"{output_dir} is inside the site's {name}/ folder: write the site to a folder of its own, such as output/"
    if not target.exists():
        return None
    if not target.is_dir():
        return f"{output_dir} is a file, not a folder: give a folder for the site, such as output/"
    names = {entry.name for entry in os.scandir(target)}
    # A site built before the marker existed has these three.
    if not names or MARKER in names or {"index.html", "404.html", "vacancies"} <= names:
        return None
    shown = ", ".join(sorted(names)[:3]) + (", …" if len(names) > 3 else "")
    return (f"{output_dir} holds files that jobboard did not make ({shown}), and a build replaces everything in the "
            "folder it writes to: give an empty folder, or one that an earlier build made")


@functools.lru_cache(maxsize=1 << 16)  # the preview server checks the same paths at every save
def check_path(rel: str) -> tuple[str, ...]:
    """The parts of an output path, refused if it could point anywhere but inside the output folder."""
    parts = tuple(rel.split("/"))
    if (not rel or "\x00" in rel or "\\" in rel
            or any(part in ("", ".", "..") or len(part) > 255 or part.split(".")[0].lower() in RESERVED for part in parts)):
        raise UnsafePath(f"refusing to write {rel!r}: it is not a plain path inside the output folder")
    return parts


