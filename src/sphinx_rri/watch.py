"""``sphinx-rri validate --watch``: validate again whenever a file of the project changes.

The first round prints what ``validate`` prints. Each later round prints only what
changed: ``+`` before a finding that is new, ``-`` before one that is gone, then the
summary line; a round that changed nothing prints one short line. A finding is the same
from one round to the next when its file, kind, message and subtype are: a line added
above it moves it without making it new (it is shown at its new line only if it is).
Changes under ``_build`` and in hidden folders are ignored, so a live preview building
into the source folder does not set off a round.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TextIO

#: ``path:line: kind: message [code]``, the text format of ``validate``.
FINDING = re.compile(r"^(?P<path>.*?):(?P<line>\d+): (?P<rest>(?:error|gap): .*)$")

Validate = Callable[[argparse.Namespace], int]


def _round(args: argparse.Namespace, validate: Validate) -> tuple[int, list[str], str]:
    """Run ``validate`` once: (exit status, finding lines, summary line)."""
    buffer = io.StringIO()
    errors = io.StringIO()
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(errors):
        status = validate(args)
    lines = buffer.getvalue().splitlines()
    problem = errors.getvalue().strip()
    if status == 2:
        return status, [], problem or "sphinx-rri: the project cannot be read"
    summary = lines.pop() if lines else ""
    return status, lines, summary


def _key(line: str) -> str:
    found = FINDING.match(line)
    return f"{found['path']}: {found['rest']}" if found else line


def changed_lines(before: list[str], after: list[str]) -> list[str]:
    """``+ finding`` for each new one, ``- finding`` for each gone, in file order."""
    old = Counter(_key(line) for line in before)
    new = Counter(_key(line) for line in after)
    added, removed = [], []
    for line in after:
        if old[_key(line)] > 0:
            old[_key(line)] -= 1
        else:
            added.append(f"+ {line}")
    for line in before:
        if new[_key(line)] > 0:
            new[_key(line)] -= 1
        else:
            removed.append(f"- {line}")
    return removed + added


def ignored(path: str, srcdir: Path) -> bool:
    try:
        parts = Path(path).resolve().relative_to(srcdir.resolve()).parts
    except ValueError:
        return True
    return any(part == "_build" or part.startswith(".") for part in parts)


def watch_changes(srcdir: Path, stop: Any = None) -> Iterable[set[tuple[Any, str]]]:
    """Batches of changes under ``srcdir`` from watchfiles, without ignored paths."""
    from watchfiles import watch

    def keep(_change: Any, path: str) -> bool:
        return not ignored(path, srcdir)

    yield from watch(srcdir, watch_filter=keep, stop_event=stop, debounce=300)


def run_watch(
    args: argparse.Namespace,
    validate: Validate,
    *,
    changes: Iterable[Any] | None = None,
    out: TextIO | None = None,
) -> int:
    out = out or sys.stdout
    if args.format != "text":
        print("sphinx-rri: --watch prints text; leave out --format", file=sys.stderr)
        return 2
    status, lines, summary = _round(args, validate)
    out.write("\n".join([*lines, summary]) + "\n")
    out.flush()
    if status == 2:
        return status
    if changes is None:
        from .reader.project import ProjectError, find_confpy

        try:
            srcdir = find_confpy(args.paths[0].resolve()).parent
        except ProjectError:
            return 2
        changes = watch_changes(srcdir)
    print("sphinx-rri: watching for changes (Ctrl+C to stop)", file=out, flush=True)
    try:
        for _batch in changes:
            status, new_lines, new_summary = _round(args, validate)
            shown = changed_lines(lines, new_lines)
            stamp = time.strftime("%H:%M:%S")
            if shown or new_summary != summary:
                out.write("\n".join([f"[{stamp}]", *shown, new_summary]) + "\n")
            else:
                out.write(f"[{stamp}] no change\n")
            out.flush()
            lines, summary = new_lines, new_summary
    except KeyboardInterrupt:
        pass
    return 0
