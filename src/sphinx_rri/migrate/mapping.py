"""Map mkdocs block constructs to their nearest MyST directive.

- ``!!! type "title"`` -> a docutils admonition (``{note}``, ``{tip}``...) or
  ``{admonition} title`` with the type as its class;
- a "Human Factors" admonition -> the contract's ``{human-factors}``;
- ``???`` / ``???+`` -> ``{key-concept}`` when its title asks what a term means,
  otherwise sphinx-design's ``{dropdown}``;
- ``=== "label"`` tab sets -> sphinx-design ``{tab-set}`` / ``{tab-item}``;
- ``<figure markdown>`` -> ``{figure}``; ``<div class="grid cards" markdown>`` ->
  sphinx-design ``{grid}`` of ``{grid-item-card}``; ``<details markdown>`` ->
  ``{dropdown}``; other ``<div markdown>`` -> ``{container}``, or unwrapped when it
  holds headings (docutils allows no section inside a directive).

Task cards and next steps need the page's sections and are made in :mod:`.semantic`
before this runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .context import Context
from .inline import InlineConverter, parse_attr_list, strip_markup
from .media import Media, read_media
from .structure import analyse
from .tree import Admonition, Directive, Heading, HtmlContainer, Node, TabSet, Text, Verbatim

#: The admonitions docutils knows by name; they need no ``:class:``.
DOCUTILS_ADMONITIONS = frozenset(
    {
        "attention",
        "caution",
        "danger",
        "error",
        "hint",
        "important",
        "note",
        "tip",
        "warning",
        "seealso",
    }
)

#: Material for MkDocs types without a docutils namesake -> the docutils type themes style
#: in the same colour.
MATERIAL_TO_DOCUTILS = {
    "abstract": "note",
    "summary": "note",
    "tldr": "note",
    "info": "note",
    "todo": "note",
    "success": "hint",
    "check": "hint",
    "done": "hint",
    "question": "hint",
    "help": "hint",
    "faq": "hint",
    "failure": "error",
    "fail": "error",
    "missing": "error",
    "bug": "danger",
    "example": "note",
    "quote": "note",
    "cite": "note",
}

#: Admonition type -> sphinx-design dropdown colour.
DROPDOWN_COLOURS = {
    "note": "info",
    "seealso": "info",
    "abstract": "info",
    "summary": "info",
    "tldr": "info",
    "info": "info",
    "todo": "info",
    "tip": "success",
    "hint": "success",
    "important": "primary",
    "success": "success",
    "check": "success",
    "done": "success",
    "question": "secondary",
    "help": "secondary",
    "faq": "secondary",
    "warning": "warning",
    "caution": "warning",
    "attention": "warning",
    "failure": "danger",
    "fail": "danger",
    "missing": "danger",
    "danger": "danger",
    "error": "danger",
    "bug": "danger",
    "example": "primary",
    "quote": "secondary",
    "cite": "secondary",
}

_HUMAN_FACTORS = re.compile(r"^human\s+factors:?$", re.IGNORECASE)
_KEY_CONCEPT_PREFIX = re.compile(r"^key\s+concepts?\b", re.IGNORECASE)
_WHAT_IS = re.compile(
    r"^what\s+(?:is|are)\s+(?:an?\s+|the\s+)?(?P<term>[^?]{1,60})\?$", re.IGNORECASE
)
_TRAILING_PREPOSITION = re.compile(r"\b(?:for|of|to|with|about|in|on|by|from|at)$", re.IGNORECASE)
_IMAGE = re.compile(
    r"^!\[(?P<alt>[^\]]*)\]\((?P<src>[^()\s]+)(?:\s+\"[^\"]*\")?\)\s*(?P<attrs>\{[^{}]*\})?$"
)
_FIGCAPTION = re.compile(r"<figcaption[^>]*>(?P<caption>.*?)</figcaption>", re.DOTALL | re.I)
_SUMMARY = re.compile(r"^\s*<summary[^>]*>(?P<summary>.*?)</summary>\s*$", re.I)

ParseFn = Callable[[list[str], int], list[Node]]


def is_key_concept_title(title: str) -> bool:
    """A definitional question ("What is model drift?") or a "Key concept: ..." title.

    "What is the team responsible for?" ends on a preposition: it asks for an answer,
    not for the meaning of a term, and stays a plain dropdown.
    """
    if _KEY_CONCEPT_PREFIX.match(title):
        return True
    match = _WHAT_IS.match(title)
    if not match:
        return False
    term = match.group("term").strip()
    return len(term.split()) <= 4 and not _TRAILING_PREPOSITION.search(term)


def has_visible_content(nodes: list[Node]) -> bool:
    for node in nodes:
        if isinstance(node, Verbatim) and node.kind == "comment":
            continue
        if isinstance(node, Text) and not any(line.strip() for line in node.lines):
            continue
        return True
    return False


class Mapper:
    def __init__(self, ctx: Context, inline: InlineConverter, parse: ParseFn) -> None:
        self.ctx = ctx
        self.inline = inline
        self.parse = parse

    def map(self, nodes: list[Node]) -> list[Node]:
        out: list[Node] = []
        for node in nodes:
            mapped = self.map_node(node)
            out.extend(mapped)
        return out

    def map_node(self, node: Node) -> list[Node]:
        if isinstance(node, Admonition):
            return [self.admonition(node)]
        if isinstance(node, TabSet):
            return [self.tab_set(node)]
        if isinstance(node, HtmlContainer):
            return self.html_container(node)
        if isinstance(node, Directive):
            node.children = self.map(node.children)
            return [node]
        return [node]

    # -- admonitions ------------------------------------------------------------------

    def title(self, text: str, line_index: int = 0) -> str:
        return self.inline.convert(text, line_index=line_index, title=True).strip()

    def admonition(self, node: Admonition) -> Directive:
        ctx = self.ctx
        plain = strip_markup(node.title or "")
        children = self.map(node.children)
        line = ctx.line(node.start)
        if node.classes:
            ctx.report.note(
                line,
                f"admonition classes with no Sphinx equivalent dropped: {' '.join(node.classes)}",
            )
        if _HUMAN_FACTORS.match(plain) and has_visible_content(children):
            ctx.report.count("human-factors")
            return Directive(
                "human-factors", children=children, start=node.start, indent=node.indent
            )
        key_concept = (
            plain
            and has_visible_content(children)
            and (
                (node.collapsible and is_key_concept_title(plain))
                or (not node.collapsible and _KEY_CONCEPT_PREFIX.match(plain))
            )
        )
        if key_concept:
            ctx.report.count("key-concept")
            # A plain "!!! info "Key Concept: ..."" box was always visible: keep it open.
            opened = node.open or not node.collapsible
            return Directive(
                "key-concept",
                self.title(node.title or "", node.start),
                [("open", "")] if opened else [],
                children,
                node.start,
                node.indent,
            )
        if node.collapsible:
            ctx.report.count("collapsible")
            ctx.sphinx_extensions.add("sphinx_design")
            options = [("open", "")] if node.open else []
            colour = DROPDOWN_COLOURS.get(node.kind)
            if colour:
                options.append(("color", colour))
            title = self.title(node.title, node.start) if node.title else node.kind.capitalize()
            return Directive("dropdown", title, options, children, node.start, node.indent)
        ctx.report.count("admonition")
        docutils_kind = node.kind if node.kind in DOCUTILS_ADMONITIONS else None
        mapped = docutils_kind or MATERIAL_TO_DOCUTILS.get(node.kind, "note")
        if node.title is None and docutils_kind:
            return Directive(docutils_kind, children=children, start=node.start, indent=node.indent)
        if node.title == "":
            # mkdocs shows no title bar; docutils admonitions always have one.
            ctx.report.note(line, "admonition without title now shows its type as title")
            return Directive(mapped, children=children, start=node.start, indent=node.indent)
        title = self.title(node.title, node.start) if node.title else node.kind.capitalize()
        css = node.kind if mapped == node.kind else f"{mapped} {node.kind}"
        return Directive("admonition", title, [("class", css)], children, node.start, node.indent)

    # -- content tabs -------------------------------------------------------------------

    def tab_set(self, node: TabSet) -> Directive:
        self.ctx.report.count("tabs")
        self.ctx.sphinx_extensions.add("sphinx_design")
        items: list[Node] = [
            Directive(
                "tab-item",
                self.title(tab.title, tab.start) or "Tab",
                [("selected", "")] if tab.selected else [],
                self.map(tab.children),
                tab.start,
            )
            for tab in node.tabs
        ]
        return Directive("tab-set", children=items, start=node.start, indent=node.indent)

    # -- md_in_html -----------------------------------------------------------------------

    def html_container(self, node: HtmlContainer) -> list[Node]:
        ctx = self.ctx
        classes = node.attrs.get("class", "").split()
        line = ctx.line(node.start)
        if node.tag == "figure":
            figure = self.figure(node)
            if figure is not None:
                return [figure]
        elif node.tag == "div" and "grid" in classes and "cards" in classes:
            grid = self.grid_cards(node)
            if grid is not None:
                return [grid]
        elif node.tag == "div" and "grid" in classes:
            grid = self.grid_blocks(node)
            if grid is not None:
                return [grid]
        elif node.tag == "details":
            return [self.details(node)]
        children = self.map(node.children)
        if self._holds_headings(node.children):
            ctx.report.note(
                line,
                f"<{node.tag} markdown> holds headings, which cannot sit inside a "
                "directive: unwrapped (its styling classes are dropped)",
            )
            return self._reindent(children, node.indent)
        if node.tag in ("div", "section", "article", "aside", "figure"):
            ctx.report.count("container")
            options: list[tuple[str, str]] = []
            if "id" in node.attrs:
                options.append(("name", node.attrs["id"]))
            if "grid" in classes:
                ctx.report.review(line, "a grid without cards became a plain container")
            return [
                Directive(
                    "container", " ".join(classes), options, children, node.start, node.indent
                )
            ]
        ctx.report.note(line, f"<{node.tag} markdown> unwrapped: its content is kept")
        return self._reindent(children, node.indent)

    @staticmethod
    def _reindent(children: list[Node], indent: int) -> list[Node]:
        if not indent:
            return children
        wrapped = Directive("", children=children, indent=indent)  # rendered without fences
        return [wrapped]

    def _holds_headings(self, nodes: list[Node]) -> bool:
        for node in nodes:
            if isinstance(node, Heading):
                return True
            if isinstance(node, Text) and analyse(node.lines).headings:
                return True
        return False

    def figure(self, node: HtmlContainer) -> Directive | None:
        inner = "\n".join(node.inner)
        caption_match = _FIGCAPTION.search(inner)
        rest = _FIGCAPTION.sub("", inner).strip()
        image = _IMAGE.match(rest)
        if image is None:
            media = read_media(rest)
            if media is not None and all(isinstance(item, Media) for item in media):
                # A video with a caption: the video's directive, the caption after it.
                children: list[Node] = [Verbatim(rest.splitlines(), node.inner_start, "html")]
                if caption_match and caption_match.group("caption").strip():
                    caption = caption_match.group("caption").strip().splitlines()
                    children.append(Text([line.strip() for line in caption], node.inner_start))
                return Directive("", children=children, start=node.start, indent=node.indent)
            self.ctx.report.review(
                self.ctx.line(node.start),
                "<figure markdown> holds more than one image and a caption: kept as a container",
            )
            return None
        self.ctx.report.count("figure")
        options: list[tuple[str, str]] = []
        if image.group("alt"):
            options.append(("alt", image.group("alt")))
        if image.group("attrs"):
            self.ctx.report.count("attr-list")
            ident, classes, values = parse_attr_list(image.group("attrs"))
            for key in ("width", "height", "align"):
                value = values.pop(key, None)
                if value is None:
                    continue
                if key == "height" and value.endswith("%"):
                    values["height"] = value  # reported below
                    continue
                if key == "width" and value.isdigit():
                    value += "px"
                if key == "align" and value not in ("left", "center", "right"):
                    values["align"] = value
                    continue
                options.append((key, value))
            if classes:
                options.append(("class", " ".join(classes)))
            if ident:
                options.append(("name", ident))
            if values:
                self.ctx.report.note(
                    self.ctx.line(node.start),
                    "figure image attributes with no Sphinx equivalent dropped: "
                    + ", ".join(f"{k}={v}" for k, v in sorted(values.items())),
                )
        src = self.inline._check_local(image.group("src"), node.start, "image")
        children = []
        if caption_match and caption_match.group("caption").strip():
            caption = [line.strip() for line in caption_match.group("caption").strip().splitlines()]
            children.append(Text(caption, node.inner_start))
        return Directive("figure", src, options, children, node.start, node.indent)

    def grid_cards(self, node: HtmlContainer) -> Directive | None:
        """A list whose items are cards: ``- __Title__`` then ``---`` then the body."""
        lines = node.inner
        structure = analyse(lines)
        # Python-Markdown keeps one list where CommonMark starts another at each change of
        # marker (`-` to `*`); material draws the items of each as cards.
        listings = sorted(structure.bullet_lists + structure.ordered_lists, key=lambda x: x.start)
        if not listings:
            return None
        inside = {k for listing in listings for k in range(listing.start, listing.end)}
        outside = [line for k, line in enumerate(lines) if k not in inside]
        if any(line.strip() and not line.strip().startswith("<!--") for line in outside):
            self.ctx.report.review(
                self.ctx.line(node.start),
                "grid holds more than its list of cards: kept as a container",
            )
            return None
        cards: list[Node] = []
        for start, end in (item for listing in listings for item in listing.items):
            cards.append(self._card(lines[start:end], node.inner_start + start))
        self.ctx.report.count("grid-cards")
        self.ctx.report.count("card", len(cards))
        self.ctx.sphinx_extensions.add("sphinx_design")
        return Directive("grid", "1 2 2 2", [("gutter", "2")], cards, node.start, node.indent)

    def grid_blocks(self, node: HtmlContainer) -> Directive | None:
        """Material's generic grid: each block of ``<div class="grid" markdown>`` is a cell,
        and a paragraph followed by ``{ .card }`` on a line of its own is drawn as a card.
        ``None`` when no block is a card (then the grid is a plain container, for review)
        or a block holds a heading."""
        lines = node.inner
        items: list[Node] = []
        cards = 0
        for start, end in _top_level_blocks(lines):
            block = lines[start:end]
            if all(_COMMENT_LINE.match(line) for line in block if line.strip()):
                self.ctx.report.count("html-comment")
                continue  # a comment between cells: no cell of its own
            body, card = _without_card_attr(block)
            children = self.map(self.parse(body, node.inner_start + start))
            if self._holds_headings(children):
                return None
            name = "grid-item-card" if card else "grid-item"
            items.append(Directive(name, "", [], children, node.inner_start + start))
            cards += card
        if not cards:
            return None
        self.ctx.report.count("grid-cards")
        self.ctx.report.count("card", cards)
        self.ctx.report.count("attr-list", cards)
        self.ctx.sphinx_extensions.add("sphinx_design")
        return Directive("grid", "1 2 2 2", [("gutter", "2")], items, node.start, node.indent)

    def _card(self, item: list[str], start: int) -> Directive:
        marker = re.match(r"^( *(?:[-*+]|\d{1,9}[.)]) +)", item[0])
        width = len(marker.group(1)) if marker else 2
        body = [item[0][width:]] + [
            line[width:] if line[:width].strip() == "" else line.lstrip() for line in item[1:]
        ]
        title = ""
        separator = next(
            (i for i, line in enumerate(body) if line.strip() in ("---", "***", "___")), None
        )
        if separator is not None:
            header = [line.strip() for line in body[:separator] if line.strip()]
            if header:
                title = self.title(" ".join(header), start)
                body = body[separator + 1 :]
                start += separator + 1
        children = self.map(self.parse(body, start))
        return Directive("grid-item-card", title, [], children, start)

    def details(self, node: HtmlContainer) -> Directive:
        self.ctx.report.count("collapsible")
        self.ctx.sphinx_extensions.add("sphinx_design")
        summary = "Details"
        body = list(node.inner)
        for index, line in enumerate(body):
            match = _SUMMARY.match(line)
            if match:
                summary = self.title(match.group("summary")) or summary
                del body[index]
                break
        options = [("open", "")] if "open" in node.attrs else []
        children = self.map(self.parse(body, node.inner_start))
        return Directive("dropdown", summary, options, children, node.start, node.indent)


_COMMENT_LINE = re.compile(r"^\s*<!--.*-->\s*$")
#: ``{ .card }`` (with any other classes) on a line of its own after a paragraph:
#: Material's mark of a card in a generic grid.
_CARD_ATTR = re.compile(r"\{:?\s*(?:[.#][\w-]+\s+)*\.card(?:\s+[.#][\w-]+)*\s*\}")
#: A line that starts a block other than a paragraph (which a card mark cannot end).
_NOT_PARAGRAPH = re.compile(r"^(?:\s|>|!!!|\?\?\?|===|[-*+]\s|\d{1,9}[.)]\s|```|~~~|#|<|\|)")


def _top_level_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """The blocks of ``lines`` split at blank lines; an indented line after a blank one
    goes on with the block before it (an admonition's body, a list item's paragraph)."""
    blocks: list[tuple[int, int]] = []
    start: int | None = None
    end = 0
    fence: str | None = None
    for index, line in enumerate(lines):
        stripped = line.strip()
        if fence is not None:
            if stripped.startswith(fence):
                fence = None
            end = index + 1
            continue
        if not stripped:
            continue
        opening = re.match(r"^\s*(`{3,}|~{3,})", line)
        if start is not None and (line[:1] in (" ", "\t") or index == end):
            end = index + 1  # indented after a blank line, or no blank line before it
        else:
            if start is not None:
                blocks.append((start, end))
            start, end = index, index + 1
        if opening:
            fence = opening.group(1)
    if start is not None:
        blocks.append((start, end))
    return blocks


def _without_card_attr(block: list[str]) -> tuple[list[str], bool]:
    """The block without its ``{ .card }`` mark, and whether it had one (only a
    paragraph can: Python-Markdown gives an attribute list on the last line of a block,
    alone, to that block; one at the end of a line of text stays text)."""
    if not block or _NOT_PARAGRAPH.match(block[0]):
        return block, False
    if len(block) < 2 or not _CARD_ATTR.fullmatch(block[-1].strip()):
        return block, False
    return block[:-1], True
