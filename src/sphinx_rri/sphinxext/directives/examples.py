"""``illustrative-example`` and ``example``: one example per domain.

The directives emit a container of labelled sections, which every builder renders one
after another, so nothing is lost in LaTeX, text, man or epub. For HTML builders a
post-transform turns that container into sphinx-tabs tabs (keyboard-operable, with
sphinx-tabs' own script and styles). Configured domains with no example, and examples
that are gaps, render as a visible placeholder.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ...contract.checks import example_gap, expected_domains, is_not_applicable
from ...model.records import NOT_APPLICABLE, Example
from ...reader.scanner import is_html_comment
from ..compat import builder_class
from ..config import settings_from_sphinx
from ..trees import elements, outermost
from .base import RRIDirective, recorder_of, rri_label

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def placeholder_node(text: str) -> nodes.paragraph:
    return nodes.paragraph(text, "", nodes.emphasis(text, text), classes=["rri-gap-placeholder"])


def not_applicable_node(text: str) -> nodes.paragraph:
    """The visible "Not applicable" line of an example whose domain does not apply."""
    return nodes.paragraph(text, "", nodes.strong(text, text), classes=["rri-not-applicable"])


#: docutils' message for a directive it refused (Sphinx may have curled the quotes).
_REFUSED_DIRECTIVE = re.compile(r'^Error in ["\u201c]([^"\u201d]+)["\u201d] directive:')


def _unseen(node: nodes.Node) -> bool:
    """Comments (rST or HTML), targets and messages: not content a reader sees."""
    if isinstance(node, (nodes.comment, nodes.system_message, nodes.target)):
        return True
    return (
        isinstance(node, nodes.raw)
        and "html" in str(node.get("format", "")).split()
        and is_html_comment(node.astext())
    )


def _domain_order(domains: tuple[str, ...]) -> Callable[[nodes.Node], int]:
    """Sort key: examples in the configured domain order, whatever order the author
    wrote them in; an example of another domain, and stray content, after them (the
    sort is stable, so those keep the author's order)."""
    position = {domain: index for index, domain in enumerate(domains)}

    def key(node: nodes.Node) -> int:
        domain = node.get("rri-domain") if isinstance(node, nodes.Element) else None
        return position.get(str(domain), len(position))

    return key


class IllustrativeExampleDirective(RRIDirective):
    directive_name = "illustrative-example"

    def run(self) -> list[nodes.Node]:
        record = self.record_open()
        block = nodes.container(classes=["rri-examples", *self.author_classes])
        block["rri-part"] = "illustrative-example"
        self.located(block)
        block += self.heading(self.label("examples"), 3, ["rri-part-title"])
        inner = nodes.container()
        self.parse_body(inner)
        examples = []
        # docutils' errors inside the block (a directive it refused) stay in the page,
        # where the checks read them at doctree-read, as validate reports them.
        messages = []
        stray = False
        for child in inner.children:
            if isinstance(child, nodes.container) and "rri-example" in child["classes"]:
                examples.append(child)
            elif isinstance(child, nodes.system_message):
                messages.append(child)
                # A directive docutils refused stands where it was written: one other
                # than an example is content that is not an example, as validate reads it.
                refused = _REFUSED_DIRECTIVE.match(child[0].astext() if len(child) else "")
                if refused and refused.group(1).lower() != "example":
                    stray = True
            elif not _unseen(child):
                stray = True
                examples.append(child)
        recorder = recorder_of(self.env)
        task = recorder.open_task() if recorder is not None else None
        self.record_close(record, stray_content=stray)
        settings = settings_from_sphinx(self.config)
        expected = (
            expected_domains(recorder.page, task, settings)
            if recorder is not None
            else settings.example_domains
        )
        written = {child.get("rri-domain") for child in examples}
        for domain in expected:
            if domain not in written:
                gap = placeholder_node(self.label("example-gap"))
                examples.append(
                    example_node(domain, [gap], gap="missing", where=self.get_source_info())
                )
        examples.sort(key=_domain_order(settings.example_domains))
        tabs = nodes.container(classes=["rri-example-set"])
        tabs.extend(examples)
        block += tabs
        self.let_go(inner)
        return [block, *messages]


def example_node(
    domain: str,
    body: list[nodes.Node],
    gap: str | None,
    where: tuple[str | None, int | None] = (None, None),
) -> nodes.container:
    """An example of ``domain``; ``where`` is the (source, line) its label carries, so
    that Sphinx need not patch (and log) a rubric without one."""
    node = nodes.container(classes=["rri-example"])
    node["rri-domain"] = domain
    node["rri-status"] = gap or "written"
    label = nodes.rubric(domain, domain, classes=["rri-example-domain"])
    label["heading-level"] = 4
    label.source, label.line = where
    node += label
    node.extend(body)
    return node


class ExampleDirective(RRIDirective):
    directive_name = "example"

    def run(self) -> list[nodes.Node]:
        record = self.record_open()
        body = nodes.container()
        self.parse_body(body)
        self.record_close(record)
        settings = settings_from_sphinx(self.config)
        gap = None
        probe = (
            record
            if isinstance(record, Example)
            else Example(
                "example",
                self.lineno,
                self.argument,
                {k: str(v or "") for k, v in self.options.items()},
                body=self.body_text,
                has_body=bool(self.body_text),
            )
        )
        if is_not_applicable(probe):
            gap = NOT_APPLICABLE
        elif example_gap(probe, settings):
            gap = "coming-soon"
        children: list[nodes.Node] = list(body.children)
        if gap == NOT_APPLICABLE:
            # The reason, if the author gave one, follows the visible label.
            children.insert(0, not_applicable_node(self.label("not-applicable")))
        elif gap:
            children = [c for c in children if not isinstance(c, nodes.paragraph)]
            children.insert(0, placeholder_node(self.label("example-gap")))
        node = example_node(self.argument, children, gap, where=self.get_source_info())
        node["classes"].extend(self.author_classes)
        self.located(node)
        self.let_go(body)
        return [node]


class ExamplesToTabs(SphinxPostTransform):
    """Turn example sets into sphinx-tabs tabs in HTML output."""

    default_priority = 200
    formats = ("html",)

    def is_supported(self) -> bool:
        # An e-book reader may not run scripts or open <details>: epub keeps the
        # labelled, always-expanded form that the other non-web builders get.
        return super().is_supported() and not builder_class(self.env).name.startswith("epub")

    def run(self, **kwargs: Any) -> None:
        from sphinx_tabs.tabs import SphinxTabsPanel, SphinxTabsTab, SphinxTabsTablist

        containers = elements(self.document, nodes.container)
        sets = outermost(
            [block for block in containers if _is_example_set(block)], _is_example_set
        )
        # The index is the block's place among the page's containers: the tabs' ids.
        places = {id(block): index for index, block in enumerate(containers)}
        for block in sets:
            index = places[id(block)]
            group = nodes.make_id(f"rri-{self.env.docname}-{index}")
            tabs = nodes.container(type="tab-element", classes=["sphinx-tabs", "rri-example-tabs"])
            tablist = SphinxTabsTablist(role="tablist")
            tablist["aria-label"] = rri_label(self.config, "examples-by-domain")
            tabs += tablist
            for position, example in enumerate(block.children):
                if not isinstance(example, nodes.Element):
                    continue
                domain = example.get("rri-domain") or rri_label(self.config, "example")
                status = example.get("rri-status", "written")
                if status in ("coming-soon", "missing"):
                    # Said in the tab itself, so that a reader need not open it to know.
                    domain = rri_label(self.config, "example-tab-gap") % domain
                elif status == NOT_APPLICABLE:
                    domain = rri_label(self.config, "example-tab-not-applicable") % domain
                key = f"{group}-{position}"
                tab = SphinxTabsTab(classes=["sphinx-tabs-tab"], role="tab")
                tab += nodes.Text(domain)
                tab["ids"] = [f"tab-{key}"]
                tab["name"] = key
                tab["tabindex"] = "0" if position == 0 else "-1"
                tab["aria-selected"] = "true" if position == 0 else "false"
                tab["aria-controls"] = f"panel-{key}"
                tablist += tab
                panel = SphinxTabsPanel(classes=["sphinx-tabs-panel"], role="tabpanel")
                panel["ids"] = [f"panel-{key}"]
                panel["name"] = key
                panel["tabindex"] = "0"
                panel["aria-labelledby"] = f"tab-{key}"
                if position:
                    panel["hidden"] = "true"
                panel["classes"].append(f"rri-example-{status}")
                panel["classes"].extend(c for c in example["classes"] if c != "rri-example")
                # Moved, not copied: the example itself is left out of the page.
                panel.extend(
                    [
                        child
                        for child in example.children
                        if not (
                            isinstance(child, nodes.rubric)
                            and "rri-example-domain" in child["classes"]
                        )
                    ]
                )
                tabs += panel
            block.replace_self(tabs)


def _is_example_set(node: nodes.Node) -> bool:
    return isinstance(node, nodes.container) and "rri-example-set" in node["classes"]


def setup_examples(app: Sphinx) -> None:
    app.add_directive("illustrative-example", IllustrativeExampleDirective)
    app.add_directive("example", ExampleDirective)
    app.add_post_transform(ExamplesToTabs)
