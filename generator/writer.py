"""The only module that writes to disk: the whole site goes into a fresh folder, then is swapped in."""

from __future__ import annotations

import os
import shutil
from pathlib import Path, PurePosixPath

from generator.slug import RESERVED

# Beside output/: ".output.new-PID" is being written, ".output.old-PID" is the last site during the swap,
# ".output.gone-PID" is being deleted. A build killed part way leaves them behind.
STAGES = ("new", "old", "gone")


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


def write_site(outputs: list[tuple[str, bytes]], output_dir: Path) -> int:
    """Write every file into a new folder beside `output_dir`, then swap it in; returns the file count."""
    paths = [(safe_relative(rel), data) for rel, data in outputs]
    output_dir = output_dir.resolve()
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    recover(output_dir)
    fresh, old = _stage(output_dir, "new", os.getpid()), _stage(output_dir, "old", os.getpid())
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
    if old.exists():
        _discard(old, output_dir)
    return len(paths)
