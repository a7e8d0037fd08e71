"""Link integrity: every internal href and src of a site built under /jobs/ names a file that was written."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from conftest import ROOT
from sitetools import build, tree

BASE = "https://example.github.io/jobs/"
NOW = "2026-03-01T09:00"
LINKED = {"href", "src", "action", "poster", "data"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


class Page(HTMLParser):
    """The addresses one HTML page refers to, and the ids it defines (with a real HTML parser)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in LINKED:
                self.links.append(value)
            elif name in ("srcset", "imagesrcset"):
                self.links += [part.split()[0] for part in value.split(",") if part.strip()]
            elif name in ("id", "name") and tag != "meta":
                self.ids.add(value)


def url_of(output: Path, file: Path) -> str:
    """The address a file of the built site is served at."""
    rel = file.relative_to(output).as_posix()
    return BASE + (rel.removesuffix("index.html") if rel == "index.html" or rel.endswith("/index.html") else rel)


def file_at(output: Path, url: str) -> Path | None:
    """The file served at an internal address, or None when it leaves the site's base path."""
    path = unquote(urlsplit(url).path)
    base = urlsplit(BASE).path
    if not path.startswith(base):
        return None
    rel = path[len(base):]
    return output / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)


def references(output: Path) -> tuple[list[tuple[str, str]], dict[str, set[str]]]:
    """Every (page address, link) in the site's pages, stylesheets and feeds, and the ids of each page."""
    found: list[tuple[str, str]] = []
    ids: dict[str, set[str]] = {}
    for file in sorted(output.rglob("*")):
        if not file.is_file():
            continue
        here = url_of(output, file)
        if file.suffix == ".html":
            page = Page()
            page.feed(file.read_text(encoding="utf-8"))
            found += [(here, link) for link in page.links]
            ids[here] = page.ids
        elif file.suffix == ".css":
            found += [(here, link) for link in CSS_URL.findall(file.read_text(encoding="utf-8"))]
        elif file.suffix == ".xml" and file.name != "sitemap.xml":
            root = ET.fromstring(file.read_bytes())
            found += [(here, e.text or "") for e in root.iter("link")]
            found += [(here, e.get("href", "")) for e in root.iter("{http://www.w3.org/2005/Atom}link")]
    return found, ids


def broken_links(output: Path) -> tuple[list[str], int]:
    """Each internal link that names no file (or no id on its page), and how many internal links there are."""
    found, ids = references(output)
    broken, internal = [], 0
    origin = urlsplit(BASE).netloc
    for page, link in found:
        target = urljoin(page, link.strip())
        parts = urlsplit(target)
        if parts.scheme not in ("http", "https") or parts.netloc != origin:
            continue  # mailto:, tel:, data: and other sites are not ours to check
        internal += 1
        file = file_at(output, target)
        if file is None or not file.is_file():
            broken.append(f"{page}: {link}")
        elif parts.fragment and file.suffix == ".html" and unquote(parts.fragment) not in ids[url_of(output, file)]:
            broken.append(f"{page}: {link} (no such id)")
    return sorted(set(broken)), internal


@pytest.fixture(scope="module")
def seed(built_site) -> Path:
    return built_site("repo", NOW, "--base-url", BASE).output


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("links-generated") / "site"
    made = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "1000", str(site), "--seed", "6"],
                          capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    # Built with the theme the repository's own site uses, the one that gets published.
    theme = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8")).get("theme", "default")
    config = site / "config.yaml"
    config.write_text(re.sub(r"(?m)^theme:.*\n", "", config.read_text(encoding="utf-8")) + f"theme: {theme}\n", encoding="utf-8")
    build(site, "--now", NOW, "--base-url", BASE, "--strict")
    return site / "output"


@pytest.mark.parametrize("name", ["seed", pytest.param("generated", marks=pytest.mark.slow)])
def test_every_internal_link_resolves_to_a_written_file(request, name):
    output = request.getfixturevalue(name)
    broken, internal = broken_links(output)
    pages = len(list(output.rglob("*.html")))
    assert broken == []
    assert internal > 10 * pages, "the check saw the site's links"


@pytest.mark.slow
def test_the_generated_site_is_large_and_has_open_and_closed_adverts(generated):
    vacancies = list((generated / "vacancies").glob("*/index.html"))
    assert len(vacancies) > 900
    trusts = list((generated / "trusts").glob("*/index.html"))
    assert len(trusts) > 150
    bands = {p.parent.name for p in (generated / "bands").glob("*/index.html")}
    assert bands == {*(f"band-{c}" for c in ("1", "2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9")),
                     "medical-and-dental", "non-afc", "not-stated"}
    closed = generated / "closed" / "index.html"
    assert closed.is_file() and (generated / "closed" / "page" / "2" / "index.html").is_file()


def test_the_check_finds_a_broken_link(seed, tmp_path):
    """The checker is not vacuous: a page that links to a missing page or id is reported."""
    copy = tmp_path / "output"
    shutil.copytree(seed, copy)
    page = copy / "trusts" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</body>", '<a href="/jobs/vacancies/gone/">x</a><a href="../bands/#nowhere">y</a><img src="/elsewhere.png"></body>'), encoding="utf-8")
    broken, _ = broken_links(copy)
    assert broken == [f"{BASE}trusts/: ../bands/#nowhere (no such id)", f"{BASE}trusts/: /elsewhere.png", f"{BASE}trusts/: /jobs/vacancies/gone/"]


def test_the_generator_is_seeded(tmp_path):
    """benchmarks/generate.py, used as a module: the same seed gives the same files, another seed others."""
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    generate = module.generate

    one, again, other = (tree(generate(30, tmp_path / name, seed)) for name, seed in (("one", 1), ("again", 1), ("other", 2)))
    assert one == again
    assert one != other
    assert len(one) == 31  # config.yaml and 30 adverts
