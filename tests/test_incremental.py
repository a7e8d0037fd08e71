"""Incremental, parallel builds (issue 5): a cached build gives the same bytes as a clean one, and rewrites only what changed.

Every build here is a real `jobboard build` on a site of 300 generated adverts (benchmarks/generate.py). Which files a
build rewrote is read from the output folder itself: a file the build did not touch keeps its inode and mtime_ns.
"""

from __future__ import annotations

import re
import shutil
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import NamedTuple

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT, run
from sitetools import LONDON, build, card_links, facts, file_for, front_matter, main, text_of, tree, vacancy_pages

sys.path.insert(0, str(ROOT / "benchmarks"))
import generate  # benchmarks/generate.py, importable once its folder is on the path

COUNT, SEED = 300, 5
NOW = generate.NOW  # 2026-03-01T09:00, the clock the generated dates are spread around
THEME = ROOT / "themes" / "default" / "templates"  # generated sites use the default theme
BASE = "https://example.github.io/jobs/"  # base_url of a generated site


# Helpers ----------------------------------------------------------------------

def assert_same(first: Path, second: Path, step: str) -> None:
    a, b = tree(first), tree(second)
    assert sorted(a) == sorted(b), (f"{step}: different files; only in {first.name}: {sorted(set(a) - set(b))[:10]}, "
                                    f"only in {second.name}: {sorted(set(b) - set(a))[:10]}")
    differing = [rel for rel in a if a[rel] != b[rel]]
    assert differing == [], f"{step}: {len(differing)} files differ, e.g. {differing[:10]}"


def stats(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under root with its inode and mtime_ns, which stay the same while nobody writes the file."""
    found = {}
    for p in root.rglob("*"):
        if p.is_file():
            st = p.stat()
            found[p.relative_to(root).as_posix()] = (st.st_ino, st.st_mtime_ns)
    return found


def rewritten(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> set[str]:
    """Files that are new or were written again (removed files are not counted)."""
    return {rel for rel, stat in after.items() if before.get(rel) != stat}


def summary(stdout: str) -> dict[str, float]:
    """The plain summary table a build prints on standard output (generator/console/progress.py): label -> number."""
    found = {}
    for line in stdout.splitlines():
        match = re.fullmatch(r"\s+(\S.*?)\s{2,}([\d,.]+)", line)
        if match:
            found[match.group(1)] = float(match.group(2).replace(",", ""))
    assert "Vacancy files parsed" in found and "Files written" in found, f"no summary table in:\n{stdout}"
    return found


def cached_build(site: Path, *args: str) -> dict[str, float]:
    """Build A: parallel, with the cache, into site/output; returns the summary."""
    return summary(build(site, "--now", NOW, "--jobs", "2", *args).stdout)


class Advert(NamedTuple):
    file: Path
    data: dict  # its front matter


def adverts(site: Path) -> dict[str, Advert]:
    """Every vacancy file of a generated site (they are in sub-folders) with its front matter, by reference."""
    found = {}
    for file in sorted((site / "content" / "vacancies").rglob("*.md")):
        data = front_matter(file)
        found[str(data["reference"])] = Advert(file, data)
    return found


def parse_day(text: str) -> date:
    return datetime.strptime(text, "%d/%m/%Y").date() if "/" in text else date.fromisoformat(text)


def closing_of(data: dict) -> datetime:
    """When a generated advert closes, read independently of the generator: 23:59 unless a time is given."""
    raw = data.get("closing")
    if raw is None:
        return datetime.combine(parse_day(str(data["posted"])) + timedelta(days=28), time(23, 59), LONDON)
    day, _, clock = str(raw).partition(" ")
    return datetime.combine(parse_day(day), time.fromisoformat(clock or "23:59"), LONDON)


def open_at(data: dict, now: datetime) -> bool:
    return not data.get("draft") and parse_day(str(data["posted"])) <= now.date() and now <= closing_of(data)


def now_of(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


def set_field(file: Path, key: str, value: str) -> None:
    """Set one top-level front-matter field (added before the closing `---` when missing)."""
    text = file.read_text(encoding="utf-8")
    head, sep, rest = text.partition("\n---\n")
    line = f"{key}: {value}"
    head, count = re.subn(rf"^{key}: .*$", lambda _: line, head, flags=re.MULTILINE)
    if not count:
        head += "\n" + line
    file.write_text(head + sep + rest, encoding="utf-8")


def append_to_body(file: Path, text: str) -> None:
    with file.open("a", encoding="utf-8") as handle:
        handle.write(f"\n{text}\n")


def override(site: Path, template: str, edit: str) -> None:
    """Copy a theme template into the site's templates/ folder (which overrides the theme) and edit it."""
    target = site / "templates" / template
    target.parent.mkdir(exist_ok=True)
    text = (THEME / template).read_text(encoding="utf-8") if not target.exists() else target.read_text(encoding="utf-8")
    if template.endswith(".html"):
        assert "{% block main %}" in text
        text = text.replace("{% block main %}", "{% block main %}\n" + edit, 1)
    else:
        assert "<channel>" in text
        text = text.replace("<channel>", "<channel>\n" + edit, 1)
    target.write_text(text, encoding="utf-8")


def page_of(output: Path, link: str) -> BeautifulSoup:
    file = file_for(output, link, BASE)
    assert file.is_file(), f"no page for {link}"
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def page_rel(link: str) -> str:
    """The output file of a page's address, relative to output/."""
    return link.removeprefix(BASE).removeprefix("/jobs/") + "index.html"


def listing_files(output: Path) -> list[Path]:
    """Every HTML page that is not a vacancy page: the index, closed, trust, band and group pages."""
    return [f for f in sorted(output.rglob("*.html")) if f.relative_to(output).parts[0] != "vacancies"]


def links_in(file: Path) -> set[str]:
    return {a["href"] for a in BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser").find_all("a", href=True)}


def feeds(output: Path) -> dict[str, feedparser.FeedParserDict]:
    """Every RSS feed (the site's and each trust's and band's), parsed, by its path in output/."""
    found = {f.relative_to(output).as_posix(): feedparser.parse(f.read_bytes()) for f in sorted(output.rglob("feed.xml"))}
    for rel, parsed in found.items():
        assert not parsed.bozo, f"{rel} is not a well-formed feed: {parsed.bozo_exception}"
    return found


def sitemap_urls(output: Path) -> set[str]:
    """The addresses sitemap.xml lists, read with an XML parser."""
    root = ET.parse(output / "sitemap.xml").getroot()
    return {loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}


def is_vacancy_page(rel: str) -> bool:
    return re.fullmatch(r"vacancies/[^/]+/index\.html", rel) is not None


# Fixtures ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """300 generated adverts, never built: each test copies it. The nhsuk theme's sitemap.xml is added as a site
    template, so that the sitemap is checked too without the nhsuk theme's search index (which takes seconds)."""
    site = generate.generate(COUNT, tmp_path_factory.mktemp("generated") / "site", SEED)
    (site / "templates").mkdir()
    shutil.copy(ROOT / "themes" / "nhsuk" / "templates" / "sitemap.xml", site / "templates" / "sitemap.xml")
    return site


@pytest.fixture
def site(generated, tmp_path) -> Path:
    return Path(shutil.copytree(generated, tmp_path / "site"))


# 1. Byte identity -------------------------------------------------------------

@pytest.mark.slow  # two builds of 300 adverts after each of the edits: thousands of adverts built in all
def test_cached_parallel_builds_match_clean_serial_builds_after_every_edit(generated, tmp_path):
    """Build A (--jobs 2, cache kept, same output) and build B (--jobs 1 --no-cache, fresh output) agree after each edit."""
    site_a = Path(shutil.copytree(generated, tmp_path / "a"))
    site_b = Path(shutil.copytree(generated, tmp_path / "b"))
    steps: list[str] = []

    def both(edit) -> None:
        edit(site_a)
        edit(site_b)

    def check(step: str) -> dict[str, float]:
        steps.append(step)
        a = cached_build(site_a)
        fresh = tmp_path / f"b-output-{len(steps)}"
        fresh.mkdir()
        b = summary(build(site_b, "--now", NOW, "--jobs", "1", "--no-cache", "--output", fresh).stdout)
        # B used no cache: it parsed every file, and left no cache behind.
        assert b["Vacancy files parsed"] == b["Vacancy files read"], f"{step}: the --no-cache build reused parsed files"
        assert not (site_b / ".cache").exists(), "--no-cache left a cache in the site"
        assert_same(site_a / "output", fresh, step)
        return a

    files = adverts(generated)
    now = now_of(NOW)
    open_now = [ref for ref, advert in files.items() if open_at(advert.data, now)]
    first = check("(a) initial build")
    assert first["Vacancy files parsed"] == COUNT
    assert first["Files in the site"] > COUNT

    # (b) One advert's body text.
    edited = open_now[0]
    rel = files[edited].file.relative_to(generated)
    both(lambda s: append_to_body(s / rel, "A new paragraph: the post now comes with a relocation package."))
    a = check("(b) body edit")
    assert a["Vacancy files parsed"] == 1, "the build after a one-file edit parsed more than that file: the cache was not used"
    # The open data's vacancies.json holds every open advert's text as its JobPosting description.
    assert a["Files written"] == 2, "a body edit should rewrite only that advert's page and vacancies.json"

    # (c) One open advert's closing date moves back to its posted date, so that it closes.
    closing = next(ref for ref in open_now[1:] if files[ref].data.get("closing")
                   and parse_day(str(files[ref].data["posted"])) < now.date())
    rel = files[closing].file.relative_to(generated)
    posted = str(files[closing].data["posted"])
    both(lambda s: set_field(s / rel, "closing", f'"{posted}"'))
    a = check("(c) advert closes")
    assert a["Vacancy files parsed"] == 1
    assert a["Adverts closed"] == first["Adverts closed"] + 1

    # (d) A trust alias some adverts use is renamed in config.yaml and in those adverts, and the trust's own name too.
    trusts = yaml.safe_load((generated / "config.yaml").read_text(encoding="utf-8"))["trusts"]
    users = {}
    for trust in trusts:
        for alias in trust.get("aliases", []):
            users[(trust["name"], alias)] = [a for a in files.values() if a.data["trust"] in (alias, trust["name"])]
    (name, alias), using = max(users.items(), key=lambda item: sum(a.data["trust"] == item[0][1] for a in item[1]))
    assert any(a.data["trust"] == alias for a in using), "no generated advert uses a trust alias"
    new_name, new_alias = f"Renamed {name}", f"{alias}R"

    def rename(s: Path) -> None:
        config = s / "config.yaml"
        text = config.read_text(encoding="utf-8")
        text = text.replace(f'- name: "{name}"', f'- name: "{new_name}"').replace(f'"{alias}"', f'"{new_alias}"')
        config.write_text(text, encoding="utf-8")
        for advert in using:
            renamed = new_alias if advert.data["trust"] == alias else new_name
            set_field(s / advert.file.relative_to(generated), "trust", f'"{renamed}"')

    both(rename)
    old_slug = re.sub(r"[^a-z0-9]+", "-", name.lower().replace("&", "and")).strip("-")
    assert (site_a / "output" / "trusts" / old_slug).is_dir(), "the renamed trust had no page to begin with"
    check("(d) trust renamed")
    assert not (site_a / "output" / "trusts" / old_slug).exists(), "the trust's page under its old name is still there"
    assert (site_a / "output" / "trusts" / f"renamed-{old_slug}" / "index.html").is_file()

    # (e) One vacancy file is deleted.
    gone = open_now[10]
    rel = files[gone].file.relative_to(generated)
    both(lambda s: (s / rel).unlink())
    a = check("(e) file deleted")
    assert a["Vacancy files parsed"] == 0
    assert a["Vacancy files read"] == COUNT - 1

    # (f) The theme's vacancy.html, then its listing.html, copied into the site's templates/ and edited.
    # The site's vacancy.html also lists the related vacancies in a list of its own, easy to find, for step (g).
    related = ('<p class="edited">Checked by the board</p>\n<ul class="edited-related">{% for r in related %}'
               '<li><a href="{{ r.url }}">{{ r.title }}</a></li>{% endfor %}</ul>')
    both(lambda s: override(s, "vacancy.html", related))
    a = check("(f) site vacancy.html")
    assert a["Vacancy files parsed"] == 0
    vacancy_count = len(list((site_a / "output" / "vacancies").glob("*/index.html")))
    assert a["Files written"] == vacancy_count
    assert b'<p class="edited">' in (site_a / "output" / "vacancies").glob("*/index.html").__next__().read_bytes()

    both(lambda s: override(s, "listing.html", '<p class="edited-listing">Every open post</p>'))
    a = check("(f) site listing.html")
    assert a["Vacancy files parsed"] == 0
    assert 0 < a["Files written"] < a["Files in the site"] - vacancy_count
    assert b'class="edited-listing"' in (site_a / "output" / "index.html").read_bytes()

    # (g) An open advert that other pages list as related gets a new title, and another closes: their related lists change.
    output = site_a / "output"
    shown = [anchor["href"] for anchor in related_links(output)]
    assert shown, "no vacancy page lists related vacancies"
    counts = Counter(shown)
    popular = [facts(page_of(output, link))["Reference"] for link in sorted(counts, key=lambda link: (-counts[link], link))[:20]]
    popular = [ref for ref in popular if ref not in (edited, closing, gone)]
    retitled = popular[0]
    closes = next(ref for ref in popular[1:] if parse_day(str(files[ref].data["posted"])) < now.date())
    for ref, field, value in ((retitled, "title", '"Renamed Post"'), (closes, "closing", f'"{files[closes].data["posted"]}"')):
        for copy in (site_a, site_b):
            set_field(copy / files[ref].file.relative_to(generated), field, value)
    a = check("(g) related vacancies change")
    assert a["Vacancy files parsed"] == 2
    assert "Renamed Post" in {text_of(anchor) for anchor in related_links(output)}


def related_links(output: Path) -> list:
    """The links in the related-vacancy lists that the site's own vacancy.html (step f) adds to every vacancy page."""
    return [anchor for f in sorted(output.glob("vacancies/*/index.html"))
            for anchor in BeautifulSoup(f.read_text(encoding="utf-8"), "html.parser").select("ul.edited-related a")]


# 2. Deletion --------------------------------------------------------------------

def test_a_deleted_vacancy_leaves_no_trace(site):
    cached_build(site)
    output = site / "output"
    site_feed = feedparser.parse((output / "feed.xml").read_bytes())
    pages = vacancy_pages(output, BASE)
    by_link = {BASE + link.removeprefix("/jobs/"): ref for ref, (link, _) in pages.items()}
    # An open advert in the site feed whose trust has other open adverts, so that the trust's pages stay.
    for entry in site_feed.entries:
        reference = by_link[entry.link]
        page = pages[reference][1]
        trust_link = page.select_one("dl.summary-list").find("dt", string="Employer").find_next("a")["href"]
        band_link = page.select_one("dl.summary-list").find("dt", string="Pay band").find_next("a")["href"]
        trust_feed = feedparser.parse(file_for(output, trust_link + "feed.xml", BASE).read_bytes())
        if len(trust_feed.entries) >= 2:
            break
    else:
        pytest.fail("no trust has two open adverts")
    url, link = entry.link, pages[reference][0]
    slug = url.rstrip("/").rsplit("/", 1)[1]
    trust_rel, band_rel = trust_link.removeprefix("/jobs/"), band_link.removeprefix("/jobs/")

    # Before: it is everywhere the checks below look.
    assert any(e.link == url for e in feedparser.parse((output / trust_rel / "feed.xml").read_bytes()).entries)
    assert any(e.link == url for e in feedparser.parse((output / band_rel / "feed.xml").read_bytes()).entries)
    listed_in = {f.relative_to(output).as_posix() for f in listing_files(output) if link in links_in(f)}
    assert f"{trust_rel}index.html" in listed_in and f"{band_rel}index.html" in listed_in
    assert any(rel == "index.html" or rel.startswith("page/") for rel in listed_in)
    assert url in sitemap_urls(output)

    adverts(site)[reference].file.unlink()
    after = cached_build(site)
    assert after["Vacancy files parsed"] == 0 and after["Vacancy files read"] == COUNT - 1

    assert not (output / "vacancies" / slug).exists(), "the deleted vacancy's page or folder is still there"
    for rel, parsed in feeds(output).items():
        assert url not in {e.link for e in parsed.entries}, f"{rel} still has the deleted vacancy"
        assert not any(reference in e.id for e in parsed.entries), f"{rel} still has its guid"
    assert (output / trust_rel / "feed.xml").is_file() and (output / band_rel / "feed.xml").is_file()
    for file in listing_files(output):
        assert link not in links_in(file), f"{file.relative_to(output)} still links to the deleted vacancy"
    locs = sitemap_urls(output)
    assert locs and url not in locs
    for rel, data in tree(output).items():
        assert slug.encode() not in data and reference.encode() not in data, f"{rel} still refers to the deleted vacancy"


# 3. Invalidation ------------------------------------------------------------------

@pytest.mark.slow  # a build of 300 adverts after each change: thousands of adverts built in all
def test_each_change_rewrites_only_the_files_it_affects(site, tmp_path):
    output = site / "output"
    first = cached_build(site)
    assert first["Files written"] == first["Files in the site"]
    all_files = set(tree(output))
    vacancy_files = {rel for rel in all_files if is_vacancy_page(rel)}
    feed_files = {rel for rel in all_files if rel.endswith("feed.xml")}
    pages_and_feeds = {rel for rel in all_files if rel.endswith(".html")} | feed_files
    assert len(vacancy_files) > 250 and len(feed_files) > 100
    # Advert texts are rendered with their pages: adverts posted after the clock have none, so are never rendered.
    assert len(vacancy_files) < COUNT == first["Vacancy files parsed"]
    assert first["Advert texts rendered"] == len(vacancy_files)
    texts: list[float] = []  # advert texts each step rendered

    wrong: list[str] = []  # every step is checked, and all that went wrong is reported at the end

    def expect(what: str, changed: set[str], expected: set[str]) -> None:
        if changed != expected:
            wrong.append(f"{what}: also rewrote {sorted(changed - expected)[:8]} ({len(changed - expected)} files), "
                         f"did not rewrite {sorted(expected - changed)[:8]} ({len(expected - changed)} files)")

    def step(now: str = NOW) -> set[str]:
        before = stats(output)
        result = build(site, "--now", now, "--jobs", "2")
        after = stats(output)
        if now == NOW:
            assert set(after) == set(before), f"files came or went: {sorted(set(after) ^ set(before))[:10]}"
        changed = rewritten(before, after)
        assert summary(result.stdout)["Files written"] == len(changed)
        texts.append(summary(result.stdout)["Advert texts rendered"])
        return changed

    # Nothing changed: nothing is written.
    expect("a warm build with nothing changed", step(), set())

    # One advert's body: only its page (its card, feed item and sitemap entry do not show the body), and the open
    # data's vacancies.json if it is open (that holds each open advert's text).
    pages = vacancy_pages(output, BASE)
    reference, (link, _) = next(iter(pages.items()))
    append_to_body(adverts(site)[reference].file, "Interviews will be held in person.")
    in_open_data = {"vacancies.json"} if open_at(adverts(site)[reference].data, now_of(NOW)) else set()
    expect("an edit to one advert's text", step(), {page_rel(link)} | in_open_data)
    assert texts == [0, 1], "a warm build rendered advert texts, or an edit rendered other than the edited one"
    assert "Interviews will be held in person." in text_of(page_of(output, link))

    # The site's own vacancy.html: every vacancy page, nothing else.
    override(site, "vacancy.html", '<p class="edited">Checked by the board</p>')
    expect("an edit to templates/vacancy.html", step(), vacancy_files)
    assert texts[-1] == 0, "the vacancy pages were made again without the cached advert texts"

    # A field of an open advert that its card and feed item do not show: its page and the open data. The listings and
    # feeds that hold it (their keys name its fields), and the other vacancy pages that list it among their related
    # vacancies (this vacancy.html, like the theme's, lists them), are made again, but their bytes are the same, so
    # they are not written again.
    files = adverts(site)
    shown = next(ref for ref in sorted(pages) if open_at(files[ref].data, now_of(NOW)))
    link = pages[shown][0]
    url = BASE + link.removeprefix("/jobs/")
    holding = {f.relative_to(output).as_posix() for f in listing_files(output) if link in links_in(f)}
    holding |= {page_rel(other) for other, page in vacancy_pages(output, BASE).values()
                if link in {a["href"] for a in page.select("section.related .card-title a")}}
    holding |= {rel for rel, parsed in feeds(output).items() if url in {e.link for e in parsed.entries}}
    # Each feed's Atom and JSON Feed twins hold the same items; its calendars show no contract, so they stay.
    holding |= {rel.removesuffix("feed.xml") + twin for rel in set(holding) if rel.endswith("feed.xml")
                for twin in ("atom.xml", "feed.json")}
    assert "index.html" in holding or any(rel.endswith("/index.html") for rel in holding)
    set_field(files[shown].file, "contract", '"Fixed term: 9 months"')
    # The CSV has each open advert's contract in its words; the JSON's employment type is the same for any fixed term.
    open_data = {"vacancies.csv"}
    expect("an edit to a field no card shows", step(), {page_rel(link)} | open_data)
    assert all(page_rel(link) != rel and "Fixed term: 9 months" not in (output / rel).read_text(encoding="utf-8")
               for rel in holding if rel != page_rel(link)), "a file that shows the contract was left as it was"
    assert facts(page_of(output, link))["Contract"] == "Fixed term: 9 months"

    # The site's own feed.xml: every feed, nothing else.
    override(site, "feed.xml", "<copyright>NHS</copyright>")
    expect("an edit to templates/feed.xml", step(), feed_files)
    assert all(parsed.feed.get("rights") == "NHS" for parsed in feeds(output).values())

    # The site's title: every page and feed.
    config = site / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("title: Generated NHS Jobs", "title: Generated Health Jobs"),
                      encoding="utf-8")
    changed = step()
    assert pages_and_feeds <= changed, f"not rewritten: {sorted(pages_and_feeds - changed)[:10]}"
    assert "Generated Health Jobs" in text_of(page_of(output, "/jobs/"))

    # A later clock that closes the open advert closing soonest: at least its page, the listings and the feeds that held it.
    now = now_of(NOW)
    closing = {ref: closing_of(a.data) for ref, a in adverts(site).items() if open_at(a.data, now)}
    closes = min(closing, key=lambda ref: (closing[ref], ref))
    later = (closing[closes] + timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M")
    link = pages[closes][0]
    url = BASE + link.removeprefix("/jobs/")
    held = {f.relative_to(output).as_posix() for f in listing_files(output) if link in links_in(f)}
    held |= {rel for rel, parsed in feeds(output).items() if url in {e.link for e in parsed.entries}}
    assert "feed.xml" in held and any(rel.startswith("trusts/") for rel in held) and any(rel.startswith("bands/") for rel in held)
    changed = step(later)
    assert {page_rel(link)} | held | {"closed/index.html"} <= changed, f"not rewritten: {sorted(held - changed)}"
    assert page_of(output, link).select_one(".status-closed") is not None
    assert all(url not in {e.link for e in parsed.entries} for parsed in feeds(output).values())

    # Files someone deleted or edited inside output/ are made again; a stray file and folder are removed.
    clean = tree(output)
    victims = sorted(vacancy_files)[:3]
    (output / victims[0]).unlink()
    with (output / victims[1]).open("ab") as handle:
        handle.write(b"<!-- edited by hand -->")
    data = (output / victims[2]).read_bytes()
    (output / victims[2]).write_bytes(data.replace(b"<h1>", b"<h2>", 1))  # the same size
    (output / "stray.html").write_text("left here", encoding="utf-8")
    (output / "extra" / "deep").mkdir(parents=True)
    (output / "extra" / "deep" / "file.txt").write_text("left here", encoding="utf-8")
    before = stats(output)
    build(site, "--now", later, "--jobs", "2")
    assert tree(output) == clean, "output/ differs from what the last build made"
    assert not (output / "extra").exists()
    expect("a build after hand edits in output/", rewritten(before, stats(output)), set(victims))

    # And the whole sequence ends where a clean build of the same inputs does.
    fresh = tmp_path / "clean"
    build(site, "--now", later, "--jobs", "1", "--no-cache", "--output", fresh)
    assert_same(output, fresh, "after the edits")
    assert wrong == [], "builds rewrote the wrong files:\n" + "\n".join(wrong)


# 4. A failed build ----------------------------------------------------------------

def test_a_failed_build_leaves_output_alone_and_the_cache_usable(site):
    output = site / "output"
    cached_build(site)
    good, before = tree(output), stats(output)
    now = now_of(NOW)
    file = next(a.file for a in adverts(site).values() if open_at(a.data, now))
    original = file.read_text(encoding="utf-8")

    # A YAML error in one advert.
    file.write_text(original.replace("title: ", "title: [unclosed ", 1), encoding="utf-8")
    failed = run("build", "--site", site, "--now", NOW, "--jobs", "2")
    assert failed.returncode == 1, failed.stderr
    assert file.name in failed.stderr
    assert tree(output) == good and stats(output) == before, "a failed build touched output/"
    assert not [p.name for p in site.iterdir() if p.name.startswith(".output.")], "a failed build left a staging folder"

    # Fixed: the next build reads at most that file again, and writes nothing, since every page is as it was.
    file.write_text(original, encoding="utf-8")
    after = cached_build(site)
    assert after["Vacancy files parsed"] <= 1 and after["Files written"] == 0
    assert stats(output) == before

    # A template error fails later, in the render phase (in the worker processes): output/ is still untouched.
    override(site, "vacancy.html", "{{ no_such_variable }}")
    failed = run("build", "--site", site, "--now", NOW, "--jobs", "2")
    assert failed.returncode == 1, failed.stderr
    assert "vacancy.html" in failed.stderr
    assert tree(output) == good and stats(output) == before, "a failed build touched output/"
    assert not [p.name for p in site.iterdir() if p.name.startswith(".output.")], "a failed build left a staging folder"

    # Without the broken template every page is as the last good build made it: nothing is written.
    (site / "templates" / "vacancy.html").unlink()
    after = cached_build(site)
    assert after["Files written"] == 0 and after["Vacancy files parsed"] == 0
    assert stats(output) == before

    # And the cache still drives the next edit: a new paragraph rewrites that advert's page alone.
    append_to_body(file, "A paragraph added after the failed builds.")
    after = cached_build(site)
    assert after["Vacancy files parsed"] == 1
    changed = rewritten(before, stats(output)) - {"vacancies.json"}  # the open data holds the open advert's text too
    assert len(changed) == 1 and b"A paragraph added after the failed builds." in (output / changed.pop()).read_bytes()


# 5. Bounded listing pages ----------------------------------------------------------

def test_listing_pages_link_to_a_bounded_number_of_pages(site):
    config = site / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("per_page: 20", "per_page: 2"), encoding="utf-8")
    cached_build(site)
    output = site / "output"
    now = now_of(NOW)
    expected = {ref for ref, a in adverts(site).items() if open_at(a.data, now)}
    reference_of = {link: ref for ref, (link, _) in vacancy_pages(output, BASE).items()}

    # Every listing page (index, closed, trusts, bands) links to at most 9 numbered pages.
    paginated = 0
    for file in listing_files(output):
        nav = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser").select_one("nav.pagination")
        if nav is None:
            continue
        paginated += 1
        numbered = [a for a in nav.find_all("a", href=True) if re.fullmatch(r"Page \d+", text_of(a))]
        assert 2 <= len(numbered) <= 9, f"{file.relative_to(output)} links to {len(numbered)} numbered pages"
    total = -(-len(expected) // 2)
    assert total > 50 and paginated > total

    # Page 1 links to the last page.
    first = page_of(output, "/jobs/")
    nav = first.select_one("nav.pagination")
    assert f"Page 1 of {total}" in text_of(nav)
    last = f"/jobs/page/{total}/"
    assert last in {a["href"] for a in nav.find_all("a", href=True)}
    assert "Page 1 of" not in text_of(page_of(output, last).select_one("nav.pagination"))

    # Following "next" from page 1 reaches every page, and lists every open advert exactly once.
    chain, listed = ["/jobs/"], []
    while True:
        page = page_of(output, chain[-1])
        listed += [reference_of[link] for link in card_links(main(page))]
        following = page.find("a", rel="next")
        if following is None:
            break
        assert following["href"] not in chain, f"pagination loops back to {following['href']}"
        chain.append(following["href"])
    assert len(chain) == total and chain[-1] == last
    assert len(listed) == len(set(listed)), "an advert is listed twice"
    assert set(listed) == expected
    assert f"{len(expected)} open vacancies" in text_of(main(first))


# 5. A file that changes while the site is built -------------------------------------


def test_an_advert_changed_after_loading_fails_its_page_not_the_text(site, tmp_path):
    """Advert texts are read again when their pages render: a file saved in between fails the build, naming it."""
    from generator.config.settings import load_config
    from generator.index.site import index
    from generator.load.content import load_content
    from generator.model.problems import Problems
    from generator.publish.adverts import CHANGED, Setup, render_adverts
    from generator.render.pages import AdvertPage
    from generator.render.theme import find_theme

    problems = Problems()
    config = load_config(site, problems)
    content = load_content(config, problems)
    entry = index(content.vacancies, config, now_of(NOW)).entries[0]
    file = content.paths[entry.vacancy.source]
    setup = Setup("test", config, find_theme(config, problems), tmp_path / "bodies.sqlite", False, tmp_path / "out")
    page = AdvertPage(entry, ())
    [done] = render_adverts([(setup, page, "key", file, None)])
    assert done.failure is None and done.stat is not None and done.body is not None and done.body[0] == entry.vacancy.body_key
    assert "<h1>" in (tmp_path / "out" / done.rel).read_text(encoding="utf-8")

    append_to_body(Path(file), "Saved while the site was being built.")
    [done] = render_adverts([(setup, page, "key", file, None)])
    assert done.stat is None and done.body is None
    assert done.failure is not None and done.failure.file == entry.vacancy.source and done.failure.kind == CHANGED
    assert "changed while the site was being built" in done.failure.message


# 6. The cache outlives failed builds and old formats ---------------------------------


def test_a_failed_build_keeps_what_it_read_for_the_next(site):
    """Files read by a build that fails on one advert's mistake are not read again once the mistake is mended."""
    file = sorted((site / "content" / "vacancies").rglob("*.md"))[7]
    good = file.read_text(encoding="utf-8")
    set_field(file, "closing", '"the thirty-first of Smarch"')
    failed = run("build", "--site", site, "--now", NOW, "--jobs", "2")
    assert failed.returncode == 1 and "closing" in failed.stderr and file.name in failed.stderr
    assert not (site / "output").exists()
    file.write_text(good, encoding="utf-8")
    assert cached_build(site)["Vacancy files parsed"] == 1


def test_a_body_table_of_another_format_is_removed(site):
    """A body table an older jobboard left in the cache is deleted, not left to take space for ever."""
    folder = site / ".cache" / "jobboard"
    folder.mkdir(parents=True)
    (folder / "bodies-1.sqlite").write_bytes(b"an older format")
    first = cached_build(site)
    assert first["Advert texts rendered"] > 0
    assert not (folder / "bodies-1.sqlite").exists()
    assert [p.name for p in folder.glob("bodies-*.sqlite")], "the build kept no body table of its own"


# 7. A cache restored into a fresh clone, as the Pages workflow restores it --------------

def test_a_cache_restored_into_a_fresh_clone_reads_and_renders_only_the_changed_advert(site, tmp_path):
    """The cache is keyed by what files hold, not their times: a fresh clone (every file new) reuses it like the original."""
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "site"]):
        run_git = __import__("subprocess").run([git, "-C", str(site), *args], capture_output=True, text=True)
        assert run_git.returncode == 0, run_git.stderr
    first = cached_build(site)
    clone = tmp_path / "clone"
    cloned = __import__("subprocess").run([git, "clone", "-q", str(site), str(clone)], capture_output=True, text=True)
    assert cloned.returncode == 0, cloned.stderr
    # What actions/cache does: a tar of the folders, unpacked with their files' times, into the new checkout.
    for folder in (".cache/jobboard", "output"):
        shutil.copytree(site / folder, clone / folder, copy_function=shutil.copy2, symlinks=True)
    reference, advert = next((r, a) for r, a in adverts(clone).items() if open_at(a.data, now_of(NOW)))
    append_to_body(advert.file, "Edited in the fresh clone.")
    again = cached_build(clone)
    assert again["Vacancy files parsed"] == 1 and again["Advert texts rendered"] == 1, again
    assert again["Files written"] < first["Files written"] / 20, again
    clean = tmp_path / "clean"
    shutil.copytree(clone, clean, ignore=shutil.ignore_patterns(".cache", "output", ".output.*"))
    build(clean, "--now", NOW, "--jobs", "1", "--no-cache")
    assert_same(clone / "output", clean / "output", "a fresh clone with a restored cache")
