"""YAML errors in plain words: the usual slip in front matter, named at its line.

PyYAML says where its reading stopped and what it expected there ("mapping values are
not allowed here", "could not find expected ':'"), which is often a line after the
slip and in the words of its grammar. :func:`explain` recognises the slips authors
make (a tab in the indentation, a key indented under a key that already has a value, a
missing space after a colon, a quote or bracket never closed, a colon inside an
unquoted value, a list item out of place) and says what to change, at the line of the
slip. Anything else keeps PyYAML's own words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

#: ``key:value``: a key, a colon and no space. (``key:`` alone, ``http://`` are fine.)
_NO_SPACE = re.compile(r"\s*(?:-\s+)?([A-Za-z_][\w-]*):(?![\s:/])(\S.*)")
_KEY_VALUE = re.compile(r"(\s*)(?:-\s+)?([^\s#:'\"][^:#]*?):(?:\s+(\S.*))?$")
_CLOSERS = {"[": "]", "{": "}"}


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _previous(lines: Sequence[str], index: int) -> int | None:
    """The last line before ``index`` that holds something other than a comment."""
    for before in range(min(index, len(lines)) - 1, -1, -1):
        text = lines[before].strip()
        if text and not text.startswith("#"):
            return before
    return None


def _missing_space(lines: Sequence[str], index: int | None) -> tuple[int, str] | None:
    if index is None or not 0 <= index < len(lines):
        return None
    match = _NO_SPACE.fullmatch(lines[index])
    if match is None or ": " in lines[index]:
        return None
    return index, (
        f"'{match.group(1)}:{match.group(2)}' has no space after the colon, so YAML reads "
        f"it as one word, not as the key '{match.group(1)}' and a value: write "
        f"'{match.group(1)}: {match.group(2)}'"
    )


def explain(lines: Sequence[str], err: Any) -> tuple[int, str] | None:
    """(index of the line in ``lines``, what to change) for a known slip, else None."""
    problem = str(getattr(err, "problem", "") or "")
    context = str(getattr(err, "context", "") or "")
    problem_mark = getattr(err, "problem_mark", None)
    context_mark = getattr(err, "context_mark", None)
    at = int(problem_mark.line) if problem_mark is not None else None
    column = int(problem_mark.column) if problem_mark is not None else 0
    opened = int(context_mark.line) if context_mark is not None else None
    line = lines[at] if at is not None and 0 <= at < len(lines) else ""

    if "'\\t'" in problem and at is not None:
        if line[: len(line) - len(line.lstrip(" \t"))].count("\t"):
            return at, "a tab in the indentation: YAML indents with spaces only"
        return at, "a tab where YAML expects a key or a value: use spaces"

    if "quoted scalar" in context and "end of stream" in problem and opened is not None:
        return opened, "the quote opened on this line is never closed"
    if "unknown escape character" in problem and at is not None:
        return at, (
            f"{problem.removeprefix('found ')} in double quotes: write the value in single "
            "quotes, or double the backslash"
        )

    if context.startswith("while parsing a flow") and opened is not None:
        bracket = "[" if "sequence" in context else "{"
        return opened, (
            f"the '{bracket}' opened on this line is never closed with "
            f"'{_CLOSERS[bracket]}' (or a ',' is missing between its items)"
        )

    if problem == "mapping values are not allowed here" and at is not None:
        match = _KEY_VALUE.match(line[:column])
        if ": " in line[:column] or (match and match.group(3)):
            key = line.split(":", 1)[0].strip().removeprefix("- ").strip()
            return at, (
                f"the value of '{key}' holds ': ', which YAML reads as another key: put the "
                "value in quotes"
            )
        before = _previous(lines, at)
        slip = _missing_space(lines, before)
        if slip is not None:
            return slip
        if before is not None:
            parent = _KEY_VALUE.match(lines[before])
            if parent and parent.group(3) and _indent(line) > _indent(lines[before]):
                key = line.strip().split(":", 1)[0]
                return at, (
                    f"'{key}' is indented under '{parent.group(2).strip()}', which already "
                    f"has a value: write '{key}' at the indentation of the keys around it"
                )

    if "could not find expected ':'" in problem and opened is not None:
        slip = _missing_space(lines, opened)
        if slip is not None:
            return slip
        return opened, (
            "this line is neither 'key: value' nor a list item '- value' (a value that goes "
            "on over lines must be indented under its key)"
        )

    if problem.startswith("expected <block end>, but found") and at is not None:
        found = problem.split("but found", 1)[1].strip()
        if found in ("'-'", "'<block sequence start>'"):
            return at, (
                "a list item where YAML does not expect one: write every item of a list "
                "under its key, at the same indentation"
            )
        if found == "'<block mapping start>'":
            return at, "this key is indented differently from the keys before it"
        if found == "'<scalar>'" and any(q in line[:column] for q in "'\""):
            return at, (
                "text goes on after a quoted value: quote the whole value (inside single "
                "quotes, write a quote as two: 'it''s')"
            )
        if found in ("']'", "'}'"):
            return at, f"a {found} that closes nothing"

    if problem == "sequence entries are not allowed here" and at is not None:
        return at, (
            "a list cannot start on the line of its key: put each '- item' on a line of "
            "its own, indented under the key, or write [item, item]"
        )

    start = re.fullmatch(r"found character '(.)' that cannot start any token", problem)
    if start and at is not None:
        return at, f"a value cannot start with '{start.group(1)}': put the value in quotes"
    return None
