"""Employers' names as adverts print them: on a line of their own, sometimes with a board's tracking noise after them."""

from __future__ import annotations

import re

from generator.config.employers import on_line
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


def _cleaned(text: str) -> str:
    return text.strip(" \t|·•,;:-–—*").strip()


def _shaped(candidate: str) -> str | None:
    """The name, if it has the form of an employer's."""
    name = _cleaned(candidate)
    return name if 2 <= len(name.split()) <= MAX_WORDS and (ORG_END.search(name) or NHS_BOARD.match(name)) else None


def looks_like_employer(line: str) -> str | None:
    """The employer's name a short line holds by its form ("… NHS Trust", "NHS Lothian"), without noise after it."""
    return None if line.rstrip().endswith((".", "?", "!")) else on_line(line, _shaped)


def known_employer(line: str, config: Config) -> str | None:
    """The current name of a known trust that a line names, alone or with noise after it."""
    trust = config.trust_on_line(line)
    return trust.name if trust else None


def employer_on(line: str, config: Config) -> str | None:
    """The employer a line names: a known trust by its current name, else a name by its form."""
    return known_employer(line, config) or looks_like_employer(line)
