"""Agenda for Change pay bands and the other pay groups, in pay order."""

from __future__ import annotations

import re
from dataclasses import dataclass

AFC = ["1", "2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9"]
MEDICAL = "Medical and dental"
NON_AFC = "Non-AfC"
NOT_STATED = "Not stated"

_PREFIX = re.compile(r"^(?:nhs\s*)?(?:afc|agenda\s+for\s+change)?\s*[:\-]?\s*(?:pay\s+)?(?:band\s*)?", re.IGNORECASE)
_AFC_VALUE = re.compile(r"^(9|[1-7]|8\s*[-]?\s*([a-d]))$", re.IGNORECASE)
_OTHER = {
    "medical and dental": MEDICAL,
    "medical & dental": MEDICAL,
    "medical": MEDICAL,
    "non-afc": NON_AFC,
    "non afc": NON_AFC,
    "nonafc": NON_AFC,
    "not stated": NOT_STATED,
    "not specified": NOT_STATED,
}


@dataclass(frozen=True, order=True)
class Band:
    """A pay band; instances sort in pay order."""

    rank: int
    name: str
    slug: str


def _afc(code: str) -> Band:
    return Band(AFC.index(code), f"Band {code}", f"band-{code}")


ALL = [_afc(code) for code in AFC] + [
    Band(len(AFC), MEDICAL, "medical-and-dental"),
    Band(len(AFC) + 1, NON_AFC, "non-afc"),
    Band(len(AFC) + 2, NOT_STATED, "not-stated"),
]


def parse_band(value: object) -> Band | None:
    """The band named by an editor's text ("Band 7", "band 8a", "NHS AfC: Band 7", 7), or None."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    text = " ".join(str(value).split())
    other = _OTHER.get(text.casefold())
    if other:
        return next(b for b in ALL if b.name == other)
    match = _AFC_VALUE.match(_PREFIX.sub("", text, count=1).strip())
    if not match:
        return None
    code = f"8{match.group(2).lower()}" if match.group(2) else match.group(1)
    return _afc(code)


def hint(value: object) -> str:
    """Why a band was not understood, and what would be."""
    text = str(value).strip()
    if re.fullmatch(r"(?i)(?:nhs\s*)?(?:afc\s*:?\s*)?(?:band\s*)?8", text):
        return f'"{text}" is not a band on its own: Band 8 is split into 8a, 8b, 8c and 8d'
    return (f'unknown band "{text}"; expected "Band 1" to "Band 9" (with 8a to 8d), '
            f'"{MEDICAL}", "{NON_AFC}" or "{NOT_STATED}"')
