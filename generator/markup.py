"""Advert text: Markdown to HTML, then sanitised with an allow-list, because it comes from outside."""

from __future__ import annotations

import re
from xml.etree import ElementTree as etree

import markdown
import nh3
from markdown import inlinepatterns, treeprocessors, util
from markdown.util import Registry

TAGS = {
    "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "ul", "ol", "li", "strong", "em", "b", "i",
    "a", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "code", "pre",
}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
SCHEMES = {"http", "https", "mailto"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_HEADING = re.compile(r"<(/?)h([1-6])>")
# The allow-list while headings are still being demoted, built once rather than on every call.
_TAGS_WITH_H1 = TAGS | {"h1"}

# Substrings without which a stock inline pattern's regex cannot match (any one of them must occur in the
# text), checked by hand against Python-Markdown 3.11.3's inlinepatterns.py. Each is keyed by the pattern's
# name and the exact regex it was checked against, so a pattern that an extension swaps in, or that a release
# rewrites, is always tried rather than skipped on a stale reading.
_TRIGGERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "backtick": (r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)", ("`",)),  # both branches need a backtick
    "escape": (r"\\(.)", ("\\",)),
    "reference": (r"(?<!\!)\[", ("[",)),
    "link": (r"(?<!\!)\[", ("[",)),
    "image_link": (r"\!\[", ("![",)),
    "image_reference": (r"\!\[", ("![",)),
    "short_reference": (r"(?<!\!)\[", ("[",)),
    "short_image_ref": (r"\!\[", ("![",)),
    "autolink": (r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>", ("<",)),
    "automail": (r"<([^<> !]+@[^@<> ]+)>", ("<",)),
    "linebreak": (r"  \n", ("  \n",)),
    "html": (
        (r"""(<(\/?+[a-zA-Z][^\s"'<>@]*+(?:\s+[^\s"'=<>]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s"'=<>]++))?+)*+\s*+/?|"""
        r"!--(?:(?!<!--|-->).)*--|[?](?:(?!<[?]|[?]>).)*[?]|!\[CDATA\[(?:(?!<!\[CDATA\[|\]\]>).)*\]\])>)"),
        ("<",),
    ),
    "entity": (r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)", ("&",)),
}
# The flags InlineProcessor compiles with: another set (re.VERBOSE, say) could change what a regex needs.
_FLAGS = re.compile("", re.DOTALL | re.UNICODE).flags
# Emphasis from Python-Markdown 3.11 on: one processor for both "*" and "_" (older releases have none).
_DELIMITER = getattr(inlinepatterns, "DelimiterProcessor", None)
# The private methods the fast processor overrides and calls: without them it must not be used.
_FAST = all(
    hasattr(treeprocessors.InlineProcessor, name)
    for name in ("_InlineProcessor__handleInline", "_InlineProcessor__applyPattern")
)


def _pattern_needs(pattern: object, name: str | None) -> tuple[str, ...] | None:
    """The substrings one of which the pattern needs to match, or None if it must always be tried."""
    if not isinstance(pattern, inlinepatterns.InlineProcessor):
        return None
    regex = pattern.getCompiledRegExp()
    if regex.flags != _FLAGS:
        return None
    if _DELIMITER is not None and isinstance(pattern, _DELIMITER):
        # Emphasis: its regex is exactly the alternation of its delimiter tokens ("*" and "_").
        tokens = tuple(pattern.tokens)
        return tokens if tokens and regex.pattern == "|".join(re.escape(t) for t in tokens) else None
    checked = _TRIGGERS.get(name) if name is not None else None
    return checked[1] if checked is not None and regex.pattern == checked[0] else None


def _all_needs(patterns: Registry) -> list[tuple[str, ...] | None]:
    """What each pattern needs, in priority order, found by name through the registry's public API."""
    names = {id(patterns[name]): name for name in _TRIGGERS if name in patterns}
    return [_pattern_needs(pattern, names.get(id(pattern))) for pattern in patterns]


class _TriggeredInlineProcessor(treeprocessors.InlineProcessor):
    """The stock inline processor, trying on each text only the patterns whose trigger it contains."""

    _needs: list[tuple[str, ...] | None] | None = None

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        """Read the patterns afresh for each document, as an extension may change them, then run as stock."""
        self._patterns = list(self.inlinePatterns)
        needs = _all_needs(self.inlinePatterns)
        if needs != self._needs:
            # Plans are only valid for the patterns they were made for.
            self._needs = needs
            self._triggers = tuple(sorted({t for need in needs if need for t in need}))
            self._plans: dict[tuple[bool, ...], tuple[int, ...]] = {}
        return super().run(tree, ancestors)

    def _plan(self, data: str) -> tuple[int, ...]:
        """Indices, in priority order, of the patterns that could match somewhere in data."""
        present = tuple(t in data for t in self._triggers)
        plan = self._plans.get(present)
        if plan is None:
            found = {t for t, here in zip(self._triggers, present) if here}
            plan = tuple(i for i, need in enumerate(self._needs) if need is None or not found.isdisjoint(need))
            self._plans[present] = plan
        return plan

    # The name-mangled name stock InlineProcessor calls, recursively too, so this replaces it throughout.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        """Stock __handleInline without the patterns that cannot match: placeholders hold no trigger."""
        if isinstance(data, util.AtomicString):
            return data
        apply = self._InlineProcessor__applyPattern
        for index in self._plan(data):
            if index < patternIndex:
                continue
            # As stock: after a match, retry the same pattern from where it left off; else move on from 0.
            matched, start = True, 0
            while matched:
                data, matched, start = apply(self._patterns[index], data, index, start)
        return data


def _build_converter() -> markdown.Markdown:
    """The advert converter: stock Python-Markdown, with the faster inline processor when it is safe."""
    converter = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
    if _FAST:
        converter.treeprocessors.register(_TriggeredInlineProcessor(converter), "inline", 20)
    return converter


_converter = _build_converter()


def strip_controls(text: str) -> str:
    """Text without control characters, which are invalid in HTML and XML."""
    return _CONTROL.sub("", text)


def to_html(text: str) -> str:
    """Markdown to HTML, before sanitising: exactly what stock Python-Markdown makes of it."""
    _converter.reset()
    return _converter.convert(text)


def _demote(html: str) -> str:
    """Shift headings down so the advert's own start at <h2>: the page title is the only <h1>."""
    if "<h1>" not in html:
        return html
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}>", html)


def render_markdown(text: str) -> str:
    """Safe HTML for an advert body written in Markdown."""
    html = to_html(strip_controls(text))
    clean = nh3.clean(
        _demote(html),
        tags=_TAGS_WITH_H1,
        attributes=ATTRIBUTES,
        url_schemes=SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
    return _demote(clean).strip()
