"""An advert that gives no way to apply (no web address, e-mail address or phone number) is a warning when imported."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run
from sitetools import front_matter

NOW = "2026-11-24"
ADVERT = """Support Worker

Employer: Kent and Medway Mental Health NHS Trust
Band: Band 3
Salary: £24,937 to £26,598 a year
Reference number: 380-AW-0001
Closing date: 14 December 2026
Location: Maidstone, ME16 9NW

Job summary
Support people in their recovery.
"""
WARNING = "apply_url: warning: the advert gives no way to apply: no web address, e-mail address or phone number. Add `apply_url:`"


@pytest.fixture
def site(empty_site: Path) -> Path:
    return empty_site


def import_advert(site: Path, tmp_path: Path, text: str, *extra: str):
    source = tmp_path / "advert.txt"
    source.write_text(text, encoding="utf-8")
    return source, run("import", "--site", site, "--now", NOW, source, *extra)


def the_file(site: Path) -> dict:
    [made] = sorted((site / "content" / "vacancies").glob("*.md"))
    return front_matter(made)


def test_an_advert_with_no_way_to_apply_is_imported_with_a_warning_naming_the_file(site, tmp_path):
    source, result = import_advert(site, tmp_path, ADVERT)
    assert result.returncode == 0, result.stderr
    assert f"{source}: {WARNING}" in result.stderr
    assert "apply_url" not in the_file(site)


@pytest.mark.parametrize("extra, text", [
    ((), ADVERT + "\nContact details\nEmail address\nsam.jones@nhs.example\n"),
    ((), ADVERT + "\nContact details\nTelephone number\n01622 724100\n"),
    (("--url", "https://www.jobs.nhs.uk/candidate/jobadvert/C9300001"), ADVERT),
], ids=["e-mail", "phone", "url"])
def test_a_web_address_e_mail_or_phone_is_a_way_to_apply(site, tmp_path, extra, text):
    _, result = import_advert(site, tmp_path, text, *extra)
    assert result.returncode == 0, result.stderr
    assert "no way to apply" not in result.stderr
    data = the_file(site)
    assert data.get("apply_url") == (extra[1] if extra else None)


def test_url_names_one_advert(site, tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    for path in (first, second):
        path.write_text(ADVERT, encoding="utf-8")
    result = run("import", "--site", site, "--now", NOW, first, second, "--url", "https://jobs.example.nhs.uk/1")
    assert result.returncode == 2 and "--url" in result.stderr and "Traceback" not in result.stderr
    assert not list((site / "content" / "vacancies").iterdir())


VACANCY = """---
title: {title}
trust: Kent and Medway Mental Health NHS Trust
band: Band 5
reference: {reference}
posted: 2026-11-01
closing: {closing}
location:
  town: Maidstone
  postcode: ME16 9NW
{extra}---
Support people in their recovery.
"""


def vacancy(site: Path, name: str, closing: str = "2026-12-14", extra: str = "") -> Path:
    path = site / "content" / "vacancies" / f"{name}.md"
    path.write_text(VACANCY.format(title=name.replace("-", " ").title(), reference=name.upper(), closing=closing, extra=extra),
                    encoding="utf-8")
    return path


def test_check_warns_at_an_open_vacancy_with_no_way_to_apply_and_only_there(site):
    vacancy(site, "open-no-way")
    vacancy(site, "named-contact-only", extra="contact:\n  name: Sam Jones\n")
    vacancy(site, "closed-no-way", closing="2026-11-10")
    vacancy(site, "with-url", extra="apply_url: https://www.jobs.nhs.uk/candidate/jobadvert/C1\n")
    vacancy(site, "with-email", extra="contact:\n  email: sam.jones@nhs.example\n")
    vacancy(site, "with-phone", extra="contact:\n  phone: 01622 724100\n")
    result = run("check", "--site", site, "--now", NOW)
    assert result.returncode == 0, result.stderr
    warned = sorted(line for line in result.stderr.splitlines() if "no way to apply" in line)
    assert [line.split(": apply_url: ")[0] for line in warned] == [
        "content/vacancies/named-contact-only.md:11", "content/vacancies/open-no-way.md:2"]
    assert all(": apply_url: warning: the advert gives no way to apply: no web address, e-mail address or phone number. "
               "Add `apply_url:` with the advert's address, or `email:` or `phone:` under `contact:`" in line for line in warned)
    strict = run("check", "--site", site, "--now", NOW, "--strict")
    assert strict.returncode == 1 and "content/vacancies/open-no-way.md:2: apply_url: the advert gives no way" in strict.stderr
