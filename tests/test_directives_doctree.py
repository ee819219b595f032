"""Each directive and the role, built in memory with sphinx-pytest and read as a doctree.

The pages here are as small as a test allows; every directive is exercised in MyST with
colon fences, in MyST with backtick fences and in reStructuredText, and the three must
give the same nodes.
"""

from __future__ import annotations

from typing import Any

import pytest
from docutils import nodes
from sphinx import addnodes

FRONT_MATTER = "---\ntitle: T\ntrack: rri\nmodule: rri-101\n---\n# Page\n\n"
RST_FRONT_MATTER = ":title: T\n:track: rri\n:module: rri-101\n\nPage\n====\n\n"

# One card, its parts written importance first and examples before the description.
CARD_COLON = """\
:::::{task-card} System Implementation
:id: system-implementation

::::{task-importance}
Why it matters.
::::

::::{illustrative-example}
:::{example} Health care
A worked example from health care.
:::

:::{example} Environmental Sciences
A worked example from a river basin.
:::
::::

::::{task-description}
What the task is.
::::
:::::
"""

CARD_BACKTICK = """\
`````{task-card} System Implementation
:id: system-implementation

````{task-importance}
Why it matters.
````

````{illustrative-example}
```{example} Health care
A worked example from health care.
```

```{example} Environmental Sciences
A worked example from a river basin.
```
````

````{task-description}
What the task is.
````
`````
"""

CARD_RST = """\
.. task-card:: System Implementation
   :id: system-implementation

   .. task-importance::

      Why it matters.

   .. illustrative-example::

      .. example:: Health care

         A worked example from health care.

      .. example:: Environmental Sciences

         A worked example from a river basin.

   .. task-description::

      What the task is.
"""

SYNTAXES = {
    "myst-colon": (FRONT_MATTER + CARD_COLON, "index.md"),
    "myst-backtick": (FRONT_MATTER + CARD_BACKTICK, "index.md"),
    "rst": (RST_FRONT_MATTER + CARD_RST, "index.rst"),
}


def render(
    sphinx_doctree: Any,
    text: str,
    filename: str = "index.md",
    conf: dict[str, Any] | None = None,
    others: dict[str, str] | None = None,
    buildername: str | None = None,
) -> Any:
    """Build ``text`` as ``filename``, beside the pages in ``others``, with sphinx_rri."""
    sphinx_doctree.set_conf({"extensions": ["sphinx_rri"], **(conf or {})})
    if buildername:
        sphinx_doctree.buildername = buildername
    for name, content in (others or {}).items():
        sphinx_doctree.srcdir.joinpath(name).write_text(content, encoding="utf-8")
    return sphinx_doctree(text, filename=filename)


def no_rri_warnings(result: Any) -> None:
    assert "[rri" not in result.warnings, result.warnings


def find(doctree: nodes.Node, cls: type[nodes.Element], klass: str) -> list[nodes.Element]:
    return [n for n in doctree.findall(cls) if klass in n.get("classes", [])]


def one(doctree: nodes.Node, cls: type[nodes.Element], klass: str) -> nodes.Element:
    found = find(doctree, cls, klass)
    assert len(found) == 1, f"expected one {cls.__name__}.{klass}, found {len(found)}"
    return found[0]


def child_classes(node: nodes.Element) -> list[str]:
    return [c["classes"][0] for c in node.children if isinstance(c, nodes.Element)]


# -- task-card -----------------------------------------------------------------------------


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_card_parts_render_in_canonical_order_under_their_headings(sphinx_doctree, syntax):
    text, filename = SYNTAXES[syntax]
    result = render(sphinx_doctree, text, filename)
    no_rri_warnings(result)
    # In the page's flow a card is a section: its title is a section title.
    card = one(result.doctrees["index"], nodes.section, "rri-task-card")
    assert child_classes(card) == [
        "rri-task-title",
        "rri-task-description",
        "rri-task-importance",
        "rri-examples",
    ]
    title, description, importance, examples = (c for c in card.children)
    assert title.astext() == "System Implementation"
    assert isinstance(title, nodes.title)
    # The page's own section holds it, as it would hold a hand-written sub-heading.
    assert isinstance(card.parent, nodes.section) and card.parent[0].astext() == "Page"
    for part, heading, body in (
        (description, "Task Description", "What the task is."),
        (importance, "Importance of Task", "Why it matters."),
    ):
        rubric = part.children[0]
        assert isinstance(rubric, nodes.rubric) and rubric["heading-level"] == 3
        assert rubric.astext() == heading
        assert [p.astext() for p in part.children[1:]] == [body]
    assert examples.children[0].astext() == "Illustrative Example"
    domains = [e["rri-domain"] for e in find(examples, nodes.container, "rri-example")]
    assert domains == ["Health care", "Environmental Sciences"]


def test_colon_backtick_and_rst_cards_give_the_same_nodes(sphinx_doctree):
    # One project with a page per syntax; ids are unique across a project, so each card
    # gets its own.
    pages = {
        "colon.md": FRONT_MATTER + CARD_COLON,
        "backtick.md": FRONT_MATTER + CARD_BACKTICK,
        "rst.rst": RST_FRONT_MATTER + CARD_RST,
    }
    pages = {
        name: text.replace(":id: system-implementation", f":id: card-{name.split('.')[0]}")
        for name, text in pages.items()
    }
    index = "# Index\n\n```{toctree}\ncolon\nbacktick\nrst\n```\n"
    result = render(sphinx_doctree, index, "index.md", others=pages)
    no_rri_warnings(result)
    dumps = {}
    for docname in ("colon", "backtick", "rst"):
        card = one(result.doctrees[docname], nodes.section, "rri-task-card")
        assert card["ids"] == [
            f"task-card-{docname}",
            f"rri-task-card-{docname}",
            "system-implementation",
        ]
        card["ids"] = []
        card["rri-task-id"] = ""
        dumps[docname] = card.pformat()
    assert dumps["colon"] == dumps["backtick"] == dumps["rst"]


def test_directive_itself_orders_the_parts_without_any_transform(sphinx_doctree_no_tr):
    result = render(sphinx_doctree_no_tr, FRONT_MATTER + CARD_COLON)
    card = one(result.doctrees["index"], nodes.container, "rri-task-card")
    assert child_classes(card)[1:] == [
        "rri-task-description",
        "rri-task-importance",
        "rri-examples",
    ]


@pytest.mark.parametrize(
    ("options", "anchor"),
    [
        (":id: deploy-now\n", "task-deploy-now"),
        ("", "task-system-implementation-2"),
    ],
    ids=["explicit-id", "id-from-title"],
)
def test_card_is_a_link_target_named_after_its_id(sphinx_doctree, options, anchor):
    text = FRONT_MATTER + CARD_COLON.replace(":id: system-implementation\n", options).replace(
        "} System Implementation", "} System Implementation 2"
    )
    result = render(sphinx_doctree, text)
    no_rri_warnings(result)
    card = one(result.doctrees["index"], nodes.section, "rri-task-card")
    # The task's anchor first (links use it), then the search index's anchor, then the
    # title's slug, which a heading of that title had before the page used a card.
    assert card["ids"] == [anchor, f"rri-{anchor}", "system-implementation-2"]
    assert card["rri-task-id"] == anchor.removeprefix("task-")


def test_card_title_is_in_the_page_contents(sphinx_doctree):
    text = FRONT_MATTER + CARD_COLON + "\n## After the card\n\nMore text.\n"
    result = render(sphinx_doctree, text)
    no_rri_warnings(result)
    toc = result.env.tocs["index"]
    entries = [(ref.astext(), ref["anchorname"]) for ref in toc.findall(nodes.reference)]
    assert entries == [
        ("Page", ""),
        ("System Implementation", "#task-system-implementation"),
        ("After the card", "#after-the-card"),
    ]
    # The parts' headings are not sections: they stay out of the contents.
    card = one(result.doctrees["index"], nodes.section, "rri-task-card")
    assert not list(card.findall(nodes.section))[1:]


def test_slug_anchor_is_left_out_when_the_page_already_has_it(sphinx_doctree):
    text = (
        FRONT_MATTER
        + "(system-implementation)=\n## Other\n\nText.\n\n"
        + CARD_COLON.replace(":id: system-implementation", ":id: deploy")
    )
    result = render(sphinx_doctree, text)
    no_rri_warnings(result)
    card = one(result.doctrees["index"], nodes.section, "rri-task-card")
    assert card["ids"] == ["task-deploy", "rri-task-deploy"]


def test_card_inside_a_box_stays_a_block_with_an_anchor(sphinx_doctree):
    text = FRONT_MATTER + "::::::{note}\n" + CARD_COLON + "::::::\n"
    result = render(sphinx_doctree, text)
    no_rri_warnings(result)
    doctree = result.doctrees["index"]
    card = one(doctree, nodes.container, "rri-task-card")
    assert not find(doctree, nodes.section, "rri-task-card")
    # A section cannot stand in a box; the card's anchor is a target at its start
    # (docutils hands its id on to the title that follows), which LaTeX writes as a
    # label and Texinfo as an anchor.
    target, title = card.children[:2]
    assert isinstance(target, nodes.target) and isinstance(title, nodes.rubric)
    assert "task-system-implementation" in (target.get("refid"), *target["ids"])
    assert doctree.ids["task-system-implementation"] in (target, title)


# -- illustrative-example and example --------------------------------------------------------

PLACEHOLDER = "Illustrative examples coming soon"


def examples_page(body: str) -> str:
    return FRONT_MATTER + "::::{illustrative-example}\n" + body + "::::\n"


@pytest.mark.parametrize(
    "example",
    [
        ":::{example} Health care\n:status: coming-soon\n:::\n",
        ":::{example} Health care\n:::\n",
        ":::{example} Health care\nComing SOON, we promise.\n:::\n",
    ],
    ids=["status-coming-soon", "empty-body", "placeholder-body"],
)
def test_gap_example_renders_the_placeholder_and_not_the_author_placeholder(
    sphinx_doctree, example
):
    written = ":::{example} Environmental Sciences\nA river basin.\n:::\n"
    result = render(sphinx_doctree, examples_page(example + "\n" + written))
    no_rri_warnings(result)
    by_domain = {
        e["rri-domain"]: e for e in find(result.doctrees["index"], nodes.container, "rri-example")
    }
    assert list(by_domain) == ["Health care", "Environmental Sciences"]
    gap = by_domain["Health care"]
    assert gap["rri-status"] == "coming-soon"
    paragraphs = [p.astext() for p in gap.findall(nodes.paragraph)]
    assert paragraphs == [PLACEHOLDER]
    assert "rri-gap-placeholder" in next(gap.findall(nodes.paragraph))["classes"]
    written_node = by_domain["Environmental Sciences"]
    assert written_node["rri-status"] == "written"
    assert [p.astext() for p in written_node.findall(nodes.paragraph)] == ["A river basin."]


def test_configured_domain_without_example_gets_a_placeholder(sphinx_doctree):
    conf = {"rri_example_domains": ["Health care", "Environmental Sciences", "Education"]}
    text = examples_page(":::{example} Environmental Sciences\nA river basin.\n:::\n")
    result = render(sphinx_doctree, text, conf=conf)
    no_rri_warnings(result)
    found = find(result.doctrees["index"], nodes.container, "rri-example")
    # In the configured order, the written one among the missing ones.
    assert [(e["rri-domain"], e["rri-status"]) for e in found] == [
        ("Health care", "missing"),
        ("Environmental Sciences", "written"),
        ("Education", "missing"),
    ]
    for example in (found[0], found[2]):
        label = example.children[0]
        assert isinstance(label, nodes.rubric) and label.astext() == example["rri-domain"]
        assert [p.astext() for p in example.findall(nodes.paragraph)] == [PLACEHOLDER]


def test_examples_become_sphinx_tabs_for_html(sphinx_doctree):
    from sphinx_tabs.tabs import SphinxTabsPanel, SphinxTabsTab, SphinxTabsTablist

    text = examples_page(
        ":::{example} Health care\nA ward.\n:::\n\n"
        ":::{example} Environmental Sciences\nA river.\n:::\n"
    )
    result = render(sphinx_doctree, text, buildername="html")
    no_rri_warnings(result)
    resolved = result.get_resolved_doctree("index")
    assert not find(resolved, nodes.container, "rri-example")
    assert "sphinx-tabs" in one(resolved, nodes.container, "rri-example-set")["classes"]
    [tablist] = list(resolved.findall(SphinxTabsTablist))
    tabs = list(tablist.findall(SphinxTabsTab))
    panels = list(resolved.findall(SphinxTabsPanel))
    assert [t.astext() for t in tabs] == ["Health care", "Environmental Sciences"]
    assert [p.astext() for p in panels] == ["A ward.", "A river."]
    assert [t["aria-selected"] for t in tabs] == ["true", "false"]
    assert [t["aria-controls"] for t in tabs] == [p["ids"][0] for p in panels]
    assert [p["aria-labelledby"] for p in panels] == [t["ids"][0] for t in tabs]
    # The domain is the tab's label; the panel does not repeat it as a heading.
    assert not list(panels[0].findall(nodes.rubric))


def test_examples_stay_labelled_sections_for_other_builders(sphinx_doctree):
    text = examples_page(":::{example} Health care\nA ward.\n:::\n")
    result = render(sphinx_doctree, text)  # sphinx-pytest's own "doctree" builder
    resolved = result.get_resolved_doctree("index")
    labels = [r.astext() for r in find(resolved, nodes.rubric, "rri-example-domain")]
    assert labels == ["Health care", "Environmental Sciences"]


# -- next-steps and step ---------------------------------------------------------------------

NEXT_STEPS = """\
::::{next-steps}
:choose: 2

:::{step} Fairness
:doc: fairness
Sociocultural, statistical and practical fairness.
:::

:::{step} Privacy
:doc: /privacy
:::

:::{step} Sustainability
:status: coming-soon
:::
::::
"""


def next_steps_result(sphinx_doctree: Any, text: str, filename: str = "index.md") -> Any:
    others = {"fairness.md": "# Fairness\n", "privacy.md": "# Privacy\n"}
    return render(sphinx_doctree, text, filename, others=others)


def test_step_with_doc_is_a_doc_link_with_the_step_title(sphinx_doctree):
    result = next_steps_result(sphinx_doctree, FRONT_MATTER + NEXT_STEPS)
    no_rri_warnings(result)
    items = find(result.doctrees["index"], nodes.list_item, "rri-step")
    assert [i.astext().split("\n")[0] for i in items] == [
        "Fairness",
        "Privacy",
        "Sustainability (coming soon)",
    ]
    for item, target in zip(items[:2], ("/fairness", "/privacy"), strict=True):
        [ref] = list(item.findall(addnodes.pending_xref))
        assert (ref["refdomain"], ref["reftype"], ref["reftarget"]) == ("std", "doc", target)
        assert ref["refexplicit"] is True
        assert "rri-step-unavailable" not in item["classes"]
    assert items[0].children[-1].astext() == "Sociocultural, statistical and practical fairness."


def test_coming_soon_step_is_marked_and_not_linked(sphinx_doctree):
    result = next_steps_result(sphinx_doctree, FRONT_MATTER + NEXT_STEPS)
    item = find(result.doctrees["index"], nodes.list_item, "rri-step")[2]
    assert "rri-step-unavailable" in item["classes"]
    assert not list(item.findall(addnodes.pending_xref))
    assert not list(item.findall(nodes.reference))
    [status] = find(item, nodes.inline, "rri-step-status")
    assert status.astext() == "(coming soon)"
    [title] = list(item.findall(nodes.strong))
    assert title.astext() == "Sustainability"


def test_step_links_resolve_to_the_documents(sphinx_doctree):
    result = next_steps_result(sphinx_doctree, FRONT_MATTER + NEXT_STEPS)
    resolved = result.get_resolved_doctree("index")
    refs = [r for r in resolved.findall(nodes.reference)]
    assert [r.astext() for r in refs] == ["Fairness", "Privacy"]
    assert not list(resolved.findall(addnodes.pending_xref))


@pytest.mark.parametrize(
    ("choose", "line"),
    [("1", "Complete at least 1 of these:"), ("2", "Complete at least 2 of these:")],
)
def test_choose_adds_the_complete_at_least_line_first(sphinx_doctree, choose, line):
    text = FRONT_MATTER + NEXT_STEPS.replace(":choose: 2", f":choose: {choose}")
    result = next_steps_result(sphinx_doctree, text)
    no_rri_warnings(result)
    block = one(result.doctrees["index"], nodes.container, "rri-next-steps")
    first = block.children[0]
    assert "rri-choose" in first["classes"] and first.astext() == line
    assert child_classes(block) == ["rri-choose", "rri-steps"]


def test_without_choose_there_is_no_choose_line(sphinx_doctree):
    text = FRONT_MATTER + NEXT_STEPS.replace(":choose: 2\n", "")
    result = next_steps_result(sphinx_doctree, text)
    no_rri_warnings(result)
    block = one(result.doctrees["index"], nodes.container, "rri-next-steps")
    assert child_classes(block) == ["rri-steps"]
    assert "Complete at least" not in block.astext()


def next_steps_heading(result: Any) -> str | None:
    block = one(result.doctrees["index"], nodes.container, "rri-next-steps")
    first = block.children[0]
    return first.astext() if "rri-next-steps-title" in first["classes"] else None


@pytest.mark.parametrize(
    ("before", "conf", "heading"),
    [
        # Text between the page's title and the block: the block gets its heading.
        ("Where to go from here.\n\n", {}, "Next steps"),
        ("Where to go from here.\n\n", {"rri_labels": {"next-steps": "Onwards"}}, "Onwards"),
        # A heading right before the block is the block's.
        ("## Further modules\n\n", {}, None),
        # The block's section already reads "Next steps", an introduction between.
        ("## Next steps\n\nChoose one module.\n\n", {}, None),
        ("## Onwards\n\nChoose one.\n\n", {"rri_labels": {"next-steps": "Onwards"}}, None),
        # A section of another title, with text before the block: the heading is added.
        ("## Further modules\n\nChoose one module.\n\n", {}, "Next steps"),
    ],
)
def test_next_steps_heading_unless_the_author_gave_one(sphinx_doctree, before, conf, heading):
    text = FRONT_MATTER + before + NEXT_STEPS
    others = {"fairness.md": "# F\n", "privacy.md": "# P\n"}
    result = render(sphinx_doctree, text, conf=conf, others=others)
    no_rri_warnings(result)
    assert next_steps_heading(result) == heading


def test_rst_next_steps_give_the_same_nodes_as_myst(sphinx_doctree):
    rst = """\
.. next-steps::
   :choose: 2

   .. step:: Fairness
      :doc: fairness

      Sociocultural, statistical and practical fairness.

   .. step:: Privacy
      :doc: /privacy

   .. step:: Sustainability
      :status: coming-soon
"""
    others = {
        "myst.md": FRONT_MATTER + NEXT_STEPS,
        "rst.rst": RST_FRONT_MATTER + rst,
        "fairness.md": "# Fairness\n",
        "privacy.md": "# Privacy\n",
    }
    index = "# Index\n\n```{toctree}\nmyst\nrst\nfairness\nprivacy\n```\n"
    result = render(sphinx_doctree, index, others=others)
    no_rri_warnings(result)
    dumps = []
    for docname in ("myst", "rst"):
        block = one(result.doctrees[docname], nodes.container, "rri-next-steps")
        for ref in block.findall(addnodes.pending_xref):
            ref["refdoc"] = ""
        dumps.append(block.pformat())
    assert dumps[0] == dumps[1]


# -- human-factors and key-concept -------------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "title"),
    [
        (":::{human-factors}", "Human Factors"),
        (":::{human-factors} Situation awareness", "Situation awareness"),
    ],
    ids=["default-title", "custom-title"],
)
def test_human_factors_is_a_tip_box_with_its_title(sphinx_doctree, opening, title):
    result = render(sphinx_doctree, FRONT_MATTER + opening + "\nOperators miss alarms.\n:::\n")
    no_rri_warnings(result)
    box = one(result.doctrees["index"], nodes.admonition, "rri-human-factors")
    assert "tip" in box["classes"]
    assert isinstance(box.children[0], nodes.title)
    assert box.children[0].astext() == title
    assert [c.astext() for c in box.children[1:]] == ["Operators miss alarms."]


@pytest.mark.parametrize(
    ("option", "is_open"), [(":open:\n", True), ("", False)], ids=["open", "closed"]
)
def test_key_concept_box_has_title_body_and_open_flag(sphinx_doctree, option, is_open):
    text = FRONT_MATTER + ":::{key-concept} What is model drift?\n" + option + "Body.\n:::\n"
    result = render(sphinx_doctree, text)
    no_rri_warnings(result)
    box = one(result.doctrees["index"], nodes.admonition, "rri-key-concept")
    assert box["rri-open"] is is_open
    assert box.children[0].astext() == "What is model drift?"
    assert [c.astext() for c in box.children[1:]] == ["Body."]


@pytest.mark.parametrize(
    ("option", "is_open"), [(":open:\n", True), ("", False)], ids=["open", "closed"]
)
def test_key_concept_becomes_details_for_html(sphinx_doctree, option, is_open):
    from sphinx_rri.sphinxext.directives.callouts import details, summary

    text = FRONT_MATTER + ":::{key-concept} What is model drift?\n" + option + "Body.\n:::\n"
    result = render(sphinx_doctree, text, buildername="html")
    resolved = result.get_resolved_doctree("index")
    assert not find(resolved, nodes.admonition, "rri-key-concept")
    [element] = list(resolved.findall(details))
    assert bool(element["open"]) is is_open
    [heading] = list(element.findall(summary))
    assert heading.astext() == "What is model drift?"
    assert element.children[1].astext() == "Body."


def test_rst_boxes_give_the_same_nodes_as_myst(sphinx_doctree):
    myst = (
        FRONT_MATTER
        + ":::{human-factors} Workload\nToo many alarms.\n:::\n\n"
        + ":::{key-concept} What is drift?\n:open:\nBody.\n:::\n"
    )
    rst = (
        RST_FRONT_MATTER
        + ".. human-factors:: Workload\n\n   Too many alarms.\n\n"
        + ".. key-concept:: What is drift?\n   :open:\n\n   Body.\n"
    )
    index = "# Index\n\n```{toctree}\nmyst\nrst\n```\n"
    result = render(sphinx_doctree, index, others={"myst.md": myst, "rst.rst": rst})
    no_rri_warnings(result)
    dumps = []
    for docname in ("myst", "rst"):
        boxes = list(result.doctrees[docname].findall(nodes.admonition))
        assert len(boxes) == 2
        dumps.append([b.pformat() for b in boxes])
    assert dumps[0] == dumps[1]


# -- the role ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "filename"),
    [
        ("See {rri:task}`system-implementation`.\n", "index.md"),
        ("See :rri:task:`system-implementation`.\n", "index.rst"),
    ],
    ids=["myst", "rst"],
)
def test_task_role_links_to_the_card_with_its_title(sphinx_doctree, line, filename):
    body = CARD_COLON if filename.endswith(".md") else CARD_RST
    front = FRONT_MATTER if filename.endswith(".md") else RST_FRONT_MATTER
    result = render(sphinx_doctree, front + body + "\n" + line, filename)
    no_rri_warnings(result)
    [pending] = list(result.doctrees["index"].findall(addnodes.pending_xref))
    assert (pending["refdomain"], pending["reftype"], pending["reftarget"]) == (
        "rri",
        "task",
        "system-implementation",
    )
    resolved = result.get_resolved_doctree("index")
    [ref] = list(resolved.findall(nodes.reference))
    assert ref["refid"] == "task-system-implementation"
    assert ref.astext() == "System Implementation"


def test_task_role_with_explicit_text_keeps_the_text(sphinx_doctree):
    text = (
        FRONT_MATTER
        + CARD_COLON
        + "\nSee {rri:task}`the deployment task <system-implementation>`.\n"
    )
    result = render(sphinx_doctree, text)
    no_rri_warnings(result)
    [ref] = list(result.get_resolved_doctree("index").findall(nodes.reference))
    assert ref["refid"] == "task-system-implementation"
    assert ref.astext() == "the deployment task"


# -- :class: on every contract directive -------------------------------------------------------

CLASSED = """\
:::::{task-card} Classed
:id: classed
:class: c-card

::::{task-description}
:class: c-description
What.
::::

::::{task-importance}
:class: c-importance
Why.
::::

::::{illustrative-example}
:class: c-examples
:::{example} Health care
:class: c-example
Care.
:::

:::{example} Environmental Sciences
Rivers.
:::
::::
:::::

::::{next-steps}
:class: c-next

:::{step} Other
:class: c-step
:status: coming-soon
:::
::::

:::{human-factors}
:class: c-human
Tired people.
:::

:::{key-concept} Concept
:class: c-concept
Body.
:::
"""


@pytest.mark.parametrize("buildername", ["html", "latex"])
def test_class_option_reaches_the_output_node(sphinx_doctree, buildername):
    result = render(sphinx_doctree, FRONT_MATTER + CLASSED, buildername=buildername)
    no_rri_warnings(result)
    doctree = result.doctrees["index"]
    classes = {c for node in doctree.findall(nodes.Element) for c in node.get("classes", [])}
    expected = {
        "c-card",
        "c-description",
        "c-importance",
        "c-examples",
        "c-example",
        "c-next",
        "c-step",
        "c-human",
        "c-concept",
    }
    assert expected <= classes, expected - classes
    card = one(doctree, nodes.section, "c-card")
    assert "rri-task-card" in card["classes"]


#: Where docs/reference/index.md says each directive's classes go in HTML.
CLASSED_HTML = {
    "c-card": "section.rri-task-card",
    "c-description": "div.rri-task-description",
    "c-importance": "div.rri-task-importance",
    "c-examples": "div.rri-examples",
    "c-example": "div[role=tabpanel]",
    "c-next": "div.rri-next-steps",
    "c-step": "li.rri-step",
    "c-human": "div.rri-human-factors",
    "c-concept": "details.rri-key-concept",
}


def test_class_option_reaches_the_html_output(tmp_path, make_project, build):
    from bs4 import BeautifulSoup

    srcdir = make_project(tmp_path / "src", {"index.md": FRONT_MATTER + CLASSED})
    outdir, warnings = build(srcdir, "html")
    assert warnings == ""
    soup = BeautifulSoup((outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    missing = [
        c for c, element in CLASSED_HTML.items() if soup.select_one(f"{element}.{c}") is None
    ]
    assert missing == []


def test_card_stays_one_block_where_the_theme_writes_no_sections(tmp_path, make_project):
    # sphinx-immaterial writes a section as its heading alone: the card's block and its
    # classes are a div around the heading and the parts there. Built in a child
    # process: sphinx-immaterial changes Sphinx's search indexing for the rest of a
    # process, which would change every later build's searchindex.js in the test run.
    from bs4 import BeautifulSoup

    from test_languages import build as build_in_child

    conf = (
        'extensions = ["sphinx_rri"]\n'
        'extensions += ["sphinx_immaterial"]\nhtml_theme = "sphinx_immaterial"\n'
        'html_theme_options = {"font": False}\n'
    )
    srcdir = make_project(tmp_path / "src", {"index.md": FRONT_MATTER + CLASSED}, conf)
    outdir = tmp_path / "html"
    build_in_child(srcdir, outdir, "html")  # with -W, and no output on stderr
    soup = BeautifulSoup((outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select("section.rri-task-card") == []  # the theme's way with sections
    [card] = soup.select("div.rri-task-card")
    assert "c-card" in card["class"]
    assert card.select_one("h2.rri-task-title#task-classed") is not None
    assert card.select_one("div.rri-task-description.c-description") is not None
    assert card.select_one("div.rri-examples") is not None
