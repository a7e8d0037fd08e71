"""Advert text becomes safe HTML: Markdown rendered, headings below the page's own, everything else sanitised."""

from __future__ import annotations

from generator.render.markup import render_markdown


def test_headings_are_demoted_and_script_and_javascript_links_go():
    html = render_markdown("# Job\n\nSee <script>x()</script> [site](javascript:alert(1)) and **pay**.")
    assert html.startswith("<h2>Job</h2>")
    assert "<script" not in html and "javascript:" not in html and "<strong>pay</strong>" in html


def test_tables_and_numbered_lists_render():
    html = render_markdown("| Band | Pay |\n| --- | --- |\n| 5 | £31,049 |\n\n3. third\n4. fourth\n")
    assert "<table>" in html and "<td>£31,049</td>" in html
    assert "<ol>\n<li>third</li>\n<li>fourth</li>\n</ol>" in html  # the number itself is not on the allow-list
