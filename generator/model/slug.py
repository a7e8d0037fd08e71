"""URL slugs: lower-case ASCII words joined by hyphens."""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import PurePosixPath

MAX_LENGTH = 80
PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Names Windows reserves for devices: a folder called "con" cannot be checked out there.
RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))})


@functools.lru_cache(maxsize=1 << 16)  # references are compared at every build, and the preview builds at every save
def comparable(text: str) -> str:
    """Text as a reader sees it: compatibility forms folded (NFKC) and invisible characters (zero-width spaces,
    joiners, direction marks) removed, so that two spellings that look the same compare the same."""
    return "".join(c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c) != "Cf")


def slugify(*parts: str, limit: int = MAX_LENGTH) -> str:
    """A slug from text: accents dropped, "&" read as "and", anything else a hyphen."""
    text = comparable(" ".join(parts)).replace("&", " and ")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] if "-" in slug[:limit] else slug[:limit]
    return f"{slug}-name" if slug in RESERVED else slug


def of_file(path: str) -> str:
    """The address a vacancy file gives its page: its name less `.md`, made a slug if it is not one already."""
    stem = PurePosixPath(path).stem
    return stem if is_slug(stem) else slugify(stem)


# An old address of a vacancy page: its slug alone, or any path or URL ending in vacancies/<slug>/.
_ALIAS = re.compile(r"^(?:.*/)?vacancies/([^/]+)/?$|^([^/]+)$")


def alias_slug(text: str) -> str | None:
    """The slug an alias names (`old-slug`, `/vacancies/old-slug/` or a full address), or None if it names none."""
    found = _ALIAS.match(text.strip().split("?")[0].split("#")[0])
    slug = (found.group(1) or found.group(2)) if found else None
    return slug if slug and is_slug(slug) else None


def is_slug(text: str) -> bool:
    """Whether text is already a valid slug."""
    return len(text) <= MAX_LENGTH and bool(PATTERN.match(text)) and text not in RESERVED
