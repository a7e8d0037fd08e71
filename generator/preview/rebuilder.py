"""The preview's builds: each save builds the site again into a private folder, keeping the last good one."""

from __future__ import annotations

import gc
import html
import sys
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from generator.build import Memory, Options, build
from generator.cache.store import for_site
from generator.console.annotation import report
from generator.load.content import Changes
from generator.model.problems import InputError
from generator.publish.banner import mark_pages, unmark_pages

# Builds between the times the objects kept from build to build are handed back to the garbage collector (below).
THAW_EVERY = 25


def error_banner(messages: list[str]) -> bytes:
    """An alert shown at the top of every page while the site cannot be rebuilt."""
    items = "".join(f"<li>{html.escape(m)}</li>" for m in messages)
    return (
        '<div role="alert" id="jobboard-build-error" style="background:#fff;border:4px solid #d5281b;'
        'padding:8px 16px;margin:0;font-family:monospace;white-space:pre-wrap">'
        "<h2>The site could not be rebuilt; you are seeing the last good version</h2>"
        f"<ul>{items}</ul><p>Fix the file and save it: the page reloads by itself.</p></div>"
    ).encode("utf-8")


class Preview:
    """Rebuilds the site into a private folder, keeping the last good build when one fails."""

    def __init__(self, options: Options, folder: Path, unwatched: Sequence[str] = ()) -> None:
        self.options, self.folder, self.unwatched = options, folder, unwatched
        self.originals = folder.parent / "last-good"
        self.cache = for_site(options.root, options.cache)
        self.memory = Memory()
        self.whole = False  # whether the files made from every advert are as up to date as the pages
        self.builds = 0
        self.watched = False  # whether the last good build began after the watcher did, so it saw every change since
        self.unsettled: set[str] = set()  # the changes the watcher told of since the last good build

    def rebuild(self, whole: bool = False, changed: Iterable[str] | None = None) -> bool:
        """Build again; on failure serve the last good site with the errors on every page.

        The files made from every advert (the search index, the open data) are left as they are unless `whole` is
        given: they are made again when the browser asks for one, so that a save shows without waiting for them.
        `changed` is what the watcher saw change: once it has watched since before the last good build, the files it
        saw no change to are not looked at.
        """
        # Put back the pages the last failure marked, exactly as they were, so that they count as unchanged.
        unmark_pages(self.folder, self.originals)
        self.unsettled.update(changed or ())
        told = self.watched and changed is not None
        self.memory.changes = Changes(frozenset(self.unsettled), tuple(self.unwatched)) if told else None
        try:
            options = replace(self.options, whole=whole)
            result = build(options, self.folder, cache=self.cache, private=True, memory=self.memory)
            self.whole = whole
            self.unsettled.clear()
            self.watched = self.watched or changed is not None
        except InputError as exc:
            report(exc.problems)
            print(f"Build failed with {len(exc.problems.errors)} error(s); still serving the last good site.", file=sys.stderr, flush=True)
            mark_pages(self.folder, self.originals, error_banner([str(p) for p in exc.problems.errors]))
            return False
        report(result.problems)
        self.settle()
        print(f"Rebuilt: {len(result.files)} files ({result.written} written), {result.counts.open} open vacancies.", flush=True)
        return True

    def settle(self) -> None:
        """Set aside what this build keeps for the next (its plan, the cache's records) from the garbage collector.

        At 10,000 adverts a full collection walks the 280,000 objects kept for a quarter of a second, and one came in
        about every other save: frozen, they are skipped. Every THAW_EVERY builds they are handed back instead, so that
        garbage among them that only the collector can free (a cycle) is freed at its next full collection.
        """
        self.builds += 1
        if self.builds % THAW_EVERY:
            gc.freeze()
        else:
            gc.unfreeze()
