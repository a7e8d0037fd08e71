"""Reading pasted adverts from files or standard input, and writing the vacancy files they make."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from generator.config import load_config
from generator.content import display_path
from generator.folders import VACANCIES, link_in_the_way, write_new
from generator.importer import NotAnAdvert, import_advert
from generator.problems import Problems

MAX_BYTES = 2 * 1024 * 1024


def _text(name: str, problems: Problems) -> str | None:
    """The pasted text, refused when it is empty, too big or not text."""
    raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    if len(raw) > MAX_BYTES:
        problems.error(name, 1, "", f"is {len(raw) // 1024} KB; a pasted advert is far smaller, so this is not one")
        return None
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


def import_files(root: Path, names: list[str], today: date, force: bool, dry_run: bool) -> int:
    """Import each pasted advert; returns the exit code (1 if any could not be imported)."""
    problems = Problems()
    config = load_config(root, problems)
    failed = bool(problems.errors)
    for name in names:
        shown = "standard input" if name == "-" else name
        if name != "-" and not Path(name).is_file():
            print(f"{name}: no such file", file=sys.stderr)
            failed = True
            continue
        text = _text(name, problems)
        if text is None:
            failed = True
            continue
        try:
            imported = import_advert(text, config, today, Path(name).name if name != "-" else shown)
        except NotAnAdvert as exc:
            print(exc, file=sys.stderr)
            failed = True
            continue
        target = root / VACANCIES / f"{imported.slug}.md"
        for field, message in imported.warnings:
            print(f"{shown}: {field}: warning: {message}", file=sys.stderr)
        if dry_run:
            sys.stdout.write(imported.text)
            continue
        refused = link_in_the_way(root, target)
        if refused:
            print(f"{shown}: {refused}", file=sys.stderr)
            failed = True
            continue
        if target.exists() and not force:
            print(f"{shown}: {display_path(target, root)} already exists; nothing was written (use --force to replace it)", file=sys.stderr)
            failed = True
            continue
        write_new(target, imported.text)
        print(f"Wrote {display_path(target, root)}: review it, then run `jobboard check`.")
    for problem in problems.sorted():
        print(problem, file=sys.stderr)
    return 1 if failed or problems.errors else 0
