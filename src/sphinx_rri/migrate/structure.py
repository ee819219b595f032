"""What markdown-it sees in a run of plain Markdown lines: code, HTML, headings, lists.

The block parser has already cut out mkdocs' own block syntax, so what is left is Markdown
that markdown-it reads the way Python-Markdown does in every way that matters here. Using
it (rather than more regular expressions) means an indented code block, a heading in
setext form or a list with lazy continuation lines is recognised exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """Block structure only: inline content (emphasis, links...) is never tokenised here,
    which is most of markdown-it's time on prose."""
    md = (
        MarkdownIt("commonmark")
        .enable("table")
        .use(footnote_plugin)
        .use(deflist_plugin)
        .use(dollarmath_plugin)
    )
    md.disable(["inline", "footnote_tail"], ignoreInvalid=True)
    return md


@dataclass
class HeadingInfo:
    level: int
    content: str
    start: int
    end: int
    setext: bool


@dataclass
class ListInfo:
    start: int
    end: int
    items: list[tuple[int, int]]
    """Line ranges (start, end) of the list's own items."""


@dataclass
class Structure:
    literal: set[int] = field(default_factory=set)
    """Lines inside code blocks, fences and math blocks: copied as they are."""
    html: set[int] = field(default_factory=set)
    """Lines of HTML blocks."""
    html_blocks: dict[int, int] = field(default_factory=dict)
    """Each HTML block's first line, and the line after its last."""
    tables: set[int] = field(default_factory=set)
    """Lines of tables (a cell cannot hold a block)."""
    headings: list[HeadingInfo] = field(default_factory=list)
    bullet_lists: list[ListInfo] = field(default_factory=list)
    """Top-level bullet lists only."""
    ordered_lists: list[ListInfo] = field(default_factory=list)
    """Top-level ordered lists."""
    definition_lists: int = 0


def analyse(lines: list[str], *, continues_list: bool = False) -> Structure:
    """The structure of ``lines`` (see :func:`_analyse`); the same lines are asked about
    by several steps of a page's conversion, so answers are kept for a while."""
    if not continues_list and all(_plain(line) for line in lines):
        return Structure()
    return _analyse(tuple(lines), continues_list)


#: The first characters a line needs for markdown-it to see more than a paragraph in it:
#: headings, quotes, lists, rules and setext underlines, fences, HTML, tables,
#: definitions and footnotes, math, and digits (ordered lists).
_BLOCK_STARTS = frozenset("#>-*+=_~`<|:$[\\0123456789")


def _plain(line: str) -> bool:
    """Whether ``line`` can only be paragraph text (or blank), whatever is around it.

    Most runs of lines on a page are prose: answering for them without markdown-it was
    a fifth of a migration's time. Anything that could start a block, or an indentation
    that could make code, goes to the parser.
    """
    stripped = line.lstrip(" ")
    if not stripped:
        return True
    return len(line) - len(stripped) < 4 and "\t" not in line and stripped[0] not in _BLOCK_STARTS


@lru_cache(maxsize=256)
def _analyse(lines: tuple[str, ...], continues_list: bool) -> Structure:
    """The structure of ``lines``; ``continues_list`` reads them as a list item's rest.

    A run of lines that carries on a list item after a nested block starts indented; alone,
    markdown-it would read it as an indented code block. A synthetic item with the same
    content column in front of it gives the lines back their list context.
    """
    offset = 0
    source = list(lines)
    if continues_list:
        first = next((line for line in lines if line.strip()), "")
        indent = len(first) - len(first.lstrip(" "))
        if indent >= 2:
            source = ["-" + " " * (indent - 1) + "x", *lines]
            offset = 1
    tokens = parser().parse("\n".join(source))
    result = Structure()

    def lines_of(token_map: list[int] | None) -> range:
        if not token_map:
            return range(0)
        return range(max(token_map[0] - offset, 0), max(token_map[1] - offset, 0))

    for index, token in enumerate(tokens):
        if token.type in ("code_block", "fence", "math_block", "math_block_label"):
            result.literal.update(lines_of(token.map))
        elif token.type == "html_block":
            span = lines_of(token.map)
            result.html.update(span)
            if len(span):
                result.html_blocks[span.start] = span.stop
        elif token.type == "table_open":
            result.tables.update(lines_of(token.map))
        elif token.type == "heading_open" and token.map:
            span = lines_of(token.map)
            if len(span):
                result.headings.append(
                    HeadingInfo(
                        level=int(token.tag[1]),
                        content=tokens[index + 1].content,
                        start=span.start,
                        end=span.stop,
                        setext=token.markup in ("=", "-"),
                    )
                )
        elif (
            token.type in ("bullet_list_open", "ordered_list_open")
            and token.level == 0
            and token.map
        ):
            span = lines_of(token.map)
            items: list[tuple[int, int]] = []
            depth = 0
            close = token.type.replace("_open", "_close")
            for inner in tokens[index + 1 :]:
                if inner.type == close and depth == 0:
                    break
                if inner.type in ("bullet_list_open", "ordered_list_open"):
                    depth += 1
                elif inner.type in ("bullet_list_close", "ordered_list_close"):
                    depth -= 1
                elif inner.type == "list_item_open" and depth == 0 and inner.map:
                    item = lines_of(inner.map)
                    items.append((item.start, item.stop))
            kind = result.bullet_lists if token.type == "bullet_list_open" else result.ordered_lists
            kind.append(ListInfo(span.start, span.stop, items))
        elif token.type == "dl_open":
            result.definition_lists += 1
    return result
