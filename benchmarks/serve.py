"""Time `jobboard serve` from saving a vacancy file to the browser showing it: `python benchmarks/serve.py --size 10000`."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE)]  # generate.py beside us

from generate import NOW, generate  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
# Generated references end every vacancy's address and file name: "123-ab-000042".
REFERENCE = re.compile(r"(\d{3}-[a-z]{2}-\d{6})/?$")
# The serve log's landmarks: livereload (or our watcher) starts a task, the rebuild ends, a page connects.
STARTED, ENDED, CONNECTED = re.compile(r"Running task"), re.compile(r"^Rebuilt:|Build failed"), re.compile(r"Browser Connected")


class Log:
    """The server's output lines, each with the moment it was read."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[tuple[float, str]] = []
        self.lock = threading.Lock()
        for stream in (process.stdout, process.stderr):
            threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            with self.lock:
                self.lines.append((time.monotonic(), line.rstrip("\n")))

    def first(self, pattern: re.Pattern[str], since: float) -> float | None:
        """When the first line matching pattern was read at or after `since`."""
        with self.lock:
            return next((at for at, line in self.lines if at >= since and pattern.search(line)), None)

    def count(self, pattern: re.Pattern[str]) -> int:
        with self.lock:
            return sum(1 for _, line in self.lines if pattern.search(line))

    def wait(self, condition, seconds: float, what: str) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {what} within {seconds:.0f} s; server said:\n{self.tail()}")
            time.sleep(0.005)

    def tail(self, count: int = 30) -> str:
        with self.lock:
            return "\n".join(line for _, line in self.lines[-count:])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def advert(site: Path, index: str, base: str) -> tuple[str, Path]:
    """The first vacancy the index links to: its address and its file."""
    for href in re.findall(r'href="([^"]*/vacancies/[^"]+)"', index):
        match = REFERENCE.search(href)
        files = list((site / "content" / "vacancies").rglob(f"*-{match.group(1)}.md")) if match else []
        if files:
            return (href if href.startswith("http") else base + href.lstrip("/")), files[0]
    raise RuntimeError("the index links to no generated vacancy")


def measure(log: Log, page, file: Path, timeout: float) -> dict[str, float]:
    """Append a marker sentence to the file; seconds until the page shows it, and where they went."""
    marker = f"Benchmark marker {uuid.uuid4().hex}"
    connections = log.count(CONNECTED)
    start = time.monotonic()
    deadline = start + timeout
    # Each reload is awaited as an event the browser sends, not by asking the page every few ms: on this 2-core
    # machine the asking (a round trip through Playwright's driver into Chromium) took enough CPU to slow the very
    # rebuild being timed. A page counts once its document is parsed (DOMContentLoaded) and holds the marker.
    with page.expect_event("domcontentloaded", timeout=timeout * 1000):
        with file.open("a", encoding="utf-8") as handle:  # one write, as an editor's save
            handle.write(f"\n\n{marker}.\n")
    seen = time.monotonic()  # when the event came, not after the check below
    while not page.evaluate("m => document.body.textContent.includes(m)", marker):
        page.wait_for_event("domcontentloaded", timeout=max(deadline - time.monotonic(), 0.001) * 1000)
        seen = time.monotonic()
    # The next save must wait for the reloaded page's livereload.js, or its reload message would be lost.
    log.wait(lambda: log.count(CONNECTED) > connections, timeout, "livereload connection after the reload")
    times = {"total": seen - start}
    began = log.first(STARTED, start)
    ended = log.first(ENDED, began) if began else None
    if began and ended and ended <= seen:
        times |= {"watcher": began - start, "rebuild": ended - began, "reload": seen - ended}
    return times


def main(argv: list[str] | None = None) -> int:
    """Generate a site, serve it, open a vacancy in Chromium, then time `--runs` saves of its file."""
    parser = argparse.ArgumentParser(description="Time jobboard serve from saving a vacancy file until the browser shows the change.")
    parser.add_argument("--size", type=int, default=1000, metavar="N", help="adverts in the generated site (default: 1000)")
    parser.add_argument("--runs", type=int, default=5, help="saves to time (default: 5)")
    parser.add_argument("--seed", type=int, default=0, help="the generator's seed (default: 0)")
    parser.add_argument("--theme", default="nhsuk", help="the site's theme (default: nhsuk, as shipped)")
    parser.add_argument("--work", type=Path, help="where to generate the site (default: a temporary folder, removed afterwards)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for the first build, and for each reload (default: 600)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="jobboard-serve-bench-")) if args.work is None else args.work.resolve()
    site = work / f"serve-{args.size}"
    shutil.rmtree(site, ignore_errors=True)
    generate(args.size, site, args.seed, args.theme)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--site", str(site), "--port", str(port), "--now", NOW],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ | {"PYTHONUNBUFFERED": "1"},
    )
    log = Log(process)
    try:
        started = time.monotonic()
        log.wait(lambda: process.poll() is not None or fetch(base) is not None, args.timeout, "page")
        if process.poll() is not None:
            raise RuntimeError(f"serve exited with {process.returncode}:\n{log.tail()}")
        print(f"N={args.size:,}: first build and serve {time.monotonic() - started:.1f} s", file=sys.stderr, flush=True)
        url, file = advert(site, fetch(base) or "", base)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page()
            page.goto(url)
            log.wait(lambda: log.count(CONNECTED) > 0, args.timeout, "livereload connection")
            runs = []
            for number in range(args.runs):
                runs.append(measure(log, page, file, args.timeout))
                parts = ", ".join(f"{k} {v:.3f} s" for k, v in runs[-1].items() if k != "total")
                print(f"run {number + 1}/{args.runs}: {runs[-1]['total']:.3f} s" + (f" ({parts})" if parts else ""),
                      file=sys.stderr, flush=True)
            browser.close()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    totals = [r["total"] for r in runs]
    print(f"N={args.size:,}: save-to-reload median {statistics.median(totals):.2f} s (runs: {', '.join(f'{t:.2f}' for t in totals)})")
    split = [r for r in runs if "watcher" in r]
    if split:
        print("  medians: " + ", ".join(f"{k} {statistics.median(r[k] for r in split):.3f} s" for k in ("watcher", "rebuild", "reload"))
              + " (watcher: save to task start; rebuild: task start to its 'Rebuilt:' line; reload: then to the page showing it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
