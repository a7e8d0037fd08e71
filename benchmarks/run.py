"""Time jobboard and Hugo on generated sites of N adverts: `python benchmarks/run.py --sizes 1000 10000 --runs 3`."""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]  # generate.py and hugo_site.py beside us, the generator package above

from generate import CLOCK, NOW, generate  # noqa: E402
from hugo_site import convert, hugo_binary  # noqa: E402

SCENARIOS = ("cold", "warm", "advert edit", "template edit")
PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Run:
    """One timed command: wall seconds, peak RSS of its process tree and of its largest process, in bytes."""

    seconds: float
    tree_peak: int
    process_peak: int


def _children() -> dict[int, list[int]]:
    """Every process's children, read from /proc."""
    found: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                # The command name may hold spaces and parentheses: the fields start after the last ")".
                ppid = int(stat.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        found.setdefault(ppid, []).append(int(entry.name))
    return found


def _tree_rss(pid: int) -> int:
    """The resident memory of `pid` and all its descendants, in bytes."""
    children, total, todo = _children(), 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            with open(f"/proc/{current}/statm", "rb") as statm:
                total += int(statm.read().split()[1]) * PAGE
        except (OSError, ValueError, IndexError):
            pass
    return total


def measure(command: list[str], cwd: Path) -> Run:
    """Run `command`, sampling its process tree's memory every 20 ms; fails loudly if the command fails."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.02):
            peak[0] = max(peak[0], _tree_rss(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    errors = process.stderr.read()  # type: ignore[union-attr]
    # wait4 gives this child's own rusage: ru_maxrss is its largest single process, in KiB on Linux.
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    stop.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{errors.decode(errors='replace')}")
    return Run(seconds, max(peak[0], usage.ru_maxrss * 1024), usage.ru_maxrss * 1024)


def count_files(folder: Path, since: float = 0.0) -> int:
    """Files under `folder`, or only those modified at or after `since` (a time.time() value)."""
    count = 0
    for parent, _, names in os.walk(folder):
        count += sum(1 for name in names if not since or os.stat(os.path.join(parent, name)).st_mtime >= since)
    return count


def _edit(file: Path, note: str) -> None:
    """Change a file's bytes (and so its mtime), as an editor's save does."""
    with file.open("a", encoding="utf-8") as handle:
        handle.write(note)


@dataclass(frozen=True)
class Tool:
    """How to build one site with one tool, and which files its two edits change."""

    name: str
    site: Path
    command: list[str]
    output: Path
    caches: tuple[Path, ...]
    advert: Path
    template: Path
    template_note: str


def _is_open(file: Path) -> bool:
    """Whether a generated advert is surely open at the clock: posted by then, closing on a later day."""
    data = yaml.safe_load(file.read_text(encoding="utf-8").split("---\n")[1]) or {}
    today = CLOCK.date()
    posted = date.fromisoformat(str(data["posted"]))
    closing = str(data.get("closing") or (posted + timedelta(days=28)).isoformat()).split(" ")[0]
    day = datetime.strptime(closing, "%d/%m/%Y").date() if "/" in closing else date.fromisoformat(closing)
    return not data.get("draft") and posted <= today < day


def edited_advert(site: Path) -> str:
    """The file name of the advert both tools edit: the first open one from the middle on, so that it has a page."""
    adverts = sorted((site / "content" / "vacancies").rglob("*.md"))
    middle = adverts[len(adverts) // 2 :] + adverts[: len(adverts) // 2]
    return next(file for file in middle if _is_open(file)).name


def jobboard(site: Path) -> Tool:
    """jobboard on the generated site, with the theme's vacancy template copied into the site's templates/."""
    theme = "default"
    for line in (site / "config.yaml").read_text(encoding="utf-8").splitlines():
        if line.startswith("theme:"):
            theme = line.split(":", 1)[1].strip()
    (site / "templates").mkdir(exist_ok=True)
    template = site / "templates" / "vacancy.html"
    shutil.copy(ROOT / "themes" / theme / "templates" / "vacancy.html", template)
    adverts = sorted((site / "content" / "vacancies").rglob("*.md"))
    command = [sys.executable, "-m", "generator", "build", "--site", str(site), "--now", NOW, "--quiet"]
    name = edited_advert(site)
    advert = next(file for file in adverts if file.name == name)
    return Tool("jobboard", site, command, site / "output", (site / ".cache",), advert,
                template, "\n{# edited #}\n")


def hugo(site: Path, target: Path) -> Tool | None:
    """Hugo on the same adverts, converted into a Hugo site at `target`; None when Hugo is not installed."""
    binary = hugo_binary()
    if binary is None:
        return None
    convert(site, target)
    advert = target / "content" / "vacancies" / edited_advert(site)  # the conversion keeps each file's name
    # --clock: Hugo's "now", so that it publishes the same adverts as jobboard with --now.
    command = [binary, "--quiet", "--clock", CLOCK.isoformat(), "--source", str(target)]
    return Tool("Hugo", target, command, target / "public", (target / "resources",), advert,
                target / "layouts" / "single.html", "\n{{/* edited */}}\n")


def scenarios(tool: Tool) -> tuple[dict[str, Run], int, int]:
    """One run of every scenario; also the files in the output and the files the advert edit rewrote."""
    for folder in (tool.output, *tool.caches):
        shutil.rmtree(folder, ignore_errors=True)
    runs = {"cold": measure(tool.command, tool.site), "warm": measure(tool.command, tool.site)}
    files = count_files(tool.output)
    _edit(tool.advert, "\nEdited for the benchmark.\n")
    # mtimes have a clock tick's resolution; step past it so that only this build's writes count.
    time.sleep(0.02)
    since = time.time()
    runs["advert edit"] = measure(tool.command, tool.site)
    rewritten = count_files(tool.output, since)
    _edit(tool.template, tool.template_note)
    runs["template edit"] = measure(tool.command, tool.site)
    return runs, files, rewritten


def _mb(size: float) -> str:
    return f"{size / 2**20:,.0f}"


def row(size: int, name: str, trials: list[tuple[dict[str, Run], int, int]]) -> str:
    """One table row: medians over the trials."""
    times = [f"{statistics.median(t[0][s].seconds for t in trials):.2f}" for s in SCENARIOS]
    tree = statistics.median(max(r.tree_peak for r in t[0].values()) for t in trials)
    single = statistics.median(max(r.process_peak for r in t[0].values()) for t in trials)
    files = statistics.median(t[1] for t in trials)
    rewritten = statistics.median(t[2] for t in trials)
    return f"| {size:,} | {name} | {' | '.join(times)} | {_mb(tree)} | {_mb(single)} | {files:,.0f} | {rewritten:,.0f} |"


def main(argv: list[str] | None = None) -> int:
    """Generate each size once, then time every scenario `--runs` times for each tool and print a Markdown table."""
    parser = argparse.ArgumentParser(description="Time jobboard (and Hugo, if installed) on generated sites; print medians as a Markdown table.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 30000], metavar="N", help="advert counts (default: 1000 10000 30000)")
    parser.add_argument("--runs", type=int, default=4, help="repeats of every scenario; the table shows medians (default: 4, "
                        "an even number, so that each tool goes first as often as the other)")
    parser.add_argument("--seed", type=int, default=0, help="the generator's seed (default: 0)")
    parser.add_argument("--theme", default="nhsuk", help="jobboard's theme (default: nhsuk, as config.yaml ships it, with its "
                        "search index; Hugo builds no search index)")
    parser.add_argument("--no-hugo", action="store_true", help="time jobboard only")
    parser.add_argument("--work", type=Path, help="where to generate the sites (default: a temporary folder, removed afterwards)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="jobboard-bench-")) if args.work is None else args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    lines = [
        "| N | Tool | Cold (s) | Warm (s) | One advert edited (s) | One template edited (s) | Peak RSS, tree (MB) "
        "| Peak RSS, largest process (MB) | Files | Files rewritten after the edit |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    try:
        for size in args.sizes:
            site = work / f"jobboard-{size}"
            shutil.rmtree(site, ignore_errors=True)
            generate(size, site, args.seed, args.theme)
            tools = [t for t in [jobboard(site)] + ([] if args.no_hugo else [hugo(site, work / f"hugo-{size}")]) if t]
            trials: dict[str, list[tuple[dict[str, Run], int, int]]] = {tool.name: [] for tool in tools}
            # The tools take turns, and which goes first alternates, so that a machine that slows down or speeds up
            # during the run (this one's file system does) weighs on both alike.
            for number in range(args.runs):
                for tool in tools if number % 2 == 0 else tools[::-1]:
                    trials[tool.name].append(scenarios(tool))
                    print(f"N={size:,} {tool.name} run {number + 1}/{args.runs}: "
                          + ", ".join(f"{s} {r.seconds:.2f} s" for s, r in trials[tool.name][-1][0].items()), file=sys.stderr, flush=True)
            lines += [row(size, tool.name, trials[tool.name]) for tool in tools]
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    hugo_version = ""
    if not args.no_hugo and hugo_binary():
        hugo_version = subprocess.run([hugo_binary(), "version"], capture_output=True, text=True).stdout.split()[1].split("-")[0]
    print(f"Medians of {args.runs} run(s); seed {args.seed}; theme {args.theme}; clock {NOW}; {os.cpu_count()} CPUs; "
          f"Python {platform.python_version()}"
          + (f"; Hugo {hugo_version}" if hugo_version else "") + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
