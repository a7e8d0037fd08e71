"""Reading a sample site's source files and the site built from them, for the page and feed tests."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import yaml
from bs4 import BeautifulSoup
from conftest import run

LONDON = ZoneInfo("Europe/London")
# The pay order the README promises for /bands/.
BAND_ORDER = [f"Band {code}" for code in ("1", "2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9")] + [
    "Medical and dental", "Non-AfC", "Not stated",
]


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root, by its path there, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def build(site: Path, *args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`jobboard build --site SITE ARGS`, which must succeed."""
    result = run("build", "--site", site, *args, env=env)
    assert result.returncode == 0, f"build failed ({result.returncode}):\n{result.stderr}"
    return result


# Source files ---------------------------------------------------------------

def config(site: Path) -> dict:
    """The site's config.yaml as plain data."""
    return yaml.safe_load((site / "config.yaml").read_text(encoding="utf-8")) or {}


def front_matter(file: Path) -> dict:
    """The YAML between the first two `---` lines of a vacancy file."""
    text = file.read_text(encoding="utf-8")
    match = re.match(r"\A---\n(.*?)\n---\n", text, re.DOTALL)
    assert match, f"{file} has no front matter"
    return yaml.safe_load(match.group(1))


def body(file: Path) -> str:
    """The Markdown below the front matter."""
    return re.split(r"^---$", file.read_text(encoding="utf-8"), maxsplit=2, flags=re.MULTILINE)[2]


def uk_date(day: date | datetime) -> str:
    """14 March 2026, the way pages write dates."""
    return f"{day.day} {day:%B %Y}"


def band_name(value: object) -> str:
    """The display name of a band as written in a source file ("Band 5", 5, "Not stated")."""
    text = str(value).strip()
    return f"Band {text}" if text[:1].isdigit() else text


def band_slug(value: object) -> str:
    return band_name(value).lower().replace(" ", "-")


@dataclass(frozen=True)
class Source:
    """One vacancy file as the tests read it, independently of the generator."""

    file: Path
    data: dict
    trust: dict  # the config.yaml entry the trust name or alias belongs to ({} when unknown)
    closing: datetime
    max_open_days: int

    @property
    def title(self) -> str:
        return str(self.data["title"])

    @property
    def reference(self) -> str:
        return str(self.data["reference"])

    @property
    def trust_name(self) -> str:
        return self.trust.get("name", self.data["trust"])

    @property
    def trust_slug(self) -> str | None:
        return self.trust.get("slug")

    @property
    def band(self) -> str:
        return band_name(self.data["band"])

    @property
    def posted(self) -> date | None:
        return self.data.get("posted")

    def published(self, now: datetime) -> bool:
        """Shown on the site: not a draft, and not posted after the clock."""
        return not self.data.get("draft") and (self.posted is None or self.posted <= now.date())

    def is_open(self, now: datetime) -> bool:
        return self.published(now) and now <= self.closing


def _closing(data: dict, max_open_days: int) -> datetime:
    """When an advert closes: its stated date (23:59 unless a time is given), else max_open_days after posted/added."""
    raw = data.get("closing")
    if raw is None:
        start = data.get("posted") or data["added"]
        return datetime.combine(start + timedelta(days=max_open_days), time(23, 59), LONDON)
    if isinstance(raw, date):
        return datetime.combine(raw, time(23, 59), LONDON)
    day, _, clock = str(raw).partition(" ")
    return datetime.combine(date.fromisoformat(day), time.fromisoformat(clock or "23:59"), LONDON)


def sources(site: Path) -> list[Source]:
    """Every vacancy file of a sample site."""
    settings = config(site)
    max_open_days = settings.get("max_open_days", 28)
    trusts = settings.get("trusts") or []
    found = []
    for file in sorted((site / "content" / "vacancies").glob("*.md")):
        data = front_matter(file)
        names = lambda t: {t["name"], t.get("slug"), *(t.get("aliases") or [])}  # noqa: E731
        trust = next((t for t in trusts if data["trust"] in names(t)), {})
        found.append(Source(file, data, trust, _closing(data, max_open_days), max_open_days))
    return found


def open_order(items: list[Source]) -> list[Source]:
    """Closing soonest first, then newest posted, then reference (the index's promised order)."""
    return sorted(items, key=lambda s: (s.closing, -(s.posted.toordinal()) if s.posted else 1, s.reference))


def at(text: str) -> datetime:
    """A --now value as the aware London time the build uses."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=LONDON)


# Built output ----------------------------------------------------------------

def file_for(output: Path, link: str, base_url: str = "/") -> Path:
    """The output file a link (root-relative or absolute) is served from."""
    path = urlsplit(link).path
    base = urlsplit(base_url).path or "/"
    assert path.startswith(base), f"{link} is not under {base_url}"
    rel = path[len(base):]
    return output / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)


def soup(output: Path, link: str, base_url: str = "/") -> BeautifulSoup:
    """The parsed page a link points at."""
    file = file_for(output, link, base_url)
    assert file.is_file(), f"no page for {link}: {file} is missing"
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def html_files(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def feed_files(output: Path) -> list[Path]:
    """Every RSS feed: the site's and each trust's and band's feed.xml (sitemap.xml is not a feed)."""
    return sorted(output.rglob("feed.xml"))


def shown(value: str) -> str:
    """A feed's text field as a reader that inserts it as HTML shows it, which must find no element in it."""
    parsed = BeautifulSoup(value, "html.parser")
    assert parsed.find() is None, f"markup in a feed field: {value!r}"
    return parsed.get_text()


def text_of(node) -> str:
    """Visible text with runs of whitespace made single spaces."""
    return " ".join(node.get_text(" ").split())


def main(page: BeautifulSoup):
    found = page.find("main")
    assert found is not None, "page has no <main>"
    return found


def card_links(container) -> list[str]:
    """The vacancy links of the cards in a list, in order."""
    return [a["href"] for a in container.select("li.card .card-title a")]


def cards_before_heading(page: BeautifulSoup, heading: str) -> tuple[list[str], list[str]]:
    """Card links of <main> split at the h2 with the given text: (before it, after it)."""
    before, after, seen = [], [], False
    for node in main(page).find_all(["h2", "li"]):
        if node.name == "h2" and text_of(node) == heading:
            seen = True
        elif node.name == "li" and "card" in (node.get("class") or []):
            (after if seen else before).append(node.select_one(".card-title a")["href"])
    return before, after


def facts(page: BeautifulSoup) -> dict[str, str]:
    """The rows of the vacancy summary list: label -> text."""
    rows = page.select("dl.summary-list")[0].select(".summary-row")
    return {text_of(row.dt): text_of(row.dd) for row in rows}


def follow(output: Path, start: str, rel: str) -> list[str]:
    """The chain of pages from `start` following rel=next (or rel=prev) links."""
    chain = [start]
    while True:
        link = soup(output, chain[-1]).find("a", rel=rel)
        if link is None:
            return chain
        assert link["href"] not in chain, f"pagination loops back to {link['href']}"
        chain.append(link["href"])


def vacancy_pages(output: Path, base_url: str = "/") -> dict[str, tuple[str, BeautifulSoup]]:
    """Every built vacancy page, by the reference its summary list shows: reference -> (link, page)."""
    base = urlsplit(base_url).path or "/"
    pages = {}
    for file in sorted((output / "vacancies").glob("*/index.html")):
        page = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        pages[facts(page)["Reference"]] = (f"{base}vacancies/{file.parent.name}/", page)
    return pages
