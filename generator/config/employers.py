"""The register of NHS employers (data/employers.tsv): each one's current and former names, and a "did you mean"
that weighs the words that tell employers apart (the places), not the words they share ("NHS Foundation Trust")."""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TypeVar

from generator import DATA
from generator.model.slug import comparable

REGISTER = DATA / "employers.tsv"
COLUMNS = ("code", "name", "former_names", "kind", "nation", "source")
# Ways of writing one word, so that "Univ. Hosps NHS FT" reads as "University Hospitals NHS Foundation Trust".
SPELLINGS = {
    "univ": "university", "uni": "university", "hosp": "hospital", "hosps": "hospitals", "saint": "st",
    "ft": "foundation trust", "nhsft": "nhs foundation trust", "fdn": "foundation", "hsc": "health and social care",
    "hsct": "health and social care trust", "uhb": "university health board", "hb": "health board", "centre": "center",
}
# Words that join a name's parts: they say nothing about which employer is meant.
JOINING = frozenset({"the", "and", "of", "for", "upon", "on", "in", "at", "nhs"})
# A word of the name shorter than this must be spelt exactly: "Wye" is not a misspelling of "Wyre".
FUZZY_LENGTH = 4
FUZZY_RATIO = 0.8
# The least weighted likeness that is offered as "did you mean": below it the names share only common words.
LIKENESS = 0.6
# What a copied page leaves after an employer's name on its line: the logo's alt text, a link's note.
NOISE = frozenset({"logo", "image", "img", "alt", "icon", "badge", "link", "opens", "open", "in", "a", "new", "tab",
                   "window", "website", "homepage", "home", "page", "external", "site", "this",
                   "sponsored", "featured", "promoted", "verified", "reviews", "review", "ratings", "rating", "stars"})  # a board's badges
MOST_NOISE = 6

T = TypeVar("T")


@dataclass(frozen=True)
class Employer:
    """One NHS employer of the register: its ODS code when known, its name now, and the names it had before."""

    code: str | None
    name: str
    former_names: tuple[str, ...]
    kind: str
    nation: str
    source: str

    @property
    def names(self) -> tuple[str, ...]:
        """The current name, then the former ones."""
        return (self.name, *self.former_names)


@lru_cache(maxsize=4096)
def words(name: str) -> tuple[str, ...]:
    """A name's words, lower-case, with "&" as "and", apostrophes and full stops dropped and abbreviations spelt out."""
    text = comparable(name).casefold().replace("&", " and ").replace("+", " and ")
    text = re.sub(r"['’‘`]", "", text)
    found: list[str] = []
    for word in re.sub(r"[^\w ]+", " ", text).split():
        found.extend(SPELLINGS.get(word, word).split())
    return tuple(found)


def name_key(name: str) -> str:
    """What two spellings of one employer's name share: "The Guy's & St. Thomas' NHS FT" is "guys and st thomas nhs foundation trust"."""
    found = words(name)
    return " ".join(found[1:] if found[:1] == ("the",) and len(found) > 1 else found)


@cache
def employers() -> tuple[Employer, ...]:
    """Every employer of the register, in its order."""
    found: list[Employer] = []
    for line in REGISTER.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line == "\t".join(COLUMNS):
            continue
        row = dict(zip(COLUMNS, line.split("\t"), strict=True))
        former = tuple(n.strip() for n in row["former_names"].split(";") if n.strip())
        found.append(Employer(row["code"] or None, row["name"], former, row["kind"], row["nation"], row["source"]))
    return tuple(found)


@cache
def _by_key() -> dict[str, Employer]:
    named: dict[str, Employer] = {}
    for employer in employers():
        for label in employer.names:
            named.setdefault(name_key(label), employer)
    return named


def employer_named(name: str) -> Employer | None:
    """The employer a current or former name means, however it is spelt, or None."""
    return _by_key().get(name_key(name))


def current_name(name: str) -> str | None:
    """The current name of the employer a current or former name means, or None if the register does not know it."""
    employer = employer_named(name)
    return employer.name if employer else None


def _noise(word: str) -> bool:
    bare = word.strip("()[]{}|-–—:;,.!*·•\"'").casefold()
    # A tracking token ("Xy3_kd9", "ref=jic-2093") or a reference number is never part of a name.
    return not bare or bare in NOISE or any(c.isdigit() or c in "_=#/|★" for c in bare)


def on_line(line: str, lookup: Callable[[str], T | None]) -> T | None:
    """What `lookup` finds for the line when the line is just a name, maybe followed by noise such as "logo"."""
    parts = line.split()
    if not parts or len(line) > 200:
        return None
    for end in range(len(parts), max(0, len(parts) - MOST_NOISE - 1), -1):
        if all(_noise(word) for word in parts[end:]):
            found = lookup(" ".join(parts[:end]))
            if found is not None:
                return found
    return None


def employer_on_line(line: str) -> str | None:
    """The current name of the employer a pasted line names on its own (a heading, a logo's text), or None."""
    return on_line(line, current_name)


def terms(name: str) -> tuple[str, ...]:
    """The words of a name that can tell employers apart (joining words such as "and" and "NHS" left out)."""
    return tuple(w for w in words(name) if w not in JOINING)


@cache
def _register_counts() -> tuple[Counter[str], frozenset[str]]:
    labels = frozenset(label for employer in employers() for label in employer.names)
    return Counter(t for label in labels for t in set(terms(label))), labels


@lru_cache(maxsize=16)
def _weights(options: tuple[str, ...]) -> dict[str, float]:
    """Each word's weight: the rarer among all known names (the register's and these), the more it tells apart."""
    counts, labels = _register_counts()
    counts = counts.copy()
    extra = [o for o in options if o not in labels]
    counts.update(t for option in extra for t in set(terms(option)))
    total = len(labels) + len(extra) + 1
    return {word: math.log(total / count) for word, count in counts.items()}


def _with_query(name: str, weights: dict[str, float]) -> dict[str, float]:
    """The weights, with a weight for each word of `name` they lack."""
    added = dict(weights)
    for word in terms(name):
        if word not in added:
            # A misspelt word weighs what the word it stands for weighs; an unknown one as much as the rarest.
            near = difflib.get_close_matches(word, list(weights), n=1, cutoff=FUZZY_RATIO) if len(word) >= FUZZY_LENGTH else []
            added[word] = weights[near[0]] if near else max(weights.values(), default=1.0)
    return added


@lru_cache(maxsize=65536)
def _alike(one: str, other: str) -> float:
    """How far two words are one word: 1 when equal, their difflib ratio when a slip apart, else 0."""
    if one == other:
        return 1.0
    shorter, longer = sorted((len(one), len(other)))
    if shorter < FUZZY_LENGTH or 2 * shorter / (shorter + longer) < FUZZY_RATIO:
        return 0.0
    ratio = difflib.SequenceMatcher(None, one, other).ratio()
    return ratio if ratio >= FUZZY_RATIO else 0.0


def _covered(these: tuple[str, ...], those: tuple[str, ...], weights: dict[str, float]) -> float:
    """The weighted share of `these` words found among `those`."""
    total = sum(weights[w] for w in these)
    found = sum(weights[w] * max((_alike(w, o) for o in those), default=0.0) for w in these)
    return found / total if total else 0.0


def _likeness(name: str, other: str, weights: dict[str, float]) -> float:
    """From 0 to 1: how much two names share, each word weighed by its rarity (a weighted F1 of their words)."""
    mine, theirs = terms(name), terms(other)
    recall, precision = _covered(mine, theirs, weights), _covered(theirs, mine, weights)
    return 2 * recall * precision / (recall + precision) if recall + precision else 0.0


def suggest(name: str, choices: Iterable[str]) -> str | None:
    """The choice most like `name`, weighing place names over shared words ("NHS Foundation Trust"), or None if none is close."""
    options = tuple(dict.fromkeys(choices))
    if not terms(name) or not options:
        return None
    weights = _with_query(name, _weights(options))
    best, score = None, 0.0
    for option in options:
        value = _likeness(name, option, weights)
        if value > score:
            best, score = option, value
    return best if score >= LIKENESS else None
