"""What differs between the Sphinx versions the extension supports (8 and 9), and the
docutils versions they use, in one place: the builder a transform runs for, how a
page's text is read, and docutils 0.21's crash on a rule inside a box.

Sphinx 9 keeps the builder's class on the environment (``env._builder_cls``) and
deprecates reaching the application from a transform; Sphinx 8 has neither attribute
but gives ``env.app``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.io import StringInput
from docutils.transforms import Transform

from .trees import elements

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


# -- docutils 0.21 (which Sphinx 8 may use) ------------------------------------------------


def _docutils_before_0_22() -> bool:
    import docutils

    return tuple(docutils.__version_info__[:2]) < (0, 22)


class SetTransitionsAside(Transform):
    """A rule (``---``) inside a box or a MyST ``:::`` div, as docutils 0.22 treats it.

    docutils 0.22 warns that a transition must be a child of the document or a section,
    and keeps the rule. docutils 0.21's ``Transitions`` transform fails an ``assert``
    instead, so the build stops with a traceback on a page of a few bytes. Under 0.21,
    such a transition gets the same warning and is set aside (a comment stands in for
    it) while that transform runs, and :class:`PutTransitionsBack` restores it.
    """

    default_priority = 829  # just before docutils' Transitions (830)

    def apply(self, **kwargs: Any) -> None:
        if not _docutils_before_0_22():
            return
        aside: list[tuple[nodes.Node, nodes.Node]] = []
        for node in elements(self.document, nodes.transition):
            if isinstance(node.parent, (nodes.document, nodes.section)):
                continue
            self.document.reporter.warning(
                "Transition must be child of <document> or <section>.", base_node=node
            )
            stand_in = nodes.comment()
            node.replace_self(stand_in)
            aside.append((stand_in, node))
        self.document._rri_transitions_aside = aside


class PutTransitionsBack(Transform):
    """Puts back the transitions :class:`SetTransitionsAside` set aside."""

    default_priority = 831

    def apply(self, **kwargs: Any) -> None:
        aside = getattr(self.document, "_rri_transitions_aside", ())
        for stand_in, node in aside:
            stand_in.replace_self(node)
        self.document._rri_transitions_aside = []


def _target_notes_as_in_0_22() -> type[Any]:
    """docutils 0.21's ``target-notes`` with the options of 0.22, which has no ``:name:``.

    Under 0.21 a ``:name:`` puts an id on a node that docutils' ``TargetNotes`` transform
    then replaces, and the transform fails an ``assert`` ("Losing "ids" attribute"), so
    the build stops with a traceback; 0.22 refuses the option instead, and so does this.
    """
    from docutils.parsers.rst.directives.references import TargetNotes

    options = {k: v for k, v in (TargetNotes.option_spec or {}).items() if k != "name"}
    return type("TargetNotes", (TargetNotes,), {"option_spec": options})


def setup_compat(app: Sphinx) -> None:
    app.add_transform(SetTransitionsAside)
    app.add_transform(PutTransitionsBack)
    if _docutils_before_0_22():
        app.add_directive("target-notes", _target_notes_as_in_0_22(), override=True)
