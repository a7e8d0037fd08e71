"""What `build` shows while it renders and once it has written: a progress bar or plain lines, then a summary table."""

from __future__ import annotations

import os
import sys
from typing import Any, TextIO

from generator.build import Result

STEPS = 10  # plain output reports every tenth of the render phase
PHASES = (("load", "Load and check"), ("index", "Index and plan"), ("render", "Render"), ("search", "Search index"), ("write", "Write"))


def is_terminal(stream: TextIO) -> bool:
    """Whether `stream` is a terminal a bar can redraw in (not a pipe, a file, a CI log or TERM=dumb)."""
    return stream.isatty() and os.environ.get("TERM") != "dumb"


class PlainMeter:
    """Progress as whole lines, for logs: one at the start and one at each tenth."""

    def __init__(self, stream: TextIO) -> None:
        self.stream, self.total, self.done, self.shown = stream, 0, 0, 0

    def start(self, total: int) -> None:
        """Announce the render phase."""
        self.total = total
        print(f"Rendering {total:,} pages and feeds", file=self.stream, flush=True)

    def advance(self, count: int = 1) -> None:
        """Count files; print a line when another tenth is done."""
        self.done += count
        step = self.done * STEPS // max(self.total, 1)
        if step > self.shown and self.done < self.total:
            self.shown = step
            print(f"Rendered {self.done:,} of {self.total:,} ({step * 100 // STEPS}%)", file=self.stream, flush=True)

    def finish(self) -> None:
        """Say the render phase is over."""
        print(f"Rendered {self.done:,} pages and feeds", file=self.stream, flush=True)


class BarMeter:
    """Progress as a rich bar that redraws in place on a terminal."""

    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(TextColumn("Rendering"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                 console=Console(file=stream))
        self.task: Any = None

    def start(self, total: int) -> None:
        """Show the bar."""
        self.progress.start()
        self.task = self.progress.add_task("render", total=total)

    def advance(self, count: int = 1) -> None:
        """Move the bar on."""
        self.progress.advance(self.task, count)

    def finish(self) -> None:
        """Fill the bar to what was rendered, and leave it on the screen."""
        done = self.progress.tasks[0].completed
        self.progress.update(self.task, total=done, completed=done)
        self.progress.stop()


def meter(stream: TextIO = sys.stdout) -> BarMeter | PlainMeter:
    """A bar on a terminal, plain lines anywhere else; on standard output, so standard error holds only problems."""
    return BarMeter(stream) if is_terminal(stream) else PlainMeter(stream)


def rows(result: Result) -> list[tuple[str, str]]:
    """The summary: what was written, the adverts' states, and the time of each phase."""
    names = result.files
    pages = sum(name.endswith(".html") for name in names)
    feeds = sum(name.endswith("feed.xml") for name in names)
    counts = result.counts
    found = [
        ("Pages", pages), ("Feeds", feeds), ("Other files", len(names) - pages - feeds), ("Files in the site", len(names)),
        ("Files written", result.written), ("Vacancy files read", result.files_read),
        ("Vacancy files parsed", result.parsed), ("Advert texts rendered", result.rendered), ("Adverts open", counts.open),
        ("Closing soon", counts.closing_soon), ("Adverts closed", counts.closed),
        ("Trusts", counts.trusts), ("Bands", counts.bands),
    ]
    table = [(label, f"{count:,}") for label, count in found]
    table += [(f"{label} (s)", f"{result.timings[key]:.2f}") for key, label in PHASES if key in result.timings]
    return table + [("Total (s)", f"{sum(result.timings.values()):.2f}")]


def summary(result: Result, output: str, stream: TextIO = sys.stdout) -> None:
    """Print the summary table: drawn by rich on a terminal, aligned plain text anywhere else."""
    table = rows(result)
    if is_terminal(stream):
        from rich.console import Console
        from rich.table import Table

        drawn = Table(title=f"Wrote {output}", title_justify="left", show_header=False)
        drawn.add_column("")
        drawn.add_column("", justify="right")
        for label, value in table:
            drawn.add_row(label, value)
        Console(file=stream).print(drawn)
        return
    width = max(len(label) for label, _ in table)
    lines = [f"Wrote {output}"] + [f"  {label:<{width}}  {value:>10}" for label, value in table]
    print("\n".join(lines), file=stream, flush=True)
