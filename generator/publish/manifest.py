"""The output folder and its spare as the last build left them: what each file was made from, and what this build stages."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.cache.fingerprint import digest
from generator.cache.store import Cache
from generator.publish.writer import Staging, holds, scan, spare_of

Record = dict[str, tuple[str, int, int]]  # each file's key, size and modification time, by its path in the folder


@dataclass(frozen=True)
class Made:
    """What the last build recorded of the output folder and of its spare."""

    files: Record
    spare: Record


def _verified(record: Record, on_disk: dict[str, tuple[int, int]]) -> dict[str, str]:
    """The key of each recorded file that is still as the build wrote it; anything else is written again."""
    return {rel: key for rel, (key, *stat) in record.items() if on_disk.get(rel) == tuple(stat)}


def output_name(folder: Path | None, root: Path | None) -> str:
    """The name of an output folder's record in the cache."""
    # Named by where it is in the site, so that the same site in another folder (a fresh clone) finds its record.
    where = os.path.relpath(folder, root) if folder is not None and root is not None else str(folder)
    return f"output-{digest(where)}"


class Output:
    """The output folder as the last build left it, and the files this build stages for it."""

    def __init__(self, cache: Cache, folder: Path | None, private: bool = False, root: Path | None = None) -> None:
        self.cache, self.folder, self.private = cache, folder, private
        self.name = output_name(folder, root)
        saved = cache.state(self.name, Made) if folder else None
        self.staging = Staging(folder) if folder is not None else None  # waits for any other build of this folder
        self.files: Record = {}
        self.made: dict[str, str] = {}
        self.on_disk: dict[str, tuple[int, int]] = {}
        self.previous: set[str] = set(saved.files) if saved else set()
        self.spare: dict[str, str] = {}
        self.spare_files: set[str] = set()
        self.saved: Made | None = None
        if saved is None or folder is None or not folder.is_dir():
            self.whole = True
            return
        # A private folder (the preview's) has no other writer, so what the last build recorded is what is there.
        self.on_disk = {rel: (size, mtime) for rel, (_, size, mtime) in saved.files.items()} if private else scan(folder)
        self.made = _verified(saved.files, self.on_disk)
        self.whole = not self.on_disk
        self.saved = saved

    def intact(self) -> bool:
        """Whether the folder holds exactly the files the last build recorded, each as it was written."""
        if self.saved is None or self.whole:
            return False
        return len(self.made) == len(self.on_disk) == len(self.saved.files)

    def _spare(self) -> None:
        """What the spare holds, looked at only when changes are committed to it."""
        spare = spare_of(self.folder.resolve()) if self.folder is not None else None
        if spare is not None and self.saved is not None and spare.is_dir() and not spare.is_symlink():
            # A private folder's spare has no other writer either.
            spare_disk = ({rel: (size, mtime) for rel, (_, size, mtime) in self.saved.spare.items()} if self.private
                          else scan(spare))
            self.spare, self.spare_files = _verified(self.saved.spare, spare_disk), set(spare_disk)

    def fresh(self, rel: str, key: str) -> bool:
        """Whether a file with this key is already in place, so it need not be made."""
        if not self.whole and self.made.get(rel) == key:
            size, mtime = self.on_disk[rel]
            self.files[rel] = (key, size, mtime)
            return True
        return False

    def record(self, rel: str, key: str, stat: tuple[int, int] | None) -> None:
        """Note a file this build staged."""
        if stat is not None and self.staging is not None:
            self.staging.staged.add(rel)
            self.files[rel] = (key, *stat)

    def put(self, rel: str, key: str, data: bytes) -> bool:
        """Stage a file this build made in this process, unless the file in place has the same bytes; whether it was staged."""
        if self.staging is None:
            return False
        if holds(self.staging.output_dir, rel, self.size_in_place(rel), data):
            self.keep(rel, key)
            return False
        self.record(rel, key, self.staging.put(rel, data))
        return True

    def size_in_place(self, rel: str) -> int | None:
        """The size of the file the last build left at `rel`, if it is still as that build wrote it."""
        return self.on_disk[rel][0] if rel in self.made else None

    def keep(self, rel: str, key: str) -> None:
        """Keep the file in place, now known by this key: it has the bytes this build made for it."""
        size, mtime = self.on_disk[rel]
        self.files[rel] = (key, size, mtime)

    def commit(self) -> None:
        """Put the new site in place in one step, then save what each file was made from."""
        if self.staging is None:
            return
        if self.whole:
            # The preview's folder is built again at every save: a spare linked now spares the first save making one.
            linked = self.staging.commit_whole(self.files if self.private else ())
            self.cache.save(self.name, Made(self.files, self.files if linked else {}))
            return
        if not self.staging.staged and set(self.files) == set(self.on_disk):
            self.staging.abandon()  # no file changed, though some keys may have (a file made again with the same bytes)
            if self.saved is not None and self.files != self.saved.files:
                self.cache.save(self.name, Made(self.files, self.saved.spare))
            return
        self._spare()
        self.staging.commit_changes({rel: key for rel, (key, *_) in self.files.items()}, self.spare, self.spare_files)
        # The spare now holds the last site: its files as they were verified.
        self.cache.save(self.name, Made(self.files, {rel: (key, *self.on_disk[rel]) for rel, key in self.made.items()}))

    def abandon(self) -> None:
        """Drop what was staged."""
        if self.staging is not None:
            self.staging.abandon()
