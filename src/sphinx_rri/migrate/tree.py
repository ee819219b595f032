"""The node tree a page goes through between the mkdocs source and the MyST output.

The block parser (:mod:`.blocks`) produces the mkdocs-level nodes (:class:`Admonition`,
:class:`TabSet`, :class:`HtmlContainer`); the mapping steps (:mod:`.semantic`,
:mod:`.mapping`) replace them with :class:`Directive` nodes; the renderer (:mod:`.render`)
only ever sees :class:`Text`, :class:`Verbatim`, :class:`Heading` and :class:`Directive`.

Every node records ``start``, the index of its first line in the page (after snippets are
inlined), so that the report can point a person at a line of the source file.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Text:
    """Plain Markdown lines, already free of mkdocs block syntax at this level."""

    lines: list[str]
    start: int
    continues_list: bool = False
    """True when the lines go on a list item that a nested block interrupted."""


@dataclass
class Verbatim:
    """Lines copied unchanged: a code fence, an HTML comment, raw HTML or a math block."""

    lines: list[str]
    start: int
    kind: str  # "fence" | "comment" | "html" | "math"


@dataclass
class Heading:
    """An ATX or setext heading at page level."""

    level: int
    title: str
    attrs: str
    start: int


@dataclass
class Admonition:
    """``!!! type "title"`` (``collapsible`` False) or ``???``/``???+`` (True)."""

    kind: str
    classes: list[str]
    title: str | None
    collapsible: bool
    open: bool
    children: list[Node]
    start: int
    indent: int = 0


@dataclass
class Tab:
    title: str
    children: list[Node]
    start: int
    selected: bool = False


@dataclass
class TabSet:
    """Consecutive ``=== "title"`` blocks."""

    tabs: list[Tab]
    start: int
    indent: int = 0


@dataclass
class HtmlContainer:
    """An HTML element with the ``markdown`` attribute (md_in_html)."""

    tag: str
    attrs: dict[str, str]
    children: list[Node]
    start: int
    indent: int
    inner: list[str]
    """The element's inner lines, dedented, for mappers that read them directly."""
    inner_start: int


@dataclass
class Directive:
    """A MyST directive in the output.

    ``fence`` is ``":"`` for colon fences, whose length the renderer derives from the
    nesting depth, or ``"`"`` for directives whose body is not Markdown (raw HTML, code).
    """

    name: str
    argument: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    start: int = 0
    indent: int = 0
    fence: str = ":"


Node = Text | Verbatim | Heading | Admonition | TabSet | HtmlContainer | Directive
