"""Dates in pasted adverts: closing dates stated in fields or in sentences, and what happens when none is stated."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta

from generator.authoring.draft import Draft
from generator.authoring.layouts import DATE_TEXT
from generator.authoring.paste import Clipping
from generator.model.fields import ValueProblem, parse_date_time

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
TIME_TEXT = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)\b|\b(\d{1,2})[:.](\d{2})\b|\b(midnight|noon)\b", re.IGNORECASE)
# The ways adverts say when they close, in fields' absence: "The closing date is …", "Deadline …", "Apply by …".
CLOSING_PHRASE = re.compile(
    r"\b(?:closing date(?: for (?:applications|this (?:post|vacancy|role|job)))?(?: is| will be)?"
    r"|(?:advert|vacancy|post|job|role|position) (?:closes|will close|is due to close)"
    r"|closes|closing|deadline(?: for applications)?(?: is)?|(?:please )?apply (?:by|before)"
    r"|applications (?:close|must be (?:received|submitted) by|should be (?:received|submitted) by))\b",
    re.IGNORECASE,
)
# What may follow the date in a line that says nothing else: a time, "(UK time)", a full stop.
AFTER_DATE = re.compile(r"[\s.,;:()]*(?:(?:at|by|before)\s+)?(?:\d{1,2}[:.]\d{2}|\d{1,2}\s*[ap]m|midnight|12 noon|noon)?\s*"
                        r"(?:hrs|hours)?\s*(?:\(?(?:uk time|gmt|bst)\)?)?[\s.)]*", re.IGNORECASE)
NEAR = 45  # how far after a closing phrase its date may start: "The closing date is midnight on Friday 12 January 2026"
LONGEST_STATEMENT = 140


@dataclass(frozen=True)
class Stated:
    """One statement of a date: the text to read and the words that stated it, to quote."""

    text: str
    quote: str
    field: bool


def read_when(text: str) -> tuple[date, time | None]:
    """The date, and the time when one is given, in a date as adverts write it."""
    text = " ".join(text.split())[:200]
    match = DATE_TEXT.search(text)
    if not match:
        parse_date_time(text)  # raises, with the message editors know from `jobboard check`
        raise ValueProblem(f'expected a date like 2026-03-14 or 14/03/2026, got "{text}"')
    day = _day(match)
    rest = text[: match.start()] + " " + text[match.end():]
    return day, _time(rest)


def _day(match: re.Match[str]) -> date:
    weekday, dd, month, yyyy, nd, nm, ny, iy, im, idd = match.groups()
    try:
        if dd:
            day = date(int(yyyy), MONTHS.index(month[:3].lower()) + 1, int(dd))
        elif nd:
            day = date(int(ny), int(nm), int(nd))
        else:
            day = date(int(iy), int(im), int(idd))
    except ValueError:
        raise ValueProblem(f'"{match.group(0)}" is not a day in the calendar (dates are day first: 14/03/2026 is 14 March)') from None
    if weekday and day.strftime("%a").lower() != weekday[:3].lower():
        raise ValueProblem(f"{day.day} {day:%B %Y} is a {day:%A}, not a {weekday}")
    return day


def _time(text: str) -> time | None:
    match = TIME_TEXT.search(text)
    if not match:
        return None
    hour12, minute12, half, hour, minute, word = match.groups()
    if word:
        return time(23, 59) if word.lower() == "midnight" else time(12, 0)
    if half:
        hours = int(hour12) % 12 + (12 if half.lower() == "pm" else 0)
        return time(hours, int(minute12 or 0)) if hours < 24 and int(minute12 or 0) < 60 else None
    return time(int(hour), int(minute)) if int(hour) < 24 and int(minute) < 60 else None


def in_sentence(text: str) -> str | None:
    """The date a closing phrase in a line gives ("The closing date is 12 January 2026"), as written."""
    for phrase in CLOSING_PHRASE.finditer(text[:100_000]):
        window = text[phrase.end(): phrase.end() + NEAR + 40]
        found = DATE_TEXT.search(window)
        if found and found.start() <= NEAR:
            return window[: found.end() + 20]
    return None


def is_statement(text: str) -> bool:
    """Whether a whole line only says when the advert closes, so it leaves the body for the front matter."""
    phrase = CLOSING_PHRASE.search(text[:40]) if len(text) <= LONGEST_STATEMENT else None
    found = DATE_TEXT.search(text, phrase.end()) if phrase else None
    return bool(found and found.start() - phrase.end() <= NEAR and AFTER_DATE.fullmatch(text[found.end():]))


def statements(clip: Clipping, lines: list[str]) -> list[Stated]:
    """Every statement of the closing date: the fields first, then sentences in the text."""
    stated = [Stated(value, f'its closing date field says "{value}"', True) for value in clip.facts.get("closing", [])]
    for line in lines:
        found = in_sentence(line)
        if found:
            stated.append(Stated(found, f'its text says "{line[:LONGEST_STATEMENT]}"', False))
    return stated


Closing = tuple[date, time | None] | str


def closing(clip: Clipping, lines: list[str], draft: Draft) -> tuple[Closing | None, str | None]:
    """The closing date, or the unread text when none can be read; a different date stated elsewhere is quoted."""
    readings: list[tuple[Stated, tuple[date, time | None]]] = []
    for stated in statements(clip, lines):
        try:
            readings.append((stated, read_when(stated.text)))
        except ValueProblem as exc:
            draft.warn("closing", f'could not read the closing date "{stated.text}": {exc}')
    unread = clip.first("closing")
    if not readings:
        if unread:
            # Written as stated, so that `jobboard check` stops until it is fixed: never the board's default date.
            return unread, "the advert's closing date could not be read: write it as 2026-03-14"
        return None, None
    first, when = readings[0]
    comment = None
    for other, other_when in readings[1:]:
        if other_when[0] != when[0]:
            comment = (f"the advert gives two closing dates: {when[0].isoformat()} ({first.quote}) and {other_when[0].isoformat()} "
                       f"({other.quote}); used the first")
            draft.warn("closing", comment)
            break
    return when, comment


def warn_default(draft: Draft, posted: date | None, today: date, days: int) -> None:
    """No closing date stated: say plainly when the board will close the advert."""
    start, event = (posted, "posted") if posted else (today, "added")
    draft.warn("closing", f"the advert states no closing date, so the board will close it {days} days after it was {event}, "
                          f"on {(start + timedelta(days=days)).isoformat()}; if the advert gives one, add it as closing: 2026-03-14")


def read_field(clip: Clipping, name: str, draft: Draft) -> tuple[date, time | None] | None:
    """A labelled date such as the posted or interview date; a warning when it cannot be read."""
    text = clip.first(name)
    if not text:
        return None
    try:
        return read_when(text)
    except ValueProblem as exc:
        draft.warn(name, f'could not read the date "{text}": {exc}; add it by hand')
        return None

