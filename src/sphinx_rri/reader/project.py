"""A Sphinx project read without Sphinx: its ``conf.py``, its documents, its pages.

This is the loader of ``sphinx-rri validate`` and ``sphinx-rri report``: it finds the
nearest ``conf.py``, reads the values it needs from it without running it
(:mod:`sphinx_rri.reader.conf`; ``trust_conf=True`` runs it as Sphinx does), lists the
documents Sphinx would read and scans them (in a process pool for large projects) into
a :class:`~sphinx_rri.model.records.Course`.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..contract.config import Settings, config_problems
from ..contract.names import DEFAULT_NAMES, KnownNames
from ..model.diagnostics import Diagnostic, Subtype
from ..model.records import Course, Page
from .cache import PageCache, cacheable, content_key, file_status, no_gc
from .conf import is_needed, read_conf

#: Below this many pages a process pool costs more than it saves.
POOL_THRESHOLD = 200


class ProjectError(Exception):
    """The project cannot be read: exit status 2."""


@dataclass
class Project:
    srcdir: Path
    confpy: Path
    settings: Settings
    myst_extensions: tuple[str, ...]
    documents: dict[str, Path]
    """docname -> source file"""
    conf: dict[str, Any] = field(default_factory=dict)
    """The values of conf.py the gates read (``extensions``, ``root_doc``, ``rri_*``, ...)."""
    conf_problems: list[Diagnostic] = field(default_factory=list)
    """Needed values conf.py sets in a way only running it would tell: rri.config errors."""
    names: KnownNames = DEFAULT_NAMES
    """The directive and role names the project's extensions define."""
    unreadable: dict[str, Path] = field(default_factory=dict)
    """Files Sphinx would ignore as unreadable (docname -> file): reported, not read."""


def find_confpy(path: Path) -> Path:
    start = path if path.is_dir() else path.parent
    for folder in [start, *start.parents]:
        candidate = folder / "conf.py"
        if candidate.is_file():
            return candidate
    raise ProjectError(f"{path}: no conf.py at or above this path")


def read_confpy(confpy: Path) -> dict[str, Any]:
    """Run ``conf.py`` as Sphinx does (in its folder) and return its namespace."""
    namespace: dict[str, Any] = {"__file__": str(confpy), "tags": _NoTags()}
    cwd = os.getcwd()
    try:
        os.chdir(confpy.parent)
        code = compile(confpy.read_bytes(), str(confpy), "exec")
        exec(code, namespace)
    except SystemExit as err:
        raise ProjectError(f"{confpy}: conf.py called sys.exit({err.code})") from None
    except Exception as err:
        raise ProjectError(f"{confpy}: conf.py failed: {type(err).__name__}: {err}") from None
    finally:
        os.chdir(cwd)
    return namespace


class _NoTags:
    """Stands in for Sphinx's ``tags`` object, which conf.py files may query."""

    def has(self, name: str) -> bool:
        return False

    def add(self, name: str) -> None:
        pass

    def remove(self, name: str) -> None:
        pass

    def __contains__(self, name: str) -> bool:
        return False


#: Paths Sphinx never reads documents from (``sphinx.project.EXCLUDE_PATHS``; a test
#: keeps this copy equal to Sphinx's, which costs a slow import to read).
SPHINX_EXCLUDE_PATHS = ("**/_sources", ".#*", "**/.#*", "*.lproj/**")


def list_documents(srcdir: Path, settings: Settings) -> dict[str, Path]:
    """The documents of :func:`discover`."""
    return discover(srcdir, settings)[0]


def discover(srcdir: Path, settings: Settings) -> tuple[dict[str, Path], dict[str, Path]]:
    """(documents, unreadable): docname -> file of every document an HTML build reads,
    found as Sphinx finds them (``sphinx.project.Project.discover`` with
    ``sphinx.util.matching``'s patterns):
    ``include_patterns``, then ``exclude_patterns``, ``templates_path``,
    ``html_extra_path``, ``html_static_path`` and Sphinx's own exclusions; folders whose
    names start with a dot are read like any other. Names are compared in Unicode NFC,
    the first suffix of ``source_suffix`` that ends a name gives its docname, the first
    file of a docname wins, and a file that cannot be read (a link that leads nowhere)
    is no document: Sphinx warns that it ignores it, and ``validate`` reports it.

    One difference, on purpose: Sphinx follows links to folders without noticing a loop
    of links (and walks it until the system refuses a path that long, or for ever when
    two links lead back); each real folder is walked here once.
    """
    import unicodedata

    from sphinx.util.matching import compile_matchers
    from sphinx.util.osutil import path_stabilize

    excludes = _any_of(
        compile_matchers([*settings.exclude_patterns, *settings.asset_paths, *SPHINX_EXCLUDE_PATHS])
    )
    includes = _any_of(compile_matchers(settings.include_patterns))
    suffixes = tuple(settings.source_suffixes)
    documents: dict[str, Path] = {}
    unreadable: dict[str, Path] = {}
    top = srcdir.resolve()
    visited: set[str] = set()
    for root, dirs, files in os.walk(top, followlinks=True):
        try:
            real = os.path.realpath(root)  # what Path.resolve() does, without a Path
        except (OSError, RuntimeError):
            dirs[:] = []
            continue
        if real in visited:
            dirs[:] = []
            continue
        visited.add(real)
        rel_root = os.path.relpath(root, top)
        rel_root = "" if rel_root == "." else Path(rel_root).as_posix() + "/"
        for name in sorted(files):
            entry = rel_root + name
            if not entry.isascii():  # NFC leaves ASCII text as it is
                entry = unicodedata.normalize("NFC", entry)
            base = entry.rsplit("/", 1)[-1]
            if not base.endswith(suffixes) or not includes(entry) or excludes(entry):
                continue
            suffix = next(s for s in suffixes if base.endswith(s))
            # Sphinx's path_stabilize: "/" for the separator, then NFC (done above).
            docname = (entry if os.sep == "/" else path_stabilize(entry)).removesuffix(suffix)
            path = srcdir / entry
            if not docname or docname in documents:
                continue
            if os.access(path, os.R_OK):
                documents[docname] = path
            else:
                unreadable.setdefault(docname, path)
        dirs[:] = [
            d for d in sorted(dirs) if not excludes(unicodedata.normalize("NFC", rel_root + d))
        ]
    return documents, {d: p for d, p in unreadable.items() if d not in documents}


def _any_of(matchers: list[Any]) -> Any:
    """Whether any of Sphinx's matchers (each a compiled pattern's ``match``, anchored at
    its end) matches a name, as one regular expression: one call per name rather than
    one per pattern."""
    if not matchers:
        return lambda name: None
    import re

    return re.compile("|".join(f"(?:{m.__self__.pattern})" for m in matchers)).match


CONF_SOURCE = "conf.py"


def load_project(path: Path, *, trust_conf: bool = False, learn_names: bool = True) -> Project:
    """The project ``path`` belongs to. ``conf.py`` is read statically unless
    ``trust_conf``, which runs it as Sphinx does. Without ``learn_names`` the project's
    names are the core ones only, for a caller that knows the rest (the migration)."""
    confpy = find_confpy(path.resolve())
    conf_problems: list[Diagnostic] = []
    if trust_conf:
        namespace = {k: v for k, v in read_confpy(confpy).items() if is_needed(k)}
    else:
        try:
            static = read_conf(confpy)
        except OSError as err:
            raise ProjectError(f"{confpy}: cannot read: {err.strerror or err}") from None
        namespace = static.values
        conf_problems = [
            Diagnostic("", p.line, Subtype.CONFIG, p.message, CONF_SOURCE) for p in static.problems
        ]
    problems = config_problems(namespace)
    if problems:
        raise ProjectError(f"{confpy}: " + "; ".join(problems))
    settings = Settings.from_values(namespace)
    extensions = namespace.get("myst_enable_extensions", ())
    if not isinstance(extensions, (list, tuple, set)) or not all(
        isinstance(e, str) for e in extensions
    ):
        raise ProjectError(f"{confpy}: myst_enable_extensions must be a list of strings")
    srcdir = confpy.parent
    from .extensions import known_names

    listed = namespace.get("extensions", ())
    documents, unreadable = discover(srcdir, settings)
    return Project(
        srcdir=srcdir,
        confpy=confpy,
        settings=settings,
        myst_extensions=tuple(sorted(extensions)),
        documents=documents,
        unreadable=unreadable,
        conf=dict(namespace),
        conf_problems=conf_problems,
        names=known_names(listed if isinstance(listed, (list, tuple)) else (), srcdir, namespace)
        if learn_names
        else DEFAULT_NAMES,
    )


def refuse_file(path: Path, srcdir: Path, max_bytes: int) -> tuple[int, str] | None:
    """Why a page's file must not be read at all, as (line, message), or None.

    Both gates ask this before reading: a link out of the source folder (to a secret, or
    to ``/dev/zero``), something that is not a regular file, or a file over the limit.
    """
    return refuse_status(path, srcdir, max_bytes)[0]


def refuse_status(
    path: Path, srcdir: Path, max_bytes: int
) -> tuple[tuple[int, str] | None, os.stat_result | None]:
    """:func:`refuse_file`, and the file's status when it is a regular file that is not a
    link and may be read (else None): what the page cache compares."""
    try:
        status = os.lstat(path)
        if stat.S_ISREG(status.st_mode):
            # Not a link itself: it is where its folder really is. Folders are resolved
            # once each per scan (:func:`scan_project` forgets them at its start).
            if not _real_parent(os.path.dirname(os.path.abspath(path))).startswith(
                _real_folder(srcdir)
            ):
                return (1, "page is a link to a file outside the source folder; not read"), None
            if status.st_size > max_bytes:
                return (
                    1,
                    f"page is larger than rri_max_file_bytes ({max_bytes} bytes); not read",
                ), None
            return None, status
        return _refuse_link(path, srcdir, max_bytes), None
    except (OSError, RuntimeError, ValueError):  # a dangling link or a loop of links
        return (1, "page is a link that leads nowhere; not read"), None


def _refuse_link(path: Path, srcdir: Path, max_bytes: int) -> tuple[int, str] | None:
    try:
        resolved = os.path.realpath(path, strict=True)
        if not resolved.startswith(_real_folder(srcdir)):
            return 1, "page is a link to a file outside the source folder; not read"
        status = os.stat(resolved)
        if not stat.S_ISREG(status.st_mode):
            return 1, "page is not a regular file; not read"
        if status.st_size > max_bytes:
            return 1, f"page is larger than rri_max_file_bytes ({max_bytes} bytes); not read"
    except (OSError, RuntimeError, ValueError):  # a dangling link or a loop of links
        return 1, "page is a link that leads nowhere; not read"
    return None


@lru_cache(maxsize=1024)
def _real_parent(folder: str) -> str:
    """A page's folder with links resolved, ending in a separator."""
    return os.path.join(os.path.realpath(folder, strict=True), "")


@lru_cache(maxsize=16)
def _real_folder(srcdir: Path) -> str:
    """The source folder with links resolved, ending in a separator."""
    return os.path.join(os.path.realpath(srcdir), "")


def refuse_bytes(data: bytes) -> tuple[str | None, tuple[int, str] | None]:
    """The page's text, or why it is not text, as (line, message)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        return None, (data.count(b"\n", 0, err.start) + 1, "page is not valid UTF-8 text; not read")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, (line, "page contains a NUL byte (a binary file?); not read")
    return text, None


def refused_page(docname: str, relpath: str, line: int, message: str) -> Page:
    page = Page(docname=docname, source=relpath)
    page.reader_problems.append(Diagnostic(docname, line, Subtype.LIMIT, message, relpath))
    return page


def read_page(
    docname: str,
    path: Path,
    srcdir: Path,
    settings: Settings,
    myst_extensions: tuple[str, ...],
    data: bytes | None = None,
    names: KnownNames = DEFAULT_NAMES,
) -> Page:
    """Read one page; ``data`` is its file's bytes when the caller has read them already
    (after :func:`refuse_file` said they may be read)."""
    relpath = path.relative_to(srcdir).as_posix()
    if data is None:
        refused = refuse_file(path, srcdir, settings.max_file_bytes)
        if refused:
            return refused_page(docname, relpath, *refused)
        data = _read_bytes(path, relpath)
    text, problem = refuse_bytes(data)
    if text is None:
        assert problem is not None
        return refused_page(docname, relpath, *problem)
    from .scanner import scan_page

    return scan_page(text, docname, relpath, settings, myst_extensions, srcdir=srcdir, names=names)


def read_buffer(
    docname: str,
    relpath: str,
    text: str,
    srcdir: Path,
    settings: Settings,
    myst_extensions: tuple[str, ...],
    names: KnownNames = DEFAULT_NAMES,
) -> Page:
    """Read a page from text an editor holds rather than from its file (the language
    server, ``sphinx-rri fix``): the same limit on size, then :func:`read_page`.
    ``names`` are the project's (:attr:`Project.names`), as ``validate`` reads with."""
    data = text.encode("utf-8", "surrogatepass")
    if len(data) > settings.max_file_bytes:
        message = (
            f"page is larger than rri_max_file_bytes ({settings.max_file_bytes} bytes); not read"
        )
        return refused_page(docname, relpath, 1, message)
    return read_page(
        docname, srcdir / relpath, srcdir, settings, myst_extensions, data=data, names=names
    )


def _read_bytes(path: Path, relpath: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise ProjectError(f"{relpath}: cannot read: {err.strerror or err}") from None


ReadArgs = tuple[str, Path, Path, Settings, tuple[str, ...], bytes | None, KnownNames]


def _read_many(args: list[ReadArgs]) -> list[Page]:
    """Read and judge pages (in a pool worker, for large projects): the rules that need
    one page run where the page was read, and their findings travel with it."""
    from ..contract.checks import judge_page

    return [judge_page(read_page(*a), a[3]) for a in args]


#: How many chunks of pages each pool worker takes, on average.
CHUNKS_PER_WORKER = 8


def _warm_up(project: Project) -> None:
    """Build, before the pool forks, what every worker would otherwise build for itself:
    MyST's Markdown parsers and the schema validators. (MyST's directive option reader is
    imported only for the option blocks the scanner does not read itself.)"""
    from ..contract.checks import warm_up as warm_up_checks
    from .scanner import warm_up as warm_up_scanner

    warm_up_scanner(project.myst_extensions)
    warm_up_checks(project.settings)


def scan_project(
    project: Project, jobs: int | None = None, cache: PageCache | None = None
) -> Course:
    """Read and judge every document; with a ``cache``, only the pages it does not hold."""
    _real_parent.cache_clear()  # a folder may have become a link since the last scan
    pages: dict[str, Page] = {}
    todo: list[ReadArgs] = []
    digests: dict[str, str] = {}
    with no_gc():
        for docname, path in sorted(project.documents.items()):
            data = None
            refused, status = (
                refuse_status(path, project.srcdir, project.settings.max_file_bytes)
                if cache is not None
                else ((1, ""), None)
            )
            if cache is not None and not refused:
                # A file whose status is the one recorded holds the bytes hashed then
                # (see :mod:`.cache`): it is not read again.
                known = file_status(status) if status is not None else None
                digest = cache.known_key(docname, known) if known is not None else None
                hit = cache.get(docname, digest) if digest is not None else None
                if hit is None:
                    data = _read_bytes(path, path.relative_to(project.srcdir).as_posix())
                    digest = content_key(data)
                    # Only a cacheable page was ever stored, and these are the same bytes.
                    hit = cache.get(docname, digest)
                assert digest is not None
                if known is not None:
                    cache.remember(docname, known, digest)
                if hit is not None:
                    pages[docname] = hit
                    continue
                assert data is not None
                if cacheable(data):
                    digests[docname] = digest
            todo.append(
                (
                    docname,
                    path,
                    project.srcdir,
                    project.settings,
                    project.myst_extensions,
                    data,
                    project.names,
                )
            )
    for page in _read_all(project, todo, jobs):
        pages[page.docname] = page
        if cache is not None and page.docname in digests:
            cache.put(page.docname, digests[page.docname], page)
    for docname, path in project.unreadable.items():
        relpath = path.relative_to(project.srcdir).as_posix()
        refused = refuse_file(path, project.srcdir, project.settings.max_file_bytes)
        pages.setdefault(
            docname, refused_page(docname, relpath, *(refused or (1, "page cannot be read")))
        )
    if cache is not None:
        cache.save()
    return Course(pages=dict(sorted(pages.items())), docnames=frozenset(project.documents))


def _read_all(project: Project, args: list[ReadArgs], jobs: int | None) -> list[Page]:
    if not args:
        return []
    with no_gc():  # the parsers' modules, made once and kept: not for the collector
        from .scanner import quiet_block_rules

        quiet_block_rules()
    workers = jobs if jobs is not None else min(os.cpu_count() or 1, 4)
    if workers > 1 and len(args) >= POOL_THRESHOLD:
        from concurrent.futures import ProcessPoolExecutor

        _warm_up(project)
        # Small chunks, handed out as workers free up, so that no worker is left with
        # the heavy pages while the others wait; few enough not to cost in messages.
        size = max(1, len(args) // (workers * CHUNKS_PER_WORKER))
        chunks = [args[i : i + size] for i in range(0, len(args), size)]
        import gc

        # The pages coming back are unpickled here, by the thousand objects, and kept:
        # the collector would walk them all, several times, to free nothing. It is off
        # while they arrive (and they are then frozen out of its way); the workers,
        # forked meanwhile, collect as they did.
        collecting = gc.isenabled()
        with (
            no_gc(),
            ProcessPoolExecutor(
                max_workers=workers, initializer=_start_worker, initargs=(collecting,)
            ) as pool,
        ):
            return [page for chunk in pool.map(_read_many, chunks) for page in chunk]
    return _read_many(args)


def _start_worker(collecting: bool) -> None:
    """A pool worker collects cycles (parser states) if the main process did."""
    if collecting:
        import gc

        gc.enable()
