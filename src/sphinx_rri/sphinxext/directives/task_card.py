"""``task-card`` and its parts ``task-description`` and ``task-importance``.

A card renders its parts in the canonical order (description, importance, examples)
whatever order the author wrote them in, under translatable headings, followed by any
other content the author put in the card. It is made of plain docutils nodes (a
container, rubrics, paragraphs), so every builder renders it with no extra code.

A card written in the flow of a page (not inside another box) becomes a section, by
:class:`CardsToSections`, before the page's table of contents is collected: its title
is then a real section title, in the page's contents, the sidebar, LaTeX's table of
contents and PDF bookmarks, and epub's navigation, while the section keeps the card's
class (one styled block) and ids (the task's anchor and the title's slug, the anchor
a hand-written heading had). The parts' headings stay rubrics, out of the contents.

A card whose ``:stage:`` differs from its page's shows that stage, by its title, in a
line under its own title (the page's stage is in the line under the page's title).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from ...contract.config import SLUG
from ...model.records import Task, slugify
from ..trees import elements
from .base import RRIDirective, recorder_of, stage_line

if TYPE_CHECKING:
    from sphinx.application import Sphinx

PART_CLASSES = {
    "task-description": "rri-task-description",
    "task-importance": "rri-task-importance",
    "illustrative-example": "rri-examples",
}
CANONICAL_ORDER = ("task-description", "task-importance", "illustrative-example")


def task_anchor(task_id: str) -> str:
    """``task-<id>``; an id that is not a slug (an error the checks report) is made
    one, since writers put anchors into HTML attributes and LaTeX labels as they are."""
    return nodes.make_id(f"task-{task_id}")


def object_anchor(task_id: str) -> str:
    """``rri-task-<id>``: the card's anchor in the search index and ``objects.inv``.

    Sphinx's search index shortens an anchor that reads ``<type>-<name>`` to ``-`` and
    rebuilds it from the displayed name, which for a task is its title, not its id
    (``task-Project Planning``): every search result led nowhere. This anchor never
    reads that way, so it is stored as it is."""
    return nodes.make_id(f"rri-task-{task_id}")


def is_valid_id(task_id: str) -> bool:
    """Only a slug becomes an anchor or an ``objects.inv`` entry: an invalid id (an
    error of its own) could otherwise break out of the HTML attribute it is written in."""
    return SLUG.fullmatch(task_id) is not None


class TaskCardDirective(RRIDirective):
    directive_name = "task-card"

    def run(self) -> list[nodes.Node]:
        record = self.record_open()
        title = self.argument
        card = nodes.container(classes=["rri-task-card", *self.author_classes])
        self.located(card)
        task_id = record.id if isinstance(record, Task) else ""
        card["rri-task-id"] = task_id
        if task_id and is_valid_id(task_id):
            card["ids"].extend((task_anchor(task_id), object_anchor(task_id)))
        if title:
            card += self.heading(title, 2, ["rri-task-title"])
        own_stage = self.own_stage_line(record)
        if own_stage is not None:
            card += own_stage
        body = nodes.container()
        self.parse_body(body)
        self.record_close(record)
        parts: dict[str, list[nodes.Node]] = {name: [] for name in CANONICAL_ORDER}
        rest: list[nodes.Node] = []
        for child in body.children:
            kind = child.get("rri-part") if isinstance(child, nodes.Element) else None
            parts.get(str(kind), rest).append(child)
        for name in CANONICAL_ORDER:
            card.extend(parts[name])
        card.extend(rest)
        self.let_go(body)
        if title and task_id and is_valid_id(task_id):
            domain = self.env.get_domain("rri")
            domain.note_task(task_id, title, self.env.docname, task_anchor(task_id))  # type: ignore[attr-defined]
        return [card]

    def own_stage_line(self, record: object) -> nodes.paragraph | None:
        """"Stage: <title>" under the title of a card whose ``:stage:`` is not its page's.

        The page's line under its title names the page's stage; a card that belongs to
        another stage says so itself, so a reader of the page sees every card's stage
        by its title, as the gap report and the task index show it. Page metadata, so
        ``rri_show_metadata = False`` leaves it out too."""
        if not isinstance(record, Task) or not self.config["rri_show_metadata"]:
            return None
        stage = (record.options.get("stage") or "").strip()
        recorder = recorder_of(self.env)
        if not stage or recorder is None or stage == recorder.page.meta.get("stage"):
            return None
        text = stage_line(self.config, stage)
        if not text:
            return None
        line = nodes.paragraph(text, text, classes=["rri-task-stage"])
        self.set_source_info(line)
        return line


class TaskPartDirective(RRIDirective):
    """``task-description`` or ``task-importance``: a heading and the author's text."""

    #: The label key (``rri_labels``, the ``sphinx_rri`` catalog) of each part's heading.
    headings = {
        "task-description": "description",
        "task-importance": "importance",
    }

    def run(self) -> list[nodes.Node]:
        record = self.record_open()
        part = nodes.container(classes=[PART_CLASSES[self.directive_name], *self.author_classes])
        part["rri-part"] = self.directive_name
        self.located(part)
        part += self.heading(self.label(self.headings[self.directive_name]), 3, ["rri-part-title"])
        self.parse_body(part)
        self.record_close(record)
        return [part]


class TaskDescriptionDirective(TaskPartDirective):
    directive_name = "task-description"


class TaskImportanceDirective(TaskPartDirective):
    directive_name = "task-importance"


class CardsToSections(SphinxTransform):
    """Make each card that stands in a page's flow a section titled with its title.

    Only a card whose parent is a section or the document: a section inside a box or
    a list would be a structure no writer expects (LaTeX cannot put a heading there).
    Such a card stays a container with its title as a rubric, and its ids move to a
    target at its start, which every writer turns into an anchor (LaTeX a ``\\label``,
    Texinfo an ``@anchor``), so that links and the task index still land on it.
    """

    # After the parsers, before Sphinx's own transforms that read sections and ids.
    default_priority = 190

    def apply(self, **kwargs: object) -> None:
        for card in elements(self.document, nodes.container):
            if "rri-task-card" not in card["classes"]:
                continue
            first = card.children[0] if card.children else None
            titled = isinstance(first, nodes.rubric) and "rri-task-title" in first["classes"]
            if titled and isinstance(card.parent, (nodes.section, nodes.document)):
                self._to_section(card, first)
            elif card["ids"]:
                target = nodes.target("", "", ids=list(card["ids"]))
                card["ids"] = []
                card.insert(0, target)
                for node_id in target["ids"]:
                    self.document.ids[node_id] = target

    def _to_section(self, card: nodes.container, rubric: nodes.rubric) -> None:
        section = nodes.section(classes=list(card["classes"]))
        section.source, section.line = card.source, card.line
        section["rri-task-id"] = card.get("rri-task-id", "")
        for key in ("ids", "names", "dupnames"):
            section[key] = list(card[key])
        title = nodes.title(rubric.rawsource, "", *rubric.children, classes=["rri-task-title"])
        title.source, title.line = card.source, card.line
        section += title
        section.extend(card.children[1:])
        card.replace_self(section)
        for node_id in section["ids"]:
            self.document.ids[node_id] = section
        slug = slugify(rubric.astext())
        if slug and slug not in self.document.ids:
            # The anchor a hand-written heading of this title had (and migrated links
            # still use); the task's own anchor stays first, the one links point to.
            section["ids"].append(slug)
            self.document.ids[slug] = section
        if not section["ids"]:
            # A title with no letters (":") and no id: the section still needs an
            # anchor, which Sphinx's table of contents reads (it failed on none).
            self.document.set_id(section)


class card_block(nodes.Element):
    """One edge (``edge``: ``start`` or ``end``) of a card's block, in HTML only."""


def _visit_card_block(self: Any, node: card_block) -> None:
    if node.get("edge") == "start":
        classes = html.escape(" ".join(node["classes"]), quote=True)
        self.body.append(f'<div class="{classes}">')
    else:
        self.body.append("</div>")
    raise nodes.SkipNode


def _skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


#: Themes whose HTML translator writes no element for a section (headings only, as
#: Material for MkDocs pages have them): sphinx-immaterial.
SECTIONLESS_THEMES = ("sphinx_immaterial",)


class CardBlocksWithoutSections(SphinxPostTransform):
    """Keep a card one block where the theme writes no ``<section>``.

    sphinx-immaterial's translator writes a section as its heading alone, so a card
    that is a section would lose its block (its border, its class, the classes given
    with ``:class:``). Its edges become an element of their own there, a ``<div>`` with
    the card's classes around the heading and the parts."""

    formats = ("html",)
    default_priority = 900

    def is_supported(self) -> bool:
        themed = any(name in self.config.extensions for name in SECTIONLESS_THEMES)
        return themed and super().is_supported()

    def run(self, **kwargs: Any) -> None:
        for section in elements(self.document, nodes.section):
            if "rri-task-card" in section["classes"]:
                section.insert(0, card_block("", edge="start", classes=list(section["classes"])))
                section.append(card_block("", edge="end"))


def setup_task_card(app: Sphinx) -> None:
    app.add_node(
        card_block,
        html=(_visit_card_block, None),
        latex=(_skip, None),
        text=(_skip, None),
        man=(_skip, None),
        texinfo=(_skip, None),
    )
    app.add_post_transform(CardBlocksWithoutSections)
    app.add_directive("task-card", TaskCardDirective)
    app.add_directive("task-description", TaskDescriptionDirective)
    app.add_directive("task-importance", TaskImportanceDirective)
    app.add_transform(CardsToSections)
