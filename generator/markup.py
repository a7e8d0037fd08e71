"""Advert text: Markdown to HTML, then sanitised with an allow-list, because it comes from outside."""

from __future__ import annotations

import ast
import html.parser
import inspect
import re
import textwrap
from collections.abc import Iterable
from xml.etree import ElementTree as etree

import markdown
import nh3
from markdown import blockprocessors, inlinepatterns, preprocessors, treeprocessors, util
from markdown.blockparser import BlockParser
from markdown.extensions import tables
from markdown.util import Registry

TAGS = {
    "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "ul", "ol", "li", "strong", "em", "b", "i",
    "a", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "code", "pre",
}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
SCHEMES = {"http", "https", "mailto"}
# Control characters, and the characters XML 1.0 cannot hold at all (U+FFFE, U+FFFF, lone surrogates): any of them
# in a field would make every feed listing the advert unreadable.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
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


# What each stock block processor's test() needs of a block before it can succeed, checked by hand against
# Python-Markdown 3.11.3's blockprocessors.py and extensions/tables.py (the sane_lists processors inherit their
# test and RE from the stock lists'). A block can pass only if its first character is one of `heads` ("0" stands
# for any decimal digit, which is what the regexes' \d matches) or it contains one of `subs`. Each is keyed by
# the processor's name, the class whose own methods were read (the instance must still use them: a subclass that
# overrides one is always tested) and the exact regexes (pattern and flags) those methods use.
_M = re.MULTILINE | re.UNICODE
_U = re.UNICODE


class _BlockCheck:
    """What one stock block processor was checked against, and what its test needs of a block."""

    def __init__(
        self, cls: type, methods: tuple[str, ...], regexes: dict[str, tuple[str, int]], heads: str, subs: tuple[str, ...]
    ) -> None:
        self.cls, self.methods, self.regexes = cls, methods, regexes
        self.heads, self.subs = frozenset(heads), subs


_BLOCK_CHECKS: dict[str, _BlockCheck] = {
    # block.startswith(" " * tab_length), and a list around: needs a leading space.
    "indent": _BlockCheck(blockprocessors.ListIndentProcessor, ("test",), {}, " ", ()),
    # block.startswith(" " * tab_length).
    "code": _BlockCheck(blockprocessors.CodeBlockProcessor, ("test",), {}, " ", ()),
    # The header row must split into two or more cells, or have a border: either way it holds a "|".
    "table": _BlockCheck(
        tables.TableProcessor,
        ("test", "_split_row", "_split"),
        {"RE_CODE_PIPES": (r"(?:(\\\\)|(\\`+)|(`+)|(\\\|)|(\|))", _U), "RE_END_BORDER": (r"(?<!\\)(?:\\\\)*\|$", _U)},
        "",
        ("|",),
    ),
    # A "#" at the start of the block or of a line ("^" without MULTILINE is the block's start).
    "hashheader": _BlockCheck(
        blockprocessors.HashHeaderProcessor,
        ("test",),
        {"RE": (r"(?:^|\n)(?P<level>#{1,6})(?P<header>(?:\\.|[^\\#]|#+(?=[^#\n]))*?)#*(?:\n|$)", _U)},
        "#",
        ("\n#",),
    ),
    # re.match: the first line ("." stops at a newline), then a line starting with "=" or "-".
    "setextheader": _BlockCheck(
        blockprocessors.SetextHeaderProcessor, ("test",), {"RE": (r"^.*?\n(?:=+|-+)[ ]*(\n|$)", _M)}, "", ("\n=", "\n-")
    ),
    # Some line (MULTILINE) starting with up to three spaces and then "-", "_" or "*".
    "hr": _BlockCheck(
        blockprocessors.HRProcessor,
        ("test",),
        {"SEARCH_RE": (
            r"^[ ]{0,3}(?=(?P<atomicgroup>(-+[ ]{0,2}){3,}|(_+[ ]{0,2}){3,}|(\*+[ ]{0,2}){3,}))(?P=atomicgroup)[ ]*$", _M
        )},
        " -_*",
        ("\n ", "\n-", "\n_", "\n*"),
    ),
    # re.match at the block's start: up to three spaces, then a decimal digit.
    "olist": _BlockCheck(blockprocessors.OListProcessor, ("test",), {"RE": (r"^[ ]{0,3}\d+\.[ ]+(.*)", _U)}, " 0", ()),
    # re.match at the block's start: up to three spaces, then "*", "+" or "-".
    "ulist": _BlockCheck(blockprocessors.OListProcessor, ("test",), {"RE": (r"^[ ]{0,3}[*+-][ ]+(.*)", _U)}, " *+-", ()),
    "quote": _BlockCheck(blockprocessors.BlockQuoteProcessor, ("test",), {"RE": (r"(^|\n)[ ]{0,3}>[ ]?(.*)", _U)}, "", (">",)),
    # test() always passes; run() declines (putting the block back as it was) unless RE finds "]:" somewhere.
    "reference": _BlockCheck(
        blockprocessors.ReferenceProcessor,
        ("test", "run"),
        {"RE": (
            (r"^[ ]{0,3}\[([^\[\]]*)\]:[ ]*(?:\n[ ]*)?([^\s]+)[ ]*(?:\n[ ]*)?"
             r'((["\'])(.*)\4[ ]*|\((.*)\)[ ]*)?$'),
            _M,
        )},
        "",
        ("]:",),
    ),
}
# BlockParser.parseBlocks as read in 3.11.3: the filtered parser replaces it, so only while it is unchanged.
_STOCK_PARSE_BLOCKS = """while blocks:
    for processor in self.blockprocessors:
        if processor.test(parent, blocks[0]):
            if processor.run(parent, blocks) is not False:
                break"""


# NormalizeWhitespace.run as read in 3.11.3: _QuickNormalize repeats it, so only while it is unchanged.
_STOCK_NORMALIZE = r"""source = '\n'.join(lines)
source = source.replace(util.STX, '').replace(util.ETX, '')
source = source.replace('\r\n', '\n').replace('\r', '\n') + '\n\n'
source = source.expandtabs(self.md.tab_length)
source = re.sub('(?<=\\n) +\\n', '\n', source)
return source.split('\n')"""


def _is_stock(function: object, expected: str) -> bool:
    """Whether an installed function is, statement for statement, the one read."""
    try:
        parsed = ast.parse(textwrap.dedent(inspect.getsource(function))).body[0]  # type: ignore[arg-type]
    except (OSError, TypeError, SyntaxError, IndexError):
        return False
    if not isinstance(parsed, ast.FunctionDef):
        return False
    body = parsed.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    return ast.unparse(body) == expected


def _is_stock_parse_blocks() -> bool:
    """Whether the installed BlockParser.parseBlocks is, statement for statement, the one read."""
    return _is_stock(BlockParser.parseBlocks, _STOCK_PARSE_BLOCKS)


def _block_needs(processor: object, name: str | None) -> _BlockCheck | None:
    """What the processor's test needs of a block, or None if it must always be tried."""
    check = _BLOCK_CHECKS.get(name) if name is not None else None
    if check is None or not isinstance(processor, check.cls) or getattr(processor, "tab_length", 0) < 1:
        return None
    if any(getattr(type(processor), method) is not getattr(check.cls, method) for method in check.methods):
        return None
    for attribute, (pattern, flags) in check.regexes.items():
        regex = getattr(processor, attribute, None)
        if not isinstance(regex, re.Pattern) or regex.pattern != pattern or regex.flags != flags:
            return None
    return check


class _FilteredBlockParser(BlockParser):
    """The stock block parser, testing on each block only the processors whose test could pass on it."""

    _processors: list[blockprocessors.BlockProcessor] | None = None
    _needs: list[_BlockCheck | None] | None = None

    def parseDocument(self, lines: Iterable[str]) -> etree.ElementTree:  # noqa: N802
        """Read the list of processors for each document, as an extension may change it, then parse as stock."""
        self._refresh()
        return super().parseDocument(lines)

    def _refresh(self) -> None:
        """The processors in priority order, what each needs, and (when that changed) no orders yet."""
        registry = self.blockprocessors
        processors = list(registry)
        if processors != self._processors:
            # A processor (an object: the list compares them by identity) is read when it first shows in the list.
            self._processors = processors
            names = {id(registry[name]): name for name in _BLOCK_CHECKS if name in registry}
            needs = [_block_needs(processor, names.get(id(processor))) for processor in processors]
            self._needs = needs
            checks = [need for need in needs if need is not None]
            self._heads = frozenset().union(*(need.heads for need in checks))
            self._subs = tuple(sorted({sub for need in checks for sub in need.subs}))
            self._orders: dict[tuple[str | bool, ...], tuple[int, ...]] = {}

    def _order(self, block: str) -> tuple[int, ...]:
        """Indices, in priority order, of the processors whose test could pass on block."""
        head = block[:1]
        if head not in self._heads:
            head = "0" if head.isdecimal() else ""
        key = (head, *map(block.__contains__, self._subs))
        order = self._orders.get(key)
        if order is None:
            found = {sub for sub, here in zip(self._subs, key[1:]) if here}
            order = tuple(
                index for index, need in enumerate(self._needs)
                if need is None or head in need.heads or not found.isdisjoint(need.subs)
            )
            self._orders[key] = order
        return order

    def parseBlocks(self, parent: etree.Element, blocks: list[str]) -> None:  # noqa: N802
        """Stock parseBlocks, skipping the processors whose test cannot pass on the block."""
        if self._processors is None:
            self._refresh()
        processors = self._processors
        while blocks:
            block = blocks[0]
            for index in self._order(block):
                processor = processors[index]
                if processor.test(parent, block) and processor.run(parent, blocks) is not False:
                    break
                if not blocks or blocks[0] is not block:
                    # A processor changed the blocks without taking one: as stock, the later ones test what is first now.
                    for processor in processors[index + 1:]:
                        if processor.test(parent, blocks[0]) and processor.run(parent, blocks) is not False:
                            break
                    break


class _TriggeredInlineProcessor(treeprocessors.InlineProcessor):
    """The stock inline processor, trying on each text only the patterns whose trigger it contains."""

    _patterns: list[inlinepatterns.Pattern] | None = None
    _needs: list[tuple[str, ...] | None] | None = None

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        """Read the list of patterns for each document, as an extension may change it, then run as stock."""
        patterns = list(self.inlinePatterns)
        if patterns != self._patterns:
            # A pattern (an object: the list compares them by identity) is read when it first shows in the list.
            self._patterns = patterns
            needs = _all_needs(self.inlinePatterns)
            # Plans are only valid for the patterns they were made for.
            self._needs = needs
            self._triggers = tuple(sorted({t for need in needs if need for t in need}))
            self._plans: dict[tuple[bool, ...], tuple[int, ...]] = {}
        return super().run(tree, ancestors)

    def _plan(self, data: str) -> tuple[int, ...]:
        """Indices, in priority order, of the patterns that could match somewhere in data."""
        present = tuple(map(data.__contains__, self._triggers))
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


class _QuickNormalize(preprocessors.NormalizeWhitespace):
    """The stock whitespace normaliser, not searching for lines of spaces in text with no space before a newline."""

    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        source = source.replace(util.STX, "").replace(util.ETX, "")
        source = source.replace("\r\n", "\n").replace("\r", "\n") + "\n\n"
        source = source.expandtabs(self.md.tab_length)
        if " \n" in source:  # the regex needs a space just before a newline, and searching for it is slow
            source = re.sub(r"(?<=\n) +\n", "\n", source)
        return source.split("\n")


class _QuickHtmlBlocks(preprocessors.HtmlBlockPreprocessor):
    """The stock raw-HTML preprocessor, skipped on text with no "<" and no "&".

    The standard library's HTML parser stops only at those two characters (its `interesting_normal`); without them
    it hands the whole text to the extractor's handle_data, which keeps it as it was.
    """

    def run(self, lines: list[str]) -> list[str]:
        if not any("<" in line or "&" in line for line in lines):
            return lines
        return super().run(lines)


class _QuickUnescape(treeprocessors.UnescapeTreeprocessor):
    """The stock unescaper, skipped when the source has no backslash: only a backslash escape makes what it undoes."""

    def run(self, root: etree.Element) -> None:
        if getattr(self.md, "escapes", True):
            super().run(root)


class _Converter(markdown.Markdown):
    """Stock Markdown, answering is_block_level (asked about nearly every element) from a set, not the list."""

    _block_level: frozenset[str] = frozenset()
    escapes = True  # whether the document being converted has a backslash

    def convert(self, source: str) -> str:
        """Stock convert, with a set of the block-level elements as they are for this document."""
        self._block_level = frozenset(self.block_level_elements)
        self.escapes = "\\" in source
        return super().convert(source)

    def is_block_level(self, tag: object) -> bool:
        """Stock is_block_level: whether tag, lowered and without a trailing "/", is a block-level element."""
        if isinstance(tag, str):
            return tag.lower().rstrip("/") in self._block_level
        return False


def _is_stock_html_parser() -> bool:
    """Whether the HTML parser stops only at "<" and "&", as _QuickHtmlBlocks relies on."""
    pattern = getattr(html.parser, "interesting_normal", None)
    return isinstance(pattern, re.Pattern) and pattern.pattern == "[&<]"


def _only_escapes_make_placeholders() -> bool:
    """Whether the unescaper's placeholders (STX, digits, ETX) come only from the two backslash patterns, as read in 3.11.3."""
    return (
        treeprocessors.UnescapeTreeprocessor.RE.pattern == r"{}(\d+){}".format(util.STX, util.ETX)
        and inlinepatterns.ESCAPE_RE == r"\\(.)"
    )


def _build_converter() -> markdown.Markdown:
    """The advert converter: stock Python-Markdown, with the faster inline processor when it is safe."""
    converter = _Converter(extensions=["tables", "sane_lists"], output_format="html")
    if _FAST:
        converter.treeprocessors.register(_TriggeredInlineProcessor(converter), "inline", 20)
    normalize = converter.preprocessors["normalize_whitespace"]
    if type(normalize) is preprocessors.NormalizeWhitespace and _is_stock(preprocessors.NormalizeWhitespace.run, _STOCK_NORMALIZE):
        converter.preprocessors.register(_QuickNormalize(converter), "normalize_whitespace", 30)
    if type(converter.preprocessors["html_block"]) is preprocessors.HtmlBlockPreprocessor and _is_stock_html_parser():
        converter.preprocessors.register(_QuickHtmlBlocks(converter), "html_block", 20)
    if type(converter.treeprocessors["unescape"]) is treeprocessors.UnescapeTreeprocessor and _only_escapes_make_placeholders():
        converter.treeprocessors.register(_QuickUnescape(converter), "unescape", 0)
    if type(converter.parser) is BlockParser and _is_stock_parse_blocks():
        # The processors hold this very parser (and call its parseBlocks for nested blocks), so it changes class.
        converter.parser.__class__ = _FilteredBlockParser
    return converter


_converter = _build_converter()
# The sanitiser, built once rather than from its options on every advert. Headings are still <h1> to <h6> here:
# the allow-list takes <h1>, and the advert's headings are demoted again after cleaning (see render_markdown).
_cleaner = nh3.Cleaner(
    tags=_TAGS_WITH_H1,
    attributes=ATTRIBUTES,
    url_schemes=SCHEMES,
    link_rel="nofollow noopener noreferrer",
    strip_comments=True,
)


def has_controls(text: str) -> bool:
    """Whether text has a control character (NUL included), which HTML and XML cannot hold."""
    return _CONTROL.search(text) is not None


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
    return _demote(_cleaner.clean(_demote(html))).strip()
