"""The accessibility statement: its settings in config.yaml, checked, and what /accessibility/ shows.

Every NHS body's website must publish one (the Public Sector Bodies (Websites and Mobile Applications) (No. 2)
Accessibility Regulations 2018, regulation 8). The page follows GOV.UK's model accessibility statement.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from generator.model.dates import when
from generator.model.fields import EMAIL, ValueProblem, parse_date
from generator.model.problems import Problems

KEYS = ("organisation", "email", "phone", "response_time", "compliance", "known_issues", "prepared", "reviewed",
        "northern_ireland")
COMPLIANCE = ("fully", "partially", "not")
WCAG = "the Web Content Accessibility Guidelines version 2.2 AA standard"
REGULATIONS = ("the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 "
               "(the \u2018accessibility regulations\u2019)")
LINKS = {
    "regulations": "https://www.legislation.gov.uk/uksi/2018/952/contents/made",
    "abilitynet": "https://mcmw.abilitynet.org.uk/",
    "eass": "https://www.equalityadvisoryservice.com/",
    "ecni": "https://www.equalityni.org/Home",
}
LISTED = "\u2018How accessible this website is\u2019"  # the section that lists the known issues
Lines = Callable[[tuple[Any, ...]], int]


@dataclass(frozen=True)
class Accessibility:
    """What config.yaml's `accessibility:` says; the statement fills in what it leaves out."""

    organisation: str | None = None
    email: str | None = None
    phone: str | None = None
    response_time: str | None = None
    compliance: str = "partially"
    known_issues: tuple[str, ...] = ()
    prepared: date | None = None
    reviewed: date | None = None
    northern_ireland: bool = False


class _Reader:
    """Reads the keys of the `accessibility:` block, reporting each mistake at its line."""

    def __init__(self, raw: dict[Any, Any], lines: Lines, path: str, problems: Problems) -> None:
        self.raw, self.lines, self.path, self.problems = raw, lines, path, problems
        self.failed: set[str] = set()  # keys with an error, which need no warning as well

    def error(self, key: str, message: str) -> None:
        self.failed.add(key)
        self.problems.error(self.path, self.lines(("accessibility", key)), f"accessibility.{key}", message)

    def text(self, key: str, example: str) -> str | None:
        value = self.raw.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str):
            self.error(key, f'expected text such as "{example}" (in quotes), got {value!r}')
            return None
        return " ".join(value.split())

    def day(self, key: str) -> date | None:
        value = self.raw.get(key)
        if value is None:
            return None
        try:
            return parse_date(value)
        except ValueProblem as problem:
            self.error(key, str(problem))
            return None


def _known_issues(reader: _Reader) -> tuple[str, ...]:
    value = reader.raw.get("known_issues") or []
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) and item.strip() for item in items):
        reader.error("known_issues", "expected a list of problems, one sentence each, on lines starting with -")
        return ()
    return tuple(" ".join(item.split()) for item in items)


def _compliance(reader: _Reader) -> str:
    value = reader.raw.get("compliance", Accessibility.compliance)
    if value not in COMPLIANCE:
        match = difflib.get_close_matches(str(value), COMPLIANCE, n=1, cutoff=0.5)
        hint = f'; did you mean "{match[0]}"?' if match else ""
        reader.error("compliance", f"expected fully, partially or not (compliant with WCAG 2.2 AA), got {value!r}{hint}")
        return Accessibility.compliance
    return value


def _contact(reader: _Reader) -> tuple[str | None, str | None]:
    email = reader.text("email", "accessibility@trust.nhs.uk")
    if email and not EMAIL.match(email.removeprefix("mailto:")):
        reader.error("email", f'"{email}" is not an e-mail address: give the address alone, such as accessibility@trust.nhs.uk')
        email = None
    phone = reader.text("phone", "01234 567890")
    if phone and not any(c.isdigit() for c in phone):
        reader.error("phone", f'expected a telephone number such as "01234 567890", got "{phone}"')
        phone = None
    return (email.removeprefix("mailto:") if email else None), phone


def read_accessibility(raw: Any, lines: Lines, path: str, problems: Problems) -> Accessibility:
    """The checked `accessibility:` block; a warning while the statement has no contact or review date."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        problems.error(path, lines(("accessibility",)), "accessibility", f"expected the statement's settings, one per line: {', '.join(KEYS)}")
        raw = {}
    for key in raw:
        if key not in KEYS:
            match = difflib.get_close_matches(str(key), KEYS, n=1, cutoff=0.5)
            hint = f'; did you mean "{match[0]}"?' if match else ""
            problems.warn(path, lines(("accessibility", key)), f"accessibility.{key}", f"unknown key{hint}")
    reader = _Reader(raw, lines, path, problems)
    email, phone = _contact(reader)
    northern_ireland = raw.get("northern_ireland", False)
    if not isinstance(northern_ireland, bool):
        reader.error("northern_ireland", f"expected true or false, got {northern_ireland!r}")
        northern_ireland = False
    found = Accessibility(reader.text("organisation", "Tees, Esk and Wear Valleys NHS Foundation Trust"), email, phone,
                          reader.text("response_time", "5 working days"), _compliance(reader), _known_issues(reader),
                          reader.day("prepared"), reader.day("reviewed"), northern_ireland)
    _warn_incomplete(found, reader)
    return found


def _warn_incomplete(found: Accessibility, reader: _Reader) -> None:
    """Warnings for what the regulations ask of every statement and this one leaves out."""
    path, lines, problems = reader.path, reader.lines, reader.problems
    block = "" if reader.raw else " (config.yaml has no `accessibility:` settings yet; see the README)"
    # A value with an error needs no warning as well: the error already names it.
    if not (found.email or found.phone) and not ({"email", "phone"} & reader.failed):
        problems.warn(path, lines(("accessibility",)), "accessibility.email",
                      "the accessibility statement gives no way to report an accessibility problem: "
                      f"add accessibility.email or accessibility.phone (or both){block}")
    if found.reviewed is None and "reviewed" not in reader.failed:
        problems.warn(path, lines(("accessibility",)), "accessibility.reviewed",
                      "the accessibility statement does not say when it was last reviewed: "
                      f"add accessibility.reviewed, the date of the last review, such as 2026-03-01{block}")
    if found.compliance != "fully" and not found.known_issues and "compliance" in reader.raw:
        problems.warn(path, lines(("accessibility", "compliance")), "accessibility.compliance",
                      f"the statement says the site is {found.compliance} compliant but lists no known issues: "
                      "list them under accessibility.known_issues (or write fully)")
    if found.compliance == "fully" and found.known_issues:
        problems.warn(path, lines(("accessibility", "compliance")), "accessibility.compliance",
                      f"the statement lists {len(found.known_issues)} known issue(s), so the site is not fully compliant: "
                      "write partially (or not)")


def _preparation(found: Accessibility) -> str:
    """When the statement was prepared and last reviewed, in a sentence or two."""
    said = [f"This statement was prepared on {when(found.prepared)}."] if found.prepared else []
    if found.reviewed:
        said.append(f"{'It' if said else 'This statement'} was last reviewed on {when(found.reviewed)}.")
    return " ".join(said) or "This statement has not been reviewed yet."


def statement(found: Accessibility, title: str, website: str) -> dict[str, Any]:
    """What /accessibility/ shows, in GOV.UK's model order, for the site called `title` at `website`."""
    compliance = f"This website is {found.compliance} compliant with {WCAG}"  # fully, partially or not
    if found.known_issues and found.compliance != "fully":
        compliance += f", due to the non-compliances listed under {LISTED}"
    phone = "".join(c for c in (found.phone or "") if c.isdigit() or c == "+")
    return {
        "organisation": found.organisation or title,
        "website": website,
        "email": found.email,
        "email_href": f"mailto:{found.email}" if found.email else None,
        "phone": found.phone,
        "phone_href": f"tel:{phone}" if phone else None,
        "response_time": found.response_time,
        "compliance": found.compliance,
        "compliance_text": compliance + ".",
        "regulations": REGULATIONS,
        "known_issues": list(found.known_issues),
        "prepared": when(found.prepared) if found.prepared else None,
        "reviewed": when(found.reviewed) if found.reviewed else None,
        "preparation": _preparation(found),
        "northern_ireland": found.northern_ireland,
        "links": LINKS,
    }
