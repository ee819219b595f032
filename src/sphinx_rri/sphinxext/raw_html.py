"""Raw HTML from a page is shown as text unless the project trusts its authors.

Course pages arrive in pull requests from anyone, and MyST passes HTML blocks, inline
HTML and ``raw`` directives straight into the site: a ``<script>`` or an ``onerror=``
would run in every reader's browser. With ``rri_allow_raw_html = False`` (the default)
a transform replaces every raw HTML node, except pure comments, with the same text as
a literal, which every writer escapes. Comments stay: readers never see them, and so
does the markup MyST writes itself for its own syntax (the ``<s>`` of strikethrough and
the disabled checkbox of a task list, the ``<br />`` of a hard line break), matched
exactly.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from ..reader.scanner import is_html_comment
from .trees import elements

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

#: The raw HTML MyST emits for ``~~strikethrough~~``, ``- [x]`` task lists and a hard
#: line break (a backslash at the end of a line): nothing a page author can vary, so it
#: is not the author's HTML and stays as it is.
_MYST_OWN_HTML = re.compile(
    r"</?s>|<br />\n?|<input class=\"task-list-item-checkbox\"(?: checked=\"checked\")?"
    r" disabled=\"disabled\" type=\"checkbox\">"
)


class ShowRawHtmlAsText(SphinxTransform):
    default_priority = 100

    def apply(self, **kwargs: Any) -> None:
        if self.config.rri_allow_raw_html or not self.config.rri_trust_pages:
            # Sandboxed pages: raw output of every format is judged in sandbox.py.
            return
        replaced = 0
        for node in elements(self.document, nodes.raw):
            formats = str(node.get("format", "")).split()
            text = node.astext()
            if "html" not in formats or not text.strip() or is_html_comment(text):
                continue
            if isinstance(node.parent, nodes.TextElement) and _MYST_OWN_HTML.fullmatch(text):
                continue
            if isinstance(node.parent, nodes.TextElement):
                node.replace_self(nodes.literal(text, text, classes=["rri-raw-html"]))
            else:
                node.replace_self(nodes.literal_block(text, text, classes=["rri-raw-html"]))
            replaced += 1
        if replaced:
            logger.info(
                "%s: %d raw HTML block(s) shown as text; set rri_allow_raw_html = True "
                "to trust the authors' HTML",
                self.env.docname,
                replaced,
            )


def setup_raw_html(app: Sphinx) -> None:
    app.add_transform(ShowRawHtmlAsText)
