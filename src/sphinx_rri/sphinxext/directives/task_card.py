"""``task-card`` and its parts ``task-description`` and ``task-importance``.

A card renders its parts in the canonical order (description, importance, examples)
whatever order the author wrote them in, under translatable headings, followed by any
other content the author put in the card. It is made of plain docutils nodes (a
container, rubrics, paragraphs), so every builder renders it with no extra code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ...model.records import Task
from .base import RRIDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx

PART_CLASSES = {
    "task-description": "rri-task-description",
    "task-importance": "rri-task-importance",
    "illustrative-example": "rri-examples",
}
CANONICAL_ORDER = ("task-description", "task-importance", "illustrative-example")


def task_anchor(task_id: str) -> str:
    return f"task-{task_id}"


class TaskCardDirective(RRIDirective):
    directive_name = "task-card"

    def run(self) -> list[nodes.Node]:
        record = self.record_open()
        title = self.argument
        card = nodes.container(classes=["rri-task-card"])
        self.located(card)
        task_id = record.id if isinstance(record, Task) else ""
        card["rri-task-id"] = task_id
        if task_id:
            card["ids"].append(task_anchor(task_id))
        if title:
            card += self.heading(title, 2, ["rri-task-title"])
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
        if title and task_id:
            domain = self.env.get_domain("rri")
            domain.note_task(task_id, title, self.env.docname, task_anchor(task_id))  # type: ignore[attr-defined]
        return [card]


class TaskPartDirective(RRIDirective):
    """``task-description`` or ``task-importance``: a heading and the author's text."""

    #: The label key (``rri_labels``, the ``sphinx_rri`` catalog) of each part's heading.
    headings = {
        "task-description": "description",
        "task-importance": "importance",
    }

    def run(self) -> list[nodes.Node]:
        record = self.record_open()
        part = nodes.container(classes=[PART_CLASSES[self.directive_name]])
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


def setup_task_card(app: Sphinx) -> None:
    app.add_directive("task-card", TaskCardDirective)
    app.add_directive("task-description", TaskDescriptionDirective)
    app.add_directive("task-importance", TaskImportanceDirective)
