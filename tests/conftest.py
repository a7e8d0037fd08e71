"""Shared helpers: copy a sample site to a temporary folder, run the real command line on it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"


def run(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m generator ARGS` as an editor would, capturing its output."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=cwd or ROOT, env=env, capture_output=True, text=True, timeout=300,
    )


def copy_site(name: str, into: Path) -> Path:
    """A fresh copy of tests/sites/NAME (or of the repository's own site for "repo")."""
    target = into / name
    if name == "repo":
        target.mkdir()
        shutil.copytree(ROOT / "content", target / "content")
        shutil.copy(ROOT / "config.yaml", target / "config.yaml")
    else:
        shutil.copytree(SITES / name, target)
    return target


@pytest.fixture
def site_copy(tmp_path: Path):
    """Factory: copy a sample site into this test's temporary folder."""
    return lambda name: copy_site(name, tmp_path)
