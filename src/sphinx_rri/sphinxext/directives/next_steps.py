"""``next-steps`` and ``step``: where a learner can go after a page.

The block renders as a bullet list. A step with ``:doc:`` links to that document (with
the step's title as the link text); a step marked ``:status: coming-soon`` renders as
unavailable, with no link. ``:choose: N`` adds the line "Complete at least N of these".
The block has a "Next steps" heading (a rubric, so it stays out of the page's contents)
unless the author wrote a heading right before it: :class:`NextStepsHeading` looks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from ...model.records import COMING_SOON, resolve_docname
from ..trees import elements
from .base import RRIDirective, rri_label

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class NextStepsDirective(RRIDirective):
    directive_name = "next-steps"

    def run(self) -> list[nodes.Node]:
        record = self.record_open()
        block = nodes.container(classes=["rri-next-steps", *self.author_classes])
        self.located(block)
        choose = (self.options.get("choose") or "").strip()
        if choose.isdigit():
            text = self.label("choose") % choose
            block += nodes.paragraph(text, text, classes=["rri-choose"])
        inner = nodes.container()
        self.parse_body(inner)
        self.record_close(record)
        steps = nodes.bullet_list(classes=["rri-steps"])
        for child in inner.children:
            if isinstance(child, nodes.list_item) and "rri-step" in child["classes"]:
                steps += child
            else:
                if len(steps):
                    block += steps
                    steps = nodes.bullet_list(classes=["rri-steps"])
                block += child
        if len(steps):
            block += steps
        self.let_go(inner)
        return [block]


class StepDirective(RRIDirective):
    directive_name = "step"

    def run(self) -> list[nodes.Node]:
        record = self.record_open()
        title = self.argument
        doc = (self.options.get("doc") or "").strip()
        status = (self.options.get("status") or "").strip()
        item = nodes.list_item(classes=["rri-step", *self.author_classes])
        self.located(item)
        head = nodes.paragraph(classes=["rri-step-title"])
        target = resolve_docname(self.env.docname, doc) if doc else ""
        if doc and status != COMING_SOON and target in self.env.found_docs:
            ref = addnodes.pending_xref(
                "",
                refdomain="std",
                reftype="doc",
                reftarget="/" + target,
                refexplicit=True,
                refwarn=True,
                refdoc=self.env.docname,
            )
            ref += nodes.inline(title, title)
            head += ref
        else:
            head += nodes.strong(title, title)
            if not doc or status == COMING_SOON:
                item["classes"].append("rri-step-unavailable")
                label = self.label("step-coming-soon")
                head += nodes.Text(" ")
                head += nodes.inline(f"({label})", f"({label})", classes=["rri-step-status"])
        item += head
        self.parse_body(item)
        self.record_close(record)
        return [item]


def _after_heading(node: nodes.Element) -> bool:
    """Whether the author wrote a heading right before ``node`` (targets between the
    two, such as a label, do not count as content)."""
    previous = node.previous_sibling()
    while isinstance(previous, nodes.target):
        previous = previous.previous_sibling()
    return isinstance(previous, (nodes.title, nodes.rubric))


def _under_heading_reading(node: nodes.Element, text: str) -> bool:
    """Whether the section ``node`` stands in is titled ``text`` already (an author's
    "Next steps" heading with a few lines of introduction before the block): a second
    heading of the same words would only repeat it."""
    section = node.parent
    if not isinstance(section, nodes.section) or not section.children:
        return False
    title = section.children[0]
    same = " ".join(title.astext().split()).casefold() == " ".join(text.split()).casefold()
    return isinstance(title, nodes.title) and same


class NextStepsHeading(SphinxTransform):
    """Give each next-steps block its heading, unless the author wrote one before it
    or the block's section already has that heading."""

    default_priority = 191

    def apply(self, **kwargs: object) -> None:
        text = rri_label(self.config, "next-steps")
        for block in elements(self.document, nodes.container):
            if "rri-next-steps" not in block["classes"] or _after_heading(block):
                continue
            if _under_heading_reading(block, text):
                continue
            heading = nodes.rubric(text, text, classes=["rri-next-steps-title"])
            heading["heading-level"] = 2
            block.insert(0, heading)


def setup_next_steps(app: Sphinx) -> None:
    app.add_transform(NextStepsHeading)
    app.add_directive("next-steps", NextStepsDirective)
    # sphinx-design 0.7+ has a "step" directive too; a course that uses both (as migrated
    # sites do) gets ours, which the authoring contract defines.
    app.add_directive("step", StepDirective, override=True)
