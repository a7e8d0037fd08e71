"""Split a vacancy file into YAML front matter and Markdown body, keeping line numbers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from generator.problems import Problems
from generator.yaml_advice import advise, no_space

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 20
SCREEN_SIZE = 5_000  # libyaml composes 10,000 levels of nesting safely, and crashes on far more
DELIMITER = "---"

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loader that leaves dates as text, so one parser gives every date error."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _strict(construct: Any) -> Any:
    """A stock constructor that reports a value its explicit tag does not allow (`!!int nope`) as a YAML error."""
    def checked(loader: Any, node: yaml.Node) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, KeyError, AttributeError, TypeError, OverflowError):
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is not a value its tag {node.tag} allows", node.start_mark) from None
    return checked


for _kind in ("bool", "int", "float", "timestamp"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_kind}", _strict(getattr(yaml.constructor.SafeConstructor, f"construct_yaml_{_kind}")))

Path = tuple[Any, ...]


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


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_IMPLICIT = {yaml.MappingNode: _MAP, yaml.SequenceNode: _SEQ}
MAX_DIGITS = 1000  # Python reads at most 4,300 digits into a number; no field needs a thousand


def _refused(node: yaml.Node, loader: Any) -> str | None:
    """Why a value may not stand as written (None if it may): an explicit tag, or a number too long to read."""
    if isinstance(node, yaml.ScalarNode):
        plain = not node.style  # None from the Python parser, "" from libyaml
        implicit = loader.resolve(yaml.ScalarNode, node.value, (plain, not plain))
        if node.tag != implicit:
            return ("YAML tags (such as !!str, !!binary or !!python/object) are not allowed: write a plain value, "
                    "and put it in quotes if it starts with !")
        digits = sum(c.isdigit() for c in node.value) if node.tag == "tag:yaml.org,2002:int" else 0
        if digits > MAX_DIGITS:
            return f"is a number {digits:,} digits long, far longer than any field needs: check it, or put it in quotes if it is text"
    elif node.tag != _IMPLICIT.get(type(node)):
        return "YAML tags (such as !!set or !!omap) are not allowed: write a plain list or plain fields"
    return None


def _walk(node: yaml.Node, at: Path, offset: int, lines: dict[Path, int], raw: dict[Path, str], seen: set[int], path: str,
          problems: Problems, loader: Any, depth: int = 0) -> bool:
    """Record the line and source text of every field, refusing aliases, repeated keys, merge keys, tags and deep nesting."""
    if isinstance(node, yaml.CollectionNode) and depth >= MAX_DEPTH:
        problems.error(path, node.start_mark.line + offset, str(at[0]) if at else "", f"fields are nested more than {MAX_DEPTH} levels deep")
        return False
    if id(node) in seen:
        line = lines.get(at, node.start_mark.line + offset)
        problems.error(path, line, ".".join(map(str, at)), "YAML anchors and aliases (& and *) are not allowed")
        return False
    seen.add(id(node))
    ok = True
    refused = _refused(node, loader)
    if refused:
        problems.error(path, node.start_mark.line + offset, ".".join(map(str, at)), refused)
        return False
    if isinstance(node, yaml.ScalarNode):
        raw[at] = node.value
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            line = key_node.start_mark.line + offset
            if key is None or not isinstance(key, str):
                problems.error(path, line, ".".join(map(str, at)), "a field name must be plain text")
                ok = False
                continue
            if key_node.tag == _MERGE:
                problems.error(path, line, ".".join(map(str, at)), "YAML merge keys (<<) are not allowed: write each field out in full")
                ok = False
                continue
            if at + (key,) in lines:
                first = lines[at + (key,)]
                problems.error(path, line, ".".join(map(str, at + (key,))), f"given twice (first on line {first}); keep one")
                ok = False
            lines.setdefault(at + (key,), line)
            ok = _walk(value_node, at + (key,), offset, lines, raw, seen, path, problems, loader, depth + 1) and ok
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.setdefault(at + (index,), item.start_mark.line + offset)
            ok = _walk(item, at + (index,), offset, lines, raw, seen, path, problems, loader, depth + 1) and ok
    return ok


# What PyYAML 6.0.4 and later say of 1,000 levels of nesting, which they refuse themselves.
_TOO_DEEP = "exceeded maximum nesting depth"


def _too_deep(exc: yaml.YAMLError) -> bool:
    return isinstance(exc, yaml.MarkedYAMLError) and _TOO_DEEP in str(exc.problem)


def _screen(text: str, offset: int, path: str, problems: Problems) -> bool:
    """Refuse each alias at the line of its `*`, and nesting deep enough to overflow the composer."""
    ok = True
    frames: list[list[Any]] = []  # each open collection: [is a mapping, nodes read, name of the current item]
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionEndEvent):
                frames.pop()
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            at = [frame[2] for frame in frames]
            if frames:
                top = frames[-1]
                is_key = top[0] and top[1] % 2 == 0
                if is_key:
                    at.pop()
                    top[2] = event.value if isinstance(event, yaml.ScalarEvent) else "?"
                elif not top[0]:
                    top[2] = at[-1] = top[1]
                top[1] += 1
            line = event.start_mark.line + offset
            if isinstance(event, yaml.AliasEvent):
                problems.error(path, line, ".".join(map(str, at)), "YAML anchors and aliases (& and *) are not allowed")
                ok = False
            elif isinstance(event, yaml.CollectionStartEvent):
                frames.append([isinstance(event, yaml.MappingStartEvent), 0, None])
                if len(frames) > MAX_DEPTH:
                    problems.error(path, line, str(at[0]) if at else "", f"fields are nested more than {MAX_DEPTH} levels deep")
                    return False
    except yaml.YAMLError as exc:
        if not _too_deep(exc):
            raise
        # The library reads ahead of the events it gives, so it stops at its own limit before ours is seen.
        top = frames[0][2] if frames and frames[0][2] is not None else ""
        problems.error(path, exc.problem_mark.line + offset, str(top), f"fields are nested more than {MAX_DEPTH} levels deep")  # type: ignore[attr-defined]
        return False
    return ok


def _value(node: yaml.Node, loader: Any) -> Any:
    """A node's value: plain text, mappings and lists built here, anything else by the stock constructor.

    A merge key (`<<`) or a `=` key has no constructor of its own: it raises, and the caller leaves the document to the
    stock constructor, which rewrites such keys first.
    """
    tag = node.tag
    if tag == _STR and isinstance(node, yaml.ScalarNode):
        return node.value
    if tag == _MAP and isinstance(node, yaml.MappingNode):
        return {key.value if key.tag == _STR and isinstance(key, yaml.ScalarNode) else loader.construct_object(key, deep=True):
                _value(value, loader) for key, value in node.value}
    if tag == _SEQ and isinstance(node, yaml.SequenceNode):
        return [_value(item, loader) for item in node.value]
    return loader.construct_object(node, deep=True)


def _construct(node: yaml.Node, loader: Any, text: str) -> Any:
    """The value the stock constructor gives the document, in a seventh of its time for plain text, maps and lists."""
    try:
        return _value(node, loader)
    except Exception:  # noqa: BLE001  (whatever it is, the stock constructor says what it says)
        pass
    # The stock constructor meets a document's mistakes in its own order: let it report the first, from a fresh start.
    fresh = _Loader(text)
    try:
        return fresh.construct_document(fresh.get_single_node())
    finally:
        fresh.dispose()


def read_mapping(text: str, offset: int, path: str, problems: Problems, what: str) -> tuple[dict[str, Any], dict[Path, int], dict[Path, str]] | None:
    """Parse YAML text that must be one mapping; `offset` is the file line of its first line."""
    loader = _Loader(text)
    lines: dict[Path, int] = {}
    raw: dict[Path, str] = {}
    try:
        # The event screen costs a second parse: needed only where an alias (*) may be, or where text is long
        # enough to nest deep enough to overflow libyaml's composer; _walk refuses lesser nesting.
        if ("*" in text or len(text) >= SCREEN_SIZE) and not _screen(text, offset, path, problems):
            return None
        try:
            node = loader.get_single_node()
        except yaml.YAMLError as exc:
            if _too_deep(exc) and not _screen(text, offset, path, problems):
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
        if not _walk(node, (), offset, lines, raw, set(), path, problems, loader):
            return None
        return _construct(node, loader, text), lines, raw
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + offset if mark else offset
        reason = (exc.problem or "").strip()
        if "tag" in reason:
            reason = ("YAML tags such as !!python/object are not allowed: write a plain value, "
                      "and put it in quotes if it starts with !")
        # A tag is refused only once every field has its line, so name the field it is on.
        field = next((".".join(map(str, key)) for key, at in lines.items() if at == line), "")
        problems.error(path, line, field, f"YAML syntax error: {reason}")
    except yaml.MarkedYAMLError as exc:
        advice = advise(exc, text)
        problems.error(path, advice.line - 1 + offset, advice.field, advice.message)
    except yaml.reader.ReaderError as exc:
        # libyaml gives the position in bytes, so find the character itself to count lines.
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        line = text[: max(text.find(chr(code)), 0)].count("\n") + offset
        problems.error(path, line, "", f"YAML syntax error: {exc.reason} (U+{code:04X}); remove it")
    except yaml.YAMLError as exc:
        problems.error(path, offset, "", f"YAML syntax error: {exc}")
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
