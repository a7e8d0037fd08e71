"""A vacancy file's front matter as it is assembled by `jobboard import`, with the warnings an editor must see."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass
class Draft:
    """Front-matter lines being assembled, with the warnings an editor must see."""

    lines: list[str] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def put(self, key: str, value: object, comment: str | None = None, indent: str = "") -> None:
        """One `key: value` line, with a comment above it when there is something to say."""
        if comment:
            self.lines.extend(f"{indent}# {part}" for part in wrap(comment))
        self.lines.append(f"{indent}{key}: {as_yaml(value)}")

    def warn(self, name: str, message: str) -> None:
        """A warning the editor should act on."""
        self.warnings.append((name, message))


def as_yaml(value: object) -> str:
    """A value as YAML: dates and numbers bare, lists in brackets, text quoted."""
    if isinstance(value, (date, Decimal, int)):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(as_yaml(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a valid YAML string, quotes and all


def wrap(text: str, width: int = 96) -> list[str]:
    """Text broken into lines of at most `width` characters, at spaces."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line] if line else lines
