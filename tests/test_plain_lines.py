"""validate's parser passes over lines of plain prose without trying every block rule on
them (``reader/plain_lines.py``): its tokens must be those of MyST's parser as it is."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sphinx_rri.reader import scanner
from sphinx_rri.reader.plain_lines import skip_plain_lines
from test_hostile import VALIDATE_EXAMPLES, hostile_settings, myst_pages

ROOT = Path(__file__).resolve().parents[1]

#: The extensions of the projects here and of the generated courses, none, one each
#: way, and one the shortcut does not know (so that it keeps every call).
EXTENSIONS = [
    ("colon_fence", "deflist"),
    ("colon_fence", "deflist", scanner.PERMIT_LINKS),
    (),
    ("deflist",),
    ("colon_fence", "dollarmath"),
]


def _plain_parser(extensions: tuple[str, ...]) -> Any:
    """MyST's parser as validate configures it, without the shortcut."""
    md = scanner._myst_parser(extensions)
    md.disable("inline", ignoreInvalid=True)
    return md


def _view(tokens: list[Any]) -> list[tuple[Any, ...]]:
    return [
        (t.type, t.map, t.info, t.content, t.nesting, t.level, t.markup, t.hidden, t.attrs)
        for t in tokens
    ]


def _same_tokens(text: str, extensions: tuple[str, ...]) -> None:
    """Both of validate's ways to parse a page: the parser's own, and with the page's
    block state kept (:func:`scanner.parse_page`, whose state cuts lines out quickly)."""
    plain = _view(_plain_parser(extensions).parse(text))
    assert _view(scanner._markdown_parser(extensions).parse(text)) == plain, text
    assert _view(scanner.parse_page(text, extensions)[0]) == plain, text


def test_the_shortcut_is_in_place_for_the_usual_extensions() -> None:
    """Without it, nothing below would compare anything (a test that cannot fail)."""
    for extensions in EXTENSIONS[:4]:
        ruler = scanner._markdown_parser(extensions).block.ruler
        assert ruler.getRules("")[0].__name__ == "first_matching", extensions
        assert [f.__name__ for f in ruler.getRules("paragraph")] == ["first_matching"]
    # dollarmath's rules are not known to look at the first character first.
    unknown = scanner._markdown_parser(("colon_fence", "dollarmath")).block.ruler
    assert "first_matching" not in [f.__name__ for f in unknown.getRules("")]


def test_a_change_to_the_rules_drops_the_shortcut() -> None:
    md = _plain_parser(("colon_fence", "deflist"))
    skip_plain_lines(md)
    assert md.block.ruler.getRules("")[0].__name__ == "first_matching"
    md.disable("table")
    assert "first_matching" not in [f.__name__ for f in md.block.ruler.getRules("")]


def _project_pages(tmp_path: Path) -> list[str]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import generate

    texts = []
    for shape in generate.SHAPES:
        course = generate.write_course(tmp_path / shape, 30, flavour="rri", shape=shape)
        texts += [p.read_text(encoding="utf-8") for p in sorted(course.rglob("*.md"))]
    for folder in (ROOT / "content", ROOT / "docs"):
        texts += [p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.md"))]
    for case in sorted((ROOT / "tests" / "cases").glob("*.case")):
        texts += [
            chunk.split("\n", 1)[1]
            for chunk in case.read_text(encoding="utf-8").split("=== ")[1:]
            if chunk.split("\n", 1)[0].strip().endswith(".md")
        ]
    return texts


def test_every_page_here_gives_the_tokens_of_myst(tmp_path: Path) -> None:
    """Pages of the generated courses of every shape, content/, docs/ and the case files,
    as whole documents and, with their first line cut, as directive bodies are read."""
    texts = _project_pages(tmp_path)
    assert len(texts) > 150
    for text in texts:
        for extensions in EXTENSIONS[:2]:
            _same_tokens(text, extensions)
            _same_tokens(text.split("\n", 1)[-1], extensions)


#: Lines that begin a block, interrupt a paragraph or continue one, next to plain ones.
_LINES = st.sampled_from(
    [
        "Plain words of prose.",
        "Some more words",
        "",
        "   ",
        "a | b",
        "a | b\n|---|---|",
        "x | y\n--- | ---",
        "Term\n: a definition",
        "Term\n\n~ a definition",
        "|---|---|",
        "--- | ---",
        ":-- | --:",
        "| x | y |",
        ": a definition",
        "~ another one",
        ":",
        "Term",
        "    indented as code",
        "\tafter a tab",
        "  two blanks then words",
        "- an item",
        "* an item",
        "+ an item",
        "1. first",
        "2) second",
        "-not an item",
        "# A heading",
        "#not a heading",
        "===",
        "---",
        "***",
        "___",
        "+++",
        "> a quote",
        ">",
        "```",
        "```python",
        "~~~",
        ":::{note}",
        ":::",
        "::::{task-card} T",
        "<div>",
        "</div>",
        "<!-- a comment -->",
        "[^1]: a footnote",
        "[label]: /target",
        "(a-target)=",
        "\u00a0(a-target)=",
        "% a comment",
        "$$",
        "\u00e9t\u00e9 words",
        "\u00a0words after a no-break space",
        "`code` first",
        "_emphasis_ first",
        "\\ escaped",
        "> > nested quote",
        ">     quoted code",
        "  - an indented item",
        "   ```",
        "  :::{note}",
        "\t- after a tab",
    ]
)
_DOCUMENTS = st.lists(_LINES, max_size=14).map("\n".join)


@hostile_settings(VALIDATE_EXAMPLES * 2, 10)
@given(_DOCUMENTS, st.sampled_from(EXTENSIONS))
def test_generated_lines_give_the_tokens_of_myst(text: str, extensions: tuple[str, ...]) -> None:
    _same_tokens(text, extensions)


@hostile_settings(VALIDATE_EXAMPLES, 10)
@given(myst_pages)
def test_hostile_pages_give_the_tokens_of_myst(text: str) -> None:
    for extensions in EXTENSIONS[:3]:
        _same_tokens(text, extensions)


@pytest.mark.parametrize("extensions", EXTENSIONS[:2])
def test_bodies_read_from_the_page_state_give_the_tokens_of_myst(
    extensions: tuple[str, ...],
) -> None:
    """Directive bodies are read from the page's lines with the page's state (its line
    tables run past the body's end): the shortcut looks at the next line only when a
    table could end before the body does."""
    page = "Intro words\n\n:::{note}\nBody words\n:::\n|---|---|\n"
    tokens, state = scanner.parse_page(page, extensions)
    assert state is not None
    ctx = scanner.Context(None, None, 10)  # type: ignore[arg-type]
    ctx.state = state
    body = scanner._body_tokens("Body words", 3, ctx, extensions)
    assert _view(body) == _view(_plain_parser(extensions).parse("Body words"))


# -- the scanner's other shortcuts ---------------------------------------------------------

_HINT_PIECES = st.sampled_from(
    ["a", " ", "\n", "\t", "    ", "<", "<!--", "](", "][", "]:", "$", "{{", "{math}"]
    + ["{download}", "://", "@", "\\begin{", "```", "~~~", ":::", "}`", "`", "]", "{", ":"]
)


@hostile_settings(VALIDATE_EXAMPLES * 2, 10)
@given(st.lists(_HINT_PIECES, max_size=12).map("".join))
def test_the_hint_words_find_what_the_hint_expressions_find(text: str) -> None:
    assert scanner.has_hint(text, scanner._BLOCK_HINT_WORDS) == bool(
        scanner._BLOCK_HINT.search(text)
    )
    assert scanner.has_hint(text, scanner._SANDBOX_HINT_WORDS) == bool(
        scanner._SANDBOX_HINT.search(text)
    )
    assert scanner.has_word(text, scanner._INLINE_HINT_WORDS) == bool(
        scanner._INLINE_HINT.search(text)
    )


@hostile_settings(VALIDATE_EXAMPLES * 2, 10)
@given(st.lists(st.sampled_from([" ", ":", "`", "~", "a", "\t"]), max_size=9).map("".join))
def test_the_fence_head_expression_picks_the_lines_the_fence_reader_reads(line: str) -> None:
    from sphinx_rri.reader import fences

    assert bool(fences._FENCE_HEAD.match(line)) == (
        line[:7].lstrip(" ")[:3] in fences._FENCE_HEADS
    )


@pytest.mark.parametrize(
    "text",
    [
        "Words of a first paragraph\n2) a list that may not interrupt it",
        "Words of a first paragraph\n-\nmore words",
        "Words\nmore words\n3. third\n\n- item\n\nMore words\n2) second",
        "Words\n  - an indented item\n\tafter a tab\n     code-like, but lazy",
        "A title\n=====\nWords\n---",
        "Term\n\n: a definition\n\nWords\n: another",
        "> Quoted words\nlazy words\n> 2) an item",
        "- item words\nlazy words\n===",
    ],
)
def test_paragraphs_read_once_give_the_tokens_of_myst(text: str) -> None:
    """``lheading`` and ``paragraph`` read as one (:func:`plain_lines._paragraph_once`):
    what a list may interrupt depends on the parent type ``lheading`` leaves behind; a
    setext underline, a definition, an indented or lazy line."""
    for extensions in EXTENSIONS:
        _same_tokens(text, extensions)


def _state_values(state: Any) -> dict[str, Any]:
    return {k: v for k, v in vars(state).items() if k not in ("md", "env", "tokens", "page_src")}


@hostile_settings(VALIDATE_EXAMPLES * 3, 10)
@given(st.text(alphabet=" \t\na:-`\u00a0\u00e9\u3000", max_size=40))
def test_a_page_state_has_the_line_tables_of_markdown_it(text: str) -> None:
    """:func:`plain_lines.line_tables` makes them in passes over all lines: blank and
    empty lines, tabs, a last line without a break, a last line of blanks only."""
    from markdown_it.rules_block import StateBlock

    from sphinx_rri.reader.plain_lines import page_state

    md = scanner._markdown_parser(EXTENSIONS[0])
    mine = page_state(text, md, {}, [])
    assert _state_values(mine) == _state_values(StateBlock(text, md, {}, []))


def test_every_page_here_has_the_line_tables_of_markdown_it(tmp_path: Path) -> None:
    from markdown_it.rules_block import StateBlock

    from sphinx_rri.reader.plain_lines import page_state

    md = scanner._markdown_parser(EXTENSIONS[0])
    for text in _project_pages(tmp_path):
        mine = page_state(text, md, {}, [])
        assert _state_values(mine) == _state_values(StateBlock(text, md, {}, []))
