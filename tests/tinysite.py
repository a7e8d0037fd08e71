"""Tiny sites built in this process from a dict of files, for the many small cases.

Like MkDocs' `tempdir(files={...})`: a test names the files it needs, the helper writes them into a folder, builds
with the real pipeline (no command line, no subprocess) and hands back what came out. The command line's own
contract (exit codes, what is printed) keeps its subprocess tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from generator.build import Options, build
from generator.model.clock import parse_now
from generator.model.problems import InputError, Problem

NOW = "2026-03-01T09:00"
TRUST = "Kent and Medway Mental Health NHS Trust"
CONFIG = {"title": "Tiny jobs", "base_url": "https://example.org/jobs/", "trusts": [{"name": TRUST}]}


def advert(body: str = "The advert's text.", **fields: object) -> str:
    """A vacancy file: the required fields (unless given, or given as None to leave out), then the body."""
    values = {"title": "Staff Nurse", "trust": TRUST, "band": "Band 5", "reference": "TINY-1", "posted": "2026-02-20",
              "closing": "2026-03-20", **fields}
    front = yaml.safe_dump({k: v for k, v in values.items() if v is not None}, sort_keys=False, allow_unicode=True)
    return f"---\n{front}---\n\n{body}\n"


@dataclass(frozen=True)
class Tiny:
    """A built tiny site: its folder, every problem reported, and whether the site was written."""

    root: Path
    problems: tuple[Problem, ...]
    written: bool

    @property
    def errors(self) -> list[str]:
        """The errors as the command prints them, `path:line: field: message`."""
        return [str(p) for p in self.problems if not p.warning]

    @property
    def warnings(self) -> list[str]:
        """The warnings as the command prints them."""
        return [str(p) for p in self.problems if p.warning]

    def page(self, address: str) -> BeautifulSoup:
        """A written page, by its address under the site (e.g. "vacancies/staff-nurse/")."""
        file = self.root / "output" / address / "index.html" if not address.endswith(".html") else self.root / "output" / address
        return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def tiny_site(folder: Path, files: dict[str, str | bytes], now: str = NOW, strict: bool = False,
              config: dict | None = None) -> Tiny:
    """Write `files` (paths relative to the site) and config.yaml into `folder`, build it here, and report."""
    folder.mkdir(parents=True, exist_ok=True)
    settings = {**CONFIG, **(config or {})}
    (folder / "config.yaml").write_text(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), encoding="utf-8")
    for rel, data in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data) if isinstance(data, bytes) else path.write_text(data, encoding="utf-8")
    options = Options(folder, parse_now(now), strict=strict, jobs=1, cache=False)
    try:
        result = build(options, folder / "output")
    except InputError as failed:
        return Tiny(folder, tuple(failed.problems.sorted()), False)
    return Tiny(folder, tuple(result.problems.sorted()), True)
