"""A build with nothing changed since the last good one is that build again: the same site and the same report.

Whatever does change must still be picked up: an advert, a template, a static file, config.yaml, the clock, the
address, or a file in output/ that someone touched. Files are dated an hour back here, as they are in a real site,
since a file changed in the last two seconds is never trusted to be unchanged.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from tinysite import CONFIG, NOW, advert

from generator.build import Options, Result, build
from generator.model.clock import parse_now

HOUR = 3600


def _write(root: Path, files: dict[str, str], age: int = HOUR) -> None:
    """Write files into the site, dated `age` seconds before the file system says they were written."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        stamp = path.stat().st_mtime - age
        os.utime(path, (stamp, stamp))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    config = yaml.safe_dump({**CONFIG, "theme": "default"}, sort_keys=False)
    _write(tmp_path, {
        "config.yaml": config,
        "content/vacancies/staff-nurse.md": advert(closng="2026-03-20"),  # a misspelt field: a warning every build
        "content/vacancies/porter.md": advert(title="Porter", reference="TINY-2"),
        "static/notice.txt": "Opening hours: 9 to 5.\n",
        "templates/404.html": "<!DOCTYPE html><title>Not here</title><p>Nothing here.</p>\n",
    })
    return tmp_path


def _build(root: Path, now: str = NOW, base_url: str | None = None) -> Result:
    return build(Options(root, parse_now(now), base_url=base_url, jobs=1), root / "output")


def _site(root: Path) -> dict[str, bytes]:
    output = root / "output"
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}


def test_a_build_with_nothing_changed_gives_the_same_site_and_the_same_report(site):
    first = _build(site)
    before = _site(site)
    again = _build(site)
    assert again.written == 0 and _site(site) == before
    assert again.files == first.files and again.counts == first.counts and again.files_read == first.files_read == 2
    assert [str(p) for p in again.problems.items] == [str(p) for p in first.problems.items]
    assert any("closng" in str(p) for p in again.problems.items)


@pytest.mark.parametrize(("rel", "text", "where", "expected"), [
    ("content/vacancies/porter.md", advert(title="Hospital Porter", reference="TINY-2"), "vacancies/porter/index.html",
     b"Hospital Porter"),
    ("static/notice.txt", "Opening hours: 8 to 6.\n", "static/notice.txt", b"8 to 6"),
    ("templates/404.html", "<!DOCTYPE html><title>Gone</title><p>That page has gone.</p>\n", "404.html", b"has gone"),
    ("config.yaml", yaml.safe_dump({**CONFIG, "theme": "default", "title": "Other jobs"}, sort_keys=False), "index.html",
     b"Other jobs"),
])
def test_a_changed_input_file_is_built_again(site, rel, text, where, expected):
    _build(site)
    _build(site)
    _write(site, {rel: text}, age=HOUR // 2)
    result = _build(site)
    assert result.written > 0 and expected in _site(site)[where]


def test_a_new_advert_is_built(site):
    _build(site)
    _write(site, {"content/vacancies/pharmacist.md": advert(title="Pharmacist", reference="TINY-3")}, age=HOUR // 2)
    result = _build(site)
    assert result.counts.open == 3 and "vacancies/pharmacist/index.html" in _site(site)


def test_another_clock_or_address_builds_again(site):
    first = _build(site)
    later = _build(site, now="2026-03-25T09:00")  # after both adverts close
    assert later.counts.open == 0 and later.counts.closed == 2 != first.counts.closed
    moved = _build(site, now="2026-03-25T09:00", base_url="https://example.org/other/")
    assert moved.written > 0 and b"https://example.org/other/" in _site(site)["feed.xml"]


@pytest.mark.parametrize("damage", ["delete", "edit", "add"])
def test_a_touched_output_folder_is_put_right(site, damage):
    _build(site)
    before = _site(site)
    page = site / "output" / "index.html"
    if damage == "delete":
        page.unlink()
    elif damage == "edit":
        page.write_bytes(page.read_bytes().replace(b"Tiny jobs", b"Defaced"))
    else:
        (site / "output" / "extra.html").write_text("<p>not ours</p>", encoding="utf-8")
    _build(site)
    assert _site(site) == before
