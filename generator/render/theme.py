"""The one Jinja environment: the site's templates/, the theme's, then the NHS.UK frontend macros."""

from __future__ import annotations

import functools
import importlib
import inspect
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml
from jinja2.utils import missing, object_type_repr

from generator import PACKAGE
from generator.config.settings import Config
from generator.model.problems import Problems

BUILT_IN = PACKAGE.parent / "themes"
SETTINGS_FILE = "theme.yaml"
FRONTEND_PACKAGE = "nhsuk_frontend_jinja"
_JINJA_DIR = str(Path(jinja2.__file__).resolve().parent)


@dataclass(frozen=True)
class Asset:
    """A file or folder of an npm package that the build copies under static/."""

    package: str
    version: str
    source: str
    target: str
    replace: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Theme:
    """Where a theme's templates and static files are, site overrides first, and what else it asks for."""

    template_dirs: tuple[Path, ...]
    static_dirs: tuple[Path, ...]
    folder: Path | None = None
    assets: tuple[Asset, ...] = ()
    search: bool = False


def _settings(folder: Path, problems: Problems) -> tuple[tuple[Asset, ...], bool]:
    """The npm assets and search switch a theme declares in its theme.yaml."""
    file = folder / SETTINGS_FILE
    where = f"themes/{folder.name}/{SETTINGS_FILE}"
    if not file.is_file():
        return (), False
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        assets = tuple(
            Asset(str(a["package"]), str(a["version"]), str(a["from"]), str(a["to"]),
                  tuple((str(k), str(v)) for k, v in (a.get("replace") or {}).items()))
            for a in data.get("npm", []) or []
        )
        return assets, bool(data.get("search", False))
    except (yaml.YAMLError, KeyError, TypeError, AttributeError) as exc:
        problems.error(where, 0, "", f"expected npm: a list of package, version, from and to; and search: true or false ({exc})")
        return (), False


def find_theme(config: Config, problems: Problems) -> Theme | None:
    """Locate the configured theme in the site's themes/, then among the built-in ones."""
    for base in (config.root / "themes", BUILT_IN):
        folder = base / config.theme
        if (folder / "templates").is_dir():
            overrides = [config.root / "templates"] if (config.root / "templates").is_dir() else []
            statics = [d for d in (config.root / "static", folder / "static") if d.is_dir()]
            assets, search = _settings(folder, problems)
            return Theme(tuple(overrides + [folder / "templates"]), tuple(statics), folder, assets, search)
    problems.error("config.yaml", 0, "theme", f'no theme "{config.theme}": expected a folder themes/{config.theme}/templates/')
    return None


@functools.cache
def _frontend_dir() -> str:
    """The folder the NHS.UK frontend macros are loaded from, to tell their frames from ours."""
    return str(Path(importlib.import_module(FRONTEND_PACKAGE).__file__ or "").resolve().parent)


def _looked_up_in_frontend() -> bool:
    """Whether the nearest template frame on the stack belongs to the NHS.UK frontend package."""
    # inspect.currentframe() is this function's frame: two back is the code that made the Undefined.
    here = inspect.currentframe()
    frame = here.f_back.f_back if here is not None and here.f_back is not None else None
    while frame is not None:
        name = frame.f_code.co_filename
        if not name.startswith(_JINJA_DIR) and name != __file__:
            return name.startswith(_frontend_dir())
        frame = frame.f_back  # type: ignore[assignment]
    return False


class ThemeUndefined(jinja2.ChainableUndefined):
    """Strict in the site's and theme's templates; forgiving inside the NHS.UK frontend macros."""

    __slots__ = ("lenient", "message", "error")

    def __init__(self, hint: str | None = None, obj: Any = missing, name: str | None = None,
                 exc: type[jinja2.exceptions.TemplateRuntimeError] = jinja2.UndefinedError) -> None:
        super().__init__(hint, obj, name, exc)
        self.error = exc
        # The macros were written for Nunjucks, where a missing `params.x.y` is simply falsy, and the
        # package asks for ChainableUndefined. So decide by the template that looked the name up: a
        # mistake in ours is still an error, even when passed into a macro. Jinja makes a macro's
        # missing `caller` where the macro is called, so that one is exempt by name.
        self.lenient = name == "caller" or _looked_up_in_frontend()
        # Worded as Jinja words it, from the arguments it gives every Undefined.
        if hint:
            self.message = hint
        elif obj is missing:
            self.message = f"{name!r} is undefined"
        elif not isinstance(name, str):
            self.message = f"{object_type_repr(obj)} has no element {name!r}"
        else:
            self.message = f"{object_type_repr(obj)!r} has no attribute {name!r}"

    def _use(self, empty: Any) -> Any:
        if not self.lenient:
            raise self.error(self.message)
        return empty

    def __getattr__(self, name: str) -> Any:
        if name[:2] == "__":
            raise AttributeError(name)
        return self._use(self)

    def __getitem__(self, name: Any) -> Any:
        return self._use(self)

    def __str__(self) -> str:
        return self._use("")

    def __html__(self) -> str:
        return self._use("")

    def __iter__(self) -> Any:
        return self._use(iter(()))

    def __len__(self) -> int:
        return self._use(0)

    def __bool__(self) -> bool:
        return self._use(False)

    def __contains__(self, item: Any) -> bool:
        return self._use(False)

    def __eq__(self, other: Any) -> bool:
        return self._use(type(self) is type(other))

    def __ne__(self, other: Any) -> bool:
        return not self.__eq__(other)

    __hash__ = jinja2.Undefined.__hash__


def environment(theme: Theme, reload: bool = True) -> jinja2.Environment:
    """The Jinja environment for one build, with autoescaping on for HTML and XML.

    Without `reload`, a template once loaded is never checked for changes (for a process that lives for one build).
    """
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader([
            jinja2.FileSystemLoader([str(d) for d in theme.template_dirs]),
            # After the site and theme folders, so either can override a macro's template.
            jinja2.PackageLoader(FRONTEND_PACKAGE),
            # jobboard's own defaults (alias.html), last, so that any theme or site may override them.
            jinja2.PackageLoader("generator", "templates"),
        ]),
        autoescape=jinja2.select_autoescape(["html", "xml", "jinja"], default_for_string=True),
        undefined=ThemeUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # No compiled templates on disk: they are code, and a cache that came from elsewhere must never run code.
        auto_reload=reload,
    )
