"""Google's job posting rules: no JobPosting without a place, directApply on every one, a <lastmod> for every sitemap
address, and a `check` warning (an error with --strict) at the line of an open advert Google would reject."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import copy_site, run
from sitetools import at, build, config, file_for, sources, vacancy_pages

NOW = "2026-03-01T09:00"
LATER = "2026-03-02T09:00"  # a day on, the same adverts are open: nothing in the sitemap may change
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ADDRESS_PARTS = ("streetAddress", "addressLocality", "addressRegion", "postalCode")
PROBLEM = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): (?P<field>[\w.\[\]-]+): (?P<warning>warning: )?(?P<message>.*)$")
VACANCIES = "content/vacancies/"
NO_PLACE, BUILDING, ON_SITE = "ward-manager-band-7-tewv", "psychologist-band-8a-tewv", "community-nurse-band-5-oxleas"


def reject(constant: str):
    raise ValueError(f"not strict JSON: {constant}")


def postings(page: BeautifulSoup) -> list[dict]:
    """Every ld+json block on a page, parsed strictly."""
    return [json.loads(block.string, parse_constant=reject) for block in page.find_all("script", type="application/ld+json")]


def set_location(advert, location: str | None) -> None:
    """Replace the advert's `location:` line (a one-line mapping in these samples), or drop it."""
    text = advert.read_text(encoding="utf-8")
    changed = re.sub(r"(?m)^location: .*\n", "" if location is None else f"location: {location}\n", text, count=1)
    assert changed != text, advert
    advert.write_text(changed, encoding="utf-8")


@pytest.fixture(scope="module")
def altered(tmp_path_factory):
    """The nhsuk sample: one open advert with no place, one naming only its building, one that is applied for on this site."""
    site = copy_site("nhsuk", tmp_path_factory.mktemp("google"))
    folder = site / VACANCIES
    set_location(folder / f"{NO_PLACE}.md", None)
    set_location(folder / f"{BUILDING}.md", "Roseberry Park")
    advert = folder / f"{ON_SITE}.md"
    base = config(site)["base_url"]
    advert.write_text(re.sub(r"(?m)^apply_url: .*$", f"apply_url: {base}apply/OXL-5-CMHN-3", advert.read_text("utf-8")), "utf-8")
    build(site, "--now", NOW)
    return site


def test_no_job_posting_without_a_job_location(altered):
    pages = vacancy_pages(altered / "output")
    open_refs = {s.reference: s.file.stem for s in sources(altered) if s.is_open(at(NOW))}
    with_markup = set()
    for reference, (_, page) in pages.items():
        for data in postings(page):
            given = data["jobLocation"]
            for place in given if isinstance(given, list) else [given]:
                address = place["address"]
                assert address["addressCountry"] == "GB" and any(address.get(p) for p in ADDRESS_PARTS), reference
            with_markup.add(reference)
    assert {open_refs[r] for r in set(open_refs) - with_markup} == {NO_PLACE, BUILDING}
    # The open data still lists both: only search engines' markup needs a place.
    listed = json.loads((altered / "output" / "vacancies.json").read_text(encoding="utf-8"))
    assert {item["identifier"]["value"] for item in listed} == set(open_refs)


def test_direct_apply_is_on_every_posting_and_true_only_for_this_site(altered):
    host = urlsplit(config(altered)["base_url"]).hostname
    applying = {s.reference: s.data.get("apply_url") for s in sources(altered)}
    listed = json.loads((altered / "output" / "vacancies.json").read_text(encoding="utf-8"))
    on_pages = [data for _, page in vacancy_pages(altered / "output").values() for data in postings(page)]
    assert on_pages and listed
    for data in on_pages + listed:
        url = applying[data["identifier"]["value"]]
        assert data["directApply"] is (url is not None and urlsplit(url).hostname == host), data["identifier"]
    assert {data["directApply"] for data in on_pages} == {True, False}


def sitemap(output) -> dict[str, str | None]:
    """Each address in sitemap.xml with its <lastmod> text."""
    root = ET.fromstring((output / "sitemap.xml").read_bytes())
    return {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in root.iter(f"{SITEMAP}url")}


def advert_day(source, today: date) -> date:
    """The newest date the advert gives for its page: posted or added, or its closing day once closed; never past today."""
    days = [d for d in (source.data.get("posted"), source.data.get("added")) if d]
    if not source.is_open(at(NOW)):
        days.append(source.closing.date())
    return min(max(days), today)


def test_every_sitemap_address_has_a_lastmod_from_its_adverts(built_site):
    built = built_site("nhsuk", NOW)
    base, today = config(built.site)["base_url"], at(NOW).date()
    by_slug = {s.file.stem: s for s in sources(built.site) if s.published(at(NOW))}
    newest = max(advert_day(s, today) for s in by_slug.values())
    listed = sitemap(built.output)
    assert len(listed) > 10
    for url, lastmod in listed.items():
        assert lastmod and re.fullmatch(r"\d{4}-\d\d-\d\d", lastmod), url
        rel = url.removeprefix(base)
        if rel.startswith("vacancies/"):
            assert lastmod == advert_day(by_slug[rel.split("/")[1]], today).isoformat(), url
            continue
        page = BeautifulSoup(file_for(built.output, url, base).read_text(encoding="utf-8"), "html.parser")
        shown = {a["href"].rstrip("/").rsplit("/", 1)[1] for a in page.main.select('a[href*="/vacancies/"]')}
        # A page that lists adverts: the newest of them; any other (the trust list, search): the site's newest.
        wanted = max(advert_day(by_slug[slug], today) for slug in shown) if shown else newest
        assert lastmod == wanted.isoformat(), url


def test_the_sitemap_never_takes_the_build_clock(built_site):
    assert (built_site("nhsuk", NOW).output / "sitemap.xml").read_bytes() == \
        (built_site("nhsuk", LATER).output / "sitemap.xml").read_bytes()


def reported(stderr: str, fields: tuple[str, ...] = ("location",)) -> set[tuple[str, int, str, bool]]:
    """The problems on stderr about the given fields: (path, line, field, warning)."""
    found = set()
    for line in stderr.splitlines():
        match = PROBLEM.match(line)
        if match and match["field"] in fields:
            found.add((match["path"], int(match["line"]), match["field"], bool(match["warning"])))
    return found


def line_of(file, key: str) -> int:
    return next(n for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(f"{key}:"))


@pytest.fixture
def unplaced(site_copy):
    """The board with its location taken from an open advert and a closed one, and an open one naming only a building."""
    site = site_copy("board")
    folder = site / VACANCIES
    for name in ("clinical-psychologist", "consultant-psychiatrist"):  # open, closed
        file = folder / f"{name}.md"
        file.write_text(re.sub(r"(?m)^location:\n(?:  .*\n)+", "", file.read_text(encoding="utf-8")), encoding="utf-8")
    file = folder / "peer-support-worker.md"
    file.write_text(re.sub(r"(?m)^location:\n(?:  .*\n)+", "location: Hopewood Park\n", file.read_text(encoding="utf-8")),
                    encoding="utf-8")
    return site


def test_check_warns_at_the_line_of_an_open_advert_with_no_place(unplaced):
    result = run("check", "--site", unplaced, "--now", NOW, cwd=unplaced)
    assert result.returncode == 0, result.stderr
    building = unplaced / VACANCIES / "peer-support-worker.md"
    assert reported(result.stderr) == {(f"{VACANCIES}clinical-psychologist.md", 1, "location", True),
                                       (f"{VACANCIES}peer-support-worker.md", line_of(building, "location"), "location", True)}
    lines = [line for line in result.stderr.splitlines() if ": location: warning: " in line]
    assert all("Google" in line and "town" in line and "postcode" in line for line in lines), lines
    assert any('"Hopewood Park"' in line for line in lines)


def test_strict_check_fails_on_an_open_advert_google_would_reject(unplaced):
    lenient = run("check", "--site", unplaced, "--now", NOW, cwd=unplaced)
    strict = run("check", "--site", unplaced, "--now", NOW, "--strict", cwd=unplaced)
    assert strict.returncode == 1 and "Traceback" not in strict.stderr
    assert strict.stderr.rstrip().endswith("nothing was written")
    assert reported(strict.stderr) == {(path, line, field, False) for path, line, field, _ in reported(lenient.stderr)}
    for name in ("clinical-psychologist", "peer-support-worker"):
        file = unplaced / VACANCIES / f"{name}.md"
        text = re.sub(r"(?m)^location: .*\n", "", file.read_text(encoding="utf-8"))
        file.write_text(text.replace("\n---\n", "\nlocation:\n  town: Sunderland\n---\n", 1), encoding="utf-8")
    fixed = run("check", "--site", unplaced, "--now", NOW, "--strict", cwd=unplaced)
    assert fixed.returncode == 0, fixed.stderr
