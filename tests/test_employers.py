"""The register of NHS employers: former names mapped to current ones, config.yaml over the register, and a
"did you mean" that weighs place names, not the "NHS Foundation Trust" every name shares."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import run
from sitetools import front_matter

from generator.config.employers import current_name, employer_on_line, employers, name_key, suggest

NOW = "2026-02-20"
LSCFT = "Lancashire & South Cumbria NHS Foundation Trust"
KMMH = "Kent and Medway Mental Health NHS Trust"
CONFIG = f"""title: Register test
description: Trusts from the register.
base_url: https://example.org/
trusts:
  - name: {LSCFT}
    slug: lscft
    aliases: [Lancashire Care Foundation Trust, LSCFT]
  - name: {KMMH}
    aliases: [KMPT]
  - name: Barts (config's name)
    slug: barts
    code: r1h
"""

# A misspelt trust, and the trust "did you mean" must offer: the register's, under its current name, or config.yaml's.
MISSPELT = [
    ("Lancashire Teaching Hospital NHS Trust", "Lancashire Teaching Hospitals NHS Foundation Trust"),
    ("Univ Hospitals of Morcambe Bay", "University Hospitals of Morecambe Bay NHS Foundation Trust"),
    ("Manchester University Hospitals NHS Foundation Trust", "Manchester University NHS Foundation Trust"),
    ("Sheffield Teaching Hospital", "Sheffield Teaching Hospitals NHS Foundation Trust"),
    ("Guys and St Thomas NHS Trust", "Guy's and St Thomas' NHS Foundation Trust"),
    ("Kings College Hospital", "King's College Hospital NHS Foundation Trust"),
    ("Great Ormond St Hospital", "Great Ormond Street Hospital for Children NHS Foundation Trust"),
    ("Royal Marsdon Hospital", "The Royal Marsden NHS Foundation Trust"),
    ("Leeds Teaching Hospital Trust", "Leeds Teaching Hospitals NHS Trust"),
    ("Notingham University Hospitals", "Nottingham University Hospitals NHS Trust"),
    ("Nottinghamshire Healthcare Trust", "Nottinghamshire Healthcare NHS Foundation Trust"),
    ("Birmingham and Solihul Mental Health", "Birmingham and Solihull Mental Health NHS Foundation Trust"),
    ("Cambridge Univ. Hospitals", "Cambridge University Hospitals NHS Foundation Trust"),
    ("Oxford Univeristy Hospitals NHS FT", "Oxford University Hospitals NHS Foundation Trust"),
    ("Betsi Cadwalader University Health Board", "Betsi Cadwaladr University Health Board"),
    ("NHS Greater Glasgow & Clyd", "NHS Greater Glasgow and Clyde"),
    ("Belfast Health & Social Care", "Belfast Health and Social Care Trust"),
    ("Swansea Bay Health Board", "Swansea Bay University Health Board"),
    ("Walsal Healthcare", "Walsall Healthcare NHS Trust"),
    ("Northern Care Aliance", "Northern Care Alliance NHS Foundation Trust"),
    ("Royal Devon & Exeter Hospital", "Royal Devon University Healthcare NHS Foundation Trust"),
    ("Cumbria, Northumberland, Tyne and Weir NHS Foundation Trust", "Cumbria, Northumberland, Tyne and Wear NHS Foundation Trust"),
    ("Birmingham Womens and Childrens Hospital", "Birmingham Women's and Children's NHS Foundation Trust"),
    ("Centrall and North West London NHS FT", "Central and North West London NHS Foundation Trust"),
    ("Lancashire Care Foundation Trst", LSCFT),
    ("Kent and Medway Mental Health Trust", KMMH),
]
# Trusts in neither the register nor config.yaml: nothing shares more than "NHS Foundation Trust" with them.
ABSENT = ["Wyre Forest NHS Foundation Trust", "Ludlow and Bridgnorth Healthcare NHS Foundation Trust"]
# Named exactly, or by a former name: known, so no warning at all.
KNOWN = ["Birmingham and Solihull Mental Health NHS Foundation Trust", "Heart of England NHS Foundation Trust",
         "Lancashire Care NHS Foundation Trust", "Whipps Cross University Hospital NHS Trust", "NHS Lothian"]


def make_site(root: Path, trusts: list[str]) -> Path:
    """A site whose config.yaml is CONFIG, with one advert at each of these trusts (adverts/advert-N.md)."""
    site = root / "site"
    folder = site / "content" / "vacancies"
    folder.mkdir(parents=True)
    (site / "config.yaml").write_text(CONFIG, encoding="utf-8")
    for number, trust in enumerate(trusts):
        (folder / f"advert-{number}.md").write_text(
            f'---\ntitle: Staff Nurse {number}\ntrust: "{trust}"\nband: Band 5\nreference: REG-{number}\n'
            f"posted: 2026-02-12\nclosing: 2026-03-12\n---\n\nCare for patients on the ward.\n", encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """`jobboard check` of a site with one advert at each trust of the tables: each advert's trust warning, by trust."""
    trusts = [wrong for wrong, _ in MISSPELT] + ABSENT + KNOWN
    site = make_site(tmp_path_factory.mktemp("register"), trusts)
    result = run("check", "--site", site, "--now", NOW)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    warnings: dict[int, str] = {}
    for line in result.stderr.splitlines():
        match = re.match(r"content/vacancies/advert-(\d+)\.md:3: trust: warning: ", line)
        if match:
            warnings[int(match.group(1))] = line
    return {trust: warnings.get(number, "") for number, trust in enumerate(trusts)}


@pytest.mark.parametrize(("misspelt", "meant"), MISSPELT)
def test_did_you_mean_offers_the_trust_the_editor_meant(checked, misspelt, meant):
    assert checked[misspelt].endswith(f'"{misspelt}" is not a known trust; did you mean "{meant}"?'), checked[misspelt]


@pytest.mark.parametrize("absent", ABSENT)
def test_a_trust_nobody_knows_gets_no_unrelated_suggestion(checked, absent):
    # The bug: a West Midlands trust was offered "Lancashire & South Cumbria NHS Foundation Trust".
    assert checked[absent].endswith(f'"{absent}" is not a known trust; add it to the trusts in config.yaml'), checked[absent]


@pytest.mark.parametrize("known", KNOWN)
def test_register_employers_and_their_former_names_are_known_trusts(checked, known):
    assert checked[known] == ""


def test_former_names_are_published_under_the_current_name_and_config_wins(tmp_path):
    site = make_site(tmp_path, ["Heart of England NHS Foundation Trust", "Lancashire Care NHS Foundation Trust",
                                "Whipps Cross University Hospital NHS Trust"])
    result = run("build", "--site", site, "--now", NOW)
    assert result.returncode == 0, result.stderr
    out = site / "output" / "trusts"
    # The register's current name; config.yaml's trust that shares a name (LSCFT) or the ODS code (R1H, Barts Health).
    pages = {"university-hospitals-birmingham-nhs-foundation-trust": "University Hospitals Birmingham NHS Foundation Trust",
             "lscft": LSCFT, "barts": "Barts (config's name)"}
    assert {p.name for p in out.iterdir() if p.is_dir()} == set(pages)
    for slug, name in pages.items():
        page = BeautifulSoup((out / slug / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert page.h1.get_text(" ", strip=True) == name


def test_import_writes_the_current_name_of_a_former_one(tmp_path):
    site = make_site(tmp_path, [])
    advert = tmp_path / "advert.txt"
    advert.write_text("Healthcare Assistant\n\nEmployer: Heart of England NHS Foundation Trust\nBand: Band 3\n"
                      "Salary: £24,071 - £25,674 per annum\nJob reference: 123-HA-01\nClosing date: 12/03/2026\n\n"
                      "Job overview\nSupport the nurses on a busy ward.\n", encoding="utf-8")
    result = run("import", "--site", site, "--now", NOW, advert)
    assert result.returncode == 0, result.stderr
    [made] = (site / "content" / "vacancies").glob("*.md")
    assert front_matter(made)["trust"] == "University Hospitals Birmingham NHS Foundation Trust"
    assert "not a known trust" not in result.stderr


@pytest.mark.parametrize(("written", "current"), [
    ("Guy's & St. Thomas' NHS FT", "Guy's and St Thomas' NHS Foundation Trust"),
    ("the christie nhs foundation trust", "The Christie NHS Foundation Trust"),
    ("Abertawe Bro Morgannwg University Health Board", "Swansea Bay University Health Board"),
    ("NHS Greater Glasgow", "NHS Greater Glasgow and Clyde"),
    ("Lancashire and South Cumbria NHS Foundation Trust", LSCFT),
    ("Univ. Hospitals of Morecambe Bay NHS Foundation Trust", "University Hospitals of Morecambe Bay NHS Foundation Trust"),
    ("Lancashire Teaching Hospital NHS Foundation Trust", None),  # a misspelling is a suggestion, never a match
    ("Kent and Medway", None),
])
def test_current_name_reads_any_spelling_of_a_current_or_former_name(written, current):
    assert current_name(written) == current


@pytest.mark.parametrize(("line", "employer"), [
    ("Barts Health NHS Trust", "Barts Health NHS Trust"),
    ("  Heart of England NHS Foundation Trust logo ", "University Hospitals Birmingham NHS Foundation Trust"),
    ("NHS Lothian (opens in a new tab)", "NHS Lothian"),
    ("Oxleas NHS Foundation Trust xY7_k2Lp9", "Oxleas NHS Foundation Trust"),
    ("Barts Health NHS Trust is recruiting nurses for its new ward.", None),
    ("Join Barts Health NHS Trust", None),
    ("Lothian", None),
    ("", None),
])
def test_employer_on_line_spots_a_name_on_its_own_line_only(line, employer):
    assert employer_on_line(line) == employer


def test_the_register_covers_every_nation_and_names_each_employer_once():
    register = employers()
    assert {e.nation for e in register} == {"England", "Wales", "Scotland", "Northern Ireland"}
    assert len([e for e in register if e.nation == "England"]) >= 150
    assert all(e.source for e in register)
    keys = [name_key(name) for e in register for name in e.names]
    assert len(keys) == len(set(keys))
    codes = [e.code for e in register if e.code]
    assert len(codes) == len(set(codes))


def test_suggest_returns_none_when_only_shared_words_match():
    assert suggest("Wolverhampton NHS Foundation Trust", [LSCFT, KMMH]) is None
    assert suggest("Lancashre and South Cumbria", [LSCFT, KMMH]) == LSCFT


def test_a_config_code_that_is_not_an_ods_code_is_an_error_naming_its_line(tmp_path):
    site = make_site(tmp_path, [])
    config = site / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("code: r1h", "code: not a code!"), encoding="utf-8")
    result = run("check", "--site", site, "--now", NOW)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line = next(n for n, text in enumerate(config.read_text(encoding="utf-8").splitlines(), 1) if "code:" in text)
    assert (f"config.yaml:{line}: trusts[2].code: expected an NHS ODS code of letters and digits such as RXY or 7A1, "
            "got 'not a code!'") in result.stderr.splitlines(), result.stderr
