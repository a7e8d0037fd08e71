"""The licence the open data is published under: config.yaml's `licence`, by default the Open Government Licence v3.0."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from generator.model.problems import Problems
from generator.model.urls import check_url

KEYS = ("name", "url")


@dataclass(frozen=True)
class Licence:
    """A licence's name and, when it has one, the address of its text."""

    name: str
    url: str | None = None


OGL = Licence("Open Government Licence v3.0", "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/")
DEFAULT = {"name": OGL.name, "url": OGL.url}



def read_licence(raw: Any, lines: Callable[[tuple[Any, ...]], int], path: str, problems: Problems) -> Licence:
    """The licence config.yaml names (a name alone, or `name:` and `url:`); mistakes go to `problems`."""
    if raw is None:
        return OGL
    if isinstance(raw, str) and raw.strip():
        return Licence(" ".join(raw.split()))
    if not isinstance(raw, dict):
        problems.error(path, lines(("licence",)), "licence", "expected the licence's name and url, one per line under it, "
                                                             "such as `name: Open Government Licence v3.0`")
        return OGL
    for key in raw:
        if key not in KEYS:
            problems.warn(path, lines(("licence", key)), f"licence.{key}", "unknown key; a licence has a name and a url")
    name, url = raw.get("name"), raw.get("url")
    if not isinstance(name, str) or not name.strip():
        problems.error(path, lines(("licence", "name")), "licence.name", f"expected the licence's name, got {name!r}")
        return OGL
    if url is not None and (not isinstance(url, str) or not check_url(url.strip(), ("http", "https"))):
        problems.error(path, lines(("licence", "url")), "licence.url", f"expected an http or https address, got {url!r}")
        url = None
    return Licence(" ".join(name.split()), url.strip() if isinstance(url, str) else None)
