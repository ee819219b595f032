"""Page metadata on the page: what a course page's front matter tells its readers.

With ``rri_show_metadata`` on (the default), :class:`ShowPageMetadata` puts, right after
the page's title:

- a banner when the page's ``status`` is ``draft``, ``review``, ``deprecated`` or
  ``retired`` (a ``deprecated`` page that names its replacement in ``replaced_by``, a key
  the project allows through ``rri_extra_frontmatter_keys``, links to it);
- a line with its stage (by the title ``rri_stages`` gives it), its ``authors`` and its
  ``last_reviewed`` date (a card whose ``:stage:`` is not the page's names its own
  stage under its title, see :mod:`.directives.task_card`);
- its ``learning_objectives`` as a titled box.

They are plain docutils nodes (admonitions, a paragraph, a bullet list), so every
builder renders them, and they are added while the page is read, so the doctree every
builder writes from has them. The values are front matter text, shown as text: nothing
in them is parsed as markup. Values of the wrong type are reported by the checks and
left out here.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from ..model.records import resolve_docname
from .directives.base import recorder_of, rri_label, stage_line

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Status -> (admonition node, label key); ``published`` shows no banner.
BANNERS: dict[str, tuple[type[nodes.Admonition], str]] = {
    "draft": (nodes.important, "status-draft"),
    "review": (nodes.important, "status-review"),
    "deprecated": (nodes.warning, "status-deprecated"),
    "retired": (nodes.warning, "status-retired"),
}
REPLACED_BY_KEY = "replaced_by"
UNSEEN = (nodes.target, nodes.comment, nodes.docinfo, nodes.substitution_definition)


def _strings(value: Any) -> list[str]:
    """A list of non-empty strings from a front matter value (one string is a list of
    one, as an rST field list gives it); anything else gives nothing."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        return []
    return [v.strip() for v in value if isinstance(v, str) and v.strip()]


def _date(value: Any) -> str:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10]
    return value.strip() if isinstance(value, str) else ""


def _filled(template: str, filler: nodes.Node) -> list[nodes.Node]:
    """``template`` with its ``%s`` replaced by a node (a link), as text around it."""
    before, found, after = template.partition("%s")
    if not found:
        return [nodes.Text(template)]
    return [nodes.Text(before), filler, nodes.Text(after)]


class ShowPageMetadata(SphinxTransform):
    """Add the status banner, the authors line and the objectives box after the title."""

    # After the cards became sections (so "the title" is the page's own), before the
    # table of contents and the title are collected at ``doctree-read``.
    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        if not self.config["rri_show_metadata"]:
            return
        recorder = recorder_of(self.env)
        if recorder is None or not recorder.page.is_course_page:
            return
        meta = recorder.page.meta
        made = [
            node
            for node in (self.banner(meta), self.byline(meta), self.objectives(meta))
            if node is not None
        ]
        if not made:
            return
        parent, index = self._place()
        for offset, node in enumerate(made):
            node.source = self.document.get("source")
            node.line = 1
            parent.insert(index + offset, node)

    def _place(self) -> tuple[nodes.Element, int]:
        """Right after the page's own title; at the top of a page without one (a card's
        title is not the page's)."""
        first = next((c for c in self.document.children if not isinstance(c, UNSEEN)), None)
        if isinstance(first, nodes.section) and "rri-task-card" not in first["classes"]:
            return first, 1 if first.children and isinstance(first[0], nodes.title) else 0
        at = first.parent.index(first) if first is not None else len(self.document)
        return self.document, at

    def text(self, key: str) -> str:
        return rri_label(self.config, key)

    def banner(self, meta: dict[str, Any]) -> nodes.Element | None:
        status = meta.get("status")
        if not isinstance(status, str) or status not in BANNERS:
            return None
        node_class, key = BANNERS[status]
        box = node_class(classes=["rri-status-banner", f"rri-status-{status}"])
        paragraph = nodes.paragraph()
        replacement = _strings(meta.get(REPLACED_BY_KEY))[:1]
        if status == "deprecated" and replacement:
            paragraph.extend(
                _filled(self.text("status-deprecated-by"), self._replacement(replacement[0]))
            )
        else:
            paragraph += nodes.Text(self.text(key))
        box += paragraph
        return box

    def _replacement(self, target: str) -> nodes.Node:
        """A link to the page that replaces this one, or its name as text when it is not
        a page of the project (a web address is text too: pages are untrusted)."""
        docname = resolve_docname(self.env.docname, target)
        if docname in self.env.found_docs:
            ref = addnodes.pending_xref(
                "",
                refdomain="std",
                reftype="doc",
                reftarget="/" + docname,
                refexplicit=False,
                refwarn=True,
                refdoc=self.env.docname,
            )
            ref += nodes.inline(target, target)
            return ref
        return nodes.emphasis(target, target)

    def byline(self, meta: dict[str, Any]) -> nodes.paragraph | None:
        parts = []
        stage = stage_line(self.config, meta.get("stage"))
        if stage:
            parts.append(stage)
        authors = _strings(meta.get("authors"))
        if authors:
            parts.append(self.text("authors") % ", ".join(authors))
        reviewed = _date(meta.get("last_reviewed"))
        if reviewed:
            parts.append(self.text("last-reviewed") % reviewed)
        if not parts:
            return None
        line = " · ".join(parts)
        return nodes.paragraph(line, line, classes=["rri-page-meta"])

    def objectives(self, meta: dict[str, Any]) -> nodes.Element | None:
        items = _strings(meta.get("learning_objectives"))
        if not items:
            return None
        box = nodes.admonition(classes=["rri-learning-objectives"])
        title = self.text("learning-objectives")
        box += nodes.title(title, title)
        listing = nodes.bullet_list()
        for item in items:
            listing += nodes.list_item("", nodes.paragraph(item, item))
        box += listing
        return box


def setup_metadata(app: Sphinx) -> None:
    app.add_transform(ShowPageMetadata)
