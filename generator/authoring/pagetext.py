"""A web page's visible text, as lines that read like the advert copied from a browser: one block to a line."""

from __future__ import annotations

import re

from lxml import html

# What a reader never sees, or sees on every page of the site but not as part of the advert.
HIDDEN = {"script", "style", "noscript", "template", "nav", "head", "svg", "iframe", "object", "button", "select",
          "textarea", "form", "dialog", "title", "meta", "link"}
BLOCKS = {"p", "div", "section", "article", "main", "aside", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
          "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "caption", "blockquote", "pre", "address",
          "figure", "figcaption", "fieldset", "legend", "details", "summary", "body", "html", "center", "hr"}
CELLS = {"td", "th"}
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# Deep nesting is no advert's: the walk stops there rather than recurse without end.
MAX_DEPTH = 200


def parse_page(raw: bytes | str) -> html.HtmlElement:
    """The page's element tree, from a real HTML parser that never fetches or runs anything."""
    parser = html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=False)
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass  # not UTF-8: the parser reads the page's own <meta charset>, else Windows-1252's Latin-1 core
    if isinstance(raw, str):
        # An XHTML page's `<?xml … encoding=…?>` line names the bytes' encoding, which a decoded string no longer has.
        raw = XML_DECLARATION.sub("", raw, count=1)
    return html.document_fromstring(raw, parser=parser)


def main_part(root: html.HtmlElement) -> html.HtmlElement:
    """The advert's part of the page: its main part when it marks one (around it are the site's header, menus and footer)."""
    main = root.find(".//main")
    if main is None:
        main = next(iter(root.xpath(".//*[@role='main']")), None)
    if main is None:
        main = root.find(".//body")
    return main if main is not None else root


def heading(part: html.HtmlElement) -> html.HtmlElement | None:
    """The page's first top-level heading, which on an advert's page is the job title."""
    return next(iter(part.iter("h1")), None)


def visible_lines(part: html.HtmlElement, skip: html.HtmlElement | None = None) -> list[str]:
    """The text as the lines a browser would show, with list items as bullets and table rows as pipe rows."""
    lines = _Lines()
    _walk(part, lines, 0, skip)
    return _tidy(lines.done())


def fragment_lines(markup: str) -> list[str]:
    """The visible lines of a fragment of HTML, such as a feed's description."""
    if "<" not in markup:
        return [line.strip() for line in markup.splitlines()]
    return visible_lines(main_part(parse_page(f"<html><body>{markup}</body></html>")))


def _tidy(lines: list[str]) -> list[str]:
    """Spaces collapsed, and blank lines dropped: each block is a line of its own."""
    return [text for text in (" ".join(line.split()) for line in lines) if text]


class _Lines:
    """Lines being gathered: pieces of the current line are kept apart until it ends, so a long line costs no copying."""

    def __init__(self) -> None:
        self.ended: list[str] = []
        self.current: list[str] = []

    def add(self, text: str | None) -> None:
        """Text on the current line."""
        if text:
            self.current.append(text)

    def end(self) -> None:
        """End the current line, if it holds any text."""
        line = "".join(self.current)
        if line.strip():
            self.ended.append(line)
        self.current = []

    def whole(self, line: str) -> None:
        """A line of its own."""
        self.end()
        self.ended.append(line)

    def done(self) -> list[str]:
        """Every line."""
        self.end()
        return self.ended


def _unseen(element: html.HtmlElement, tag: str) -> bool:
    """Whether an element is none of the advert: hidden, or the site's cookie banner."""
    if tag in HIDDEN or not tag or element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    marks = f"{element.get('id', '')} {element.get('class', '')}".lower()
    return "cookie" in marks or "display:none" in (element.get("style") or "").replace(" ", "").lower()


def _walk(element: html.HtmlElement, lines: _Lines, depth: int, skip: html.HtmlElement | None) -> None:
    """Add an element's text to the lines, starting a new line at each block."""
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if depth > MAX_DEPTH or element is skip or _unseen(element, tag):
        return
    if tag in ("br", "hr", "tr"):
        lines.end()
        if tag != "br":
            lines.whole("---" if tag == "hr" else _row(element))
        return
    if tag in BLOCKS or tag == "li":
        lines.end()
    if tag == "li":
        lines.add("- ")
    lines.add(element.text)
    for child in element:
        _walk(child, lines, depth + 1, skip)
        lines.add(child.tail)
    if tag in BLOCKS or tag == "li":
        lines.end()


def _row(row: html.HtmlElement) -> str:
    """A table row as `| cell | cell |`, which the importer reads as a label and its value."""
    cells = [" ".join("".join(_texts(cell, 0)).split()).replace("|", "/")
             for cell in row if isinstance(cell.tag, str) and cell.tag.lower() in CELLS]
    return "| " + " | ".join(cells) + " |" if any(cells) else ""


def _texts(element: html.HtmlElement, depth: int) -> list[str]:
    """Every visible piece of text under an element, in order (a table cell's, kept on one line)."""
    found = [element.text or ""]
    for child in element:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if not _unseen(child, tag) and depth < MAX_DEPTH:
            space = " " if tag in BLOCKS or tag in ("br", "li") else ""  # blocks in a cell are apart, inline text is not
            found.extend([space, *_texts(child, depth + 1), space])
        found.append(child.tail or "")
    return found
