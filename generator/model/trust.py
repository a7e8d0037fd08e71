"""An employer: the trust or health board a vacancy is with."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Trust:
    """An employer, with the former and alternative names that mean it."""

    name: str
    slug: str
    aliases: tuple[str, ...] = ()
    website: str | None = None
    known: bool = True
    code: str | None = None


