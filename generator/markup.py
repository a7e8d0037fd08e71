"""Advert text: Markdown to HTML, then sanitised with an allow-list, because it comes from outside."""

from __future__ import annotations

import re

import markdown
import nh3

TAGS = {
    "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "ul", "ol", "li", "strong", "em", "b", "i",
    "a", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "code", "pre",
}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
SCHEMES = {"http", "https", "mailto"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_HEADING = re.compile(r"<(/?)h([1-6])>")

_converter = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")


def strip_controls(text: str) -> str:
    """Text without control characters, which are invalid in HTML and XML."""
    return _CONTROL.sub("", text)


def _demote(html: str) -> str:
    """Shift headings down so the advert's own start at <h2>: the page title is the only <h1>."""
    if "<h1>" not in html:
        return html
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}>", html)


def render_markdown(text: str) -> str:
    """Safe HTML for an advert body written in Markdown."""
    _converter.reset()
    html = _converter.convert(strip_controls(text))
    clean = nh3.clean(
        _demote(html),
        tags=TAGS | {"h1"},
        attributes=ATTRIBUTES,
        url_schemes=SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
    return _demote(clean).strip()
