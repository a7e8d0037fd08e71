"""Site configuration from config.yaml, checked against a schema with one line per key."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.config.accessibility import KEYS as ACCESSIBILITY_KEYS
from generator.config.accessibility import Accessibility, read_accessibility
from generator.config.employers import employers, name_key, on_line, suggest
from generator.config.licence import DEFAULT as DEFAULT_LICENCE
from generator.config.licence import Licence, read_licence
from generator.model.problems import Problem, Problems
from generator.model.slug import comparable, is_slug, slugify
from generator.model.trust import Trust
from generator.model.urls import check_url
from generator.source.frontmatter import decode, read_mapping

CONFIG_FILE = "config.yaml"

# key: (default, what it is) – the README documents the same keys.
SCHEMA: dict[str, tuple[Any, str]] = {
    "title": ("NHS jobs", "site name, shown in every page header and feed"),
    "description": ("NHS vacancies", "one sentence about the board, used in feeds and meta tags"),
    "base_url": ("http://127.0.0.1:8000/", "absolute URL the site is served from, with any sub-path"),
    "theme": ("default", "folder under themes/ that renders the site"),
    "language": ("en-GB", "language of the pages and feeds"),
    "per_page": (20, "vacancies on each listing page"),
    "max_open_days": (28, "days an advert with no closing date stays open after it was posted or added"),
    "closing_soon_days": (7, "an open advert closing within this many days is marked closing soon"),
    "recently_closed": (10, "closed adverts listed on each trust and band page"),
    "feed_items": (100, "most items in one feed"),
    "contact_retention_days": (90, "days after closing that a closed advert's page still shows its contact's name, e-mail and phone"),
    "accessibility": ({}, "the accessibility statement at /accessibility/: " + ", ".join(ACCESSIBILITY_KEYS)),
    "trusts": ([], "known employers besides the register's (generator/data/employers.tsv): name, slug, aliases, website, code"),
    "licence": (DEFAULT_LICENCE, "licence of the open data (/vacancies.json and /vacancies.csv): name and url"),
}
TRUST_KEYS = ("name", "slug", "aliases", "website", "code")
ODS_CODE = re.compile(r"^[A-Z0-9]{3,9}$")


def normalise_name(name: str) -> str:
    """A trust name reduced to what matters for matching ("&" is "and", case and spacing ignored)."""
    text = comparable(name).casefold().replace("&", " and ")
    return " ".join(re.sub(r"[^\w ]+", " ", text).split())


@dataclass(frozen=True)
class Config:
    """Checked site settings."""

    # Not in its repr, which keys are made from: the same site in another folder (a fresh clone) has the same keys.
    root: Path = field(repr=False)
    title: str
    description: str
    base_url: str
    theme: str
    language: str
    per_page: int
    max_open_days: int
    closing_soon_days: int
    recently_closed: int
    feed_items: int
    trusts: tuple[Trust, ...]
    licence: Licence
    contact_retention_days: int
    accessibility: Accessibility

    @cached_property
    def _trust_names(self) -> dict[str, Trust]:
        """Every normalised name, slug and alias, mapped to its trust (the first listed wins)."""
        names: dict[str, Trust] = {}
        for trust in self.trusts:
            for label in (trust.name, trust.slug, *trust.aliases):
                names.setdefault(normalise_name(label), trust)
        return names

    @cached_property
    def _known_names(self) -> dict[str, Trust]:
        """Every name key of config's trusts, then of the register's employers, mapped to its trust: config's win."""
        known: dict[str, Trust] = {}
        for trust in self.trusts:
            for label in (trust.name, *trust.aliases):
                known.setdefault(name_key(label), trust)
        codes = {t.code: t for t in self.trusts if t.code}
        slugs = {t.slug for t in self.trusts}
        for employer in employers():
            # A config trust that shares a name or the ODS code with a register entry replaces it.
            owner = next((known[k] for k in map(name_key, employer.names) if k in known), None) or codes.get(employer.code or "")
            if owner is None:
                owner = Trust(employer.name, slugify(employer.name), code=employer.code)
                if owner.slug in slugs:
                    continue  # config.yaml gave that page to another trust
            for label in employer.names:
                known.setdefault(name_key(label), owner)
        return known

    @cached_property
    def _trust_labels(self) -> dict[str, str]:
        """Every name "did you mean" may offer, mapped to the name of the trust it means."""
        labels = {label: trust.name for trust in self.trusts for label in (trust.name, *trust.aliases)}
        for employer in employers():
            owner = self.trust_named(employer.name)
            for label in employer.names:
                labels.setdefault(label, owner.name if owner else employer.name)
        return labels

    def trust_named(self, name: str) -> Trust | None:
        """The known trust (config.yaml's, else the register's) that a name, former name or alias means, or None."""
        return self._trust_names.get(normalise_name(name)) or self._known_names.get(name_key(name))

    def trust_on_line(self, line: str) -> Trust | None:
        """The known trust a pasted line names on its own (maybe followed by noise such as "logo"), or None."""
        return on_line(line, self.trust_named)

    def closest_trust(self, name: str) -> str | None:
        """The known trust whose name or alias is most like `name`, weighing place names over "NHS Foundation Trust"."""
        match = suggest(name, self._trust_labels)
        return self._trust_labels[match] if match else None


def closest(word: str, choices: list[str]) -> str:
    """ "; did you mean …?" for the nearest choice, or nothing."""
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.5)
    return f'; did you mean "{match[0]}"?' if match else ""


def _number(data: dict[str, Any], key: str, lines: Any, path: str, problems: Problems, minimum: int, maximum: int) -> int:
    value = data.get(key, SCHEMA[key][0])
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        shown = f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) and value > maximum else repr(value)
        problems.error(path, lines((key,)), key, f"expected a whole number from {minimum} to {maximum:,}, got {shown}")
        return SCHEMA[key][0]
    return value


def _text(data: dict[str, Any], key: str, lines: Any, path: str, problems: Problems) -> str:
    value = data.get(key, SCHEMA[key][0])
    if not isinstance(value, str) or not value.strip():
        problems.error(path, lines((key,)), key, f"expected text, got {value!r}")
        return SCHEMA[key][0]
    return value.strip()


def _code(value: Any, line: int, path: str, field: str, problems: Problems) -> str | None:
    """A trust's NHS ODS code (such as RXY or 7A1), upper-case, or None."""
    if value is None:
        return None
    code = str(value).strip().upper()
    if isinstance(value, bool) or not ODS_CODE.match(code):
        problems.error(path, line, field, f"expected an NHS ODS code of letters and digits such as RXY or 7A1, got {value!r}")
        return None
    return code


def _trusts(raw: Any, lines: Any, path: str, problems: Problems) -> tuple[Trust, ...]:
    if not isinstance(raw, list):
        problems.error(path, lines(("trusts",)), "trusts", "expected a list of trusts, each with name, slug, aliases and website")
        return ()
    trusts: list[Trust] = []
    owner: dict[str, str] = {}
    for index, item in enumerate(raw):
        where = lines(("trusts", index))
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
            problems.error(path, where, f"trusts[{index}]", "each trust needs a `name:`")
            continue
        for key in item:
            if key not in TRUST_KEYS:
                problems.warn(path, lines(("trusts", index, key)), f"trusts[{index}].{key}", f"unknown key{closest(str(key), list(TRUST_KEYS))}")
        name = " ".join(item["name"].split())
        slug = item.get("slug") or slugify(name)
        if not isinstance(slug, str) or not is_slug(slug):
            problems.error(path, lines(("trusts", index, "slug")), f"trusts[{index}].slug", f"expected lower-case letters, digits and hyphens, got {slug!r}")
            slug = slugify(name)
        aliases = item.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [aliases]
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            problems.error(path, lines(("trusts", index, "aliases")), f"trusts[{index}].aliases", "expected a list of names")
            aliases = []
        website = item.get("website")
        if website is not None and (not isinstance(website, str) or not check_url(website, ("http", "https"))):
            problems.error(path, lines(("trusts", index, "website")), f"trusts[{index}].website", f"expected an http or https address, got {website!r}")
            website = None
        code = _code(item.get("code"), lines(("trusts", index, "code")), path, f"trusts[{index}].code", problems)
        for label in (name, slug, *aliases):
            key = normalise_name(label)
            if key in owner and owner[key] != name:
                problems.error(path, where, f"trusts[{index}]", f'"{label}" already names trust "{owner[key]}"')
            owner[key] = name
        trusts.append(Trust(name, slug, tuple(" ".join(a.split()) for a in aliases), website, code=code))
    return tuple(trusts)


def _base_url(data: dict[str, Any], given: str | None, lines: Any, problems: Problems) -> str:
    """The site's address, from --base-url or config.yaml, ending in /; the default (with an error) if it is not one."""
    url = given if given is not None else data.get("base_url", SCHEMA["base_url"][0])
    where, line = ("--base-url", 0) if given is not None else (CONFIG_FILE, lines(("base_url",)))
    if not isinstance(url, str) or not check_url(url, ("http", "https")):
        problems.error(where, line, "base_url", f"expected an absolute http or https URL such as https://example.github.io/jobs/, got {url!r}")
        return SCHEMA["base_url"][0]
    parts = urlsplit(url)
    if parts.query or parts.fragment or "//" in parts.path or "@" in parts.netloc or url.endswith(("?", "#")):
        problems.error(where, line, "base_url",
                       f"{url!r} must be the site's address alone: no ?query or #fragment, no user name, and no empty "
                       "part in its path (//), such as https://example.github.io/jobs/")
        return SCHEMA["base_url"][0]
    return url if url.endswith("/") else url + "/"


def load_config(root: Path, problems: Problems, base_url: str | None = None) -> Config:
    """Read and check config.yaml under root; mistakes go to `problems`."""
    file = root / CONFIG_FILE
    config, found = _checked(root, file.read_bytes() if file.is_file() else None, base_url)
    problems.items.extend(found)
    return config


# The preview loads the settings at every save: the same bytes give the same settings, checked once.
@lru_cache(maxsize=4)
def _checked(root: Path, raw: bytes | None, base_url: str | None) -> tuple[Config, tuple[Problem, ...]]:
    """The settings that config.yaml's bytes (None: no file) give, and the problems found in them."""
    path, problems = CONFIG_FILE, Problems()
    data: dict[str, Any] = {}
    line_of: dict[tuple[Any, ...], int] = {}
    if raw is not None:
        text = decode(raw, path, problems)
        parsed = read_mapping(text, 1, path, problems, "config.yaml") if text and text.strip() else None
        if parsed:
            data, line_of, _ = parsed
    else:
        problems.warn(path, 0, "", f"no {CONFIG_FILE} in {root}; using the defaults")

    def lines(key: tuple[Any, ...]) -> int:
        while key and key not in line_of:
            key = key[:-1]
        return line_of.get(key, 1)

    for key in data:
        if key not in SCHEMA:
            problems.warn(path, lines((key,)), str(key), f"unknown config key{closest(str(key), list(SCHEMA))}")
    url = _base_url(data, base_url, lines, problems)
    theme = _text(data, "theme", lines, path, problems)
    if not is_slug(theme.replace("_", "-")):
        problems.error(path, lines(("theme",)), "theme", f"expected the name of a folder under themes/, got {theme!r}")
        theme = SCHEMA["theme"][0]
    return Config(
        root=root,
        title=_text(data, "title", lines, path, problems),
        description=_text(data, "description", lines, path, problems),
        base_url=url,
        theme=theme,
        language=_text(data, "language", lines, path, problems),
        # Each with a ceiling no board needs, so that a slip (999999999 days) is an error, not an overflow.
        per_page=_number(data, "per_page", lines, path, problems, 1, 1000),
        max_open_days=_number(data, "max_open_days", lines, path, problems, 1, 3660),
        closing_soon_days=_number(data, "closing_soon_days", lines, path, problems, 0, 366),
        recently_closed=_number(data, "recently_closed", lines, path, problems, 0, 1000),
        feed_items=_number(data, "feed_items", lines, path, problems, 1, 10_000),
        trusts=_trusts(data.get("trusts", []) or [], lines, path, problems),
        licence=read_licence(data.get("licence"), lines, path, problems),
        contact_retention_days=_number(data, "contact_retention_days", lines, path, problems, 0, 3660),
        accessibility=read_accessibility(data.get("accessibility"), lines, path, problems),
    ), tuple(problems.items)
