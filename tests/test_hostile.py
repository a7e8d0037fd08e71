"""The hostile inputs of the publishing issue, end to end with the site's own theme: each one gives a clean
`path:line` error, or builds a site that runs no script but the theme's own."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import copy_site, run
from sitetools import shown

NOW = "2026-03-01T09:00"
BASE = "https://example.github.io/jobs/"
VACANCIES = "content/vacancies/"
# A place of work after the other fields, so that the lines the refusals name stay put: with none, an advert gets no
# JobPosting data (Google's rule), and the JSON-LD test would have nothing to read.
HEAD = ("---\ntitle: {title}\ntrust: KMPT\nband: Band 5\nreference: {reference}\nposted: 2026-02-01\nclosing: 2026-03-14\n{extra}"
        "location:\n  town: Maidstone\n  postcode: ME16 9QQ\n---\n")
SCRIPT_TITLE = "Nurse</script><script>alert('json-ld')</script><!--"
CDATA_TITLE = "Nurse ]]> <![CDATA[ <b>bold</b> ]]>"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "xlink:href", "srcset", "poster", "background")
ACTIVE = ("script", "iframe", "object", "embed", "form", "base", "svg", "math", "style", "frame", "applet", "link", "meta")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def advert(title: str, reference: str, body: str = "Advert text.\n", extra: str = "") -> bytes:
    return (HEAD.format(title=json.dumps(title), reference=reference, extra=extra) + "\n" + body).encode("utf-8")


def mixed_endings(text: bytes) -> bytes:
    lines = text.split(b"\n")
    return b"".join(line + (b"\r\n", b"\n", b"\r")[i % 3] for i, line in enumerate(lines[:-2])) + lines[-2] + b"\n"


# Inputs that must build, each published as an advert.
ACCEPTED = {
    "script-in-body.md": advert("Support Worker", "HOSTILE-1", body=(
        "<script>alert('body')</script>\n\n<img src=x onerror=alert('img')>\n\n[Apply](javascript:alert('md'))\n\n"
        "<a href=\"jav&#x09;ascript:alert('entity')\">x</a>\n\n<svg onload=alert('svg')></svg>\n\n<iframe src=\"https://evil.example/\"></iframe>\n")),
    "script-in-title.md": advert(SCRIPT_TITLE, "HOSTILE-2", extra='hours: "</script><script>alert(1)</script>"\n'),
    "cdata-in-feed-fields.md": advert(CDATA_TITLE, "HOSTILE-3", extra="salary:\n  text: \"]]> & <![CDATA[\"\ncontract: \"]]>\"\n"),
    "control-characters-in-body.md": advert("Porter", "HOSTILE-4", body="Text with \x0b vertical tab, \x0c form feed, \x1b[31m escape and \x7f delete.\n"),
    "bom.md": b"\xef\xbb\xbf" + advert("Domestic Assistant", "HOSTILE-5"),
    "mixed-line-endings.md": mixed_endings(advert("Receptionist", "HOSTILE-6", body="One.\n\nTwo.\n\nThree.\n")),
}
# Inputs that must be refused, with the line and words of the error.
REFUSED = {
    "control-character-in-title.md": (advert("Nurse\x07\x1b[31m", "HOSTILE-7"), 2, "title", "control character"),
    # Characters XML 1.0 cannot hold: any one of them would make every feed listing the advert unreadable.
    "not-a-character-in-title.md": (advert("Nurse\ufffe", "HOSTILE-11"), 2, "title", "U+FFFE"),
    "not-a-character-in-salary.md": (advert("Nurse", "HOSTILE-12", extra='salary:\n  text: "Negotiable\\uFFFF"\n'), 9,
                                     "salary.text", "U+FFFF"),
    "billion-laughs.md": ((HEAD.format(title="Nurse", reference="HOSTILE-8", extra=(
        'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nhours: *c\n")) + "\nText.\n").encode(),
        9, "b.0", "anchors and aliases"),
    "python-tag.md": (advert("Nurse", "HOSTILE-9", extra='contract: !!python/object/apply:os.system ["touch PWNED"]\n'), 8, "contract", "YAML tags"),
    "ten-megabytes.md": (advert("Nurse", "HOSTILE-10", body="Lorem ipsum dolor sit amet.\n" * 380_000), 1, None, "file is 10.1 MB"),
    "binary.md": (PNG, 3, None, "not a text file"),  # the line of the first NUL byte
    "empty.md": (b"", 1, None, "the file is empty"),
    "front-matter-list.md": (b"---\n- title: Nurse\n- trust: KMPT\n---\nText.\n", 2, None, "not a list"),
    "impossible-date.md": (advert("Nurse", "HOSTILE-11").replace(b"closing: 2026-03-14", b"closing: 31/02/2026"), 7, "closing",
                           '"31/02/2026" is not a day in the calendar'),
}


def metadata(tag) -> bool:
    """A meta or link element that loads and runs nothing: its text is shown nowhere, its URLs are checked elsewhere."""
    if tag.name == "meta":
        return "http-equiv" not in tag.attrs  # a refresh can redirect to any address
    return tag.name == "link" and set(tag.get("rel") or []) <= {"canonical", "alternate"}


def scripts_and_active_elements(output: Path) -> set[str]:
    """Every script and other active element of a built site, as a signature that ignores which page it is on."""
    found = set()
    for file in output.rglob("*.html"):
        page = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        for tag in page.find_all(ACTIVE):
            if tag.name == "script" and tag.get("type") == "application/ld+json":
                continue
            if metadata(tag):
                continue
            text = tag.string if tag.name in ("script", "style") else ""
            found.add(f"<{tag.name} {sorted((k, str(v)) for k, v in tag.attrs.items())}>{text or ''}")
    return found


def scheme(value: str) -> str:
    """The scheme a browser would see: it ignores whitespace and control characters inside it."""
    squashed = re.sub(r"[\x00-\x20]+", "", value).lower()
    return squashed.split(":", 1)[0] if ":" in squashed.split("/", 1)[0] else ""


@pytest.fixture(scope="module")
def theme_scripts(built_site) -> set[str]:
    """The theme's own scripts and active elements, from the repository's site built with the same settings."""
    return scripts_and_active_elements(built_site("repo", NOW, "--base-url", BASE).output)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """The repository's site (config and theme) with only hostile adverts in it."""
    site = copy_site("repo", tmp_path_factory.mktemp("hostile"))
    for old in (site / VACANCIES).glob("*.md"):
        old.unlink()
    for name, data in ACCEPTED.items():
        (site / VACANCIES / name).write_bytes(data)
    for name, (data, *_) in REFUSED.items():
        (site / VACANCIES / name).write_bytes(data)
    return site


def test_every_refused_input_is_a_clean_error_at_its_line(hostile):
    result = run("check", "--site", hostile, "--now", NOW, cwd=hostile)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert not (hostile / "PWNED").exists() and not (hostile.parent / "PWNED").exists()
    lines = result.stderr.splitlines()
    for name, (_, line, field, words) in REFUSED.items():
        where = f"{VACANCIES}{name}:{line}: " + (f"{field}: " if field else "")
        assert any(l.startswith(where) and words in l for l in lines), f"no `{where}… {words}` in:\n{result.stderr}"
    for name in ACCEPTED:
        assert not any(l.startswith(f"{VACANCIES}{name}:") and ": warning: " not in l for l in lines), name
    for line in lines[:-1]:
        assert re.match(r"^content/vacancies/[\w.-]+\.md:\d+: ", line), line


@pytest.fixture(scope="module")
def built(hostile) -> Path:
    for name in REFUSED:
        (hostile / VACANCIES / name).unlink(missing_ok=True)
    result = run("build", "--site", hostile, "--now", NOW, "--base-url", BASE, cwd=hostile)
    assert result.returncode == 0, result.stderr
    return hostile / "output"


def test_every_accepted_input_is_published(built):
    assert len(list((built / "vacancies").glob("*/index.html"))) == len(ACCEPTED)


def test_no_script_runs_but_the_themes_own(built, theme_scripts):
    assert scripts_and_active_elements(built) <= theme_scripts
    for file in built.rglob("*.html"):
        page = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        for tag in page.find_all(True):
            for attribute, value in tag.attrs.items():
                assert not attribute.lower().startswith("on"), f"{file}: <{tag.name} {attribute}=…>"
                if attribute.lower() in URL_ATTRIBUTES:
                    # webcal: the listing pages' own calendar subscription links (issue 18)
                    assert scheme(str(value)) in ("", "http", "https", "mailto", "tel", "webcal"), f"{file}: <{tag.name} {attribute}={value!r}>"


def test_json_ld_holds_hostile_titles_as_data(built):
    pages = [BeautifulSoup(f.read_text(encoding="utf-8"), "html.parser") for f in (built / "vacancies").glob("*/index.html")]
    blocks = [json.loads(s.string) for p in pages for s in p.find_all("script", type="application/ld+json")]
    if not blocks:
        pytest.skip("the theme writes no JSON-LD")
    assert SCRIPT_TITLE in {b.get("title") for b in blocks}
    assert CDATA_TITLE in {b.get("title") for b in blocks}


def test_feeds_stay_well_formed_and_carry_hostile_text_as_text(built):
    for file in built.rglob("*.xml"):
        ET.fromstring(file.read_bytes())  # strict XML: a stray ]]> or control character fails here
        if file.name == "sitemap.xml":
            continue
        parsed = feedparser.parse(file.read_bytes())
        assert not parsed.bozo, file
        for entry in parsed.entries:
            assert BeautifulSoup(entry.description, "html.parser").find() is None, f"{file}: {entry.description!r}"
    # The exact text, as a strict XML parser reads it (feedparser strips what looks like markup from titles).
    titles = {shown(item.findtext("title")) for item in ET.fromstring((built / "feed.xml").read_bytes()).iter("item")}
    assert {CDATA_TITLE, SCRIPT_TITLE} <= titles


def test_no_control_character_reaches_the_site(built):
    for file in built.rglob("*"):
        if file.suffix in (".html", ".xml", ".json", ".txt"):
            assert not CONTROL.search(file.read_text(encoding="utf-8")), file
    page = (built / "vacancies" / "control-characters-in-body" / "index.html").read_text(encoding="utf-8")
    assert "[31m escape and" in page
