"""Prose answered without markdown-it: only where markdown-it would see prose too."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_rri.migrate.structure import Structure, _analyse, _plain, analyse

#: Pieces of Markdown lines, among them every kind of start that makes a block.
ATOMS = st.sampled_from(
    [
        "word",
        "Word",
        "x",
        "<b>",
        "[a](b)",
        "**",
        "==",
        "--",
        "|",
        "{.x}",
        "[^1]:",
        " ",
        "    ",
        "\u00a0",
        "a.",
        "1.",
        "2)",
        "(",
        "!",
        "\\",
        "&amp;",
        "é",
        "`code`",
        "```",
        "~~s~~",
        "$x$",
        "$$",
        ":",
        "#",
        ">",
        "-",
        "* ",
        "+ ",
        "===",
        "---",
        "\t",
    ]
)
LINES = st.lists(
    st.one_of(
        st.just(""),
        st.builds(
            lambda pad, atoms: " " * pad + "".join(atoms),
            st.integers(0, 5),
            st.lists(ATOMS, min_size=1, max_size=6),
        ),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=400, deadline=None)
@given(LINES)
def test_lines_taken_for_prose_are_prose_to_markdown_it(lines: list[str]) -> None:
    if all(_plain(line) for line in lines):
        assert _analyse(tuple(lines), False) == Structure()
    assert analyse(lines) == _analyse(tuple(lines), False)


def test_block_starts_go_to_the_parser() -> None:
    for line in (
        "# Heading",
        "    code",
        "- item",
        "1. item",
        "[^1]: note",
        "<div>",
        "===",
        ": definition",
        "$$",
        "```",
        "\tcode",
    ):
        assert not _plain(line), line
    assert _plain("A sentence with *emphasis* and a [link](x.md).")
