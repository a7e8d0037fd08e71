"""`jobboard changes --base REF`: the pull-request summary of which adverts a change adds, changes, closes or removes."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import run
from markdown_it import MarkdownIt

NOW = "2026-03-01T09:00"
HOSTILE = "Staff Nurse <img src=x onerror=alert(1)> [apply](javascript:alert(2)) *now* `code` | # ~~x~~"
NEW = """---
title: '{title}'
trust: TEWV
band: Band 5
reference: {reference}
posted: 2026-02-25
closing: 2026-03-20
{extra}---
A new advert.
"""
GIT_ENV = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org", "GIT_COMMITTER_NAME": "Editor",
           "GIT_COMMITTER_EMAIL": "editor@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, env={**os.environ, **GIT_ENV}, capture_output=True, text=True, check=True)
    return done.stdout


def sections(text: str) -> dict[str, list[str]]:
    """The summary as GitHub would show it (CommonMark with GitHub's extensions): each heading's list items, as text."""
    page = BeautifulSoup(MarkdownIt("gfm-like").render(text), "html.parser")
    assert page.find(["img", "a", "script", "code", "em", "s", "table"]) is None, "markup in the summary was not escaped"
    found = {}
    for heading in page.find_all("h3"):
        items = heading.find_next_sibling("ul")
        found[heading.get_text()] = [" ".join(li.get_text().split()) for li in items.find_all("li")]
    return found


def titles(found: dict[str, list[str]]) -> dict[str, list[str]]:
    return {heading: [item.split(" (")[0] for item in items] for heading, items in found.items()}


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{file.name} no longer has {old!r}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(params=["", "jobs-site"], ids=["site-at-top", "site-in-sub-folder"])
def repo(request, tmp_path):
    """A git repository holding the board sample, committed, then edited as an editor's pull request would."""
    repo = tmp_path / "repo"
    site = repo / request.param if request.param else repo
    shutil.copytree(Path(__file__).parent / "sites" / "board", site)
    git(repo, "init", "--quiet", "--initial-branch", "main")
    git(repo, "add", ".")
    git(repo, "commit", "--quiet", "-m", "Board")
    vacancies = site / "content" / "vacancies"
    (vacancies / "staff-nurse.md").write_text(NEW.format(title=HOSTILE, reference="TEWV-5-999", extra=""), encoding="utf-8")
    (vacancies / "draft-nurse.md").write_text(NEW.format(title="Draft Nurse", reference="TEWV-5-998", extra="draft: true\n"), encoding="utf-8")
    edit(vacancies / "peer-support-worker.md", "\nhours: ", "\nhours: Edited - ")
    edit(vacancies / "healthcare-support-worker.md", 'closing: "2026-03-03 12:00"', 'closing: "2026-02-28 12:00"')
    edit(vacancies / "nursing-associate.md", "\ntitle: Nursing Associate", "\ntitle: Trainee Nursing Associate")
    edit(vacancies / "approved-mental-health-professional.md", "band: Band 6", "band: Band 99")
    (vacancies / "consultant-psychiatrist.md").unlink()
    (vacancies / "psychology").mkdir()
    (vacancies / "clinical-psychologist.md").rename(vacancies / "psychology" / "clinical-psychologist.md")
    return repo, site


EXPECTED = {
    "Adds": [HOSTILE],
    "Changes": ["Peer Support Worker"],
    "Closes": ["Healthcare Support Worker"],
    "Removes": ["Consultant Psychiatrist in Liaison Psychiatry"],
    "Not published yet": ["Draft Nurse", "Trainee Nursing Associate"],
    "1 file with errors, left out until fixed": ["content/vacancies/approved-mental-health-professional.md"],
}


def test_the_summary_sorts_each_advert_by_what_the_change_does(repo):
    _, site = repo
    result = run("changes", "--site", site, "--base", "HEAD", "--now", NOW, cwd=site)
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[:3] == ["## Adverts in this change", "", "This change adds 1, changes 1, closes 1, removes 1."]
    found = sections(result.stdout)
    assert titles(found) == EXPECTED
    assert found["Adds"] == [f"{HOSTILE} (TEWV-5-999) – Tees, Esk and Wear Valleys NHS Foundation Trust, Band 5 – closes 20 March 2026 – content/vacancies/staff-nurse.md"]
    assert found["Closes"] == ["Healthcare Support Worker (Nights) (CNTW-2-310) – Cumbria, Northumberland, Tyne and Wear NHS Foundation Trust, "
                               "Band 2 – closed 28 February 2026 – content/vacancies/healthcare-support-worker.md"]
    assert found["Not published yet"][0].endswith("– draft – content/vacancies/draft-nurse.md")
    assert "– to be published on 5 March 2026 –" in found["Not published yet"][1]


def test_a_committed_change_compares_the_same_against_its_parent(repo):
    repo_dir, site = repo
    before = run("changes", "--site", site, "--base", "HEAD", "--now", NOW, cwd=site).stdout
    git(repo_dir, "add", "--all")
    git(repo_dir, "commit", "--quiet", "-m", "Edits")
    assert run("changes", "--site", site, "--base", "HEAD~1", "--now", NOW, cwd=site).stdout == before
    unchanged = run("changes", "--site", site, "--base", "HEAD", "--now", NOW, cwd=site)
    assert unchanged.stdout.splitlines()[2] == "This change adds, changes, closes or removes no adverts."
    assert titles(sections(unchanged.stdout)) == {"1 file with errors, left out until fixed": EXPECTED["1 file with errors, left out until fixed"]}


def test_an_unknown_revision_or_a_folder_outside_git_is_a_usage_error(repo, tmp_path):
    _, site = repo
    missing = run("changes", "--site", site, "--base", "no-such-branch", "--now", NOW, cwd=site)
    assert missing.returncode == 2
    assert missing.stderr == "jobboard: --base: no commit 'no-such-branch' in this repository\n"
    outside = tmp_path / "outside"
    shutil.copytree(site, outside, ignore=shutil.ignore_patterns(".git"))
    result = run("changes", "--site", outside, "--base", "HEAD", "--now", NOW, cwd=outside, env={**os.environ, "GIT_CEILING_DIRECTORIES": str(tmp_path)})
    assert result.returncode == 2
    assert result.stderr.startswith("jobboard: --base: the site folder is not in a git repository")
    assert "Traceback" not in missing.stderr + result.stderr


def test_an_added_or_edited_advert_that_is_already_closed_is_flagged(repo):
    """A closing date already past when the file is added or edited sends the advert straight to the archive: say so."""
    _, site = repo
    vacancies = site / "content" / "vacancies"
    (vacancies / "late-nurse.md").write_text(NEW.format(title="Late Nurse", reference="TEWV-5-997", extra="")
                                             .replace("posted: 2026-02-25", "posted: 2026-02-01")
                                             .replace("closing: 2026-03-20", "closing: 2026-02-20"), encoding="utf-8")
    result = run("changes", "--site", site, "--base", "HEAD", "--now", NOW, cwd=site)
    found = sections(result.stdout)
    late = [line for line in found["Adds"] if line.startswith("Late Nurse")]
    assert len(late) == 1 and "already closed and goes straight to the archive" in late[0], result.stdout
    assert not [line for line in found["Adds"] if "already closed" in line and not line.startswith("Late Nurse")]
    assert not [line for line in found["Closes"] if "already closed" in line], "an advert that closes in time is not flagged"
