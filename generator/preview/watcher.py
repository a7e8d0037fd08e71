"""A livereload watcher told of changes by inotify (through watchfiles) instead of polling every file's mtime."""

from __future__ import annotations

import atexit
import logging
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from inspect import signature
from pathlib import Path

import watchfiles
from tornado.ioloop import IOLoop

from generator.source.folders import inside

logger = logging.getLogger("livereload")

# Folders whose changes never need a rebuild: version control, caches, build output, tools' own state.
IGNORED_DIRS = (".git", ".hg", ".svn", ".cvs", ".cache", "output", ".output*", "node_modules", "__pycache__",
                ".venv", ".idea", ".vscode", ".pytest_cache", ".mypy_cache")
# Editors' lock, swap, backup and probe files: emacs .#x and #x#, vim .x.swp, .x.swpx and 4913, x~, JetBrains, gedit.
IGNORED_NAMES = (".#*", "#*#", "*.sw?", "*.swpx", "*~", "4913", "*___jb_???___", ".goutputstream-*", ".DS_Store",
                 "*.py[cod]")
# A save is a burst of events within a few ms (write a temporary file, rename it over the old one, chmod): a
# batch ends once STEP_MS pass with no event, or after DEBOUNCE_MS while events keep coming (a git checkout).
STEP_MS, DEBOUNCE_MS = 30, 500
# How long watchfiles waits for a change before it yields an empty batch: the first batch, empty or not, shows that
# its watches are set up (it makes them before it waits), which start() waits for.
READY_MS = 100
MAGIC = re.compile(r"[*?[]")


@dataclass(frozen=True)
class Target:
    """One watched path: the folder watched for it, and which changed paths belong to it."""

    kind: str  # "folder" (with everything under it), "file" or "glob"
    base: str
    pattern: str

    @classmethod
    def of(cls, path: str) -> Target:
        """The target for a path given to watch()."""
        full = os.path.realpath(path)
        if MAGIC.search(full):
            parts = full.split(os.sep)
            cut = next(i for i, part in enumerate(parts) if MAGIC.search(part))
            return cls("glob", os.sep.join(parts[:cut]) or os.sep, full)
        if os.path.isdir(full):
            return cls("folder", full, full)
        # A file's folder is watched, not the file: editors save by renaming a new file over it.
        return cls("file", os.path.dirname(full), full)

    @property
    def recursive(self) -> bool:
        """Whether the base must be watched with all its sub-folders."""
        rest = os.path.relpath(self.pattern, self.base)
        return self.kind == "folder" or (self.kind == "glob" and (os.sep in rest or "**" in rest))

    def covers(self, path: str, ignored_dirs: list[str]) -> bool:
        """Whether a change to path concerns this target and is not in an ignored folder or an editor's file."""
        if self.kind == "folder":
            hit = inside(path, self.pattern)
        else:
            hit = path == self.pattern if self.kind == "file" else fnmatchcase(path, self.pattern)
        if not hit:
            return False
        # Relative to the base, so that a site kept under, say, ~/output/ is not ignored as a whole.
        parts = os.path.relpath(path, self.base).split(os.sep)
        return not (any(fnmatchcase(part, d) for part in parts for d in ignored_dirs)
                    or any(fnmatchcase(parts[-1], name) for name in IGNORED_NAMES))


def takes_paths(func: Callable) -> bool:
    """Whether a task wants the changed paths, as livereload passes them to a function with a parameter."""
    try:
        return len(signature(func).parameters) > 0
    except (TypeError, ValueError):
        return False


class Watcher:
    """livereload's watcher interface; inotify in background threads finds changes, tasks run on the IOLoop."""

    def __init__(self, root: Path | None = None) -> None:
        # The changed path goes to every browser that has the preview open: below `root`, it is told relative to it,
        # so that no page can learn where the site lives on this computer.
        self.root = root
        self._tasks: dict[str, dict] = {}
        self._targets: dict[str, Target] = {}
        # livereload's Server queues its own ("__livereload__", delay) message here; examine() hands it out first.
        self._changes: list[tuple[str, object]] = []
        self.filepath: str | None = None
        self.ignored_dirs: list[str] = list(IGNORED_DIRS)
        self._lock = threading.Lock()
        self._pending: set[str] = set()
        self._seen: float | None = None
        self._scheduled = False
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._loop: IOLoop | None = None
        self._callback: Callable[[], object] | None = None

    def ignore_dirs(self, *names: str) -> None:
        """Also ignore changes under folders with these names (patterns allowed)."""
        self.ignored_dirs.extend(names)

    def watch(self, path: str, func: Callable | None = None, delay: float | str | None = 0,
              ignore: Callable[[str], bool] | None = None) -> None:
        """Run func when a file, a folder's contents or a glob's matches change; ignore(path) True skips a path."""
        if self._threads:
            raise RuntimeError("watch() must come before start()")
        self._tasks[path] = {"func": func, "delay": delay, "ignore": ignore}

    def start(self, callback: Callable[[], object]) -> bool:
        """Watch every path; callback (livereload's poll_tasks) runs on this IOLoop after each batch. True: no polling."""
        if self._threads:
            return True
        self._loop, self._callback, self._stop = IOLoop.current(), callback, threading.Event()
        self._targets = {path: Target.of(path) for path in self._tasks}
        ready = []
        for recursive, roots in self._roots().items():
            ready.append(threading.Event())
            thread = threading.Thread(target=self._listen, args=(roots, recursive, self._stop, ready[-1]), daemon=True,
                                      name=f"jobboard-watcher-{'trees' if recursive else 'folders'}")
            thread.start()
            self._threads.append(thread)
        for event in ready:
            event.wait(timeout=30)  # so that no change made after start() returns is missed
        atexit.register(self.stop)
        # Hand out what was queued before start (livereload's "__livereload__"), as livereload's INotifyWatcher does.
        self._loop.add_callback(callback)
        return True

    def stop(self) -> None:
        """Stop the background threads: each sees the stop event within STEP_MS."""
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads = []
        atexit.unregister(self.stop)

    def _roots(self) -> dict[bool, list[str]]:
        """The folders to watch with their sub-folders (True) and alone (False), none inside another tree."""
        for path, target in self._targets.items():
            if not os.path.isdir(target.base):
                logger.warning(f"Not watching {path}: {target.base} is not a folder")
        bases = {(t.base, t.recursive) for t in self._targets.values() if os.path.isdir(t.base)}
        trees = {base for base, recursive in bases if recursive}
        trees = {base for base in trees if not any(inside(base, other) for other in trees - {base})}
        folders = {base for base, recursive in bases if not recursive and not any(inside(base, t) for t in trees)}
        return {recursive: sorted(roots) for recursive, roots in ((True, trees), (False, folders)) if roots}

    def _listen(self, roots: list[str], recursive: bool, stop: threading.Event, ready: threading.Event) -> None:
        """Background thread: queue each batch's relevant changes for the IOLoop until stopped."""
        try:
            # No filter of watchfiles' own: the targets decide (an editor's files, ignored folders). watchfiles polls
            # where the environment asks it to (WATCHFILES_FORCE_POLLING: a VM's or a container's shared mount).
            for changes in watchfiles.watch(*roots, watch_filter=None, debounce=DEBOUNCE_MS, step=STEP_MS,
                                            stop_event=stop, rust_timeout=READY_MS, yield_on_timeout=True,
                                            raise_interrupt=False, recursive=recursive, ignore_permission_denied=True):
                ready.set()
                self._queue({path for _, path in changes if self._relevant(path)})
        except Exception:
            logger.exception("The file watcher stopped")
        finally:
            ready.set()

    def _relevant(self, path: str) -> bool:
        """Whether some task's target covers this changed path."""
        return any(target.covers(path, self.ignored_dirs) for target in self._targets.values())

    def _queue(self, paths: set[str]) -> None:
        """Add changes to the next batch; wake the IOLoop unless a wake-up is already on its way."""
        if not paths:
            return
        with self._lock:
            self._pending |= paths
            self._seen = self._seen or time.monotonic()
            if self._scheduled:
                # Changes made while a rebuild runs join the next batch: one rebuild for them all.
                return
            self._scheduled = True
        try:
            self._loop.add_callback(self._callback)
        except RuntimeError:
            self._stop.set()  # the IOLoop is closed: the server has stopped

    def examine(self) -> tuple[str | None, float | str | None]:
        """On the IOLoop: run each task the batch concerns, each function once; return (a changed path, delay)."""
        if self._changes:
            if self._pending:
                self._loop.add_callback(self._callback)  # the batch gets its own turn
            return self._changes.pop()
        with self._lock:
            paths, seen = self._pending, self._seen
            self._pending, self._seen, self._scheduled = set(), None, False
        self.filepath, delays, runs = None, [], {}
        for path, task in self._tasks.items():
            target, ignore = self._targets[path], task["ignore"]
            hits = sorted(p for p in paths if target.covers(p, self.ignored_dirs) and not (ignore and ignore(p)))
            if not hits:
                continue
            # The path livereload.js is told: one that still exists (a save's temporary file is gone).
            self.filepath = self.filepath or self._shown(next((p for p in hits if os.path.exists(p)), hits[0]))
            delays.append(task["delay"])
            if task["func"]:
                runs.setdefault(task["func"], []).extend(hits)
        for func, hits in runs.items():
            self._run(func, sorted(set(hits)), seen)
        return self.filepath, self._delay(delays)

    def _shown(self, path: str) -> str:
        """A changed path as the browser is told it: relative to the site, when it is inside it."""
        if self.root is not None and Path(path).is_relative_to(self.root):
            return Path(path).relative_to(self.root).as_posix()
        return path

    def _run(self, func: Callable, paths: list[str], seen: float | None) -> None:
        """Run one task, logging how long after the change was seen it started and how long it took."""
        name = getattr(func, "name", None) or getattr(func, "__name__", "anonymous")
        started = time.monotonic()
        waited = f"{(started - seen) * 1000:.0f} ms" if seen else "?"
        logger.info(f"Running task: {name} for {len(paths)} change(s) such as {paths[0]}, {waited} after they were seen")
        try:
            func(paths) if takes_paths(func) else func()
        except Exception:
            # A failing task must not stop the watcher or the other tasks.
            logger.exception(f"Task {name} failed")
        logger.info(f"Task {name} took {time.monotonic() - started:.2f} s")

    @staticmethod
    def _delay(delays: list[float | str | None]) -> float | str | None:
        """livereload's reload delay: the longest number given, or "forever" when every task says so."""
        numbers = [d for d in delays if isinstance(d, (int, float)) and not isinstance(d, bool) and d > 0]
        if numbers:
            return max(numbers)
        return "forever" if delays and all(d == "forever" for d in delays) else None
