"""Load content/vacancies/: every file read and checked, every problem collected."""

from __future__ import annotations

import dataclasses
import operator
import os
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from time import time_ns
from typing import Any, Callable
from urllib.parse import urlsplit

from generator import examples, google, patterns
from generator.band import NOT_STATED, hint, parse_band
from generator.cache import Cache
from generator.clock import LONDON
from generator.config import Config, Trust, closest
from generator.fingerprint import code, digest
from generator.fields import EMAIL, ValueProblem, normalise_postcode, parse_date, parse_date_time, parse_money, parse_period
from generator.folders import VACANCIES, walk
from generator.frontmatter import Document, parse
from generator.markup import has_controls
from generator.problems import Problem, Problems
from generator.slug import alias_slug, comparable, is_slug, of_file, slugify
from generator.urls import check_url
from generator.vacancy import Contact, Location, Salary, Vacancy
from generator.workers import Workers

REQUIRED = ("title", "trust", "band", "reference")
KNOWN = REQUIRED + (
    "salary", "hours", "working_pattern", "contract", "location", "posted", "closing", "interview",
    "added", "staff_group", "contact", "apply_url", "slug", "aliases", "draft",
)
SALARY_KEYS = ("min", "max", "period", "note", "text")
LOCATION_KEYS = ("site", "address", "town", "postcode")
CONTACT_KEYS = ("name", "job_title", "email", "phone")
CLOSING_TIME = time(23, 59)
LIMITS = {"title": 200, "reference": 100}
STATE = "content"  # the cache state that maps files to records, with the records added since BASE was written
BASE = "records"  # the cache state that holds the records, written again only after many changes
REWRITE_AFTER = 500
PARSE_BATCH = 32
RACY_NS = 2_000_000_000
TEXT_LIMIT = 1000


@dataclass(frozen=True)
class Content:
    """What the content folder holds once checked."""

    vacancies: tuple[Vacancy, ...]
    files: int
    parsed: int = 0  # files read afresh, not taken from the cache
    origins: dict[str, str] = field(default_factory=dict)  # each vacancy's source file, to the digest of its fields
    paths: dict[str, str] = field(default_factory=dict)  # each vacancy's source file, to where it is on disk
    remember: Callable[[], None] = lambda: None  # saves to the cache what this load read afresh, once
    while_open: dict[str, tuple[Problem, ...]] = field(default_factory=dict)  # each source's warnings for when it is open


class Reader:
    """Reads one document's fields, recording each mistake with its line."""

    def __init__(self, doc: Document, path: str, problems: Problems) -> None:
        self.doc, self.path, self.problems = doc, path, problems
        self.ok = True

    def error(self, key: tuple[Any, ...], message: str) -> None:
        """Record an error on a field."""
        self.ok = False
        self.problems.error(self.path, self.doc.line(*key), _name(key), message)

    def warn(self, key: tuple[Any, ...], message: str) -> None:
        """Record a warning on a field."""
        self.problems.warn(self.path, self.doc.line(*key), _name(key), message)

    def get(self, *key: Any) -> Any:
        """The raw value at a path of keys, or None."""
        value: Any = self.doc.data
        for part in key:
            if isinstance(value, dict):
                value = value.get(part)
            elif isinstance(value, list) and isinstance(part, int) and part < len(value):
                value = value[part]
            else:
                return None
        return value

    def text(self, *key: Any, required: bool = False) -> str | None:
        """A field as text; numbers keep the digits as typed (leading zeros and all)."""
        value = self.get(*key)
        if value is None or value == "":
            if required:
                self.error(key, "required field is missing")
            return None
        if isinstance(value, (dict, list, set, tuple)):
            fix = ("the lines indented under it are read as its own fields" if isinstance(value, dict)
                   else "the lines starting with - under it (or [ ]) are read as a list")
            self.error(key, f"expected text, got a {'set of fields' if isinstance(value, dict) else 'list'}: {fix}; "
                            f"write one value on the same line, as in {_name(key)}: …")
            return None
        text = " ".join(str(self.doc.raw.get(key, value)).split()) if not isinstance(value, str) else value.strip()
        if has_controls(text):
            found = next(c for c in text if has_controls(c))
            kind = "a control character" if ord(found) < 0xA0 else "a character"
            self.error(key, f"contains {kind} (U+{ord(found):04X}) that pages and feeds cannot hold; remove it")
            return None
        limit = LIMITS.get(key[0] if len(key) == 1 else _name(key), TEXT_LIMIT)
        if len(text) > limit:
            self.error(key, f"is {len(text)} characters long; at most {limit} are allowed")
            return None
        if not text and required:
            self.error(key, "required field is empty")
        return text or None

    def date(self, key: str) -> date | None:
        """An optional date field."""
        value = self.get(key)
        given = value if isinstance(value, (date, str)) else self.text(key)
        if given is None:
            return None
        try:
            return parse_date(given)
        except ValueProblem as exc:
            self.error((key,), str(exc))
            return None

    def unknown(self, key: tuple[Any, ...], allowed: tuple[str, ...]) -> None:
        """Warn about each key in the mapping at `key` that is not one of `allowed`."""
        mapping = self.get(*key) if key else self.doc.data
        for name in mapping:
            if name not in allowed:
                self.warn(key + (name,), f"unknown field{closest(str(name), list(allowed))}")


def _name(key: tuple[Any, ...]) -> str:
    return ".".join(str(k) for k in key if not isinstance(k, int)) if key else ""


def _salary(reader: Reader) -> Salary | None:
    raw = reader.get("salary")
    if raw is None:
        return None
    if isinstance(raw, (str, int, float)) and not isinstance(raw, bool):
        text = reader.text("salary")
        return Salary(text=text) if text else None
    if not isinstance(raw, dict):
        reader.error(("salary",), "expected min, max, period and note (or text), one per line")
        return None
    reader.unknown(("salary",), SALARY_KEYS)
    amounts = {}
    for key in ("min", "max"):
        if raw.get(key) is not None:
            try:
                amounts[key] = parse_money(raw[key])
            except ValueProblem as exc:
                reader.error(("salary", key), str(exc))
    text, note = reader.text("salary", "text"), reader.text("salary", "note")
    if not amounts and not text and reader.ok:
        if raw.get("min") is None and raw.get("max") is None:
            reader.error(("salary",), "give min and max (numbers), or text when the advert states no figures")
        return None
    low, high = amounts.get("min"), amounts.get("max")
    if low is not None and high is not None and low > high:
        reader.error(("salary", "min"), f"min (£{low:,}) is above max (£{high:,})")
    period = None
    if raw.get("period") is not None:
        try:
            period = parse_period(raw["period"])
        except ValueProblem as exc:
            reader.error(("salary", "period"), str(exc))
    elif amounts and min(amounts.values()) < 1000:
        reader.error(("salary", "period"), "give the period (hour, day, week, month or year) for an amount this small")
    elif amounts:
        period = "year"
    return Salary(low, high, period, note, text)


def _location(reader: Reader, key: tuple[Any, ...]) -> Location | None:
    raw = reader.get(*key)
    if isinstance(raw, (str, int)) and not isinstance(raw, bool):
        site = reader.text(*key)
        return Location(site=site) if site else None
    if not isinstance(raw, dict):
        reader.error(key, "expected site, address, town and postcode (or a list of such places)")
        return None
    reader.unknown(key, LOCATION_KEYS)
    postcode = reader.text(*key, "postcode")
    if postcode:
        normal = normalise_postcode(postcode)
        if normal is None:
            reader.warn(key + ("postcode",), f'"{postcode}" does not look like a UK postcode')
        postcode = normal or postcode
    place = Location(reader.text(*key, "site"), reader.text(*key, "address"), reader.text(*key, "town"), postcode)
    return place if place.parts else None


def _locations(reader: Reader) -> tuple[Location, ...]:
    raw = reader.get("location")
    if raw is None:
        return ()
    keys = [("location", i) for i in range(len(raw))] if isinstance(raw, list) else [("location",)]
    return tuple(place for key in keys if (place := _location(reader, key)))


def _contact(reader: Reader) -> Contact | None:
    raw = reader.get("contact")
    if raw is None:
        return None
    if not isinstance(raw, dict):
        reader.error(("contact",), "expected name, job_title, email and phone, one per line")
        return None
    reader.unknown(("contact",), CONTACT_KEYS)
    email = reader.text("contact", "email")
    if email:
        email = email.removeprefix("mailto:")
        if not EMAIL.match(email):
            reader.error(("contact", "email"), f'"{email}" is not an e-mail address: give the address alone, '
                                               "such as jane.smith@trust.nhs.uk")
            email = None
    contact = Contact(reader.text("contact", "name"), reader.text("contact", "job_title"), email, reader.text("contact", "phone"))
    return contact if any(vars(contact).values()) else None


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


def _aliases(reader: Reader) -> tuple[str, ...]:
    """The old addresses that redirect to this page, as slugs."""
    raw = reader.get("aliases")
    if raw is None:
        return ()
    found: list[str] = []
    for key in [("aliases", i) for i in range(len(raw))] if isinstance(raw, list) else [("aliases",)]:
        text = reader.text(*key)
        slug = alias_slug(text) if text else None
        if text and slug is None:
            reader.error(key, f'"{text}" is not an old address of a vacancy page: give the part after vacancies/, '
                              "such as staff-nurse-abc-123, or the whole address, such as /vacancies/staff-nurse-abc-123/")
        elif slug and slug not in found:
            found.append(slug)
    return tuple(found)


def _patterns(reader: Reader) -> tuple[str, ...]:
    raw = reader.get("working_pattern")
    if raw is None:
        return ()
    items = raw if isinstance(raw, list) else [raw]
    found: list[str] = []
    for index, _ in enumerate(items):
        key = ("working_pattern", index) if isinstance(raw, list) else ("working_pattern",)
        text = reader.text(*key)
        if text:
            spelling = patterns.working_pattern(text)
            if not spelling.known:
                reader.warn(key, patterns.advice("working_pattern", spelling))
            if spelling.value not in found:
                found.append(spelling.value)
    return tuple(found)


def _contract(reader: Reader) -> dict[str, str | None]:
    """The contract type in its one spelling, and what the advert adds to it (a fixed term's length)."""
    text = reader.text("contract")
    if not text:
        return {"contract": None}
    spelling = patterns.contract(text)
    if not spelling.known:
        reader.warn(("contract",), patterns.advice("contract", spelling))
    return {"contract": spelling.value, "contract_detail": spelling.detail}


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
    slug = reader.text("slug")
    if slug and not is_slug(slug):
        reader.error(("slug",), f'"{slug}" is not a slug: use lower-case letters, digits and single hyphens, at most 80 characters')
    if not slug:
        # The page's address comes from the file's name, so retitling an advert never moves its page.
        slug = of_file(path)
        if not slug:
            problems.error(path, 1, "", "the file name has no letters or digits to make a web address from: "
                                        "rename the file (jobboard new names it from the title and reference) or add `slug:`")
    fields = dict(
        salary=_salary(reader), hours=reader.text("hours"), working_pattern=_patterns(reader),
        **_contract(reader), locations=_locations(reader), staff_group=reader.text("staff_group"),
        contact=_contact(reader), apply_url=_apply_url(reader), aliases=_aliases(reader),
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


def body_key(body: str) -> str:
    """The key a body's rendered HTML is cached under: its text and the code that renders it."""
    return digest(code(), "body", body)


def display_path(file: Path, root: Path) -> str:
    """The path to show an editor: relative to the working folder when inside it."""
    relative = os.path.relpath(file, Path.cwd())
    return relative if not relative.startswith("..") else str(file.relative_to(root))


def _files(root: Path, problems: Problems) -> list[tuple[str, str]]:
    """Each vacancy file's path with the path shown for it, in a fixed order."""
    folder = root / VACANCIES
    if not folder.is_dir():
        problems.warn(str(VACANCIES), 0, "", "no content/vacancies folder; the site will have no vacancies")
        return []
    inside = folder.resolve()
    shown_folder = display_path(folder, root)
    found = []
    for entry, below in walk(str(folder)):
        shown = below if shown_folder == "." else f"{shown_folder}/{below}"
        if entry.is_symlink() and not Path(entry.path).resolve().is_relative_to(inside):
            problems.error(shown, 1, "", "is a link to a file outside content/vacancies; copy the file in instead")
        elif not entry.name.lower().endswith(".md"):
            problems.warn(shown, 1, "", "is not a .md file, so it is not read")
        elif entry.is_dir() or not entry.is_file():
            problems.error(shown, 1, "", "is not a regular file")
        else:
            found.append((entry.path, shown))
    return found


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


def settings_key(config: Config) -> str:
    """The digest of the settings a record depends on, and of the code."""
    # Only the trusts and max_open_days shape a record, so a new title or base_url does not read every file again.
    return digest(code(), config.trusts, config.max_open_days)


def record_key(raw: bytes, shown: str, settings: str) -> str:
    """The key of a file's record: its bytes, the path shown for it, and the settings_key."""
    return digest(settings, shown, raw)


@dataclass(frozen=True)
class Parsed:
    """A freshly read file: its stat signature, record key and record."""

    shown: str
    signature: tuple[int, ...]
    key: str
    record: FileRecord


# Per process, the first copy of the settings each settings key came with: the trust-name table it builds is then
# built once, not again for the fresh copy every batch brings.
_settings: dict[str, Config] = {}


def _parse_batch(batch: list[tuple[Config, str, str, str]]) -> list[Parsed]:
    """Read and check a batch of files (in a worker process, or in this one); advert texts are rendered with their pages."""
    done = []
    for given, settings, file, shown in batch:
        config = _settings.setdefault(settings, given)
        with open(file, "rb") as handle:
            signature = _signature(os.fstat(handle.fileno()))
            raw = handle.read()
        done.append(Parsed(shown, signature, record_key(raw, shown, settings), read_file(raw, shown, config)))
    return done


def _signature(stat: os.stat_result) -> tuple[int, ...]:
    """What changes whenever a file's bytes do: size, times and inode."""
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def _copy(one: Vacancy, other: Vacancy) -> bool:
    """Whether two vacancies differ only in their file (and so the address it gives): one file copied to another."""
    return dataclasses.replace(one, source="", slug="") == dataclasses.replace(other, source="", slug="")


def _check_unique(records: list[FileRecord], problems: Problems) -> None:
    vacancies = [r for r in records if r.vacancy is not None]
    for label, keys in (("reference", [comparable(r.vacancy.reference).casefold() for r in vacancies]),  # type: ignore[union-attr]
                        ("slug", [r.vacancy.slug for r in vacancies])):  # type: ignore[union-attr]
        if len(set(keys)) == len(keys):
            continue
        seen: dict[str, Vacancy] = {}
        for record, key in zip(vacancies, keys):
            vacancy = record.vacancy
            other = seen.setdefault(key, vacancy)  # type: ignore[arg-type]
            if other is vacancy:
                continue
            if label == "reference" and _copy(vacancy, other):
                what = f"this looks like a copy of {other.source}: the same advert, word for word; delete one of the two files"
            elif label == "reference":
                what = f'reference "{vacancy.reference}" is also used by {other.source}'
            else:
                what = (f"writes the same page, vacancies/{vacancy.slug}/, as {other.source}; "
                        "rename one of the files, or give one a different `slug:`")
            problems.error(vacancy.source, record.reference_line if label == "reference" else record.slug_line, label, what)
    _check_aliases([(r.vacancy, r.aliases_line) for r in records if r.vacancy is not None], problems)
    _check_trusts([(r.vacancy, r.trust_line) for r in records if r.vacancy is not None], problems)


def _check_trusts(vacancies: list[tuple[Vacancy, int]], problems: Problems) -> None:
    """Two unknown trusts written differently may not share a page: one would take over the other's."""
    first: dict[str, Vacancy] = {}
    for vacancy, line in vacancies:
        if vacancy.trust.known:
            continue
        other = first.setdefault(vacancy.trust.slug, vacancy)
        if other.trust.name != vacancy.trust.name:
            problems.error(vacancy.source, line, "trust", f'"{vacancy.trust.name}" would share the page trusts/{vacancy.trust.slug}/ '
                                                          f'with "{other.trust.name}" in {other.source}: write the name the same way '
                                                          "in both, or add the trust to config.yaml")


def _check_aliases(vacancies: list[tuple[Vacancy, int]], problems: Problems) -> None:
    """Each alias names an address that no page and no other alias has."""
    owners = {vacancy.slug: vacancy.source for vacancy, _ in vacancies}
    for vacancy, line in vacancies:
        for alias in vacancy.aliases:
            owner = owners.setdefault(alias, vacancy.source)
            if owner == vacancy.source and alias != vacancy.slug:
                continue
            what = (f"vacancies/{alias}/ is this page's own address; remove it" if owner == vacancy.source
                    else f"vacancies/{alias}/ is also the address of {owner}, or one of its aliases; remove it from one of the two")
            problems.error(vacancy.source, line, "aliases", what)


@dataclass(frozen=True)
class Records:
    """The large cache state: a record for every file, by record key, and a token that the small state names."""

    token: str
    records: dict[str, FileRecord]


@dataclass(frozen=True)
class Files:
    """The small cache state: each file's stat signature and record key, and the records made since `Records` was saved."""

    files: dict[str, tuple[tuple[int, ...], str]]
    records: dict[str, FileRecord]
    base: str
    saved: int  # when, in nanoseconds: a file changed just before may still show its old size and times
    settings: str


def _restored(records: dict[str, FileRecord]) -> dict[str, FileRecord]:
    """Records as read back from the cache: a closing time is kept as its wall time, and is in Europe/London again."""
    return {key: dataclasses.replace(r, vacancy=dataclasses.replace(r.vacancy, closing=r.vacancy.closing.replace(tzinfo=LONDON)))
            if r.vacancy is not None else r for key, r in records.items()}


def _save(cache: Cache, found: dict[str, tuple[tuple[int, ...], str]], records: dict[str, FileRecord],
          saved: Files | None, base: Records | None, fresh: dict[str, FileRecord], settings: str) -> None:
    """Save which record each file has: new records go into a small state, and only now and then into the large one."""
    current = {key for _, key in found.values()}
    cache.keep_bodies({records[key].vacancy.body_key for key in current if records[key].vacancy})  # type: ignore[union-attr]
    recent = {k: r for k, r in {**(saved.records if saved else {}), **fresh}.items() if k in current}
    token = base.token if base else None
    # Rewriting every record takes a moment at 10,000 files: an edit adds its record to the small state instead.
    if token is None or saved is None or saved.base != token or len(recent) > max(REWRITE_AFTER, len(current) // 10):
        token = digest(time_ns(), os.getpid())
        cache.save(BASE, Records(token, {k: records[k] for k in current}))
        recent = {}
    cache.save(STATE, Files(found, recent, token, time_ns(), settings))


def load_content(config: Config, problems: Problems, drafts: bool = False, cache: Cache | None = None,
                 workers: Workers | None = None) -> Content:
    """Read and check every vacancy file under content/vacancies/, reusing what the cache holds for unchanged files.

    What was read afresh is saved to the cache when the caller calls the result's `remember` (a build does so once its
    workers are busy).
    """
    cache = cache or Cache(None)
    saved, base = cache.state(STATE, Files), cache.state(BASE, Records)
    for path, message in cache.warnings:
        problems.warn(path, 0, "", message)
    cache.warnings.clear()
    known = saved.files if saved else {}
    records: dict[str, FileRecord] = {}
    if saved and base and saved.base == base.token:
        records = _restored({**base.records, **saved.records})
    # A file changed within this window of the last save might have kept its size and times: read it again.
    trusted_before = (saved.saved if saved else 0) - RACY_NS
    files = _files(config.root, problems)
    settings = settings_key(config)
    # An unchanged file may skip even the read only while the code and settings its record was made with still hold:
    # a new jobboard (or new trusts in config.yaml) checks every file again.
    if saved is None or saved.settings != settings:
        known = {}
    found: dict[str, tuple[tuple[int, ...], str]] = {}
    todo = []
    for file, shown in files:
        signature = _signature(os.stat(file))
        previous = known.get(shown)
        if previous and previous[0] == signature and signature[1] < trusted_before and previous[1] in records:
            found[shown] = previous
            continue
        key = record_key(Path(file).read_bytes(), shown, settings) if previous else None
        if key in records:
            found[shown] = (signature, key)  # type: ignore[assignment]
        else:
            todo.append((config, settings, file, shown))
    fresh: dict[str, FileRecord] = {}
    for batch in (workers or Workers(1)).map(_parse_batch, todo, PARSE_BATCH):
        for parsed in batch:
            found[parsed.shown] = (parsed.signature, parsed.key)
            fresh[parsed.key] = parsed.record
    records.update(fresh)
    ordered = [records[found[shown][1]] for _, shown in files]
    pending = fresh or found != known

    def remember() -> None:
        nonlocal pending
        if pending:
            pending = False
            _save(cache, found, records, saved, base, fresh, settings)  # type: ignore[arg-type]

    for record in ordered:
        problems.items.extend(record.problems)
    _check_unique(ordered, problems)
    kept = tuple(r.vacancy for r in ordered if r.vacancy and (drafts or not r.vacancy.draft))
    paths = {shown: file for file, shown in files}
    return Content(kept, len(files), len(todo), {r.vacancy.source: r.fields for r in ordered if r.vacancy},
                   {v.source: paths[v.source] for v in kept}, remember,
                   {r.vacancy.source: r.while_open for r in ordered if r.vacancy and r.while_open})
