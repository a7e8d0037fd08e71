"""Pasted advert text: page chrome dropped, labelled facts pulled out, the rest kept as body lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from generator.authoring.labels import (
    CHROME,
    CONTACT_LABELS,
    CONTACT_SECTIONS,
    DROPPED_SECTIONS,
    LABELS,
    MULTI_LINE,
    SECTIONS,
    SUBSECTIONS,
)
from generator.authoring.layouts import unfold
from generator.authoring.orgnames import looks_like_employer

# A tracking token some boards append to a line (ABC_DEF_123); matched only against the line's last word, since a
# pattern searched along the line ("\s*TOKEN\s*$") would take time growing with the square of its length.
TRACKING = re.compile(r"[A-Z]{2}[A-Z0-9]*_[A-Z0-9_]{2,}")
RUN_ON = re.compile(r"[a-z)][A-Z]")
BULLET = re.compile(r"^\s*(?:[•·▪◦●‣∙*]|-(?=\s)|–(?=\s)|\d{1,2}[.)](?=\s))\s*")
RULE = re.compile(r"^\s*([-_=*])\1{2,}\s*$")
POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\b", re.IGNORECASE)
PIPE_ROW = re.compile(r"^\|(.+)\|\s*$")
QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2032": "'"})


@dataclass(frozen=True)
class Line:
    """A body line: kind is heading, subheading, para, item or rule."""

    kind: str
    text: str


@dataclass
class Clipping:
    """What the pasted text says: facts by name (every value, in order) and the advert's own text."""

    facts: dict[str, list[str]] = field(default_factory=dict)
    heading: list[str] = field(default_factory=list)
    lead: str | None = None
    body: list[Line] = field(default_factory=list)
    head: list[str] = field(default_factory=list)  # short lines before the first section: title, employer, place, dates

    def add(self, name: str, value: str) -> None:
        """Record one stated value of a fact."""
        value = tidy(value)
        if value and not CHROME.match(value):
            self.facts.setdefault(name, []).append(value)

    def first(self, name: str) -> str | None:
        """The first stated value of a fact."""
        values = self.facts.get(name)
        return values[0] if values else None


def untracked(line: str) -> str:
    """A line without trailing spaces, and without a tracking token at its end."""
    body = line.rstrip()
    start = len(body)
    while start and (body[start - 1].isalnum() or body[start - 1] == "_"):
        start -= 1
    if "_" in body[start:] and TRACKING.fullmatch(body[start:]):
        return body[:start].rstrip()
    return body


def tidy(text: str) -> str:
    """One line of text with spaces collapsed and " ," made ","."""
    text = " ".join(text.split())
    return re.sub(r"\s+([,;:.])(?=\s|$)", r"\1", text).strip()


def label_key(text: str) -> str:
    """A line as a label would be written: lower case, plain quotes, no bullet or trailing colon."""
    text = BULLET.sub("", text.translate(QUOTES)).strip().rstrip(":").strip()
    return " ".join(text.lower().split())


# "Job Title<TAB>Staff Nurse": a table's row copied from a page; the tab is all that parts the label from its value.
TABBED = re.compile(r"(?m)^([^\t\n:]{2,40})\t+")


def _tabbed(match: re.Match[str]) -> str:
    return f"{match.group(1)}: " if label_key(match.group(1)) in LABELS else match.group(0)


def normalise(text: str) -> str:
    """Plain line endings and spaces: pasted pages bring CR, NBSP and zero-width characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = TABBED.sub(_tabbed, text)
    for space in ("\u00a0", "\u202f", "\u2007", "\u2009", "\t"):
        text = text.replace(space, " ")
    for invisible in ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"):
        text = text.replace(invisible, "")
    return text


def is_run_on(line: str) -> bool:
    """Award badge names run together when copied ("Trust IDWe are a Living Wage Employer…")."""
    return len(RUN_ON.findall(line)) >= 3


def _pipe_cells(line: str) -> list[str] | None:
    match = PIPE_ROW.match(line.strip())
    if not match:
        return None
    cells = [c.strip() for c in match.group(1).split("|")]
    return None if all(re.fullmatch(r":?-{2,}:?", c) or not c for c in cells) else cells


def _inline(line: str, context: str) -> tuple[str, str] | None:
    """A "Label: value" line naming a known label."""
    match = re.match(r"^\s*(?:[-•·*]\s*)?([^:]{2,40}?)\s*:\s*(\S.*)$", line)
    if not match:
        return None
    name = _fact_for(label_key(match.group(1)), context)
    return (name, match.group(2)) if name else None


def _fact_for(key: str, context: str) -> str | None:
    if context == "contact" and key in CONTACT_LABELS:
        return CONTACT_LABELS[key]
    return LABELS.get(key)


def _section(key: str) -> str | None:
    if key in CONTACT_SECTIONS:
        return "contact"
    if key in DROPPED_SECTIONS:
        return "dropped"
    if key in SECTIONS:
        return "section"
    return None


HEAD_LINES = 12


@dataclass(frozen=True)
class _State:
    """Where the reader is: the kind of section, whether a Trac employer heading was just seen, whether any section was."""

    context: str = "body"
    after_logo: bool = False
    sectioned: bool = False


def read(text: str) -> Clipping:
    """Split pasted advert text into facts and body lines."""
    clip = Clipping()
    lines = unfold([untracked(raw) for raw in normalise(text).split("\n")])
    state, index = _State(), 0
    first = next((line for line in lines if line.strip()), "")
    if " | " in first and not first.strip().startswith("|"):
        clip.heading = [tidy(part) for part in first.split(" | ")]
        lines[lines.index(first)] = ""
    while index < len(lines):
        line = lines[index]
        index += 1
        if line.strip():
            index, state = _line(clip, lines, index, line, state)
    return clip


def _line(clip: Clipping, lines: list[str], index: int, line: str, state: _State) -> tuple[int, _State]:
    """Read one line; returns the index of the next line to read (a value on its own line is taken too) and the new state."""
    stripped = line.strip()
    key = label_key(stripped)
    if CHROME.match(stripped) or is_run_on(stripped):
        logo = state.after_logo or stripped.lower().endswith(" logo") or key == "employer heading"
        return index, replace(state, after_logo=logo)
    cells = _pipe_cells(stripped)
    if cells is not None or PIPE_ROW.match(stripped):
        name = _fact_for(label_key(cells[0]), state.context) if cells and len(cells) >= 2 else None
        if name:
            clip.add(name, " ".join(cells[1:]))
        return index, state
    section = _section(key)
    if section and not BULLET.match(line):
        state = replace(state, context=section if section != "section" else "body", sectioned=True)
        if section == "section":
            clip.body.append(Line("subheading" if key in SUBSECTIONS else "heading", tidy(stripped.rstrip(":"))))
        return index, state
    name = _fact_for(key, state.context)
    if name:
        return _take_value(lines, index, name, state.context, clip), state
    inline = _inline(stripped, state.context)
    if inline:
        clip.add(*inline)
    elif state.after_logo and "title" not in clip.facts:
        # Trac prints the employer (as its logo's text, or its name) under "Employer heading", then the title.
        employer = looks_like_employer(stripped)
        clip.add("trust" if employer else "title", employer or stripped)
        state = replace(state, after_logo=bool(employer))
    elif state.context not in ("contact", "dropped"):
        _body_line(clip, line, stripped, state)
    return index, state


def _body_line(clip: Clipping, line: str, stripped: str, state: _State) -> None:
    """A line of the advert's own text; a short one before any section may be its title or employer."""
    if not state.sectioned and len(stripped) <= 100 and not stripped.endswith((".", ":", "?", "!")):
        if not clip.body and not clip.lead:
            clip.lead = tidy(stripped)  # a short first line, before any section, is how most pages show the title
        if len(clip.head) < HEAD_LINES:
            clip.head.append(tidy(stripped))
    if RULE.match(stripped):
        clip.body.append(Line("rule", ""))
    elif BULLET.match(line) or (len(line) - len(line.lstrip(" ")) >= 4 and clip.body and clip.body[-1].kind in ("item", "para")):
        clip.body.append(Line("item", tidy(BULLET.sub("", stripped))))
    else:
        clip.body.append(Line("para", tidy(stripped)))


def _marker(text: str, context: str) -> bool:
    """Whether a line is a label or a section title, so it cannot be a value."""
    key = label_key(text)
    return bool(_fact_for(key, context) or _section(key))


def _next_text(lines: list[str], index: int) -> int | None:
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index if index < len(lines) else None


def _take_value(lines: list[str], index: int, name: str, context: str, clip: Clipping) -> int:
    """Read the value after a label on its own line; a place runs over several lines, ending at its postcode."""
    start = _next_text(lines, index)
    if start is None or _marker(lines[start], context):
        return index
    if name not in MULTI_LINE:
        clip.add(name, BULLET.sub("", lines[start].strip()))
        return start + 1
    place: list[str] = []
    index = start
    while index is not None and index < len(lines):
        text = lines[index].strip()
        if not text:
            upcoming = _next_text(lines, index)
            if upcoming is None or _marker(lines[upcoming], context) or not _looks_like_place(lines, upcoming):
                break
            index = upcoming
            continue
        if _marker(text, context) or CHROME.match(text):
            break
        place.append(BULLET.sub("", text))
        index += 1
        if POSTCODE.fullmatch(text):
            clip.add(name, " | ".join(place))
            place = []
            upcoming = _next_text(lines, index)
            if upcoming is None or _marker(lines[upcoming], context) or not _looks_like_place(lines, upcoming):
                return upcoming if upcoming is not None else index
            index = upcoming
        elif len(place) >= 6:
            break
    if place:
        clip.add(name, " | ".join(place))
    return index if index is not None else len(lines)


def _looks_like_place(lines: list[str], start: int) -> bool:
    """Whether the short lines from `start` make an address block that ends with a postcode."""
    seen = 0
    for text in (line.strip() for line in lines[start:]):
        if not text:
            continue
        if len(text) > 80 or seen >= 6:
            return False
        if POSTCODE.fullmatch(text):
            return True
        seen += 1
    return False
