"""Shared by the nhsuk theme's tests: built sites (each built once a run), served on 127.0.0.1, and the checkers."""

from __future__ import annotations

import atexit
import functools
import json
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path

from conftest import ROOT, copy_site, real_clock_env
from sitetools import build, config
from subpath import handler_for

AUGUST = "2025-08-15"  # the seed adverts' clock: two are open
SAMPLE_NOW = "2026-03-01T09:00"  # tests/sites/nhsuk: eight open (two closing soon), two closed
PREFIX = "/jobboard/"  # served under a project path, as GitHub Pages does
NODE_MODULES = ROOT / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENSHOTS = ROOT / "tests" / "screenshots"
KINDS = ("index", "open vacancy", "closed vacancy", "trust list", "trust page", "band list", "band page", "archive", "search", "404",
         "accessibility")

_scratch = Path(tempfile.mkdtemp(prefix="jobboard-nhsuk-tests-"))
atexit.register(shutil.rmtree, _scratch, ignore_errors=True)
_servers: list[ThreadingHTTPServer] = []


@dataclass(frozen=True)
class Built:
    """A site built with the real command line and served on 127.0.0.1 under PREFIX."""

    name: str
    site: Path
    output: Path
    base: str  # http://127.0.0.1:PORT/jobboard/
    now: str | None

    @property
    def config(self) -> dict:
        return config(self.site)

    def url(self, rel: str) -> str:
        return self.base + rel

    def pages(self) -> list[str]:
        """Every HTML page as a site-relative address ("", "vacancies/x/", "404.html")."""
        found = []
        for file in sorted(self.output.rglob("*.html")):
            rel = file.relative_to(self.output).as_posix()
            found.append(rel.removesuffix("index.html"))
        return found

    def kinds(self) -> dict[str, str]:
        """One page of each kind this build has: kind -> site-relative address."""
        out: dict[str, str] = {"index": "", "trust list": "trusts/", "band list": "bands/", "archive": "closed/", "404": "404.html"}
        trusts = sorted(p.parent.name for p in (self.output / "trusts").glob("*/index.html"))
        bands = sorted(p.parent.name for p in (self.output / "bands").glob("*/index.html"))
        if trusts:
            out["trust page"] = f"trusts/{trusts[0]}/"
        if bands:
            out["band page"] = f"bands/{bands[0]}/"
        if (self.output / "search" / "index.html").is_file():
            out["search"] = "search/"
        if (self.output / "accessibility" / "index.html").is_file():
            out["accessibility"] = "accessibility/"
        for file in sorted((self.output / "vacancies").glob("*/index.html")):
            closed = 'content="noindex"' in file.read_text(encoding="utf-8")
            out.setdefault("closed vacancy" if closed else "open vacancy", f"vacancies/{file.parent.name}/")
        return out


def _serve(output: Path) -> str:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(output, PREFIX, not_found_page=True))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _servers.append(server)
    return f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"


@atexit.register
def _stop_servers() -> None:
    for server in _servers:
        server.shutdown()
        server.server_close()


@functools.cache
def built(name: str, now: str | None) -> Built:
    """tests/sites/NAME (or "repo", the repository's own site) built at `now` (None: the real clock)."""
    folder = _scratch / f"{name}-{now or 'today'}".replace(":", "")
    folder.mkdir()
    site = copy_site(name, folder)
    output = site / "output"
    output.mkdir()
    base = _serve(output)
    build(site, *(["--now", now] if now else []), "--base-url", base, env=None if now else real_clock_env())
    return Built(name, site, output, base, now)


def seed_august() -> Built:
    return built("repo", AUGUST)


def seed_today() -> Built:
    return built("repo", None)


def sample() -> Built:
    return built("nhsuk", SAMPLE_NOW)


# Checkers --------------------------------------------------------------------------------------

def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.2 AA violations on the page as it is now: rule, impact and the first nodes."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
            return {passes: r.passes.length, violations: r.violations.map(v => ({
                id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + ": " + n.failureSummary)}))};
        }""",
        AXE_TAGS,
    )
    # axe lists the rules that passed: a page it never really checked would have none.
    assert result["passes"] > 10, f"axe checked almost nothing ({result['passes']} rules passed)"
    return result["violations"]


def vnu_errors(files: list[Path]) -> list[str]:
    """The Nu Html Checker's errors for the given files, as "file:line: message"."""
    assert files, "no files to check"
    done = subprocess.run(
        ["java", "-Xss4m", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True, text=True, timeout=600,
    )
    report = json.loads(done.stderr or done.stdout)
    return [f"{m.get('url', '')}:{m.get('lastLine', '?')}: {m['message']}" for m in report["messages"]]
