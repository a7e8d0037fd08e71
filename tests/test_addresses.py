"""Addresses that never move: a page's address comes from its file's name, and `aliases:` redirect old addresses to it."""

from __future__ import annotations

import re
import shutil
import threading
import unicodedata
from http.server import ThreadingHTTPServer
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import run
from sitetools import build, config, front_matter, sources, text_of, vacancy_pages
from subpath import handler_for

NOW = "2026-03-01T09:00"


def pages_of(output: Path) -> set[str]:
    return {p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()}


def set_line(file: Path, field: str, value: str) -> None:
    """Replace (or add) a top-level field of a vacancy file's front matter."""
    text = file.read_text(encoding="utf-8")
    if re.search(rf"(?m)^{field}:", text):
        text = re.sub(rf"(?m)^{field}:.*$", f"{field}: {value}", text, count=1)
    else:
        text = text.replace("\n---\n", f"\n{field}: {value}\n---\n", 1)
    file.write_text(text, encoding="utf-8")


def old_rule(title: str, reference: str) -> str:
    """The address rule before addresses came from file names: title (60) and reference (40) made lower-case words."""
    def words(text: str, limit: int) -> str:
        plain = unicodedata.normalize("NFKD", text.replace("&", " and ")).encode("ascii", "ignore").decode().lower()
        slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
        return slug if len(slug) <= limit else slug[:limit].rsplit("-", 1)[0]
    return f"{words(title, 60)}-{words(reference, 40)}"


def test_retitling_an_advert_moves_no_page(site_copy, tmp_path):
    site = site_copy("board")
    build(site, "--now", NOW, "--output", tmp_path / "before")
    file = sources(site)[0].file
    old_title = str(front_matter(file)["title"])
    set_line(file, "title", '"A Completely New Title"')
    build(site, "--now", NOW, "--output", tmp_path / "after")
    assert pages_of(tmp_path / "before") == pages_of(tmp_path / "after")
    page = BeautifulSoup((tmp_path / "after" / "vacancies" / file.stem / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert text_of(page.h1) == "A Completely New Title" != old_title


def test_the_address_is_the_file_name_unless_slug_is_given(built_site):
    built = built_site("board", NOW)
    for reference, (link, _) in vacancy_pages(built.output).items():
        source = next(s for s in sources(built.site) if s.reference == reference)
        assert link == f"/vacancies/{source.data.get('slug') or source.file.stem}/"


def test_the_seed_sites_addresses_are_those_of_the_old_title_and_reference_rule(built_site):
    built = built_site("repo", None)  # every seed is published (and closed) by now
    base = config(built.site)["base_url"]
    found = {reference: link.rsplit("/", 2)[-2] for reference, (link, _) in vacancy_pages(built.output, base).items()}
    assert found == {s.reference: old_rule(s.title, s.reference) for s in sources(built.site)} and len(found) == 5


def serve(output: Path) -> str:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(output, "/jobs/", not_found_page=True))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/jobs/"


def test_an_alias_redirects_an_old_address_to_the_page(site_copy, browser):
    site = site_copy("board")
    file = sources(site)[0].file
    renamed = file.with_name("renamed-advert.md")
    shutil.move(file, renamed)
    set_line(renamed, "aliases", f"[{file.stem}, /jobs/vacancies/an-older-address/]")
    output = site / "output"
    output.mkdir()
    base = serve(output)
    build(site, "--now", NOW, "--base-url", base)
    target = base + "vacancies/renamed-advert/"
    for old in (file.stem, "an-older-address"):
        alias = BeautifulSoup((output / "vacancies" / old / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert alias.find("link", rel="canonical")["href"] == target
        assert alias.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={target}"
        assert alias.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8") if (output / "sitemap.xml").exists() else ""
    assert "an-older-address" not in sitemap

    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(base + f"vacancies/{file.stem}/")
        page.wait_for_url(target)
        assert page.locator("h1").inner_text() == str(front_matter(renamed)["title"])
    finally:
        context.close()


def test_an_alias_that_is_another_pages_address_or_no_address_is_an_error(site_copy):
    site = site_copy("board")
    first, second, third = (s.file for s in sources(site)[:3])
    set_line(first, "aliases", f"[{second.stem}]")
    set_line(third, "aliases", '"not an address/at all"')
    result = run("check", "--site", site, "--now", NOW)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    shown = lambda f: f"content/vacancies/{f.name}"  # noqa: E731
    line = lambda f: next(n for n, t in enumerate(f.read_text(encoding="utf-8").split("\n"), 1) if t.startswith("aliases:"))  # noqa: E731
    assert f"{shown(first)}:{line(first)}: aliases: vacancies/{second.stem}/ is also the address of {shown(second)}" in result.stderr
    assert f"{shown(third)}:{line(third)}: aliases: \"not an address/at all\" is not an old address" in result.stderr


def test_a_copied_file_is_called_a_copy(site_copy):
    site = site_copy("board")
    original = sources(site)[0].file
    shutil.copy(original, original.with_name("copy-of-" + original.name))
    result = run("check", "--site", site, "--now", NOW)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if "copy-of-" in line]
    assert len(lines) == 1 and "reference: " in lines[0], result.stderr
    assert f"this looks like a copy of content/vacancies/{original.name}" in lines[0] and "delete one" in lines[0]
    assert "give one a different `slug:`" not in result.stderr
