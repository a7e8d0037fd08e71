"""Employers' names as adverts print them: on a line of their own, sometimes with a board's tracking noise after them."""

from __future__ import annotations

import re

from generator.config.settings import Config

# How an employer's name ends ("… NHS Foundation Trust", "… Health Board", "… Ltd"), or how a Scottish board's begins
# ("NHS Lothian"). A job title rarely ends so: "Healthcare Assistant" ends with "Assistant".
ORG_END = re.compile(
    r"(?:\bNHS(?: Foundation)? Trust|\bTrust|\bHealth Board|\bNHS Board|\bLtd\.?|\bLimited|\bplc|\bLLP|\bHospice|\bCouncil"
    r"|\bSurgery|\bMedical Practice|\bMedical Centre|\bHealth Centre|\bPartnership|\bICB|\bIntegrated Care Board|\bCIC"
    r"|\bNHS Professionals|\bHealth and Social Care|\bAmbulance Service|\bHealthcare(?: Group)?|\bCare Group)$",
    re.IGNORECASE,
)
NHS_BOARD = re.compile(r"^NHS(?: [A-Z][a-z]+| and| of){1,6}$")
MAX_WORDS = 14
NOISE_WORDS = 5  # at most this many words of tracking noise are cut from the end of an employer's line
NOISE_MARK = re.compile(r"[0-9=_|·•★#/]|^(?:sponsored|featured|promoted|verified|new)$", re.IGNORECASE)


def _cleaned(text: str) -> str:
    return text.strip(" \t|·•,;:-–—*").strip()


def _names(line: str) -> list[str]:
    """The line, then the line with up to NOISE_WORDS words cut from its end when what is cut is tracking noise."""
    words = line.split()
    if not words or len(words) > MAX_WORDS + NOISE_WORDS or line.rstrip().endswith((".", "?", "!")):
        return []
    found = [_cleaned(" ".join(words))]
    for cut in range(1, min(NOISE_WORDS, len(words) - 1) + 1):
        if any(NOISE_MARK.search(word) for word in words[len(words) - cut:]):
            found.append(_cleaned(" ".join(words[: len(words) - cut])))
    return found


def looks_like_employer(line: str) -> str | None:
    """The employer's name a short line holds by its form ("… NHS Trust", "NHS Lothian"), without noise after it."""
    for candidate in _names(line):
        if len(candidate.split()) >= 2 and (ORG_END.search(candidate) or NHS_BOARD.match(candidate)):
            return candidate
    return None


def known_employer(line: str, config: Config) -> str | None:
    """The canonical name of a known trust that a line names, alone or with noise after it."""
    for candidate in _names(line):
        trust = config.trust_named(candidate)
        if trust:
            return trust.name
    return None


def employer_on(line: str, config: Config) -> str | None:
    """The employer a line names: a known trust by its canonical name, else a name by its form."""
    return known_employer(line, config) or looks_like_employer(line)
