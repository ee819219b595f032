"""Find where a fence ends by going straight to the lines that begin with its marker.

markdown-it's fence rule (made by ``make_fence_rule``: backticks and tildes, and MyST's
colon fences) looks for the closing marker line by line, a few steps of Python each.
``validate`` reads the body of each directive again, as MyST does, at each level it is
nested in, so a line seven directives deep is walked over seven times, each time only to
find where the fence around it ends.

:func:`jumping_fence` makes the same rule look only at the lines that can close it: the
lines that hold nothing but a run of its marker between blanks, listed with each run's
length once per page (:meth:`PageLines.bare_marker_lines`). On every other line the
search line by line does nothing but step on. That holds where the page's line tables
are as the page was split (no block quote or list is moving its lines' starts or indents
while it is read: the state's ``level`` is 0, and a rule not known to be one of
those that open a token first is counted while it runs by :func:`counting_nested`) and
the blocks' indentation is none: then no line can end the search early by being indented less than
the block. Anywhere else (inside a list, a quote, a footnote, a definition list; a parse
that is not of a page state), markdown-it's own rule runs. The tokens are the same;
``tests/test_fence_ends.py`` compares them with those of MyST's own parser.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from .plain_lines import _PARAGRAPH_MODULES, _RULE_MODULES

#: A line that is a run of one of the characters that may be a fence's marker, with
#: blanks and tabs before and after it and nothing else: the only lines that can close a
#: fence. (After a line break; the text's first line is matched on its own.)
_BARE_MARKER_LINE = re.compile(r"\n[ \t]*(:+|`+|~+)[ \t]*(?=\n|\Z)")
_FIRST_BARE_MARKER_LINE = re.compile(r"[ \t]*(:+|`+|~+)[ \t]*(?=\n|\Z)")

#: Where markdown-it and its plugins define each block rule (by name), kept in one
#: table in :mod:`.plain_lines`; ``fieldlist`` is read only here.
_MODULES = {**_RULE_MODULES, **_PARAGRAPH_MODULES, "fieldlist": "mdit_py_plugins.field_list"}

#: Rules of the chain that neither move the lines' starts or indents nor read lines as
#: blocks of their own (by name and module). Every other rule is counted while it runs
#: (:func:`counting_nested`).
_FLAT_RULES = {
    name: _MODULES[name]
    for name in (
        "front_matter",
        "table",
        "code",
        "colon_fence",
        "fence",
        "myst_line_comment",
        "myst_block_break",
        "myst_target",
        "hr",
        "reference",
        "html_block",
        "heading",
        "lheading",
        "paragraph",
    )
}

#: Rules that read lines as blocks of their own, moving their starts or indents while
#: they do, and that open a token first (so that the state's ``level`` is above 0 while
#: they read).
_CONTAINER_RULES = {
    name: _MODULES[name] for name in ("blockquote", "list", "footnote_def", "deflist", "fieldlist")
}

_FENCE_RULE_PARAMETERS = frozenset(
    {"closing_matcher", "disallow_marker_in_info", "markers", "min_markers", "token_type"}
)


class PageLines:
    """What a page's block state adds to markdown-it's (a mixin of
    :class:`~sphinx_rri.reader.plain_lines.page_state`'s class)."""

    nested: int = 0
    """How many rules that move lines' starts or indents are being run (see
    :func:`counting_nested`)."""
    page_src: str = ""
    """The page's text as its lines were split (a directive body's parse cuts
    ``src`` short while it runs)."""
    _bare_lines: dict[str, tuple[list[int], list[int]]] | None = None

    def bare_marker_lines(self, marker: str) -> tuple[list[int], list[int]]:
        """(numbers, lengths) of the page's lines, in order, that hold nothing but a run
        of ``marker`` (``:``, ````` or ``~``) between blanks and tabs, and the run's length
        on each: in the line tables as the page was split."""
        found = self._bare_lines
        if found is None:
            starts = self.bMarks  # type: ignore[attr-defined]
            found = self._bare_lines = _bare_marker_lines(self.page_src, starts)
        return found.get(marker, ([], []))


def _bare_marker_lines(src: str, starts: list[int]) -> dict[str, tuple[list[int], list[int]]]:
    found: dict[str, tuple[list[int], list[int]]] = {}
    first = _FIRST_BARE_MARKER_LINE.match(src)
    if first is not None:
        run = first.group(1)
        found[run[0]] = ([0], [len(run)])
    line = 0
    for match in _BARE_MARKER_LINE.finditer(src):
        # The line that starts just after the break: the first line past the last one
        # found whose start is after the break.
        line = bisect_right(starts, match.start(), line)
        run = match.group(1)
        lines, lengths = found.setdefault(run[0], ([], []))
        lines.append(line)
        lengths.append(len(run))
    return found


def fence_rule_parameters(rule: Any) -> dict[str, Any] | None:
    """The values ``make_fence_rule`` made ``rule`` with, or None for any other rule."""
    code = getattr(rule, "__code__", None)
    if code is None or getattr(rule, "__module__", None) != "markdown_it.rules_block.fence":
        return None
    if set(code.co_freevars) != _FENCE_RULE_PARAMETERS:
        return None
    return dict(zip(code.co_freevars, (c.cell_contents for c in rule.__closure__)))


def jumping_fence(rule: Any) -> Any:
    """``rule`` (a fence rule of ``make_fence_rule``'s), looking for the closing marker
    only at the lines that begin with it, where that gives the same tokens (see the
    module's text)."""
    parameters = fence_rule_parameters(rule)
    assert parameters is not None
    token_type = parameters["token_type"]
    closing_matcher = parameters["closing_matcher"]

    def jumping_fence_rule(state: Any, startLine: int, endLine: int, silent: bool) -> bool:
        if silent or state.level or state.blkIndent or getattr(state, "nested", 1):
            return rule(state, startLine, endLine, silent)
        if not rule(state, startLine, endLine, True):  # not a fence's opening line
            return False
        src = state.src
        mem = state.bMarks[startLine] + state.tShift[startLine]
        marker = src[mem]
        pos = state.skipCharsStr(mem, marker)
        length = pos - mem
        markup = src[mem:pos]
        params = src[pos : state.eMarks[startLine]]
        next_line = endLine
        have_end_marker = False
        lines, lengths = state.bare_marker_lines(marker)
        index = bisect_right(lines, startLine)
        while index < len(lines):
            line = lines[index]
            if line >= endLine:
                break
            if closing_matcher(length, lengths[index]) and not state.is_code_block(line):
                next_line, have_end_marker = line, True
                break
            index += 1
        if not have_end_marker:
            # markdown-it's search stops, unclosed, at a line that begins past the end of
            # the text: a blank last line of a body whose parse ends its text there.
            last = endLine - 1
            if last > startLine and state.bMarks[last] + state.tShift[last] >= len(src):
                next_line = last
        state.line = next_line + (1 if have_end_marker else 0)
        token = state.push(token_type, "code", 0)
        token.info = params
        token.content = state.getLines(startLine + 1, next_line, state.sCount[startLine], True)
        token.markup = markup
        token.map = [startLine, state.line]
        return True

    return jumping_fence_rule


def is_known(rule: Any) -> bool:
    """Whether ``rule`` is one of :data:`_FLAT_RULES` or :data:`_CONTAINER_RULES`: a
    fence met while it runs is read at the top of the page only when the state's
    ``level`` is 0 and its ``nested`` count too."""
    module = getattr(rule.fn, "__module__", None)
    return module is not None and module in (
        _FLAT_RULES.get(rule.name),
        _CONTAINER_RULES.get(rule.name),
    )


def counting_nested(rule: Any) -> Any:
    """``rule``, counted in the state's ``nested`` while it runs: a rule not known to
    leave the line tables as they are, or to open a token before it changes them."""

    def counted(state: Any, startLine: int, endLine: int, silent: bool) -> bool:
        if not isinstance(state, PageLines):
            return rule(state, startLine, endLine, silent)
        state.nested += 1
        try:
            return rule(state, startLine, endLine, silent)
        finally:
            state.nested -= 1

    return counted
