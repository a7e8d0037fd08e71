"""What a change to content/ does to the site, against a git revision: adverts added, changed, closed or removed."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path, PurePosixPath

from generator.config.settings import Config, load_config
from generator.index.site import Entry, index
from generator.load.content import display_path, load_content
from generator.load.vacancies import build_vacancy
from generator.model.dates import when
from generator.model.problems import Problems
from generator.model.vacancy import Vacancy
from generator.source.folders import VACANCIES
from generator.source.frontmatter import parse

KINDS = ("adds", "changes", "closes", "removes")
HEADINGS = {"adds": "Adds", "changes": "Changes", "closes": "Closes", "removes": "Removes", "waiting": "Not published yet"}
# Marks that mean something in GitHub's Markdown anywhere on a line; the text never starts a line.
_MARKUP = re.compile(r"([\\`*_{}\[\]()<>#|!~&])")


class GitError(Exception):
    """git could not read the revision to compare with."""


@dataclass(frozen=True)
class Change:
    """One advert whose place on the site this change alters."""

    kind: str
    vacancy: Vacancy
    is_open: bool


@dataclass(frozen=True)
class Changes:
    """Every advert the change alters, and the files it leaves out because they have errors."""

    items: tuple[Change, ...]
    broken: tuple[str, ...]

    def of(self, kind: str) -> list[Change]:
        """The changes of one kind, in title order."""
        return sorted((c for c in self.items if c.kind == kind), key=lambda c: (c.vacancy.title.casefold(), c.vacancy.reference))


def _git(top: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=top, input=stdin, capture_output=True, check=False)
    except FileNotFoundError as exc:
        raise GitError("git is not installed") from exc
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return done.stdout


def _site_in_repository(root: Path) -> tuple[Path, str]:
    """The top of the git work tree holding the site, and the site folder's path inside it ("" at the top)."""
    try:
        top = Path(_git(root, "rev-parse", "--show-toplevel").decode().strip())
    except GitError as exc:
        raise GitError(f"the site folder is not in a git repository ({exc})") from exc
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    return top, "" if prefix == "." else prefix + "/"


def _listing(top: Path, ref: str, folder: str) -> list[tuple[PurePosixPath, str]]:
    """Each advert file under `folder` at `ref`, with its blob id."""
    try:
        _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except GitError as exc:
        raise GitError(f"no commit {ref!r} in this repository") from exc
    found = []
    for line in filter(None, _git(top, "ls-tree", "-r", "-z", ref, "--", folder).split(b"\0")):
        meta, _, name = line.partition(b"\t")
        mode, kind, sha = meta.decode().split()
        path = PurePosixPath(name.decode("utf-8", "replace"))
        # Links and submodules are never read as adverts, as in the working tree.
        if kind == "blob" and mode in ("100644", "100755") and path.suffix.lower() == ".md" and not path.name.startswith("."):
            found.append((path, sha))
    return found


def _contents(top: Path, shas: list[str]) -> list[bytes]:
    """The bytes of each blob, read in one `git cat-file --batch`."""
    out = _git(top, "cat-file", "--batch", stdin="".join(f"{sha}\n" for sha in shas).encode())
    contents, at = [], 0
    for _ in shas:
        header_end = out.index(b"\n", at)  # "<sha> blob <size>", then the bytes and a newline
        size = int(out[at:header_end].split()[2])
        contents.append(out[header_end + 1 : header_end + 1 + size])
        at = header_end + 1 + size + 1
    return contents


def _blobs(root: Path, ref: str) -> dict[Path, bytes]:
    """The advert files of content/vacancies/ at `ref`, by where they would be under the site folder."""
    top, prefix = _site_in_repository(root)
    listing = _listing(top, ref, prefix + VACANCIES.as_posix())
    contents = _contents(top, [sha for _, sha in listing])
    return {root / path.as_posix().removeprefix(prefix): data for (path, _), data in zip(listing, contents)}


def _vacancies_at(root: Path, ref: str, config: Config) -> tuple[Vacancy, ...]:
    """The adverts as they were at `ref`; files that had errors then are left out."""
    found = []
    for file, raw in sorted(_blobs(root, ref).items()):
        shown = display_path(file, root)
        doc = parse(raw, shown, Problems())
        vacancy = build_vacancy(doc, shown, config, Problems()) if doc else None
        if vacancy:
            found.append(vacancy)
    return tuple(found)


def _published(vacancies: tuple[Vacancy, ...], config: Config, now: datetime, drafts: bool) -> dict[str, Entry]:
    site = index(tuple(v for v in vacancies if drafts or not v.draft), config, now)
    return {e.vacancy.reference.casefold(): e for e in site.entries}


def _same(one: Vacancy, other: Vacancy) -> bool:
    """Whether two versions of an advert show the same, wherever their files are."""
    return replace(one, source="") == replace(other, source="")


def compare(root: Path, ref: str, now: datetime, base_url: str | None = None, drafts: bool = False) -> Changes:
    """The adverts this working tree adds, changes, closes or removes compared with `ref` (both read with today's config)."""
    problems = Problems()
    config = load_config(root, problems, base_url)
    after_all = load_content(config, problems, drafts=True).vacancies
    broken = tuple(sorted({p.path for p in problems.errors if p.path.endswith(".md")}))
    before_all = _vacancies_at(root, ref, config)
    before, after = _published(before_all, config, now, drafts), _published(after_all, config, now, drafts)
    items = []
    for key, entry in after.items():
        old = before.get(key)
        if old is None:
            items.append(Change("adds", entry.vacancy, entry.is_open))
        elif old.is_open and not entry.is_open:
            items.append(Change("closes", entry.vacancy, entry.is_open))
        elif not _same(old.vacancy, entry.vacancy):
            items.append(Change("changes", entry.vacancy, entry.is_open))
    for key, entry in before.items():
        # An advert whose file now has errors is reported with the errors, not as removed.
        if key not in after and entry.vacancy.source not in broken:
            items.append(Change("removes", entry.vacancy, entry.is_open))
    # Drafts and adverts posted after today are shown once, when this change adds or edits them.
    unchanged = {v.reference.casefold(): v for v in before_all}
    for vacancy in after_all:
        key = vacancy.reference.casefold()
        if key not in after and key not in before and not (key in unchanged and _same(unchanged[key], vacancy)):
            items.append(Change("waiting", vacancy, False))
    return Changes(tuple(items), broken)


def _md(text: str) -> str:
    """Text shown as itself in Markdown: its markup characters escaped, its line breaks made spaces."""
    return _MARKUP.sub(r"\\\1", " ".join(text.split()))


def _day(moment: datetime | date) -> str:
    return when(moment)


def _line(change: Change) -> str:
    v = change.vacancy
    if change.kind == "waiting":
        state = "draft" if v.draft or v.posted is None else f"to be published on {_day(v.posted)}"
    else:
        state = f"{'closes' if change.is_open else 'closed'} {_day(v.closing)}"
    if change.kind in ("adds", "changes") and not change.is_open:
        state += " – **warning: this advert is already closed and goes straight to the archive; check its closing date**"
    return f"- {_md(v.title)} ({_md(v.reference)}) – {_md(v.trust.name)}, {_md(v.band.name)} – {state} – {_md(v.source)}"


def summary(changes: Changes) -> str:
    """The changes as Markdown for a pull request's check summary."""
    counts = ", ".join(f"{kind} {len(changes.of(kind))}" for kind in KINDS)
    lines = ["## Adverts in this change", "", f"This change {counts}." if changes.items else "This change adds, changes, closes or removes no adverts."]
    for kind in (*KINDS, "waiting"):
        found = changes.of(kind)
        if found:
            lines += ["", f"### {HEADINGS[kind]}", "", *map(_line, found)]
    if changes.broken:
        lines += ["", f"### {len(changes.broken)} file{'s' * (len(changes.broken) != 1)} with errors, left out until fixed", ""]
        lines += [f"- {_md(path)}" for path in changes.broken]
    return "\n".join(lines) + "\n"
