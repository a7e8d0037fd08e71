"""A build cache that came from somewhere else (a commit, a CI cache) can cost time, never run code or change the site."""

from __future__ import annotations

import os
import pickle
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import jinja2
import pytest
from conftest import run
from test_output_safety import snapshot
from test_server_safety import free_port, start, stop, wait_until_served

from generator.cache.store import HEADER

NOW = "2026-03-01T09:00"
CACHE = Path(".cache") / "jobboard"


class Payload:
    """Unpickled, it creates the marker file: proof that code from the cache ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def clean_site(site: Path, tmp_path: Path) -> dict[str, bytes | None]:
    """The site as a build with no cache at all makes it."""
    result = run("build", "--site", site, "--now", NOW, "--no-cache", "--output", tmp_path / "clean")
    assert result.returncode == 0, result.stderr
    return snapshot(tmp_path / "clean")


def edit_first(site: Path) -> None:
    """Change one advert, so that the next build must look in the cache for the rest."""
    first = sorted((site / "content" / "vacancies").glob("*.md"))[0]
    first.write_text(first.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: Edited ", 1), encoding="utf-8")


def poison_bytecode(site: Path, folder: Path, payload: bytes) -> int:
    """Put a forged compiled template where Jinja's file cache would look for each of the theme's templates."""
    from generator.config.settings import load_config
    from generator.model.problems import Problems
    from generator.render.theme import environment, find_theme

    problems = Problems()
    env = environment(find_theme(load_config(site, problems, None), problems))  # type: ignore[arg-type]
    files = jinja2.FileSystemBytecodeCache(str(folder))
    folder.mkdir(parents=True, exist_ok=True)
    names = env.list_templates()
    for name in names:
        filename = env.loader.get_source(env, name)[1]  # type: ignore[union-attr]
        (folder / (files.pattern % files.get_cache_key(name, filename))).write_bytes(jinja2.bccache.bc_magic + payload)
    return len(names)


def test_a_committed_pickle_or_compiled_template_runs_nothing(site_copy, tmp_path):
    """Older jobboards pickled their states and kept compiled templates: such files, forged, are never loaded."""
    site = site_copy("board")
    marker = tmp_path / "code-ran"
    payload = pickle.dumps(Payload(marker))
    assert run("build", "--site", site, "--now", NOW).returncode == 0
    cache = site / CACHE
    for name in ("content", "records", "output"):
        (cache / f"{name}.pickle").write_bytes(payload)
    assert poison_bytecode(site, cache / "templates", payload) > 5
    edit_first(site)
    for command in ("check", "build"):
        result = run(command, "--site", site, "--now", NOW)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    port = free_port()
    server = start(site, port)
    try:
        wait_until_served(port, server)
    finally:
        stop(server)
    assert not marker.exists(), "code from the cache ran"
    assert snapshot(site / "output") == clean_site(site, tmp_path)


FORGED = {
    "not JSON": b"\x80\x05\x95" + os.urandom(200),
    "another program's JSON": b'{"files": {"content/vacancies/a.md": "x"}}',
    "the right header, the wrong shapes": HEADER + b'{"files": {"a.md": [[1, 2], "k"]}, "records": {"k": '
                                          b'{"vacancy": {"title": ["__import__(\'os\')"]}}}, "base": 1, "saved": "no", '
                                          b'"settings": null}',
    "the right header, cut short": HEADER + b'{"files": {"a.md": [[1, 2], "k"]}, "saved": 1, "setti',
    "the right header, nested a million deep": HEADER + b"[" * 1_000_000,
}


@pytest.mark.parametrize("data", FORGED.values(), ids=FORGED.keys())
def test_a_forged_or_damaged_state_is_ignored_with_a_warning(site_copy, tmp_path, data):
    site = site_copy("board")
    assert run("build", "--site", site, "--now", NOW).returncode == 0
    for state in sorted((site / CACHE).glob("*.json")):
        state.write_bytes(data)
    edit_first(site)
    result = run("build", "--site", site, "--now", NOW, "--strict")  # a damaged cache only costs time, even when strict
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "could not be read" in result.stderr and ".cache/jobboard/" in result.stderr
    assert snapshot(site / "output") == clean_site(site, tmp_path)
    again = run("build", "--site", site, "--now", NOW)
    assert "could not be read" not in again.stderr, "the damaged states were made again"


def forge_rows(site: Path, table: str, column: str, values: list) -> list[str]:
    """Build the site, then put each of `values` in turn into `column` of every row of a cache table; the rows' keys."""
    assert run("build", "--site", site, "--now", NOW).returncode == 0
    [database] = (site / CACHE).glob("bodies-*.sqlite")
    with sqlite3.connect(database) as db:
        keys = [key for (key,) in db.execute(f"SELECT key FROM {table}")]
        db.executemany(f"UPDATE {table} SET {column} = ? WHERE key = ?", [(values[n % len(values)], key) for n, key in enumerate(keys)])
    return keys


def test_body_rows_of_the_wrong_type_are_rendered_again(site_copy, tmp_path):
    """A body table whose rows hold numbers or bytes that are not UTF-8 (forged, or from another program)."""
    site = site_copy("board")
    forge_rows(site, "bodies", "html", [42, b"\xff\xfe"])
    shutil.rmtree(site / "output")  # every page is made again, each body looked up
    result = run("build", "--site", site, "--now", NOW)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert snapshot(site / "output") == clean_site(site, tmp_path)


def test_record_rows_that_are_damaged_or_forged_are_read_again_with_a_warning(site_copy, tmp_path):
    """Rows of the record table that are not JSON, or JSON of another shape: their files are read again."""
    site = site_copy("board")
    keys = forge_rows(site, "records", "data", [b"\x80\x05not json", b'{"vacancy": {"title": ["__import__(\'os\')"]}, "problems": 7}', 42])
    edit_first(site)
    result = run("build", "--site", site, "--now", NOW, "--strict")  # a damaged cache only costs time, even when strict
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "could not be read" in result.stderr and re.search(rf"Vacancy files parsed +{len(keys)}\n", result.stdout)
    assert snapshot(site / "output") == clean_site(site, tmp_path)
    again = run("build", "--site", site, "--now", NOW)
    assert "could not be read" not in again.stderr and re.search(r"Vacancy files parsed +0\n", again.stdout), again.stdout


def test_a_cache_restored_into_a_fresh_copy_gives_the_same_site(site_copy, tmp_path):
    """As the publishing workflow restores .cache/ into a fresh clone, where every file's time is new."""
    site = site_copy("board")
    assert run("build", "--site", site, "--now", NOW).returncode == 0
    fresh = tmp_path / "fresh"
    shutil.copytree(site, fresh, ignore=shutil.ignore_patterns("output", ".output*", ".cache"))
    shutil.copytree(site / ".cache", fresh / ".cache")  # copied: new times, the same bytes
    edit_first(fresh)
    result = run("build", "--site", fresh, "--now", NOW)
    assert result.returncode == 0, result.stderr
    assert re.search(r"Vacancy files parsed +1\n", result.stdout), "only the edited file was parsed again"
    assert snapshot(fresh / "output") == clean_site(fresh, tmp_path)


def git(site: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(site), "-c", "user.name=Editor", "-c", "user.email=editor@example.nhs.uk", *args],
                   check=True, capture_output=True)


def test_a_cache_forced_into_a_commit_is_not_used(site_copy, tmp_path):
    """Well-formed but forged: a committed cache whose records say what the files do not. Ignored, with a warning."""
    site = site_copy("board")
    assert run("build", "--site", site, "--now", NOW).returncode == 0
    for state in (site / CACHE).glob("*.json"):
        state.write_bytes(re.sub(rb'"title":"[^"]*"', b'"title":"Forged by a commit"', state.read_bytes()))
    git(site, "init", "--quiet")
    git(site, "add", "--all")
    git(site, "add", "--force", ".cache")
    git(site, "commit", "--quiet", "-m", "Adverts, and a cache")
    shutil.rmtree(site / "output")
    result = run("build", "--site", site, "--now", NOW)
    assert result.returncode == 0, result.stderr
    assert "the build cache is committed to the repository" in result.stderr
    assert snapshot(site / "output") == clean_site(site, tmp_path)
    assert not any(b"Forged" in data for data in snapshot(site / "output").values() if data)


@pytest.mark.parametrize("link", [".cache", ".cache/jobboard", ".cache/jobboard/bodies-4.sqlite",
                                  ".cache/jobboard/bodies-4.sqlite-journal", ".cache/jobboard/content.json"])
def test_a_link_in_the_cache_is_never_followed(site_copy, tmp_path, link):
    """A link where the cache keeps a folder or a file (restored from an archive, say) leads nowhere: nothing is
    written, read or deleted through it."""
    site = site_copy("board")
    assert run("build", "--site", site, "--now", NOW).returncode == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "precious.sqlite").write_bytes(b"someone else's file")
    (elsewhere / "records.json").write_bytes(b"someone else's file")
    before = snapshot(elsewhere)
    target = site / link
    shutil.rmtree(target) if target.is_dir() else target.unlink(missing_ok=True)
    target.symlink_to(elsewhere if link.count("/") < 2 else elsewhere / "precious.sqlite")
    edit_first(site)
    result = run("build", "--site", site, "--now", NOW)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert snapshot(elsewhere) == before
    assert snapshot(site / "output") == clean_site(site, tmp_path)


def test_pages_forged_where_the_search_gathers_its_pages_never_reach_the_index(site_copy, tmp_path):
    """The cache keeps the pages Pagefind reads as links to the site's own files: a file changed there, a page added,
    or a link to a folder of pages elsewhere is put right or removed before Pagefind reads them."""
    site = site_copy("nhsuk")
    assert run("build", "--site", site, "--now", NOW).returncode == 0
    gathered = site / CACHE / "search-pages"
    pages = sorted(gathered.rglob("index.html"))
    assert pages, "the search gathers the open vacancy pages in the cache"
    forged = pages[0].read_text(encoding="utf-8").replace("<h1", "<p>Forgedword</p><h1", 1)
    pages[0].unlink()
    pages[0].write_text(forged, encoding="utf-8")
    (gathered / "vacancies" / "forged").mkdir()
    (gathered / "vacancies" / "forged" / "index.html").write_text(forged, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere" / "planted"
    elsewhere.mkdir(parents=True)
    (elsewhere / "index.html").write_text(forged, encoding="utf-8")
    (gathered / "vacancies" / "planted").symlink_to(elsewhere)
    edit_first(site)  # so that the search index is made again
    result = run("build", "--site", site, "--now", NOW)
    assert result.returncode == 0, result.stderr
    built = snapshot(site / "output")
    assert built == clean_site(site, tmp_path)
    assert (elsewhere / "index.html").is_file(), "nothing was deleted through the link"
