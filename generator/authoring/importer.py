"""`jobboard import`: pasted advert text -> a vacancy file that passes `jobboard check`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

from generator.authoring import closing as closings
from generator.authoring import pay
from generator.authoring.body import body_markdown
from generator.authoring.contacts import apply_url, contact
from generator.authoring.draft import Draft
from generator.authoring.headlines import Headline, headline
from generator.authoring.paste import Clipping, read
from generator.authoring.places import places, put_places
from generator.authoring.refusal import refuse_unless_advert
from generator.config.settings import Config
from generator.load.vacancies import build_vacancy
from generator.model import patterns
from generator.model.problems import Problems
from generator.model.slug import slugify
from generator.source.frontmatter import parse

TITLE_IN_TEXT = re.compile(
    r"\b(?:join (?:the|our) [\w ]{0,30}?team as (?:an?|the)|for the (?:role|post|position) of(?: an?)?|recruit (?:an?|the)|"
    r"appoint (?:an?|the))\s+([A-Z][\w&/' -]{2,60}?)(?=\s+(?:to|in|within|based|who|for|on|at)\b|[.,;:!]|$)"
)


class NotAnAdvert(ValueError):
    """The text is not a job advert: nothing is written."""


@dataclass(frozen=True)
class Imported:
    """A vacancy file made from pasted text."""

    slug: str
    text: str
    warnings: tuple[tuple[str, str], ...]


def _title(clip: Clipping, head: Headline, draft: Draft) -> str | None:
    title = clip.first("title") or (clip.heading[0] if clip.heading else None)
    if title:
        return title
    if head.title:
        draft.warn("title", f'the advert has no title field; took "{head.title}" from its first lines; check it')
        return head.title
    for line in clip.body:
        match = TITLE_IN_TEXT.search(line.text[:10_000])
        if match:
            title = match.group(1).strip()
            draft.warn("title", f'the advert has no title field; took "{title}" from its text ("{line.text[:80]}"); check it')
            return title
    draft.warn("title", "required field not found in the advert; add the job title")
    return None


def _trust(clip: Clipping, head: Headline, config: Config, draft: Draft) -> str | None:
    stated = clip.facts.get("trust", []) + clip.heading[1:2] + ([head.employer] if head.employer else [])
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


HOURS = re.compile(r"^\d{1,2}(?:\.\d{1,2})? hours?\b", re.IGNORECASE)


def _patterns(clip: Clipping, hours: str | None) -> list[str]:
    stated = [p.strip() for text in clip.facts.get("working_pattern", []) for p in re.split(r",|;| and ", text)
              if p.strip() and not HOURS.match(p.strip())]  # "37.5 hours per week, full time": the hours are not a pattern
    if not stated:
        lower = (hours or "").lower()
        stated = [p for p in ("full time", "part time") if lower.startswith((p, p.replace(" ", "-")))]
    found: list[str] = []
    for value in (patterns.working_pattern(p).value for p in stated):
        if value not in found:
            found.append(value)
    return found


def _terms(clip: Clipping, draft: Draft) -> None:
    """Hours, working pattern and contract, in the spellings the site filters by."""
    in_pattern = [p.strip() for text in clip.facts.get("working_pattern", []) for p in text.split(",") if HOURS.match(p.strip())]
    hours = clip.first("hours") or (in_pattern[0] if in_pattern else None)
    agreed = clip.first("contract")
    length = clip.first("contract_length")
    if agreed and length and length.lower() not in agreed.lower():
        agreed = f"{agreed}: {length}"
    if agreed:
        spelling = patterns.contract(agreed)
        agreed = patterns.shown(spelling.value, spelling.detail)
    for key, value in (("hours", hours), ("working_pattern", _patterns(clip, hours)), ("contract", agreed)):
        if value:
            draft.put(key, value)


def _when(value: tuple[date, time | None]) -> object:
    return value[0] if value[1] is None else f"{value[0].isoformat()} {value[1]:%H:%M}"


def _dates(clip: Clipping, config: Config, today: date, draft: Draft) -> None:
    """Posted, closing and interview dates; no closing date stated is said plainly, with the date the board will use."""
    posted = closings.read_field(clip, "posted", draft)
    closes, comment = closings.closing(clip, [line.text for line in clip.body], draft)
    if posted:
        draft.put("posted", posted[0])
    if closes is None:
        closings.warn_default(draft, posted[0] if posted else None, today, config.max_open_days)
    elif isinstance(closes, str):
        draft.put("closing", closes, comment)
    else:
        if closes[0] < today:
            draft.warn("closing", f"this advert is already closed (its closing date is {closes[0].isoformat()}), "
                                  "so it goes straight to the archive of closed vacancies")
        draft.put("closing", _when(closes), comment)
    interview = closings.read_field(clip, "interview", draft)
    if interview:
        draft.put("interview", _when(interview))


def _pay_year(clip: Clipping, today: date) -> date:
    """The day whose pay year the salary is read in: posted, else closing, else today."""
    for name in ("posted", "closing"):
        try:
            return closings.read_when(clip.first(name) or "")[0]
        except ValueError:
            continue
    return today


def _front_matter(clip: Clipping, head: Headline, text: str, config: Config, today: date, draft: Draft) -> tuple[str | None, ...]:
    """Every fact as a front-matter line; returns the title, reference (which name the file) and trust."""
    title, trust = _title(clip, head, draft), _trust(clip, head, config, draft)
    salary = pay.salary(clip, draft)
    band, inferred = pay.band(clip, salary, _pay_year(clip, today), draft)
    for key, value in (("title", title), ("trust", trust)):
        if value:
            draft.put(key, value)
    draft.put("band", band, inferred)
    pay.put_salary(salary, draft)
    _terms(clip, draft)
    if head.place and not any(clip.facts.get(k) for k in ("location", "town", "site", "postcode", "address")):
        clip.add("location", head.place)
    put_places(places(clip, text, draft), draft)
    reference = clip.first("reference")
    if reference:
        draft.put("reference", reference)
    else:
        draft.warn("reference", "required field not found in the advert; add the employer's job reference")
    _dates(clip, config, today, draft)
    if clip.first("staff_group"):
        draft.put("staff_group", clip.first("staff_group"))
    _reach(clip, draft)
    draft.put("added", today)
    return title, reference, trust


def _reach(clip: Clipping, draft: Draft) -> None:
    """How to apply: the contact block and the address to apply at, as the advert gives them."""
    found = contact(clip, draft)
    if found:
        draft.lines.append("contact:")
        for key, value in found:
            draft.put(key, value, indent="  ")
    address = apply_url(clip)
    if address:
        draft.put("apply_url", address)


def import_advert(text: str, config: Config, today: date, source: str) -> Imported:
    """Turn pasted advert text into the text of a vacancy file."""
    clip = read(text)
    head = headline(clip, config)
    refusal = refuse_unless_advert(clip, head, source)
    if refusal:
        raise NotAnAdvert(refusal)
    draft = Draft()
    draft.lines.append(f"# Imported by jobboard from {source} on {today.isoformat()}. Check every field against the advert.")
    title, reference, trust = _front_matter(clip, head, text, config, today, draft)
    facts = [v for v in (title, trust, clip.first("trust"), clip.first("band"), *head.lines) if v]
    body = body_markdown([line for line in clip.body if not closings.is_statement(line.text)], facts)
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
