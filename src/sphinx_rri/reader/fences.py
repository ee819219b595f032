"""Colon fences nested with too few colons: one message at the outer fence.

The commonest MyST slip is to nest colon fences that all have three colons::

    :::{task-card} Title
    :::{task-description}
    ...
    :::          <- MyST ends the task card here, not the description
    :::

MyST ends a fence at the first bare fence of at least its length, so the outer fence
ends where the author meant the first inner one to end, and everything after it is read
outside. The checks then see half a dozen symptoms (parts missing, parts outside their
card, examples outside their block). Both gates ask :func:`fence_slips` for the page's
text: when the bare fences balance the openers (each closing the one opened last, as
the author wrote them) and a fence holds one at least as long as itself, the page gets
one error at the outer fence, and the structural findings inside its lines, which are
symptoms of it, are left out (:func:`sphinx_rri.contract.checks.check_page`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import compress, islice

from ..model.records import DIRECTIVES

_COLON = re.compile(r"( {0,3})(:{3,})(.*)")
_CODE = re.compile(r"( {0,3})(`{3,}|~{3,})(.*)")
#: How a line that either pattern above matches begins once its first blanks are off
#: (at most three, so within its first seven characters).
_FENCE_HEADS = frozenset({":::", "```", "~~~"})
#: A line that begins so (what ``line[:7].lstrip(" ")[:3] in _FENCE_HEADS`` says), found
#: by the expression engine line after line without a step of Python between them.
_FENCE_HEAD = re.compile(" {0,4}(?::::|```|~~~)")
_NAME = re.compile(r"\s*\{([^{}]*)\}")


@dataclass
class Fence:
    """A colon fence as the author nested it."""

    line: int
    """The opening fence's line (1-based)."""
    colons: int
    name: str
    indent: str = ""
    rest: str = ""
    """What follows the colons on the opening line."""
    end: int = 0
    """The line of the bare fence that closes it (1-based)."""
    end_colons: int = 0
    end_rest: str = ""
    inner: list[Fence] = field(default_factory=list)
    need: int = 0
    """The colons it needs to hold what is inside it (one more than the longest inside)."""
    most_inside: int = 0
    """The most colons of any fence inside it, at any depth (0 for none)."""


@dataclass(frozen=True)
class FenceSlip:
    """An outer fence that holds a fence of as many colons or more."""

    line: int
    """The outer fence's line (1-based)."""
    end_line: int
    """The line of the bare fence the author wrote to close it."""
    name: str
    colons: int
    inner_line: int
    inner_colons: int
    need: int

    @property
    def message(self) -> str:
        than = "as many as" if self.inner_colons == self.colons else "fewer than"
        return (
            f"the colon fence of '{self.name}' needs more colons than the fences inside it: "
            f"it has {self.colons}, {than} the fence at line {self.inner_line}, so MyST "
            f"ends it early; give it {self.need} (and each fence inside it fewer colons "
            "than the one around it)"
        )


def read_fences(lines: Sequence[str], first: int) -> list[Fence] | None:
    """The colon fences of a MyST page as the author nested them (each bare fence closes
    the fence opened last), or None when they do not balance and the intent is unclear.
    Code blocks are skipped whole. ``first`` is the 0-based index of the first line
    after the front matter."""
    roots: list[Fence] = []
    stack: list[Fence] = []
    code: tuple[str, int] | None = None
    # Only lines that may be a fence or the end of a code block: few of a page's lines.
    heads = map(_FENCE_HEAD.match, islice(lines, first, None))
    for index in compress(range(first, len(lines)), heads):
        line = lines[index]
        match = _CODE.fullmatch(line)
        if code is not None:
            if (
                match
                and match.group(2)[0] == code[0]
                and len(match.group(2)) >= code[1]
                and not match.group(3).strip()
            ):
                code = None
            continue
        if match and not (match.group(2)[0] == "`" and "`" in match.group(3)):
            code = (match.group(2)[0], len(match.group(2)))
            continue
        match = _COLON.fullmatch(line)
        if not match:
            continue
        indent, colons, rest = match.group(1), len(match.group(2)), match.group(3)
        if not rest.strip():
            if not stack:
                return None
            closed = stack.pop()
            closed.end, closed.end_colons, closed.end_rest = index + 1, colons, rest
            continue
        name = _NAME.match(rest)
        fence = Fence(index + 1, colons, name.group(1).strip() if name else "div", indent, rest)
        (stack[-1].inner if stack else roots).append(fence)
        stack.append(fence)
    if stack or code is not None:
        return None
    return roots


def _longest_inner(fence: Fence) -> Fence | None:
    """The first fence anywhere inside ``fence`` with at least its number of colons."""
    pending = list(reversed(fence.inner))
    while pending:
        inner = pending.pop()
        if inner.colons >= fence.colons:
            return inner
        pending.extend(reversed(inner.inner))
    return None


def _settle(roots: list[Fence]) -> None:
    """Fill in ``need`` for every fence, innermost first (no recursion: pages are untrusted)."""
    order: list[Fence] = []
    pending = list(roots)
    while pending:
        fence = pending.pop()
        order.append(fence)
        pending.extend(fence.inner)
    for fence in reversed(order):
        fence.need = max([fence.colons, *(inner.need + 1 for inner in fence.inner)])
        fence.most_inside = max(
            [0, *(max(inner.colons, inner.most_inside) for inner in fence.inner)]
        )


def fence_slips(lines: Sequence[str], first: int = 0) -> list[FenceSlip]:
    """Each outermost fence that MyST ends early because a fence inside it is as long.

    ``first`` is the index of the first line after the front matter. One slip per
    outermost such fence: the ones inside it are the same slip, and said once."""
    roots = read_fences(lines, first)
    if roots is None:
        return []
    _settle(roots)
    found = []
    pending = list(reversed(roots))
    while pending:
        fence = pending.pop()
        if fence.most_inside < fence.colons or fence.name not in DIRECTIVES:
            # Said for the contract's directives only: another directive's body is its
            # own business (and an unknown one is reported as such, its body unread).
            pending.extend(reversed(fence.inner))
            continue
        # Once per slip, over fences that no other slip holds: linear in all.
        inner = _longest_inner(fence)
        assert inner is not None
        found.append(
            FenceSlip(
                fence.line,
                fence.end,
                fence.name,
                fence.colons,
                inner.line,
                inner.colons,
                fence.need,
            )
        )
    return found
