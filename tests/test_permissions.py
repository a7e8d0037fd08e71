"""A file jobboard may not read, or a folder it may not write (output/, .cache/, the site's own), is a message naming
the path, never a traceback, and output/ is left as the last build made it (issue 16's permission cases)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import ROOT, copy_site
from sitetools import build
from test_output_safety import snapshot

NOW = "2026-03-01T09:00"
ADVERT = "content/vacancies/ward-manager.md"
# Root reads and writes whatever the modes say. As root the command runs as root without the two capabilities that
# let it (not as nobody: the interpreter may live where nobody may not go, such as under /root), so modes bind it too.
DROP = "-dac_override,-dac_read_search"
AS_EDITOR = ["setpriv", f"--inh-caps={DROP}", f"--ambient-caps={DROP}", f"--bounding-set={DROP}"] if os.geteuid() == 0 else []


def jobboard(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS` as an editor runs it, for whom a file's mode is the last word."""
    return subprocess.run([*AS_EDITOR, sys.executable, "-m", "generator", *map(str, args)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module", autouse=True)
def modes_bind(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Skip unless a file of mode 000 stops the command here, as it stops an editor."""
    if AS_EDITOR and not shutil.which("setpriv"):
        pytest.skip("running as root, without setpriv (util-linux) to drop the capabilities that override file modes")
    secret = tmp_path_factory.mktemp("probe") / "secret"
    secret.write_text("not for reading", encoding="utf-8")
    secret.chmod(0)
    probe = subprocess.run([*AS_EDITOR, sys.executable, "-c", f"open({str(secret)!r})"], capture_output=True, text=True)
    if probe.returncode == 0 or "PermissionError" not in probe.stderr:
        pytest.skip(f"a file of mode 000 does not stop this user's commands here: {probe.stderr.strip()[-300:] or 'it was read'}")


@pytest.fixture
def chmod() -> Iterator[Callable[[Path, int], None]]:
    """Factory: `chmod(PATH, MODE)`, with every mode put back when the test ends."""
    changed: list[tuple[Path, int]] = []

    def change(path: Path, mode: int) -> None:
        changed.append((path, path.stat().st_mode & 0o7777))
        path.chmod(mode)

    yield change
    for path, mode in reversed(changed):
        path.chmod(mode)


def built(tmp_path: Path, extras: tuple[str, ...] = ()) -> Path:
    """The board sample site, built once as the editor: with a static file or a theme of its own if `extras` asks."""
    site = copy_site("board", tmp_path)
    if "static" in extras:
        (site / "static").mkdir()
        (site / "static" / "logo.txt").write_text("a logo", encoding="utf-8")
    if "theme" in extras:
        shutil.copytree(ROOT / "themes" / "default", site / "themes" / "default")
    first = jobboard("build", "--site", site, "--now", NOW)
    assert first.returncode == 0, first.stderr
    return site


def edit(site: Path) -> None:
    """Retitle one advert, which changes its page and every listing that shows it."""
    advert = site / ADVERT
    advert.write_text(advert.read_text(encoding="utf-8").replace("title: Ward Manager", "title: Senior Ward Manager"),
                      encoding="utf-8")


def clean_build(site: Path, into: Path) -> dict[str, bytes | None]:
    """The site a first build of the edited sources makes, with every permission: what a good build must publish."""
    copy = into / "clean"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("output", ".cache", ".output.*"))
    for folder in [copy, *copy.rglob("*")]:
        if folder.is_dir():
            folder.chmod(0o755)
    build(copy, "--now", NOW)
    return snapshot(copy / "output")


def failed_safely(result: subprocess.CompletedProcess[str], site: Path, named: str, before: dict[str, bytes | None],
                  tmp_path: Path) -> None:
    """No traceback; failed naming `named` with output/ as it was, or succeeded with output/ the whole edited site."""
    assert "Traceback" not in result.stderr, result.stderr
    if result.returncode != 0:
        assert named in result.stderr, result.stderr
        assert snapshot(site / "output") == before, "a failed build changed output/"
    else:
        assert snapshot(site / "output") == clean_build(site, tmp_path), "a build that succeeded published a mixed site"


UNREADABLE = [
    pytest.param(ADVERT, id="a vacancy file"),
    pytest.param("content/vacancies", id="the vacancies folder"),
    pytest.param("config.yaml", id="config.yaml"),
    pytest.param("static/logo.txt", id="a static file"),
    pytest.param("themes/default/templates/vacancy.html", id="a theme template"),
    pytest.param("static", id="the static folder"),
]


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("rel", UNREADABLE)
def test_an_unreadable_source_is_named_and_the_last_site_stays(tmp_path, chmod, command, rel):
    """A source file or folder of mode 000: fails, no traceback, the path named, output/ untouched."""
    site = built(tmp_path, ("static", "theme"))
    before = snapshot(site / "output")
    chmod(site / rel, 0)
    result = jobboard(command, "--site", site, "--now", NOW)
    assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr
    assert rel in result.stderr, result.stderr
    assert snapshot(site / "output") == before


def read_only_tree(site: Path, chmod: Callable[[Path, int], None], top: str) -> None:
    """Every folder from `top` down made read-only (r-x): nothing in them may be added, replaced or deleted."""
    for folder in sorted(p for p in [site / top, *(site / top).rglob("*")] if p.is_dir()):
        chmod(folder, 0o555)


def lock_output(site: Path, chmod: Callable[[Path, int], None]) -> None:
    """output/ and every folder in it read-only."""
    read_only_tree(site, chmod, "output")


def lock_advert(site: Path, chmod: Callable[[Path, int], None]) -> None:
    """The edited advert's own folder in output/ read-only, and nothing else."""
    chmod(site / "output" / "vacancies" / "ward-manager", 0o555)


def lock_site(site: Path, chmod: Callable[[Path, int], None]) -> None:
    """The site folder, which output/ is in, read-only: no folder may be made or renamed beside output/."""
    chmod(site, 0o555)


# (how output/ is locked, build options, the path the message must name, relative to the site)
@pytest.mark.parametrize("lock,options,named", [
    pytest.param(lock_output, (), "output", id="output/ read-only"),
    pytest.param(lock_output, ("--no-cache",), "output", id="output/ read-only, no cache"),
    pytest.param(lock_advert, (), "output", id="an advert's folder in output/ read-only"),
    pytest.param(lock_advert, ("--no-cache",), "output", id="an advert's folder in output/ read-only, no cache"),
    pytest.param(lock_site, (), "", id="the site folder read-only"),
])
def test_a_folder_the_build_may_not_write_leaves_the_last_site(tmp_path, chmod, lock, options, named):
    """output/ or its folder read-only after a good build: a message naming it and the last site, or the whole new one."""
    site = built(tmp_path)
    before = snapshot(site / "output")
    edit(site)
    lock(site, chmod)
    result = jobboard("build", "--site", site, "--now", NOW, *options)
    failed_safely(result, site, str(site / named), before, tmp_path)


def cache_files(site: Path) -> list[Path]:
    """Every file and folder under .cache/."""
    return sorted((site / ".cache").rglob("*"))


CACHE_CASES = {
    ".cache/ and everything in it read-only": lambda site, chmod: (
        [chmod(f, 0o444) for f in cache_files(site) if f.is_file()], read_only_tree(site, chmod, ".cache")),
    ".cache/jobboard/ read-only": lambda site, chmod: chmod(site / ".cache" / "jobboard", 0o555),
    ".cache/jobboard/ unreadable": lambda site, chmod: chmod(site / ".cache" / "jobboard", 0),
    "every file in .cache/ unreadable": lambda site, chmod: [chmod(f, 0) for f in cache_files(site) if f.is_file()],
}


@pytest.mark.parametrize("lock", list(CACHE_CASES.values()), ids=list(CACHE_CASES))
def test_a_cache_the_build_may_not_use_is_named_without_a_traceback(tmp_path, chmod, lock):
    """A .cache/ the build may not read or write: it fails naming .cache, or warns of it and builds without."""
    site = built(tmp_path)
    before = snapshot(site / "output")
    edit(site)
    lock(site, chmod)
    result = jobboard("build", "--site", site, "--now", NOW)
    assert ".cache" in result.stderr, result.stderr
    failed_safely(result, site, ".cache", before, tmp_path)
