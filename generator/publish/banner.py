"""The preview's build-error banner: put at the top of every page of the last good site, and taken off again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from generator.publish.writer import scan

CREATED = ".created"  # in the originals folder: pages that did not exist before they were marked


def mark_pages(folder: Path, originals: Path, banner: bytes) -> None:
    """Put `banner` right after each page's <body>, moving every original into `originals` to be put back."""
    originals.mkdir(parents=True, exist_ok=True)
    for rel in scan(folder):
        if not rel.endswith(".html"):
            continue
        page, kept = folder / rel, originals / rel
        data = page.read_bytes()
        if b"<body" not in data:
            continue
        at = data.index(b">", data.index(b"<body")) + 1
        kept.parent.mkdir(parents=True, exist_ok=True)
        os.replace(page, kept)
        page.write_bytes(data[:at] + banner + data[at:])
    if not (folder / "index.html").exists():
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_bytes(b'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Build error</title>'
                                            b"</head><body>" + banner + b"</body></html>")
        (originals / CREATED).write_text("index.html\n", encoding="utf-8")


def unmark_pages(folder: Path, originals: Path) -> None:
    """Undo mark_pages: every original back in place, with its own bytes and times."""
    if not originals.is_dir():
        return
    created = originals / CREATED
    if created.exists():
        for rel in created.read_text(encoding="utf-8").split():
            (folder / rel).unlink(missing_ok=True)
        created.unlink()
    for rel in scan(originals):
        os.replace(originals / rel, folder / rel)
    shutil.rmtree(originals, ignore_errors=True)


