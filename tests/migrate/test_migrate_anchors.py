"""Section addresses: the ids mkdocs gave headings, and links to them that land."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from migrate_helpers import sphinx_build
from test_migrate_site import write_site

from sphinx_rri.migrate import migrate_site
from sphinx_rri.migrate.anchors import slug_function, toc_slug, unicode_slug

LIFE = """\
# Stage 1: Design

## Problem Formulation

### Task Description

Say what the problem is.

### Importance of Task

It frames everything.

### Illustrative Example

=== "Health care"

    A triage question.

## Fairness & Bias, Café Culture

Text.

## Notes

First notes.

## Notes

Second notes.
"""
LINKS = """\
# Links

Back to [the top](#), to [nowhere](#nowhere), to [a section here](#a-section-here),
to [a missing part](life.md#gone), [the task](life.md#problem-formulation),
[fairness](life.md#fairness-bias-cafe-culture) and [the second notes](life.md#notes_1).

[ref]: life.md#gone

`[code](#nowhere)` stays as written.

## A section here

Text, citing a source<sup><a href="#src-1">1</a></sup>.

<a id="src-1"></a>1. The field log.
"""
CONFIG = (
    "site_name: Field School\ntheme:\n  name: material\nmarkdown_extensions:\n"
    "  - toc:\n      permalink: true\n  - admonition\n"
    "  - pymdownx.superfences\n  - pymdownx.tabbed:\n      alternate_style: true\n"
)


@pytest.mark.parametrize(
    ("title", "toc", "uni"),
    [
        (
            "Fairness & Bias, Café Culture",
            "fairness-bias-cafe-culture",
            "fairness--bias-café-culture",
        ),
        ("What's new?", "whats-new", "whats-new"),
        ("  Über  uns ", "uber-uns", "über--uns"),
        ("snake_case and-hyphen", "snake_case-and-hyphen", "snake_case-and-hyphen"),
    ],
)
def test_slugs_are_python_markdowns(title: str, toc: str, uni: str) -> None:
    assert toc_slug(title) == toc
    assert unicode_slug(title) == uni


def test_the_slug_function_follows_the_toc_options() -> None:
    assert slug_function({}) == "toc_slug"
    assert slug_function({"permalink": True}) == "toc_slug"
    assert slug_function({"slugify": {"kwds": {"case": "lower"}}}) == "unicode_slug"
    assert slug_function({"slugify": "!python/name:pymdownx.slugs.uslugify"}) == "unicode_slug"


def test_section_links_land_and_headings_keep_mkdocs_ids(tmp_path: Path) -> None:
    """Built with ``-W``: every section link resolves, to the id mkdocs gave the heading
    (built by mkdocs beside it to compare), to a label before a task card that was a
    heading, or to the page when the section is not there (for review)."""
    from migrate_helpers import mkdocs_build

    src = write_site(tmp_path / "src", {"life.md": LIFE, "links.md": LINKS}, CONFIG)
    mkdocs_build(src, tmp_path / "mkdocs")
    dest = tmp_path / "dest"
    report = migrate_site(src, dest, progress=False, theme="furo")
    pages = {page.path: page for page in report.pages}
    links = (dest / "links.md").read_text(encoding="utf-8")
    assert "[the top](links.md)" in links and "[nowhere](links.md)" in links
    assert "[a missing part](life.md)" in links and "[ref]: life.md\n" in links
    assert "[the second notes](life.md#notes-1)" in links
    assert "`[code](#nowhere)`" in links
    reviews = " ".join(f.message for f in pages["links.md"].findings if f.review)
    assert "link `#nowhere`" in reviews and "link `life.md#gone`" in reviews
    # each such review names the line of the source page that holds the link
    lines = {f.message.split("`")[1]: f.line for f in pages["links.md"].findings if f.review}
    assert lines["#nowhere"] == 3 and lines["life.md#gone"] == 4, lines
    assert "(problem-formulation)=\n\n:::::{task-card} Problem Formulation" in (
        dest / "life.md"
    ).read_text(encoding="utf-8")
    assert "myst_heading_slug_func = 'sphinx_rri.migrate.anchors.toc_slug'" in (
        dest / "conf.py"
    ).read_text(encoding="utf-8")
    out = tmp_path / "html"
    result = sphinx_build(dest, out, "-W", "-b", "dirhtml")
    assert result.returncode == 0, result.stderr
    old = (tmp_path / "mkdocs" / "life" / "index.html").read_text(encoding="utf-8")
    new = (out / "life" / "index.html").read_text(encoding="utf-8")
    for ident in ("problem-formulation", "fairness-bias-cafe-culture", "notes"):
        assert f'id="{ident}"' in old and f'id="{ident}"' in new, ident
    page = (out / "links" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="\.\./life/#problem-formulation"', page), page
    assert re.search(r'href="\.\./life/#fairness-bias-cafe-culture"', page)
    # the HTML anchor and the superscript link to it: a link that lands, no markup shown
    assert re.search(r'<a class="reference internal" href="#src-1"><sup>1</sup></a>', page)
    assert 'id="src-1"' in page and "&lt;a" not in page
