"""The checks every YAML mapping passes before it is built: no aliases, repeated keys, merge keys, tags or deep nesting."""

from __future__ import annotations

from typing import Any

import yaml

from generator.model.problems import Problems

MAX_DEPTH = 20
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_IMPLICIT = {yaml.MappingNode: _MAP, yaml.SequenceNode: _SEQ}
MAX_DIGITS = 1000  # Python reads at most 4,300 digits into a number; no field needs a thousand
# What PyYAML 6.0.4 and later say of 1,000 levels of nesting, which they refuse themselves.
_TOO_DEEP = "exceeded maximum nesting depth"

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_Base):  # type: ignore[misc, valid-type]
    """The safe loader, with dates left as text (so one parser gives every date error) and explicit tags checked."""


# A date stays as written: with no implicit timestamps, the vacancy's own parser reads it and words its errors.
Loader.yaml_implicit_resolvers = {
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
    Loader.add_constructor(f"tag:yaml.org,2002:{_kind}", _strict(getattr(yaml.constructor.SafeConstructor, f"construct_yaml_{_kind}")))


Path = tuple[Any, ...]  # a field's keys from the top, e.g. ("salary", "min") or ("location", 0, "postcode")


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


def walk(node: yaml.Node, at: Path, offset: int, lines: dict[Path, int], raw: dict[Path, str], seen: set[int], path: str,
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
            ok = walk(value_node, at + (key,), offset, lines, raw, seen, path, problems, loader, depth + 1) and ok
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.setdefault(at + (index,), item.start_mark.line + offset)
            ok = walk(item, at + (index,), offset, lines, raw, seen, path, problems, loader, depth + 1) and ok
    return ok


def too_deep(exc: yaml.YAMLError) -> bool:
    return isinstance(exc, yaml.MarkedYAMLError) and _TOO_DEEP in str(exc.problem)


def screen(text: str, offset: int, path: str, problems: Problems) -> bool:
    """Refuse each alias at the line of its `*`, and nesting deep enough to overflow the composer."""
    ok = True
    frames: list[list[Any]] = []  # each open collection: [is a mapping, nodes read, name of the current item]
    try:
        for event in yaml.parse(text, Loader=Loader):
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
        if not too_deep(exc):
            raise
        # The library reads ahead of the events it gives, so it stops at its own limit before ours is seen.
        top = frames[0][2] if frames and frames[0][2] is not None else ""
        problems.error(path, exc.problem_mark.line + offset, str(top), f"fields are nested more than {MAX_DEPTH} levels deep")  # type: ignore[attr-defined]
        return False
    return ok
