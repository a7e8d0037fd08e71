"""The one Jinja environment, searching the site's templates/ first, then the theme's."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from generator.config import Config
from generator.problems import Problems

BUILT_IN = Path(__file__).resolve().parent.parent / "themes"


@dataclass(frozen=True)
class Theme:
    """Where a theme's templates and static files are, site overrides first."""

    template_dirs: tuple[Path, ...]
    static_dirs: tuple[Path, ...]


def find_theme(config: Config, problems: Problems) -> Theme | None:
    """Locate the configured theme in the site's themes/, then among the built-in ones."""
    for base in (config.root / "themes", BUILT_IN):
        folder = base / config.theme
        if (folder / "templates").is_dir():
            overrides = [config.root / "templates"] if (config.root / "templates").is_dir() else []
            statics = [d for d in (config.root / "static", folder / "static") if d.is_dir()]
            return Theme(tuple(overrides + [folder / "templates"]), tuple(statics))
    problems.error("config.yaml", 0, "theme", f'no theme "{config.theme}": expected a folder themes/{config.theme}/templates/')
    return None


def environment(theme: Theme) -> jinja2.Environment:
    """The Jinja environment for one build, with autoescaping on for HTML and XML."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in theme.template_dirs]),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
