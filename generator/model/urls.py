"""Site addresses: every link carries the base path, and feeds carry absolute URLs."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit


def check_url(value: str, schemes: tuple[str, ...]) -> bool:
    """Whether value is an absolute URL with one of the schemes and a host."""
    parts = urlsplit(value)
    return parts.scheme in schemes and bool(parts.netloc) and not any(c.isspace() for c in value)


@dataclass(frozen=True)
class Urls:
    """Turns a site-relative address such as "vacancies/x/" into a link."""

    base_url: str

    def path(self, rel: str) -> str:
        """The root-relative link, with the base path ("/jobs/vacancies/x/")."""
        return (urlsplit(self.base_url).path or "/") + rel

    def absolute(self, rel: str) -> str:
        """The absolute URL ("https://example.github.io/jobs/vacancies/x/")."""
        return self.base_url + rel


def output_file(rel: str) -> str:
    """The file a site-relative address is written to: folders get index.html."""
    return rel + "index.html" if rel == "" or rel.endswith("/") else rel


def paged(rel: str, number: int) -> str:
    """The address of page `number` of a listing that starts at `rel`."""
    return rel if number == 1 else f"{rel}page/{number}/"
