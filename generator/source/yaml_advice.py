"""YAML syntax errors in front matter, told as what is wrong with the editor's text and how to fix it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import yaml

# `name:` at the start of a line, after its indentation (and a list item's dash); group 2 is the field's name.
_FIELD = re.compile(r"^(\s*)(?:-\s+)?([A-Za-z_][\w-]*)\s*:(?=\s|$)")
# `name:value`, with no space after the colon (a web address such as https://… is a value, not this).
_NO_SPACE = re.compile(r"^\s*([A-Za-z_][\w-]*):(?![\s/])\S")
_STARTERS = {"@": "@", "`": "a backquote (`)", "%": "%", "!": "!", "&": "&", "*": "*", "|": "|", ">": ">"}


@dataclass(frozen=True)
class Advice:
    """Where a YAML mistake is (1-based line within the text), which field it is on, and what to do."""

    line: int
    field: str
    message: str


def _opens_group(line: str) -> bool:
    """A field line with no value after its colon (`salary:`), whose fields follow, indented."""
    found = _FIELD.match(line)
    return found is not None and not line[found.end():].split(" #")[0].strip()


def _spaces(count: int) -> str:
    return "no spaces" if count == 0 else "1 space" if count == 1 else f"{count} spaces"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _field_of(lines: list[str], index: int, indent: int | None = None) -> str:
    """The field a line belongs to, as a dotted path (salary.note): its own, else that of the nearest field above.

    `indent` places a wrongly indented line where it belongs, to name it by the fields it belongs with.
    """
    names: list[str] = []
    limit = None
    for number in range(min(index, len(lines) - 1), -1, -1):
        found = _FIELD.match(lines[number])
        if found and (limit is None or len(found.group(1)) < limit):
            names.insert(0, found.group(2))
            limit = len(found.group(1)) if limit is not None or indent is None else indent
            if limit == 0:
                break
    return ".".join(names)


def _siblings(lines: list[str], index: int) -> list[int]:
    """The indentations of the fields above line `index` (nearest first), each once."""
    seen: list[int] = []
    for number in range(index - 1, -1, -1):
        found = _FIELD.match(lines[number])
        if found and len(found.group(1)) not in seen:
            seen.append(len(found.group(1)))
    return seen


def _quoted(value: str) -> str:
    """The value in the quotes that keep it whole: single quotes unless it holds one."""
    return f"'{value}'" if "'" not in value else '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _indentation(lines: list[str], index: int) -> str | None:
    """Advice for a line indented unlike any field above it, or None if its indentation matches one."""
    line = lines[index]
    spaces = _indent(line)
    levels = _siblings(lines, index)
    if not _FIELD.match(line) or spaces in levels or not levels:
        return None
    nearest = sorted(levels, key=lambda level: (abs(level - spaces), level))[:2]
    if abs(nearest[-1] - spaces) > abs(nearest[0] - spaces):
        nearest = nearest[:1]
    choices = " or ".join(_spaces(level) for level in nearest)
    return (f"this line is indented by {_spaces(spaces)}, which lines it up with no field above it: "
            f"line it up with the fields it belongs with ({choices})")


def _colon_in_value(lines: list[str], index: int, column: int) -> str | None:
    """Advice for `name: text: more`, where the value holds a colon and a space."""
    found = _FIELD.match(lines[index])
    if not found or column <= found.end():
        return None
    name, value = found.group(2), lines[index][found.end():].strip()
    return (f'the value of {name} holds a colon followed by a space, which YAML reads as the start of another field: '
            f"put the whole value in quotes, as in {name}: {_quoted(value)}")


def no_space(lines: list[str], numbers: range | tuple[int, ...]) -> Advice | None:
    """Advice for the first of these lines written `name:value`: YAML needs a space after the colon."""
    for number in numbers:
        if 0 <= number < len(lines):
            found = _NO_SPACE.match(lines[number])
            if found:
                name = found.group(1)
                value = lines[number].split(":", 1)[1]
                return Advice(number + 1, name, f"put a space after the colon, as in {name}: {value}")
    return None


def _deeper(lines: list[str], index: int) -> Advice | None:
    """Advice for a field indented deeper than the field just above it, which YAML reads as part of that one's value.

    If the line lines up with the fields before that one, the slip is the line above, which lost its indentation.
    """
    line = lines[index]
    above = next((n for n in range(index - 1, -1, -1) if _FIELD.match(lines[n])), None)
    if above is None or not _FIELD.match(line) or _indent(line) <= _indent(lines[above]):
        return None
    parent = next((n for n in range(above - 1, -1, -1) if _FIELD.match(lines[n])), None)
    # The first field of a group (`min:` under `salary:`) that lost its indentation: the group's name ends its line.
    first_of_group = parent is not None and _indent(lines[parent]) == _indent(lines[above]) and _opens_group(lines[parent])
    if first_of_group or _indent(line) in _siblings(lines, above):
        return Advice(above + 1, _field_of(lines, above),
                      f"this line is indented by {_spaces(_indent(lines[above]))}, unlike the fields around it "
                      f"({_spaces(_indent(line))}): line it up with them")
    return Advice(index + 1, _field_of(lines, index, _indent(lines[above])),
                  f"this line is indented by {_spaces(_indent(line))}, more than the field above it, "
                  f"so YAML reads it as part of that field's value: line it up with the fields it belongs with "
                  f"({_spaces(_indent(lines[above]))})")


def _at(lines: list[str], mark: yaml.Mark | None) -> tuple[int, str]:
    """The line index of a mark, kept within the text, and the character there ("" past the line's end)."""
    if mark is None:
        return 0, ""
    index = max(0, min(mark.line, len(lines) - 1))
    line = lines[index]
    return index, line[mark.column] if index == mark.line and mark.column < len(line) else ""


def advise(exc: yaml.MarkedYAMLError, text: str) -> Advice:
    """Plain advice for a YAML syntax error in `text`, followed by the reader's own words."""
    lines = text.split("\n")
    mark = exc.problem_mark or exc.context_mark
    index, character = _at(lines, mark)
    said = f" (the YAML reader said: {(exc.problem or '').strip() or (exc.context or '').strip()})"

    def advice(message: str, line_index: int = index) -> Advice:
        return Advice(line_index + 1, _field_of(lines, line_index), message + said)

    if "\t" in lines[index][: _indent(lines[index]) + 1] or character == "\t" or "tab" in (exc.problem or ""):
        return advice("this line is indented with a tab: indent it with spaces, lined up with the fields around it")
    found = _by_context(exc, lines, said, advice) or _by_problem(exc, lines, index, character, said, advice)
    return found or advice("the fields here cannot be read: check the quotes, colons and indentation of this line and the one above")


def _by_context(exc: yaml.MarkedYAMLError, lines: list[str], said: str, advice: Callable[..., Advice]) -> Advice | None:
    """Advice for a mistake the reader names by what it was reading: a quoted value, a [ or { value, a field name."""
    context = (exc.context or "").strip()
    if exc.context_mark is None:
        return None
    start, first = _at(lines, exc.context_mark)
    if "quoted scalar" in context:
        quote = first or '"'
        return advice(f"the quote ({quote}) that starts this value is never closed: "
                      f"end the value with {quote} on the same line", start)
    if "flow" in context:
        bracket = first if first in ("[", "{") else "[ or {"
        return advice(f"a value that starts with {bracket} is read as a YAML list or mapping, and this one is not closed: "
                      "put the whole value in quotes", start)
    if "simple key" in context:
        spaced = no_space(lines, (start,))
        if spaced is not None:
            return Advice(spaced.line, spaced.field, spaced.message + said)
        word = re.match(r"\s*([A-Za-z_][\w-]*)\s*$", lines[start])
        return Advice(start + 1, word.group(1) if word else "",
                      "this line has no colon after its field name: write it as name: value" + said)
    return None


def _by_problem(exc: yaml.MarkedYAMLError, lines: list[str], index: int, character: str, said: str,
                advice: Callable[..., Advice]) -> Advice | None:
    """Advice for a mistake the reader names by what it found: a character, a colon, or a line out of place."""
    problem = (exc.problem or "").strip()
    mark = exc.problem_mark or exc.context_mark
    column = mark.column if mark else 0
    if "cannot start any token" in problem and character in _STARTERS:
        return advice(f"a value cannot start with {_STARTERS[character]} in YAML: put the whole value in quotes")
    if "mapping values are not allowed" in problem:
        found = no_space(lines, (index, index - 1))
        if found is None and (message := _colon_in_value(lines, index, column)):
            return advice(message)
        found = found or _deeper(lines, index)
        if found is not None:
            return Advice(found.line, found.field, found.message + said)
        return advice(_indentation(lines, index) or "this line has a colon followed by a space where YAML does not expect a new field: "
                      "put the value in quotes, or line the field up with the others")
    if "expected key" in problem or "expected <block end>" in problem:
        return _out_of_place(lines, index, column, advice)
    return None


def _out_of_place(lines: list[str], index: int, column: int, advice: Callable[..., Advice]) -> Advice | None:
    """Advice for a line where the reader expected a new field."""
    here = lines[index]
    if here.lstrip(" ").startswith("- "):
        return advice("a list item (- …) stands where a field was expected: "
                      "indent it under the field whose list it belongs to, or remove the dash")
    named = _FIELD.match(here)
    if named and column > named.end():
        name, value = named.group(2), here[named.end():].strip()
        if value[:1] in "[{":
            return advice(f"a value that starts with {value[0]} is read as a YAML list or mapping: "
                          f"put the whole value in quotes, as in {name}: {_quoted(value)}")
        return advice(f"this value starts with a quote, so it must end with one, but more text follows the closing quote: "
                      f"put the whole value in quotes, as in {name}: {_quoted(value)}")
    message = _indentation(lines, index)
    return advice(message) if message else None
