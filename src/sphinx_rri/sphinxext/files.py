"""The files behind the pages: never opened when refused, read again when they change.

* **Refused files are never opened.** Sphinx reads the root document whatever
  ``env-before-read-docs`` says, and opening a named pipe (FIFO) waits for a writer
  for ever, a device may never end. For a page whose file
  :func:`~sphinx_rri.reader.project.refuse_file` refuses, the builder's ``read_doc``
  is handed an empty text instead of the file's; ``source-read`` then reports the page
  at its first line as ``validate`` does.
* **A page whose file became another file is read again.** Sphinx reads a page again
  when its file is newer than the last read. A page replaced by a symbolic link to an
  older file, a link pointed at another file, a link replaced by a copy that kept its
  date: none is newer, and the build would keep the old text where a fresh build reads
  the new one. What each page's name led to when it was read (the links on the way,
  the file at the end, its size and date) is kept on the environment, and a page whose
  name now leads elsewhere is read again.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..reader.project import refuse_file
from .compat import pages_read_as_empty
from .config import settings_from_sphinx

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

_IDS_ATTR = "rri_file_ids"

FileId = tuple[Any, ...]


def file_id(path: Path) -> FileId:
    """What ``path`` leads to: each link on the way, then the file's identity."""
    hops: list[str] = []
    current = os.fspath(path)
    try:
        for _ in range(40):  # a loop of links ends as a failure, as the kernel's would
            if not os.path.islink(current):
                break
            target = os.readlink(current)
            hops.append(target)
            current = os.path.join(os.path.dirname(current), target)
        status = os.stat(current)
    except (OSError, ValueError):
        return (*hops, "missing")
    return (*hops, status.st_dev, status.st_ino, status.st_mode, status.st_size, status.st_mtime_ns)


def _file_ids(env: BuildEnvironment) -> dict[str, FileId]:
    ids = getattr(env, _IDS_ATTR, None)
    if not isinstance(ids, dict):
        ids = {}
        setattr(env, _IDS_ATTR, ids)
    return ids


def _note_files(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Before the pages are read (in this process, also under ``-j``): what each leads to."""
    ids = _file_ids(env)
    for docname in docnames:
        ids[docname] = file_id(Path(env.doc2path(docname)))


def _moved_files(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """The pages whose name leads to another file than when they were read.

    Added to ``changed`` itself, and first, so that the other handlers (the gap report's,
    the task links') see them as changed too."""
    ids = _file_ids(env)
    for docname in list(ids):
        if docname in removed or docname not in env.found_docs:
            del ids[docname]
    moved = sorted(
        docname
        for docname, known in ids.items()
        if docname not in added
        and docname not in changed
        and file_id(Path(env.doc2path(docname))) != known
    )
    changed.update(moved)
    return moved


def _never_open_refused(app: Sphinx) -> None:
    builder = app.builder
    read_doc = builder.read_doc
    if getattr(read_doc, "_rri_guarded", False):
        return

    def guarded(docname: str, *args: Any, **kwargs: Any) -> None:
        env = builder.env
        path = Path(env.doc2path(docname))
        settings = settings_from_sphinx(app.config)
        if not refuse_file(path, Path(env.srcdir), settings.max_file_bytes):
            read_doc(docname, *args, **kwargs)
            return
        with pages_read_as_empty(app, docname, str(path)):
            read_doc(docname, *args, **kwargs)

    guarded._rri_guarded = True  # type: ignore[attr-defined]
    setattr(builder, "read_doc", guarded)  # noqa: B010 (Sphinx marks it final)


def setup_files(app: Sphinx) -> None:
    app.connect("builder-inited", _never_open_refused)
    app.connect("env-get-outdated", _moved_files, priority=100)
    app.connect("env-before-read-docs", _note_files)
