"""The static search index: Pagefind reads the open vacancy pages and gives back its bundle as files."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from generator.model.problems import Problems
from generator.publish.search_bundle import canonical
from generator.render.renderer import Output

BUNDLE = "pagefind"
# The search page brings its own form; Pagefind's ready-made interfaces would only add weight.
UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")


def search_index(pages: list[tuple[str, Path]], problems: Problems) -> list[Output]:
    """Pagefind's bundle under pagefind/ for the given pages, each an address and its file (none if there are none)."""
    if not pages:
        return []
    with tempfile.TemporaryDirectory(prefix="jobboard-search-") as scratch:
        # Pagefind reads files, not memory: the pages go to a private scratch folder, never to the site.
        source, bundle = Path(scratch) / "site", Path(scratch) / "bundle"
        for rel, page in pages:
            file = source / rel
            file.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(page, file)
        try:
            done = subprocess.run(
                [sys.executable, "-m", "pagefind", "--site", str(source), "--output-path", str(bundle), "--silent"],
                capture_output=True, text=True, timeout=300,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            problems.error("", 0, "", f"search index: could not run Pagefind: {exc}")
            return []
        if done.returncode != 0:
            detail = (done.stderr or done.stdout).strip().splitlines()
            problems.error("", 0, "", "search index: Pagefind failed" + (f": {detail[-1]}" if detail else "")
                           + " (is pagefind[bin] installed? `make build` installs it)")
            return []
        files = {f.relative_to(bundle).as_posix(): f.read_bytes() for f in bundle.rglob("*")
                 if f.is_file() and not f.name.startswith(UNUSED)}
    return sorted((f"{BUNDLE}/{rel}", data) for rel, data in canonical(files).items())
