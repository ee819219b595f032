"""``human-factors`` and ``key-concept`` boxes.

Both are docutils admonitions with a title, which every builder renders as a titled
box. In HTML a post-transform turns a key concept into a ``<details>`` element that the
reader can open and close (open at first with ``:open:``); elsewhere it stays expanded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..compat import builder_class
from ..trees import elements, outermost
from .base import RRIDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator


class HumanFactorsDirective(RRIDirective):
    directive_name = "human-factors"

    def run(self) -> list[nodes.Node]:
        record = self.record_open()
        title = self.argument or self.label("human-factors")
        box = nodes.admonition(classes=["tip", "rri-human-factors", *self.author_classes])
        self.located(box)
        box += self.located(nodes.title(title, title))
        self.parse_body(box)
        self.record_close(record)
        return [box]


class KeyConceptDirective(RRIDirective):
    directive_name = "key-concept"

    def run(self) -> list[nodes.Node]:
        record = self.record_open()
        title = self.argument or self.label("key-concept")
        box = nodes.admonition(classes=["rri-key-concept", *self.author_classes])
        box["rri-open"] = "open" in self.options
        self.located(box)
        box += self.located(nodes.title(title, title))
        self.parse_body(box)
        self.record_close(record)
        return [box]


class details(nodes.General, nodes.Element):
    """An HTML ``<details>`` element; only ever created for HTML builders."""


class summary(nodes.General, nodes.TextElement):
    """The ``<summary>`` of a :class:`details` element."""


class KeyConceptToDetails(SphinxPostTransform):
    default_priority = 200
    formats = ("html",)

    def is_supported(self) -> bool:
        # An e-book reader may not run scripts or open <details>: epub keeps the
        # labelled, always-expanded form that the other non-web builders get.
        return super().is_supported() and not builder_class(self.env).name.startswith("epub")

    def run(self, **kwargs: Any) -> None:
        boxes = [box for box in elements(self.document, nodes.admonition) if _is_key_concept(box)]
        for box in outermost(boxes, _is_key_concept):
            element = details(classes=list(box["classes"]), open=box.get("rri-open", False))
            element["ids"] = list(box["ids"])
            title = box.children[0] if box.children else None
            heading = summary()
            if isinstance(title, nodes.title):
                # Moved, not copied: the box itself is left out of the page.
                heading.extend(list(title.children))
            element += heading
            body = nodes.container(classes=["rri-key-concept-body"])
            body.extend(box.children[1:])
            element += body
            box.replace_self(element)


def _is_key_concept(node: nodes.Node) -> bool:
    return isinstance(node, nodes.admonition) and "rri-key-concept" in node["classes"]


def visit_details(self: HTML5Translator, node: details) -> None:
    attributes = {"open": "open"} if node.get("open") else {}
    self.body.append(self.starttag(node, "details", **attributes))


def depart_details(self: HTML5Translator, node: details) -> None:
    self.body.append("</details>\n")


def visit_summary(self: HTML5Translator, node: summary) -> None:
    self.body.append(self.starttag(node, "summary", suffix=""))


def depart_summary(self: HTML5Translator, node: summary) -> None:
    self.body.append("</summary>\n")


def setup_callouts(app: Sphinx) -> None:
    app.add_directive("human-factors", HumanFactorsDirective)
    app.add_directive("key-concept", KeyConceptDirective)
    app.add_node(details, html=(visit_details, depart_details))
    app.add_node(summary, html=(visit_summary, depart_summary))
    app.add_post_transform(KeyConceptToDetails)
