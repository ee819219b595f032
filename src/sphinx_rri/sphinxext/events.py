"""The build side: the course model on the environment, and the checks at the end of reading.

:class:`RRIEnvData` is the one place the extension keeps state on the build environment:
one :class:`~sphinx_rri.model.records.Page` per document, purged when the document is read
again and merged, keyed by document, after parallel reads (so nothing is duplicated).
"""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging

from ..contract.checks import check_course, errors_and_gaps, judge_page
from ..model.diagnostics import Diagnostic, Subtype, summary_line
from ..model.records import Course, Page, PageRecorder
from ..reader.project import refuse_bytes, refuse_file, refused_page
from ..reader.scanner import (
    Prescan,
    normalise_text,
    placeholders_after_read,
    prescan_page,
    sandbox_frontmatter,
)
from .config import settings_from_sphinx
from .directives.base import RECORDER_KEY, SOURCE_LINES_KEY
from .names import (
    RefusedOptions,
    forget_role_counts,
    install_unknown_names,
    note_myst_include,
    pad_clipped_include,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

_ENV_ATTR = "rri_pages"
PRESCAN_KEY = "rri_prescan"


class RRIEnvData:
    """Accessor for everything sphinx-rri keeps on the environment."""

    def __init__(self, env: BuildEnvironment) -> None:
        self.env = env
        if not isinstance(getattr(env, _ENV_ATTR, None), dict):
            setattr(env, _ENV_ATTR, {})

    @property
    def pages(self) -> dict[str, Page]:
        pages: dict[str, Page] = getattr(self.env, _ENV_ATTR)
        return pages

    def course(self) -> Course:
        return Course(pages=dict(self.pages), docnames=frozenset(self.env.found_docs))

    def purge(self, docname: str) -> None:
        self.pages.pop(docname, None)

    def merge(self, docnames: set[str], other: BuildEnvironment) -> None:
        theirs: dict[str, Page] = getattr(other, _ENV_ATTR, {})
        for docname in docnames:
            if docname in theirs:
                self.pages[docname] = theirs[docname]


def warn(diag: Diagnostic, env: BuildEnvironment, *, level: str = "warning") -> None:
    """Emit a diagnostic as a Sphinx warning of type ``rri`` at the author's line."""
    log = logger.error if level == "error" else logger.warning
    log(diag.message, type="rri", subtype=diag.subtype.value, location=location_of(diag, env))


def location_of(diag: Diagnostic, env: BuildEnvironment) -> str | tuple[str, int]:
    page = RRIEnvData(env).pages.get(diag.docname)
    if page is not None and diag.source and diag.source != page.source:
        # Written in an included file: point at that file, not the page.
        return f"{Path(env.srcdir) / diag.source}:{diag.line}"
    return (diag.docname, diag.line)


def location_text(diag: Diagnostic, env: BuildEnvironment) -> str:
    location = location_of(diag, env)
    if isinstance(location, str):
        return location
    return f"{env.doc2path(location[0])}:{location[1]}"


def _source_suffix(env: BuildEnvironment, docname: str) -> str:
    return str(env.doc2path(docname, False))


def _before_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Leave out pages that must not be read at all, as ``validate`` does: a link out of
    the source folder, or a special or oversized file. (The root document cannot be left
    out; Sphinx requires it.)"""
    settings = settings_from_sphinx(app.config)
    srcdir = Path(env.srcdir)
    gone = False
    for docname in list(docnames):
        path = Path(env.doc2path(docname))
        refused = refuse_file(path, srcdir, settings.max_file_bytes)
        if refused and docname != app.config.root_doc:
            docnames.remove(docname)
            env.found_docs.discard(docname)
            # What an earlier build read from this name goes, as if the file had been
            # removed (its old tasks, toctree and doctree would outlive the file).
            gone = gone or docname in env.all_docs
            app.events.emit("env-purge-doc", env, docname)
            env.clear_doc(docname)
            page = refused_page(docname, _source_suffix(env, docname), *refused)
            RRIEnvData(env).pages[docname] = page
    if gone:
        # As Sphinx does for a removed file: pages with a globbed toctree are read again.
        docnames[:] = sorted(set(docnames) | (env.glob_toctrees & env.found_docs))


def _guard_parser(env: BuildEnvironment) -> None:
    """Never a traceback for a page: if the page's parse runs out of Python's stack
    (markup nested deeper than the checks at ``source-read`` foresee), the page is
    read as empty and the build says so at its first line."""
    parser = getattr(env.current_document, "_parser", None)
    if parser is None or getattr(parser, "_rri_guarded", False):
        return
    parse = parser.parse

    def guarded(inputstring: str, document: nodes.document) -> None:
        try:
            parse(inputstring, document)
        except RecursionError:
            document.children = []
            recorder = env.temp_data.get(RECORDER_KEY)
            if isinstance(recorder, PageRecorder):
                page = recorder.page
                page.reader_problems.append(
                    Diagnostic(
                        page.docname,
                        1,
                        Subtype.LIMIT,
                        "markup is nested deeper than Python's recursion limit; "
                        "the page is not read",
                        page.source,
                    )
                )

    parser.parse = guarded
    parser._rri_guarded = True


def _source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    install_unknown_names()
    env = app.env
    _guard_parser(env)
    settings = settings_from_sphinx(app.config)
    relpath = _source_suffix(env, docname)
    text = source[0]
    if docname == app.config.root_doc:
        # The root document cannot be left out (Sphinx requires it), so one that must
        # not be read (a link out of the source folder, a device) is read as empty.
        refused = refuse_file(
            Path(env.doc2path(docname)), Path(env.srcdir), settings.max_file_bytes
        )
        if refused:
            env.temp_data[RECORDER_KEY] = PageRecorder(refused_page(docname, relpath, *refused))
            source[0] = ""
            return
    if "\ufffd" in text or "\x00" in text:
        # Not UTF-8 (read leniently, see encoding.py) or binary: judge the real bytes.
        try:
            problem = refuse_bytes(Path(env.doc2path(docname)).read_bytes())[1]
        except OSError:
            problem = None
        if problem is not None:
            env.temp_data[RECORDER_KEY] = PageRecorder(refused_page(docname, relpath, *problem))
            source[0] = "\n" * text.count("\n")
            return
    normalised = normalise_text(text)
    if normalised != text:
        source[0] = text = normalised
    # The scanner reads the front matter, the placeholder text and the input limits with
    # the very functions ``sphinx-rri validate`` uses; the directives fill the rest.
    prescan = prescan_page(text, docname, relpath, settings, _myst_extensions(app))
    page = prescan.page
    sandbox_frontmatter(page, settings)
    env.temp_data[RECORDER_KEY] = PageRecorder(page)
    env.temp_data[PRESCAN_KEY] = prescan
    lines = text.split("\n")
    env.temp_data[SOURCE_LINES_KEY] = lines
    end = page.meta_end_line
    if any(d.subtype is Subtype.LIMIT and "nested" in d.message for d in page.reader_problems):
        # Directives nested beyond the limit would exhaust the parser's stack: keep the
        # front matter's lines and read nothing else.
        source[0] = "\n".join(lines[:end] + [""] * (len(lines) - end))
        return
    yaml_block = page.has_frontmatter and page.meta_kind == "yaml"
    is_rst = relpath.endswith(".rst")
    if yaml_block and (
        page.reader_problems
        or is_rst
        or prescan.safe_load_accepts is False
        or (prescan.safe_load_accepts is None and not _myst_can_read(text, end))
    ):
        # Blank the block out, keeping its lines, so that MyST or docutils do not
        # report it again in their own words (or render it as a heading in rST).
        source[0] = "\n".join([""] * min(end, len(lines)) + lines[end:])
        if is_rst and not page.reader_problems:
            env.metadata[docname].update({k: str(v) for k, v in page.meta.items()})


def _include_read(
    app: Sphinx, relative_path: Path, parent_docname: str, content: list[str]
) -> None:
    note_myst_include(relative_path, content, app.env)
    pad_clipped_include(relative_path, content, app.env)
    forget_role_counts(relative_path, app.env)


def _myst_can_read(text: str, end_line: int) -> bool:
    """Whether MyST's own front matter reader accepts the block (it is stricter on dates)."""
    import yaml

    try:
        yaml.safe_load("\n".join(text.removeprefix("\ufeff").split("\n")[1 : end_line - 1]))
    except Exception:  # any failure of MyST's reader would be reported in its own words
        return False
    return True


def _myst_extensions(app: Sphinx) -> tuple[str, ...]:
    try:
        return tuple(sorted(app.config["myst_enable_extensions"]))
    except (AttributeError, KeyError):
        return ()


def _doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    recorder = app.env.temp_data.get(RECORDER_KEY)
    if not isinstance(recorder, PageRecorder):
        return
    page = recorder.page
    prescan = app.env.temp_data.get(PRESCAN_KEY)
    if not page.is_course_page:
        page.placeholders = []
    elif isinstance(prescan, Prescan) and prescan.page is page:
        text = "\n".join(app.env.temp_data.get(SOURCE_LINES_KEY) or [])
        settings = settings_from_sphinx(app.config)
        page.placeholders = placeholders_after_read(
            prescan, page, text, settings, _myst_extensions(app)
        )
    # Judged here, where the page is read (in a worker under -j), and kept with it, so
    # that a rebuild checks again only the pages it reads again.
    judge_page(page, settings_from_sphinx(app.config))
    RRIEnvData(app.env).pages[page.docname] = page


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    RRIEnvData(env).purge(docname)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    RRIEnvData(env).merge(docnames, other)


#: The checks' findings per environment, for the build under way. Not kept in
#: ``env.temp_data``: Sphinx deep-copies that for every page it writes, which made the
#: cost of writing grow with the number of pages times the number of findings.
_FINDINGS: weakref.WeakKeyDictionary[BuildEnvironment, list[Diagnostic]] = (
    weakref.WeakKeyDictionary()
)


def diagnostics_for(env: BuildEnvironment) -> list[Diagnostic]:
    """The checks' findings for the course as read; computed once per build."""
    cached = _FINDINGS.get(env)
    if cached is not None:
        return list(cached)
    found = check_course(RRIEnvData(env).course(), settings_from_sphinx(env.config))
    _FINDINGS[env] = found
    return list(found)


def _report(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Emit every error (and gaps, as configured) after each read phase.

    ``env-updated`` runs on every build, so an unchanged rebuild with ``-W`` fails
    again on errors that are still there, as a gate should.
    """
    _FINDINGS.pop(env, None)  # the pages may have changed: check again
    diagnostics = diagnostics_for(env)
    errors, gaps = errors_and_gaps(diagnostics)
    for diag in errors:
        warn(diag, env)
    level = app.config.rri_gaps
    if level != "note":
        for diag in gaps:
            warn(diag, env, level="error" if level == "error" else "warning")
    env.temp_data.pop(RECORDER_KEY, None)
    app._rri_summary = (len(RRIEnvData(env).course().tasks()), gaps, errors)  # type: ignore[attr-defined]
    return []


def _build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None:
        return
    summary: Any = getattr(app, "_rri_summary", None)
    if summary is None:
        return
    tasks, gaps, errors = summary
    if app.config.rri_gaps == "note":
        for diag in gaps:
            logger.info("%s: gap: %s [%s]", location_text(diag, app.env), diag.message, diag.code)
    line = summary_line(tasks, len(gaps), len(errors))
    # The counts are sphinx-rri's; say so when the build warned about anything else, so
    # that "0 errors" is not read as a clean build that -W is about to fail.
    emitted = len(errors) + (len(gaps) if app.config.rri_gaps != "note" else 0)
    others = getattr(app, "_warncount", 0) - emitted
    if others > 0:
        line += f" (and {others} other warning{'' if others == 1 else 's'} from the build)"
    logger.info(line)
    if app.config.rri_gaps == "error" and gaps:
        # Said in plain words too: the gap warnings themselves may be suppressed.
        logger.info("sphinx-rri: the build fails because rri_gaps = 'error' and there are gaps")
        app.statuscode = 1


def _task_map(env: BuildEnvironment) -> dict[str, tuple[tuple[str, str], ...]]:
    """Where each task id is and what it is called: what a ``{rri:task}`` link shows."""
    places: dict[str, set[tuple[str, str]]] = {}
    for name, page in RRIEnvData(env).pages.items():
        for task in page.tasks:
            places.setdefault(task.id, set()).add((name, task.title))
    return {task_id: tuple(sorted(where)) for task_id, where in places.items()}


def _note_changes(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    # Before any page is read again: the tasks as the pages already written know them.
    app._rri_tasks_before = _task_map(env) if (added or changed or removed) else None  # type: ignore[attr-defined]
    return []


def _rewrite_task_links(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages with ``{rri:task}`` links show a card's title: when a task was renamed,
    moved, added or removed, write the pages that link to it again. They are not read
    again, and pages whose links show the same as before are left alone."""
    before = getattr(app, "_rri_tasks_before", None)
    if before is None:
        return []
    after = _task_map(env)
    changed = {
        task_id
        for task_id in before.keys() | after.keys()
        if before.get(task_id) != after.get(task_id)
    }
    if not changed:
        return []
    return sorted(
        name
        for name, page in RRIEnvData(env).pages.items()
        if any(ref.target in changed for ref in page.task_refs)
    )


def _no_copy_of_refused(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The HTML builder copies each page's file to ``_sources/``: not one that was refused
    (the root document, which is read as empty, may be a link out of the source folder)."""
    if doctree is None or not context.get("sourcename"):
        return
    settings = settings_from_sphinx(app.config)
    path = Path(app.env.doc2path(pagename))
    if refuse_file(path, Path(app.env.srcdir), settings.max_file_bytes):
        context["sourcename"] = ""


def setup_build(app: Sphinx) -> None:
    app.connect("html-page-context", _no_copy_of_refused)
    app.connect("env-get-outdated", _note_changes)
    app.connect("env-get-updated", _rewrite_task_links)
    app.connect("env-before-read-docs", _before_read)
    app.connect("source-read", _source_read)
    app.connect("include-read", _include_read)
    app.connect("doctree-read", _doctree_read)
    app.add_transform(RefusedOptions)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-updated", _report)
    app.connect("build-finished", _build_finished)
