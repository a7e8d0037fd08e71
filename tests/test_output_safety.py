"""Nothing a vacancy file says can make the build write outside output/, or read outside content/."""

from __future__ import annotations

import os

import pytest

from conftest import run
from generator.writer import UnsafePath, check_path

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
