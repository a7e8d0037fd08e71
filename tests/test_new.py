"""`jobboard new`: a vacancy file with every field, which checks clean and stays a draft until published."""

from __future__ import annotations

import yaml

from conftest import run
from generator.content import KNOWN


def test_new_writes_a_commented_draft_that_checks_clean(site_copy):
    site = site_copy("repo")
    result = run("new", "Clinical Nurse Specialist", "--reference", "ABC-123", "--site", site)
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
