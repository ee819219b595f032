"""``sphinx-rri fix``: apply the known repairs across a project, as a diff or in place.

The project is read as ``validate`` reads it; each page's findings are turned into edits
(:mod:`.edits`), applied to the page's text in memory, and the page is read again from
that text with the same reader, so that the next round sees what the edits changed (a
fence repaired can show that a card's parts were there all along). Rounds stop when no
edit is left. Only pages whose text changed are shown, and written with ``--write``.
"""

from __future__ import annotations

import difflib
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from ..contract.checks import check_course, judge_page
from ..model.diagnostics import Diagnostic
from ..model.records import Course
from ..reader.project import (
    Project,
    ProjectError,
    load_project,
    read_buffer,
    refuse_file,
    scan_project,
)
from .edits import Edit, apply_edits, choose, plan_edits

#: Enough rounds for a card that misses all three parts, with fences to repair first.
MAX_ROUNDS = 8


@dataclass
class FixResult:
    """What a run changed: the original and the new text of each page it changed."""

    originals: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    applied: list[tuple[str, Edit]] = field(default_factory=list)

    def changed(self) -> list[str]:
        return sorted(d for d, text in self.texts.items() if text != self.originals[d])


def select_documents(project: Project, paths: Sequence[Path]) -> set[str]:
    """The documents named by ``paths`` (folders or files of the project)."""
    chosen: set[str] = set()
    for path in paths:
        if not path.exists():
            raise ProjectError(f"{path}: no such file or folder")
        resolved = path.resolve()
        if load_project(path).srcdir != project.srcdir:
            raise ProjectError(f"{path}: not in the same Sphinx project as {paths[0]}")
        for docname, file in project.documents.items():
            real = file.resolve()
            if real == resolved or resolved in real.parents:
                chosen.add(docname)
    return chosen


def fix_course(project: Project, course: Course, wanted: set[str]) -> FixResult:
    """Apply every known edit to the ``wanted`` pages of ``course``, round by round."""
    settings = project.settings
    result = FixResult()

    def rescan(docname: str, text: str) -> list[Diagnostic]:
        page = course.pages[docname]
        read = read_buffer(
            docname,
            page.source,
            text,
            project.srcdir,
            settings,
            project.myst_extensions,
            names=project.names,
        )
        return judge_page(read, settings).findings or []

    for _ in range(MAX_ROUNDS):
        by_doc: dict[str, list[Diagnostic]] = defaultdict(list)
        for diag in check_course(course, settings):
            by_doc[diag.docname].append(diag)
        progressed = False
        for docname in sorted(wanted & set(by_doc)):
            page = course.pages.get(docname)
            if page is None:
                continue
            text = result.texts.get(docname)
            if text is None:
                text = _read_text(project, project.documents[docname])
                if text is None:
                    continue
            edits = plan_edits(
                text,
                page,
                by_doc[docname],
                settings,
                rescan=lambda new, d=docname: rescan(d, new),  # type: ignore[misc]
            )
            chosen = choose(edits)
            new_text = apply_edits(text, chosen) if chosen else text
            if new_text == text:
                continue
            result.originals.setdefault(docname, text)
            result.texts[docname] = new_text
            result.applied += [(docname, e) for e in chosen]
            course.pages[docname] = judge_page(
                read_buffer(
                    docname,
                    page.source,
                    new_text,
                    project.srcdir,
                    settings,
                    project.myst_extensions,
                    names=project.names,
                ),
                settings,
            )
            progressed = True
        if not progressed:
            break
    return result


def _read_text(project: Project, path: Path) -> str | None:
    if refuse_file(path, project.srcdir, project.settings.max_file_bytes):
        return None  # the reader has reported why; nothing to repair
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None  # the reader has reported it; nothing to repair


def unified_diff(project: Project, result: FixResult) -> str:
    out: list[str] = []
    for docname in result.changed():
        relpath = project.documents[docname].relative_to(project.srcdir).as_posix()
        out += difflib.unified_diff(
            result.originals[docname].splitlines(keepends=True),
            result.texts[docname].splitlines(keepends=True),
            fromfile=f"a/{relpath}",
            tofile=f"b/{relpath}",
        )
        if out and not out[-1].endswith("\n"):
            out[-1] += "\n\\ No newline at end of file\n"
    return "".join(out)


def run_fix(paths: Sequence[Path], write: bool, out: TextIO | None = None) -> int:
    """The command: exit status 0 when nothing is left to fix (or it was written), 1 when
    a diff was shown and not written, 2 for unreadable input."""
    try:
        project = load_project(paths[0])
        wanted = select_documents(project, paths)
        course = scan_project(project)
    except ProjectError as err:
        print(f"sphinx-rri: {err}", file=sys.stderr)
        return 2
    result = fix_course(project, course, wanted)
    changed = result.changed()
    (out or sys.stdout).write(unified_diff(project, result))
    for docname in changed if write else ():
        project.documents[docname].write_bytes(result.texts[docname].encode("utf-8"))
    count = sum(1 for d, _ in result.applied if d in changed)
    files = f"{len(changed)} file{'' if len(changed) == 1 else 's'}"
    fixes = f"{count} fix{'' if count == 1 else 'es'}"
    if not changed:
        print("sphinx-rri fix: nothing to fix", file=sys.stderr)
    elif write:
        print(f"sphinx-rri fix: {fixes} written to {files}", file=sys.stderr)
    else:
        print(f"sphinx-rri fix: {fixes} for {files} (not written; use --write)", file=sys.stderr)
    return 1 if changed and not write else 0
