"""The output folder as the last build left it: what each file was made from, and the files this build stages for it."""

from __future__ import annotations

from pathlib import Path

from generator.cache import Cache
from generator.fingerprint import digest
from generator.writer import Staging, scan


class Output:
    """The output folder as the last build left it, and the files this build stages for it."""

    def __init__(self, cache: Cache, folder: Path | None, private: bool = False) -> None:
        self.cache, self.folder = cache, folder
        self.name = f"output-{digest(str(folder))}"
        saved = cache.state(self.name) if folder else {}
        # Only files still as the last build wrote them count as made: anything else is written again.
        # A private folder (the preview's) has no other writer, so what the last build recorded is what is there.
        if private and saved and folder is not None and folder.is_dir():
            on_disk = {rel: (size, mtime) for rel, (_, size, mtime) in saved.get("files", {}).items()}
        else:
            on_disk = scan(folder) if folder is not None and saved and folder.is_dir() else {}
        self.previous: set[str] = set(saved.get("files", {}))
        self.made = {rel: key for rel, (key, *stat) in saved.get("files", {}).items() if on_disk.get(rel) == tuple(stat)}
        self.on_disk = on_disk
        self.whole = not on_disk
        self.staging = Staging(folder) if folder is not None else None
        self.files: dict[str, tuple[str, int, int]] = {}

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

    def commit(self, all_files: set[str]) -> None:
        """Put the staged files in place and forget the rest, then save what each file was made from."""
        if self.staging is None:
            return
        if self.whole:
            self.staging.commit_whole()
        else:
            self.staging.commit_changes(sorted(set(self.on_disk) - all_files))
        if self.staging.staged or set(self.files) != self.previous:
            self.cache.save(self.name, {"files": self.files})

    def abandon(self) -> None:
        """Drop what was staged."""
        if self.staging is not None:
            self.staging.abandon()
