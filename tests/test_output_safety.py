"""Nothing a vacancy file says can make the build write outside output/, or read outside content/."""

from __future__ import annotations

import os
import subprocess

import pytest
from conftest import ROOT, run

from generator.publish.safety import UnsafePath, check_path

VACANCY = """---
title: {title}
trust: {trust}
band: Band 5
reference: {reference}
closing: 2026-12-01
{extra}---
Advert text.
"""


def files_under(folder):
    return {p for p in folder.rglob("*")}


@pytest.mark.parametrize("title,trust,reference,extra", [
    ("../../escape", "../../../tmp/evil", "../../../etc/passwd", ""),
    ("/etc/passwd", "/absolute/trust", "/root/ref", ""),
    ("CON", "NUL", "aux", ""),
    ("x" * 190, "Trust " + "y" * 900, "r" * 99, ""),
    ("Nurse", "Trust", "R-1", "slug: ../../outside\n"),
])
def test_hostile_names_stay_inside_output(site_copy, tmp_path, title, trust, reference, extra):
    site = site_copy("repo")
    for old in (site / "content" / "vacancies").glob("*.md"):
        old.unlink()
    (site / "content" / "vacancies" / "hostile.md").write_text(
        VACANCY.format(title=title, trust=f'"{trust}"', reference=f'"{reference}"', extra=extra), encoding="utf-8")
    before = files_under(tmp_path) - files_under(site)
    result = run("build", "--site", site, "--now", "2026-11-24")
    assert "Traceback" not in result.stderr
    if result.returncode != 0:
        assert "hostile.md:" in result.stderr
    after = files_under(tmp_path) - files_under(site)
    assert after == before, "nothing was written beside the site"
    output = (site / "output").resolve()
    for path in (site / "output").rglob("*") if (site / "output").exists() else []:
        assert path.resolve().is_relative_to(output)
        assert all(len(part) <= 255 for part in path.parts)


def test_symlink_out_of_content_is_refused(site_copy, tmp_path):
    site = site_copy("repo")
    secret = tmp_path / "secret.md"
    secret.write_text(VACANCY.format(title="Secret", trust="T", reference="S-1", extra=""), encoding="utf-8")
    os.symlink(secret, site / "content" / "vacancies" / "linked.md")
    result = run("check", "--site", site)
    assert result.returncode == 1
    assert "linked.md:1: is a link to a file outside content/vacancies" in result.stderr


@pytest.mark.parametrize("rel", ["../x.html", "/etc/passwd", "a/../../b", "", "a//b", "con/index.html", "a\\..\\b", "a\x00b"])
def test_writer_refuses_paths_that_could_leave_the_output_folder(rel):
    with pytest.raises(UnsafePath):
        check_path(rel)


def snapshot(folder) -> dict[str, bytes | None]:
    """Every path under a folder (not following links) with the bytes of each file."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        found[rel] = path.read_bytes() if path.is_file() and not path.is_symlink() else None
    return found


@pytest.mark.parametrize("output", [".", "content", "docs", "content/vacancies", ".git", "output-link", "elsewhere"])
def test_the_build_refuses_a_folder_it_did_not_make_and_touches_nothing(site_copy, tmp_path, output):
    """--output ., content/, a folder of hand-written files, a link to the site: refused, with every file left as it was."""
    site = site_copy("board")
    (site / "docs").mkdir()
    (site / "docs" / "guide.md").write_text("Hand-written.", encoding="utf-8")
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "notes.txt").write_text("Someone's notes.", encoding="utf-8")
    os.symlink(".", site / "output-link")
    target = elsewhere if output == "elsewhere" else output
    before, outside = snapshot(site), snapshot(elsewhere)
    result = run("build", "--site", site, "--now", "2026-03-01T09:00", "--output", target, cwd=site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ": output: " in result.stderr and "nothing was written" in result.stderr
    assert snapshot(site) == before and snapshot(elsewhere) == outside


def test_a_committed_output_link_is_refused_and_ignored_by_git(site_copy):
    site = site_copy("board")
    os.symlink(".", site / "output")
    before = snapshot(site)
    result = run("build", "--site", site, "--now", "2026-03-01T09:00")
    assert result.returncode == 1 and "is a link to" in result.stderr
    assert snapshot(site) == before
    # The repository's own .gitignore leaves out output and .cache whether they are folders or links.
    for name in ("output", ".cache"):
        ignored = subprocess.run(["git", "check-ignore", "--no-index", "-q", name], cwd=ROOT)
        assert ignored.returncode == 0, f"{name} is not ignored"


def test_a_folder_an_earlier_build_made_is_rebuilt(site_copy, tmp_path):
    site = site_copy("board")
    out = tmp_path / "site-out"
    assert run("build", "--site", site, "--now", "2026-03-01T09:00", "--output", out).returncode == 0
    assert (out / ".jobboard-site").is_file()
    again = run("build", "--site", site, "--now", "2026-03-08T09:00", "--output", out, "--no-cache")
    assert again.returncode == 0, again.stderr


@pytest.mark.parametrize("where", ["file", "folder", "static itself"])
def test_a_link_in_static_is_an_error_and_nothing_it_points_at_is_published(site_copy, tmp_path, where):
    """static/env.txt -> /proc/self/environ would publish the build's environment: a link there is refused, named."""
    site = site_copy("board")
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "env.txt").write_text("TOKEN=jobboard-secret-4d1f", encoding="utf-8")
    static = site / "static"
    if where == "static itself":
        os.symlink(secret, static)
        named = "static"
    else:
        static.mkdir()
        (static / "logo.txt").write_text("a real file", encoding="utf-8")
        os.symlink(secret / "env.txt" if where == "file" else secret, static / ("env.txt" if where == "file" else "private"))
        named = "static/env.txt" if where == "file" else "static/private"
    result = run("build", "--site", site, "--now", "2026-03-01T09:00")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert any(line.startswith(f"{named}: ") and "link" in line for line in result.stderr.splitlines()), result.stderr
    assert not (site / "output").exists()


def test_a_damaged_cache_is_deleted_and_the_build_goes_on(site_copy):
    site = site_copy("board")
    assert run("build", "--site", site, "--now", "2026-03-01T09:00").returncode == 0
    expected = snapshot(site / "output")
    [table] = (site / ".cache" / "jobboard").glob("*.sqlite")
    table.write_bytes(os.urandom(4096))  # not a database at all
    first = sorted((site / "content" / "vacancies").glob("*.md"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # its body must be looked up again
    result = run("build", "--site", site, "--now", "2026-03-01T09:00")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "warning: the build cache in .cache/jobboard/ was damaged" in result.stderr
    assert snapshot(site / "output") == expected


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB file system of its own (a tmpfs), or a skip where this user may not mount one."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)]).returncode != 0:
        pytest.skip("mounting a small file system needs root")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)])


def test_a_full_disk_is_a_message_and_the_last_site_stays(site_copy, small_disk):
    site = site_copy("board")
    output = small_disk / "site"
    assert run("build", "--site", site, "--now", "2026-03-01T09:00", "--output", output, "--no-cache").returncode == 0
    before = snapshot(output)
    with open(small_disk / "filler", "wb") as filler:  # fill what is left
        try:
            while True:
                filler.write(b"\0" * 65536)
        except OSError:
            pass
    result = run("build", "--site", site, "--now", "2026-03-08T09:00", "--output", output, "--no-cache")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith("jobboard: the disk is full") and "Free some space" in result.stderr
    assert snapshot(output) == before
