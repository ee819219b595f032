"""What the server answers besides diagnostics, read from the course model.

Every answer comes from the records the reader made (:mod:`sphinx_rri.model.records`)
and the contract's own tables (directive names, options, configured domains and stages),
so that completion offers exactly what the checks accept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from ..contract.checks import judge_page
from ..fix.edits import Edit, plan_edits, split_lines
from ..model.diagnostics import Diagnostic
from ..reader.project import read_buffer

if TYPE_CHECKING:
    from .server import RRILanguageServer
    from .session import ProjectSession


def register(server: RRILanguageServer) -> None:
    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_action(
        ls: RRILanguageServer, params: types.CodeActionParams
    ) -> list[types.CodeAction]:
        return code_actions(ls, params)

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=["{", ":", "`", " ", ",", "/"]),
    )
    def completion(
        ls: RRILanguageServer, params: types.CompletionParams
    ) -> types.CompletionList | None:
        from .complete import complete

        context = _context(ls, params.text_document.uri)
        if context is None:
            return None
        items = complete(*context, params.position)
        return types.CompletionList(is_incomplete=False, items=items)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: RRILanguageServer, params: types.HoverParams) -> types.Hover | None:
        from .navigate import hover

        context = _context(ls, params.text_document.uri)
        return hover(*context, params.position) if context else None

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: RRILanguageServer, params: types.DefinitionParams) -> list[types.Location]:
        from .navigate import definition

        context = _context(ls, params.text_document.uri)
        return definition(*context, params.position) if context else []

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    def references(ls: RRILanguageServer, params: types.ReferenceParams) -> list[types.Location]:
        from .navigate import references

        context = _context(ls, params.text_document.uri)
        if context is None:
            return []
        return references(*context, params.position, params.context.include_declaration)

    @server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
    def folding(
        ls: RRILanguageServer, params: types.FoldingRangeParams
    ) -> list[types.FoldingRange]:
        from .navigate import folding

        context = _context(ls, params.text_document.uri)
        return folding(context[0], context[1]) if context else []

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def symbols(
        ls: RRILanguageServer, params: types.DocumentSymbolParams
    ) -> list[types.DocumentSymbol]:
        context = _context(ls, params.text_document.uri)
        return document_symbols(*context) if context else []


def _context(ls: RRILanguageServer, uri: str) -> tuple[ProjectSession, str, str] | None:
    """The session, docname and editor text of an open page of a project."""
    path = ls.path_of(uri)
    session = ls.session_for(path)
    if session is None:
        return None
    docname = session.docname_of(path)
    if docname is None or docname not in session.course.pages:
        return None
    return session, docname, ls.workspace.get_text_document(uri).source


def to_text_edit(edit: Edit, lines: list[str], newline: str) -> types.TextEdit:
    if edit.end < edit.start:  # an insertion before line ``start``
        at = types.Position(line=edit.start - 1, character=0)
        return types.TextEdit(
            range=types.Range(start=at, end=at),
            new_text="".join(line + newline for line in edit.lines),
        )
    start = types.Position(line=edit.start - 1, character=0)
    if edit.end < len(lines):
        end = types.Position(line=edit.end, character=0)
        text = "".join(line + newline for line in edit.lines)
    else:  # the last line, which has no line break after it
        from .server import utf16_length

        end = types.Position(line=edit.end - 1, character=utf16_length(lines[edit.end - 1]))
        text = newline.join(edit.lines)
    return types.TextEdit(range=types.Range(start=start, end=end), new_text=text)


def page_edits(session: ProjectSession, docname: str, text: str) -> list[Edit]:
    """Every edit known for an open page, from the findings of the last check."""
    page = session.course.pages[docname]
    project = session.project
    relpath = session.relpath(project.documents[docname])
    findings = [d for d in session.findings if session.file_of(d) == relpath]

    def rescan(new_text: str) -> list[Diagnostic]:
        read = read_buffer(
            docname,
            page.source,
            new_text,
            project.srcdir,
            project.settings,
            project.myst_extensions,
            names=project.names,
        )
        return judge_page(read, project.settings).findings or []

    return plan_edits(text, page, findings, project.settings, rescan=rescan)


def code_actions(ls: RRILanguageServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    context = _context(ls, uri)
    if context is None:
        return []
    session, docname, text = context
    from .server import to_lsp

    lines, newline = split_lines(text)
    first, last = params.range.start.line + 1, params.range.end.line + 1
    asked = {d.range.start.line + 1 for d in params.context.diagnostics or []}
    actions = []
    for edit in page_edits(session, docname, text):
        lines_covered = {d.line for d in edit.covers}
        touches = edit.start <= last and max(edit.end, edit.start) >= first
        if not (touches or lines_covered & (asked | set(range(first, last + 1)))):
            continue
        actions.append(
            types.CodeAction(
                title=edit.title,
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[to_lsp(d, lines, session.project.settings.gaps) for d in edit.covers],
                is_preferred=edit.kind == "name",
                edit=types.WorkspaceEdit(changes={uri: [to_text_edit(edit, lines, newline)]}),
            )
        )
    return actions


# -- document symbols ---------------------------------------------------------------------


def _span(line: int, end_line: int, lines: list[str]) -> types.Range:
    from .server import utf16_length

    first = max(line - 1, 0)
    last = min(max(end_line, line), len(lines)) - 1
    last = max(last, first)
    text = lines[last] if last < len(lines) else ""
    return types.Range(
        start=types.Position(line=first, character=0),
        end=types.Position(line=last, character=utf16_length(text)),
    )


def _symbol(
    name: str,
    detail: str,
    kind: types.SymbolKind,
    line: int,
    end_line: int,
    lines: list[str],
    children: list[types.DocumentSymbol] | None = None,
) -> types.DocumentSymbol:
    where = _span(line, end_line, lines)
    head = _span(line, line, lines)
    return types.DocumentSymbol(
        name=name or "(untitled)",
        detail=detail,
        kind=kind,
        range=where,
        selection_range=head,
        children=children or None,
    )


def document_symbols(
    session: ProjectSession, docname: str, text: str
) -> list[types.DocumentSymbol]:
    """The page's tasks with their parts and examples, its next steps and its boxes."""
    from ..contract.checks import example_gap

    page = session.course.pages[docname]
    settings = session.project.settings
    lines = text.split("\n")
    found = []
    for task in page.tasks:
        if task.source:
            continue
        parts = []
        for part in task.parts:
            if part.source:
                continue
            examples = [
                _symbol(
                    example.domain,
                    (example.status or "").strip()
                    or ("gap" if example_gap(example, settings) else "written"),
                    types.SymbolKind.EnumMember,
                    example.line,
                    example.end_line,
                    lines,
                )
                for example in getattr(part, "examples", [])
                if not example.source
            ]
            parts.append(
                _symbol(
                    part.name, "", types.SymbolKind.Field, part.line, part.end_line, lines, examples
                )
            )
        found.append(
            _symbol(
                task.title, task.id, types.SymbolKind.Class, task.line, task.end_line, lines, parts
            )
        )
    for block in page.next_steps:
        if block.source:
            continue
        steps = [
            _symbol(
                step.title,
                step.doc or (step.status or "").strip(),
                types.SymbolKind.Event,
                step.line,
                step.end_line,
                lines,
            )
            for step in block.steps
            if not step.source
        ]
        found.append(
            _symbol(
                "next-steps",
                "",
                types.SymbolKind.Namespace,
                block.line,
                block.end_line,
                lines,
                steps,
            )
        )
    for box in page.callouts:
        if not box.source:
            found.append(
                _symbol(
                    box.argument.strip() or box.name,
                    box.name,
                    types.SymbolKind.String,
                    box.line,
                    box.end_line,
                    lines,
                )
            )
    return sorted(found, key=lambda s: (s.range.start.line, s.name))
