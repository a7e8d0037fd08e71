"""A site built for a sub-path (/jobs/) and served there: every link it contains must work."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import copy_site
from sitetools import build
from subpath import handler_for

PREFIX = "/jobs/"


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """The board built for http://127.0.0.1:PORT/jobs/ and served there."""
    site = copy_site("board", tmp_path_factory.mktemp("base-path"))
    output = site / "output"
    output.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(output, PREFIX, not_found_page=False))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
        build(site, "--now", "2026-03-01T09:00", "--base-url", base)
        yield base, output
    finally:
        server.shutdown()
        server.server_close()


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, "", b""


def links_in(page: BeautifulSoup) -> list[str]:
    """Every address a page refers to: href and src of any element, stylesheets and alternates included."""
    return [tag[attr] for attr in ("href", "src") for tag in page.find_all(attrs={attr: True})]


def crawl(base: str) -> tuple[dict[str, int], set[str]]:
    """Status of every internal address reachable from the home page (and the 404 page), and the feeds seen."""
    origin = urlsplit(base).netloc
    status: dict[str, int] = {}
    feeds: set[str] = set()
    queue = [base, base + "404.html"]
    while queue:
        url = queue.pop()
        if url in status:
            continue
        code, kind, data = fetch(url)
        status[url] = code
        if code != 200:
            continue
        if kind.startswith("text/html"):
            found = links_in(BeautifulSoup(data.decode("utf-8"), "html.parser"))
        elif url.endswith(".xml"):
            feeds.add(url)
            parsed = feedparser.parse(data)
            found = [parsed.feed.link] + [e.link for e in parsed.entries]
        else:
            found = []
        for link in found:
            absolute, _ = urldefrag(urljoin(url, link))
            if urlsplit(absolute).scheme in ("http", "https") and urlsplit(absolute).netloc == origin:
                queue.append(absolute)
    return status, feeds


def test_the_server_only_serves_the_sub_path(served):
    base, output = served
    assert fetch(base)[0] == 200
    assert fetch(base.replace(PREFIX, "/"))[0] == 404
    assert fetch(base.replace(PREFIX, "/trusts/"))[0] == 404
    assert fetch(base + "no-such-page/")[0] == 404


def test_every_internal_link_answers_200(served):
    base, output = served
    status, _ = crawl(base)
    broken = sorted(url for url, code in status.items() if code != 200)
    assert broken == []
    assert all(url.startswith(base) for url in status)
    pages = {base + f.relative_to(output).as_posix().removesuffix("index.html") for f in output.rglob("*.html")}
    # Every page is reachable by following links (404.html is where the crawl started).
    assert pages <= set(status)
    assert base + "static/style.css" in status


def test_pages_link_with_the_sub_path(served):
    base, output = served
    for file in output.rglob("*.html"):
        page = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        for link in links_in(page):
            if link.startswith("/"):
                assert link.startswith(PREFIX), f"{file}: {link} leaves {PREFIX}"


def test_feeds_use_absolute_urls_under_the_sub_path(served):
    base, output = served
    _, seen = crawl(base)
    files = {base + f.relative_to(output).as_posix() for f in output.rglob("*.xml")}
    assert seen == files, "every feed is linked from some page"
    for url in files:
        parsed = feedparser.parse(fetch(url)[2])
        assert not parsed.bozo, url
        assert parsed.feed.link.startswith(base), url
        self_links = [link.href for link in parsed.feed.links if link.rel == "self"]
        assert self_links == [url]
        for entry in parsed.entries:
            assert entry.link.startswith(base), f"{url}: {entry.link}"
            assert fetch(entry.link)[0] == 200
