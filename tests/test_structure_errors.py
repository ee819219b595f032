"""Each structural error, with its exact message and the author's line, from a Sphinx build.

Every error has a page of its own in a MyST project and in an rST project; each project
is built once (``dummy`` builder, warnings not fatal) and each test reads the warnings of
its page: they must be exactly the expected ones, as ``path:line: WARNING: message
[rri.subtype]``. The erroneous directive never sits on the first lines of its page, so
a line counted from the wrong place shows.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

MD_HEAD = "---\ntitle: T\ntrack: rri\nmodule: rri-101\n---\n# Page\n\nSome text first.\n\n"
RST_HEAD = ":title: T\n:track: rri\n:module: rri-101\n\nPage\n====\n\nSome text first.\n\n"
# MyST and rST heads are both 9 lines long, so the first directive is on line 10.
assert MD_HEAD.count("\n") == RST_HEAD.count("\n") == 9

MD_DESCRIPTION = "::::{task-description}\nWhat the task is.\n::::\n\n"
MD_IMPORTANCE = "::::{task-importance}\nWhy it matters.\n::::\n\n"
MD_EXAMPLES = (
    "::::{illustrative-example}\n"
    ":::{example} Health care\nA ward.\n:::\n\n"
    ":::{example} Environmental Sciences\nA river.\n:::\n"
    "::::\n"
)


def md_card(title: str, parts: str, options: str = "") -> str:
    return f":::::{{task-card}} {title}\n{options}\n{parts}:::::\n"


def indent(text: str, by: int = 3) -> str:
    return "".join((" " * by + line if line.strip() else line) for line in text.splitlines(True))


RST_DESCRIPTION = ".. task-description::\n\n   What the task is.\n\n"
RST_IMPORTANCE = ".. task-importance::\n\n   Why it matters.\n\n"
RST_EXAMPLES = (
    ".. illustrative-example::\n\n"
    "   .. example:: Health care\n\n      A ward.\n\n"
    "   .. example:: Environmental Sciences\n\n      A river.\n"
)


def rst_card(title: str, parts: str, options: str = "") -> str:
    head = f".. task-card:: {title}".rstrip() + "\n" + indent(options)
    return head + "\n" + indent(parts)


MYST_PAGES = {
    "valid.md": MD_HEAD
    + md_card("System Implementation", MD_DESCRIPTION + MD_IMPORTANCE + MD_EXAMPLES),
    "no-description.md": MD_HEAD + md_card("Card A", MD_IMPORTANCE + MD_EXAMPLES),
    "two-importance.md": MD_HEAD
    + md_card("Card B", MD_DESCRIPTION + MD_IMPORTANCE + MD_IMPORTANCE + MD_EXAMPLES),
    "empty-description.md": MD_HEAD
    + md_card("Card C", "::::{task-description}\n::::\n\n" + MD_IMPORTANCE + MD_EXAMPLES),
    "example-outside.md": MD_HEAD + ":::{example} Health care\nA ward.\n:::\n",
    "example-in-card.md": MD_HEAD
    + md_card(
        "Card D",
        MD_DESCRIPTION + MD_IMPORTANCE + ":::{example} Health care\nA ward.\n:::\n\n" + MD_EXAMPLES,
    ),
    "step-neither.md": MD_HEAD + "::::{next-steps}\n:::{step} Fairness\nWhy fairness.\n:::\n::::\n",
    "step-both.md": MD_HEAD
    + "::::{next-steps}\n\n:::{step} Fairness\n:doc: valid\n:status: coming-soon\n"
    + "Why fairness.\n:::\n::::\n",
    "role-unknown.md": MD_HEAD
    + "The first line of a paragraph,\nthen {rri:task}`system-implementaton` on its second.\n",
    "unknown-option.md": MD_HEAD
    + md_card("Card E", MD_DESCRIPTION + MD_IMPORTANCE + MD_EXAMPLES, options=":colour: red\n"),
    "unknown-options.md": MD_HEAD
    + "::::{next-steps}\n:columns: 2\n\n"
    + ":::{step} Fairness\n:doc: valid\n:link: valid\n:::\n::::\n\n"
    + MD_EXAMPLES.replace("Health care\n", "Health care\n:colour: red\n"),
    "unknown-box-options.md": MD_HEAD
    + ":::{human-factors}\n:tone: calm\nBody.\n:::\n\n"
    + ":::{key-concept} Drift\n:closed:\nBody.\n:::\n",
    "no-title.md": MD_HEAD + md_card("", MD_DESCRIPTION + MD_IMPORTANCE + MD_EXAMPLES),
    "stray-paragraph.md": MD_HEAD
    + md_card(
        "Card F",
        MD_DESCRIPTION
        + MD_IMPORTANCE
        + MD_EXAMPLES.replace(
            "::::{illustrative-example}\n", "::::{illustrative-example}\nA stray paragraph.\n\n"
        ),
    ),
}

RST_PAGES = {
    "valid.rst": RST_HEAD
    + rst_card("System Implementation", RST_DESCRIPTION + RST_IMPORTANCE + RST_EXAMPLES),
    "no-description.rst": RST_HEAD + rst_card("Card A", RST_IMPORTANCE + RST_EXAMPLES),
    "two-importance.rst": RST_HEAD
    + rst_card("Card B", RST_DESCRIPTION + RST_IMPORTANCE + RST_IMPORTANCE + RST_EXAMPLES),
    "empty-description.rst": RST_HEAD
    + rst_card("Card C", ".. task-description::\n\n" + RST_IMPORTANCE + RST_EXAMPLES),
    "example-outside.rst": RST_HEAD + ".. example:: Health care\n\n   A ward.\n",
    "example-in-card.rst": RST_HEAD
    + rst_card(
        "Card D",
        RST_DESCRIPTION
        + RST_IMPORTANCE
        + ".. example:: Health care\n\n   A ward.\n\n"
        + RST_EXAMPLES,
    ),
    "step-neither.rst": RST_HEAD
    + ".. next-steps::\n\n   .. step:: Fairness\n\n      Why fairness.\n",
    "step-both.rst": RST_HEAD
    + ".. next-steps::\n\n   .. step:: Fairness\n      :doc: valid\n      :status: coming-soon\n\n"
    "      Why fairness.\n",
    "role-unknown.rst": RST_HEAD
    + "The first line of a paragraph,\nthen :rri:task:`system-implementaton` on its second.\n",
    "unknown-option.rst": RST_HEAD
    + rst_card("Card E", RST_DESCRIPTION + RST_IMPORTANCE + RST_EXAMPLES, options=":colour: red\n"),
    "unknown-options.rst": RST_HEAD
    + ".. next-steps::\n   :columns: 2\n\n"
    + "   .. step:: Fairness\n      :doc: valid\n      :link: valid\n\n"
    + RST_EXAMPLES.replace("Health care\n", "Health care\n      :colour: red\n"),
    "unknown-box-options.rst": RST_HEAD
    + ".. human-factors::\n   :tone: calm\n\n   Body.\n\n"
    + ".. key-concept:: Drift\n   :closed:\n\n   Body.\n",
    "no-title.rst": RST_HEAD + rst_card("", RST_DESCRIPTION + RST_IMPORTANCE + RST_EXAMPLES),
    "stray-paragraph.rst": RST_HEAD
    + rst_card(
        "Card F",
        RST_DESCRIPTION
        + RST_IMPORTANCE
        + RST_EXAMPLES.replace("::\n\n", "::\n\n   A stray paragraph.\n\n", 1),
    ),
}

INDEX = "# Structural errors\n\n```{toctree}\n:glob:\n\n*\n```\n"

#: page -> [(where, message, subtype)]: ``where`` names the directive (or ``role``) whose
#: line the warning must carry, with the occurrence when the page has several.
EXPECTED: dict[str, list[tuple[tuple[str, int], str, str]]] = {
    "no-description": [(("task-card", 1), "task-card 'Card A' has no task-description", "task")],
    "two-importance": [
        (
            ("task-card", 1),
            "task-card 'Card B' has 2 task-importance parts; keep exactly one",
            "task",
        )
    ],
    "empty-description": [
        (("task-card", 1), "task-card 'Card C' has an empty task-description", "task")
    ],
    "example-outside": [
        (("example", 1), "example must be inside illustrative-example, not on its own", "nesting")
    ],
    "example-in-card": [
        (
            ("example", 1),
            "example must be inside illustrative-example, not inside task-card",
            "nesting",
        )
    ],
    "step-neither": [
        (
            ("step", 1),
            "step 'Fairness' needs :doc: (a page to link to) or :status: coming-soon",
            "next_steps",
        )
    ],
    "step-both": [
        (("step", 1), "step 'Fairness' has both :doc: and :status:; keep one", "next_steps")
    ],
    "role-unknown": [
        (
            ("role", 1),
            "unknown task id 'system-implementaton' (did you mean 'system-implementation'?)",
            "ref",
        )
    ],
    "unknown-option": [
        (
            ("task-card", 1),
            "task-card has no option ':colour:' (it knows :id:, :stage:, :domains: and :class:)",
            "option",
        )
    ],
    "unknown-options": [
        (
            ("next-steps", 1),
            "next-steps has no option ':columns:' (it knows :choose: and :class:)",
            "option",
        ),
        (
            ("step", 1),
            "step has no option ':link:' (it knows :doc:, :status: and :class:)",
            "option",
        ),
        (
            ("example", 1),
            "example has no option ':colour:' (it knows :status: and :class:)",
            "option",
        ),
    ],
    # The subtype says what is wrong (an option), as it does for every other directive.
    "unknown-box-options": [
        (("human-factors", 1), "human-factors has no option ':tone:' (it knows :class:)", "option"),
        (
            ("key-concept", 1),
            "key-concept has no option ':closed:' (it knows :open: and :class:)",
            "option",
        ),
    ],
    "no-title": [
        (("task-card", 1), "task-card needs a title: write it after the directive name", "task")
    ],
    "stray-paragraph": [
        (
            ("illustrative-example", 1),
            "illustrative-example in 'Card F' may hold only example directives",
            "example",
        )
    ],
}


def line_of(text: str, where: tuple[str, int], ext: str) -> int:
    """The 1-based line of the ``nth`` opening of a directive (or of the role) in ``text``."""
    name, nth = where
    if name == "role":
        pattern = r"\{rri:task\}`" if ext == "md" else r":rri:task:`"
    elif ext == "md":
        pattern = r"^[:`]{3,}\{" + re.escape(name) + r"\}"
    else:
        pattern = r"^[ \t]*\.\. " + re.escape(name) + "::"
    matches = list(re.finditer(pattern, text, flags=re.M))
    assert len(matches) >= nth, f"no {name} #{nth}"
    return text[: matches[nth - 1].start()].count("\n") + 1


@pytest.fixture(scope="module")
def warnings_by_page(
    tmp_path_factory: pytest.TempPathFactory, make_project: Any, build: Any, warning_lines: Any
) -> dict[str, list[str]]:
    """page file name -> its warning lines, for both projects."""
    found: dict[str, list[str]] = {}
    for name, pages in (("myst", MYST_PAGES), ("rst", RST_PAGES)):
        srcdir = make_project(tmp_path_factory.mktemp(name), {**pages, "index.md": INDEX})
        _outdir, warnings = build(srcdir, "dummy", warningiserror=False)
        for line in warning_lines(warnings):
            match = re.match(r"^<src>/([^:]+):", line)
            assert match, f"a warning without a page: {line}"
            found.setdefault(match.group(1), []).append(line)
    return found


def expected_lines(page: str, ext: str) -> list[str]:
    text = (MYST_PAGES if ext == "md" else RST_PAGES)[f"{page}.{ext}"]
    return [
        f"<src>/{page}.{ext}:{line_of(text, where, ext)}: WARNING: {message} [rri.{subtype}]"
        for where, message, subtype in EXPECTED[page]
    ]


CASES = [(page, ext) for page in EXPECTED for ext in ("md", "rst")]


@pytest.mark.parametrize(("page", "ext"), CASES, ids=[f"{p}.{e}" for p, e in CASES])
def test_structural_error_has_its_exact_message_and_line(warnings_by_page, page, ext):
    assert sorted(warnings_by_page.get(f"{page}.{ext}", [])) == sorted(expected_lines(page, ext))


def test_the_valid_pages_have_no_warnings(warnings_by_page):
    assert set(warnings_by_page) == {f"{p}.{e}" for p, e in CASES}


def test_the_line_locator_finds_the_lines_a_reader_counts():
    # The expectations find lines by searching the page; check that search on two pages.
    assert line_of(MYST_PAGES["example-in-card.md"], ("example", 1), "md") == 20
    assert line_of(RST_PAGES["example-in-card.rst"], ("example", 1), "rst") == 20
    assert line_of(MYST_PAGES["role-unknown.md"], ("role", 1), "md") == 11
    assert line_of(RST_PAGES["unknown-box-options.rst"], ("key-concept", 1), "rst") == 15


def test_structural_errors_fail_a_build_with_warnings_as_errors(tmp_path, make_project):
    srcdir = make_project(tmp_path, {"index.md": MYST_PAGES["no-description.md"]})
    from sphinx.cmd.build import build_main

    status = build_main(["-b", "dummy", "-q", "-W", "-E", str(srcdir), str(tmp_path / "_build")])
    assert status == 1
