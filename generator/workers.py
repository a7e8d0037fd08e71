"""Worker processes for the parse and render phases: batches go out, results come back in order."""

from __future__ import annotations

import multiprocessing
import os
import threading
from typing import Any, Callable, Iterator, Sequence

# Below this many items a pool costs more than it saves.
MIN_PARALLEL = 64


def default_jobs() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Workers:
    """A pool of forked processes, started while the parent is still small, or nothing when there is one job."""

    def __init__(self, jobs: int) -> None:
        self.jobs = max(1, jobs)
        self._pool: Any = None

    def start(self) -> None:
        """Fork the pool now, before the parent holds the whole site, so the children stay small."""
        # Forking a process that runs other threads (the preview server's watcher) could copy a held lock.
        if self.jobs > 1 and self._pool is None and threading.active_count() == 1:
            self._pool = multiprocessing.get_context("fork").Pool(self.jobs)

    def map(self, work: Callable[[Any], Any], items: Sequence[Any], batch: int) -> Iterator[Any]:
        """`work(batch)` for consecutive batches of `items`, in order; in the pool when it is running and worth it."""
        batches = [items[i : i + batch] for i in range(0, len(items), batch)]
        if self._pool is None or len(items) < MIN_PARALLEL:
            return map(work, batches)  # lazily, as each result is asked for
        return self._pool.imap(work, batches)  # the pool starts at once; results come in order

    def close(self) -> None:
        """Stop the pool."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
