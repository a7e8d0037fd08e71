"""Problems found in the input, reported together as `path:line: field: message`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_PLAIN_FIELD = re.compile(r"[\w.\[\]-]+")


def _visible(text: str) -> str:
    """Text kept on one line: line breaks and other invisible characters are written as escapes."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in an input file, located by path, line and field."""

    path: str
    line: int
    field: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        where = f"{_visible(self.path)}:{self.line}" if self.line else _visible(self.path) or "jobboard"
        if self.field and not _PLAIN_FIELD.fullmatch(self.field):
            # A field name typed with spaces, colons or the like is quoted, so the line still reads as path:line: message.
            return f'{where}: {kind}"{_visible(self.field)}": {_visible(self.message)}'
        name = f" {self.field}:" if self.field else ""
        return f"{where}:{name} {kind}{_visible(self.message)}"

    def as_error(self) -> Problem:
        """The same problem, raised to an error (for --strict)."""
        return Problem(self.path, self.line, self.field, self.message, False)


@dataclass
class Problems:
    """Collects every problem of a run, so that all are reported at once."""

    items: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int, name: str, message: str) -> None:
        """Record an error."""
        self.items.append(Problem(path, line, name, message))

    def warn(self, path: str, line: int, name: str, message: str) -> None:
        """Record a warning."""
        self.items.append(Problem(path, line, name, message, warning=True))

    def extend(self, other: Problems) -> None:
        """Take over every problem of another collection."""
        self.items.extend(other.items)

    def strict(self) -> Problems:
        """Every warning turned into an error, but one about the build cache: a damaged cache only costs time."""
        return Problems([p if p.path.startswith(".cache/") else p.as_error() for p in self.items])

    @property
    def errors(self) -> list[Problem]:
        """The errors, in file and line order."""
        return sorted(p for p in self.items if not p.warning)

    @property
    def warnings(self) -> list[Problem]:
        """The warnings, in file and line order."""
        return sorted(p for p in self.items if p.warning)

    def sorted(self) -> list[Problem]:
        """Every problem, in file and line order."""
        return sorted(self.items, key=lambda p: (p.path, p.line, p.warning, p.field, p.message))


class InputError(Exception):
    """The input has errors; the build stops before writing anything."""

    def __init__(self, problems: Problems) -> None:
        super().__init__(f"{len(problems.errors)} error(s) in the input")
        self.problems = problems
