"""One quick walk of a doctree, for the transforms that look for a few kinds of node.

docutils' ``findall`` is a generator nested once per level of the tree, so each node it
passes costs a resumption of every generator above it; the extension's transforms walk
every page several times over (cards, next steps, quotes, the sandbox's judgement,
tabs, key concepts, the gap report, the last look at links). This walk keeps its own
stack, skips text (no transform here looks for it) and gives the same nodes in the
same order as ``list(root.findall(kinds))``.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes

_Element = nodes.Element


def elements(root: nodes.Node, kinds: type[Any] | tuple[type[Any], ...]) -> list[Any]:
    """The elements of ``kinds`` in ``root`` (itself included), in document order."""
    found: list[Any] = []
    if not isinstance(root, _Element):
        return found
    stack: list[Any] = [root]
    pop = stack.pop
    push = stack.extend
    add = found.append
    while stack:
        node = pop()
        if isinstance(node, kinds):
            add(node)
        children = node.children
        if children:
            # Reversed onto the stack, so that the first child is walked first.
            push([child for child in reversed(children) if isinstance(child, _Element)])
    return found


def outermost(found: list[Any], is_one: Any) -> list[Any]:
    """The nodes of ``found`` (in document order) with no ancestor that ``is_one``.

    A transform that replaces a node by a new one holding its content can move that
    content rather than copy it, as long as it leaves alone the nodes of its kind inside
    a node it already replaced: with copies, the copies of those stayed as they were
    (the transform only ever reached the originals, no longer in the page)."""
    kept = []
    for node in found:
        parent = node.parent
        while parent is not None and not is_one(parent):
            parent = parent.parent
        if parent is None:
            kept.append(node)
    return kept
