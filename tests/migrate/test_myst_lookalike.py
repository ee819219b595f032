"""Lines that Python-Markdown shows as text but MyST reads as its own line syntax."""

from __future__ import annotations

import html

import pytest
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from sphinx_rri.migrate import convert_page
from sphinx_rri.migrate.inline import escape_myst_line

#: MyST as a migrated site configures it (colon fences are always on there).
MYST = create_md_parser(
    MdParserConfig(enable_extensions={"colon_fence", "deflist", "dollarmath"}), RendererHTML
)

LINES = [
    (":::{note}", "colon fence"),
    ("::: three colons and words", "colon fence"),
    ("::::", "colon fence"),
    ("% of participants agreed", "comment"),
    ("+++ extra questions", "block break"),
    ("++ +", "block break"),
    ("(consent-form)=", "target"),
    ("(see the appendix)=", "target"),
]


def shown(markdown: str) -> str:
    """The text MyST shows for ``markdown``, tags dropped, entities decoded."""
    rendered = MYST.render(markdown)
    assert "<pre" not in rendered and "<div" not in rendered and "<hr" not in rendered
    return html.unescape(" ".join(rendered.replace("<p>", "").replace("</p>", "").split()))


@pytest.mark.parametrize(("line", "kind"), LINES)
def test_myst_line_syntax_is_escaped_and_shows_the_text(line: str, kind: str) -> None:
    escaped, found = escape_myst_line(line)
    assert found == kind
    assert escaped == "\\" + line
    # Unescaped, MyST shows less (or other) than the line; escaped, exactly the line.
    assert MYST.render(line) != f"<p>{html.escape(line, quote=False)}</p>\n"
    assert shown(escaped) == line


@pytest.mark.parametrize(
    ("line", "escaped"),
    [
        ("- % of the sample", "- \\% of the sample"),
        ("> % quoted", "> \\% quoted"),
        ("1. (a label)=", "1. \\(a label)="),
        ("    :::{note}", "    \\:::{note}"),
    ],
)
def test_the_escape_goes_after_list_and_quote_markers(line: str, escaped: str) -> None:
    assert escape_myst_line(line)[0] == escaped


@pytest.mark.parametrize(
    "line", ["a % b", "::", "(a) b", "- item", "+ item", "10:30:00", ": a definition"]
)
def test_prose_is_left_alone(line: str) -> None:
    assert escape_myst_line(line) == (line, None)


def test_a_page_with_myst_lookalikes_keeps_them_as_text() -> None:
    page = "# Form\n\nIt goes on\n(like this)=\n% and this\n\n:::{note}\nbody\n:::\n"
    result = convert_page(page)
    assert "\n\\(like this)=\n\\% and this\n\n\\:::{note}\nbody\n\\:::\n" in result.text
    assert not [f for f in result.report.findings if f.review]


def test_a_spaced_block_break_that_mkdocs_reads_as_lists_is_reviewed() -> None:
    # Python-Markdown: three nested lists; MyST: a block break that shows nothing.
    result = convert_page("# Form\n\n+ + + nested\n")
    reviews = [f.message for f in result.report.findings if f.review]
    assert any("`+ + + nested`" in message and "block break" in message for message in reviews)
