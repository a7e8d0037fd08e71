"""One imported advert's vacancy file: its address as `apply_url`, the warnings to act on, and the file written (or printed)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.authoring.importer import NotAnAdvert, import_advert
from generator.config.settings import Config
from generator.load.applying import NO_WAY, advert_address, can_apply, with_apply_url
from generator.load.content import display_path
from generator.model.problems import Problems
from generator.source.folders import VACANCIES, link_in_the_way, write_new
from generator.source.frontmatter import parse


@dataclass(frozen=True)
class Request:
    """What one `jobboard import` was asked to do, and where."""

    root: Path
    config: Config
    today: date
    force: bool
    dry_run: bool
    url: str | None = None


def warn(shown: str, warnings: tuple[tuple[str, str], ...] | list[tuple[str, str]]) -> None:
    """Print the warnings an editor should act on, each naming the file."""
    for field, message in warnings:
        print(f"{shown}: {field}: warning: {message}", file=sys.stderr)


def finish(shown: str, text: str, url: str | None) -> tuple[str, list[tuple[str, str]]]:
    """The file text with the advert's address as `apply_url`, and a warning when it gives no way to apply."""
    found: list[tuple[str, str]] = []
    address = advert_address(url)
    if url and not address:
        found.append(("apply_url", f'"{url[:200]}" is not a web address a candidate can follow (https://…); it was left out'))
    if address:
        text = with_apply_url(text, address)
    doc = parse(text.encode("utf-8"), shown, Problems())
    if doc is not None and not can_apply(doc.data.get("apply_url"), doc.data.get("contact")):
        found.append(("apply_url", NO_WAY))
    return text, found


def write_advert(request: Request, shown: str, slug: str, text: str, replacing: Path | None = None) -> bool:
    """Write (or with --dry-run print) one vacancy file, at `replacing` when given; False when it may not be written."""
    if request.dry_run:
        sys.stdout.write(text)
        return True
    target = replacing or request.root / VACANCIES / f"{slug}.md"
    refused = link_in_the_way(request.root, target)
    if refused:
        print(f"{shown}: {refused}", file=sys.stderr)
        return False
    if target.exists() and not request.force:
        print(f"{shown}: {display_path(target, request.root)} already exists; nothing was written (use --force to replace it)",
              file=sys.stderr)
        return False
    write_new(target, text)
    print(f"Wrote {display_path(target, request.root)}: review it, then run `jobboard check`.")
    return True


def import_text(request: Request, shown: str, text: str, source: str, url: str | None,
                extra: list[tuple[str, str]] | None = None, replacing: Path | None = None) -> bool:
    """Import one advert's text and write its file; False when it could not be."""
    try:
        imported = import_advert(text, request.config, request.today, source)
    except NotAnAdvert as exc:
        print(exc, file=sys.stderr)
        return False
    file_text, found = finish(shown, imported.text, url)
    warn(shown, (extra or []) + list(imported.warnings) + found)
    return write_advert(request, shown, imported.slug, file_text, replacing)
