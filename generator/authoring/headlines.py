"""The short lines at the top of a pasted advert: its title, its employer and its place, in whatever order the page prints them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.authoring.closing import in_sentence
from generator.authoring.labels import LABELS, SECTIONS
from generator.authoring.layouts import DATE_TEXT
from generator.authoring.orgnames import employer_on, known_employer
from generator.authoring.paste import Clipping, label_key
from generator.config.settings import Config
from generator.model import patterns
from generator.model.band import parse_band

# "Leeds LS9 7TF", "Maidstone, ME16 9NW": a town and postcode on a line of their own.
PLACE_LINE = re.compile(r"^[A-Za-z][A-Za-z .,'&-]{1,50}[ ,]+[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$", re.IGNORECASE)
# "Staff Nurse at Leeds Teaching Hospitals NHS Trust", "Staff Nurse - CNWL": a title and its employer on one line.
JOINED = re.compile(r"^(.{3,80}?)\s+(?:at|[-–—|])\s+(.{3,100})$")
WORKING_FROM = re.compile(r"^(?:hybrid|remote|on-?site)(?: work(?:ing)?)? in ", re.IGNORECASE)
IN_TOWN = re.compile(r"^(.{3,80}?)\s+in\s+([A-Z][A-Za-z' -]{1,40})$")
BODY_EMPLOYER_WORDS = 14


@dataclass(frozen=True)
class Headline:
    """What the advert's first short lines say, and those lines, so that the body leaves them out."""

    title: str | None = None
    employer: str | None = None
    place: str | None = None
    lines: tuple[str, ...] = ()


def _not_a_title(line: str) -> bool:
    """Dates, pay, places, labels and a board's badges are not titles."""
    key = label_key(line)
    return (not re.search(r"[A-Za-z]{2}", line) or line.startswith("£") or " > " in line or " › " in line or bool(in_sentence(line))
            or bool(DATE_TEXT.search(line)) or parse_band(line) is not None or key in LABELS or key in SECTIONS
            or bool(PLACE_LINE.match(line)) or patterns.working_pattern(line).known or patterns.contract(line).known)


def _places_named(clip: Clipping, place: str | None) -> str:
    named = [v for k in ("location", "town", "site", "address") for v in clip.facts.get(k, [])]
    return " ".join(named + [place or ""]).casefold()


def _without_town(title: str, clip: Clipping, place: str | None) -> str:
    """"Healthcare Assistant in Maidstone" is the title "Healthcare Assistant" when the advert's place is Maidstone."""
    match = IN_TOWN.match(title)
    if match and match.group(2).casefold() in _places_named(clip, place):
        return match.group(1)
    return title


def _employer_below(clip: Clipping, config: Config) -> str | None:
    """A known trust named on a line of its own further down, as some boards print it after the description."""
    for line in clip.body:
        if line.kind == "para" and len(line.text.split()) <= BODY_EMPLOYER_WORDS:
            found = known_employer(line.text, config)
            if found:
                return found
    return None


def headline(clip: Clipping, config: Config) -> Headline:
    """The title, employer and place the advert's first short lines give."""
    title = employer = place = None
    used: list[str] = []
    for line in clip.head:
        joined = JOINED.match(line) if title is None and employer is None else None
        if joined and employer_on(joined.group(2), config) and not employer_on(joined.group(1), config):
            title, employer = joined.group(1), employer_on(joined.group(2), config)
        elif employer is None and employer_on(line, config):
            employer = employer_on(line, config)
        elif place is None and PLACE_LINE.match(line):
            place = WORKING_FROM.sub("", line)
        elif title is None and not _not_a_title(line) and not employer_on(line, config):
            title = line
        else:
            continue
        used.append(line)
    if employer is None:
        employer = _employer_below(clip, config)
    return Headline(_without_town(title, clip, place) if title else None, employer, place, tuple(used))


