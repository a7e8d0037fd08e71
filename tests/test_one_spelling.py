"""One spelling per value: working patterns and contract types written many ways are one search filter and one
open-data value, a fixed term's length is still shown on its advert, and `check` points out a value it does not know."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from conftest import copy_site, run
from sitetools import build, facts, soup, vacancy_pages

NOW = "2026-03-01T09:00"
# Each advert's working patterns and contract as an administrator might type them, and what the site shows.
SPELLINGS = {
    "SPELL-1": (["Fulltime"], "Fixed term: 12 months"),
    "SPELL-2": (["full time", "flexible working"], "Fixed-term (12 months)"),
    "SPELL-3": (["Full-time", "Flexi-time"], "fixed term contract 12 months"),
    "SPELL-4": (["FULL TIME", "job-share"], "Fixed term (6 months)"),
    "SPELL-5": (["Part-time", "part time"], "PERMANENT"),
    "SPELL-6": (["Parttime", "Term time only"], "permanent contract"),
    "SPELL-7": (["Compressed Hours"], "bank"),
    "SPELL-8": (["Fulltme", "Night shifts"], "Perminent"),
}
SHOWN = {
    "SPELL-1": ("Full time", "Fixed term: 12 months"),
    "SPELL-2": ("Full time, Flexible working", "Fixed term: 12 months"),
    "SPELL-3": ("Full time, Flexible working", "Fixed term: 12 months"),
    "SPELL-4": ("Full time, Job share", "Fixed term: 6 months"),
    "SPELL-5": ("Part time", "Permanent"),
    "SPELL-6": ("Part time, Term time", "Permanent"),
    "SPELL-7": ("Compressed hours", "Bank"),
    "SPELL-8": ("Fulltme, Night shifts", "Perminent"),  # not known: published as written, and `check` warns
}


def advert(reference: str, patterns: list[str] | str, contract: str) -> str:
    """A sample advert that is open at NOW, with these working patterns and this contract."""
    return (f"---\ntitle: Spelling Test Practitioner {reference}\ntrust: TEWV\nband: Band 5\n"
            f"working_pattern: {json.dumps(patterns)}\ncontract: {json.dumps(contract)}\n"
            "location: {site: Roseberry Park, town: Middlesbrough, postcode: TS4 3AF}\n"
            f"reference: {reference}\nposted: 2026-02-20\nclosing: 2026-03-20\n"
            f"apply_url: https://www.jobs.nhs.uk/candidate/jobadvert/{reference}\n---\n"
            "Support people in contact with the criminal justice system.\n")


def write_adverts(site: Path) -> None:
    for reference, (patterns, contract) in SPELLINGS.items():
        (site / "content" / "vacancies" / f"spelling-{reference.lower()}.md").write_text(
            advert(reference, patterns, contract), encoding="utf-8")


@pytest.fixture(scope="module")
def spelled(tmp_path_factory) -> Path:
    """The nhsuk sample site with the adverts above added, built at NOW."""
    site = copy_site("nhsuk", tmp_path_factory.mktemp("spelling"))
    write_adverts(site)
    build(site, "--now", NOW)
    return site


def filters(page, key: str) -> list[str]:
    """The values a vacancy page gives Pagefind for one search filter."""
    return [span.get_text() for span in page.select(f'[data-pagefind-filter="{key}"]')]


def csv_rows(output: Path) -> dict[str, dict[str, str]]:
    text = (output / "vacancies.csv").read_text(encoding="utf-8")
    return {row["job_reference"]: row for row in csv.DictReader(io.StringIO(text, newline=""))}


def test_every_spelling_is_one_search_filter_value(spelled):
    pages = vacancy_pages(spelled / "output")
    for reference, (patterns, contract) in SHOWN.items():
        _, page = pages[reference]
        assert filters(page, "pattern") == patterns.split(", "), reference
        assert filters(page, "contract") == [contract.split(":")[0]], "a fixed term's length is not a filter of its own"
    every_pattern = {value for _, page in pages.values() for value in filters(page, "pattern")}
    every_contract = {value for _, page in pages.values() for value in filters(page, "contract")}
    assert {"Full time", "Part time", "Flexible working"} <= every_pattern
    assert not {"Full-time", "Fulltime", "full time", "FULL TIME", "Part-time", "Flexi-time"} & every_pattern
    assert {"Fixed term", "Permanent", "Bank"} <= every_contract
    assert not [value for value in every_contract if re.search(r"month|fixed-term|contract|\(", value, re.IGNORECASE)]


def test_the_search_page_offers_each_value_once(spelled):
    page = soup(spelled / "output", "/jobboard/search/", "https://example.github.io/jobboard/")
    offered = {key: [box["value"] for box in page.select(f"input[name={key}]")] for key in ("pattern", "contract")}
    assert offered["pattern"].count("Full time") == 1 and "Full-time" not in offered["pattern"]
    assert offered["contract"].count("Fixed term") == 1
    assert not [value for value in offered["contract"] if "month" in value]


def test_the_advert_page_still_shows_the_length_of_a_fixed_term(spelled):
    pages = vacancy_pages(spelled / "output")
    for reference, (patterns, contract) in SHOWN.items():
        rows = facts(pages[reference][1])
        assert (rows["Working pattern"], rows["Contract"]) == (patterns, contract), reference


def test_the_default_theme_shows_the_length_too(site_copy):
    site = site_copy("board")
    write_adverts(site)
    build(site, "--now", NOW)
    pages = vacancy_pages(site / "output")
    for reference, (patterns, contract) in SHOWN.items():
        rows = facts(pages[reference][1])
        assert (rows["Working pattern"], rows["Contract"]) == (patterns, contract), reference


def test_open_data_gives_one_contract_type_with_its_length_apart(spelled):
    rows = csv_rows(spelled / "output")
    for reference, (patterns, contract) in SHOWN.items():
        kind, _, length = contract.partition(": ")
        assert (rows[reference]["contract_type"], rows[reference]["contract_length"]) == (kind, length), reference
        assert rows[reference]["working_pattern"] == patterns.replace(", ", "; ")
    assert {row["contract_type"] for row in rows.values()} >= {"Fixed term", "Permanent", "Bank"}
    assert not [row for row in rows.values() if "month" in row["contract_type"]]


def test_a_fixed_term_is_a_temporary_job_to_search_engines(spelled):
    pages = vacancy_pages(spelled / "output")
    posting = json.loads(pages["SPELL-3"][1].find("script", type="application/ld+json").string)
    assert posting["employmentType"] == ["FULL_TIME", "TEMPORARY"]


def test_check_warns_about_an_unknown_value_and_says_what_it_looks_like(site_copy):
    site = site_copy("nhsuk")
    write_adverts(site)
    checked = run("check", "--site", site, "--now", NOW)
    assert checked.returncode == 0, "an unknown value is a warning, not an error"
    path = "content/vacancies/spelling-spell-8.md"
    assert re.search(rf'{path}:5: working_pattern: warning: "Fulltme" is not a working pattern the site knows, '
                     r'so it is shown as written .*; did you mean "Full time"\?', checked.stderr), checked.stderr
    assert re.search(rf'{path}:6: contract: warning: "Perminent" is not a contract type the site knows.*'
                     r'did you mean "Permanent"\?', checked.stderr), checked.stderr
    assert re.search(rf'{path}:5: working_pattern: warning: "Night shifts" .*the usual ones are Full time, Part time',
                     checked.stderr), checked.stderr
    known = [line for line in checked.stderr.splitlines() if "spelling-spell-" in line and "spell-8" not in line]
    assert known == [], "a known value, however it is spelled, is not warned about"


def test_check_says_how_to_split_patterns_written_as_one_value(site_copy):
    site = site_copy("nhsuk")
    (site / "content" / "vacancies" / "spelling-together.md").write_text(
        advert("SPELL-10", "Full-time, flexible working", "Fixed term: 12 months"), encoding="utf-8")
    checked = run("check", "--site", site, "--now", NOW)
    assert checked.returncode == 0
    assert ('content/vacancies/spelling-together.md:5: working_pattern: warning: "Full-time, flexible working" is not a '
            "working pattern the site knows, so it is shown as written and gets a search filter of its own; to give each "
            "its own filter, write them as a list: [Full time, Flexible working]") in checked.stderr, checked.stderr


def test_import_writes_the_one_spelling(site_copy, tmp_path):
    site = site_copy("nhsuk")
    pasted = tmp_path / "advert.txt"
    pasted.write_text("Liaison Practitioner\n\nEmployer: TEWV\nBand: Band 5\nContract: Fixed-term (9 months)\n"
                      "Working pattern: Fulltime, flexible working\nJob reference: SPELL-9\nClosing date: 20/03/2026\n"
                      "Location: Roseberry Park, Middlesbrough, TS4 3AF\n\nJob overview\nSupport people in custody.\n",
                      encoding="utf-8")
    result = run("import", "--site", site, pasted, "--now", NOW)
    assert result.returncode == 0, result.stderr
    [made] = (site / "content" / "vacancies").glob("*spell-9*.md")
    text = made.read_text(encoding="utf-8")
    assert re.search(r'(?m)^contract: "?Fixed term: 9 months"?$', text), text
    assert re.search(r"(?m)^working_pattern:.*Full time.*Flexible working", text) or (
        "- Full time" in text and "- Flexible working" in text), text
