"""Digests that say when cached work is still valid: of the code, of a template with all it includes, of any value."""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import platform
from typing import Any

import jinja2
import jinja2.meta
import msgspec

from generator import PACKAGE

# The libraries whose output ends up in the site: a new version may render the same input differently.
LIBRARIES = ("jinja2", "markdown", "nh3", "pyyaml", "nhsuk-frontend-jinja", "icalendar", "pagefind")


# Sets and dictionary keys in sorted order, so that equal values give equal digests in every process.
_encoder = msgspec.json.Encoder(enc_hook=str, order="deterministic")


def digest(*parts: Any) -> str:
    """A short hex digest of plain values (text, bytes, numbers, dates, tuples, lists, dicts, dataclasses, paths)."""
    return hashlib.blake2b(_encoder.encode(parts), digest_size=16).hexdigest()


def file_digest(data: bytes) -> str:
    """A short hex digest of a file's bytes, hashed as they are."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


_code: str | None = None


def code() -> str:
    """The digest of jobboard's own code and data and of the library versions, so that an upgrade invalidates the cache."""
    global _code
    if _code is None:
        _code = _code_digest()
    return _code


def adopt(value: str) -> None:
    """Use another process's code digest (a worker takes its build's), so that both key alike."""
    global _code
    _code = value


def _code_digest() -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for file in sorted(PACKAGE.rglob("*")):
        if file.is_file() and file.suffix in (".py", ".yaml", ".tsv") and "__pycache__" not in file.parts:
            hasher.update(file.relative_to(PACKAGE).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    for name in LIBRARIES:
        try:
            hasher.update(f"{name}={importlib.metadata.version(name)}\0".encode())
        except importlib.metadata.PackageNotFoundError:
            hasher.update(f"{name}=none\0".encode())
    hasher.update(platform.python_version().encode())
    return hasher.hexdigest()


# Each template text's names and variables, kept for the life of the process: the preview analyses the same
# templates at every save, and parsing them took a quarter of a second.
_analysed: dict[str, tuple[tuple[str | None, ...], frozenset[str]]] = {}


def _parsed(env: jinja2.Environment, text: str) -> tuple[tuple[str | None, ...], frozenset[str]]:
    """The names a template's text refers to and the variables it reads (every environment here has the same syntax)."""
    if text not in _analysed:
        tree = env.parse(text)
        _analysed[text] = (tuple(jinja2.meta.find_referenced_templates(tree)), frozenset(jinja2.meta.find_undeclared_variables(tree)))
    return _analysed[text]


class Templates:
    """The digest of each template together with every template it extends, includes or imports."""

    def __init__(self, env: jinja2.Environment) -> None:
        self.env = env
        # Each template's text, the names it refers to (None for a name only known when it renders) and the
        # variables it reads from its context (None if it cannot be parsed): one parse gives all three.
        self.sources: dict[str, tuple[str, tuple[str | None, ...], frozenset[str] | None]] = {}
        self.digests: dict[str, str] = {}

    def uses(self, name: str, variable: str) -> bool:
        """Whether `name`, or a template it reaches, may read `variable` from its context (yes, when unsure)."""
        closure = self._closure(name)
        if closure is None:
            return True
        for current in closure:
            names = self._source(current)[2]
            if names is None or variable in names:
                return True
        return False

    def _source(self, name: str) -> tuple[str, tuple[str | None, ...], frozenset[str] | None]:
        """A template's text, the names it refers to, and the variables it reads."""
        if name not in self.sources:
            try:
                text = self.env.loader.get_source(self.env, name)[0]  # type: ignore[union-attr]
                found = (text, *_parsed(self.env, text))
            except jinja2.TemplateNotFound:
                found = ("", (), frozenset())
            except jinja2.TemplateSyntaxError as exc:
                found = (f"{text}\0{exc}", (), None)
            self.sources[name] = found
        return self.sources[name]

    def digest(self, name: str) -> str:
        """The digest of `name` and everything it reaches; a computed name makes it depend on every template."""
        if name not in self.digests:
            self.digests[name] = self._digest(name)
        return self.digests[name]

    def _digest(self, name: str) -> str:
        closure = self._closure(name)
        if closure is None:
            return digest(name, self._everything())
        return digest(sorted((current, self._source(current)[0]) for current in closure))

    def _closure(self, name: str) -> list[str] | None:
        """`name` and every template it reaches, or None if one is only named when it renders."""
        seen: list[str] = []
        todo = [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            refers = self._source(current)[1]
            seen.append(current)
            if None in refers:
                return None
            todo += [r for r in refers if r is not None]
        return seen

    @functools.cache
    def _everything(self) -> str:
        return digest(sorted((n, self._source(n)[0]) for n in self.env.list_templates()))


def body_key(body: str) -> str:
    """The key a body's rendered HTML is cached under: its text and the code that renders it."""
    return digest(code(), "body", body)


