"""/accessibility/: the statement the Accessibility Regulations 2018 ask for, from config.yaml, in every footer and the sitemap."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import run
from sitetools import build, config, html_files, main, soup, text_of, uk_date

NOW = "2026-03-01T09:00"
SITES = ["board", "nhsuk"]  # the default theme and the nhsuk theme
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CONTACT_WARNING = "accessibility.email: warning: the accessibility statement gives no way to report an accessibility problem"
REVIEW_WARNING = "accessibility.reviewed: warning: the accessibility statement does not say when it was last reviewed"


@pytest.fixture(scope="module", params=SITES)
def built(request, built_site):
    return built_site(request.param, NOW)


def statement_path(site: Path) -> str:
    """/accessibility/ under the site's base path, as its pages link to it."""
    return urlsplit(config(site)["base_url"]).path + "accessibility/"


def statement(built) -> object:
    return soup(built.output, statement_path(built.site), config(built.site)["base_url"])


def test_the_statement_gives_the_organisation_contact_and_response_time(built):
    settings = config(built.site)["accessibility"]
    page = main(statement(built))
    text = text_of(page)
    assert text_of(page.h1) == "Accessibility statement"
    assert f"This website is run by {settings['organisation']}." in text
    assert page.find("a", href=f"mailto:{settings['email']}", string=settings["email"]) is not None
    assert page.find("a", href="tel:" + re.sub(r"[^\d+]", "", settings["phone"]), string=settings["phone"]) is not None
    assert f"get back to you within {settings['response_time']}." in text


def test_the_statement_gives_the_enforcement_procedure(built):
    page = main(statement(built))
    text = text_of(page)
    assert "The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies " \
           "(Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018" in text
    eass = page.find("a", string="Equality Advisory and Support Service (EASS)")
    assert eass is not None and eass["href"].startswith("https://www.equalityadvisoryservice.com")
    assert "If you're not happy with how we respond to your complaint, contact the Equality Advisory and Support Service" in text


def test_the_statement_gives_compliance_known_issues_and_review_dates(built):
    settings = config(built.site)["accessibility"]
    page = main(statement(built))
    text = text_of(page)
    issues = [text_of(li) for li in page.select("ul.known-issues li")]
    assert issues == settings["known_issues"]
    assert "This website is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard" in text
    assert f"This statement was prepared on {uk_date(settings['prepared'])}." in text
    assert f"It was last reviewed on {uk_date(settings['reviewed'])}." in text


def redirect(page) -> bool:
    """An old address's page (`aliases:`): it sends the browser on at once, so it has no footer to link from."""
    return page.find("meta", attrs={"http-equiv": "refresh"}) is not None


def test_every_page_links_the_statement_from_its_footer(built):
    target = statement_path(built.site)
    files = html_files(built.output)
    assert len(files) > 20
    checked = 0
    for file in files:
        page = soup(built.output, "/" + file.relative_to(built.output).as_posix())
        if redirect(page):
            continue
        footer = page.find("footer")
        assert footer is not None, file
        assert footer.find("a", href=target, string=re.compile(r"^\s*Accessibility statement\s*$")), file
        checked += 1
    assert checked > 20


def test_the_statement_is_in_the_sitemap(built_site):
    """The nhsuk theme writes sitemap.xml; the statement is one of the pages it lists."""
    built = built_site("nhsuk", NOW)
    locs = [loc.text for loc in ET.parse(built.output / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")]
    assert config(built.site)["base_url"] + "accessibility/" in locs


def test_the_statement_shows_the_config_text_as_text(built_site):
    """An organisation or known issue with <, > and & is shown as typed, never read as markup."""
    built = built_site("awkward-titles", NOW)
    settings = config(built.site)["accessibility"]
    page = main(soup(built.output, "/accessibility/"))
    assert f"This website is run by {settings['organisation']}." in text_of(page)
    assert [text_of(li) for li in page.select("ul.known-issues li")] == settings["known_issues"]
    assert page.find("b") is None and page.find("liaison") is None


def test_in_northern_ireland_the_equality_commission_for_northern_ireland_enforces(site_copy):
    site = site_copy("board")
    path = site / "config.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  northern_ireland: true\n", encoding="utf-8")
    build(site, "--now", NOW)
    page = main(soup(site / "output", "/accessibility/"))
    assert "The Equality Commission for Northern Ireland is responsible for enforcing" in text_of(page)
    assert page.find("a", string="Equality Commission for Northern Ireland")["href"].startswith("https://www.equalityni.org")
    assert "Equality Advisory and Support Service" not in text_of(page)


def test_a_fully_compliant_site_says_so_and_lists_no_issues(site_copy):
    site = site_copy("board")
    path = site / "config.yaml"
    text = path.read_text(encoding="utf-8").replace("  compliance: partially", "  compliance: fully")
    path.write_text(re.sub(r"  known_issues:\n(    - .*\n)+", "", text), encoding="utf-8")
    build(site, "--now", NOW)
    page = main(soup(site / "output", "/accessibility/"))
    assert "This website is fully compliant with the Web Content Accessibility Guidelines version 2.2 AA standard." in text_of(page)
    assert page.select("ul.known-issues") == []
    assert "We do not know of any part of this website that is not fully accessible." in text_of(page)


# What check says about the statement's settings -----------------------------------------------------------

def drop_keys(site: Path, *keys: str) -> int:
    """Remove keys of the board's `accessibility:` block; the line the block starts on."""
    path = site / "config.yaml"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if not any(line.startswith(f"  {key}:") for key in keys)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines.index("accessibility:") + 1


def drop_block(site: Path) -> None:
    """Remove the board's whole `accessibility:` block, the last thing in its config.yaml."""
    path = site / "config.yaml"
    path.write_text(path.read_text(encoding="utf-8").split("\naccessibility:\n")[0] + "\n", encoding="utf-8")


def check(site: Path, *args: str) -> tuple[int, list[str]]:
    result = run("check", "--site", site, "--now", NOW, *args)
    assert "Traceback" not in result.stderr
    return result.returncode, result.stderr.splitlines()


def test_check_is_quiet_about_a_complete_statement(site_copy):
    assert check(site_copy("board")) == (0, [])


@pytest.mark.parametrize("dropped, expected", [
    (("email", "phone"), [CONTACT_WARNING]),
    (("email",), []),  # a phone alone is a way to report a problem
    (("reviewed",), [REVIEW_WARNING]),
    (("email", "phone", "reviewed", "prepared"), [CONTACT_WARNING, REVIEW_WARNING]),
])
def test_check_warns_while_the_contact_or_review_date_is_missing(site_copy, dropped, expected):
    site = site_copy("board")
    line = drop_keys(site, *dropped)
    code, lines = check(site)
    assert code == 0
    assert len(lines) == len(expected), lines
    for warning in expected:
        assert any(text.startswith(f"config.yaml:{line}: {warning}") for text in lines), lines


def test_a_board_with_no_statement_settings_gets_both_warnings_and_strict_fails(site_copy):
    site = site_copy("board")
    drop_block(site)
    code, lines = check(site)
    assert code == 0
    assert any(text.startswith(f"config.yaml:1: {CONTACT_WARNING}") for text in lines), lines
    assert any(text.startswith(f"config.yaml:1: {REVIEW_WARNING}") for text in lines), lines
    strict, _ = check(site, "--strict")
    assert strict == 1


def test_mistyped_settings_are_errors_at_their_line(site_copy):
    site = site_copy("board")
    path = site / "config.yaml"
    text = path.read_text(encoding="utf-8").split("\naccessibility:\n")[0]
    block = ["accessibility:", "  email: not an address", "  phone: call us", "  compliance: mostly", "  known_issues: 3",
             "  reviewed: last March", "  northern_ireland: perhaps", "  revewed: 2026-01-01"]
    path.write_text(text + "\n" + "\n".join(block) + "\n", encoding="utf-8")
    first = len(text.splitlines()) + 2  # the line `accessibility:` is on
    code, lines = check(site)
    assert code == 1
    expected = {"email": "is not an e-mail address", "phone": "expected a telephone number",
                "compliance": 'expected fully, partially or not (compliant with WCAG 2.2 AA), got \'mostly\'',
                "known_issues": "expected a list of problems", "reviewed": 'expected a date like 2026-03-14',
                "northern_ireland": "expected true or false, got 'perhaps'"}
    for offset, key in enumerate(["email", "phone", "compliance", "known_issues", "reviewed", "northern_ireland"], 1):
        assert any(t.startswith(f"config.yaml:{first + offset}: accessibility.{key}: ") and expected[key] in t for t in lines), (key, lines)
    assert f'config.yaml:{first + 7}: accessibility.revewed: warning: unknown key; did you mean "reviewed"?' in lines
    # Each mistyped value has its error: no warning repeats that the contact or review date is missing.
    assert not any(CONTACT_WARNING in t or REVIEW_WARNING in t for t in lines), lines


@pytest.mark.parametrize("compliance, issues, expected", [
    ("fully", True, "the statement lists 2 known issue(s), so the site is not fully compliant"),
    ("partially", False, "the statement says the site is partially compliant but lists no known issues"),
])
def test_check_warns_when_the_compliance_status_and_known_issues_disagree(site_copy, compliance, issues, expected):
    site = site_copy("board")
    path = site / "config.yaml"
    text = path.read_text(encoding="utf-8").replace("  compliance: partially", f"  compliance: {compliance}")
    path.write_text(text if issues else re.sub(r"  known_issues:\n(    - .*\n)+", "", text), encoding="utf-8")
    line = path.read_text(encoding="utf-8").splitlines().index(f"  compliance: {compliance}") + 1
    code, lines = check(site)
    assert code == 0
    assert len(lines) == 1 and lines[0].startswith(f"config.yaml:{line}: accessibility.compliance: warning: {expected}"), lines
