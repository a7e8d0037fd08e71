"""One spelling for each working pattern and contract type: NHS Jobs' words, and the other ways adverts write them."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

# NHS Jobs' own words, so that a candidate filters by the values they already know.
WORKING_PATTERNS = ("Full time", "Part time", "Flexible working", "Job share", "Compressed hours",
                    "Home or remote working", "Term time", "Annualised hours")
CONTRACTS = ("Permanent", "Fixed term", "Bank", "Secondment", "Apprenticeship", "Locum", "Voluntary")
# Other words for the same thing, written as `_key` gives them (hyphens, spaces and case never matter).
PATTERN_WORDS = {
    "flexible": "Flexible working", "flexi": "Flexible working", "flexitime": "Flexible working",
    "flexiworking": "Flexible working", "flexibleworkingoptions": "Flexible working", "jobsharing": "Job share",
    "compressedworking": "Compressed hours", "compressedhoursworking": "Compressed hours",
    "homeworking": "Home or remote working", "remoteworking": "Home or remote working",
    "homeorremote": "Home or remote working", "hybridworking": "Home or remote working", "remote": "Home or remote working",
    "termtimeonly": "Term time", "termtimeworking": "Term time", "annualisedhourscontract": "Annualised hours",
    "annualizedhours": "Annualised hours",
}
CONTRACT_WORDS = {
    "permanentcontract": "Permanent", "fixedtermcontract": "Fixed term", "banking": "Bank", "bankstaff": "Bank",
    "apprentice": "Apprenticeship", "volunteer": "Voluntary", "voluntaryrole": "Voluntary",
}
# Words that are not a spelling of a known value but are near enough in meaning to suggest one.
SUGGESTIONS = {"temp": "Fixed term", "interim": "Fixed term", "maternitycover": "Fixed term", "casual": "Bank", "adhoc": "Bank"}
# Where a contract type ends and its detail (the length of a fixed term) begins: "Fixed term: 12 months", "Fixed-term (6 months)".
_DETAIL = re.compile(r"^\s*(?P<type>[A-Za-z][A-Za-z\s_-]*?)(?:[\s_-]+contract)?\s*(?:[:(,;–—]|\s-\s|\s(?=\d))(?P<detail>.*)$")
# The same with the length first: "12 months fixed term", "6 month fixed-term contract".
_LENGTH_FIRST = re.compile(r"^\s*(?P<detail>\d[^()]*?)[\s,(-]*(?P<type>fixed[\s_-]*term)(?:[\s_-]+contract)?\s*\)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Spelling:
    """A value in its one spelling, or as written when it is not a known one (with the known one it looks like)."""

    value: str
    known: bool
    suggestion: str | None = None
    detail: str | None = None  # what followed a contract type, such as a fixed term's length
    parts: tuple[str, ...] = ()  # known working patterns run together in one value ("Full time, Job share")


def _key(text: str) -> str:
    """Only the letters and digits, in lower case: "Full-time", "FULL TIME" and "fulltime" all give "fulltime"."""
    return re.sub(r"[^0-9a-z]", "", text.casefold())


_PATTERN_KEYS = {**{_key(v): v for v in WORKING_PATTERNS}, **PATTERN_WORDS}
_CONTRACT_KEYS = {**{_key(v): v for v in CONTRACTS}, **CONTRACT_WORDS}


def _suggest(text: str, known: dict[str, str]) -> str | None:
    """The known value an unknown one looks like: a near spelling, a word of like meaning, or a known value it contains."""
    key = _key(text)
    meaning = next((value for word, value in SUGGESTIONS.items() if key.startswith(word)), None)
    if meaning in known.values():
        return meaning
    match = difflib.get_close_matches(key, list(known), n=1, cutoff=0.75)
    if match:
        return known[match[0]]
    # Longest first, so that "part time" is found in "part time hours" before anything shorter.
    inside = [k for k in sorted(known, key=len, reverse=True) if len(k) > 3 and k in key]
    return known[inside[0]] if inside else None


def working_pattern(text: str) -> Spelling:
    """One working pattern in its one spelling ("Fulltime" and "full-time" are "Full time")."""
    found = _PATTERN_KEYS.get(_key(text))
    if found:
        return Spelling(found, True)
    parts = [_PATTERN_KEYS.get(_key(part)) for part in re.split(r"[,;/&]|\band\b", text)]
    together = tuple(dict.fromkeys(p for p in parts if p)) if len(parts) > 1 and all(parts) else ()
    return Spelling(text[:1].upper() + text[1:], False, _suggest(text, _PATTERN_KEYS), parts=together)


def contract(text: str) -> Spelling:
    """A contract type in its one spelling, with any detail after it ("Fixed-term (6 months)" is "Fixed term", "6 months")."""
    found = _CONTRACT_KEYS.get(_key(text))
    if found:
        return Spelling(found, True)
    for pattern in (_DETAIL, _LENGTH_FIRST):
        match = pattern.match(text)
        kind = _CONTRACT_KEYS.get(_key(match.group("type"))) if match else None
        detail = _tidy(match.group("detail")) if match else ""
        if kind and detail:
            return Spelling(kind, True, detail=detail)
    return Spelling(text, False, _suggest(text, _CONTRACT_KEYS))


def _tidy(detail: str) -> str:
    """A contract's detail without the punctuation around it; a closing bracket goes only with its opening one."""
    detail = detail.strip(" \t:;,–—-.(")
    return detail[:-1].rstrip() if detail.endswith(")") and detail.count(")") > detail.count("(") else detail


def shown(kind: str, detail: str | None) -> str:
    """A contract as an advert shows it: "Fixed term: 12 months", or only its type."""
    return f"{kind}: {detail}" if detail else kind


def advice(field: str, spelling: Spelling) -> str:
    """Why an unknown value is worth a look, in words a recruitment administrator can act on."""
    known = WORKING_PATTERNS if field == "working_pattern" else CONTRACTS
    what = "working pattern" if field == "working_pattern" else "contract type"
    if spelling.parts:
        hint = f"to give each its own filter, write them as a list: [{', '.join(spelling.parts)}]"
    elif spelling.suggestion:
        hint = f'did you mean "{spelling.suggestion}"?'
    else:
        hint = f"the usual ones are {', '.join(known)}"
    return (f'"{spelling.value}" is not a {what} the site knows, so it is shown as written and gets a search filter '
            f"of its own; {hint}")
