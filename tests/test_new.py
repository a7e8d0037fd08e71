"""`jobboard new`: a vacancy file with every field, which checks clean and stays a draft until published."""

from __future__ import annotations

import os
import shutil
from datetime import date, datetime, timezone

import pytest
import yaml
from conftest import run

from generator.load.vacancies import KNOWN


def test_new_writes_a_commented_draft_that_checks_clean(site_copy):
    site = site_copy("repo")
    result = run("new", "Clinical Nurse Specialist", "--reference", "ABC-123", "--site", site, "--now", "2026-11-24")
    assert result.returncode == 0, result.stderr
    target = site / "content" / "vacancies" / "clinical-nurse-specialist-abc-123.md"
    text = target.read_text(encoding="utf-8")
    front = text.split("---\n")[1]
    for field in KNOWN:
        assert f"{field}:" in front, f"{field} is not in the scaffold"
    assert yaml.safe_load(front)["draft"] is True
    assert all("#" in line for line in front.splitlines() if line.strip() and not line.startswith("  - ")), "every line is explained"

    checked = run("check", "--site", site, "--drafts", "--strict", "--now", "2026-11-24")
    assert checked.returncode == 0, checked.stderr
    built = run("build", "--site", site, "--now", "2026-11-24")
    assert built.returncode == 0, built.stderr
    assert not (site / "output" / "vacancies" / "clinical-nurse-specialist-abc-123").exists()
    with_drafts = run("build", "--site", site, "--now", "2026-11-24", "--drafts")
    assert (site / "output" / "vacancies" / "clinical-nurse-specialist-abc-123" / "index.html").is_file(), with_drafts.stderr


def test_new_never_overwrites_without_force(site_copy):
    site = site_copy("repo")
    assert run("new", "Porter", "--reference", "P-1", "--site", site).returncode == 0
    target = site / "content" / "vacancies" / "porter-p-1.md"
    target.write_text("edited by hand", encoding="utf-8")
    again = run("new", "Porter", "--reference", "P-1", "--site", site)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert target.read_text(encoding="utf-8") == "edited by hand"
    assert run("new", "Porter", "--reference", "P-1", "--site", site, "--force").returncode == 0
    assert target.read_text(encoding="utf-8") != "edited by hand"


def test_new_dates_the_advert_by_the_build_clock(site_copy):
    """`new` reads "today" from --now, else SOURCE_DATE_EPOCH, like every other command, never from the wall clock."""
    site = site_copy("repo")
    assert run("new", "Porter", "--site", site, "--now", "2031-02-03T10:00").returncode == 0
    data = yaml.safe_load((site / "content" / "vacancies" / "porter-change-me-20310203.md").read_text(encoding="utf-8").split("---\n")[1])
    assert (data["posted"], data["added"], data["reference"]) == (date(2031, 2, 3), date(2031, 2, 3), "CHANGE-ME-20310203")

    epoch = int(datetime(2029, 6, 30, 12, tzinfo=timezone.utc).timestamp())
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    assert run("new", "Cleaner", "--site", site, env=env).returncode == 0
    data = yaml.safe_load((site / "content" / "vacancies" / "cleaner-change-me-20290630.md").read_text(encoding="utf-8").split("---\n")[1])
    assert data["added"] == date(2029, 6, 30)


def test_new_refuses_a_clock_that_is_not_a_date(site_copy):
    site = site_copy("repo")
    result = run("new", "Porter", "--site", site, "--now", "next Tuesday")
    assert result.returncode == 2 and "--now" in result.stderr and "Traceback" not in result.stderr
    assert not list((site / "content" / "vacancies").glob("porter-*.md"))


EXAMPLE_FIELDS = ["title", "reference", "contact.name", "contact.email", "contact.phone", "location.site", "location.address",
                  "apply_url", "body"]


def test_a_published_advert_with_any_example_left_in_fails_check_naming_each(site_copy):
    """Deleting only `draft: true` is not enough: every example value `new` wrote is an error at its line."""
    site = site_copy("repo")
    assert run("new", "--site", site, "--now", "2026-11-24").returncode == 0
    target = site / "content" / "vacancies" / "new-vacancy-change-me-20261124.md"
    text = target.read_text(encoding="utf-8").replace("draft: true", "draft: false").replace("# apply_url:", "apply_url:")
    target.write_text(text, encoding="utf-8")
    checked = run("check", "--site", site, "--now", "2026-11-24")
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    mine = [line for line in checked.stderr.splitlines() if line.startswith("content/vacancies/new-vacancy-change-me-20261124.md:")]
    lines = text.split("\n")
    for field in EXAMPLE_FIELDS:
        found = [line for line in mine if f": {field}: " in line and "is the example" in line]
        assert found, f"no error for {field} in:\n{checked.stderr}"
    body_errors = {int(line.split(":")[1]) for line in mine if ": body: " in line}
    assert body_errors and all("Write the advert here" in lines[n - 1] or "- One duty" in lines[n - 1] or "- A criterion" in lines[n - 1]
                               for n in body_errors)
    # Each at the line of the example itself.
    for line in mine:
        number, field = int(line.split(":")[1]), line.split(": ")[1]
        if field in ("contact.email", "location.site", "reference"):
            assert lines[number - 1].strip().startswith(field.rsplit(".", 1)[-1] + ":"), line


def test_an_advert_filled_in_from_the_draft_checks_clean(site_copy):
    site = site_copy("repo")
    assert run("new", "Porter", "--reference", "P-9", "--site", site, "--now", "2026-11-24").returncode == 0
    target = site / "content" / "vacancies" / "porter-p-9.md"
    text = target.read_text(encoding="utf-8").replace("draft: true", "draft: false")
    for old, new in [("Jane Smith", "Priya Patel"), ("jane.smith@example.nhs.uk", "priya.patel@kmpt.nhs.uk"),
                     ('"01234 567890"', '"01622 724100"'), ("Example House", "Priority House"), ("1 Example Street", "Hermitage Lane"),
                     ("Write the advert here, in Markdown.", "Porters move patients safely."),
                     ("One duty per line", "Moving patients"), ("A criterion", "Good communication")]:
        text = text.replace(old, new)
    target.write_text(text, encoding="utf-8")
    checked = run("check", "--site", site, "--now", "2026-11-24", "--strict")
    assert checked.returncode == 0, checked.stderr


@pytest.mark.parametrize("link", ["the file", "the folder"])
@pytest.mark.parametrize("command", ["new", "import"])
def test_new_and_import_never_write_through_a_link(site_copy, tmp_path, command, link):
    """A link in content/vacancies/ (or the folder itself a link) cannot carry a write anywhere else, even with --force."""
    site = site_copy("repo")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    victim = elsewhere / "porter-p-1.md"
    victim.write_text("someone else's file", encoding="utf-8")
    folder = site / "content" / "vacancies"
    if link == "the file":
        os.symlink(victim, folder / "porter-p-1.md")
    else:
        shutil.rmtree(folder)
        os.symlink(elsewhere, folder)
    if command == "new":
        result = run("new", "Porter", "--reference", "P-1", "--site", site, "--force", "--now", "2026-11-24")
    else:
        advert = tmp_path / "advert.txt"
        advert.write_text("Porter\nEast Kent Hospitals University NHS Foundation Trust\nReference number: P-1\nBand 2\n"
                          "Salary: £24,937 a year\nClosing date: 30/12/2026\n\nJob overview\nMove patients safely.\n", encoding="utf-8")
        result = run("import", str(advert), "--site", site, "--force", "--now", "2026-11-24")
    assert result.returncode == 1 and "is a link to" in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert victim.read_text(encoding="utf-8") == "someone else's file"
    assert sorted(p.name for p in elsewhere.iterdir()) == ["porter-p-1.md"]
