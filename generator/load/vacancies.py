"""A checked vacancy from one parsed file: every field read, every mistake recorded with its line."""

from __future__ import annotations

import dataclasses
import operator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit

from generator.cache.fingerprint import body_key, digest
from generator.config.settings import Config
from generator.load import google
from generator.load.facts import aliases, contact, contract, locations, salary, working_patterns
from generator.load.reader import Reader
from generator.model import examples
from generator.model.band import NOT_STATED, hint, parse_band
from generator.model.clock import LONDON
from generator.model.fields import ValueProblem, parse_date_time
from generator.model.problems import Problem, Problems
from generator.model.slug import is_slug, of_file, slugify
from generator.model.trust import Trust
from generator.model.urls import check_url
from generator.model.vacancy import Vacancy
from generator.source.frontmatter import Document, parse

REQUIRED = ("title", "trust", "band", "reference")


KNOWN = REQUIRED + (
    "salary", "hours", "working_pattern", "contract", "location", "posted", "closing", "interview",
    "added", "staff_group", "contact", "apply_url", "slug", "aliases", "draft",
)


CLOSING_TIME = time(23, 59)


def _no_examples(reader: Reader, doc: Document) -> None:
    """An error on each value `jobboard new` wrote as an example and the editor left in a published advert."""
    def error(key: tuple[Any, ...], value: Any, what: str) -> None:
        reader.error(key, f'"{value}" is the example jobboard new wrote: replace it with the {what}, '
                          "or put back `draft: true` until you have it")

    for name, what in (("title", "job title the advert gives"), ("reference", "employer's own job reference")):
        value = reader.get(name)
        if isinstance(value, str) and examples.is_example_text(name, value):
            error((name,), value, what)
    for part in examples.CONTACT:
        value = reader.get("contact", part)
        if isinstance(value, str) and examples.is_example_text(f"contact.{part}", value):
            error(("contact", part), value, f"real contact's {part.replace('_', ' ')}")
    places = reader.get("location")
    keys = [("location", i) for i in range(len(places))] if isinstance(places, list) else [("location",)]
    for key in keys:
        for part in examples.LOCATION:
            value = reader.get(*key, part)
            if isinstance(value, str) and examples.is_example_text(f"location.{part}", value):
                error((*key, part), value, f"real {'building or service' if part == 'site' else 'street address'}")
    apply_url = reader.get("apply_url")
    if isinstance(apply_url, str) and (examples.DOMAIN.search(urlsplit(apply_url.strip()).hostname or "")
                                       or examples.REFERENCE.casefold() in apply_url.casefold()):
        error(("apply_url",), apply_url, "address of the advert where candidates apply")
    for number, line in enumerate(doc.body.split("\n")):
        example = next((text for text in examples.BODY if text in line), None)
        if example:
            reader.problems.error(reader.path, doc.body_line + number, "body", f'"{example}" is the example text jobboard new '
                                  "wrote: replace it with the advert's own words, or put back `draft: true` until you have them")
            reader.ok = False


def _trust(reader: Reader, config: Config) -> Trust | None:
    name = reader.text("trust", required=True)
    if not name:
        return None
    known = config.trust_named(name)
    if known:
        return known
    slug = slugify(name)
    taken = next((t for t in config.trusts if t.slug == slug), None)
    if taken:
        # Its page would be the known trust's: "Kënt and Medway …" must not take over Kent and Medway's page.
        reader.error(("trust",), f'"{name}" is not a known trust, but its page would be trusts/{slug}/, the page of '
                                 f'"{taken.name}": write that name exactly, or add "{name}" to its aliases in config.yaml')
        return None
    suggestion = config.closest_trust(name)
    advice = f'; did you mean "{suggestion}"?' if suggestion else "; add it to the trusts in config.yaml"
    reader.warn(("trust",), f'"{name}" is not a known trust{advice}')
    if not slug:
        reader.error(("trust",), f'"{name}" has no letters or digits to make a web address from')
    return Trust(name=name, slug=slug, known=False)


def _closing(reader: Reader, posted: date | None, added: date | None, config: Config) -> tuple[datetime, bool] | None:
    if reader.get("closing") is not None:
        given = reader.get("closing") if isinstance(reader.get("closing"), str) else reader.text("closing")
        if given is None:
            return None
        try:
            day, at = parse_date_time(given)
        except ValueProblem as exc:
            reader.error(("closing",), str(exc))
            return None
        closing = datetime.combine(day, at or CLOSING_TIME, LONDON)
        if posted and day < posted:
            reader.error(("closing",), f"closes on {day.isoformat()}, before it was posted on {posted.isoformat()}")
        return closing, True
    start = posted or added
    if start is None:
        reader.error(("closing",), "no closing date, and no posted or added date to count max_open_days from; add `closing: 2026-03-14`")
        return None
    if start > date.max - timedelta(days=config.max_open_days + 1):
        reader.error(("posted" if posted else "added",), f"{start.isoformat()} is too far ahead to count max_open_days from: "
                                                         "check the year, or add `closing:`")
        return None
    return datetime.combine(start + timedelta(days=config.max_open_days), CLOSING_TIME, LONDON), False


def _apply_url(reader: Reader) -> str | None:
    url = reader.text("apply_url")
    if url and not check_url(url, ("http", "https")):
        reader.error(("apply_url",), f'expected a web address starting with https:// or http://, got "{url}"')
        return None
    if url and "@" in urlsplit(url).netloc:
        # https://user:pass@host/ shows one site and goes to another, or hands over a password.
        reader.error(("apply_url",), f'"{url}" carries a user name or password before the site\'s name; give the address without them')
        return None
    return url


def _slug(reader: Reader, path: str) -> str | None:
    """The page's address: `slug:` if given, else from the file's name, so retitling an advert never moves its page."""
    slug = reader.text("slug")
    if slug and not is_slug(slug):
        reader.error(("slug",), f'"{slug}" is not a slug: use lower-case letters, digits and single hyphens, at most 80 characters')
    if not slug:
        slug = of_file(path)
        if not slug:
            reader.problems.error(path, 1, "", "the file name has no letters or digits to make a web address from: "
                                               "rename the file (jobboard new names it from the title and reference) or add `slug:`")
    return slug


def build_vacancy(doc: Document, path: str, config: Config, problems: Problems) -> Vacancy | None:
    """A checked vacancy from a parsed document, or None when it has errors."""
    reader = Reader(doc, path, problems)
    reader.unknown((), KNOWN)
    title = reader.text("title", required=True)
    trust = _trust(reader, config)
    reference = reader.text("reference", required=True)
    band = None
    if reader.get("band") is None:
        reader.error(("band",), f'required field is missing; write "{NOT_STATED}" when the advert gives no band')
    elif (band := parse_band(reader.get("band"))) is None:
        reader.error(("band",), hint(reader.get("band")))
    posted, added, interview = reader.date("posted"), reader.date("added"), None
    given = reader.get("interview") if isinstance(reader.get("interview"), str) else reader.text("interview")
    if given is not None:
        try:
            interview, interview_at = parse_date_time(given)
        except ValueProblem as exc:
            reader.error(("interview",), str(exc))
    closing = _closing(reader, posted, added, config)
    draft = reader.get("draft")
    if draft is not None and not isinstance(draft, bool):
        reader.error(("draft",), f"expected true or false, got {draft!r}")
    slug = _slug(reader, path)
    fields = dict(
        salary=salary(reader), hours=reader.text("hours"), working_pattern=working_patterns(reader),
        **contract(reader), locations=locations(reader), staff_group=reader.text("staff_group"),
        contact=contact(reader), apply_url=_apply_url(reader), aliases=aliases(reader),
    )
    if reader.get("posted") is None and reader.get("added") is None and reader.get("closing") is not None:
        reader.warn(("posted",), "no posted or added date, so feeds date this advert by the build's clock; add `added:` with the date you add it")
    if not doc.body.strip():
        problems.warn(path, doc.body_line, "body", "the advert has no text below the front matter")
    if draft is not True:
        _no_examples(reader, doc)
    if not reader.ok or not (title and trust and band and reference and closing and slug):
        return None
    return Vacancy(
        source=path, title=title, trust=trust, band=band, reference=reference, slug=slug,
        body_key=body_key(doc.body), closing=closing[0], closing_stated=closing[1],
        posted=posted, added=added, interview=interview,
        interview_time=interview_at if interview else None, draft=bool(draft), **fields,
    )


@dataclass(frozen=True)
class FileRecord:
    """What one vacancy file gave: its vacancy (None if it has errors), its problems and the lines the checks cite."""

    vacancy: Vacancy | None
    problems: tuple[Problem, ...]
    reference_line: int = 1
    slug_line: int = 1
    aliases_line: int = 1
    trust_line: int = 1
    fields: str = ""  # a digest of every field but the body, which is all a listing, feed or related link shows
    while_open: tuple[Problem, ...] = ()  # warnings that hold only while the advert is open (Google's rules)


# Every field of a vacancy but its body's key, in order: what listings, feeds and related links are made from.
_fields_but_body = operator.attrgetter(*(f.name for f in dataclasses.fields(Vacancy) if f.name != "body_key"))


def read_file(raw: bytes, shown: str, config: Config) -> FileRecord:
    """Parse and check one file's bytes (its text is rendered later, with its page)."""
    problems = Problems()
    doc = parse(raw, shown, problems)
    vacancy = build_vacancy(doc, shown, config, problems) if doc else None
    if vacancy is None or doc is None:
        return FileRecord(None, tuple(problems.items))
    slug_line = doc.line("slug") if "slug" in doc.data else 1
    fields = digest(_fields_but_body(vacancy))
    return FileRecord(vacancy, tuple(problems.items), doc.line("reference"), slug_line, doc.line("aliases"), doc.line("trust"), fields,
                      google.warnings(vacancy, doc, shown))


