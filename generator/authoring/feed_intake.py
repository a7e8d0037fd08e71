"""`jobboard import --format nhsjobs-xml`: one vacancy file per advert in the feed, skipping references already in content/."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from generator.authoring.advert_files import Request, import_text
from generator.authoring.nhsjobs_feed import FeedAdvert, FeedError, advert_text, read_feed
from generator.model.problems import Problems
from generator.source.folders import VACANCIES, walk
from generator.source.frontmatter import parse

REFERENCE_LINE = re.compile(rb"(?m)^reference:[ \t]*[\"']?(.*?)[\"']?[ \t]*$")
MAX_FILE = 2 * 1024 * 1024  # a vacancy file is a few KB: a bigger one is read no further for its reference


def _key(reference: object) -> str:
    """A reference as compared: case and spacing do not make two adverts different."""
    return " ".join(str(reference).casefold().split())


def _reference(raw: bytes, shown: str) -> str | None:
    """The reference a vacancy file gives, read as `jobboard check` reads it, else from its `reference:` line."""
    doc = parse(raw, shown, Problems())
    if doc is not None:
        value = doc.data.get("reference")
        return None if value in (None, "") else str(value)
    # A file with a mistake elsewhere still names its advert: importing that advert again would not mend it.
    match = REFERENCE_LINE.search(raw)
    return match.group(1).decode("utf-8", "replace") if match else None


def known_references(root: Path) -> dict[str, Path]:
    """Each reference already in content/vacancies/, with the file that holds it."""
    folder = root / VACANCIES
    found: dict[str, Path] = {}
    if not folder.is_dir():
        return found
    for entry, below in walk(str(folder)):
        if not entry.name.lower().endswith(".md") or not entry.is_file(follow_symlinks=False):
            continue
        with open(entry.path, "rb") as handle:
            reference = _reference(handle.read(MAX_FILE), below)
        if reference:
            found.setdefault(_key(reference), Path(entry.path))
    return found


def _notes(advert: FeedAdvert) -> list[tuple[str, str]]:
    """What the editor should know about an advert's identity before reading the file."""
    if advert.get("reference") or not advert.get("id"):
        return []
    return [("reference", f'the advert gives no reference; used its NHS Jobs id, "{advert.get("id")}"')]


def import_feed(request: Request, name: str, raw: bytes, problems: Problems) -> bool:
    """Import every advert of an NHS Jobs XML feed; False when the feed, or any advert in it, could not be imported."""
    try:
        adverts = read_feed(raw)
    except FeedError as exc:
        problems.error(name, exc.line, "", f"{exc}; nothing was imported")
        return False
    known, seen, ok, wrote, skipped = known_references(request.root), set(), True, 0, 0
    for advert in adverts:
        reference, where = advert.get("reference") or advert.get("id"), f"{name}:{advert.line}"
        held = known.get(_key(reference)) if reference else None
        if reference and _key(reference) in seen:
            print(f"{where}: skipped {reference!r}: an advert above in the feed has the same reference", file=sys.stderr)
            continue
        if held and not request.force:
            print(f"{where}: skipped {reference!r}: {held.relative_to(request.root).as_posix()} already has it")
            skipped += 1
            continue
        seen.add(_key(reference) if reference else where)
        # With --force the advert is imported again, over the file that holds its reference, whatever that file is called.
        if import_text(request, where, advert_text(advert), f"{Path(name).name}:{advert.line}", advert.get("url") or None,
                       _notes(advert), held):
            wrote += 1
        else:
            ok = False
    _summary(name, len(adverts), wrote, skipped, request.dry_run)
    return ok


def _summary(name: str, adverts: int, wrote: int, skipped: int, dry_run: bool) -> None:
    """One line that says what the run did, so a daily workflow's log shows it at a glance."""
    verb = "would write" if dry_run else "wrote"
    made = f"{verb} {wrote} vacancy file{'s' * (wrote != 1)}" if wrote else f"{verb} no vacancy files"
    kept = f"; skipped {skipped} already in {VACANCIES.as_posix()}/" if skipped else ""
    print(f"{name}: {adverts} advert{'s' * (adverts != 1)}: {made}{kept}")
    if not adverts:
        print(f"{name}: the feed holds no <vacancyDetails>, so there was nothing to import", file=sys.stderr)
