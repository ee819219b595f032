"""One Sphinx project as the language server holds it: the course model in memory.

The project is loaded and scanned once, exactly as ``sphinx-rri validate`` does it
(:func:`~sphinx_rri.reader.project.load_project`, :func:`~sphinx_rri.reader.project.
scan_project`). When the editor changes a page, only that page is read again, from the
editor's text (:func:`~sphinx_rri.reader.project.read_buffer`) and judged
(:func:`~sphinx_rri.contract.checks.judge_page`); then the rules across pages run on the
whole course (:func:`~sphinx_rri.contract.checks.check_course`), which re-judges nothing
else. Nothing here knows about the protocol, so the same object serves tests and tools.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..contract.checks import check_course, judge_page
from ..model.diagnostics import Diagnostic
from ..model.records import Course, Page
from ..reader.project import (
    Project,
    ProjectError,
    list_documents,
    load_project,
    read_buffer,
    read_page,
    refused_page,
    scan_project,
)


def real(path: Path | str) -> Path:
    """A path with links and ``..`` resolved, as every lookup here keys files."""
    return Path(os.path.realpath(path))


@dataclass
class ProjectSession:
    project: Project
    course: Course
    buffers: dict[str, str] = field(default_factory=dict)
    """docname -> the text the editor holds for it (open pages only)."""
    findings: list[Diagnostic] = field(default_factory=list)
    """Every diagnostic of the course, as ``validate`` would report it, after :meth:`check`."""
    _by_path: dict[Path, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path, jobs: int | None = None) -> ProjectSession:
        """Load the project that ``path`` is in (raises ``ProjectError`` as validate does)."""
        project = load_project(path)
        session = cls(project, scan_project(project, jobs=jobs))
        session._index()
        return session

    @property
    def srcdir(self) -> Path:
        return self.project.srcdir

    @property
    def confpy(self) -> Path:
        return self.project.confpy

    def _index(self) -> None:
        self._by_path = {real(p): d for d, p in self.project.documents.items()}

    def contains(self, path: Path) -> bool:
        resolved = real(path)
        return resolved == real(self.srcdir) or real(self.srcdir) in resolved.parents

    def docname_of(self, path: Path) -> str | None:
        return self._by_path.get(real(path))

    def page_of(self, path: Path) -> Page | None:
        docname = self.docname_of(path)
        return self.course.pages.get(docname) if docname else None

    def text_of(self, docname: str) -> str:
        """The editor's text of a page, else the file's (empty when unreadable)."""
        if docname in self.buffers:
            return self.buffers[docname]
        try:
            return self.project.documents[docname].read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError, KeyError):
            return ""

    def relist(self) -> None:
        """List the documents again (a page was created or deleted on disk)."""
        documents = list_documents(self.srcdir, self.project.settings)
        self.project.documents = documents
        self._index()
        pages = self.course.pages
        for docname in set(pages) - set(documents):
            del pages[docname]
        for docname in set(documents) - set(pages):
            pages[docname] = self._read_from_disk(docname)
        self.course = Course(pages=pages, docnames=frozenset(documents))

    def update(self, path: Path, text: str) -> bool:
        """Read the page at ``path`` from the editor's ``text``; False when it is no
        document of this project (excluded, or not a source file)."""
        docname = self.docname_of(path)
        if docname is None and path.exists():
            self.relist()  # a file created since the project was loaded
            docname = self.docname_of(path)
        if docname is None:
            return False
        self.buffers[docname] = text
        relpath = self.project.documents[docname].relative_to(self.srcdir).as_posix()
        project = self.project
        page = read_buffer(
            docname,
            relpath,
            text,
            project.srcdir,
            project.settings,
            project.myst_extensions,
            names=project.names,
        )
        self.course.pages[docname] = judge_page(page, project.settings)
        return True

    def revert(self, path: Path) -> None:
        """Forget the editor's text of ``path``: the page is what its file says again."""
        docname = self.docname_of(path)
        if docname is None:
            return
        self.buffers.pop(docname, None)
        if self.project.documents[docname].exists():
            self.course.pages[docname] = self._read_from_disk(docname)
        else:
            self.relist()

    def reread(self, path: Path) -> None:
        """A file changed on disk: read it again unless the editor holds its text."""
        docname = self.docname_of(path)
        if docname is None and path.exists():
            # Not a document: maybe a file that pages include, read from disk by them.
            relpath = self.relpath(path)
            for other in self.including(relpath):
                if other in self.buffers:  # the page as the editor holds it, included anew
                    self.update(self.project.documents[other], self.buffers[other])
                else:
                    self.course.pages[other] = self._read_from_disk(other)
            return
        if docname is None or not path.exists():
            self.relist()
            return
        if docname not in self.buffers:
            self.course.pages[docname] = self._read_from_disk(docname)

    def including(self, relpath: str) -> list[str]:
        """The pages that include the file ``relpath`` (something in them comes from it)."""
        found = []
        for docname, page in self.course.pages.items():
            sources = [ref.source for ref in page.task_refs]
            for records in (page.tasks, page.example_sets, page.callouts, page.next_steps):
                sources += [record.source for record in records]
            sources += [orphan.source for orphan in page.orphans]
            sources += [part.source for task in page.tasks for part in task.parts]
            sources += [e.source for s in page.all_example_sets() for e in s.examples]
            sources += [step.source for block in page.next_steps for step in block.steps]
            if relpath in sources:
                found.append(docname)
        return found

    def _read_from_disk(self, docname: str) -> Page:
        project = self.project
        path = project.documents[docname]
        try:
            page = read_page(
                docname, path, project.srcdir, project.settings, project.myst_extensions
            )
        except ProjectError as err:  # unreadable: say so at the page, as a limit
            page = refused_page(docname, path.relative_to(project.srcdir).as_posix(), 1, str(err))
        return judge_page(page, project.settings)

    def check(self) -> dict[str, list[Diagnostic]]:
        """Run the rules across pages; every finding, by its file's path relative to the
        source folder (see :meth:`relpath`)."""
        # conf.py's own problems first, as validate prints them.
        self.findings = self.project.conf_problems + check_course(
            self.course, self.project.settings
        )
        by_file: dict[str, list[Diagnostic]] = defaultdict(list)
        for diag in self.findings:
            by_file[self.file_of(diag)].append(diag)
        return by_file

    def file_of(self, diag: Diagnostic) -> str:
        """The file a finding is in, relative to the source folder (as reporters say)."""
        if diag.source:
            return diag.source
        document = self.project.documents.get(diag.docname)
        return document.relative_to(self.srcdir).as_posix() if document else diag.docname

    def relpath(self, path: Path) -> str:
        """A file's path relative to the source folder, as :meth:`file_of` gives it."""
        resolved = real(path)
        docname = self._by_path.get(resolved)
        if docname is not None:
            return self.project.documents[docname].relative_to(self.srcdir).as_posix()
        try:
            return resolved.relative_to(real(self.srcdir)).as_posix()
        except ValueError:
            return resolved.as_posix()
