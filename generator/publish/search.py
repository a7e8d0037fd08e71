"""The static search index: Pagefind reads the open vacancy pages and gives back its bundle as files."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

from generator.model.problems import Problems
from generator.publish.search_bundle import canonical
from generator.publish.writer import remove
from generator.render.renderer import Output

BUNDLE = "pagefind/"  # the folder of the search index
# The search page brings its own form; Pagefind's ready-made interfaces would only add weight.
UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")


def _linked(source: Path, target: Path) -> bool:
    """Whether `target` is a plain file that is `source` itself (a hard link to it), so it has the same bytes."""
    try:
        found, wanted = os.lstat(target), os.stat(source)
    except OSError:
        return False
    return stat.S_ISREG(found.st_mode) and (found.st_dev, found.st_ino) == (wanted.st_dev, wanted.st_ino)


def _prune(folder: Path, wanted: set[str]) -> None:
    """Delete from the mirror whatever is not one of the wanted files: another page, a link, a stray folder."""
    folders = {rel.rsplit("/", depth)[0] for rel in wanted for depth in range(1, rel.count("/") + 1)}
    todo = [("", str(folder))]
    while todo:
        prefix, path = todo.pop()
        for entry in os.scandir(path):
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False) and rel in folders:
                todo.append((f"{rel}/", entry.path))
            elif rel not in wanted or not entry.is_file(follow_symlinks=False):
                remove(entry.path)


def mirror(pages: list[tuple[str, Path]], folder: Path) -> None:
    """Make `folder` hold exactly these pages, each at its address, as hard links where it can (copies where it cannot).

    The folder is kept between builds, so after one edit only that page is linked again. Each file is checked to be
    the page's own file, so a folder that was tampered with, or came from elsewhere, costs time but never changes
    what is indexed.
    """
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {rel for rel, _ in pages}
    _prune(folder, wanted)
    made: set[str] = set()
    for rel, page in pages:
        target = folder / rel
        if _linked(page, target):
            continue
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.unlink(missing_ok=True)
        try:
            os.link(page, target)
        except OSError:  # another file system, or one without links
            shutil.copyfile(page, target)


def search_index(pages: list[tuple[str, Path]], folder: Path, problems: Problems) -> list[Output]:
    """Pagefind's bundle under pagefind/ for the given pages, each an address and its file (none if there are none).

    `folder` is where the pages are gathered for Pagefind, which reads files, not memory; it is never the site.
    """
    if not pages:
        return []
    mirror(pages, folder)
    with tempfile.TemporaryDirectory(prefix="jobboard-search-") as scratch:
        bundle = Path(scratch) / "bundle"
        try:
            done = subprocess.run(
                [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-path", str(bundle), "--silent"],
                capture_output=True, text=True, timeout=300,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            problems.error("", 0, "", f"search index: could not run Pagefind: {exc}")
            return []
        if done.returncode != 0:
            detail = (done.stderr or done.stdout).strip().splitlines()
            problems.error("", 0, "", "search index: Pagefind failed" + (f": {detail[-1]}" if detail else "")
                           + " (is pagefind[bin] installed? `make build` installs it)")
            return []
        files = {f.relative_to(bundle).as_posix(): f.read_bytes() for f in bundle.rglob("*")
                 if f.is_file() and not f.name.startswith(UNUSED)}
    return sorted((f"{BUNDLE}{rel}", data) for rel, data in canonical(files).items())
