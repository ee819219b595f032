"""The contract's directives as plain containers: the baseline of the extension's cost.

A migrated site is written with the contract's directives (task cards, examples, next
steps, callouts), so it cannot be built without a definition of them. To measure what
``sphinx_rri`` adds to the build of such a site, the benchmarks build the same pages a
second time with this module in its place: each of the contract's directive names is a
container that parses its body as MyST does any directive's, with its argument as a bold
first paragraph and its options read and then ignored. That is the same text through
the same parser, with none of the extension's work: no records, no checks, no sandbox,
no task index, no ``rri.json``.

Used as ``-D extensions=...,plain_rri`` with this folder on ``PYTHONPATH``; never by the
package itself.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

#: The contract's directive names (``sphinx_rri.model.records.DIRECTIVES`` and the gap
#: report's), spelt out so that this module imports nothing of the package it stands in
#: for; ``run`` checks that the two lists agree.
NAMES = (
    "task-card",
    "task-description",
    "task-importance",
    "illustrative-example",
    "example",
    "next-steps",
    "step",
    "human-factors",
    "key-concept",
    "rri-gap-report",
)


class _AnyOption(dict):
    """An option spec that takes every option, as text."""

    def __contains__(self, key: object) -> bool:
        return True

    def __getitem__(self, key: str) -> Any:
        return directives.unchanged

    def get(self, key: str, default: Any = None) -> Any:
        return directives.unchanged


class PlainDirective(SphinxDirective):
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = _AnyOption()

    def run(self) -> list[nodes.Node]:
        box = nodes.container(classes=[self.name])
        self.set_source_info(box)
        if self.arguments:
            title = nodes.paragraph()
            title += nodes.strong(text=self.arguments[0])
            box += title
        box += self.parse_content_to_nodes(allow_section_headings=True)
        return [box]


def setup(app: Any) -> dict[str, Any]:
    for name in NAMES:
        app.add_directive(name, PlainDirective, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
