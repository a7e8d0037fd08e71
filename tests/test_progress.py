"""What `build` prints: plain progress lines and a summary in logs, a bar and a drawn table on a terminal, nothing with --quiet."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import ROOT, run
from sitetools import at, build, config, feed_files, html_files, sources

NOW = "2026-03-01T09:00"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
PHASES = ["Load and check (s)", "Index and plan (s)", "Render (s)", "Write (s)", "Total (s)"]


def planned(output: Path) -> int:
    """What the render phase counts: pages, each feed as RSS, Atom and JSON Feed, and the closing-date calendars."""
    twins = [f for name in ("atom.xml", "feed.json") for f in output.rglob(name)]
    return len(html_files(output)) + len(feed_files(output)) + len(twins) + len(list(output.rglob("*.ics")))


def expected(site: Path) -> dict[str, int]:
    """The summary's counts, worked out from the source files and the built output, not from the build's own report."""
    output, now = site / "output", at(NOW)
    soon = timedelta(days=config(site).get("closing_soon_days", 7))
    published = [s for s in sources(site) if s.published(now)]
    opened = [s for s in published if s.is_open(now)]
    files = [f for f in output.rglob("*") if f.is_file()]
    pages, feeds = len(html_files(output)), len(feed_files(output))
    return {
        "Pages": pages, "Feeds": feeds, "Other files": len(files) - pages - feeds, "Files written": len(files),
        "Vacancy files read": len(list((site / "content" / "vacancies").rglob("*.md"))),
        "Adverts open": len(opened), "Closing soon": sum(s.closing <= now + soon for s in opened),
        "Adverts closed": len(published) - len(opened),
        "Trusts": len([d for d in (output / "trusts").iterdir() if d.is_dir()]),
        "Bands": len([d for d in (output / "bands").iterdir() if d.is_dir()]),
    }


def table(text: str) -> dict[str, str]:
    """The summary's rows, label to value, from plain lines or from rich's drawn table."""
    rows = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in re.split(r"\s{2,}|│", line) if cell.strip()]
        if len(cells) == 2:
            rows[cells[0]] = cells[1]
    return rows


@pytest.fixture(scope="module")
def logged(built_site) -> tuple[Path, subprocess.CompletedProcess[str]]:
    built = built_site("board", NOW)
    return built.site, built.result


def test_summary_counts_match_the_built_site(logged):
    site, result = logged
    rows = table(result.stdout)
    assert "Wrote output/" in result.stdout.splitlines()
    assert {label: int(rows[label].replace(",", "")) for label in expected(site)} == expected(site)
    assert expected(site)["Adverts open"] > 0 and expected(site)["Adverts closed"] > 0


def test_summary_gives_the_time_of_each_phase(logged):
    _, result = logged
    rows = table(result.stdout)
    for label in PHASES:
        assert re.fullmatch(r"\d+\.\d\d", rows[label]), f"{label}: {rows.get(label)!r}"


def test_progress_is_plain_lines_when_not_a_terminal(logged):
    site, result = logged
    rendered = planned(site / "output")
    lines = result.stdout.split("Wrote output/\n")[0].splitlines()
    assert lines[0] == f"Rendering {rendered} pages and feeds"
    assert lines[-1] == f"Rendered {rendered} pages and feeds"
    assert all(re.fullmatch(r"Rendered \d+ of \d+ \(\d0%\)", line) for line in lines[1:-1]), lines
    assert result.stderr == ""  # standard error holds only problems, and this site has none
    assert not ANSI.search(result.stdout + result.stderr) and "\r" not in result.stdout + result.stderr


def test_quiet_prints_nothing_on_success(site_copy):
    site = site_copy("unknown-trust")  # its warnings are not errors, so --quiet hides them
    loud = build(site, "--now", NOW)
    assert "warning" in loud.stderr
    result = build(site, "--now", NOW, "--quiet")
    assert (result.stdout, result.stderr) == ("", "")
    assert (site / "output" / "index.html").is_file()


def test_quiet_still_prints_errors(site_copy):
    site = site_copy("broken-all")
    result = run("build", "--site", site, "--now", NOW, "--quiet")
    assert result.returncode == 1
    loud = run("build", "--site", site, "--now", NOW)
    assert ": warning: " in loud.stderr  # the site has warnings as well as errors
    errors = [line for line in loud.stderr.splitlines() if re.match(r"[^ ]+:\d+: ", line) and ": warning: " not in line]
    assert errors and result.stdout == ""
    assert result.stderr.splitlines() == errors + [loud.stderr.splitlines()[-1]]


def in_terminal(*args: str | Path) -> tuple[int, str]:
    """Run `python -m generator ARGS` with a pseudo-terminal as its standard output and error; its exit code and output."""
    main, child = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "40"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen([sys.executable, "-m", "generator", *map(str, args)], cwd=ROOT, env=env,
                               stdin=subprocess.DEVNULL, stdout=child, stderr=child, close_fds=True)
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    return process.wait(timeout=300), b"".join(chunks).decode("utf-8", errors="replace")


def test_terminal_shows_a_bar_and_a_table(site_copy):
    site = site_copy("board")
    code, text = in_terminal("build", "--site", site, "--now", NOW)
    assert code == 0, text
    plain = ANSI.sub("", text).replace("\r\n", "\n")
    rendered = planned(site / "output")
    # The bar redraws one line in place (carriage returns) and ends full, with rich's bar glyphs.
    assert "\r" in plain and "━" in plain
    assert re.search(rf"Rendering\s+━+\s+{rendered}/{rendered}\b", plain), plain
    assert "Rendered " not in plain  # not the plain lines
    assert "Wrote output/" in plain and "┏" not in plain and "│" in plain
    rows = table(plain)
    assert {label: int(rows[label].replace(",", "")) for label in expected(site)} == expected(site)
    assert all(label in rows for label in PHASES)


def test_new_trusts_in_config_are_applied_to_files_the_cache_already_read(site_copy):
    """An unchanged vacancy file is read again when the settings its check depends on change, not served stale."""
    site = site_copy("unknown-trust")
    first = run("build", "--site", site, "--now", NOW)
    assert first.returncode == 0 and "is not a known trust" in first.stderr
    config = site / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "    aliases: [TEWV]", '    aliases: [TEWV, "Tees Esk & Wear Valley NHS Foundation Trust"]'), encoding="utf-8")
    second = run("build", "--site", site, "--now", NOW)
    assert second.returncode == 0 and "is not a known trust" not in second.stderr, second.stderr
