"""What differs between the Sphinx versions the extension supports (8 and 9), in one
place: the builder a transform runs for, and how a page's text is read.

Sphinx 9 keeps the builder's class on the environment (``env._builder_cls``) and
deprecates reaching the application from a transform; Sphinx 8 has neither attribute
but gives ``env.app``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils.io import StringInput

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def builder_class(env: BuildEnvironment) -> Any:
    """The class of the builder this build runs (its ``name``, ``format`` and
    ``supported_remote_images`` are class attributes)."""
    cls = getattr(env, "_builder_cls", None)
    if cls is not None:
        return cls
    return type(env.app.builder)


class _NoText(StringInput):
    """A source that reads as empty text, keeping the page's own path for messages."""

    def __init__(self, *args: Any, source_path: str | None = None, **kwargs: Any) -> None:
        super().__init__(source="", source_path=source_path, encoding="utf-8")


@contextmanager
def pages_read_as_empty(app: Sphinx, docname: str, path: str) -> Iterator[None]:
    """While in it, Sphinx's ``read_doc`` reads ``docname`` as empty text and never
    opens its file. Sphinx 9 reads the text from ``env.doc2path(docname)``; Sphinx 8
    hands the file name to a docutils publisher, which opens it."""
    from sphinx.util import get_filetype

    env = app.env
    registry = app.registry
    publisher = None
    if not hasattr(env, "_builder_cls"):  # Sphinx 8
        filetype = get_filetype(app.config.source_suffix, path)
        publisher = getattr(registry, "get_publisher")(app, filetype)  # noqa: B009 (Sphinx 8 only)
    doc2path = env.doc2path

    def empty_source(name: str, base: bool = True) -> Any:
        found = doc2path(name, base)
        return _EmptyPath(found) if name == docname and base else found

    setattr(env, "doc2path", empty_source)  # noqa: B010 (an instance's own, for one call)
    saved = publisher.source_class if publisher is not None else None
    if publisher is not None:
        publisher.source_class = _NoText
    try:
        yield
    finally:
        delattr(env, "doc2path")
        if publisher is not None:
            publisher.source_class = saved


class _EmptyPath(type(Path())):  # type: ignore[misc]
    """A page's path whose text is empty (what Sphinx 9's ``read_doc`` reads)."""

    def read_text(self, *args: Any, **kwargs: Any) -> str:
        return ""
