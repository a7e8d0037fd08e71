"""The build cache in .cache/jobboard/: parsed files, rendered advert bodies and what each output file was made from.

Everything in it is keyed by digests of its inputs, so a stale entry is never used, only left behind; deleting the
folder is always safe. It holds plain data only (JSON and SQLite rows), decoded against the types the build expects:
a cache restored from somewhere else can cost time, never run code. Writes go to a new file that is then renamed, so
a killed build leaves the last whole state.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

import msgspec

FOLDER = Path(".cache") / "jobboard"
FORMAT = 5  # bump when the shape of a state or of a table changes
HEADER = f"jobboard cache {FORMAT}\n".encode()  # first line of every state file
T = TypeVar("T")


def committed(root: Path) -> bool:
    """Whether git tracks any file of the site's build cache: one forced into a commit."""
    if not (root / FOLDER).is_dir():
        return False
    try:
        found = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--", FOLDER.as_posix()], capture_output=True,
                               timeout=60)
    except (OSError, subprocess.SubprocessError):
        return False  # no git: nothing is committed here
    return found.returncode == 0 and bool(found.stdout)


def for_site(root: Path, wanted: bool) -> Cache:
    """The site's build cache, or a scratch one if not wanted or if it came in a commit (it is then not trusted)."""
    if not wanted:
        return Cache(None)
    for folder in (FOLDER.parent, FOLDER):
        if (root / folder).is_symlink() or ((root / folder).exists() and not (root / folder).is_dir()):
            cache = Cache(None)
            cache.warnings.append((folder.as_posix(), "is a link or a file, and the build cache must be a real folder "
                                   "inside the site (through a link it would write elsewhere): it is not used. Delete it"))
            return cache
    if committed(root):
        cache = Cache(None)
        cache.warnings.append((FOLDER.as_posix(), "the build cache is committed to the repository, so anyone who can "
                               "commit could have put anything in it: it is not used. Remove it from the repository "
                               "with `git rm -r --cached .cache`"))
        return cache
    return Cache(root / FOLDER)


class Cache:
    """Saved states by name, as typed JSON, and SQLite tables of parsed files (records) and rendered bodies, by key."""

    def __init__(self, folder: Path | None) -> None:
        # No folder: a private scratch folder that goes when the build ends, so nothing outlives the build.
        self.persistent = folder is not None
        self._scratch = None
        if folder is None:
            self._scratch = tempfile.TemporaryDirectory(prefix="jobboard-cache-")
            folder = Path(self._scratch.name)
        self.folder: Path = folder
        self._db: sqlite3.Connection | None = None
        # States this object last read or wrote, by name, with the file's size and time then: a long-lived cache
        # (the preview server's) reads a state from disk again only if something else changed it.
        self._known: dict[str, tuple[tuple[int, int], Any]] = {}
        self.warnings: list[tuple[str, str]] = []  # (path, message): what was ignored, and why
        self._decoded: dict[str, Any] = {}  # records by key, as records() gave them

    @property
    def bodies_path(self) -> Path:
        """The SQLite file holding rendered advert bodies."""
        return self.folder / f"bodies-{FORMAT}.sqlite"

    def _stamp(self, name: str) -> tuple[int, int] | None:
        try:
            found = (self.folder / f"{name}.json").lstat()
        except OSError:
            return None
        return (found.st_size, found.st_mtime_ns)

    def state(self, name: str, kind: type[T]) -> T | None:
        """A saved state of type `kind`, or None if there is none, or it is from another format, or it is damaged."""
        known = self._known.get(name)
        stamp = self._stamp(name)
        if known is not None and known[0] == stamp:
            return known[1]  # type: ignore[no-any-return]
        if stamp is None:
            return None
        try:
            # Not through a link, and only a plain file: a link to a device or a pipe would never end.
            with open(os.open(self.folder / f"{name}.json", os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK), "rb") as file:
                data = file.read() if stat.S_ISREG(os.fstat(file.fileno()).st_mode) else b""
        except OSError:
            data = b""
        if not data:
            self._damaged(name)
            return None
        if not data.startswith(HEADER):
            if not data.startswith(HEADER[:15]):  # another format of ours is only out of date; anything else is foreign
                self._damaged(name)
            return None
        try:
            state = msgspec.json.decode(data[len(HEADER):], type=kind)
        except (msgspec.DecodeError, msgspec.ValidationError, ValueError, RecursionError):
            self._damaged(name)
            return None
        self._known[name] = (stamp, state)
        return state

    def _damaged(self, name: str) -> None:
        self.warnings.append(((FOLDER / f"{name}.json").as_posix(), "this part of the build cache could not be read (it is "
                              "damaged, or was made by another program), so it was ignored and is made again"))

    def save(self, name: str, state: Any) -> None:
        """Replace a state in one step."""
        if not self.persistent:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / f"{name}.json"
        temporary = target.with_name(f".{target.name}.{os.getpid()}")
        temporary.unlink(missing_ok=True)  # never written through: a link left there would lead elsewhere
        with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644), "wb") as file:
            file.write(HEADER + msgspec.json.encode(state))
        temporary.replace(target)
        stamp = self._stamp(name)
        if stamp is not None:
            self._known[name] = (stamp, state)

    def _bodies(self) -> sqlite3.Connection:
        if self._db is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            # Another format's files, never read again: older versions pickled states and kept compiled templates.
            # And a link where the table or its journal goes: SQLite would write through it.
            # Format 4 kept every record in one state, records.json, rewritten now and then: they are rows now.
            for old in [*self.folder.glob("bodies-*"), *self.folder.glob("*.pickle"), self.folder / "records.json"]:
                if old.is_symlink() or (old.suffix in (".sqlite", ".json") and old != self.bodies_path):
                    old.unlink(missing_ok=True)
            compiled = self.folder / "templates"
            if compiled.is_dir() and not compiled.is_symlink():
                shutil.rmtree(compiled, ignore_errors=True)
            # A cache needs no durability: a lost write only means the body is rendered again.
            self._db = sqlite3.connect(self.bodies_path, isolation_level=None, timeout=60)
            # A rollback journal, not a write-ahead log: new rows are then written once, not to the log and again
            # to the table. Readers in the workers wait (timeout) while this process writes.
            self._db.execute("PRAGMA journal_mode=DELETE")
            self._db.execute("PRAGMA synchronous=OFF")
            self._db.execute("CREATE TABLE IF NOT EXISTS bodies (key TEXT PRIMARY KEY, html BLOB NOT NULL)")
            self._db.execute("CREATE TABLE IF NOT EXISTS records (key TEXT PRIMARY KEY, data BLOB NOT NULL)")
        return self._db

    def open(self) -> None:
        """Make the body table now, before any worker looks in it."""
        self._bodies()

    def has_bodies(self) -> bool:
        """Whether any body is stored (a first build need not look each one up)."""
        return self._bodies().execute("SELECT 1 FROM bodies LIMIT 1").fetchone() is not None

    def store_bodies(self, bodies: Iterable[tuple[str, bytes]]) -> None:
        """Keep rendered bodies, as `pack` made them, by their key."""
        db = self._bodies()
        db.execute("BEGIN")
        db.executemany("INSERT OR IGNORE INTO bodies (key, html) VALUES (?, ?)", bodies)
        db.execute("COMMIT")

    def keep_bodies(self, keys: set[str]) -> None:
        """Forget the bodies no current file has, once they outnumber the ones in use."""
        db = self._bodies()
        db.execute("BEGIN")
        _forget(db, "bodies", keys)
        db.execute("COMMIT")

    def records(self, keys: Iterable[str], kind: type[T], restore: Callable[[T], T] | None = None) -> dict[str, T]:
        """The stored records of these keys, decoded as `kind` and passed through `restore`; a row that is damaged or
        of another shape is left out. A record once decoded is kept in memory, for a cache that lives on (the preview's)."""
        db, wanted = self._bodies(), sorted(set(keys))
        found = {key: self._decoded[key] for key in wanted if isinstance(self._decoded.get(key), kind)}
        missing = [key for key in wanted if key not in found]
        damaged = False
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            query = f"SELECT key, data FROM records WHERE key IN ({','.join('?' * len(chunk))})"
            for key, data in db.execute(query, chunk):
                try:
                    record = msgspec.json.decode(data, type=kind)
                except (msgspec.DecodeError, msgspec.ValidationError, ValueError, TypeError, RecursionError):
                    damaged = True  # the file is read again, and its row replaced
                    continue
                found[key] = self._decoded[key] = restore(record) if restore else record
        if damaged:
            self.warnings.append(((FOLDER / self.bodies_path.name).as_posix(), "some records in the build cache could not be "
                                  "read (damaged, or made by another program): their files were read again"))
        return found

    def store_records(self, records: dict[str, Any], keep: set[str]) -> None:
        """Keep new records by their keys, and forget those no file has once they outnumber the ones in use."""
        self._decoded = {key: record for key, record in {**self._decoded, **records}.items() if key in keep}
        db = self._bodies()
        db.execute("BEGIN")
        db.executemany("INSERT OR REPLACE INTO records (key, data) VALUES (?, ?)",
                       ((key, msgspec.json.encode(record)) for key, record in records.items()))
        _forget(db, "records", keep)
        db.execute("COMMIT")

    def close(self) -> None:
        """Close the body table and remove a scratch cache."""
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._scratch is not None:
            self._scratch.cleanup()


def _forget(db: sqlite3.Connection, table: str, keep: set[str]) -> None:
    """Delete a table's rows whose keys are not in `keep`, once they outnumber the ones kept (inside a transaction)."""
    (count,) = db.execute(f"SELECT count(*) FROM {table}").fetchone()
    if count <= 2 * len(keep) + 100:
        return
    db.execute("CREATE TEMP TABLE IF NOT EXISTS kept (key TEXT PRIMARY KEY)")
    db.execute("DELETE FROM kept")
    db.executemany("INSERT OR IGNORE INTO kept VALUES (?)", ((k,) for k in keep))
    db.execute(f"DELETE FROM {table} WHERE key NOT IN (SELECT key FROM kept)")


class Bodies:
    """Read-only access to the rendered bodies, opened lazily in whichever process needs them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None

    def get(self, key: str) -> str | None:
        """A rendered body, or None if it is not stored (then it is rendered again from its file)."""
        if self._db is None:
            if not self.path.exists():
                return None
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=60)
        try:
            row = self._db.execute("SELECT html FROM bodies WHERE key = ?", (key,)).fetchone()
        except sqlite3.OperationalError:  # the table is still being made
            return None
        if row is None or not isinstance(row[0], bytes):
            return None  # a row of the wrong type (the table came from elsewhere) costs only a render
        try:
            return row[0].decode("utf-8")
        except UnicodeDecodeError:
            return None


def pack(html: str) -> bytes:
    """A rendered body as the body table keeps it."""
    # Not compressed: that took 40 µs a body, more than storing and reading three times the bytes costs.
    return html.encode("utf-8")


_readers: dict[Path, Bodies] = {}


def bodies_at(path: Path) -> Bodies:
    """The body reader for a table, one per process."""
    if path not in _readers:
        _readers[path] = Bodies(path)
    return _readers[path]
