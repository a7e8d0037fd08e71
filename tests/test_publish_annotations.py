"""`--format github`: each problem becomes a workflow command that GitHub shows on the advert's file and line."""

from __future__ import annotations

import re

import pytest
from conftest import run

NOW = "2026-03-01T09:00"
NAME = "odd,name:100%.md"  # a comma, a colon and a percent sign, all special in a workflow command's properties
FILE = "content/vacancies/odd%2Cname%3A100%25.md"
# Line 4 holds a value with a line break and a percent sign, lines 8 and 9 field names with `,`, `:` and a carriage return.
ADVERT = """---
title: Staff Nurse
trust: TEWV
band: "10%\\nBand"
reference: ODD-1
posted: 2026-02-01
closing: 14th March
"a,b:c": 1
"x\\ry": 2
location:
  town: Leeds
apply_url: https://jobs.example.nhs.uk/apply
---
Text.
"""
EXPECTED = [
    f'::error file={FILE},line=4,title=band::unknown band "10%25%0ABand"; expected "Band 1" to "Band 9" (with 8a to 8d), '
    '"Medical and dental", "Non-AfC" or "Not stated"',
    f'::error file={FILE},line=7,title=closing::expected a date like 2026-03-14 or 14/03/2026, got "14th March"',
    f"::warning file={FILE},line=8,title=a%2Cb%3Ac::unknown field",
    f"::warning file={FILE},line=9,title=x%0Dy::unknown field",
]
# A workflow command is one line: `::name props::message`, with no raw `%` escapes left undone.
COMMAND = re.compile(r"^::(error|warning)(?: ((?:file|line|title)=[^,:]*(?:,(?:file|line|title)=[^,:]*)*))?::(.*)$")


@pytest.fixture
def site(site_copy):
    site = site_copy("board")
    (site / "content" / "vacancies" / NAME).write_text(ADVERT, encoding="utf-8")
    return site


@pytest.mark.parametrize("command", ["check", "build"])
def test_problems_become_workflow_commands_with_escaped_values(site, command):
    result = run(command, "--site", site, "--now", NOW, "--format", "github", cwd=site)
    assert result.returncode == 1
    assert result.stdout.splitlines() == EXPECTED
    assert result.stderr.splitlines() == ["2 errors, 2 warnings; nothing was written"]
    assert not (site / "output").exists()


def test_every_line_is_a_single_well_formed_command(site):
    result = run("check", "--site", site, "--now", NOW, "--format", "github", cwd=site)
    for line in result.stdout.splitlines():
        match = COMMAND.match(line)
        assert match, line
        assert "\r" not in line and not re.search(r"%(?![0-9A-F]{2})", match[3]), line


def test_strict_turns_warnings_into_error_annotations(site):
    (site / "content" / "vacancies" / NAME).write_text(
        ADVERT.replace('band: "10%\\nBand"', "band: Band 5").replace("closing: 14th March", "closing: 2026-03-14"), encoding="utf-8")
    lenient = run("check", "--site", site, "--now", NOW, "--format", "github", cwd=site)
    assert lenient.returncode == 0
    assert lenient.stdout.splitlines()[:2] == EXPECTED[2:]
    assert lenient.stdout.splitlines()[2].startswith("OK: would write ")
    strict = run("check", "--site", site, "--now", NOW, "--format", "github", "--strict", cwd=site)
    assert strict.returncode == 1
    assert strict.stdout.splitlines() == [line.replace("::warning ", "::error ") for line in EXPECTED[2:]]


def test_a_problem_with_no_file_has_no_file_property(site):
    result = run("check", "--site", site, "--now", NOW, "--format", "github", "--base-url", "example.org/jobs", cwd=site)
    assert result.returncode == 1
    assert "::error title=base_url::expected an absolute http or https URL such as https://example.github.io/jobs/, got 'example.org/jobs'" in result.stdout.splitlines()


def test_text_stays_the_default(site):
    result = run("check", "--site", site, "--now", NOW, cwd=site)
    assert result.stdout == ""
    assert f"content/vacancies/{NAME}:7: closing: expected a date like 2026-03-14" in result.stderr
    assert "::" not in result.stderr
