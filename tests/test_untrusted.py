"""Advert text copied from elsewhere cannot run anything on the built pages or in the feeds."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import copy_site, run
from sitetools import build, feed_files, html_files, main, shown, sources, text_of, vacancy_pages

NOW = "2026-03-01T09:00"
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "xlink:href", "srcset", "poster", "background")
# Elements the default theme never uses and that can run or load code.
ACTIVE = ("script", "iframe", "object", "embed", "form", "base", "svg", "math", "style", "frame", "applet")


@pytest.fixture(scope="module")
def untrusted(tmp_path_factory):
    site = copy_site("untrusted", tmp_path_factory.mktemp("untrusted"))
    build(site, "--now", NOW)
    return site


def scheme(value: str) -> str:
    """The scheme a browser would see: it ignores whitespace and control characters inside it."""
    squashed = re.sub(r"[\x00-\x20]+", "", value).lower()
    return squashed.split(":", 1)[0] if ":" in squashed else ""


def test_the_sample_really_is_hostile(untrusted):
    text = "".join(s.file.read_text(encoding="utf-8") for s in sources(untrusted))
    for needle in ("<script>", "</script>", "onerror=", "javascript:", "onclick=", "<iframe"):
        assert needle in text


def test_no_page_has_a_script_handler_or_script_url(untrusted):
    files = html_files(untrusted / "output")
    assert len(files) > 10
    for file in files:
        page = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        for name in ACTIVE:
            assert page.find(name) is None, f"{file}: <{name}> element"
        for tag in page.find_all(True):
            for attribute, value in tag.attrs.items():
                assert not attribute.lower().startswith("on"), f"{file}: <{tag.name} {attribute}=…>"
                assert attribute.lower() != "style", f"{file}: <{tag.name} style=…>"
                if attribute.lower() in URL_ATTRIBUTES:
                    # webcal: the listing pages' own calendar subscription links (issue 18)
                    assert scheme(value) in ("", "http", "https", "mailto", "tel", "webcal"), f"{file}: <{tag.name} {attribute}={value!r}>"


def test_hostile_fields_are_shown_as_text(untrusted):
    pages = vacancy_pages(untrusted / "output")
    for source in sources(untrusted):
        _, page = pages[source.reference]
        assert text_of(page.h1) == source.title
        assert page.find("meta", attrs={"name": "description"})["content"].startswith(source.title)
        text = text_of(main(page))
        for key in ("hours", "staff_group", "contract"):
            if key in source.data:
                assert source.data[key] in text


def test_unknown_trust_with_markup_in_its_name_is_shown_as_text(untrusted):
    strange = [s for s in sources(untrusted) if s.trust_slug is None]
    assert strange and "<script>" in strange[0].data["trust"]
    output = untrusted / "output"
    links = {text_of(a): a["href"] for a in main(BeautifulSoup((output / "trusts/index.html").read_text(), "html.parser")).select("ul.groups a")}
    assert strange[0].data["trust"] in links


def test_feeds_carry_hostile_text_as_text(untrusted):
    output = untrusted / "output"
    titles = {s.title for s in sources(untrusted)}
    for file in feed_files(output):
        ET.fromstring(file.read_bytes())
        parsed = feedparser.parse(file.read_bytes())
        assert not parsed.bozo, file
        # Feed readers render descriptions as HTML: there must be no element in them.
        assert BeautifulSoup(parsed.feed.description, "html.parser").find() is None, f"{file}: channel description"
        for entry in parsed.entries:
            assert shown(entry.title) in titles
            for field in (entry.title, entry.id, *(t.term for t in entry.tags)):
                shown(field)  # no element in any text field, for readers that insert them as HTML
            assert BeautifulSoup(entry.description, "html.parser").find() is None, f"{file}: {entry.description!r}"
            assert scheme(entry.link) == "https"


def _line(text: str, key: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.strip().startswith(f"{key}:"))


def test_javascript_links_in_fields_are_errors_at_their_line(tmp_path):
    site = copy_site("untrusted-links", tmp_path)
    [source] = sources(site)
    text = source.file.read_text(encoding="utf-8")
    result = run("build", "--site", site, "--now", NOW)
    assert result.returncode == 1
    where = f"content/vacancies/{source.file.name}"
    assert f"{where}:{_line(text, 'apply_url')}: apply_url: " in result.stderr
    assert f"{where}:{_line(text, 'email')}: contact.email: " in result.stderr
    assert "Traceback" not in result.stderr
    assert not (site / "output").exists()
