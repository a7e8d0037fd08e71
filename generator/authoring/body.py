"""The advert's own text as clean Markdown: sections, lists, person specification, no repeats."""

from __future__ import annotations

import re

from generator.authoring.paste import Line
from generator.model.band import parse_band

CRITERION = re.compile(r"^(essential|desirable)(?: criteria)?:?$", re.IGNORECASE)
PERSON_SPEC = "person specification"
# Categories NHS Jobs offers for person specifications; in flattened copies they are the only way to tell a category from a criterion.
CATEGORIES = {
    "skills and experience", "knowledge", "training, qualifications and registration", "qualifications",
    "qualifications and training", "education and qualifications", "education", "training", "experience",
    "previous experience", "skills and knowledge", "knowledge and skills", "skills", "skills and abilities", "abilities",
    "personal qualities", "personal attributes", "values", "values and behaviours", "other", "other requirements",
    "communication skills", "physical skills", "language requirements", "commitment to trust values and behaviours",
    "qualifications and registration", "knowledge and experience", "disposition", "special requirements",
}

Section = tuple[Line | None, list[Line]]


def _sections(lines: list[Line]) -> list[Section]:
    sections: list[Section] = [(None, [])]
    for line in lines:
        if line.kind == "heading":
            sections.append((line, []))
        else:
            sections[-1][1].append(line)
    return sections


def _is_fact_repeat(line: Line, facts: list[str]) -> bool:
    """A title, employer or band line that only repeats a fact already in the front matter."""
    if line.kind != "para":
        return False
    text = line.text.casefold()
    return any(text == fact.casefold() for fact in facts) or (len(text) < 30 and parse_band(line.text) is not None)


def _unrepeated(sections: list[Section]) -> list[Section]:
    """Sections the page repeats (wholly, or all of whose lines came before) are dropped, as are empty ones."""
    kept: list[Section] = []
    seen: set[str] = set()
    for heading, lines in sections:
        texts = {line.text for line in lines if line.text}
        if not lines or (heading is not None and texts and texts <= seen):
            continue
        paragraphs: list[Line] = []
        for index, line in enumerate(lines):
            following = lines[index + 1].text if index + 1 < len(lines) else ""
            # Short lines ("Essential", "Knowledge") legitimately recur; only whole sentences count as repeats.
            repeat = len(line.text.split()) >= 6 and (line.text in seen or (following.startswith(line.text) and following != line.text))
            if line.kind in ("para", "item") and repeat:
                continue
            paragraphs.append(line)
            seen.add(line.text)
        if any(line.kind != "subheading" for line in paragraphs):
            kept.append((heading, paragraphs))
    return kept


def _person_spec(lines: list[Line]) -> list[str]:
    """Categories become ### headings, essential and desirable criteria become lists."""
    bulleted = any(line.kind == "item" for line in lines)
    out: list[str] = []
    pending: str | None = None
    for line in lines:
        text = line.text
        if CRITERION.match(text):
            pending = text.rstrip(":")
            continue
        is_category = (line.kind in ("para", "subheading") and bulleted) or text.casefold() in CATEGORIES
        if is_category:
            out += [f"### {text}", ""]
            continue
        if pending:
            out += [f"**{pending}**", ""]
            pending = None
        out.append(f"- {text}")
    return _spaced(out)


def _spaced(out: list[str]) -> list[str]:
    """Blank lines around list blocks, none inside them."""
    spaced: list[str] = []
    for line in out:
        if line == "":
            if spaced and spaced[-1] != "":
                spaced.append("")
            continue
        if spaced and spaced[-1] != "" and not (line.startswith("- ") and spaced[-1].startswith("- ")):
            spaced.append("")
        spaced.append(line)
    return spaced


def _plain(lines: list[Line]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line.kind == "item":
            out.append(f"- {line.text}")
        elif line.kind == "subheading":
            out.append(f"### {line.text}")
        elif line.kind == "rule":
            out.append("* * *")
        else:
            out.append(_escape(line.text))
    return _spaced(out)


def _escape(text: str) -> str:
    """A paragraph that Markdown would otherwise read as a heading, list or rule."""
    if re.match(r"^(#|>|\d+[.)]\s|[-+*]\s|={3,}|-{3,})", text):
        return "\\" + text
    return text


def body_markdown(lines: list[Line], facts: list[str]) -> str:
    """Markdown for the advert's text, with facts the front matter holds left out."""
    lines = [line for line in lines if not _is_fact_repeat(line, facts)]
    out: list[str] = []
    for heading, section in _unrepeated(_sections(lines)):
        if heading is not None:
            out += ["", f"## {heading.text}", ""]
        body = _person_spec(section) if heading and heading.text.casefold() == PERSON_SPEC else _plain(section)
        out += body
    return "\n".join(_spaced(out)).strip() + "\n"
