"""A schema.org JobPosting read from a saved page, as the labelled lines the text importer reads, and its conflicts with the page's text."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from generator.authoring.paste import POSTCODE, Clipping
from generator.model.clock import LONDON
from generator.model.fields import ValueProblem, normalise_postcode, parse_date_time

MAX_TEXT = 500  # no fact of an advert is longer; a longer value is cut, never carried whole into the file
PERIODS = {"YEAR": "per year", "MONTH": "per month", "WEEK": "per week", "DAY": "per day", "HOUR": "per hour"}
PATTERNS = {"FULL_TIME": ("Working pattern", "Full time"), "PART_TIME": ("Working pattern", "Part time"),
            "TEMPORARY": ("Contract", "Fixed term"), "PER_DIEM": ("Contract", "Bank")}


@dataclass(frozen=True)
class Posting:
    """The facts a page's JobPosting data states, as text; None where it states none."""

    title: str | None = None
    trust: str | None = None
    salary: str | None = None
    reference: str | None = None
    posted: str | None = None
    closing: str | None = None
    places: tuple[str, ...] = ()
    terms: tuple[tuple[str, str], ...] = ()
    url: str | None = None


def _text(value: Any, depth: int = 0, keys: tuple[str, ...] = ("name", "value", "@value")) -> str | None:
    """A value as one line of plain text: the first of `keys` is taken from an object, the first item from a list."""
    if depth > 4 or value is None or isinstance(value, bool):
        return None
    if isinstance(value, list):
        return next((t for t in (_text(v, depth + 1, keys) for v in value) if t), None)
    if isinstance(value, dict):
        return _text(next((value[k] for k in keys if value.get(k)), None), depth + 1, keys)
    # JSON-LD is not HTML, but many sites write it with HTML's escapes ("Nurse &amp; Midwife"): read them once.
    text = " ".join(html.unescape(str(value)).split()).replace("|", "/")
    return text[:MAX_TEXT] or None


def _amount(value: Any) -> Decimal | None:
    try:
        amount = Decimal(str(value).replace(",", "").replace("£", "").strip())
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() and 0 < amount < 10_000_000 else None


def _salary(value: Any) -> str | None:
    """baseSalary as the importer reads salary text: "£24,937 to £26,598 per year"."""
    if not isinstance(value, dict):
        return _text(value)
    if str(value.get("currency") or "GBP").upper() != "GBP":
        return None  # pounds are all the site shows: another currency is left for the editor, from the page's text
    inner = value.get("value")
    inner = inner if isinstance(inner, dict) else {"value": inner}
    low = _amount(inner.get("minValue") or inner.get("value"))
    high = _amount(inner.get("maxValue"))
    if low is None:
        return None
    period = PERIODS.get(str(inner.get("unitText") or value.get("unitText") or "").upper(), "")
    figures = f"£{low:,}" + (f" to £{high:,}" if high is not None and high != low else "")
    return f"{figures} {period}".strip()


def date_text(value: Any) -> str | None:
    """An ISO date or date-time, as London's date and time; other text is passed on for the importer to read."""
    text = _text(value)
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if len(text) <= 10:
        return moment.date().isoformat()
    if moment.tzinfo is not None:
        moment = moment.astimezone(LONDON)
    return moment.date().isoformat() if moment.time() == datetime.min.time() else f"{moment:%Y-%m-%d %H:%M}"


def _place(value: Any) -> str | None:
    """A jobLocation as "Site, street, Town, POSTCODE"."""
    if not isinstance(value, dict):
        return _text(value)
    address = value.get("address")
    parts = [value.get("name")]
    if isinstance(address, dict):
        parts += [address.get(key) for key in ("streetAddress", "addressLocality", "postalCode")]
    else:
        parts.append(address)
    texts = [t.replace(",", " ") for t in (_text(p) for p in parts) if t]
    return ", ".join(texts) or None


def _list(value: Any) -> list[Any]:
    return value[:20] if isinstance(value, list) else [value] if value is not None else []


def posting_facts(data: dict[str, Any]) -> Posting:
    """The facts of one JobPosting object, as extracted from JSON-LD or microdata."""
    terms = [PATTERNS[kind] for kind in (str(k).upper() for k in _list(data.get("employmentType"))) if kind in PATTERNS]
    return Posting(
        title=_text(data.get("title")), trust=_text(data.get("hiringOrganization")), salary=_salary(data.get("baseSalary")),
        reference=_text(data.get("identifier"), keys=("value", "@value", "name")),
        posted=date_text(data.get("datePosted")), closing=date_text(data.get("validThrough")),
        places=tuple(p for p in (_place(v) for v in _list(data.get("jobLocation"))) if p), terms=tuple(terms),
        url=_text(data.get("url")),
    )


def labelled_lines(posting: Posting, heading: str | None = None, places: bool = True) -> list[str]:
    """The posting as "Label: value" lines, which the text importer reads before the page's own text, so they win.

    Without a title in the structured data, the page's heading is the title: the page gives it no other way.
    """
    title = posting.title or (heading.replace("|", "/") if heading else None)
    lines = [f"{label}: {value}" for label, value in (
        ("Job title", title), ("Employer", posting.trust), ("Salary", posting.salary),
        ("Reference number", posting.reference), ("Date posted", posting.posted), ("Closing date", posting.closing),
    ) if value]
    lines += [f"{label}: {value}" for label, value in posting.terms]
    return lines + [f"Location: {place}" for place in posting.places if places]


def _day(text: str | None) -> date | None:
    try:
        return parse_date_time(text)[0] if text else None
    except ValueProblem:
        return None


def _same(one: str, other: str) -> bool:
    return " ".join(one.casefold().split()) == " ".join(other.casefold().split())


def conflicts(posting: Posting, heading: str | None, clip: Clipping) -> list[tuple[str, str]]:
    """A warning for each fact the page's structured data and its text state differently (the structured data is used)."""
    found = []
    for name, given, stated in (("title", posting.title, clip.first("title") or heading),
                                ("reference", posting.reference, clip.first("reference"))):
        if given and stated and not _same(given, stated):
            found.append((name, f'the page\'s structured data says "{given}" but its text says "{stated}"; used "{given}"'))
    for name, given, stated in (("posted", posting.posted, clip.first("posted")), ("closing", posting.closing, clip.first("closing"))):
        ours, theirs = _day(given), _day(stated)
        if ours and theirs and ours != theirs:
            found.append((name, f"the page's structured data says {ours.isoformat()} but its text says \"{stated}\"; "
                                f"used {ours.isoformat()}"))
    return found + _place_conflicts(posting, clip)


def text_places(clip: Clipping) -> list[str]:
    """The places the page's text states, as the importer reads them."""
    return [value for name in ("location", "address", "site", "town", "postcode") for value in clip.facts.get(name, [])]


def _postcodes(texts: list[str] | tuple[str, ...]) -> set[str]:
    return {normalise_postcode(code) or code.upper() for text in texts for code in POSTCODE.findall(text)}


def _place_conflicts(posting: Posting, clip: Clipping) -> list[tuple[str, str]]:
    """The page's text gives the places (its address blocks name the sites); a postcode only the structured data gives is reported."""
    ours, theirs = _postcodes(posting.places), _postcodes(text_places(clip))
    if not ours or not theirs or ours <= theirs:
        return []
    return [("location", f"the page's structured data gives the postcode {', '.join(sorted(ours - theirs))}, which its text "
                         f"does not ({', '.join(sorted(theirs))}); used the text's places")]
