"""The only module that writes the site: new and changed files go into a fresh folder, then into place in one step.

A first build (or one with no record of output/) writes every file into the fresh folder and swaps it in whole.
A later build stages only the files whose bytes change. Beside output/ it keeps a spare: the site as the build before
last left it, sharing every unchanged file with output/ through hard links. The later build brings the spare up to
date (moving in the staged files, linking the files output/ holds and it lacks, deleting the files that went) and
then exchanges the two folders in one rename. So output/ is always a whole site, the last or the new, whenever the
build is killed, and the work is in proportion to what changed, not to the size of the site.
Nothing reaches output/ until every page has rendered, so a failed build leaves the last good site.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from generator.publish.exchange import swap
from generator.publish.safety import check_path

# Beside output/: ".output.new-PID" is being written, ".output.old-PID" is the last site during a two-rename swap,
# ".output.gone-PID" is being deleted. A build killed part way leaves them behind.
STAGES = ("new", "old", "gone")
SPARE = "spare"  # ".output.spare": the site as the build before last left it (see above)


def _stage(output_dir: Path, stage: str, pid: int) -> Path:
    return output_dir.parent / f".{output_dir.name}.{stage}-{pid}"


def _alive(pid: int) -> bool:
    """Whether another process with this id is running, so that its folders are not stale."""
    if pid == os.getpid():
        return False  # a killed build may have had our id; we have made no folder yet
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _leftovers(output_dir: Path) -> dict[str, list[Path]]:
    """The folders that killed builds left beside `output_dir`, by stage."""
    found: dict[str, list[Path]] = {stage: [] for stage in STAGES}
    prefix = f".{output_dir.name}."
    for path in output_dir.parent.iterdir():
        stage, _, pid = path.name.removeprefix(prefix).rpartition("-")
        if (path.name.startswith(prefix) and stage in found and pid.isdigit() and path.is_dir() and not path.is_symlink()
                and not _alive(int(pid))):
            found[stage].append(path)
    return found


def _discard(old: Path, output_dir: Path) -> None:
    """Delete an old site, renaming it first so that a half-deleted one is never taken for a whole one."""
    gone = _stage(output_dir, "gone", os.getpid())
    shutil.rmtree(gone, ignore_errors=True)
    old.rename(gone)
    shutil.rmtree(gone, ignore_errors=True)


def recover(output_dir: Path) -> None:
    """Undo what a killed build left: put the last site back if it was mid-swap, delete the rest."""
    output_dir = output_dir.resolve()
    if not output_dir.parent.is_dir():
        return
    found = _leftovers(output_dir)
    olds = sorted(found["old"], key=lambda p: p.stat().st_ctime_ns)
    # An ".old" folder only ever holds a whole site: it is output/ renamed, and it is renamed away before deletion.
    if olds and not output_dir.exists():
        olds.pop().rename(output_dir)
    for folder in olds:
        _discard(folder, output_dir)
    for folder in found["new"] + found["gone"]:
        shutil.rmtree(folder, ignore_errors=True)


# Folders this process has made or seen during the current build, so each costs one system call at most.
# Forgotten whenever a build starts or ends, since committing moves and deletes folders.
_made_folders: set[str] = set()


def _folder(path: str) -> None:
    """Make a folder and its parents, once per process."""
    if path not in _made_folders:
        try:
            os.mkdir(path)  # its parent is almost always made already: one system call, not makedirs' two
        except FileExistsError:
            pass
        except FileNotFoundError:
            os.makedirs(path, exist_ok=True)
        _made_folders.add(path)


def put(folder: Path, rel: str, data: bytes) -> tuple[int, int]:
    """Write one file under `folder`; returns its size and modification time, to recognise it later."""
    target = os.path.join(folder, *check_path(rel))
    _folder(os.path.dirname(target))
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view):]
        stat = os.fstat(descriptor)
    finally:
        os.close(descriptor)
    return stat.st_size, stat.st_mtime_ns


def holds(folder: str | Path, rel: str, size: int | None, data: bytes) -> bool:
    """Whether the file at `rel` under `folder`, known to be `size` bytes (None: there is none), has exactly `data`."""
    if size != len(data):
        return False
    try:
        with open(os.path.join(folder, *check_path(rel)), "rb") as handle:
            return handle.read() == data
    except OSError:
        return False


def scan(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under `folder` with its size and modification time, by its path inside the folder."""
    found: dict[str, tuple[int, int]] = {}
    todo = [("", str(folder))]
    while todo:
        prefix, path = todo.pop()
        try:
            entries = list(os.scandir(path))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                todo.append((f"{prefix}{entry.name}/", entry.path))
            else:
                stat = entry.stat(follow_symlinks=False)
                found[prefix + entry.name] = (stat.st_size, stat.st_mtime_ns)
    return found


def spare_of(output_dir: Path) -> Path:
    """The spare folder kept beside an output folder."""
    return output_dir.parent / f".{output_dir.name}.{SPARE}"


def remove(path: str) -> None:
    """Remove whatever stands at `path` (a file, a link or a folder, never following a link), and any file standing
    where a parent folder goes."""
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.unlink(path)
    except FileNotFoundError:
        pass
    except NotADirectoryError:
        parent = os.path.dirname(path)
        while not os.path.isdir(parent):
            if os.path.lexists(parent):
                os.unlink(parent)
                break
            parent = os.path.dirname(parent)
    _made_folders.clear()


def _same_file(first: str, second: str) -> bool:
    """Whether two paths are links to one file (a file kept with a new key is often in the spare already)."""
    try:
        one, other = os.lstat(first), os.lstat(second)
    except OSError:
        return False
    return (one.st_dev, one.st_ino) == (other.st_dev, other.st_ino)


def _place(source: str, target: str, link: bool) -> None:
    """Move (or hard-link) a file to `target`, replacing whatever is there; never writes into an existing file."""
    for attempt in (1, 2):
        _folder(os.path.dirname(target))
        try:
            if link:
                os.link(source, target)
            else:
                os.replace(source, target)
            return
        except (FileExistsError, IsADirectoryError, NotADirectoryError, FileNotFoundError):
            if attempt == 2 or not os.path.lexists(source):
                raise
            remove(target)


class Staging:
    """The fresh folder beside the output folder that a build writes into, and the lock that keeps builds apart."""

    def __init__(self, output_dir: Path) -> None:
        self.output_dir = output_dir.resolve()
        self.output_dir.parent.mkdir(parents=True, exist_ok=True)
        # One build at a time commits to a folder: a second waits here until the first has finished.
        self._lock = os.open(self.output_dir.parent, os.O_RDONLY)
        fcntl.flock(self._lock, fcntl.LOCK_EX)
        recover(self.output_dir)
        self.folder = _stage(self.output_dir, "new", os.getpid())
        self.folder.mkdir()
        self.spare = spare_of(self.output_dir)
        self.staged: set[str] = set()
        _made_folders.clear()

    def put(self, rel: str, data: bytes) -> tuple[int, int]:
        """Stage one file."""
        self.staged.add(rel)
        return put(self.folder, rel, data)

    def where(self, rel: str) -> Path:
        """The file as it will be once committed: staged, or already in the output folder."""
        base = self.folder if rel in self.staged else self.output_dir
        return base.joinpath(*check_path(rel))

    def commit_whole(self, linked: Iterable[str] = ()) -> bool:
        """Swap the staged folder in for the output folder, which it holds whole; link these files into a new spare for
        a caller that builds again soon (the preview), so its next build brings only what changed. Whether it did."""
        try:
            if self.output_dir.exists():
                # The last site is now in the staged folder's place.
                swap(self.folder, self.output_dir, _stage(self.output_dir, "old", os.getpid()))
            else:
                self.folder.rename(self.output_dir)
            # The spare was one build behind the last site: it is of no use to the next build.
            if self.spare.is_dir() and not self.spare.is_symlink():
                _discard(self.spare, self.output_dir)
            return self._link_spare(linked)
        finally:
            self.abandon()

    def _link_spare(self, files: Iterable[str]) -> bool:
        """Link each of these files of the output folder into the spare; whether it holds them (none is left if not)."""
        try:
            for rel in files:
                _place(os.path.join(self.output_dir, *check_path(rel)), os.path.join(self.spare, *check_path(rel)), link=True)
        except OSError:  # a file system without links: the next build makes the spare as it goes
            remove(str(self.spare))
            return False
        return self.spare.is_dir()

    def commit_changes(self, site: dict[str, str], spare: dict[str, str], spare_files: set[str]) -> None:
        """Bring the spare to the new site and exchange it with the output folder.

        `site` is every file of the new site with its key, `spare` the files the spare holds as recorded (with their
        keys), and `spare_files` every file in it. A file neither staged nor in the spare is linked from output/.
        """
        try:
            if self.spare.is_symlink() or (self.spare.exists() and not self.spare.is_dir()):
                os.unlink(self.spare)
            self.spare.mkdir(exist_ok=True)
            # Only what the spare does not hold already: after one edit, a few files of thousands.
            for rel in sorted(rel for rel, key in site.items() if rel in self.staged or spare.get(rel) != key):
                if rel in self.staged:
                    _place(os.path.join(self.folder, *check_path(rel)), os.path.join(self.spare, *check_path(rel)), link=False)
                else:
                    source, target = os.path.join(self.output_dir, *check_path(rel)), os.path.join(self.spare, *check_path(rel))
                    if not _same_file(source, target):
                        _place(source, target, link=True)
            self._prune(sorted(spare_files - set(site)))
            swap(self.spare, self.output_dir, _stage(self.output_dir, "old", os.getpid()))
        finally:
            self.abandon()

    def _prune(self, gone: list[str]) -> None:
        """Delete from the spare the files that are no longer part of the site, and the folders that empties."""
        folders = set()
        for rel in gone:
            target = self.spare / rel  # a path read from the folder itself
            remove(str(target))
            folders.update(target.parents)
        # Deepest first, so that a folder emptied by the deletions goes too; the spare itself stays.
        for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
            if folder.is_relative_to(self.spare) and folder != self.spare:
                try:
                    folder.rmdir()
                except OSError:
                    pass  # not empty

    def abandon(self) -> None:
        """Delete the staged folder, and let the next build commit."""
        shutil.rmtree(self.folder, ignore_errors=True)
        _made_folders.clear()
        if self._lock >= 0:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            os.close(self._lock)
            self._lock = -1
