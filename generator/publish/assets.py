"""A theme's front-end files: npm packages' CSS, JavaScript and icons, then its own static/ folders."""

from __future__ import annotations

import json
import os
from pathlib import Path

from generator.model.problems import Problems
from generator.render.renderer import Output
from generator.render.theme import BUILT_IN, Asset, Theme

# node_modules is looked for in the site's folder, then beside jobboard's own package.json.
JOBBOARD_ROOT = BUILT_IN.parent


def _package(name: str, roots: tuple[Path, ...]) -> Path | None:
    for root in roots:
        folder = root / "node_modules" / name
        if (folder / "package.json").is_file():
            return folder
    return None


def _files(asset: Asset, package: Path) -> list[tuple[str, Path]]:
    """(target under static/, source file) for a file or every file of a folder."""
    source = package / asset.source
    if source.is_file():
        return [(asset.target, source)]
    target = asset.target.rstrip("/")
    found = [Path(path) / name for path, _, names in os.walk(source, onerror=unreadable) for name in names]
    return [(f"{target}/{f.relative_to(source).as_posix()}", f) for f in sorted(found) if f.is_file()]


def npm_assets(assets: tuple[Asset, ...], roots: tuple[Path, ...], problems: Problems) -> list[Output]:
    """The declared files of installed npm packages, each at the version the theme was made for."""
    outputs: list[Output] = []
    for asset in assets:
        package = _package(asset.package, roots)
        if package is None:
            problems.error("", 0, "", f"the theme needs the npm package {asset.package} {asset.version}, which is not installed: "
                                      "run `npm ci` in the jobboard folder (`make build` does)")
            continue
        installed = json.loads((package / "package.json").read_text(encoding="utf-8")).get("version")
        if installed != asset.version:
            problems.error("", 0, "", f"the theme needs {asset.package} {asset.version}, but {installed} is installed in "
                                      f"{package.parent}: run `npm ci` (`make build` does)")
            continue
        files = _files(asset, package)
        if not files:
            problems.error("", 0, "", f"{asset.package} {asset.version} has no {asset.source}")
        for target, file in files:
            data = file.read_bytes()
            # The design system's CSS refers to its icons from the server root; the site may live under a sub-path.
            for old, new in asset.replace:
                data = data.replace(old.encode("utf-8"), new.encode("utf-8"))
            outputs.append((f"static/{target}", data))
    return outputs


def asset_sources(assets: tuple[Asset, ...], roots: tuple[Path, ...]) -> list[Path]:
    """Every installed file the declared npm assets are copied from, with each package's package.json."""
    found: list[Path] = []
    for asset in assets:
        package = _package(asset.package, roots)
        if package is None:
            continue
        found.append(package / "package.json")
        try:
            found += [source for _, source in _files(asset, package)]
        except OSError:
            pass  # not there, or unreadable: the build itself says so
    return found


def theme_files(theme: Theme, site_root: Path, problems: Problems) -> list[Output]:
    """Everything under static/: npm assets first, so that the theme's and the site's static/ can replace one."""
    files = dict(npm_assets(theme.assets, (site_root, JOBBOARD_ROOT), problems))
    files.update(static_files(theme.static_dirs, site_root, problems))
    return sorted(files.items())


def unreadable(error: OSError) -> None:
    """Stop at a folder that cannot be read, rather than publish the site without its files (the caller names it)."""
    raise error


def static_files(dirs: tuple[Path, ...], root: Path, problems: Problems) -> list[Output]:
    """The theme's static files (site overrides first), to be written under static/; a link among them is an error.

    A link is never followed: `static/env.txt -> /proc/self/environ` would publish the build's secrets.
    """
    files: dict[str, bytes] = {}
    for folder in reversed(dirs):
        shown = folder.relative_to(root) if folder.is_relative_to(root) else folder
        if folder.is_symlink():
            problems.error(str(shown), 0, "", "the static folder is a link; make it a real folder holding the files themselves")
            continue
        if not folder.exists():
            continue
        for path, subfolders, names in os.walk(folder, onerror=unreadable):
            for name in sorted([*subfolders, *names]):
                entry = Path(path) / name
                if entry.is_symlink():
                    problems.error(f"{shown}/{entry.relative_to(folder).as_posix()}", 0, "",
                                   "is a link; links in static/ are not published: put the file itself there")
                elif entry.is_file() and not name.startswith("."):
                    files[f"static/{entry.relative_to(folder).as_posix()}"] = entry.read_bytes()
    return sorted(files.items())
