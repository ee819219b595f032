"""Trees that a writer or a resolver of Sphinx cannot handle: a located warning instead
of a traceback.

A page of a few bytes can make a node tree that reads well but that one of Sphinx's
builders cannot write, or a reference that Sphinx cannot resolve without failing:

- a table inside a table cell: the text and man writers keep one table at a time (the
  text writer raises ``NotImplementedError``, the man writer fails on the outer cell);
- a heading with no text (MyST's ``#`` alone): the LaTeX writer reads the first child
  of the document title, and the texinfo writer asserts that every heading gives a node
  name (it gives none when the heading has only spaces, commas, colons and brackets);
- a reference whose resolver fails on what the page gives it (the standard domain
  formats a ``numref`` title such as ``{0}`` or ``%z`` without catching what
  ``str.format`` and ``%`` raise);
- an ``epigraph`` left empty (its only content, a ``header``, went to the page's
  decoration): Sphinx's ``HandleCodeBlocks`` asserts while it takes the quote out.

Each is found before the writer runs, for the builders that need it, and becomes a
warning at the page's line; the tree is changed only as little as writing it needs.
Whatever else a writer fails on while it visits a node (the man writer on a ``header``
or on a footnote with no text, the writers that have no visitor for a node, such as
the ``acronym`` role's) is, as a last resort, a warning at the node's line, and the node
is left out.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import ReferencesResolver, SphinxPostTransform
from sphinx.util import logging

from .compat import builder_class
from .trees import elements

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


def _line_node(node: nodes.Node) -> nodes.Node:
    """``node``, or the first node inside or above it that knows its line."""
    for candidate in node.findall(include_self=True):
        if getattr(candidate, "line", None):
            return candidate
    parent = node.parent
    while parent is not None and not getattr(parent, "line", None):
        parent = parent.parent
    return parent if parent is not None else node


class TablesInTables(SphinxPostTransform):
    """For the writers that keep one table at a time: a table inside a table is a
    warning at its line, and its cells' content is shown in its place, one after the
    other."""

    default_priority = 800
    formats = ("text", "man")

    def run(self, **kwargs: Any) -> None:
        for table in elements(self.document, nodes.table):
            outer = table.parent
            while outer is not None and not isinstance(outer, nodes.table):
                outer = outer.parent
            if outer is None:
                continue
            logger.warning(
                "a table inside a table cannot be written by the %s builder; the cells "
                "of the inner table are shown one after the other",
                builder_class(self.env).name,
                type="rri",
                subtype="nesting",
                location=_line_node(table),
            )
            container = nodes.container(classes=["rri-flattened-table"])
            for entry in list(table.findall(nodes.entry)):
                container.extend(child.deepcopy() for child in entry.children)
            table.replace_self(container)


#: What the texinfo writer removes from a heading before it names the node.
_NO_NODE_NAME = re.compile(r"[\s,:()]*")


class HeadingsWithoutText(SphinxPostTransform):
    """For the LaTeX and texinfo writers: a heading they cannot write is a warning at its
    line, and the page is written as if the heading were not there (what follows it
    belongs to the heading before it)."""

    default_priority = 800
    formats = ("latex", "texinfo")

    def run(self, **kwargs: Any) -> None:
        texinfo = builder_class(self.env).format == "texinfo"
        for section in elements(self.document, nodes.section):
            title = section.next_node(nodes.title)
            if title is None or title.parent is not section:
                continue
            if texinfo:
                unwritable = _NO_NODE_NAME.fullmatch(title.astext()) is not None
            else:
                unwritable = not title.children
            if not unwritable:
                continue
            logger.warning(
                "a heading with no text%s cannot be written by the %s builder; the page "
                "is written as if the heading were not there",
                " (other than spaces, commas, colons and brackets)" if texinfo else "",
                builder_class(self.env).name,
                location=_line_node(title),
            )
            _dissolve(section, title)


def _dissolve(section: nodes.section, title: nodes.title) -> None:
    """Take ``section`` out of the tree, keeping its content: into the section before
    it, else into its parent at its place. Its ids stay on an empty target."""
    content: list[nodes.Node] = [child for child in section.children if child is not title]
    if section["ids"]:
        content.insert(0, nodes.target("", "", ids=list(section["ids"])))
    parent = section.parent
    index = parent.index(section)
    before = parent[index - 1] if index > 0 else None
    for child in content:
        child.parent = None
    if isinstance(before, nodes.section):
        parent.remove(section)
        before.extend(content)
    else:
        section.replace_self(content or [nodes.inline()])


class GuardedReferences(ReferencesResolver):
    """Sphinx's resolver of references, run just before it (so that it finds nothing
    left to do), with each reference resolved on its own: when resolving one fails, it
    is a warning at the reference's line and the reference shows its text, as an
    unresolved reference does."""

    default_priority = 9

    def _resolve_pending_xref(self, node: Any, contnode: Any) -> Any:
        try:
            return super()._resolve_pending_xref(node, contnode)
        except Exception as error:  # someone else's resolver, failing on a page's text
            logger.warning(
                "the %s reference %r cannot be resolved (%s: %s); it is shown as written",
                node.get("reftype", ""),
                node.get("reftarget", ""),
                type(error).__name__,
                error,
                type="rri",
                subtype="ref",
                location=node,
            )
            return contnode


class EmptyQuotes(SphinxTransform):
    """A quote left with nothing in it (an ``epigraph`` whose only content went
    elsewhere, such as a ``header``) is taken out of the page, as Sphinx takes out a
    plain one; Sphinx's ``HandleCodeBlocks`` asserts that a quote it takes out has no
    classes, and an ``epigraph`` has one."""

    default_priority = 209  # just before Sphinx's HandleCodeBlocks (210)

    def apply(self, **kwargs: Any) -> None:
        for quote in elements(self.document, nodes.block_quote):
            if not quote.children and quote.parent is not None:
                quote.parent.remove(quote)


# -- the writers -------------------------------------------------------------------------------


def _no_visitor(translator: Any, node: nodes.Node, prefix: str) -> bool:
    return not any(getattr(translator, prefix + cls.__name__, None) for cls in type(node).__mro__)


def _guard_translator(translator: Any, builder: str) -> Any:
    """``translator``, whose visit of a node that fails is a warning at the node's line
    and leaves the node out, and whose departure from a node that fails is a warning."""
    visit = translator.dispatch_visit
    depart = translator.dispatch_departure

    def guarded_visit(node: nodes.Node) -> None:
        try:
            visit(node)
        except (nodes.TreePruningException, nodes.StopTraversal):
            raise
        except Exception as error:  # a writer of Sphinx or docutils, on this tree
            _warn_unwritable(node, builder, error, "it is left out")
            raise nodes.SkipNode from None

    def guarded_departure(node: nodes.Node) -> None:
        try:
            depart(node)
        except nodes.StopTraversal:
            raise
        except Exception as error:
            if isinstance(error, NotImplementedError) and _no_visitor(translator, node, "depart_"):
                return  # Sphinx warned of the unknown node when it visited it
            _warn_unwritable(node, builder, error, "what follows it may be written amiss")

    translator.dispatch_visit = guarded_visit
    translator.dispatch_departure = guarded_departure
    return translator


def _warn_unwritable(node: nodes.Node, builder: str, error: Exception, after: str) -> None:
    said = " ".join(str(error).split())
    said = said if len(said) <= 80 else said[:79] + "\u2026"
    logger.warning(
        "the %s builder cannot write this %s here (%s: %s); %s",
        builder,
        node.tagname,
        type(error).__name__,
        said,
        after,
        location=_line_node(node),
    )


def _guard_translators(app: Sphinx) -> None:
    """At ``builder-inited``: every translator this build makes is guarded."""
    registry = app.registry
    create = registry.create_translator

    def create_translator(builder: Any, *args: Any) -> Any:
        return _guard_translator(create(builder, *args), builder.name)

    setattr(registry, "create_translator", create_translator)  # noqa: B010 (this app's own)


def setup_guards(app: Sphinx) -> None:
    app.add_transform(EmptyQuotes)
    app.add_post_transform(GuardedReferences)
    app.add_post_transform(TablesInTables)
    app.add_post_transform(HeadingsWithoutText)
    app.connect("builder-inited", _guard_translators)
