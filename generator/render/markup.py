"""Advert text: Markdown to HTML, then sanitised with an allow-list, because it comes from outside."""

from __future__ import annotations

import re

import markdown
import nh3

from generator.model.characters import strip_controls

TAGS = {
    "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "ul", "ol", "li", "strong", "em", "b", "i",
    "a", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "code", "pre",
}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
SCHEMES = {"http", "https", "mailto"}
_HEADING = re.compile(r"<(/?)h([1-6])>")
# The allow-list while headings are still being demoted, built once rather than on every call.
_TAGS_WITH_H1 = TAGS | {"h1"}

# Stock Python-Markdown with the two extensions advert text needs: tables, and lists that start at their own number.
_converter = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
# The sanitiser, built once rather than from its options on every advert. Headings are still <h1> to <h6> here:
# the allow-list takes <h1>, and the advert's headings are demoted again after cleaning (see render_markdown).
_cleaner = nh3.Cleaner(
    tags=_TAGS_WITH_H1,
    attributes=ATTRIBUTES,
    url_schemes=SCHEMES,
    link_rel="nofollow noopener noreferrer",
    strip_comments=True,
)


def to_html(text: str) -> str:
    """Markdown to HTML, before sanitising."""
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
