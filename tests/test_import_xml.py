"""`jobboard import --format nhsjobs-xml`: the NHS Jobs search XML becomes one vacancy file per advert, once."""

from __future__ import annotations

import time
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from conftest import run
from sitetools import front_matter

NOW = "2026-11-24"
EMPLOYERS = ("KMPT", "Central and North West London NHS Foundation Trust", "LSCFT")
PLACES = ("Maidstone, ME16 9NW", "Park Royal, NW10 7NS", "Preston, PR2 8DY")


@pytest.fixture
def site(empty_site: Path) -> Path:
    return empty_site


def advert(number: int, **given: str) -> str:
    """One <vacancyDetails>, every field escaped as XML; `given` replaces or adds fields (raw XML for "locations")."""
    fields = {
        "id": f"C93{number:05d}", "reference": f"380-FD-{number:04d}", "title": f"Support Worker {number}",
        "employer": EMPLOYERS[number % 3], "type": "Permanent", "salary": "£24,937 to £26,598 a year",
        "postDate": "2026-11-20" if number % 2 else "20/11/2026", "closeDate": "2026-12-14T23:59:00Z" if number % 2 else "14/12/2026",
        "url": f"https://www.jobs.nhs.uk/candidate/jobadvert/C93{number:05d}",
        "description": f"<p>Advert number {number}: support people in their recovery.</p><ul><li>Shifts</li></ul>",
    }
    fields.update(given)
    locations = given.get("locations", f"<locations><location>{escape(PLACES[number % 3])}</location></locations>")
    inner = "".join(f"<{k}>{escape(v)}</{k}>" for k, v in fields.items() if k != "locations")
    return f"  <vacancyDetails>{inner}{locations}</vacancyDetails>\n"


def feed(path: Path, adverts: list[str], prolog: str = '<?xml version="1.0" encoding="UTF-8"?>\n') -> Path:
    path.write_text(f"{prolog}<nhsJobs>\n{''.join(adverts)}</nhsJobs>\n", encoding="utf-8")
    return path


def import_feed(site: Path, path: Path, *extra: str):
    return run("import", "--site", site, "--now", NOW, "--format", "nhsjobs-xml", path, *extra)


def written(site: Path) -> dict[str, Path]:
    return {str(front_matter(p)["reference"]): p for p in sorted((site / "content" / "vacancies").rglob("*.md"))}


def everything(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_feed_of_100_adverts_writes_100_files_and_a_second_run_none(site, tmp_path):
    source = feed(tmp_path / "feed.xml", [advert(n) for n in range(1, 101)])
    first = import_feed(site, source)
    assert first.returncode == 0, first.stderr
    files = written(site)
    assert sorted(files) == [f"380-FD-{n:04d}" for n in range(1, 101)]
    assert f"{source}: 100 adverts: wrote 100 vacancy files" in first.stdout.splitlines()

    before = everything(site)
    second = import_feed(site, source)
    assert second.returncode == 0, second.stderr
    assert everything(site) == before, "the second run changed content/"
    assert f"{source}: 100 adverts: wrote no vacancy files; skipped 100 already in content/vacancies/" in second.stdout.splitlines()
    skips = [line for line in second.stdout.splitlines() if ": skipped '380-FD-" in line]
    assert len(skips) == 100 and "already has it" in skips[0]


def test_each_advert_gets_its_facts_with_the_trusts_canonical_name(site, tmp_path):
    source = feed(tmp_path / "feed.xml", [advert(1), advert(2)])
    assert import_feed(site, source).returncode == 0
    one, two = written(site)["380-FD-0001"], written(site)["380-FD-0002"]
    data = front_matter(one)
    assert data["title"] == "Support Worker 1"
    assert data["trust"] == "Central and North West London NHS Foundation Trust"
    assert (data["salary"]["min"], data["salary"]["max"], data["salary"]["period"]) == (24937, 26598, "year")
    assert str(data["posted"]) == "2026-11-20" and str(data["closing"]) == "2026-12-14 23:59"  # UTC 23:59 is London's in winter
    assert data["location"] == [{"town": "Park Royal", "postcode": "NW10 7NS"}]
    assert data["apply_url"] == "https://www.jobs.nhs.uk/candidate/jobadvert/C9300001"
    assert "Advert number 1: support people" in one.read_text(encoding="utf-8") and "- Shifts" in one.read_text(encoding="utf-8")
    other = front_matter(two)
    assert other["trust"] == "Lancashire & South Cumbria NHS Foundation Trust"  # LSCFT, through config.yaml's aliases
    assert str(other["posted"]) == "2026-11-20" and str(other["closing"]) == "2026-12-14"  # UK dates
    checked = run("check", "--site", site, "--now", NOW)
    assert checked.returncode == 0, checked.stderr


def test_dry_run_writes_nothing_and_force_refreshes_the_file_that_holds_the_reference(site, tmp_path):
    source = feed(tmp_path / "feed.xml", [advert(n) for n in range(1, 4)])
    dry = import_feed(site, source, "--dry-run")
    assert dry.returncode == 0 and dry.stdout.count('reference: "380-FD-') == 3
    assert written(site) == {} and f"{source}: 3 adverts: would write 3 vacancy files" in dry.stdout
    assert import_feed(site, source).returncode == 0
    renamed = written(site)["380-FD-0002"].rename(site / "content" / "vacancies" / "renamed-by-an-editor.md")
    renamed.write_text(renamed.read_text(encoding="utf-8").replace("Support Worker 2", "Edited"), encoding="utf-8")
    forced = import_feed(site, feed(tmp_path / "feed.xml", [advert(2, title="Support Worker Two")]), "--force")
    assert forced.returncode == 0, forced.stderr
    assert written(site)["380-FD-0002"] == renamed and front_matter(renamed)["title"] == "Support Worker Two"
    assert len(written(site)) == 3


def test_a_reference_repeated_in_the_feed_is_written_once(site, tmp_path):
    source = feed(tmp_path / "feed.xml", [advert(7), advert(7, title="Copy")])
    result = import_feed(site, source)
    assert result.returncode == 0, result.stderr
    assert [front_matter(p)["title"] for p in written(site).values()] == ["Support Worker 7"]
    assert f"{source}:3: skipped '380-FD-0007': an advert above in the feed has the same reference" not in result.stderr
    assert f"{source}:4: skipped '380-FD-0007': an advert above in the feed has the same reference" in result.stderr


def test_no_way_to_apply_and_a_missing_reference_are_warnings_at_the_adverts_line(site, tmp_path):
    source = feed(tmp_path / "feed.xml", [advert(1), advert(2, url="", reference="")])
    result = import_feed(site, source)
    assert result.returncode == 0, result.stderr
    assert f"{source}:4: apply_url: warning: the advert gives no way to apply" in result.stderr
    assert f'{source}:4: reference: warning: the advert gives no reference; used its NHS Jobs id, "C9300002"' in result.stderr
    assert f"{source}:3: apply_url" not in result.stderr
    assert "C9300002" in written(site)


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE nhsJobs [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<nhsJobs><vacancyDetails><reference>X-1</reference><title>&lol9;</title><employer>KMPT</employer>
<salary>£1</salary><closeDate>2026-12-14</closeDate></vacancyDetails></nhsJobs>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE nhsJobs [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<nhsJobs><vacancyDetails><reference>X-2</reference><title>Nurse</title><employer>KMPT</employer>
<description>&secret;</description><salary>£1</salary><closeDate>2026-12-14</closeDate></vacancyDetails></nhsJobs>
"""
UNDECLARED = """<?xml version="1.0"?>
<nhsJobs>
<vacancyDetails><reference>X-3</reference><title>Nurse &secret;</title></vacancyDetails></nhsJobs>
"""


@pytest.mark.parametrize("text, line, words", [
    (BILLION_LAUGHS, 1, "declares a DTD"),
    (EXTERNAL, 1, "declares a DTD"),
    (UNDECLARED, 3, "is not well-formed XML: undefined entity"),
    ("<nhsJobs><vacancyDetails><title>Nurse</vacancyDetails></nhsJobs>", 1, "is not well-formed XML: mismatched tag"),
    ("<rss><channel/></rss>", 1, "is not an NHS Jobs feed: its root element is <rss>, not <nhsJobs>"),
], ids=["billion-laughs", "external-entity", "undeclared-entity", "mismatched-tag", "another-format"])
def test_a_hostile_or_broken_feed_is_refused_naming_the_file_and_line(site, tmp_path, text, line, words):
    source = tmp_path / "feed.xml"
    source.write_text(text, encoding="utf-8")
    started = time.monotonic()
    result = import_feed(site, source)
    assert time.monotonic() - started < 30, "the refusal took long enough to suggest the entities were expanded"
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{source}:{line}: {words}" in result.stderr, result.stderr
    assert "nothing was imported" in result.stderr and "root:" not in result.stdout + result.stderr
    assert written(site) == {}


def test_hostile_values_stay_text_inside_content_vacancies(site, tmp_path):
    """A `../` in the id and reference, script in the title, a javascript: address: nothing escapes or runs."""
    source = feed(tmp_path / "feed.xml", [
        advert(1, id="../../../escaped", reference="../../escaped", title="Nurse <script>alert(1)</script>",
               url="javascript:alert(document.cookie)", description='<img src=x onerror="alert(1)"><script>alert(2)</script>Text.'),
        advert(2, title="Nurse\nSalary: £99,999,999\nReference number: EVIL"),
    ])
    outside = everything(tmp_path)
    result = import_feed(site, source)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    new = set(everything(tmp_path)) - set(outside)
    assert new and all(p.is_relative_to(site / "content" / "vacancies") for p in new), new
    files = written(site)
    hostile = front_matter(files["../../escaped"])
    assert hostile["title"] == "Nurse <script>alert(1)</script>" and "apply_url" not in hostile
    text = files["../../escaped"].read_text(encoding="utf-8")
    assert "alert(2)" not in text and "onerror" not in text and "Text." in text
    assert 'apply_url: warning: "javascript:alert(document.cookie)" is not a web address' in result.stderr
    built = run("build", "--site", site, "--now", NOW)
    assert built.returncode == 0, built.stderr
    pages = [p for p in (site / "output").rglob("*") if p.suffix in (".html", ".xml", ".json") and p.is_file()]
    assert pages and not [p for p in pages if "<script>alert(1)" in p.read_text(encoding="utf-8")]
    joined = front_matter(files["380-FD-0002"])  # a line break in a value cannot start a field of its own
    assert joined["title"] == "Nurse Salary: £99,999,999 Reference number: EVIL" and joined["salary"]["min"] == 24937


def test_a_feed_is_known_without_format_and_names_its_own_addresses(site, tmp_path):
    source = feed(tmp_path / "search-results.xml", [advert(1), advert(2)])
    refused = run("import", "--site", site, "--now", NOW, source, "--url", "https://jobs.example.nhs.uk/1")
    assert refused.returncode == 1 and f"{source}:1: is an NHS Jobs feed" in refused.stderr and written(site) == {}
    result = run("import", "--site", site, "--now", NOW, source)
    assert result.returncode == 0, result.stderr
    assert sorted(written(site)) == ["380-FD-0001", "380-FD-0002"]
