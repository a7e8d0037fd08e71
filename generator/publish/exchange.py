"""Two folders swapped in one step, where the system can."""

from __future__ import annotations

import ctypes
import errno
import functools
import os
from pathlib import Path

_RENAME_EXCHANGE = 2  # from <linux/fs.h>
_AT_FDCWD = -100


@functools.cache
def _renameat2() -> object | None:
    """The C library's renameat2, which can exchange two paths in one step (Linux, glibc 2.28 and later)."""
    try:
        return ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None


def exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step; False where the system cannot (then the caller renames twice)."""
    call = _renameat2()
    if call is None:
        return False
    if call(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:  # type: ignore[operator]
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):  # a file system that cannot exchange
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def swap(new: Path, output_dir: Path, old: Path) -> None:
    """Put `new` in the place of `output_dir`, which then holds the site that was there, in `new`'s place.

    Where the system cannot exchange them, output/ is renamed to `old` first: a build killed between the two renames
    leaves output/ missing, and the next build puts `old` back.
    """
    if exchange(new, output_dir):
        return
    output_dir.rename(old)
    try:
        new.rename(output_dir)
    except BaseException:
        old.rename(output_dir)
        raise
    old.rename(new)
