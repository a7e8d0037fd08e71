"""The output folder and its spare as the last build left them: what each file was made from, and what this build stages."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.cache.fingerprint import digest
from generator.cache.store import Cache
from generator.publish.writer import Staging, scan, spare_of

Record = dict[str, tuple[str, int, int]]  # each file's key, size and modification time, by its path in the folder


@dataclass(frozen=True)
class Made:
    """What the last build recorded of the output folder and of its spare."""

    files: Record
    spare: Record


def _verified(record: Record, on_disk: dict[str, tuple[int, int]]) -> dict[str, str]:
    """The key of each recorded file that is still as the build wrote it; anything else is written again."""
    return {rel: key for rel, (key, *stat) in record.items() if on_disk.get(rel) == tuple(stat)}


class Output:
    """The output folder as the last build left it, and the files this build stages for it."""

    def __init__(self, cache: Cache, folder: Path | None, private: bool = False, root: Path | None = None) -> None:
        self.cache, self.folder = cache, folder
        # Named by where it is in the site, so that the same site in another folder (a fresh clone) finds its record.
        where = os.path.relpath(folder, root) if folder is not None and root is not None else str(folder)
        self.name = f"output-{digest(where)}"
        saved = cache.state(self.name, Made) if folder else None
        self.staging = Staging(folder) if folder is not None else None  # waits for any other build of this folder
        self.files: Record = {}
        self.made: dict[str, str] = {}
        self.on_disk: dict[str, tuple[int, int]] = {}
        self.previous: set[str] = set(saved.files) if saved else set()
        self.spare: dict[str, str] = {}
        self.spare_files: set[str] = set()
        if saved is None or folder is None or not folder.is_dir():
            self.whole = True
            return
        # A private folder (the preview's) has no other writer, so what the last build recorded is what is there.
        self.on_disk = {rel: (size, mtime) for rel, (_, size, mtime) in saved.files.items()} if private else scan(folder)
        self.made = _verified(saved.files, self.on_disk)
        self.whole = not self.on_disk
        spare = spare_of(folder.resolve())
        if spare.is_dir() and not spare.is_symlink():
            spare_disk = scan(spare)
            self.spare, self.spare_files = _verified(saved.spare, spare_disk), set(spare_disk)

    def fresh(self, rel: str, key: str) -> bool:
        """Whether a file with this key is already in place, so it need not be made."""
        if not self.whole and self.made.get(rel) == key:
            self.files[rel] = (key, *self.on_disk[rel])  # type: ignore[assignment]
            return True
        return False

    def record(self, rel: str, key: str, stat: tuple[int, int] | None) -> None:
        """Note a file this build staged."""
        if stat is not None and self.staging is not None:
            self.staging.staged.add(rel)
            self.files[rel] = (key, *stat)

    def put(self, rel: str, key: str, data: bytes) -> None:
        """Stage a file this build made in this process."""
        if self.staging is not None:
            self.record(rel, key, self.staging.put(rel, data))

    def commit(self) -> None:
        """Put the new site in place in one step, then save what each file was made from."""
        if self.staging is None:
            return
        if self.whole:
            self.staging.commit_whole()
            self.cache.save(self.name, Made(self.files, {}))
            return
        if not self.staging.staged and set(self.files) == set(self.on_disk):
            self.staging.abandon()  # nothing changed
            return
        self.staging.commit_changes({rel: key for rel, (key, *_) in self.files.items()}, self.spare, self.spare_files)
        # The spare now holds the last site: its files as they were verified.
        self.cache.save(self.name, Made(self.files, {rel: (key, *self.on_disk[rel]) for rel, key in self.made.items()}))

    def abandon(self) -> None:
        """Drop what was staged."""
        if self.staging is not None:
            self.staging.abandon()
