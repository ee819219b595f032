"""Author strings are text, never markup: in HTML, in LaTeX and in ``rri.json``.

A ``<script>`` payload and an attribute break-out payload go into every author string
the extension renders (card titles, domain names, step titles, box titles, front
matter, the role's link text and title, the gap report). The HTML must hold them as
text: no script element runs them and no attribute is broken out of. LaTeX special
characters in the same strings must come out escaped.

Bodies are left out on purpose in MyST: MyST passes raw HTML in a body through, as its
documentation says; that is the author's markup, not a string the extension renders.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '" onmouseover="x'
PAYLOAD = f"{SCRIPT} {BREAKOUT}"
DOMAINS = [f"Health {SCRIPT}", f"Env {BREAKOUT}", "Plain"]
CONF = (
    'extensions = ["sphinx_rri"]\nexclude_patterns = ["_build"]\n'
    f"rri_example_domains = {DOMAINS!r}\n"
)


def myst_page(payload: str) -> str:
    yaml_title = payload.replace("'", "''")
    return f"""\
---
title: 'Front {yaml_title}'
track: rri
module: rri-101
---
# Escaping

:::::{{task-card}} Card {payload}
:id: card-myst

::::{{task-description}}
Plain description.
::::

::::{{task-importance}}
Plain importance.
::::

::::{{illustrative-example}}
:::{{example}} {DOMAINS[0]}
Plain example.
:::

:::{{example}} {DOMAINS[1]}
:status: coming-soon
:::
::::
:::::

::::{{next-steps}}
:::{{step}} Step {payload}
:doc: other
:::

:::{{step}} Later {payload}
:status: coming-soon
:::
::::

:::{{human-factors}} Factors {payload}
Plain body.
:::

:::{{key-concept}} Concept {payload}
:open:
Plain body.
:::

See {{rri:task}}`card-myst` and {{rri:task}}`card-rst`.
"""


def rst_page(payload: str) -> str:
    return f"""\
:title: Front {payload}
:track: rri
:module: rri-101

Escaping in rST
===============

.. task-card:: Card {payload}
   :id: card-rst

   .. task-description::

      Body {payload}

   .. task-importance::

      Body {payload}

   .. illustrative-example::

      .. example:: {DOMAINS[1]}

         Body {payload}

.. next-steps::

   .. step:: Step {payload}
      :doc: other

   .. step:: Later {payload}
      :status: coming-soon

.. human-factors:: Factors {payload}

   Body {payload}

.. key-concept:: Concept {payload}

   Body {payload}
"""


INDEX = "# Index\n\n```{toctree}\nmyst\nrst\nother\ngaps\n```\n"
GAPS = "# Gaps\n\n```{rri-gap-report}\n```\n"


@pytest.fixture(scope="module")
def html_out(tmp_path_factory: pytest.TempPathFactory, make_project: Any, build: Any) -> Path:
    files = {
        "index.md": INDEX,
        "myst.md": myst_page(PAYLOAD),
        "rst.rst": rst_page(PAYLOAD),
        "other.md": "# Other\n",
        "gaps.md": GAPS,
    }
    srcdir = make_project(tmp_path_factory.mktemp("escaping"), files, CONF)
    outdir, warnings = build(srcdir, "html")
    assert warnings == ""
    return outdir


def html_files(outdir: Path) -> list[Path]:
    files = sorted(outdir.rglob("*.html"))
    assert len(files) >= 5
    return files


def test_no_script_element_carries_the_payload(html_out):
    for path in html_files(html_out):
        text = path.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in text, path.name
        soup = BeautifulSoup(text, "html.parser")
        for script in soup.find_all("script"):
            assert "alert(1)" not in script.get_text(), path.name


def test_no_attribute_is_broken_out_of(html_out):
    for path in html_files(html_out):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(True):
            assert "onmouseover" not in tag.attrs, f"{path.name}: <{tag.name} {tag.attrs}>"


@pytest.mark.parametrize("page", ["myst.html", "rst.html"])
def test_payload_is_shown_as_text_in_every_string(html_out, page):
    soup = BeautifulSoup((html_out / page).read_text(encoding="utf-8"), "html.parser")

    # Titles go through smart quotes; the payload's characters are what matters.
    def shown(element) -> str:
        return re.sub(r"[\u201c\u201d]", '"', element.get_text())

    assert SCRIPT in shown(soup.select_one(".rri-task-title"))
    assert "onmouseover=" in shown(soup.select_one(".rri-task-title"))
    tabs = [shown(t) for t in soup.select("[role=tab]")]
    assert any(tab.startswith(DOMAINS[1]) for tab in tabs), tabs
    steps = [shown(s) for s in soup.select(".rri-step-title")]
    assert len(steps) == 2 and all(SCRIPT in s and "onmouseover=" in s for s in steps)
    assert SCRIPT in shown(soup.select_one(".rri-human-factors .admonition-title"))
    assert SCRIPT in shown(soup.select_one("details.rri-key-concept > summary"))


def test_task_index_shows_the_titles_as_escaped_text(html_out):
    text = (html_out / "rri-index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(text, "html.parser")
    titles = [span.get_text() for span in soup.select("a > span.rri-index-title")]
    assert titles and all(SCRIPT in t and "onmouseover=" in t for t in titles), titles
    assert soup.select("table.modindextable code") == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_role_title_attribute_holds_the_whole_task_title(html_out):
    soup = BeautifulSoup((html_out / "myst.html").read_text(encoding="utf-8"), "html.parser")
    links = [span.parent for span in soup.select("span.rri-task")]
    assert [a.name for a in links] == ["a", "a"]
    titles = sorted(a["title"].replace("\u201c", '"').replace("\u201d", '"') for a in links)
    assert titles == [f"Card {PAYLOAD}"] * 2
    assert all(SCRIPT in a.get_text() for a in links)


def test_gap_report_shows_titles_and_domains_as_text(html_out):
    soup = BeautifulSoup((html_out / "gaps.html").read_text(encoding="utf-8"), "html.parser")
    headers = [th.get_text() for th in soup.select("table.rri-gap-matrix th")]
    assert DOMAINS[0] in headers and DOMAINS[1] in headers
    rows = soup.select("table.rri-gap-matrix tbody tr")
    assert len(rows) == 2
    assert all(SCRIPT in row.find("a").get_text() for row in rows)


def test_rri_json_keeps_the_strings_as_written(html_out):
    data = json.loads((html_out / "rri.json").read_text(encoding="utf-8"))
    titles = sorted(task["title"] for task in data["tasks"])
    assert titles == [f"Card {PAYLOAD}"] * 2
    pages = {page["docname"]: page["title"] for page in data["pages"]}
    assert pages["myst"] == f"Front {PAYLOAD}"
    assert pages["rst"] == f"Front {PAYLOAD}"


# -- ids are slugs -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "text", "line"),
    [
        (
            "index.md",
            "---\ntitle: T\ntrack: rri\nmodule: rri-101\n---\n# Page\n\n"
            f":::::{{task-card}} Card\n:id: {SCRIPT}\n\n::::{{task-description}}\nD.\n::::\n\n"
            "::::{task-importance}\nI.\n::::\n\n::::{illustrative-example}\n"
            ":::{example} Health care\nH.\n:::\n\n:::{example} Environmental Sciences\nE.\n:::\n"
            "::::\n:::::\n",
            8,
        ),
        (
            "index.rst",
            ":title: T\n:track: rri\n:module: rri-101\n\nPage\n====\n\n"
            f".. task-card:: Card\n   :id: {BREAKOUT}\n\n   .. task-description::\n\n      D.\n\n"
            "   .. task-importance::\n\n      I.\n\n   .. illustrative-example::\n\n"
            "      .. example:: Health care\n\n         H.\n\n"
            "      .. example:: Environmental Sciences\n\n         E.\n",
            8,
        ),
    ],
    ids=["script-id-myst", "breakout-id-rst"],
)
def test_an_id_that_is_not_a_slug_is_an_error_and_breaks_nothing(
    tmp_path, make_project, build, warning_lines, filename, text, line
):
    srcdir = make_project(tmp_path, {filename: text})
    outdir, warnings = build(srcdir, "html", warningiserror=False)
    raw_id = SCRIPT if filename.endswith(".md") else BREAKOUT
    shown = "'" + raw_id.replace("'", "\\'") + "'"
    assert warning_lines(warnings) == [
        f"<src>/{filename}:{line}: WARNING: task id {shown} is not a slug: "
        "use lower-case letters, digits and hyphens [rri.task]"
    ]
    html = (outdir / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert not [t for t in soup.find_all(True) if "onmouseover" in t.attrs]
    title = soup.select_one(".rri-task-title")
    title.select_one("a.headerlink").decompose()  # the section's "¶" link
    assert title.get_text() == "Card"


def test_tab_ids_stay_valid_whatever_the_file_name(tmp_path, make_project, build):
    page = (
        "---\ntitle: T\ntrack: rri\nmodule: rri-101\n---\n# Page\n\n"
        "::::{illustrative-example}\n:::{example} Health care\nH.\n:::\n::::\n"
    )
    srcdir = make_project(
        tmp_path, {"index.md": "# I\n\n```{toctree}\nmy page\n```\n", "my page.md": page}
    )
    outdir, _warnings = build(srcdir, "html")
    soup = BeautifulSoup((outdir / "my page.html").read_text(encoding="utf-8"), "html.parser")
    tabs = soup.select("[role=tab]")
    assert len(tabs) == 2
    for tab in tabs:
        # An id holds no whitespace, and aria-controls is a list of ids split on it.
        assert not re.search(r"\s", tab["id"]), tab["id"]
        assert not re.search(r"\s", tab["aria-controls"]), tab["aria-controls"]
        [panel] = soup.find_all(id=tab["aria-controls"])
        assert panel["aria-labelledby"] == tab["id"]


# -- LaTeX -------------------------------------------------------------------------------------

TEX_TITLE = r"Costs \input{/etc/passwd} $5 & 10% #1 a_b"
TEX_ESCAPED = r"Costs \textbackslash{}input\{/etc/passwd\} \$5 \& 10\% \#1 a\_b"


@pytest.fixture(scope="module")
def tex(tmp_path_factory: pytest.TempPathFactory, make_project: Any, build: Any) -> str:
    conf = (
        'extensions = ["sphinx_rri"]\nexclude_patterns = ["_build"]\n'
        f"rri_example_domains = {[TEX_TITLE, 'Health care']!r}\n"
    )
    page = f"""\
---
title: 'Front {TEX_TITLE}'
track: rri
module: rri-101
---
# LaTeX

:::::{{task-card}} {TEX_TITLE}
:id: tex-card

::::{{task-description}}
Plain.
::::

::::{{task-importance}}
Plain.
::::

::::{{illustrative-example}}
:::{{example}} Health care
Plain.
:::
::::
:::::

::::{{next-steps}}
:::{{step}} {TEX_TITLE}
:status: coming-soon
:::
::::

:::{{human-factors}} {TEX_TITLE}
Plain.
:::

:::{{key-concept}} {TEX_TITLE}
Plain.
:::

See {{rri:task}}`tex-card`.
"""
    srcdir = make_project(tmp_path_factory.mktemp("latex"), {"index.md": page}, conf)
    outdir, warnings = build(srcdir, "latex")
    assert warnings == ""
    [path] = list(outdir.glob("*.tex"))
    return path.read_text(encoding="utf-8")


def test_latex_special_characters_are_escaped(tex):
    assert r"\input{/etc/passwd}" not in tex
    # card title, missing-domain label, step title, two box titles, role text, task index
    assert tex.count(TEX_ESCAPED) >= 6
    body = tex[tex.index(r"\begin{document}") :]
    # The card's title is a section title (a chapter: the root document's own title is
    # the book's), the domain label a rubric.
    for context in (r"\chapter{", r"\subsubsection*{", r"\begin{sphinxadmonition}{note}{"):
        assert context + TEX_ESCAPED in body, context


def test_latex_has_no_unescaped_special_character_from_the_title(tex):
    # Wherever the title's words are, every special character before them is escaped.
    for match in re.finditer(r"Costs (.{0,80}?)a(\\?)_b", tex):
        assert match.group(2) == "\\", match.group(0)
        fragment = match.group(1)
        assert re.search(r"(?<!\\)[$&%#]", fragment) is None, match.group(0)
