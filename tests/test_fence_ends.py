"""validate's parser finds where a fence ends by going to the lines that can close it
(``reader/fence_ends.py``), and reads a directive's body from the page's own line tables
(``scanner._body_tokens``): the tokens of both must be those of MyST's parser as it is."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from sphinx_rri.reader import fence_ends, scanner
from test_hostile import VALIDATE_EXAMPLES, hostile_settings
from test_plain_lines import EXTENSIONS, _plain_parser, _view

#: Lines around fences: fences of each marker and length, bare and named, indented by
#: up to four blanks or a tab; lines that open a list, a quote or a footnote (where the
#: search line by line must run), blank lines, and lines that only look like fences.
_LINES = st.sampled_from(
    [
        "Plain words of prose.",
        "",
        "   ",
        "\t",
        ":::",
        "::::",
        ":::::",
        "::::::::",
        "::",
        ":::{note}",
        "::::{note}",
        ":::::{task-card} A task",
        ":::{example} Health",
        "::::{illustrative-example}",
        ":::   ",
        "::: \u00a0",
        "::: :::",
        "  :::",
        "   ::::",
        "    :::",
        "\t:::",
        " \t:::",
        ":::\t",
        "```",
        "````",
        "```python",
        "``` `",
        "~~~",
        "~~~~",
        "~~~ `",
        "  ```",
        "    ```",
        "``~",
        "- an item",
        "- :::",
        "  :::",
        "1. first",
        "> a quote",
        "> :::",
        "> :::{note}",
        ">",
        "[^1]: a footnote",
        "    :::{note}",
        "Term",
        ": a definition",
        "\u00a0:::",
        "# A heading",
        "<!-- :::",
        "-->",
    ]
)
_DOCUMENTS = st.lists(_LINES, max_size=16).map("\n".join)


def _same_page_tokens(text: str, extensions: tuple[str, ...]) -> None:
    plain = _view(_plain_parser(extensions).parse(text))
    assert _view(scanner.parse_page(text, extensions)[0]) == plain, text


def _same_body_tokens(page: str, line: int, body: str, extensions: tuple[str, ...]) -> None:
    """The body read from the page's state at ``line`` gives the tokens of a parse of the
    body alone."""
    _, state = scanner.parse_page(page, extensions)
    ctx = scanner.Context(None, None, 10)  # type: ignore[arg-type]
    ctx.state = state
    got = scanner._body_tokens(body, line, ctx, extensions)
    assert _view(got) == _view(_plain_parser(extensions).parse(body)), (page, line, body)


def test_the_jumping_fence_rules_are_in_place() -> None:
    """Without them, the comparisons below would compare markdown-it with itself."""
    for extensions in EXTENSIONS[:4]:
        first = scanner._markdown_parser(extensions).block.ruler.getRules("")[0]
        rules = dict(zip(first.__code__.co_freevars, (c.cell_contents for c in first.__closure__)))
        names = [r.__name__ for r in rules["rules"]]
        # validate reads colon fences whatever the project enables.
        assert names.count("jumping_fence_rule") == 2, names


def test_a_page_state_looks_only_at_the_lines_that_can_close(monkeypatch: Any) -> None:
    """A fence at the top of a page, and one at the top of a directive's body, are closed
    by the jump (a broken jump could not hide behind markdown-it's own rule)."""
    looked: list[str] = []
    bare = fence_ends.PageLines.bare_marker_lines

    def counting(self: Any, marker: str) -> Any:
        looked.append(marker)
        return bare(self, marker)

    monkeypatch.setattr(fence_ends.PageLines, "bare_marker_lines", counting)
    page = "Words\n\n::::{note}\nIn it\n\n:::{tip}\nDeeper\n:::\n::::\n\n```\ncode\n```\n"
    tokens, _ = scanner.parse_page(page, ("colon_fence",))
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"] + [
        "colon_fence",
        "fence",
    ]
    assert looked == [":", "`"]
    looked.clear()
    _same_body_tokens(page, 3, "In it\n\n:::{tip}\nDeeper\n:::\n", ("colon_fence",))
    assert looked == [":", "`", ":"]  # the page's two fences, then the body's


def test_fences_inside_lists_and_quotes_keep_markdown_its_search() -> None:
    """There a less indented line ends the fence, or the quote moved the lines' starts:
    the jump is not made, and the tokens are markdown-it's."""
    for page in (
        "- :::{note}\n  words\nnot indented\n  :::\n",
        "> :::{note}\n> words\n> :::\n:::\n",
        "> ```\n> code\n```\n",
        "[^1]: :::\n    in the footnote\n:::\n",
        "Term\n: :::{note}\n  words\n  :::\n",
    ):
        for extensions in EXTENSIONS:
            _same_page_tokens(page, extensions)


def test_unclosed_fences_and_bodies_that_end_in_blank_lines() -> None:
    page = "Intro\n\n:::{note}\n:::{tip}\nwords\n   \n:::\n"
    for body, line in (
        (":::{tip}\nwords\n   ", 3),
        (":::{tip}\nwords\n", 3),
        (":::{tip}\nwords\n   \n", 3),
        (":::{tip}\nwords\n   \n:::", 3),
        (":::{tip}\nwords\n   \n:::\n", 3),
        ("words\n   \n", 4),
    ):
        for extensions in EXTENSIONS[:2]:
            _same_body_tokens(page, line, body, extensions)


def test_bodies_that_end_with_a_line_break_are_read_from_the_page() -> None:
    """Another extension's directive hands on its body with the break after its last
    line; those lines are the page's, and are not split again."""
    page = "Intro\n\n::::{note}\nWords\n:::{tip}\nmore\n:::\n::::\n"
    _, state = scanner.parse_page(page, ("colon_fence",))
    assert scanner.body_lines_in_page("Words\n:::{tip}\nmore\n:::\n", 3, state) == 4
    assert scanner.body_lines_in_page("Words\n:::{tip}\nmore\n:::", 3, state) == 4
    # Not the page's lines at that place, or a last line markdown-it's own parse of the
    # body would not see (blanks with no break after them): parsed on their own.
    assert scanner.body_lines_in_page("Words\n:::{tip}\nmore\n::", 3, state) is None
    assert scanner.body_lines_in_page("Words\n  ", 3, state) is None
    assert scanner.body_lines_in_page("Words\n:::{tip}\nmore\n:::\n", 2, state) is None


@hostile_settings(VALIDATE_EXAMPLES * 3, 10)
@given(_DOCUMENTS, st.sampled_from(EXTENSIONS))
def test_generated_fences_give_the_tokens_of_myst(text: str, extensions: tuple[str, ...]) -> None:
    _same_page_tokens(text, extensions)


@hostile_settings(VALIDATE_EXAMPLES * 3, 10)
@given(_DOCUMENTS, _DOCUMENTS, _DOCUMENTS, st.booleans(), st.sampled_from(EXTENSIONS[:2]))
def test_generated_bodies_read_from_the_page_give_the_tokens_of_myst(
    before: str, body: str, after: str, with_break: bool, extensions: tuple[str, ...]
) -> None:
    """A body anywhere in a page, as the directive around it hands it on (with or
    without the break after its last line), read from the page's state."""
    head = "Intro\n\n" + before + "\n" + ":::::::::{note}\n"
    page = head + body + "\n" + after + "\n:::::::::\n"
    line = head.count("\n")
    text = body + "\n" if with_break else body
    _same_body_tokens(page, line, text, extensions)
