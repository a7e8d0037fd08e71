"""Shared helpers: copy a sample site, run the real command line on it, build each sample site once a run, one Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"
# Fixtures that need Debian's Chromium or a Java runtime: a test that asks for one is marked `browser`.
BROWSER_FIXTURES = {"browser"}


def run(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m generator ARGS` as an editor would, capturing its output."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=cwd or ROOT, env=env, capture_output=True, text=True, timeout=300,
    )


def real_clock_env() -> dict[str, str]:
    """This environment without SOURCE_DATE_EPOCH, so that a build with no --now reads the clock (faked or not)."""
    return {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}


def real_now() -> datetime:
    """What a build run with real_clock_env() takes as now: the clock module's answer without SOURCE_DATE_EPOCH."""
    from generator.model.clock import resolve_now

    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        return resolve_now(None)
    finally:
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved


@pytest.fixture
def empty_site(tmp_path: Path) -> Path:
    """A site with this repository's config.yaml and an empty content/vacancies/, for importing into."""
    site = tmp_path / "site"
    (site / "content" / "vacancies").mkdir(parents=True)
    shutil.copy(ROOT / "config.yaml", site / "config.yaml")
    return site


def copy_site(name: str, into: Path) -> Path:
    """A fresh copy of tests/sites/NAME (or of the repository's own site for "repo")."""
    target = into / name
    if name == "repo":
        target.mkdir()
        shutil.copytree(ROOT / "content", target / "content")
        shutil.copy(ROOT / "config.yaml", target / "config.yaml")
    else:
        shutil.copytree(SITES / name, target)
    return target


@pytest.fixture
def site_copy(tmp_path: Path):
    """Factory: copy a sample site into this test's temporary folder."""
    return lambda name: copy_site(name, tmp_path)


@dataclass(frozen=True)
class Built:
    """A sample site built once for the whole run with the real command line. Read it; never change it."""

    site: Path
    output: Path
    result: subprocess.CompletedProcess[str]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Built]:
    """Factory: `built_site(NAME, NOW, *ARGS)` builds tests/sites/NAME at the clock NOW the first time it is asked for.

    NOW None builds with the real clock: no --now and no SOURCE_DATE_EPOCH.
    """
    done: dict[tuple[str, str | None, tuple[str, ...]], Built] = {}

    def build(name: str, now: str | None, *args: str) -> Built:
        key = (name, now, args)
        if key not in done:
            site = copy_site(name, tmp_path_factory.mktemp(name))
            clock = ["--now", now] if now else []
            result = run("build", "--site", site, *clock, *args, env=None if now else real_clock_env())
            assert result.returncode == 0, f"build failed ({result.returncode}):\n{result.stderr}"
            done[key] = Built(site, site / "output", result)
        return done[key]

    return build


# The browser --------------------------------------------------------------------------------------

def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--delay-pagefind", type=float, default=0.0, metavar="SECONDS",
                     help="serve every pagefind.js the browser tests load SECONDS late, as a slow connection would, "
                          "to catch a test that acts before the search page says it is ready")


def pytest_configure(config: pytest.Config) -> None:
    import subpath

    if config.getoption("--delay-pagefind"):
        subpath.SLOW["pagefind.js"] = config.getoption("--delay-pagefind")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that uses Chromium is a browser test, whether or not its module says so."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


# A test file's browser tests share one Chromium. Not one for the whole run: Playwright's sync API keeps an event
# loop running while it is open, and the watcher tests start asyncio loops of their own.
@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium, launched once for the test file (tests/browser.py)."""
    from browser import chromium

    with chromium() as running:
        yield running
