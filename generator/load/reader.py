"""Reading one vacancy file's fields, each mistake recorded with its line."""

from __future__ import annotations

from datetime import date
from typing import Any

from generator.config.settings import closest
from generator.model.characters import has_controls
from generator.model.fields import ValueProblem, parse_date
from generator.model.problems import Problems
from generator.source.frontmatter import Document

LIMITS = {"title": 200, "reference": 100}


TEXT_LIMIT = 1000


class Reader:
    """Reads one document's fields, recording each mistake with its line."""

    def __init__(self, doc: Document, path: str, problems: Problems) -> None:
        self.doc, self.path, self.problems = doc, path, problems
        self.ok = True

    def error(self, key: tuple[Any, ...], message: str) -> None:
        """Record an error on a field."""
        self.ok = False
        self.problems.error(self.path, self.doc.line(*key), _name(key), message)

    def warn(self, key: tuple[Any, ...], message: str) -> None:
        """Record a warning on a field."""
        self.problems.warn(self.path, self.doc.line(*key), _name(key), message)

    def get(self, *key: Any) -> Any:
        """The raw value at a path of keys, or None."""
        value: Any = self.doc.data
        for part in key:
            if isinstance(value, dict):
                value = value.get(part)
            elif isinstance(value, list) and isinstance(part, int) and part < len(value):
                value = value[part]
            else:
                return None
        return value

    def text(self, *key: Any, required: bool = False) -> str | None:
        """A field as text; numbers keep the digits as typed (leading zeros and all)."""
        value = self.get(*key)
        if value is None or value == "":
            if required:
                self.error(key, "required field is missing")
            return None
        if isinstance(value, (dict, list, set, tuple)):
            fix = ("the lines indented under it are read as its own fields" if isinstance(value, dict)
                   else "the lines starting with - under it (or [ ]) are read as a list")
            self.error(key, f"expected text, got a {'set of fields' if isinstance(value, dict) else 'list'}: {fix}; "
                            f"write one value on the same line, as in {_name(key)}: …")
            return None
        text = " ".join(str(self.doc.raw.get(key, value)).split()) if not isinstance(value, str) else value.strip()
        if has_controls(text):
            found = next(c for c in text if has_controls(c))
            kind = "a control character" if ord(found) < 0xA0 else "a character"
            self.error(key, f"contains {kind} (U+{ord(found):04X}) that pages and feeds cannot hold; remove it")
            return None
        limit = LIMITS.get(key[0] if len(key) == 1 else _name(key), TEXT_LIMIT)
        if len(text) > limit:
            self.error(key, f"is {len(text)} characters long; at most {limit} are allowed")
            return None
        if not text and required:
            self.error(key, "required field is empty")
        return text or None

    def date(self, key: str) -> date | None:
        """An optional date field."""
        value = self.get(key)
        given = value if isinstance(value, (date, str)) else self.text(key)
        if given is None:
            return None
        try:
            return parse_date(given)
        except ValueProblem as exc:
            self.error((key,), str(exc))
            return None

    def unknown(self, key: tuple[Any, ...], allowed: tuple[str, ...]) -> None:
        """Warn about each key in the mapping at `key` that is not one of `allowed`."""
        mapping = self.get(*key) if key else self.doc.data
        for name in mapping:
            if name not in allowed:
                self.warn(key + (name,), f"unknown field{closest(str(name), list(allowed))}")


def _name(key: tuple[Any, ...]) -> str:
    return ".".join(str(k) for k in key if not isinstance(k, int)) if key else ""


