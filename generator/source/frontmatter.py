"""Split a vacancy file into YAML front matter and Markdown body, keeping line numbers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from generator.model.problems import Problems
from generator.source.yaml_advice import advise, no_space
from generator.source.yamlcheck import Loader, Path, screen, too_deep, walk

MAX_FILE_BYTES = 2 * 1024 * 1024

SCREEN_SIZE = 5_000  # libyaml composes 10,000 levels of nesting safely, and crashes on far more
DELIMITER = "---"

@dataclass(frozen=True)
class Document:
    """A parsed file: its fields, the line of each field, and its body."""

    data: dict[str, Any]
    lines: dict[Path, int]
    raw: dict[Path, str]
    body: str
    body_line: int

    def line(self, *path: Any) -> int:
        """The line of a field, or of its nearest enclosing field."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1


def decode(raw: bytes, path: str, problems: Problems) -> str | None:
    """Text of a file as UTF-8, with a BOM dropped and line endings made \\n."""
    if len(raw) > MAX_FILE_BYTES:
        size = len(raw) / (1024 * 1024)
        problems.error(path, 1, "", f"file is {size:.1f} MB; a vacancy file may be at most {MAX_FILE_BYTES // (1024 * 1024)} MB")
        return None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.error(path, 1, "", "the file is saved as UTF-16 (Windows calls it \"Unicode\"); save it as UTF-8")
        return None
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        problems.error(path, line, "", "this is not a text file (it contains binary data); save the advert as UTF-8 text")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(path, line, "", f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8")
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def split(text: str, path: str, problems: Problems) -> tuple[str, int, str, int] | None:
    """The front matter text, its first line, the body and its first line."""
    lines = text.split("\n")
    if not text.strip():
        problems.error(path, 1, "", "the file is empty; it needs front matter between two `---` lines, then the advert text")
        return None
    if lines[0].rstrip() != DELIMITER:
        problems.error(path, 1, "", "no front matter: the file must start with a line `---`, then the fields, then another `---`")
        return None
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in (DELIMITER, "..."):
            front = "\n".join(lines[1:index])
            return front, 2, "\n".join(lines[index + 1 :]), index + 2
    problems.error(path, 1, "", "front matter is not closed: add a line `---` after the last field")
    return None


def _document(loader: Any, text: str, offset: int, path: str, problems: Problems, what: str) -> yaml.MappingNode | None:
    """The text's one mapping, composed; None (and a problem) if the text holds anything else."""
    # The event screen costs a second parse: needed only where an alias (*) may be, or where text is long
    # enough to nest deep enough to overflow libyaml's composer; _walk refuses lesser nesting.
    if ("*" in text or len(text) >= SCREEN_SIZE) and not screen(text, offset, path, problems):
        return None
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        if too_deep(exc) and not screen(text, offset, path, problems):
            return None
        raise
    if node is None:
        problems.error(path, offset, "", f"{what} is empty")
        return None
    if not isinstance(node, yaml.MappingNode):
        spaced = no_space(text.split("\n"), range(node.start_mark.line, node.end_mark.line + 1))
        if isinstance(node, yaml.ScalarNode) and spaced is not None:
            problems.error(path, spaced.line - 1 + offset, spaced.field, spaced.message)
        else:
            problems.error(path, node.start_mark.line + offset, "", f"{what} must be fields like `title: …`, not a list or a single value")
        return None
    return node


def _report(exc: yaml.YAMLError, text: str, offset: int, path: str, problems: Problems, lines: dict[Path, int]) -> None:
    """A YAML error in an editor's words, at its line."""
    if isinstance(exc, yaml.constructor.ConstructorError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + offset if mark else offset
        reason = (exc.problem or "").strip()
        if "tag" in reason:
            reason = ("YAML tags such as !!python/object are not allowed: write a plain value, "
                      "and put it in quotes if it starts with !")
        # A tag is refused only once every field has its line, so name the field it is on.
        field = next((".".join(map(str, key)) for key, at in lines.items() if at == line), "")
        problems.error(path, line, field, f"YAML syntax error: {reason}")
    elif isinstance(exc, yaml.MarkedYAMLError):
        advice = advise(exc, text)
        problems.error(path, advice.line - 1 + offset, advice.field, advice.message)
    elif isinstance(exc, yaml.reader.ReaderError):
        # libyaml gives the position in bytes, so find the character itself to count lines.
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        line = text[: max(text.find(chr(code)), 0)].count("\n") + offset
        problems.error(path, line, "", f"YAML syntax error: {exc.reason} (U+{code:04X}); remove it")
    else:
        problems.error(path, offset, "", f"YAML syntax error: {exc}")


def read_mapping(text: str, offset: int, path: str, problems: Problems, what: str) -> tuple[dict[str, Any], dict[Path, int], dict[Path, str]] | None:
    """Parse YAML text that must be one mapping; `offset` is the file line of its first line."""
    loader = Loader(text)
    lines: dict[Path, int] = {}
    raw: dict[Path, str] = {}
    try:
        node = _document(loader, text, offset, path, problems, what)
        if node is None or not walk(node, (), offset, lines, raw, set(), path, problems, loader):
            return None
        # The stock constructor, once every field has passed the checks above.
        return loader.construct_document(node), lines, raw
    except yaml.YAMLError as exc:
        _report(exc, text, offset, path, problems, lines)
    finally:
        loader.dispose()
    return None


def _parts(raw: bytes, path: str, problems: Problems) -> tuple[str, int, str, int] | None:
    """A file's bytes decoded and split into front matter and body, as `split` gives them."""
    text = decode(raw, path, problems)
    return split(text, path, problems) if text is not None else None


def body_of(raw: bytes) -> str | None:
    """The body of a file's bytes, exactly as `parse` gives it, or None if it has no front matter."""
    parts = _parts(raw, "", Problems())
    return parts[2] if parts is not None else None


def parse(raw: bytes, path: str, problems: Problems) -> Document | None:
    """Parse a vacancy file; on any mistake, record it and return None."""
    parts = _parts(raw, path, problems)
    if parts is None:
        return None
    front, first_line, body, body_line = parts
    mapping = read_mapping(front, first_line, path, problems, "the front matter")
    if mapping is None:
        return None
    return Document(mapping[0], mapping[1], mapping[2], body, body_line)
