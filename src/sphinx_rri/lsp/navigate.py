"""Hover, go to definition, references and folding, read from the course in memory.

A task role's target is found in the line's text exactly as the reader finds it
(:func:`sphinx_rri.reader.scanner.role_target` for ``title <id>``); cards, roles and steps
come from the records of the last read, which for open pages is the editor's text.
"""

from __future__ import annotations

import re
from pathlib import Path

from lsprotocol import types

from ..contract.checks import example_gap, expected_domains
from ..contract.labels import LABELS
from ..model.records import Page, Task, resolve_docname
from ..reader.scanner import role_target
from .session import ProjectSession

_TASK_ROLE = re.compile(r"(?:\{rri:task\}|:rri:task:)`([^`]+)`")
_DOC_ROLE = re.compile(r"(?:\{doc\}|:doc:)`([^`]+)`")
_DOC_OPTION = re.compile(r"^\s*:doc:\s*(\S.*?)\s*$")


def _at(line: int, character: int = 0) -> types.Range:
    here = types.Position(line=max(line, 0), character=character)
    return types.Range(start=here, end=here)


def _uri(session: ProjectSession, page: Page, source: str = "") -> str:
    return (session.srcdir / (source or page.source)).resolve().as_uri()


def _find(pattern: re.Pattern[str], text: str, character: int) -> re.Match[str] | None:
    for match in pattern.finditer(text):
        if match.start() <= character <= match.end():
            return match
    return None


def _units(text: str, character: int) -> int:
    """A UTF-16 position in ``text`` as an index of its characters."""
    return len(text.encode("utf-16-le")[: character * 2].decode("utf-16-le", errors="ignore"))


def task_at(
    session: ProjectSession, docname: str, lines: list[str], position: types.Position
) -> tuple[str, Task | None] | None:
    """The task id under the cursor (a role's target, or the card whose opening line it
    is on) and the card, when the course has one with that id."""
    if position.line >= len(lines):
        return None
    text = lines[position.line]
    role = _find(_TASK_ROLE, text, _units(text, position.character))
    target: str | None = None
    if role:
        target = role_target(role.group(1)).strip()
    else:
        page = session.course.pages[docname]
        for task in page.tasks:
            if not task.source and task.line == position.line + 1:
                target = task.id
    if target is None:
        return None
    found = [t for _, t in session.course.tasks() if t.id == target]
    return target, (found[0] if found else None)


def doc_at(
    session: ProjectSession, docname: str, lines: list[str], position: types.Position
) -> str | None:
    """The document a ``:doc:`` option or ``{doc}`` role under the cursor names."""
    if position.line >= len(lines):
        return None
    text = lines[position.line]
    option = _DOC_OPTION.match(text)
    if option:
        target = option.group(1)
    else:
        role = _find(_DOC_ROLE, text, _units(text, position.character))
        if not role:
            return None
        target = role_target(role.group(1))
    resolved = resolve_docname(docname, target)
    return resolved if resolved in session.course.docnames else None


def _page_of(session: ProjectSession, task: Task) -> Page:
    return next(page for page, t in session.course.tasks() if t is task)


def describe(session: ProjectSession, task: Task) -> str:
    """A card in Markdown: its title, page, stage, parts and examples."""
    settings = session.project.settings
    page = _page_of(session, task)
    title = page.meta.get("title") or page.docname
    out = [f"**{task.title or task.id}** (`{task.id}`)", ""]
    out.append(f"On *{title}* (`{task.source or page.source}`, line {task.line})")
    stage = (task.options.get("stage") or page.meta.get("stage") or "").strip()
    if stage:
        out.append(f"\n{LABELS['stage']}: `{stage}`")
    out.append("")
    for kind, key in (("description", "description"), ("importance", "importance")):
        parts = task.parts_of(kind)
        state = LABELS["written"] if any(p.has_content for p in parts) else LABELS["missing"]
        out.append(f"- {LABELS[key]}: {state}")
    sets = task.example_sets
    out.append(f"- {LABELS['examples']}:" + ("" if sets else f" {LABELS['missing']}"))
    written = {e.domain: e for s in sets for e in s.examples}
    for domain in expected_domains(page, task, settings):
        example = written.get(domain)
        if example is None:
            state = LABELS["missing"]
        elif (example.status or "").strip() == "not-applicable":
            state = LABELS["not-applicable"]
        elif example_gap(example, settings):
            state = LABELS["coming-soon"]
        else:
            state = LABELS["written"]
        out.append(f"  - {domain}: {state}")
    return "\n".join(out)


def hover(
    session: ProjectSession, docname: str, text: str, position: types.Position
) -> types.Hover | None:
    lines = text.split("\n")
    found = task_at(session, docname, lines, position)
    if found is None:
        return None
    target, task = found
    value = describe(session, task) if task else f"No task card has the id `{target}`."
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=value),
        range=_at(position.line),
    )


def definition(
    session: ProjectSession, docname: str, text: str, position: types.Position
) -> list[types.Location]:
    lines = text.split("\n")
    found = task_at(session, docname, lines, position)
    if found is not None:
        _, task = found
        if task is None:
            return []
        page = _page_of(session, task)
        return [types.Location(uri=_uri(session, page, task.source), range=_at(task.line - 1))]
    target = doc_at(session, docname, lines, position)
    if target is None:
        return []
    path = session.project.documents.get(target)
    return [types.Location(uri=Path(path).resolve().as_uri(), range=_at(0))] if path else []


def references(
    session: ProjectSession,
    docname: str,
    text: str,
    position: types.Position,
    include_declaration: bool,
) -> list[types.Location]:
    lines = text.split("\n")
    found = task_at(session, docname, lines, position)
    locations = []
    if found is not None:
        target, task = found
        for page in session.course.course_pages():
            for ref in page.task_refs:
                if ref.target == target:
                    locations.append(
                        types.Location(uri=_uri(session, page, ref.source), range=_at(ref.line - 1))
                    )
        if include_declaration and task is not None:
            page = _page_of(session, task)
            locations.insert(
                0, types.Location(uri=_uri(session, page, task.source), range=_at(task.line - 1))
            )
        return locations
    document = doc_at(session, docname, lines, position)
    if document is None:
        return []
    for page in session.course.course_pages():
        for block in page.next_steps:
            for step in block.steps:
                if step.doc and resolve_docname(page.docname, step.doc) == document:
                    locations.append(
                        types.Location(
                            uri=_uri(session, page, step.source), range=_at(step.line - 1)
                        )
                    )
    return locations


def folding(session: ProjectSession, docname: str) -> list[types.FoldingRange]:
    """Cards, their parts and examples, and next-steps blocks, from the opening line to
    the closing one."""
    page = session.course.pages[docname]
    records = []
    for task in page.tasks:
        records += [task, *task.parts, *(e for s in task.example_sets for e in s.examples)]
    for examples in page.example_sets:
        records += [examples, *examples.examples]
    records += page.next_steps
    return [
        types.FoldingRange(
            start_line=r.line - 1, end_line=r.end_line - 1, kind=types.FoldingRangeKind.Region
        )
        for r in sorted(records, key=lambda r: (r.line, r.end_line))
        if not r.source and r.end_line > r.line
    ]
