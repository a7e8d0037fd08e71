"""The fast Markdown converter makes exactly the HTML stock Python-Markdown makes, before sanitising."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import markdown
import nh3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import markup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import body  # noqa: E402


def stock(text: str) -> str:
    """What a freshly built stock converter, configured as the site's, makes of text."""
    return markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html").convert(text)


def _inline() -> st.SearchStrategy[str]:
    """Inline Markdown built from the fragments that trigger, or nearly trigger, each inline pattern."""
    words = st.sampled_from([
        "care", "team", "NHS", "band 5", "café", "naïve", "Zürich", "日本語", "🎉", "Ωμέγα", "snake_case_name",
        "2*3*4", "a_b_c", "AT&T", "x<y", "a > b", "1 < 2", "klzzwxh:0001", "wzxhzdk:0", "!", "]", ")", "(", "|",
    ])
    code = st.sampled_from(["`code`", "``a ` b``", "`unclosed", "\\`not code`", "\\\\`x`", "```", "` spaced `"])
    escapes = st.sampled_from(["\\*", "\\_", "\\[", "\\]", "\\\\", "\\<", "\\&", "\\`", "\\#", "\\!", "\\"])
    autolinks = st.sampled_from([
        "<http://example.com/a?b=c&d=e>", "<https://nhs.uk>", "<ftp://x.y>", "<a@b.c>", "<mailto:jo@nhs.net>",
        "<not a link>", "<http://bad<x>", "<@x>",
    ])
    html = st.sampled_from([
        "<b>", "</b>", "<span class=\"x\">s</span>", "<a href='u'>t</a>", "<br/>", "<!-- note -->", "<!-- a -- b -->",
        "<?php x ?>", "<![CDATA[ x ]]>", "<script>alert(1)</script>", "<img src=x onerror=y>", "<-", "<3",
    ])
    entities = st.sampled_from(["&amp;", "&copy;", "&#169;", "&#xA9;", "&", "& ", "&amp", "&nosuch;", "&#;", "&;"])
    breaks = st.sampled_from(["  \n", "   \n", " \n", "\\\n", "\n"])
    noise = st.text(alphabet="*_`\\[]()<>&!#|-:;@ \n aé", max_size=12)
    base = st.one_of(words, code, escapes, autolinks, html, entities, breaks, noise)

    def wrap(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        """Emphasis, links and images around smaller inline text, nested to any depth."""
        around = st.sampled_from([
            "*{}*", "**{}**", "***{}***", "_{}_", "__{}__", "___{}___", "*{}_", "**{}*", "*{}**", "_*{}*_", "**_{}_**",
            "[{}](http://example.com/x)", "[{}](<u r l> \"title\")", "[{}](u 'it')", "[{}][1]", "[{}][]", "[{}]",
            "[{}][missing]", "![{}](pic.png)", "![{}][1]", "![{}]", "[a [{}] b](u)", "[{}", "{}]", "({})",
        ])
        return st.tuples(around, st.lists(inner, min_size=1, max_size=3)).map(lambda t: t[0].format(" ".join(t[1])))

    return st.recursive(base, wrap, max_leaves=12)


def _line() -> st.SearchStrategy[str]:
    """One line of inline Markdown: fragments joined with or without spaces."""
    return st.lists(st.tuples(_inline(), st.sampled_from([" ", "", " ", "  "])), max_size=8).map(
        lambda parts: "".join(a + b for a, b in parts)
    )


def _block(line: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A block: paragraph, heading, list, table, quote, code, rule, reference definition or raw HTML."""
    lines = st.lists(line, min_size=1, max_size=4)
    return st.one_of(
        lines.map("\n".join),
        st.tuples(st.sampled_from(["# ", "## ", "### ", "###### "]), line).map("".join),
        line.map(lambda text: f"{text or 'Title'}\n====="),
        st.tuples(st.sampled_from(["- ", "* ", "+ ", "1. ", "3) "]), lines).map(
            lambda t: "\n".join(t[0] + item for item in t[1])
        ),
        lines.map(lambda items: "- first\n    - " + "\n    - ".join(items)),
        st.lists(st.lists(line, min_size=2, max_size=2), min_size=1, max_size=3).map(
            lambda rows: "| A | B |\n| --- | :-: |\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)
        ),
        lines.map(lambda items: "> " + "\n> ".join(items)),
        line.map(lambda text: "    " + text),
        st.sampled_from(["---", "***", "[1]: http://example.com/ref \"Ref\"", "[missing]: <u>", "<div>\n*raw*\n</div>"]),
    )


markdown_text = st.lists(_block(_line()), max_size=6).flatmap(
    lambda blocks: st.lists(st.sampled_from(["\n\n", "\n", "\n\n\n"]), min_size=len(blocks), max_size=len(blocks)).map(
        lambda seps: "".join(b + s for b, s in zip(blocks, seps))
    )
)


def _block_line() -> st.SearchStrategy[str]:
    """One line that starts, continues, ends or nearly makes some block: every block processor's trigger."""
    indent = st.sampled_from(["", "", "", " ", "  ", "   ", "    ", "     ", "        ", "\t", " \t"])
    marker = st.sampled_from([
        "", "", "", "#", "# ", "## ", "###### ", "####### ", "#x", "\\# ", "=", "===", "= =", "-", "--", "---", "- - -",
        "-  -  -", "***", "* * *", "**", "___", "_ _ _", "__", "- ", "* ", "+ ", "-", "*", "+", "1. ", "2. ", "10. ",
        "1.", "1) ", "٣. ", "１. ", "> ", ">", "> > ", ">> ", "> - ", "> 1. ", "> # ", "    > ", "| ", "|", "||",
        "[1]: ", "[x]: http://u \"t\"", "[y]: <http://v> (p)", "[z]:", "[a]]: u", "]:", "<div>", "</div>", "<p>x</p>",
        "<!-- c -->", "<!--", "-->", "<hr>", "<br/>", "`", "```",
    ])
    text = st.sampled_from([
        "", "", "word", "two words", "*em*", "a | b", "| a | b |", "a|b|", "--- | ---", "|---|---|", ":-: | :--",
        "| --- |", "-|-", "x #", "# x ##", "> q", "1. n", "- m", "]: u", "[r]", "[r][1]", "<b>t</b>", "&amp;", "=",
    ])
    return st.tuples(indent, marker, text).map("".join)


block_text = st.lists(st.tuples(_block_line(), st.sampled_from(["\n", "\n", "\n\n", "\n\n\n"])), max_size=12).map(
    lambda parts: "".join(a + b for a, b in parts)
)


def test_the_fast_block_parser_is_in_use():
    """The block filter is really installed with this Markdown release (else the equality tests prove little)."""
    parser = markup._converter.parser
    assert type(parser).__name__ == "_FilteredBlockParser"
    markup.to_html("Some *text*.")
    # Every stock processor but the two whose test is trivial was checked, so none falls back to always.
    names = [type(processor).__name__ for processor, need in zip(parser._processors, parser._needs) if need is None]
    assert names == ["EmptyBlockProcessor", "ParagraphProcessor"]


@pytest.mark.slow
@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(block_text)
def test_fast_html_equals_stock_on_risky_blocks(text: str):
    """Random lines of headings, rules, lists (nested, lazy), quotes, code, tables, references and HTML: same HTML."""
    assert markup.to_html(text) == stock(text)


def test_the_fast_inline_processor_is_in_use():
    """The speed-up is really installed with this Markdown release (else the equality tests prove little)."""
    assert markup._FAST
    processor = markup._converter.treeprocessors["inline"]
    assert type(processor).__name__ == "_TriggeredInlineProcessor"
    markup.to_html("Some *text*.")
    # Every stock pattern's regex is the one its trigger was checked against, so none falls back to always.
    assert len(processor._needs) == 14 and None not in processor._needs


@pytest.mark.slow
@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown_text)
def test_fast_html_equals_stock_on_risky_markdown(text: str):
    """Random Markdown of emphasis, code, escapes, links, autolinks, HTML, entities and blocks: identical HTML."""
    assert markup.to_html(text) == stock(text)


def _seed_bodies() -> list[tuple[str, str]]:
    """The body (text after the front matter) of each seed advert."""
    bodies = []
    for path in sorted((ROOT / "content" / "vacancies").glob("*.md")):
        lines = path.read_text(encoding="utf-8").split("\n")
        end = lines.index("---", 1)
        bodies.append((path.name, "\n".join(lines[end + 1:])))
    return bodies


@pytest.mark.parametrize(("name", "text"), _seed_bodies())
def test_fast_html_equals_stock_on_seed_adverts(name: str, text: str):
    """Each seed advert's body converts exactly as stock Python-Markdown converts it."""
    assert markup.to_html(text) == stock(text), name


def generated_bodies(seed: int, count: int) -> list[str]:
    """Advert bodies of 4-5 KB from the benchmark's generator."""
    rng = random.Random(seed)
    return [body(rng, rng.randint(4000, 5000)) for _ in range(count)]


def test_fast_html_equals_stock_on_generated_adverts():
    """Two hundred generated advert bodies, in a row through the one reused converter, each as stock makes it."""
    for number, text in enumerate(generated_bodies(5, 200)):
        assert markup.to_html(text) == stock(text), number


def test_render_markdown_sanitises_the_fast_html():
    """render_markdown still demotes headings and sanitises: the speed-up sits before nh3, not instead of it."""
    html = markup.render_markdown("# Job\n\nSee <script>x()</script> [site](javascript:alert(1)) and **pay**.")
    assert html.startswith("<h2>Job</h2>")
    assert "<script" not in html and "javascript:" not in html and "<strong>pay</strong>" in html


def stock_render(text: str) -> str:
    """render_markdown as written before the speed-ups: stock converter, nh3.clean with its options on each call."""
    html = markup._demote(stock(markup.strip_controls(text)))
    clean = nh3.clean(
        html,
        tags=markup.TAGS | {"h1"},
        attributes=markup.ATTRIBUTES,
        url_schemes=markup.SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
    return markup._demote(clean).strip()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(block_text, markdown_text))
def test_render_markdown_equals_stock_pipeline(text: str):
    """The whole of render_markdown (reused nh3 cleaner included) gives what the stock pipeline gives."""
    assert markup.render_markdown(text) == stock_render(text)


def test_render_markdown_equals_stock_pipeline_on_generated_adverts():
    """Fifty generated advert bodies, sanitised as the stock pipeline sanitises them."""
    for number, text in enumerate(generated_bodies(7, 50)):
        assert markup.render_markdown(text) == stock_render(text), number


def test_the_quick_passes_are_in_use():
    """The three skips are really installed with this Markdown release and Python (else the equality tests prove little)."""
    converter = markup._converter
    assert type(converter.preprocessors["normalize_whitespace"]).__name__ == "_QuickNormalize"
    assert type(converter.preprocessors["html_block"]).__name__ == "_QuickHtmlBlocks"
    assert type(converter.treeprocessors["unescape"]).__name__ == "_QuickUnescape"


# Risky Markdown with no "<", "&" or backslash, where the raw-HTML and unescape passes are skipped.
plain_text = st.one_of(block_text, markdown_text).map(lambda t: t.replace("<", "(").replace("&", "+").replace("\\", "/"))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(plain_text, plain_text.map(lambda t: t + " a\\*b"), plain_text.map(lambda t: "x < y & " + t),
                plain_text.map(lambda t: t.replace(" ", "  \n", 1)), plain_text.map(lambda t: t + "\n   \n\t \n")))
def test_fast_html_equals_stock_where_the_passes_are_skipped(text: str):
    """Text without raw HTML, entities, escapes or lines of spaces (and the same with one added): identical HTML."""
    assert markup.to_html(text) == stock(text)
