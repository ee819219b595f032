"""The front matter reader: typed values, lines, and limits."""

from __future__ import annotations

import datetime

from sphinx_rri.contract.frontmatter import read_frontmatter
from sphinx_rri.model.diagnostics import Subtype


def test_values_keep_their_types_and_lines() -> None:
    fm = read_frontmatter("---\ntitle: T\ntags: [a, b]\nlast_reviewed: 2026-10-01\n---\n# T\n")
    assert fm.values == {
        "title": "T",
        "tags": ["a", "b"],
        "last_reviewed": datetime.date(2026, 10, 1),
    }
    assert fm.lines == {"title": 2, "tags": 3, "last_reviewed": 4}
    assert fm.end_line == 5


def test_alias_bomb_stops_at_the_limit() -> None:
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    bomb += (
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n---\n"
    )
    fm = read_frontmatter(bomb, max_aliases=10)
    assert [(p[1], "rri_max_yaml_aliases" in p[2]) for p in fm.problems] == [(Subtype.LIMIT, True)]
    assert fm.values == {}


def test_python_tags_are_not_constructed() -> None:
    fm = read_frontmatter("---\ntitle: !!python/object/apply:os.system ['echo hi']\n---\n")
    assert fm.values == {}
    assert fm.problems and fm.problems[0][1] is Subtype.FRONTMATTER
    assert fm.problems[0][0] == 2


def test_size_limit() -> None:
    fm = read_frontmatter("---\ntitle: " + "x" * 2000 + "\n---\n", max_bytes=1000)
    assert fm.problems[0][1] is Subtype.LIMIT and "1000 bytes" in fm.problems[0][2]


def test_unclosed_block_and_rst_fields() -> None:
    fm = read_frontmatter("---\ntitle: T\n")
    assert fm.problems[0][0] == 1 and "not closed" in fm.problems[0][2]
    rst = read_frontmatter(
        ":title: A page\n:tags: [a, b]\n:last_reviewed: 2026-01-02\n\nA page\n======\n",
        allow_fields=True,
    )
    assert rst.values == {
        "title": "A page",
        "tags": ["a", "b"],
        "last_reviewed": datetime.date(2026, 1, 2),
    }
    assert rst.lines == {"title": 1, "tags": 2, "last_reviewed": 3}
