"""The build never shows a traceback, whatever a page holds.

Pages of a few hundred bytes are drawn from every directive a project with
``extensions = ["sphinx_rri"]`` knows (docutils', Sphinx's and sphinx-tabs', from
``contract/directive_specs.py``) and every core role (``contract/names.py``), with odd
arguments, options and content, nested where they do not usually go: tables in tables,
headings that are empty or hold roles, footnotes, citations and substitutions in
titles and cells, ``only``, ``toctree`` in boxes, ``math`` with labels, figures without
an image. Each page is built by one or two of the HTML, LaTeX, text, man, texinfo and
epub builders, and the build must end without a crash (no traceback, exit status 0 or
1) within a generous time.

The examples are the same on every run (see ``conftest.py``); ``RRI_HYPOTHESIS_EXPLORE=1``
draws new ones and ``RRI_HYPOTHESIS_SCALE`` multiplies their number. Every class of
crash found this way has an ``@example`` below and a direct test.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sphinx_rri.contract.directive_specs import directive_specs
from sphinx_rri.contract.names import CORE_ROLES
from test_hostile import (
    SCALE,
    Gate,
    counted,
    hostile_settings,
    run_build,
    run_validate,
    time_limit,
)

BUILDERS = ("html", "latex", "text", "man", "texinfo", "epub")
EXAMPLES = max(1, int(12 * SCALE))

#: What a crash looks like on Sphinx's error stream.
CRASH_MARKERS = ("Traceback", "Exception occurred", "Extension error", "Recursion error!")

SPECS = directive_specs()
#: Directives that fetch a URL or read the machine's files are drawn without those
#: options (what they do is another test's concern).
DRAWN_OPTIONS_LEFT_OUT = frozenset({"url"})
DIRECTIVES = sorted(SPECS)
#: Drawn more often: the directives that make unusual trees.
STRUCTURAL = [
    "list-table",
    "table",
    "csv-table",
    "figure",
    "image",
    "math",
    "only",
    "toctree",
    "rubric",
    "line-block",
    "topic",
    "sidebar",
    "note",
    "admonition",
    "container",
    "hlist",
    "glossary",
    "productionlist",
    "centered",
    "tabs",
    "tab",
    "code-block",
    "parsed-literal",
    "epigraph",
    "compound",
    "seealso",
    "index",
    "contents",
    "footnote",
]
ROLES = sorted(CORE_ROLES)

WORDS = st.sampled_from(
    [
        "",
        "x",
        "Title",
        "nope.png",
        "other",
        "page",
        "self",
        "*",
        "(",
        "html and (",
        "latex",
        "1-2",
        "0",
        "-1",
        "100",
        "a b",
        "%z",
        "{0}",
        "{name} {0}",
        "&",
        "<>",
        "x <lbl>",
        "[#f]_",
        "[CIT]_",
        "|s|",
        "fig1",
        "eq1",
    ]
)
ROLE_TEXTS = st.sampled_from(
    [
        "x",
        "&",
        "<>",
        "x <lbl>",
        "lbl",
        "fig1",
        "eq1",
        "other",
        "{name} {0} <fig1>",
        "%z <fig1>",
        "{number!z} <fig1>",
        "a (b)",
        "!x",
        "~x.y",
        "-x",
        "C-x M-",
        "a --> b",
        "$x$",
        "\\",
    ]
)


@st.composite
def rst_role(draw: st.DrawFn) -> str:
    name = draw(st.one_of(st.sampled_from(ROLES), st.sampled_from(["math", "numref", "ref", "eq"])))
    return f":{name}:`{draw(ROLE_TEXTS)}`"


@st.composite
def myst_role(draw: st.DrawFn) -> str:
    name = draw(st.one_of(st.sampled_from(ROLES), st.sampled_from(["math", "numref", "ref", "eq"])))
    return f"{{{name}}}`{draw(ROLE_TEXTS)}`"


@st.composite
def inline(draw: st.DrawFn, myst: bool) -> str:
    parts = draw(
        st.lists(
            st.one_of(
                WORDS,
                myst_role() if myst else rst_role(),
                st.sampled_from(
                    ["[^f]", "$x$", "**b**", "<b>x</b>"]
                    if myst
                    else ["[#f]_", "[#]_", "[CIT]_", "|s|", "**b**", "`x`_", "lbl_"]
                ),
            ),
            min_size=0,
            max_size=3,
        )
    )
    return " ".join(p for p in parts if p)


def directive_options(draw: st.DrawFn, name: str) -> list[tuple[str, str]]:
    spec = SPECS.get(name)
    known = sorted(set(spec[4]) - DRAWN_OPTIONS_LEFT_OUT) if spec else []
    names = st.sampled_from(known) if known else st.just("class")
    pairs = draw(st.lists(st.tuples(names, WORDS), max_size=3, unique_by=lambda p: p[0]))
    if name == "math" and draw(st.booleans()):
        pairs.append(("label", draw(st.sampled_from(["eq1", "eq1", "x y", "&"]))))
    if name in ("figure", "image", "table", "list-table", "math") and draw(st.booleans()):
        pairs.append(("name", "fig1"))
    return list(dict(pairs).items())


# -- reStructuredText -------------------------------------------------------------------------


def rst_table(draw: st.DrawFn, pad: str, depth: int) -> list[str]:
    kind = draw(st.sampled_from(["simple", "grid", "list", "list-nested"]))
    cell = draw(inline(False)) or "x"
    if kind == "simple":
        return [
            pad + "=== ===",
            pad + "a   b",
            pad + "=== ===",
            pad + f"{cell}   d",
            pad + "=== ===",
        ]
    if kind == "grid":
        return [
            pad + "+---+---+",
            pad + "| a | b |",
            pad + "+===+===+",
            pad + "| c     |",
            pad + "+---+---+",
        ]
    lines = [pad + ".. list-table::"]
    lines += [f"{pad}   :{k}: {v}".rstrip() for k, v in directive_options(draw, "list-table")]
    lines.append("")
    lines.append(f"{pad}   * - {cell}")
    inner = draw(rst_blocks(len(pad) + 7, depth + 1)) if kind == "list-nested" else []
    if inner and inner[0].strip():
        lines.append(f"{pad}     - {inner[0].strip()}")
        lines += inner[1:]
    else:
        lines.append(f"{pad}     - y")
    return lines


@st.composite
def rst_blocks(draw: st.DrawFn, indent: int = 0, depth: int = 0) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for _ in range(draw(st.integers(1 if depth else 2, 3 if depth < 2 else 1))):
        kind = draw(st.integers(0, 11))
        if kind <= 1 or depth >= 3:
            lines += [pad + (draw(inline(False)) or "x"), ""]
        elif kind == 2:
            title = draw(inline(False))
            mark = draw(st.sampled_from(["=", "-", "~"]))
            lines += [pad + title, pad + mark * max(len(title), 1), "", pad + "text", ""]
        elif kind == 3:
            lines += [*rst_table(draw, pad, depth), ""]
        elif kind == 4:
            text = draw(inline(False))
            lines += [
                pad
                + draw(st.sampled_from([f".. [#f] {text}", f".. [#] {text}", f".. [CIT] {text}"])),
                "",
            ]
        elif kind == 5:
            lines += [pad + f".. |s| replace:: {draw(inline(False)) or 'x'}", ""]
        elif kind == 6:
            lines += [pad + "| " + (draw(inline(False)) or "x"), pad + "|    b", ""]
        elif kind == 7:
            lines += [
                pad + draw(st.sampled_from(["----", ".. _lbl:", "* item", "term\n  def"])),
                "",
            ]
        else:
            name = draw(st.one_of(st.sampled_from(STRUCTURAL), st.sampled_from(DIRECTIVES)))
            argument = draw(st.one_of(WORDS, inline(False)))
            lines.append(f"{pad}.. {name}:: {argument}".rstrip())
            lines += [f"{pad}   :{k}: {v}".rstrip() for k, v in directive_options(draw, name)]
            lines.append("")
            if name == "toctree":
                lines += [pad + "   " + w for w in draw(st.lists(WORDS, max_size=3)) if w] + [""]
            elif name == "tabs":
                lines += [f"{pad}   .. tab:: {draw(WORDS)}".rstrip(), ""]
                lines += draw(rst_blocks(indent + 6, depth + 1))
            else:
                lines += draw(rst_blocks(indent + 3, depth + 1))
    return lines


@st.composite
def rst_page(draw: st.DrawFn) -> str:
    title = draw(inline(False))
    head = f"{title}\n{'=' * max(len(title), 1)}\n\n" if draw(st.integers(0, 3)) else ""
    return head + "\n".join(draw(rst_blocks())) + "\n"


# -- MyST -------------------------------------------------------------------------------------


@st.composite
def myst_blocks(draw: st.DrawFn, depth: int = 0) -> list[str]:
    lines: list[str] = []
    for _ in range(draw(st.integers(1 if depth else 2, 3 if depth < 2 else 1))):
        kind = draw(st.integers(0, 10))
        if kind <= 1 or depth >= 3:
            lines += [draw(inline(True)) or "x", ""]
        elif kind == 2:
            level = draw(st.integers(1, 3))
            lines += ["#" * level + " " + draw(inline(True)), "", "text", ""]
        elif kind == 3:
            cell = draw(inline(True)) or "x"
            lines += ["| a | b |", "|---|---|", f"| {cell} | d |", ""]
        elif kind == 4:
            lines += [f"[^f]: {draw(inline(True)) or 'x'}", ""]
        elif kind == 5:
            lines += [
                draw(st.sampled_from(["---", "(lbl)=", "- item", "> quote", "$$x$$ (eq1)"])),
                "",
            ]
        else:
            name = draw(st.one_of(st.sampled_from(STRUCTURAL), st.sampled_from(DIRECTIVES)))
            argument = draw(st.one_of(WORDS, inline(True)))
            fence = "`" * (3 + 3 - depth) if draw(st.booleans()) else ":" * (3 + 3 - depth)
            if name in ("code-block", "math", "parsed-literal", "productionlist"):
                fence = "`" * (3 + 3 - depth)
            lines.append(f"{fence}{{{name}}} {argument}".rstrip())
            lines += [f":{k}: {v}".rstrip() for k, v in directive_options(draw, name)]
            if name == "toctree":
                lines += [w for w in draw(st.lists(WORDS, max_size=3)) if w]
            elif name == "tabs":
                lines += [f"{'`' * (2 - depth + 3)}{{tab}} x", "tab text", "`" * (2 - depth + 3)]
            else:
                lines += draw(myst_blocks(depth + 1))
            lines += [fence, ""]
    return lines


@st.composite
def myst_page(draw: st.DrawFn) -> str:
    head = f"# {draw(inline(True))}\n\n" if draw(st.integers(0, 3)) else ""
    return head + "\n".join(draw(myst_blocks())) + "\n"


pages = st.one_of(rst_page().map(lambda t: (".rst", t)), myst_page().map(lambda t: (".md", t)))
builders = st.lists(st.sampled_from(BUILDERS), min_size=1, max_size=2, unique=True)
confs = st.sampled_from(["", "numfig = True\n", 'myst_enable_extensions = ["dollarmath"]\n'])

CONF = 'extensions = ["sphinx_rri"]\nexclude_patterns = ["_build", "tab.rst"]\nroot_doc = "page"\n'
OTHER = "Other\n=====\n\n.. _lbl:\n\nText.\n"


def build_page(suffix: str, text: str, builder: str, conf: str = "") -> Gate:
    """Build a project whose root document is ``text`` (and one other page)."""
    with tempfile.TemporaryDirectory() as directory:
        srcdir = Path(directory) / "src"
        srcdir.mkdir()
        (srcdir / "conf.py").write_text(CONF + conf, encoding="utf-8")
        (srcdir / ("page" + suffix)).write_text(text, encoding="utf-8")
        (srcdir / "other.rst").write_text(OTHER, encoding="utf-8")
        (srcdir / "tab.rst").write_text(".. tab\tmark\n", encoding="utf-8")
        with time_limit(90, f"sphinx-build -b {builder}"):
            return run_build(srcdir, builder)


def assert_no_crash(gate: Gate, builder: str, text: str) -> None:
    crashed = any(marker in gate.err for marker in CRASH_MARKERS)
    assert not crashed and gate.status in (0, 1), (
        f"-b {builder} crashed (exit status {gate.status}) on the page:\n{text}\n"
        f"---- stderr ----\n{gate.err[-3000:]}"
    )


# -- crash classes found by the property, one page each -----------------------------------------

#: A table in a table cell: the text and man writers keep one table at a time.
NESTED_TABLE = """T
=

.. list-table::

   * - .. table:: inner

          === ===
          a   b
          === ===
     - x
"""
#: A ``numref`` title that is no format string for the number: the standard domain's
#: resolver formats it without catching what ``str.format`` and ``%`` raise.
NUMREF_FORMAT = """T
=

.. figure:: nope.png
   :name: fig1

   Cap

:numref:`{name} {0} <fig1>` and :numref:`%z <fig1>` and :numref:`{number!z} <fig1>`
"""
#: A MyST heading with no text: the LaTeX writer reads its first child, texinfo asserts
#: that every section has a name.
EMPTY_HEADING = "# \n\ntext\n\n## \n\nmore\n"
#: An ``epigraph`` whose only content goes to the page's decoration: Sphinx asserts
#: that the empty quote it takes out has no classes.
EMPTY_EPIGRAPH = "T\n=\n\n.. epigraph::\n\n   .. header:: h\n"
#: Nodes a writer cannot write: the man writer raises on a ``header`` and on a footnote
#: without text, the text writer has no visitor for ``header``, LaTeX none for
#: ``acronym``.
#: Size options that ask for 300,000,000 columns or spaces for each tab: the build ran
#: out of time (and memory).
HUGE_COLUMNS = "T\n=\n\n.. hlist::\n   :columns: 300000000\n\n   * a\n"
HUGE_TAB_WIDTH = "T\n=\n\n.. include:: tab.rst\n   :tab-width: 300000000\n"
UNWRITABLE_NODES = "T\n=\n\n.. header:: hdr\n\nx :acronym:`AB` y [#f]_\n\n.. [#f]\n"


@settings(hostile_settings(EXAMPLES, 240))
@given(page=pages, chosen=builders, conf=confs)
@example(page=(".rst", NESTED_TABLE), chosen=["text", "man"], conf="")
@example(page=(".rst", NUMREF_FORMAT), chosen=["html"], conf="numfig = True\n")
@example(page=(".md", EMPTY_HEADING), chosen=["latex", "texinfo"], conf="")
@example(page=(".rst", EMPTY_EPIGRAPH), chosen=["html"], conf="")
@example(page=(".rst", HUGE_COLUMNS), chosen=["html"], conf="")
@example(page=(".rst", HUGE_TAB_WIDTH), chosen=["text"], conf="")
@example(page=(".rst", UNWRITABLE_NODES), chosen=["man", "text"], conf="")
@example(page=(".rst", UNWRITABLE_NODES), chosen=["latex"], conf="")
def test_no_page_makes_the_build_crash(page: tuple[str, str], chosen: list[str], conf: str) -> None:
    counted("no traceback")
    suffix, text = page
    for builder in chosen:
        assert_no_crash(build_page(suffix, text, builder, conf), builder, text)


# -- direct tests ---------------------------------------------------------------------------------


def warnings_of(gate: Gate) -> str:
    return gate.err.replace("\n", " ")


@pytest.mark.parametrize("builder", ["text", "man"])
def test_a_table_in_a_table_is_a_located_error_where_it_cannot_be_written(builder: str) -> None:
    gate = build_page(".rst", NESTED_TABLE, builder)
    assert_no_crash(gate, builder, NESTED_TABLE)
    assert "page.rst:6:" in gate.err and "[rri.nesting]" in gate.err, gate.err
    assert "table inside a table" in warnings_of(gate)


def test_a_table_in_a_table_is_kept_where_it_can_be_written(tmp_path: Path) -> None:
    gate = build_page(".rst", NESTED_TABLE, "html")
    assert_no_crash(gate, "html", NESTED_TABLE)
    assert "table inside a table" not in warnings_of(gate)


def test_a_numref_title_that_is_no_format_is_a_located_error() -> None:
    gate = build_page(".rst", NUMREF_FORMAT, "html", "numfig = True\n")
    assert_no_crash(gate, "html", NUMREF_FORMAT)
    assert warnings_of(gate).count("page.rst:9:") == 3, gate.err
    assert "[rri.ref]" in gate.err


@pytest.mark.parametrize("builder", ["latex", "texinfo"])
def test_a_heading_without_text_is_a_located_warning(builder: str) -> None:
    gate = build_page(".md", EMPTY_HEADING, builder)
    assert_no_crash(gate, builder, EMPTY_HEADING)
    assert "page.md:1:" in gate.err and "page.md:5:" in gate.err, gate.err
    assert warnings_of(gate).count("a heading with no text") == 2


def test_a_heading_texinfo_cannot_name_is_a_located_warning() -> None:
    # texinfo names a node after its heading without spaces, commas, colons, brackets.
    text = "T\n=\n\n(:)\n---\n\ntext\n"
    gate = build_page(".rst", text, "texinfo")
    assert_no_crash(gate, "texinfo", text)
    # docutils puts a heading at the line of its underline.
    assert "page.rst:5:" in gate.err and "a heading with no text" in warnings_of(gate)
    # LaTeX writes that heading as it is.
    gate = build_page(".rst", text, "latex")
    assert_no_crash(gate, "latex", text)
    assert "a heading with no text" not in warnings_of(gate)


def test_a_heading_without_text_is_kept_where_it_can_be_written() -> None:
    gate = build_page(".md", EMPTY_HEADING, "html")
    assert_no_crash(gate, "html", EMPTY_HEADING)
    assert "a heading with no text" not in warnings_of(gate)


def test_an_empty_epigraph_is_taken_out() -> None:
    gate = build_page(".rst", EMPTY_EPIGRAPH, "html")
    assert_no_crash(gate, "html", EMPTY_EPIGRAPH)


@pytest.mark.parametrize(
    ("builder", "expected"),
    [
        ("man", ["page.rst:5: WARNING: the man builder cannot write this header", "page.rst:8:"]),
        ("text", ["page.rst:5: WARNING: unknown node type: <header"]),
        ("latex", ["page.rst:6: WARNING: unknown node type: <acronym"]),
    ],
)
def test_a_node_a_writer_cannot_write_is_a_located_warning(
    builder: str, expected: list[str]
) -> None:
    gate = build_page(".rst", UNWRITABLE_NODES, builder)
    assert_no_crash(gate, builder, UNWRITABLE_NODES)
    for text in expected:
        assert text in gate.err, gate.err


@pytest.mark.parametrize(
    ("text", "written"),
    [
        (HUGE_COLUMNS, "hlist: :columns: 300000000 is more than 100"),
        (HUGE_TAB_WIDTH, "include: :tab-width: 300000000 is more than 100"),
        (HUGE_TAB_WIDTH.replace("include", "literalinclude"), "literalinclude: :tab-width:"),
    ],
)
def test_a_size_option_past_its_limit_is_a_located_error(text: str, written: str) -> None:
    gate = build_page(".rst", text, "html")
    assert_no_crash(gate, "html", text)
    assert f"page.rst:4: WARNING: {written}" in gate.err, gate.err
    assert "[rri.limit]" in gate.err


def test_validate_refuses_the_include_the_build_refuses(tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text(CONF, encoding="utf-8")
    (tmp_path / "page.rst").write_text(HUGE_TAB_WIDTH, encoding="utf-8")
    (tmp_path / "tab.rst").write_text("a\tb\t:rri:tsk:`x`\n", encoding="utf-8")
    with time_limit(30, "sphinx-rri validate"):
        gate = run_validate(tmp_path)
    assert "page.rst:4: error: include: :tab-width: 300000000 is more than 100" in gate.out
    assert "tsk" not in gate.out  # nothing of the included file is read
