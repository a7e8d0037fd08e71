"""Input a hostile or careless editor writes that must be refused at its line: YAML merge keys and tags, numbers too long
to read, a base_url that would load the site from elsewhere, a mailto with parameters, an apply URL with a password."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from conftest import run

NOW = "2026-03-01T09:00"
ADVERT = "---\ntitle: Staff Nurse\ntrust: TEWV\nband: Band 5\nreference: {reference}\nposted: 2026-02-01\nclosing: 2026-03-14\n{extra}---\nText.\n"
FIRST_EXTRA_LINE = 8


def check(site, files: dict[str, str]) -> list[str]:
    folder = site / "content" / "vacancies"
    for name, extra in files.items():
        (folder / name).write_text(ADVERT.format(reference=name.upper().removesuffix(".MD"), extra=extra), encoding="utf-8")
    result = run("check", "--site", site, "--now", NOW)
    assert "Traceback" not in result.stderr, result.stderr
    return result.stderr.splitlines()


CASES = {
    # name: (extra front matter, the line of the mistake from FIRST_EXTRA_LINE, field, words)
    "merge-key.md": ("contact:\n  <<: {name: Sam, email: sam@tewv.nhs.uk}\n", 1, "contact", "merge keys (<<) are not allowed"),
    "merge-whole.md": ("<<: {hours: 37.5}\n", 0, "", "merge keys (<<) are not allowed"),
    "binary-tag.md": ("hours: !!binary aGVsbG8=\n", 0, "hours", "YAML tags"),
    "timestamp-tag.md": ("hours: !!timestamp 2026-03-14\n", 0, "hours", "YAML tags"),
    "str-tag.md": ("hours: !!str 37.5\n", 0, "hours", "YAML tags"),
    "set-tag.md": ("working_pattern: !!set {Full-time, Part-time}\n", 0, "working_pattern", "YAML tags"),
    "huge-number.md": ("salary:\n  min: " + "9" * 4300 + "\n", 1, "salary.min", "4,300 digits long"),
    "mailto-parameters.md": ('contact:\n  email: "hr?bcc=thief%40evil.example&subject=x@trust.nhs.uk"\n', 1, "contact.email",
                             "is not an e-mail address"),
    "apply-url-password.md": ("apply_url: https://user:secret@jobs.example.org/apply\n", 0, "apply_url", "user name or password"),
}


def test_each_refused_input_is_an_error_at_its_line(site_copy):
    lines = check(site_copy("board"), {name: extra for name, (extra, *_) in CASES.items()})
    for name, (_, offset, field, words) in CASES.items():
        where = f"content/vacancies/{name}:{FIRST_EXTRA_LINE + offset}: " + (f"{field}: " if field else "")
        mine = [line for line in lines if line.startswith(f"content/vacancies/{name}:")]
        assert any(line.startswith(where) and words in line for line in mine), f"{where}… {words}: {mine}"
        assert not any("YAML tags such as !!python" in line for line in mine if "digits" in words), "a long number is not a tag"


def test_the_same_values_written_plainly_are_accepted(site_copy):
    lines = check(site_copy("board"), {
        "plain-contact.md": "contact:\n  name: Sam\n  email: sam.o'neill+jobs@tewv.nhs.uk\nhours: '37.5'\n",
        "plain-url.md": "apply_url: https://jobs.example.org/apply?ref=1#form\nworking_pattern: [Full-time, Part-time]\n",
    })
    assert not [line for line in lines if line.startswith("content/vacancies/plain-") and ": warning: " not in line], lines


@pytest.mark.parametrize("base_url", [
    "https://example.github.io//evil.example/", "https://example.github.io/jobs/?x=1", "https://example.github.io/jobs/#top",
    "https://user:pass@example.github.io/jobs/", "javascript:alert(1)//example.github.io/",
])
def test_a_base_url_that_is_not_the_sites_address_alone_is_refused(site_copy, base_url):
    site = site_copy("board")
    config = site / "config.yaml"
    config.write_text(re.sub(r"(?m)^base_url:.*$", f"base_url: {base_url!r}", config.read_text(encoding="utf-8")), encoding="utf-8")
    result = run("build", "--site", site, "--now", NOW)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(r"^config\.yaml:\d+: base_url: ", result.stderr, re.M), result.stderr
    assert not (site / "output").exists()
    given = run("build", "--site", site_copy("bands"), "--now", NOW, "--base-url", base_url)
    assert given.returncode == 1 and "--base-url" in given.stderr and "base_url" in given.stderr


KENT = "Kent and Medway Mental Health NHS Trust"


def repo_advert(site, name: str, trust: str, reference: str) -> None:
    text = ("---\ntitle: Staff Nurse\ntrust: " + json.dumps(trust, ensure_ascii=False) + "\nband: Band 5\nreference: "
            + json.dumps(reference, ensure_ascii=False) + "\nposted: 2026-02-01\nclosing: 2026-03-14\n"
            + "location:\n  town: Maidstone\napply_url: https://jobs.example.nhs.uk/apply\n---\nText.\n")
    (site / "content" / "vacancies" / name).write_text(text, encoding="utf-8")


def refused(site, *adverts: tuple[str, str, str], says: str) -> None:
    """`check` on the site with these adverts (file, trust, reference) fails, with a line matching `says`."""
    for advert in adverts:
        repo_advert(site, *advert)
    result = run("check", "--site", site, "--now", NOW)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(says, result.stderr, re.M), result.stderr


def test_a_trust_spelt_to_look_like_a_known_one_cannot_take_over_its_page(site_copy):
    refused(site_copy("repo"), ("accented.md", KENT.replace("Kent", "Kënt"), "SPOOF-1"),
            says=r"^content/vacancies/accented\.md:3: trust: .*Kënt.* is not a known trust, but its page would be "
                 r"trusts/kent-and-medway-mental-health-nhs-trust/")


def test_an_invisible_character_in_a_known_trusts_name_still_means_that_trust(site_copy):
    site = site_copy("repo")
    repo_advert(site, "zero-width.md", KENT.replace("Medway", "Med\u200bway"), "ZW-1")
    result = run("build", "--site", site, "--now", NOW)
    assert result.returncode == 0, result.stderr
    assert "zero-width.md" not in result.stderr
    page = (site / "output" / "trusts" / "kent-and-medway-mental-health-nhs-trust" / "index.html").read_text(encoding="utf-8")
    assert "ZW-1" in page or "/vacancies/zero-width/" in page
    assert "\u200b" not in page.split("<h1", 1)[1].split("</h1>", 1)[0], "the page is the known trust's, under its own name"


def test_two_unknown_trusts_that_would_share_a_page_are_an_error_naming_both(site_copy):
    refused(site_copy("repo"), ("a-first.md", "Northshire Health Trust", "NS-1"), ("b-second.md", "Northshíre Health Trust", "NS-2"),
            says=r"^content/vacancies/b-second\.md:3: trust: .*Northshíre.* would share the page trusts/northshire-health-trust/ "
                 r"with .*Northshire Health Trust.* in content/vacancies/a-first\.md")


def test_references_that_differ_only_in_unicode_form_are_duplicates(site_copy):
    refused(site_copy("repo"), ("composed.md", KENT, unicodedata.normalize("NFC", "CAFÉ-1")),
            ("decomposed.md", KENT, unicodedata.normalize("NFD", "CAFÉ-1")),
            says=r"^content/vacancies/decomposed\.md:5: reference: .*also used by content/vacancies/composed\.md")


def test_dates_and_numbers_that_would_overflow_are_errors_not_tracebacks(site_copy):
    site = site_copy("board")
    lines = check(site, {"far-ahead.md": "added: 2026-01-01\n"})
    assert not [line for line in lines if line.startswith("content/vacancies/far-ahead.md:") and ": warning: " not in line]
    (site / "content" / "vacancies" / "far-ahead.md").write_text(
        "---\ntitle: Nurse\ntrust: TEWV\nband: Band 5\nreference: FAR-1\nposted: 9999-12-20\n---\nText.\n", encoding="utf-8")
    result = run("check", "--site", site, "--now", NOW)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "content/vacancies/far-ahead.md:6: posted: 9999-12-20 is too far ahead" in result.stderr
    config = site / "config.yaml"
    config.write_text(re.sub(r"(?m)^max_open_days:.*\n", "", config.read_text(encoding="utf-8")) + "max_open_days: 999999999\n",
                      encoding="utf-8")
    result = run("check", "--site", site, "--now", NOW)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(r"^config\.yaml:\d+: max_open_days: expected a whole number from 1 to 3,660, got 999,999,999", result.stderr, re.M)
    for now in ("9999-12-31T23:00", "9999-12-31"):
        result = run("build", "--site", site_copy("bands") if now.endswith("00") else site, "--now", now)
        assert result.returncode == 2 and "--now" in result.stderr and "too far ahead" in result.stderr and "Traceback" not in result.stderr
