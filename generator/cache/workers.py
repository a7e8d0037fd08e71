"""Worker processes for the parse and render phases: batches go out, results come back in order.

The pool starts only when a phase has enough work to pay for it, so a build after a small edit never starts one.
Its processes come from a fork server, a fresh process with only jobboard's modules loaded: they do not inherit the
parent's memory (so each stays small however large the site is) or its threads (the preview server has some).
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Any, Callable, Iterator, Sequence

# Below these many items a pool costs more than it saves (measured on two cores with generated sites of 50 to 1,000
# adverts): parsing a file takes a third of a millisecond, so a pool pays only for thousands; a page takes a few, so hundreds.
PARSE_PARALLEL = 2000
RENDER_PARALLEL = 200
# What the fork server imports once, so that each worker starts with it loaded.
PRELOAD = ["generator.build", "generator.load.content"]


def default_jobs() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _context() -> Any:
    """The fork server context, set to preload jobboard's modules."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


class Workers:
    """A pool of processes from the fork server, started on first use, or nothing when there is one job."""

    def __init__(self, jobs: int, initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()) -> None:
        self.jobs = max(1, jobs)
        self.initializer, self.initargs = initializer, initargs  # run in each worker as it starts
        self._pool: Any = None

    def _start(self) -> Any:
        """The pool, started on first use."""
        if self._pool is None:
            self._pool = _context().Pool(self.jobs, self.initializer, self.initargs)
        return self._pool

    def map(self, work: Callable[[Any], Any], items: Sequence[Any], batch: int, least: int) -> Iterator[Any]:
        """`work(batch)` for consecutive batches of `items`, in order; in the pool when there are jobs and `least` items."""
        batches = [items[i : i + batch] for i in range(0, len(items), batch)]
        if self.jobs < 2 or len(items) < least:
            return map(work, batches)  # lazily, as each result is asked for
        return self._start().imap(work, batches)  # the workers start at once; results come in order

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
