"""`jobboard import`: pasted advert text -> a vacancy file that passes `jobboard check`."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal

from generator import patterns
from generator.band import MEDICAL, NON_AFC, NOT_STATED, parse_band
from generator.config import Config
from generator.content import EMAIL, build_vacancy
from generator.fields import ValueProblem, normalise_postcode, parse_date, parse_date_time, parse_period, parse_salary_text
from generator.frontmatter import parse
from generator.paste import POSTCODE, Clipping, Line, read
from generator.paytable import infer_band
from generator.problems import Problems
from generator.slug import slugify
from generator.body import body_markdown

KEY_FACTS = ("title", "trust", "band", "salary", "salary_extra", "reference", "closing", "posted", "contract", "hours")
PATTERNS = ("full time", "full-time", "part time", "part-time", "flexible working", "job share", "compressed hours", "term time")
CLOSES = re.compile(r"^(?:this|the) (?:advert|vacancy|post|job) (?:closes|will close) (?:on|at midnight on)? ?(.+?)\.?$", re.IGNORECASE)
TITLE_IN_TEXT = re.compile(
    r"\b(?:join (?:the|our) [\w ]{0,30}?team as (?:an?|the)|for the (?:role|post|position) of(?: an?)?|recruit (?:an?|the)|"
    r"appoint (?:an?|the))\s+([A-Z][\w&/' -]{2,60}?)(?=\s+(?:to|in|within|based|who|for|on|at)\b|[.,;:!]|$)"
)


MEDICAL_GRADE = re.compile(r"\b(consultant|registrar|specialty doctor|specialist|speciality doctor|foundation year|"
                           r"fy[12]|ct[1-3]|st[1-8]|clinical fellow|salaried gp)\b", re.IGNORECASE)


class NotAnAdvert(ValueError):
    """The text is not a job advert: nothing is written."""


@dataclass
class Draft:
    """Front-matter lines being assembled, with the warnings an editor must see."""

    lines: list[str] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def put(self, key: str, value: object, comment: str | None = None, indent: str = "") -> None:
        """One `key: value` line, with a comment above it when there is something to say."""
        if comment:
            self.lines.extend(f"{indent}# {part}" for part in _wrap(comment))
        self.lines.append(f"{indent}{key}: {_yaml(value)}")

    def warn(self, name: str, message: str) -> None:
        """A warning the editor should act on."""
        self.warnings.append((name, message))


@dataclass(frozen=True)
class Imported:
    """A vacancy file made from pasted text."""

    slug: str
    text: str
    warnings: tuple[tuple[str, str], ...]


def _yaml(value: object) -> str:
    if isinstance(value, (date, Decimal, int)):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_yaml(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a valid YAML string, quotes and all


def _wrap(text: str, width: int = 96) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line] if line else lines


TIME_FIRST = re.compile(r"^(?:at\s+)?(\d{1,2}[:.]\d{2})\s+on\s+(.+)$", re.IGNORECASE)


def _date(clip: Clipping, name: str, draft: Draft) -> tuple[date, time | None] | None:
    text = clip.first(name)
    if not text:
        return None
    text = TIME_FIRST.sub(r"\2 \1", text).replace("midnight", "23:59")  # Trac writes "23:59 on 12 March 2026"
    try:
        return parse_date_time(text)
    except ValueProblem as exc:
        draft.warn(name, f'could not read the date "{text}": {exc}; add it by hand')
        return None


def _title(clip: Clipping, draft: Draft) -> str | None:
    title = clip.first("title") or (clip.heading[0] if clip.heading else None)
    if title:
        return title
    if clip.lead:
        draft.warn("title", f'the advert has no title field; took its first line, "{clip.lead}"; check it')
        return clip.lead
    for line in clip.body:
        match = TITLE_IN_TEXT.search(line.text)
        if match:
            title = match.group(1).strip()
            draft.warn("title", f'the advert has no title field; took "{title}" from its text ("{line.text[:80]}"); check it')
            return title
    draft.warn("title", "required field not found in the advert; add the job title")
    return None


def _trust(clip: Clipping, config: Config, draft: Draft) -> str | None:
    stated = clip.facts.get("trust", []) + clip.heading[1:2]
    if not stated:
        draft.warn("trust", "required field not found in the advert; add the employer")
        return None
    known = [(name, config.trust_named(name)) for name in stated]
    canonical = [t.name for _, t in known if t]
    if len(set(canonical)) > 1:
        draft.warn("trust", f'the advert names two employers: "{canonical[0]}" and "{canonical[1]}"; used the first, from the advert\'s fields')
    if canonical:
        return canonical[0]
    suggestion = config.closest_trust(stated[0])
    advice = f'; did you mean "{suggestion}"?' if suggestion else "; add it to the trusts in config.yaml"
    draft.warn("trust", f'"{stated[0]}" is not a known trust{advice}')
    return stated[0]


def _salary(clip: Clipping, draft: Draft) -> tuple[Decimal | None, Decimal | None, str | None, str, str | None]:
    """Min, max, period, note and text; "Not specified" never hides figures given elsewhere."""
    readings = [(source, parse_salary_text(text), text) for source in ("salary", "salary_extra") for text in clip.facts.get(source, [])]
    with_figures = [r for r in readings if r[1][0] is not None]
    for _, _, text in readings:
        if re.search(r"\d{10}", text):
            draft.warn("salary", f'"{text[:40]}…" is not an amount jobboard can read (a number {sum(c.isdigit() for c in text):,} '
                                 "digits long); check the salary by hand")
    if len({(r[1][0], r[1][1]) for r in with_figures}) > 1:
        draft.warn("salary", f'the advert gives two salaries: "{with_figures[0][2]}" and "{with_figures[1][2]}"; used the first')
    if not with_figures:
        text = next((t for _, _, t in readings if t.lower() not in ("not specified", "not stated", "n/a", "")
                     and not re.search(r"\d{10}", t)), None)
        return None, None, None, "", text
    low, high, period, note = with_figures[0][1]
    if clip.first("salary_period"):
        try:
            period = parse_period(clip.first("salary_period"))
        except ValueProblem:
            pass
    return low, high, period or "year", note, None


def _band(clip: Clipping, salary: tuple, day: date, draft: Draft) -> tuple[str, str | None]:
    scheme = (clip.first("pay_scheme") or "").lower()
    for text in clip.facts.get("band", []):
        band = parse_band(text)
        if band:
            return band.name, None
        if "medical" in scheme or MEDICAL_GRADE.search(text):
            return MEDICAL, None
        draft.warn("band", f'could not read the band "{text}"')
    if scheme and "medical" in scheme:
        return MEDICAL, None
    if scheme and "agenda" not in scheme and "afc" not in scheme:
        return NON_AFC, None
    low, high, period, note, _ = salary
    if low is not None and high is not None and period == "year":
        inferred = infer_band(low, high, day, note)
        if inferred:
            draft.warn("band", f"the advert states no band; wrote {inferred.band}, inferred from its salary "
                               f"({inferred.reason}): check it against the advert")
            return inferred.band, f"band inferred, not stated in the advert: {inferred.reason}"
    draft.warn("band", f'the advert states no band and its salary does not identify one; wrote "{NOT_STATED}"')
    return NOT_STATED, None


def _split_place(text: str) -> dict[str, str]:
    """A place from the lines of an address block, or from "Town, POSTCODE"."""
    parts = [p.strip() for p in text.split(" | ")] if " | " in text else [p.strip() for p in text.split(",")]
    parts = [p for p in parts if p]
    place: dict[str, str] = {}
    if parts and normalise_postcode(parts[-1]):
        place["postcode"] = normalise_postcode(parts.pop())
    elif parts and POSTCODE.search(parts[-1]):
        match = POSTCODE.search(parts[-1])
        place["postcode"] = normalise_postcode(match.group(1)) or match.group(1)
        parts[-1] = parts[-1][: match.start()].strip(" ,")
        parts = [p for p in parts if p]
    if parts:
        place["town"] = parts.pop()
    if len(parts) >= 2 or (parts and " | " in text):
        place["site"] = parts.pop(0)
    if parts:
        key = "address" if "site" in place or re.search(r"\d", parts[0]) else "site"
        place[key] = ", ".join(parts)
    return place


def _places(clip: Clipping, text: str, draft: Draft) -> list[dict[str, str]]:
    places = [_split_place(value) for value in clip.facts.get("location", [])]
    site, town, postcode = clip.first("site"), clip.first("town"), clip.first("postcode")
    if site or town or postcode:
        named = {k: v for k, v in (("site", site), ("town", town), ("postcode", postcode and normalise_postcode(postcode) or postcode)) if v}
        if not any(named.items() <= p.items() for p in places):
            places.insert(0, named)
    if not places and clip.first("address"):
        places = [_split_place(clip.first("address"))]
    for place in places:
        _check_spelling(place, text, draft)
    return places


def _check_spelling(place: dict[str, str], text: str, draft: Draft) -> None:
    """A place name that the advert's own text spells differently, more than once, is corrected with a warning."""
    words = re.findall(r"\b[A-Z][a-z]{3,}\b", text)
    for key in ("town", "site"):
        for word in re.findall(r"\b[A-Z][a-z]{3,}\b", place.get(key, "")):
            if words.count(word) > 1:
                continue
            better = [w for w in difflib.get_close_matches(word, set(words) - {word}, n=3, cutoff=0.85) if words.count(w) >= 2]
            if better:
                place[key] = re.sub(rf"\b{word}\b", better[0], place[key])
                draft.warn(f"location.{key}", f'the advert\'s field says "{word}" but its text says "{better[0]}" {words.count(better[0])} times; used "{better[0]}"')


def _patterns(clip: Clipping, hours: str | None) -> list[str]:
    stated = [p.strip() for text in clip.facts.get("working_pattern", []) for p in re.split(r",|;| and ", text) if p.strip()]
    if not stated:
        lower = (hours or "").lower()
        stated = [p for p in ("full time", "part time") if lower.startswith((p, p.replace(" ", "-")))]
    found: list[str] = []
    for value in (patterns.working_pattern(p).value for p in stated):
        if value not in found:
            found.append(value)
    return found


def _closing(clip: Clipping, draft: Draft, body: list[Line]) -> tuple[tuple[date, time | None] | None, str | None]:
    """The closing date from the fields; a different date in the text is reported, quoting both."""
    stated = _date(clip, "closing", draft)
    comment = None
    for line in body:
        match = CLOSES.match(line.text)
        if not match:
            continue
        try:
            in_text = parse_date(match.group(1))
        except ValueProblem:
            continue
        if stated is None:
            stated = (in_text, None)
        elif in_text != stated[0]:
            comment = (f'the advert\'s closing date field says {stated[0].isoformat()} but its text says "{line.text}"; '
                       "the field is used")
            draft.warn("closing", comment)
    return stated, comment


def _contact(clip: Clipping, draft: Draft) -> list[tuple[str, str]]:
    contact = [(k, clip.first(f"contact.{k}")) for k in ("name", "job_title", "email", "phone")]
    kept = []
    for key, value in contact:
        if value and key == "email" and not EMAIL.match(value.removeprefix("mailto:")):
            draft.warn("contact.email", f'"{value}" is not an e-mail address (the page hid it when copied); add it by hand')
            continue
        if value:
            kept.append((key, value))
    return kept


def import_advert(text: str, config: Config, today: date, source: str) -> Imported:
    """Turn pasted advert text into the text of a vacancy file."""
    clip = read(text)
    found = [name for name in KEY_FACTS if clip.facts.get(name)] + (["title"] if clip.heading else [])
    if len(set(found)) < 3:
        raise NotAnAdvert(f"{source}: this does not look like a job advert (it names {', '.join(sorted(set(found))) or 'none'} of "
                          "the usual facts: title, employer, band, salary, reference, dates); nothing was written")
    draft = Draft()
    draft.lines.append(f"# Imported by jobboard from {source} on {today.isoformat()}. Check every field against the advert.")
    title = _title(clip, draft)
    trust = _trust(clip, config, draft)
    posted = _date(clip, "posted", draft)
    closing, conflict = _closing(clip, draft, clip.body)
    salary = _salary(clip, draft)
    band, inferred = _band(clip, salary, (posted or closing or (today, None))[0], draft)
    for key, value in (("title", title), ("trust", trust)):
        if value:
            draft.put(key, value)
    draft.put("band", band, inferred)
    low, high, period, note, salary_text = salary
    if low is not None:
        draft.lines.append("salary:")
        draft.put("min", low, indent="  ")
        if high is not None and high != low:
            draft.put("max", high, indent="  ")
        draft.put("period", period, indent="  ")
        if note:
            draft.put("note", note, indent="  ")
    elif salary_text:
        draft.lines.append("salary:")
        draft.put("text", salary_text, indent="  ")
    hours = clip.first("hours")
    contract = clip.first("contract")
    if contract and clip.first("contract_length") and clip.first("contract_length").lower() not in contract.lower():
        contract = f"{contract}: {clip.first('contract_length')}"
    if contract:
        spelling = patterns.contract(contract)
        contract = patterns.shown(spelling.value, spelling.detail)
    for key, value in (("hours", hours), ("working_pattern", _patterns(clip, hours)), ("contract", contract)):
        if value:
            draft.put(key, value)
    places = _places(clip, text, draft)
    if places:
        draft.lines.append("location:")
        for place in places:
            for number, key in enumerate(k for k in ("site", "address", "town", "postcode") if k in place):
                draft.put(key, place[key], indent="  - " if number == 0 else "    ")
    reference = clip.first("reference")
    if reference:
        draft.put("reference", reference)
    else:
        draft.warn("reference", "required field not found in the advert; add the employer's job reference")
    if posted:
        draft.put("posted", posted[0])
    if closing and closing[0] < today:
        draft.warn("closing", f"this advert is already closed (its closing date is {closing[0].isoformat()}), "
                              "so it goes straight to the archive of closed vacancies")
    if closing:
        value = closing[0] if closing[1] is None else f"{closing[0].isoformat()} {closing[1]:%H:%M}"
        draft.put("closing", value, conflict)
    interview = _date(clip, "interview", draft)
    if interview:
        draft.put("interview", interview[0] if interview[1] is None else f"{interview[0].isoformat()} {interview[1]:%H:%M}")
    if clip.first("staff_group"):
        draft.put("staff_group", clip.first("staff_group"))
    contact = _contact(clip, draft)
    if contact:
        draft.lines.append("contact:")
        for key, value in contact:
            draft.put(key, value, indent="  ")
    draft.put("added", today)
    facts = [v for v in (title, trust, clip.first("band")) if v]
    body = body_markdown([line for line in clip.body if not CLOSES.match(line.text)], facts)
    file_text = "---\n" + "\n".join(draft.lines) + "\n---\n" + body
    slug = "-".join(p for p in (slugify(title or "", limit=60), slugify(reference or "", limit=40)) if p) or "imported-advert"
    _self_check(file_text, source, config, draft)
    return Imported(slug, file_text, tuple(draft.warnings))


def _self_check(file_text: str, source: str, config: Config, draft: Draft) -> None:
    """Read the new file as `jobboard check` will, and pass on anything the editor must still fix."""
    problems = Problems()
    doc = parse(file_text.encode("utf-8"), source, problems)
    if doc:
        build_vacancy(doc, source, config, problems)
    reported = {name for name, _ in draft.warnings}
    for problem in problems.items:
        if problem.field not in reported:
            draft.warn(problem.field or "file", problem.message)
