"""``sphinx-rri lsp``: the language server, over stdio.

A thin protocol layer on pygls: each handler finds the project of a document
(:class:`~sphinx_rri.lsp.session.ProjectSession`, loaded as ``validate`` loads it),
hands it the editor's text, and turns what the checks found into protocol messages.
Diagnostics are published for every open page whose findings changed, not only the one
being edited: a card renamed on one page breaks a ``{rri:task}`` role on another.
"""

from __future__ import annotations

import gc
import logging
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from .. import __version__
from ..model.diagnostics import Diagnostic, Severity
from ..reader.project import ProjectError, find_confpy
from . import features
from .session import ProjectSession, real

logger = logging.getLogger(__name__)

SOURCE = "sphinx-rri"


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def to_lsp(diag: Diagnostic, lines: list[str], gaps: str) -> types.Diagnostic:
    """A finding as the protocol shows it: on its whole line, errors as errors and gaps
    as information (as warnings or errors when ``rri_gaps`` raises them)."""
    line = max(diag.line - 1, 0)
    text = lines[line] if line < len(lines) else ""
    if diag.severity is Severity.ERROR:
        severity = types.DiagnosticSeverity.Error
    else:
        severity = {
            "warning": types.DiagnosticSeverity.Warning,
            "error": types.DiagnosticSeverity.Error,
        }.get(gaps, types.DiagnosticSeverity.Information)
    return types.Diagnostic(
        range=types.Range(
            start=types.Position(line=line, character=0),
            end=types.Position(line=line, character=utf16_length(text)),
        ),
        message=diag.message,
        severity=severity,
        code=diag.code,
        source=SOURCE,
    )


class RRILanguageServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "sphinx-rri",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
        )
        self.sessions: dict[Path, ProjectSession] = {}
        """Loaded projects, by their conf.py."""
        self.failed: dict[Path, str] = {}
        """conf.py files that could not be read, with the reason."""
        self.published: dict[str, list[types.Diagnostic]] = {}
        """What was last published, by document URI."""

    # -- projects -------------------------------------------------------------------

    def session_for(self, path: Path) -> ProjectSession | None:
        try:
            confpy = real(find_confpy(real(path)))
        except ProjectError:
            return None
        if confpy in self.sessions:
            return self.sessions[confpy]
        if confpy in self.failed:
            return None
        return self.load(confpy)

    def load(self, confpy: Path) -> ProjectSession | None:
        old = self.sessions.pop(confpy, None)
        self.failed.pop(confpy, None)
        # The course model is large and lives long: once it is read, the collector is
        # told to leave it alone (gc.freeze), so that a collection during an edit does
        # not walk a thousand pages' records. A reload lets the old model go first.
        gc.unfreeze()
        try:
            session = ProjectSession.load(confpy.parent)
        except ProjectError as err:
            self.failed[confpy] = str(err)
            self.publish(from_fs_path(str(confpy)) or "", [self.conf_problem(str(err))])
            if old is not None:  # the pages keep no findings from a configuration gone bad
                for uri in self.open_uris(old):
                    self.publish(uri, [])
            return None
        self.sessions[confpy] = session
        gc.collect()
        gc.freeze()
        for uri in self.open_uris(session):
            document = self.workspace.get_text_document(uri)
            session.update(self.path_of(uri), document.source)
        return session

    def conf_problem(self, message: str) -> types.Diagnostic:
        zero = types.Position(line=0, character=0)
        return types.Diagnostic(
            range=types.Range(start=zero, end=zero),
            message=message,
            severity=types.DiagnosticSeverity.Error,
            source=SOURCE,
        )

    @staticmethod
    def path_of(uri: str) -> Path:
        return Path(to_fs_path(uri) or uri)

    def open_uris(self, session: ProjectSession) -> list[str]:
        return [uri for uri in self.workspace.text_documents if session.contains(self.path_of(uri))]

    # -- diagnostics ----------------------------------------------------------------

    def refresh(self, session: ProjectSession) -> None:
        """Run the rules across pages and publish for every open page whose findings
        changed."""
        by_file = session.check()
        gaps = session.project.settings.gaps
        confpy = from_fs_path(str(session.confpy)) or ""
        # conf.py's problems are shown whether or not it is open: every page depends on it.
        for uri in {*self.open_uris(session), confpy}:
            relpath = session.relpath(self.path_of(uri))
            lines = self.workspace.get_text_document(uri).source.split("\n")
            found = [to_lsp(d, lines, gaps) for d in by_file.get(relpath, [])]
            self.publish(uri, found)

    def publish(self, uri: str, diagnostics: list[types.Diagnostic]) -> None:
        if self.published.get(uri) == diagnostics:
            return
        self.published[uri] = diagnostics
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics)
        )

    def edited(self, uri: str, opened: bool = False) -> None:
        path = self.path_of(uri)
        if path.name == "conf.py":
            return  # read from disk when saved, as validate reads it
        session = self.session_for(path)
        if session is None:
            return
        document = self.workspace.get_text_document(uri)
        if session.update(path, document.source) or opened:
            # A file that is no document (an included one) still shows what its pages
            # found in it, once it is open.
            self.refresh(session)

    def closed(self, uri: str) -> None:
        path = self.path_of(uri)
        session = self.session_for(path)
        if session is not None:
            session.revert(path)
            self.refresh(session)
        self.publish(uri, [])
        self.published.pop(uri, None)

    def changed_on_disk(self, path: Path) -> None:
        try:
            confpy = real(find_confpy(real(path)))
        except ProjectError:
            return
        if real(path) == confpy:
            if confpy in self.sessions or confpy in self.failed:
                session = self.load(confpy)
                if session is not None:
                    self.refresh(session)
            return
        session = self.sessions.get(confpy)
        if session is not None:
            session.reread(path)
            self.refresh(session)


def create_server() -> RRILanguageServer:
    server = RRILanguageServer()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: RRILanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.edited(params.text_document.uri, opened=True)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: RRILanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.edited(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: RRILanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.closed(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: RRILanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        path = ls.path_of(params.text_document.uri)
        if path.name == "conf.py":
            ls.changed_on_disk(path)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: RRILanguageServer, params: types.DidChangeWatchedFilesParams) -> None:
        for change in params.changes:
            ls.changed_on_disk(ls.path_of(change.uri))

    @server.feature(types.INITIALIZED)
    def initialized(ls: RRILanguageServer, params: types.InitializedParams) -> None:
        capabilities = ls.client_capabilities.workspace
        watching = capabilities and capabilities.did_change_watched_files
        if watching and watching.dynamic_registration:
            watchers = [
                types.FileSystemWatcher(glob_pattern=pattern)
                for pattern in ("**/conf.py", "**/*.md", "**/*.rst")
            ]
            ls.client_register_capability(
                types.RegistrationParams(
                    registrations=[
                        types.Registration(
                            id="sphinx-rri-files",
                            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                            register_options=types.DidChangeWatchedFilesRegistrationOptions(
                                watchers=watchers
                            ),
                        )
                    ]
                )
            )

    features.register(server)
    return server


def run_server() -> int:
    logging.basicConfig(level=logging.WARNING)
    create_server().start_io()
    return 0
