"""Line edits that repair findings, planned from a page's text, its records and findings.

Four kinds, each tied to the findings it repairs:

- ``name``: the :class:`~sphinx_rri.model.diagnostics.Fix` a check attached to its
  finding (a did-you-mean name), applied to its line;
- ``fences``: colon fences whose outer fence is not longer than the fences inside it, so
  that MyST closes the outer one early; the fences are lengthened (never shortened) so
  that each holds what the author wrote inside it;
- ``placeholder``: an example whose body is only placeholder text gets
  ``:status: coming-soon`` instead of the text;
- ``skeleton``: a part a card must have and does not, added as a skeleton that reads as a
  gap (placeholder text, examples marked coming soon), so the card is whole and the gap
  still shows.

Nothing here reads files or knows about the language server: the callers pass text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ..contract.checks import example_gap, expected_domains
from ..contract.config import Settings
from ..model.diagnostics import Diagnostic, Severity, Subtype
from ..model.records import COMING_SOON, Page, Task
from ..reader.fences import Fence, read_fences

#: The text a skeleton part is given: the default placeholder pattern matches it, so the
#: part is reported as a gap until someone writes it.
SKELETON_TEXT = "Coming soon."

#: The order of a card's parts, as the contract renders them.
PART_ORDER = ("description", "importance", "examples")
PART_DIRECTIVES = {
    "description": "task-description",
    "importance": "task-importance",
    "examples": "illustrative-example",
}

_COLON = re.compile(r"^( {0,3})(:{3,})(.*)$")
_CODE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
_MYST_OPTION = re.compile(r"^\s*:[\w-]+:")
_RST_OPTION = re.compile(r"^\s+:[\w-]+:")


@dataclass(frozen=True)
class Edit:
    """Replace lines ``start`` to ``end`` (1-based, inclusive) with ``lines``; an ``end``
    of ``start - 1`` inserts ``lines`` before line ``start``."""

    start: int
    end: int
    lines: tuple[str, ...]
    title: str
    kind: str
    covers: tuple[Diagnostic, ...] = field(default=(), compare=False)
    """The findings this edit repairs."""

    def span(self) -> tuple[int, int]:
        """The edit's place in half-lines, so that an insertion sits between lines."""
        if self.end < self.start:
            return 2 * self.start - 1, 2 * self.start - 1
        return 2 * self.start, 2 * self.end


def split_lines(text: str) -> tuple[list[str], str]:
    """The text's lines and the line break it uses ("\\r\\n" or "\\n")."""
    newline = "\r\n" if "\r\n" in text else "\n"
    return text.split(newline), newline


def choose(edits: Iterable[Edit]) -> list[Edit]:
    """Edits that can be applied together: fence edits alone first (they change what
    every other finding on the page means), else every edit that overlaps no earlier one."""
    edits = list(edits)
    fences = [e for e in edits if e.kind == "fences"]
    candidates = fences or edits
    chosen: list[Edit] = []
    for edit in sorted(candidates, key=lambda e: (e.start, e.end, e.title)):
        low, high = edit.span()
        if all(high < a or low > b for a, b in (c.span() for c in chosen)):
            chosen.append(edit)
    return chosen


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with ``edits`` (which must not overlap) applied."""
    lines, newline = split_lines(text)
    for edit in sorted(edits, key=lambda e: e.span(), reverse=True):
        lines[edit.start - 1 : max(edit.end, edit.start - 1)] = list(edit.lines)
    return newline.join(lines)


def plan_edits(
    text: str,
    page: Page,
    diagnostics: Sequence[Diagnostic],
    settings: Settings,
    rescan: Callable[[str], Sequence[Diagnostic]] | None = None,
) -> list[Edit]:
    """Every edit known for ``page`` (whose text is ``text``) and its ``diagnostics``.

    ``rescan`` reads a changed text into its page's findings; with it, a fence edit is
    kept only when it leaves the page with fewer errors than before.
    """
    lines, _ = split_lines(text)
    own = [d for d in diagnostics if d.source in ("", page.source)]
    edits = list(name_edits(lines, own))
    first = page.meta_end_line if page.meta_kind == "yaml" else 0
    if not page.source.endswith(".rst"):
        fences = fence_edits(lines, first, own)
        if fences and rescan is not None:
            before = _errors(own)
            fences = [e for e in fences if _errors(rescan(apply_edits(text, [e]))) < before]
        edits += fences
        edits += skeleton_edits(lines, page, own, settings)
    edits += placeholder_edits(lines, page, own, settings)
    return edits


def _errors(diagnostics: Iterable[Diagnostic]) -> int:
    return sum(1 for d in diagnostics if d.severity is Severity.ERROR)


# -- the checks' own fixes ----------------------------------------------------------------


def name_edits(lines: Sequence[str], diagnostics: Iterable[Diagnostic]) -> list[Edit]:
    found = []
    for diag in diagnostics:
        fix = diag.fix
        if fix is None or not 1 <= fix.line <= len(lines) or fix.old not in lines[fix.line - 1]:
            continue
        new = lines[fix.line - 1].replace(fix.old, fix.new, 1)
        found.append(Edit(fix.line, fix.line, (new,), fix.title, "name", (diag,)))
    return found


# -- fence lengths ------------------------------------------------------------------------


def _lengths(root: Fence) -> dict[int, int]:
    """The colons each fence under ``root`` needs (by its 1-based line): more than each
    fence inside it and than each of their closing fences, and never fewer than the
    author wrote. Innermost first, without recursion: pages are untrusted."""
    order: list[Fence] = []
    pending = [root]
    while pending:
        fence = pending.pop()
        order.append(fence)
        pending.extend(fence.inner)
    need: dict[int, int] = {}
    for fence in reversed(order):
        need[fence.line] = max(
            [fence.colons, *(max(need[c.line], c.end_colons) + 1 for c in fence.inner)]
        )
    return need


def _changed_lines(root: Fence) -> dict[int, str]:
    """The 0-based lines to rewrite, with their new text, so that each fence holds what
    is written inside it."""
    need = _lengths(root)
    found = {}
    pending = [root]
    while pending:
        fence = pending.pop()
        new = need[fence.line]
        if new > fence.colons:
            found[fence.line - 1] = f"{fence.indent}{':' * new}{fence.rest}"
        if fence.end_colons < new:
            found[fence.end - 1] = f"{fence.indent}{':' * new}{fence.end_rest}"
        pending.extend(fence.inner)
    return found


def fence_edits(lines: Sequence[str], first: int, diagnostics: Sequence[Diagnostic]) -> list[Edit]:
    roots = read_fences(lines, first)
    if roots is None:
        return []
    found = []
    for root in roots:
        changed = _changed_lines(root)
        if not changed:
            continue
        low, high = min(changed), max(changed)
        new_lines = tuple(changed.get(i, lines[i]) for i in range(low, high + 1))
        covers = tuple(
            d
            for d in diagnostics
            if root.line - 1 < d.line <= root.end and d.severity is Severity.ERROR
        )
        title = f"Lengthen the fences of '{root.name}' so that it holds what is written inside it"
        found.append(Edit(low + 1, high + 1, new_lines, title, "fences", covers))
    return found


# -- placeholder examples -----------------------------------------------------------------


def placeholder_edits(
    lines: Sequence[str], page: Page, diagnostics: Sequence[Diagnostic], settings: Settings
) -> list[Edit]:
    regex = settings.placeholder_regex
    if regex is None:
        return []
    is_rst = page.source.endswith(".rst")
    found = []
    for examples in page.all_example_sets():
        for example in examples.examples:
            if example.source or "status" in example.options:
                continue
            if example_gap(example, settings) != "is a placeholder":
                continue
            covers = tuple(
                d
                for d in diagnostics
                if d.line == example.line
                and d.subtype is Subtype.GAP
                and d.message.endswith("is a placeholder")
            )
            if not covers or not 1 <= example.line <= example.end_line <= len(lines):
                continue
            start = example.line  # 0-based index of the line after the opening one
            stop = example.end_line  # 0-based end of the body, exclusive
            if not is_rst and _is_closing_fence(lines[stop - 1]):
                stop -= 1
            option = _RST_OPTION if is_rst else _MYST_OPTION
            body = start
            while (
                body < stop
                and option.match(lines[body])
                and not lines[body].lstrip().startswith(":::")
            ):
                body += 1
            text = [line for line in lines[body:stop] if line.strip()]
            if not text or not all(regex.search(line) for line in text):
                continue
            first_line = next(line for line in lines[start:stop] if line.strip())
            indent = first_line[: len(first_line) - len(first_line.lstrip())] if is_rst else ""
            status = f"{indent}:status: {COMING_SOON}"
            found.append(
                Edit(
                    start + 1,
                    stop,
                    (*lines[start:body], status),
                    f"Mark the example for '{example.domain}' as :status: {COMING_SOON}",
                    "placeholder",
                    covers,
                )
            )
    return found


def _is_closing_fence(line: str) -> bool:
    stripped = line.strip()
    return len(stripped) >= 3 and (set(stripped) in ({":"}, {"`"}, {"~"}))


# -- missing parts ------------------------------------------------------------------------


def skeleton_edits(
    lines: Sequence[str], page: Page, diagnostics: Sequence[Diagnostic], settings: Settings
) -> list[Edit]:
    required = getattr(settings, "required_parts", PART_ORDER)
    found = []
    for task in page.tasks:
        if task.source or not 1 <= task.line <= task.end_line <= len(lines):
            continue
        opener = _COLON.match(lines[task.line - 1])
        closer = _COLON.match(lines[task.end_line - 1])
        if not opener or not closer or closer.group(3).strip():
            continue
        if not opener.group(3).lstrip().startswith("{task-card}"):
            continue
        for kind in PART_ORDER:
            if kind not in required or task.parts_of(kind):
                continue
            edit = _skeleton(lines, page, task, kind, opener, diagnostics, settings)
            if edit is not None:
                found.append(edit)
    return found


def _skeleton(
    lines: Sequence[str],
    page: Page,
    task: Task,
    kind: str,
    opener: re.Match[str],
    diagnostics: Sequence[Diagnostic],
    settings: Settings,
) -> Edit | None:
    directive = PART_DIRECTIVES[kind]
    covers = tuple(
        d
        for d in diagnostics
        if d.line == task.line and d.subtype is Subtype.TASK and f"has no {directive}" in d.message
    )
    if not covers:
        return None
    indent, length = opener.group(1), len(opener.group(2)) - 1
    fence = indent + ":" * length
    if kind == "examples":
        # Examples need fences shorter than the part's; below three colons, backticks
        # (which a colon fence does not close on) do.
        inner = indent + (":" * (length - 1) if length > 3 else "```")
        if length < 3:
            return None
        body: list[str] = []
        for domain in expected_domains(page, task, settings):
            body += [f"{inner}{{example}} {domain}", f"{indent}:status: {COMING_SOON}", inner, ""]
        body = body[:-1]
    else:
        if length < 3:
            return None
        body = [indent + SKELETON_TEXT]
    later = [
        part.line
        for part in task.parts
        if not part.source and PART_ORDER.index(part.kind) > PART_ORDER.index(kind)
    ]
    at = min(later) if later else task.end_line
    skeleton = [f"{fence}{{{directive}}}", *body, fence, ""]
    if at >= 2 and lines[at - 2].strip():
        skeleton.insert(0, "")
    title = f"Add a {directive} to '{task.title or task.id}' (to be written)"
    return Edit(at, at - 1, tuple(skeleton), title, "skeleton", covers)
