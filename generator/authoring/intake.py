"""Reading adverts from files or standard input (pasted text, saved pages, the NHS Jobs feed), and writing the vacancy files they make."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from generator.authoring.advert_files import Request, import_text
from generator.authoring.feed_intake import import_feed
from generator.authoring.nhsjobs_feed import looks_like_feed
from generator.authoring.paste import read
from generator.authoring.posting import conflicts, labelled_lines, text_places
from generator.authoring.savedpage import NotAPage, looks_like_page, read_page
from generator.config.settings import load_config
from generator.load.applying import advert_address
from generator.model.problems import Problems

MAX_BYTES = 2 * 1024 * 1024
MAX_PAGE_BYTES = 10 * 1024 * 1024  # a saved page carries its markup, styles and scripts: far more than its text
MAX_FEED_BYTES = 50 * 1024 * 1024  # thousands of adverts with their descriptions


def read_input(name: str, limit: int, problems: Problems) -> bytes | None:
    """A file's bytes (standard input's for "-"), refused when bigger than `limit`, without reading past it."""
    if name == "-":
        raw = sys.stdin.buffer.read(limit + 1)
    else:
        with open(name, "rb") as handle:
            raw = handle.read(limit + 1)
    if len(raw) > limit:
        problems.error(name, 1, "", f"is over {limit // (1024 * 1024)} MB; an advert is far smaller, so this is not one")
        return None
    if not raw.strip():
        problems.error(name, 1, "", "is empty; paste the advert's text")
        return None
    return raw


def _text(name: str, raw: bytes, problems: Problems) -> str | None:
    """The pasted text, refused when it is not text."""
    if b"\x00" in raw:
        problems.error(name, 1, "", "is not text (it holds binary data); copy the advert's text from the web page")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Windows copies arrive this way; the advert is still readable
    if not text.strip():
        problems.error(name, 1, "", "is empty; paste the advert's text")
        return None
    return text


def _page(request: Request, name: str, shown: str, raw: bytes, problems: Problems) -> bool:
    """Import a saved page: its JobPosting data first, so that it wins, then its visible text."""
    if b"\x00" in raw and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # NULs outside UTF-16: an image or the like
        problems.error(name, 1, "", "is not a web page (it holds binary data); save the advert's page as HTML, or copy its text")
        return False
    try:
        page = read_page(raw)
    except NotAPage as exc:
        problems.error(name, 1, "", str(exc))
        return False
    if sum(map(len, page.lines)) > MAX_BYTES:
        problems.error(name, 1, "", f"holds {sum(map(len, page.lines)) // 1024} KB of text; an advert is far shorter, so this is not one")
        return False
    clip = read("\n".join(page.lines))
    lines = labelled_lines(page.posting, page.heading, places=not text_places(clip)) + [""] + list(page.lines)
    found = conflicts(page.posting, page.heading, clip)
    given = page.posting.url
    if given and not advert_address(given):
        found.append(("apply_url", f'the page\'s structured data gives the address "{given[:200]}", which is not one a '
                                   "candidate can follow (https://…); it was left out"))
    url = request.url or advert_address(given) or page.canonical
    return import_text(request, shown, "\n".join(lines) + "\n", Path(name).name if name != "-" else shown, url, found)


def _feed(request: Request, name: str, raw: bytes, problems: Problems) -> bool:
    """Import an NHS Jobs feed, one vacancy file per advert."""
    if request.url:
        problems.error(name, 1, "", "is an NHS Jobs feed, which gives each advert's own address: leave out --url")
        return False
    return import_feed(request, name, raw, problems)


def _one(request: Request, name: str, form: str, problems: Problems) -> bool:
    """Import one file in the given format; False when it could not be."""
    shown = "standard input" if name == "-" else name
    raw = read_input(name, MAX_FEED_BYTES if form in ("auto", "nhsjobs-xml") else MAX_PAGE_BYTES if form == "html" else MAX_BYTES,
                     problems)
    if raw is None:
        return False
    if form == "nhsjobs-xml" or (form == "auto" and looks_like_feed(raw) and not looks_like_page(name, raw)):
        return _feed(request, name, raw, problems)
    if len(raw) > MAX_PAGE_BYTES:
        problems.error(name, 1, "", f"is over {MAX_PAGE_BYTES // (1024 * 1024)} MB; an advert is far smaller, so this is not one")
        return False
    if form == "html" or (form == "auto" and looks_like_page(name, raw)):
        return _page(request, name, shown, raw, problems)
    if len(raw) > MAX_BYTES:
        problems.error(name, 1, "", f"is {len(raw) // 1024} KB; a pasted advert is far smaller, so this is not one")
        return False
    text = _text(name, raw, problems)
    return text is not None and import_text(request, shown, text, Path(name).name if name != "-" else shown, request.url)


def import_files(root: Path, names: list[str], today: date, force: bool, dry_run: bool, form: str = "auto",
                 url: str | None = None) -> int:
    """Import each advert file; returns the exit code (1 if any could not be imported)."""
    problems = Problems()
    config = load_config(root, problems)
    failed = bool(problems.errors)
    request = Request(root, config, today, force, dry_run, url)
    for name in names:
        if name != "-" and not Path(name).is_file():
            print(f"{name}: no such file", file=sys.stderr)
            failed = True
            continue
        failed = not _one(request, name, form, problems) or failed
    for problem in problems.sorted():
        print(problem, file=sys.stderr)
    return 1 if failed or problems.errors else 0
