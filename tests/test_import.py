"""`jobboard import`: pasted adverts become vacancy files with the same facts as the hand-checked content."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ROOT, run
from sitetools import front_matter

from generator.config.settings import load_config
from generator.load.vacancies import build_vacancy
from generator.model.problems import Problems
from generator.source.frontmatter import parse

SEEDS = Path("/work/shared/seeds") if Path("/work/shared/seeds").is_dir() else ROOT.parent / "shared" / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))
NOW = "2026-11-24"
IGNORED = {"source", "body_key"}


def load(path: Path, site: Path):
    """A vacancy file read exactly as `jobboard check` reads it."""
    problems = Problems()
    config = load_config(site, problems)
    doc = parse(path.read_bytes(), path.name, problems)
    vacancy = build_vacancy(doc, path.name, config, problems) if doc else None
    assert vacancy is not None, [str(p) for p in problems.items]
    return vacancy, doc


def facts(vacancy) -> dict:
    return {f.name: getattr(vacancy, f.name) for f in dataclasses.fields(vacancy) if f.name not in IGNORED}


def squash(text: str) -> str:
    return " ".join(text.split())


def import_text(site: Path, text: str, tmp_path: Path, name: str = "advert.txt", *extra: str):
    source = tmp_path / name
    source.write_bytes(text.encode("utf-8"))
    return run("import", "--site", site, "--now", NOW, source, *extra)


def import_one(site: Path, text: str, tmp_path: Path):
    """Import one pasted advert that must succeed; the vacancy it wrote, its document and the run."""
    result = import_text(site, text, tmp_path)
    assert result.returncode == 0, result.stderr
    [made] = written(site)
    vacancy, doc = load(made, site)
    return vacancy, doc, result


def written(site: Path) -> list[Path]:
    return sorted((site / "content" / "vacancies").glob("*.md"))


def content_file_for(reference: str) -> Path:
    for path in (ROOT / "content" / "vacancies").glob("*.md"):
        if f'reference: "{reference}"' in path.read_text(encoding="utf-8"):
            return path
    raise AssertionError(f"no content file has reference {reference}")


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name[:3])
def test_each_seed_imports_to_the_same_facts_and_body(seed, empty_site):
    result = run("import", "--site", empty_site, "--now", NOW, seed)
    assert result.returncode == 0, result.stderr
    [made] = written(empty_site)
    imported, imported_doc = load(made, empty_site)
    expected, expected_doc = load(content_file_for(imported.reference), ROOT)
    assert facts(imported) == facts(expected)
    assert squash(imported_doc.body) == squash(expected_doc.body)


def test_imported_seeds_check_clean_and_build(empty_site):
    result = run("import", "--site", empty_site, "--now", NOW, *SEED_FILES)
    assert result.returncode == 0, result.stderr
    assert len(written(empty_site)) == 5
    assert run("check", "--site", empty_site, "--now", "2025-08-15").returncode == 0
    built = run("build", "--site", empty_site, "--now", "2025-08-15")
    assert built.returncode == 0, built.stderr
    assert len(list((empty_site / "output" / "vacancies").glob("*/index.html"))) == 2


def test_warnings_name_the_field_and_quote_conflicts(empty_site):
    result = run("import", "--site", empty_site, "--now", NOW, *SEED_FILES)
    lines = result.stderr.splitlines()
    assert any(re.search(r"003_\w+\.txt: closing: warning: .*2026-03-14.*Thursday 26 Feb 2026", line) for line in lines), result.stderr
    assert any(re.search(r"000_\w+\.txt: title: warning: .*Band 3 Administrator", line) for line in lines), result.stderr
    band_comment = next(p for p in written(empty_site) if "7806241" in p.name).read_text(encoding="utf-8")
    assert re.search(r"# band inferred.*\n(#.*\n)*band: \"Band 5\"", band_comment)


# Variants ---------------------------------------------------------------------------------------

def seed(number: str) -> str:
    return next(p for p in SEED_FILES if p.name.startswith(number)).read_text(encoding="utf-8")


def to_inline(text: str, labels: list[str]) -> str:
    """NHS Jobs' label line + value line joined as "Label: value"."""
    for label in labels:
        text = re.sub(rf"^{re.escape(label)}\n(.+)$", rf"{label}: \1", text, count=1, flags=re.M)
    return text


def to_bullets(text: str, labels: list[str]) -> str:
    """Label and value as "- Label" / "- Value" bullet pairs."""
    for label in labels:
        text = re.sub(rf"^{re.escape(label)}\n(.+)$", rf"- {label}\n- \1", text, count=1, flags=re.M)
    return text


def reorder_table(text: str) -> str:
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("|---")]
    head, *rest = rows
    shuffled = [head] + rest[::-1]
    lines = text.splitlines()
    positions = [i for i, line in enumerate(lines) if line in rows]
    for i, row in zip(positions, shuffled):
        lines[i] = row
    return "\n".join(lines)


def reorder_labels(text: str) -> str:
    """Swap NHS Jobs' "Grade" and "Closing" blocks, and "Contract" with "Salary"."""
    def block(label: str) -> str:
        return re.search(rf"^{label}\n.+\n", text, flags=re.M).group(0)
    for first, second in (("Grade", "Closing"), ("Contract", "Salary")):
        a, b = block(first), block(second)
        text = text.replace(a, "\x00").replace(b, a).replace("\x00", b)
    return text


NHS_LABELS = ["Main area", "Grade", "Contract", "Hours", "Job ref", "Employer", "Site", "Town", "Salary", "Closing", "Interview date"]
VARIANTS = {
    "crlf": ("001", lambda t: t.replace("\n", "\r\n"), {}),
    "nbsp-and-smart-quotes": ("002", lambda t: t.replace(" ", "\u00a0", 40).replace("'", "\u2019").replace("Job ref\n", "Job\u00a0ref\n"), {}),
    "fields-reordered-nhs": ("001", reorder_labels, {}),
    "fields-reordered-table": ("003", reorder_table, {}),
    "missing-sections": ("001", lambda t: re.sub(r"Working for our organisation\n.*?(?=Detailed job description)", "", re.sub(r"Interview date\n.+\n", "", t), flags=re.S), {"interview": None}),
    "extra-blank-lines": ("000", lambda t: t.replace("\n", "\n\n\n"), {}),
    "label-value-same-line": ("001", lambda t: to_inline(t, NHS_LABELS), {}),
    "bullet-pairs": ("002", lambda t: to_bullets(t, NHS_LABELS), {}),
    "salary-per-hour": ("002", lambda t: t.replace("£24,937 - £26,598 per annum", "£12.75 - £13.60 an hour").replace("Salary period\nYearly\n", ""),
                        {"salary": ("12.75", "13.60", "hour")}),
}


@pytest.mark.parametrize("name", VARIANTS)
def test_variant_gives_the_expected_fields(name, empty_site, tmp_path):
    number, change, expected_changes = VARIANTS[name]
    text = change(seed(number))
    assert text != seed(number)
    result = import_text(empty_site, text, tmp_path)
    assert result.returncode == 0, result.stderr
    [made] = written(empty_site)
    imported, _ = load(made, empty_site)
    original, _ = load(content_file_for(imported.reference), ROOT)
    want = facts(original)
    for key, value in expected_changes.items():
        if key == "salary":
            low, high, period = value
            assert (imported.salary.minimum, imported.salary.maximum, imported.salary.period) == (Decimal(low), Decimal(high), period)
            want.pop("salary")
            want.pop("band")  # an hourly rate never identifies a band; the seed states it anyway
            assert imported.band == original.band
        else:
            want[key] = value
    got = facts(imported)
    if "salary" in expected_changes:
        got.pop("salary"), got.pop("band")
    assert got == want
    assert run("check", "--site", empty_site, "--now", NOW).returncode == 0


def test_advert_with_two_sites(empty_site, tmp_path):
    text = seed("000").replace(
        "Job locations\nLiaison, Diversion and Reconnect\nPoppy House 20-22 Oakapple Lane\nMaidstone\nME16 9NW\n",
        "Job locations\nLiaison, Diversion and Reconnect\nPoppy House 20-22 Oakapple Lane\nMaidstone\nME16 9NW\n"
        "Canterbury Police Station\nOld Dover Road\nCanterbury\nct1 3jq\n")
    imported, _, result = import_one(empty_site, text, tmp_path)
    assert [dataclasses.astuple(p) for p in imported.locations] == [
        ("Liaison, Diversion and Reconnect", "Poppy House 20-22 Oakapple Lane", "Maidstone", "ME16 9NW"),
        ("Canterbury Police Station", "Old Dover Road", "Canterbury", "CT1 3JQ"),
    ]


def test_plain_label_colon_value_advert(empty_site, tmp_path):
    text = ("Staff Nurse - Acute Mental Health Ward\n\nEmployer: Central and North West London NHS Foundation Trust\n"
            "Band: Band 5\nSalary: £38,682 - £46,580 per annum inc HCAS\nContract: Fixed term: 12 months\n"
            "Working pattern: Full-time, Flexible working\nJob reference: 333-N-0001\nClosing date: 03/12/2026\n"
            "Location: Park Royal Centre for Mental Health, Acton Lane, London, NW10 7NS\n\nJob overview\n"
            "We are looking for a registered mental health nurse.\n\n• Shift work\n• Supervision\n")
    imported, doc, result = import_one(empty_site, text, tmp_path)
    assert (imported.trust.name, imported.band.name, imported.contract, imported.contract_detail) == (
        "Central and North West London NHS Foundation Trust", "Band 5", "Fixed term", "12 months")
    assert imported.working_pattern == ("Full time", "Flexible working")
    assert imported.closing.isoformat() == "2026-12-03T23:59:00+00:00"
    assert dataclasses.astuple(imported.locations[0]) == ("Park Royal Centre for Mental Health", "Acton Lane", "London", "NW10 7NS")
    assert "- Shift work\n- Supervision" in doc.body and "## Job overview" in doc.body
    assert "title" in result.stderr  # the title came from the first line, not a field: the editor is told


# Honesty and safety -------------------------------------------------------------------------------

def test_salary_not_specified_does_not_hide_additional_information(empty_site, tmp_path):
    imported, _, _ = import_one(empty_site, seed("003"), tmp_path)
    assert (imported.salary.minimum, imported.salary.maximum) == (31049, 37796)


def test_band_left_as_not_stated_when_salary_does_not_identify_one(empty_site, tmp_path):
    text = seed("003").replace("£31,049 - £37,796", "£31,000 - £37,000")
    result = import_text(empty_site, text, tmp_path)
    assert result.returncode == 0
    imported, _ = load(written(empty_site)[0], empty_site)
    assert imported.band.name == "Not stated"
    assert re.search(r"band: warning: .*states no band", result.stderr)


def test_missing_required_field_is_a_warning_naming_it(empty_site, tmp_path):
    text = re.sub(r"\| Job reference: \|.*\n", "", seed("004"))
    result = import_text(empty_site, text, tmp_path)
    assert re.search(r": reference: warning: required field not found", result.stderr), result.stderr


def test_never_overwrites_without_force_and_dry_run_writes_nothing(empty_site, tmp_path):
    assert import_text(empty_site, seed("002"), tmp_path).returncode == 0
    [made] = written(empty_site)
    made.write_text("edited", encoding="utf-8")
    again = import_text(empty_site, seed("002"), tmp_path)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert made.read_text(encoding="utf-8") == "edited"
    dry = import_text(empty_site, seed("002"), tmp_path, "advert.txt", "--dry-run")
    assert dry.returncode == 0 and dry.stdout.startswith("---\n") and 'reference: "380-WK0316"' in dry.stdout
    assert made.read_text(encoding="utf-8") == "edited"
    assert import_text(empty_site, seed("002"), tmp_path, "advert.txt", "--force").returncode == 0
    assert made.read_text(encoding="utf-8") != "edited"


@pytest.mark.parametrize("content", [b"", b"   \n\n", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
                                     b"Shopping list\n\nmilk\neggs\nbread\n", "Dear diary, today was sunny.\n".encode() * 50])
def test_text_that_is_not_an_advert_is_refused(empty_site, tmp_path, content):
    source = tmp_path / "pasted.txt"
    source.write_bytes(content)
    result = run("import", "--site", empty_site, "--now", NOW, source)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "pasted.txt" in result.stderr
    assert written(empty_site) == []


def test_reads_standard_input(empty_site):
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-m", "generator", "import", "--site", str(empty_site), "--now", NOW, "-"],
                            input=seed("001"), capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert len(written(empty_site)) == 1


def test_current_nhs_jobs_layout_with_duration_and_title_first(empty_site, tmp_path):
    text = ("Skip to main content\nSpecialty Doctor in Liaison Psychiatry\nCentral and North West London NHS Foundation Trust\n"
            "Job summary\nAn opportunity to join our liaison psychiatry team.\nMain duties of the job\nAssess patients in A&E.\n"
            "Details\nDate posted\n3 November 2026\nPay scheme\nHospital medical and dental staff\nGrade\nSpecialty Doctor\n"
            "Salary\n£52,530 to £82,400 a year\nContract\nFixed term\nDuration\n12 months\nWorking pattern\nFull-time, Flexible working\n"
            "Reference number\n333-MED-0042\nJob locations\nSt Charles Centre for Health and Wellbeing\nExmoor Street\nLondon\nW10 6DZ\n"
            "Job description\nJob responsibilities\nProvide assessments.\nPerson Specification\nQualifications\nEssential\n"
            "MBBS or equivalent\nDesirable\nMRCPsych\nEmployer details\nEmployer name\nCentral and North West London NHS Foundation Trust\n"
            "Address\nSt Charles Centre for Health and Wellbeing\nExmoor Street\nLondon\nW10 6DZ\nEmployer's website\n"
            "https://www.cnwl.nhs.uk/ (Opens in a new tab)\n")
    imported, doc, result = import_one(empty_site, text, tmp_path)
    assert imported.title == "Specialty Doctor in Liaison Psychiatry"
    assert imported.band.name == "Medical and dental"
    assert imported.contract_shown == "Fixed term: 12 months" and doc.data["contract"] == "Fixed term: 12 months"
    assert imported.working_pattern == ("Full time", "Flexible working")
    assert imported.posted.isoformat() == "2026-11-03" and imported.reference == "333-MED-0042"
    assert dataclasses.astuple(imported.locations[0]) == ("St Charles Centre for Health and Wellbeing", "Exmoor Street", "London", "W10 6DZ")
    assert "### Qualifications\n\n**Essential**\n\n- MBBS or equivalent\n\n**Desirable**\n\n- MRCPsych" in doc.body
    assert "Employer name" not in doc.body and "Central and North West London NHS Foundation Trust" not in doc.body


def test_trac_style_inline_labels_with_time_before_date(empty_site, tmp_path):
    text = ("Community Mental Health Nurse\n\nJob Title: Community Mental Health Nurse\nBand: 6\n"
            "Organisation: Lancashire & South Cumbria NHS Foundation Trust\nSpecialty: Community Mental Health\n"
            "Salary: £38,682 to £46,580 per year pro rata\nContract Type: Permanent\nHours: 37.5 hours per week\n"
            "Job Reference: 351-CMH-0099\nClosing Date: 23:59 on Sunday 13 December 2026\nInterview Date: 05/01/2027\n"
            "Location: Preston, PR2 8DY\n\nAbout the role\nJoin our community team.\n")
    imported, _, result = import_one(empty_site, text, tmp_path)
    assert imported.closing.isoformat() == "2026-12-13T23:59:00+00:00"
    assert (imported.band.name, imported.staff_group, imported.interview.isoformat()) == ("Band 6", "Community Mental Health", "2027-01-05")
    assert imported.salary.note == "pro rata" and imported.salary.period == "year"
    assert "title" not in result.stderr, "the title was a field, so nothing needs checking"


def test_an_inferred_band_is_a_warning_on_the_terminal(empty_site):
    """The band written from the salary alone is said at import, not only in a comment in the file."""
    result = run("import", "--site", empty_site, "--now", NOW, *SEED_FILES)
    inferred = [line for line in result.stderr.splitlines()
                if re.search(r": band: warning: the advert states no band; wrote Band 5, inferred from its salary", line)]
    assert len(inferred) == 1, result.stderr
    file = next(p for p in written(empty_site) if "7806241" in p.name)
    assert str(front_matter(file)["band"]) == "Band 5"


@pytest.mark.parametrize("now", ["2025-08-15", NOW])
def test_an_advert_already_closed_when_imported_is_a_warning(empty_site, now):
    """Importing an advert whose closing date has passed says it goes straight to the archive; one still open says nothing."""
    result = run("import", "--site", empty_site, "--now", now, *SEED_FILES)
    warned = sorted(Path(line.split(": ")[0]).name for line in result.stderr.splitlines()
                    if ": closing: warning: this advert is already closed" in line)
    closed = []
    for file in written(empty_site):
        data = front_matter(file)
        if "closing" in data and date.fromisoformat(str(data["closing"])[:10]) < date.fromisoformat(now[:10]):
            closed.append(next(s.name for s in SEED_FILES if str(data["reference"]) in s.read_text(encoding="utf-8")))
    assert warned == sorted(closed), result.stderr
    assert closed or now != NOW, "by the later clock every seed advert has closed"


@pytest.mark.parametrize("block", ["spaces", "capitals", "nines"])
def test_a_megabyte_of_awkward_paste_imports_with_the_advert_read(empty_site, tmp_path, block):
    """A million spaces, capitals or nines in a paste: the advert is still read (the time is in benchmarks/import_speed.py)."""
    text = seed("003")
    if block == "spaces":
        text = text.replace("\n", "\n" + " " * 1_000_000 + "x\n", 1)
    elif block == "capitals":
        text += "\n" + "A" * 1_000_000 + "\n"
    else:
        text = "Salary: £" + "9" * 1_000_000 + "\n" + text
    result = import_text(empty_site, text, tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-2000:]
    imported, _ = load(written(empty_site)[0], empty_site)
    assert imported.title and imported.reference
    if block == "nines":
        assert "not an amount jobboard can read (a number 1,000,000 digits long)" in result.stderr
        assert (imported.salary.minimum, imported.salary.maximum) == (31049, 37796), "the advert's own salary is still read"
