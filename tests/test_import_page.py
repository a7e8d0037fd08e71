"""`jobboard import page.html`: an advert page saved from a browser, its JobPosting data first, then its visible text."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run
from sitetools import front_matter

NOW = "2026-11-24"
PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"


@pytest.fixture
def site(empty_site: Path) -> Path:
    return empty_site


def import_page(site: Path, page: Path, *extra: str):
    return run("import", "--site", site, "--now", NOW, page, *extra)


def the_file(site: Path) -> tuple[dict, str, Path]:
    """The one vacancy file the import wrote: its front matter, its body and its path."""
    [made] = sorted((site / "content" / "vacancies").glob("*.md"))
    return front_matter(made), made.read_text(encoding="utf-8").split("\n---\n", 1)[1], made


def test_a_page_with_json_ld_gives_its_facts_its_address_and_its_text(site):
    result = import_page(site, PAGES / "nhsjobs-with-jsonld.html")
    assert result.returncode == 0, result.stderr
    data, body, made = the_file(site)
    assert made.name == "liaison-and-diversion-practitioner-380-ld-4471.md"
    assert data["title"] == "Liaison and Diversion Practitioner"
    assert data["trust"] == "Kent and Medway Mental Health NHS Trust" and data["band"] == "Band 6"
    assert (data["salary"]["min"], data["salary"]["max"], data["salary"]["period"]) == (38682, 46580, "year")
    assert (data["reference"], str(data["posted"]), str(data["closing"])) == ("380-LD-4471", "2026-11-20", "2026-12-14 23:59")
    assert data["location"] == [{"site": "Poppy House", "address": "20-22 Oakapple Lane", "town": "Maidstone", "postcode": "ME16 9NW"}]
    assert data["apply_url"] == "https://www.jobs.nhs.uk/candidate/jobadvert/C9300123"
    assert "## Job summary" in body and "- Refer people to the services that can help them." in body
    for chrome in ("Skip to main content", "Search jobs", "Sign in", "dataLayer", "trackFooter", "Crown copyright", "Apply now"):
        assert chrome not in body, chrome
    assert result.stderr == "", "the page's facts agree with its text, so there is nothing to check"
    assert run("check", "--site", site, "--now", NOW).returncode == 0


def test_a_page_without_structured_data_is_read_from_its_text(site):
    """A Trac page saved in Windows-1252, its facts in a table, no JSON-LD, no canonical link."""
    result = import_page(site, PAGES / "trac-without-jsonld.html")
    assert result.returncode == 0, result.stderr
    data, body, _ = the_file(site)
    assert data["title"] == "Peer Support Worker"  # the page's heading
    assert data["trust"] == "Central and North West London NHS Foundation Trust" and data["band"] == "Band 4"
    assert (data["salary"]["min"], data["salary"]["max"], data["salary"]["note"]) == (27485, 30162, "inc. HCAS")
    assert (data["reference"], str(data["closing"])) == ("333-PS-2210", "2026-12-12 23:59")
    assert data["location"] == [{"site": "Brent Centre for Recovery", "town": "London", "postcode": "NW10 9AB"}]
    assert data["contact"]["email"] == "sam.okafor@nhs.example" and "apply_url" not in data
    assert "We’ll pay £100 towards your travel." in body
    assert "cookies" not in body and "Trac Systems" not in body and "All jobs" not in body
    assert "apply_url" not in result.stderr, "the contact's e-mail address is a way to apply"


def test_microdata_is_read_when_the_page_has_no_json_ld(site):
    result = import_page(site, PAGES / "microdata.html")
    assert result.returncode == 0, result.stderr
    data, body, _ = the_file(site)
    assert data["title"] == "Support Time and Recovery Worker"
    assert data["trust"] == "Lancashire & South Cumbria NHS Foundation Trust"  # "LSCFT", through config.yaml's aliases
    assert (data["reference"], str(data["posted"]), str(data["closing"])) == ("380-WK-9001", "2026-11-18", "2026-12-10")
    assert (data["salary"]["min"], data["salary"]["max"]) == (24937, 26598)
    assert data["location"] == [{"town": "Preston", "postcode": "PR2 8DY"}]
    assert "Help people with their recovery" in body
    assert f"{PAGES / 'microdata.html'}: apply_url: warning: the advert gives no way to apply" in result.stderr


def test_structured_data_wins_and_each_conflict_is_a_warning(site):
    page = PAGES / "conflicting-jsonld.html"
    result = import_page(site, page)
    assert result.returncode == 0, result.stderr
    data, _, _ = the_file(site)
    assert data["title"] == "Staff Nurse, Acute Ward" and str(data["closing"]) == "2026-12-18 23:59"
    assert data["trust"] == "Central and North West London NHS Foundation Trust"  # "CNWL" in the JSON-LD
    assert (f'{page}: title: warning: the page\'s structured data says "Staff Nurse, Acute Ward" but its text says '
            '"Staff Nurse"; used "Staff Nurse, Acute Ward"') in result.stderr
    assert f'{page}: closing: warning: the page\'s structured data says 2026-12-18 but its text says "11 December 2026"' in result.stderr
    assert "reference: warning" not in result.stderr, "the reference agrees"


def test_url_gives_the_address_over_the_pages_own(site, tmp_path):
    address = "https://jobs.example.nhs.uk/vacancy/380-LD-4471"
    result = import_page(site, PAGES / "nhsjobs-with-jsonld.html", "--url", address)
    assert result.returncode == 0, result.stderr
    assert the_file(site)[0]["apply_url"] == address


def test_a_page_is_known_by_its_content_without_an_html_name(site, tmp_path):
    saved = tmp_path / "C9300123"
    saved.write_bytes((PAGES / "nhsjobs-with-jsonld.html").read_bytes())
    result = import_page(site, saved)
    assert result.returncode == 0, result.stderr
    assert the_file(site)[0]["reference"] == "380-LD-4471"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://files.example.nhs.uk/a", "https://user:pw@evil.example/"])
def test_a_url_a_candidate_cannot_follow_is_refused_before_anything_is_read(site, url):
    result = import_page(site, PAGES / "microdata.html", "--url", url)
    assert result.returncode == 2 and "--url" in result.stderr and "Traceback" not in result.stderr
    assert not list((site / "content" / "vacancies").iterdir())


HOSTILE = """<!DOCTYPE html [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<html><head>
<link rel="canonical" href="javascript:alert(document.cookie)">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "JobPosting", "title": "Nurse \\u003c/script>\\u003cscript>alert(1)\\u003c/script>",
 "identifier": "../../../../etc/evil", "hiringOrganization": """ + '{"name": ' * 500 + '"KMPT"' + "}" * 500 + """,
 "validThrough": "2026-12-14", "url": "javascript:alert(2)",
 "baseSalary": {"currency": "GBP", "value": {"minValue": "1e400", "unitText": "YEAR"}}}
</script></head>
<body><h1>Nurse</h1><p>Band: Band 5</p><p>Salary: £31,049 a year</p><p>&secret;</p>
<img src=x onerror="alert(3)"><iframe src="https://evil.example/"></iframe>
""" + "<div>" * 5000 + "Deep text" + "</div>" * 5000 + "</body></html>"


def test_a_hostile_page_runs_nothing_and_writes_only_its_vacancy_file(site, tmp_path):
    page = tmp_path / "hostile.html"
    page.write_text(HOSTILE, encoding="utf-8")
    before = {p for p in tmp_path.rglob("*")}
    result = import_page(site, page)
    assert "Traceback" not in result.stderr and "root:" not in result.stdout + result.stderr
    made = {p for p in tmp_path.rglob("*")} - before
    assert made and all(p.is_relative_to(site / "content" / "vacancies") for p in made), made
    data, body, _ = the_file(site)
    assert data["title"] == "Nurse </script><script>alert(1)</script>"  # text in the file: the site escapes it
    assert "trust" not in data and "trust: warning: required field not found" in result.stderr  # nested past belief: not read
    assert data["reference"] == "../../../../etc/evil"  # a value in the file, never a path
    assert "apply_url" not in data and 'gives the address "javascript:alert(2)", which is not one' in result.stderr
    assert "alert(3)" not in body and "root:" not in body and "evil.example" not in body
    assert "salary" in data and data["salary"]["min"] == 31049, "an amount beyond belief in the JSON-LD is not read"


@pytest.mark.parametrize("content", [b"<html></html>", b"<!DOCTYPE html><html><body><p>Shopping: milk, eggs</p></body></html>",
                                     b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR an image saved with the wrong name"])
def test_a_page_that_is_no_advert_is_refused(site, tmp_path, content):
    page = tmp_path / "page.html"
    page.write_bytes(content)
    result = import_page(site, page)
    assert result.returncode == 1 and "Traceback" not in result.stderr and "page.html" in result.stderr
    assert not list((site / "content" / "vacancies").iterdir())


def test_a_binary_file_named_as_a_page_is_refused_as_such(site, tmp_path):
    page = tmp_path / "advert.html"
    page.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    result = import_page(site, page)
    assert result.returncode == 1 and "advert.html:1: is not a web page (it holds binary data)" in result.stderr
