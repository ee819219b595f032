"""Let markdown-it pass over lines of plain prose without trying every block rule on them.

markdown-it tries its block rules one by one at every block's first line, and a
paragraph tries every rule that may interrupt it (thirteen with MyST's plugins) at each
of its lines, twice (``lheading`` looks for a setext underline over the same lines first,
then ``paragraph`` reads them). On a course page most lines begin with a letter, and each
of those rules gives up on such a line after looking at its first character.

:func:`skip_plain_lines` puts one function in front of those rules, in the parser
``validate`` reads with: a line that begins with a letter (after its indentation), that is
not the document's first line (front matter), not indented as code, and whose next line
does not begin as a table's delimiter row, is one on which none of the rules can match, so
they are not called; on any other line they are called in their order, as before. Which
rules may be left out is decided by name, and only for rules known to look at the line's
first character before anything else: a chain holding any other rule (a MyST extension
the project enables, a plugin) keeps every call. The tokens are the same;
``tests/test_plain_lines.py`` compares them with those of MyST's own parser.
"""

from __future__ import annotations

from functools import cache
from itertools import accumulate, repeat
from operator import add, sub
from typing import Any

#: Block rules that return False, changing nothing, on a line whose first character
#: (after blanks and tabs) is a letter, unless it is the document's first line, is
#: indented as code, or the next line could be a table's delimiter row.
_FIRST_CHARACTER_RULES = frozenset(
    {
        "front_matter",  # the document's first line only
        "table",  # the next line starts with "|", "-" or ":"
        "code",  # indented as code
        "colon_fence",
        "fence",
        "myst_line_comment",
        "blockquote",
        "myst_block_break",
        "myst_target",
        "hr",
        "list",
        "footnote_def",
        "reference",
        "html_block",
        "heading",
    }
)

#: Rules that, asked only whether they would interrupt a paragraph (``silent``), look at
#: the line's first character before anything else too: those above and the definition
#: lists' ``deflist`` (a ``:`` or ``~``). Asked to read a block, ``deflist`` looks at the
#: next line instead; it comes after ``lheading`` and keeps its calls there.
_INTERRUPTING_RULES = _FIRST_CHARACTER_RULES | {"deflist"}

#: Where each of those rules lives, so that a rule of the same name from elsewhere
#: (another plugin that took the name) keeps its calls.
_RULE_MODULES = {
    "front_matter": "mdit_py_plugins.front_matter.index",
    "table": "markdown_it.rules_block.table",
    "code": "markdown_it.rules_block.code",
    "colon_fence": "markdown_it.rules_block.fence",
    "fence": "markdown_it.rules_block.fence",
    "myst_line_comment": "mdit_py_plugins.myst_blocks.index",
    "blockquote": "markdown_it.rules_block.blockquote",
    "myst_block_break": "mdit_py_plugins.myst_blocks.index",
    "myst_target": "mdit_py_plugins.myst_blocks.index",
    "hr": "markdown_it.rules_block.hr",
    "list": "markdown_it.rules_block.list",
    "footnote_def": "mdit_py_plugins.footnote.index",
    "reference": "markdown_it.rules_block.reference",
    "html_block": "markdown_it.rules_block.html_block",
    "heading": "markdown_it.rules_block.heading",
    "deflist": "mdit_py_plugins.deflist.index",
}

_PARAGRAPH_MODULES = {
    "lheading": "markdown_it.rules_block.lheading",
    "paragraph": "markdown_it.rules_block.paragraph",
}

_TABLE_ROW_STARTS = ("|", "-", ":")


def is_plain_line(state: Any, line: int, end: int) -> bool:
    """Whether no rule of :data:`_INTERRUPTING_RULES` can match at ``line`` (the rules
    are asked about lines before ``end``)."""
    if line == 0:
        return False
    src = state.src
    pos = state.bMarks[line] + state.tShift[line]
    if pos >= len(src) or not src[pos].isalpha() or state.is_code_block(line):
        return False
    if line + 2 <= end:  # a table needs its delimiter row before ``end``
        start = state.bMarks[line + 1] + state.tShift[line + 1]
        if start < state.eMarks[line + 1] and (
            start >= len(src) or src[start] in _TABLE_ROW_STARTS
        ):
            return False
    return True


def _known(rule: Any, names: frozenset[str]) -> bool:
    if rule.name not in names:
        return False
    if getattr(rule.fn, "__module__", None) != _RULE_MODULES[rule.name]:
        return False
    # markdown-it's fence rules are made for their markers: none may be a letter.
    closure = dict(
        zip(rule.fn.__code__.co_freevars, (c.cell_contents for c in rule.fn.__closure__ or ()))
    )
    markers = closure.get("markers", ())
    return not any(str(m).isalpha() for m in markers)


def _chain(ruler: Any, chain: str) -> list[Any]:
    """The enabled rules of ``chain`` in their order, as ``Ruler.__compile__`` lists them."""
    return [r for r in ruler.__rules__ if r.enabled and (not chain or chain in r.alt)]


def skip_plain_lines(md: Any) -> None:
    """Put the test of :func:`is_plain_line` in front of the rules it makes needless, in
    ``md``'s block rules for a block's first line and for what interrupts a paragraph.
    The chains are left as they are when they hold a rule this module does not know. A
    later change to ``md``'s rules (enabling or disabling one) drops the shortcut, and
    markdown-it lists its rules again as before."""
    ruler = md.block.ruler
    ruler.getRules("")  # lists the chains (``__cache__``) if not listed yet
    cache = ruler.__cache__
    top = _chain(ruler, "")
    names = [r.name for r in top]
    # The rules from ``lheading`` on (a paragraph, a setext heading, a definition list)
    # read any line: they keep their calls.
    cut = names.index("lheading") if "lheading" in names else 0
    interrupting = _chain(ruler, "paragraph")
    if not (
        cut
        and all(_known(r, _FIRST_CHARACTER_RULES) for r in top[:cut])
        and cache.get("") == [r.fn for r in top]
    ):
        return
    last = [_on_pages(r) for r in top[cut:]]
    if (
        interrupting
        and all(_known(r, _INTERRUPTING_RULES) for r in interrupting)
        and cache.get("paragraph") == [r.fn for r in interrupting]
    ):
        cache["paragraph"] = [_guarded([r.fn for r in interrupting])]
        rest = [r.name for r in top[cut:]]
        if rest in (["lheading", "paragraph"], ["lheading", "deflist", "paragraph"]) and all(
            _RULE_MODULES.get(r.name, _PARAGRAPH_MODULES.get(r.name)) == r.fn.__module__
            for r in top[cut:]
        ):
            last = [_paragraph_once([r.fn for r in top[cut:]])]
    cache[""] = [_guarded([_on_pages(r) for r in top[:cut]]), *last]


def _on_pages(rule: Any) -> Any:
    """A rule of the chain for a block's first line, as it runs on a page's block state
    (see :mod:`.fence_ends`): a fence rule that jumps to the lines that may close it, a
    rule not known to leave the lines' starts alone (or to open a token before it moves
    them) counted while it runs, any other as it is."""
    from .fence_ends import counting_nested, fence_rule_parameters, is_known, jumping_fence

    if fence_rule_parameters(rule.fn) is not None:
        return jumping_fence(rule.fn)
    return rule.fn if is_known(rule) else counting_nested(rule.fn)


def _guarded(rules: list[Any]) -> Any:
    def first_matching(state: Any, line: int, end: int, silent: bool) -> bool:
        if is_plain_line(state, line, end):
            return False
        for rule in rules:
            if rule(state, line, end, silent):
                return True
        return False

    return first_matching


def _paragraph_once(rules: list[Any]) -> Any:
    """``lheading``, (``deflist``,) ``paragraph``: the last rules tried at a block's first
    line, as one. ``lheading`` and ``paragraph`` walk the same lines to the paragraph's
    end, asking at each line the same rules whether they interrupt it (which change
    nothing when asked); ``lheading`` then gives up unless a line was a setext
    underline, leaving the state's ``parentType`` at "paragraph" (as markdown-it-py
    does), and ``deflist`` gives up unless the next line opens a definition. Here the
    lines are walked once: a line of plain prose (:func:`is_plain_line`) is stepped over
    at once, any other is asked about as both rules ask; at an underline, or where the
    block ends before the state's last line, the rules are called in their order as
    before."""
    lheading, *others = rules
    deflist = others[0] if len(others) == 2 else None
    paragraph = others[-1]

    def paragraph_once(state: Any, startLine: int, endLine: int, silent: bool) -> bool:
        if silent or endLine != state.lineMax or state.is_code_block(startLine):
            return _in_turn(rules, state, startLine, endLine, silent)
        old_parent = state.parentType
        state.parentType = "paragraph"
        terminators = state.md.block.ruler.getRules("paragraph")
        indent = state.blkIndent
        starts, shifts, ends, counts, src = (
            state.bMarks,
            state.tShift,
            state.eMarks,
            state.sCount,
            state.src,
        )
        line = startLine + 1
        while line < endLine:
            first = starts[line] + shifts[line]
            if first >= ends[line]:  # an empty line
                break
            if is_plain_line(state, line, endLine):
                line += 1
                continue
            count = counts[line]
            if count - indent > 3:
                line += 1
                continue
            if count >= indent and src[first] in "-=":
                after = state.skipSpaces(state.skipCharsStr(first, src[first]))
                if after >= ends[line]:  # a setext underline: lheading's heading
                    state.parentType = old_parent
                    return _in_turn(rules, state, startLine, endLine, silent)
            if count < 0:
                line += 1
                continue
            if any(rule(state, line, endLine, True) for rule in terminators):
                break
            line += 1
        if deflist is not None and deflist(state, startLine, endLine, False):
            return True
        state.line = line
        token = state.push("paragraph_open", "p", 1)
        token.map = [startLine, line]
        token = state.push("inline", "", 0)
        token.content = mdTrim(state.getLines(startLine, line, indent, False))
        token.map = [startLine, line]
        token.children = []
        state.push("paragraph_close", "p", -1)
        # ``paragraph`` puts back the parent type it found: the one lheading left.
        return True

    from markdown_it.common.utils import mdTrim

    assert paragraph.__name__ == "paragraph" and lheading.__name__ == "lheading"
    return paragraph_once


def _in_turn(rules: list[Any], state: Any, startLine: int, endLine: int, silent: bool) -> bool:
    for rule in rules:
        if rule(state, startLine, endLine, silent):
            return True
    return False


_ONE_MORE = (1).__add__


def page_state(src: str, md: Any, env: Any, tokens: list[Any]) -> Any:
    """markdown-it's block state of a page, whose ``getLines`` cuts a run of lines out of
    the text in one slice when it removes no indentation (see :func:`_lines_in_one_slice`)."""
    return _page_state_class()(src, md, env, tokens)


@cache
def _page_state_class() -> type:
    from markdown_it.rules_block import StateBlock

    from .fence_ends import PageLines

    class PageState(PageLines, StateBlock):
        def __init__(self, src: str, md: Any, env: Any, tokens: list[Any]) -> None:
            # markdown-it's own state of an empty text (every value but the line
            # tables), then the text's line tables, made in a few passes over all lines.
            super().__init__("", md, env, tokens)
            self.src = self.page_src = src
            self.bMarks, self.eMarks, self.tShift, self.sCount = line_tables(src)
            self.bsCount = [0] * len(self.bMarks)
            self.lineMax = len(self.bMarks) - 1

        def getLines(self, begin: int, end: int, indent: int, keepLastLF: bool) -> str:
            cut = _lines_in_one_slice(self, begin, end, indent, keepLastLF)
            return super().getLines(begin, end, indent, keepLastLF) if cut is None else cut

    return PageState


def line_tables(src: str) -> tuple[list[int], list[int], list[int], list[int]]:
    """The line tables ``StateBlock`` makes of ``src`` (``bMarks``, ``eMarks``,
    ``tShift``, ``sCount``, with the entry after the last line), made by passes of C
    over all lines rather than a step of Python for each: each line's start, end,
    blanks and tabs before its first character, and their width with tabs expanded. As
    in markdown-it, the text after the last line break is a line unless it is nothing
    but blanks and tabs."""
    lines = src.split("\n")
    if src.endswith("\n") or not lines[-1].strip(" \t"):
        lines.pop()
    lengths = list(map(len, lines))
    starts = list(accumulate(map(_ONE_MORE, lengths), initial=0))
    ends = list(map(add, starts, lengths))
    shifts = list(map(sub, lengths, map(len, map(str.lstrip, lines, repeat(" \t")))))
    counts = shifts[:]
    if "\t" in src:
        for number, line in enumerate(lines):
            if "\t" in line[: shifts[number]]:
                width = 0
                for character in line[: shifts[number]]:
                    width += 4 - width % 4 if character == "\t" else 1
                counts[number] = width
    starts[-1] = len(src)
    ends.append(len(src))
    shifts.append(0)
    counts.append(0)
    return starts, ends, shifts, counts


def _lines_in_one_slice(
    state: Any, begin: int, end: int, indent: int, keep_last_break: bool
) -> str | None:
    """What ``StateBlock.getLines`` gives, when it can be had in one slice: with no
    indentation to remove, each line is the text from its start to its end and its line
    break (the last one's break only with ``keep_last_break``), and when each line starts
    right after the previous one's break (a block quote moves the starts of its lines
    while it is read) they are one run of the text. None when that is not so.

    Every fence's content and every paragraph is cut so, at each level of nesting; the
    step of Python per character of indentation, per line, was a tenth of the reading
    of a page nested seven deep."""
    if indent or begin >= end:
        return None
    starts, ends = state.bMarks, state.eMarks
    if end - begin > 1 and list(map(_ONE_MORE, ends[begin : end - 1])) != starts[begin + 1 : end]:
        return None
    return state.src[starts[begin] : ends[end - 1] + 1 if keep_last_break else ends[end - 1]]
