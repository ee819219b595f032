"""The course in ``tests/roots/course`` built with every builder, with ``-W``.

Every builder must succeed without a warning and lose no text: each sentence, title,
domain and step title an author wrote must be in the text, LaTeX, man, Texinfo and
single-page HTML output. The stylesheet goes to HTML builds only; in HTML the examples
are sphinx-tabs tabs and a key concept a ``<details>``, elsewhere labelled sections.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sphinx.cmd.build import build_main

COURSE = Path(__file__).parent / "roots" / "course"
#: Every builder the issue asks to succeed with ``-W``.
BUILDERS = ("html", "dirhtml", "singlehtml", "latex", "text", "man", "texinfo", "epub", "dummy")
CSS = "sphinx-rri.css"
HTML_BUILDERS = ("html", "dirhtml", "singlehtml", "epub")
NON_HTML_BUILDERS = ("latex", "text", "man", "texinfo", "dummy")

#: What each builder must have written, relative to its output folder.
MAIN_OUTPUT = {
    "html": "project-design.html",
    "dirhtml": "project-design/index.html",
    "singlehtml": "index.html",
    "latex": "rritestcourse.tex",
    "text": "project-design.txt",
    "man": "rritestcourse.1",
    "texinfo": "rritestcourse.texi",
    "epub": "RRItestcourse.epub",
}


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    srcdir = tmp_path_factory.mktemp("course") / "src"
    shutil.copytree(COURSE, srcdir)
    return srcdir


@pytest.fixture(scope="module")
def outputs(course: Path, build: Any) -> dict[str, Path]:
    """Every builder's output folder; each build ran with -W and warned about nothing."""
    built = {}
    for builder in BUILDERS:
        outdir, warnings = build(course, builder)
        assert warnings == "", f"{builder}: {warnings}"
        built[builder] = outdir
    return built


# -- what the author wrote -------------------------------------------------------------------

CONTRACT_WITH_ARGUMENT = {"task-card", "example", "step", "human-factors", "key-concept"}
SKIP_CONTENT = {"toctree", "rri-gap-report"}
MYST_FENCE = re.compile(r"^(?P<fence>:{3,}|`{3,})\{(?P<name>[\w:-]+)\}\s*(?P<arg>.*)$")
RST_DIRECTIVE = re.compile(r"^(?P<indent>\s*)\.\.\s+(?P<name>[\w:-]+)::\s*(?P<arg>.*)$")
OPTION = re.compile(r"^:[\w-]+:(\s|$)")
MYST_ROLE = re.compile(r"\{rri:task\}`([^`]*)`")
RST_ROLE = re.compile(r":rri:task:`([^`]*)`")
PLACEHOLDER = re.compile(r"coming soon", re.I)


def task_titles(sources: list[Path]) -> dict[str, str]:
    """Task id -> title, for the cards whose id the sources spell out with ``:id:``."""
    titles = {}
    for path in sources:
        lines = path.read_text(encoding="utf-8").splitlines()
        for index, line in enumerate(lines):
            match = MYST_FENCE.match(line.strip()) or RST_DIRECTIVE.match(line)
            if match and match["name"] == "task-card":
                for option in lines[index + 1 : index + 4]:
                    if option.strip().startswith(":id:"):
                        titles[option.split(":id:")[1].strip()] = match["arg"].strip()
    return titles


def author_strings(path: Path, titles: dict[str, str]) -> list[str]:
    """Every line of text an author wrote in ``path`` that a reader must see.

    Front matter, options, fences and toctree entries are not text; a directive's
    argument (a card, example, step or box title) is; a role counts as its task's title;
    placeholder text ("Coming soon.") is replaced by the placeholder on purpose.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    rst = path.suffix == ".rst"
    found: list[str] = []
    index = 0
    if not rst and lines and lines[0] == "---":
        index = lines.index("---", 1) + 1
    skip_until: str | None = None  # a MyST closing fence, or an rST indent
    while index < len(lines):
        raw = lines[index]
        line = raw.strip()
        index += 1
        if skip_until is not None:
            if (not rst and line == skip_until) or (
                rst and line and not raw.startswith(skip_until)
            ):
                skip_until = None
                if not rst:
                    continue
            else:
                continue
        if not line or OPTION.match(line) or re.fullmatch(r"[=\-~^\"*+#]{3,}", line):
            continue
        directive = RST_DIRECTIVE.match(raw) if rst else MYST_FENCE.match(line)
        if directive:
            if directive["name"] in SKIP_CONTENT:
                skip_until = directive["indent"] + " " if rst else directive["fence"]
            elif directive["name"] in CONTRACT_WITH_ARGUMENT and directive["arg"].strip():
                found.append(directive["arg"].strip())
            continue
        if re.fullmatch(r":{3,}|`{3,}", line):
            continue
        line = line.lstrip("#").strip()
        line = (RST_ROLE if rst else MYST_ROLE).sub(lambda m: titles[m.group(1)], line)
        if PLACEHOLDER.search(line):
            continue
        found.append(line)
    return found


@pytest.fixture(scope="module")
def expected_strings(course: Path) -> list[str]:
    sources = sorted([*course.glob("*.md"), *course.glob("*.rst")])
    titles = task_titles(sources)
    strings = [s for path in sources for s in author_strings(path, titles)]
    # The extraction itself must work, or "nothing lost" would prove nothing.
    for sample in (
        "Project Planning",  # a card title
        "Environmental Sciences",  # a domain
        "Robustness",  # a coming-soon step (rST)
        "Privacy",  # a coming-soon step (MyST)
        "Cognitive load",  # a custom human-factors title
        "What is an audit trail?",  # a key concept title (rST)
        "Rangers practise reading the fire risk map in the field.",  # an rST example body
        "A drought map shows which rainfall records weigh most.",  # a backtick example body
        "Read Project Planning again before deployment.",  # a role, as its title
        "This page has no front matter and no course directives.",
    ):
        assert sample in strings, sample
    assert not any("coming soon" in s.lower() for s in strings)
    assert len(strings) > 60
    return strings


# -- each output as plain text ---------------------------------------------------------------

QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def squeeze(text: str) -> str:
    """Text without any whitespace, so that wrapping and indentation do not matter."""
    return re.sub(r"\s+", "", text.translate(QUOTES))


def latex_text(text: str) -> str:
    text = text.replace(r"\sphinxhyphen{}", "-").replace(r"\textquotesingle{}", "'")
    text = re.sub(r"\\DUrole\{[^}]*\}", "", text)  # a class name, not text
    text = re.sub(r"\\[A-Za-z]+\*?(\[[^\]]*\])?", " ", text)
    return text.replace("{", "").replace("}", "")


def man_text(text: str) -> str:
    lines = []
    for line in text.splitlines():
        macro = re.match(r"^\.(SH|SS|IP|B|I|TP)\s+\"?(.*?)\"?$", line)
        if macro:  # a heading or a labelled paragraph: its argument is text
            lines.append(macro.group(2))
        elif not line.startswith((".", "'\\\"")):
            lines.append(line)
    text = "\n".join(lines)
    text = re.sub(r"\\%<[^>]*>", "", text)
    # ``\%`` only stops groff hyphenating the word after it (Sphinx 8 writes it before
    # a reference's text).
    text = text.replace("\\%", "")
    text = text.replace(r"\-", "-").replace(r"\(aq", "'").replace(r"\(dq", '"').replace(r"\e", "\\")
    return re.sub(r"\\f[BIPR]", "", text)


def texinfo_text(text: str) -> str:
    text = re.sub(r"@ref\{[^,}]*,,([^}]*)\}", r"\1", text)
    text = re.sub(r"@(?:emph|strong|code|w)\{([^}]*)\}", r"\1", text)
    return text.replace("@@", "@").replace("@{", "{").replace("@}", "}")


def html_text(text: str) -> str:
    return BeautifulSoup(text, "html.parser").get_text(" ")


def output_text(outdir: Path, builder: str) -> str:
    def read(pattern: str) -> str:
        files = sorted(outdir.glob(pattern))
        assert files, f"{builder} wrote no {pattern}"
        return "\n".join(f.read_text(encoding="utf-8") for f in files)

    if builder == "text":
        return read("*.txt").replace("*", "")  # emphasis marks
    if builder == "latex":
        return latex_text(read("*.tex"))
    if builder == "man":
        return man_text(read("*.1"))
    if builder == "texinfo":
        return texinfo_text(read("*.texi"))
    if builder == "singlehtml":
        return html_text(read("index.html"))
    raise AssertionError(builder)


# -- tests -----------------------------------------------------------------------------------


@pytest.mark.parametrize("builder", BUILDERS)
def test_builder_succeeds_with_warnings_as_errors(outputs, builder):
    outdir = outputs[builder]
    if builder == "dummy":
        assert not any(p.is_file() for p in outdir.rglob("*"))
    else:
        assert (outdir / MAIN_OUTPUT[builder]).is_file()


@pytest.mark.parametrize("builder", ["text", "latex", "man", "texinfo", "singlehtml"])
def test_no_author_text_is_lost(outputs, expected_strings, builder):
    text = squeeze(output_text(outputs[builder], builder))
    if builder == "man":
        text = text.casefold()  # man pages print section titles in capitals
    lost = [
        s for s in expected_strings if squeeze(s) not in text and squeeze(s).casefold() not in text
    ]
    assert lost == []


@pytest.mark.parametrize("builder", ["text", "latex", "man", "texinfo"])
def test_gaps_are_visible_placeholders(outputs, builder):
    text = squeeze(output_text(outputs[builder], builder))
    # model-development lacks an Environmental Sciences example, data-governance has a
    # placeholder body, system-deployment and monitoring mark one as coming soon.
    assert text.count(squeeze("Illustrative examples coming soon")) == 4
    assert text.count(squeeze("(coming soon)")) == 2  # the steps Robustness and Privacy


@pytest.mark.parametrize("builder", HTML_BUILDERS)
def test_stylesheet_is_copied_and_linked_for_html_builders(outputs, builder):
    outdir = outputs[builder]
    assert (outdir / "_static" / CSS).is_file()
    page = {
        "html": "project-design.html",
        "dirhtml": "project-design/index.html",
        "singlehtml": "index.html",
        "epub": "project-design.xhtml",
    }[builder]
    soup = BeautifulSoup((outdir / page).read_text(encoding="utf-8"), "html.parser")
    hrefs = [link.get("href", "") for link in soup.find_all("link", rel="stylesheet")]
    assert any(CSS in href for href in hrefs), hrefs


@pytest.mark.parametrize("builder", NON_HTML_BUILDERS)
def test_no_stylesheet_or_script_in_non_html_output(outputs, builder):
    outdir = outputs[builder]
    web_files = [p.relative_to(outdir) for p in outdir.rglob("*") if p.suffix in (".css", ".js")]
    assert web_files == []
    for path in outdir.rglob("*"):
        if path.is_file():
            assert CSS not in path.read_text(encoding="utf-8", errors="replace"), path


def test_incremental_html_build_sees_no_configuration_change(course, build, capsys):
    outdir, _warnings = build(course, "html", outdir=course / "_build" / "html-again")
    doctrees = outdir.parent / f".doctrees-{outdir.name}"
    capsys.readouterr()
    status = build_main(["-b", "html", "-d", str(doctrees), str(course), str(outdir)])
    out = capsys.readouterr().out
    assert status == 0
    assert "updating environment: 0 added, 0 changed, 0 removed" in out
    # The extension's own static folder must not look like a change of conf.py.
    assert "configuration has changed" not in out, out


def test_epub_can_be_built_again_into_the_same_folder(course, outputs, build):
    # An incremental build into the folder of the first one, as `make epub` does.
    _outdir, warnings = build(course, "epub", outdir=outputs["epub"], fresh=False)
    assert warnings == ""


# -- HTML: tabs and details ------------------------------------------------------------------


def soup_of(outputs: dict[str, Path], page: str) -> BeautifulSoup:
    return BeautifulSoup((outputs["html"] / page).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize(
    ("page", "gaps"),
    [
        ("project-design.html", []),
        ("model-development.html", ["Environmental Sciences"]),
        ("system-deployment.html", ["Environmental Sciences"]),
        # Written Environmental Sciences first: the tabs follow the configured order.
        ("monitoring.html", ["Health care"]),
    ],
)
def test_html_examples_are_keyboard_operable_sphinx_tabs(outputs, page, gaps):
    soup = soup_of(outputs, page)
    [tablist] = soup.select(".rri-task-card [role=tablist]")
    assert tablist.get("aria-label")
    tabs = tablist.select("[role=tab]")
    # In the configured domain order, and a gap's label says it is one.
    expected = [
        f"{domain} (coming soon)" if domain in gaps else domain
        for domain in ("Health care", "Environmental Sciences")
    ]
    assert [t.get_text() for t in tabs] == expected
    assert all("sphinx-tabs-tab" in t["class"] for t in tabs)
    assert [t["aria-selected"] for t in tabs] == ["true"] + ["false"] * (len(tabs) - 1)
    assert [t["tabindex"] for t in tabs] == ["0"] + ["-1"] * (len(tabs) - 1)
    for position, tab in enumerate(tabs):
        [panel] = soup.find_all(id=tab["aria-controls"])
        assert panel["role"] == "tabpanel"
        assert panel["aria-labelledby"] == tab["id"]
        assert panel.has_attr("hidden") is (position > 0)
        is_gap = "Illustrative examples coming soon" in panel.get_text()
        assert is_gap is tab.get_text().endswith("(coming soon)")
    scripts = [s.get("src", "") for s in soup.find_all("script")]
    assert any("tabs.js" in src for src in scripts), "sphinx-tabs' script makes the tabs work"


def test_html_ids_are_unique_in_single_page_output(outputs):
    soup = BeautifulSoup(
        (outputs["singlehtml"] / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    for tab in soup.select("[role=tab]"):
        assert len(soup.find_all(id=tab["aria-controls"])) == 1


@pytest.mark.parametrize(
    ("page", "title", "is_open"),
    [
        ("project-design.html", "What is a stakeholder?", True),
        ("model-development.html", "What is model drift?", False),
        ("accountability.html", "What is an audit trail?", True),
    ],
)
def test_html_key_concept_is_details(outputs, page, title, is_open):
    soup = soup_of(outputs, page)
    [element] = soup.select("details.rri-key-concept")
    assert element.summary.get_text() == title
    assert element.has_attr("open") is is_open
    assert not soup.select("div.rri-key-concept")


def test_html_unavailable_step_has_no_link(outputs):
    soup = soup_of(outputs, "fairness.html")
    steps = soup.select("li.rri-step")
    assert [bool(s.find("a")) for s in steps] == [True, True, False]
    assert [s.a["href"] for s in steps[:2]] == ["explainability.html", "accountability.html"]
    assert "rri-step-unavailable" in steps[2]["class"]


# -- text and LaTeX: labelled sections ---------------------------------------------------------


def test_text_output_has_examples_as_labelled_sections(outputs):
    text = (outputs["text"] / "project-design.txt").read_text(encoding="utf-8")
    order = [
        "Project Planning\n================",
        "-[ Task Description ]-",
        "Write down the aims",
        "-[ Importance of Task ]-",
        "Planning decides who carries",
        "-[ Illustrative Example ]-",
        "-[ Health care ]-",
        "A hospital team lists",
        "-[ Environmental Sciences ]-",
        "A flood agency asks",
        "What is a stakeholder?",
        "Anyone whose life the project changes.",
    ]
    positions = [text.find(part) for part in order]
    assert -1 not in positions, dict(zip(order, positions, strict=True))
    assert positions == sorted(positions)


def test_latex_output_has_examples_as_labelled_sections(outputs):
    tex = (outputs["latex"] / "rritestcourse.tex").read_text(encoding="utf-8")
    start = tex.index(r"\chapter{Project design}")
    chapter = tex[start : tex.index(r"\chapter{", start + 1)]
    order = [
        "{Project Planning}",
        "{Task Description}",
        "Write down the aims",
        "{Importance of Task}",
        "Planning decides who carries",
        "{Illustrative Example}",
        "{Health care}",
        "A hospital team lists",
        "{Environmental Sciences}",
        "A flood agency asks",
        "{What is a stakeholder?}",
        "Anyone whose life the project changes.",
    ]
    positions = [chapter.find(part) for part in order]
    assert -1 not in positions, dict(zip(order, positions, strict=True))
    assert positions == sorted(positions)
    for domain in ("Health care", "Environmental Sciences"):
        assert re.search(r"\\(sub)*section\*\{" + domain + "}", chapter), domain
    # A key concept is always expanded outside HTML: its body follows its title.
    assert re.search(
        r"\\begin\{sphinxadmonition\}\{[^}]*\}\{What is a stakeholder\?\}\s*\\sphinxAtStartPar\s*"
        r"Anyone whose life the project changes\.",
        chapter,
    )


# -- every link lands somewhere ----------------------------------------------------------------


def test_every_latex_link_has_its_label(outputs):
    tex = (outputs["latex"] / "rritestcourse.tex").read_text(encoding="utf-8")
    labels = set(re.findall(r"\\label\{\\detokenize\{([^}]*)\}\}", tex))
    links = set(re.findall(r"\\hyperref\[\\detokenize\{([^}]*)\}\]", tex))
    # The task index gives page numbers: docname:\detokenize{anchor}.
    pagerefs = {
        f"{doc}:{anchor}"
        for doc, anchor in re.findall(
            r"\\sphinxstyleindexpageref\{([^:}]*):\\detokenize\{([^}]*)\}\}", tex
        )
    }
    task_links = {link for link in links | pagerefs if ":task-" in link}
    # Every card: the ones written in a page's flow and the one inside a box.
    assert {"project-design:task-project-planning", "explainability:task-explanation-review"} <= (
        task_links
    )
    assert sorted((links | pagerefs) - labels) == []


def test_every_texinfo_reference_has_its_anchor(outputs):
    texi = (outputs["texinfo"] / "rritestcourse.texi").read_text(encoding="utf-8")
    anchors = set(re.findall(r"@anchor\{([^}]*)\}", texi))
    refs = set(re.findall(r"@ref\{([^,}]*)", texi))
    assert refs and sorted(refs - anchors) == []
    assert "explainability task-explanation-review" in anchors


def test_card_titles_are_in_the_navigation_of_every_builder(outputs):
    titles = ["Project Planning", "Model Selection", "Explanation Design"]
    tex = (outputs["latex"] / "rritestcourse.tex").read_text(encoding="utf-8")
    texi = (outputs["texinfo"] / "rritestcourse.texi").read_text(encoding="utf-8")
    with zipfile.ZipFile(outputs["epub"] / "RRItestcourse.epub") as epub:
        nav = epub.read("nav.xhtml").decode("utf-8")
    for title in titles:
        assert re.search(r"\\section\{" + title + "}", tex), title  # numbered: in the toc
        assert f"@node {title}," in texi, title
        assert title in nav, title


# -- the gap report in a terminal ---------------------------------------------------------------


@pytest.mark.parametrize("builder", ["text", "man"])
def test_gap_report_fits_a_terminal(outputs, builder):
    name = "gap-report.txt" if builder == "text" else "rritestcourse.1"
    text = (outputs[builder] / name).read_text(encoding="utf-8")
    if builder == "man":
        start = text.index("GAP REPORT") if "GAP REPORT" in text else 0
        text = text[start:]
        assert ".TS" not in text.split(".SH", 2)[1], "a tbl table in man"
    else:
        assert "+---" not in text and "|" not in text, "a table in the text output"
        assert max(len(line) for line in text.splitlines()) <= 80
    plain = man_text(text) if builder == "man" else text
    # Each task by its title, then its states in words, one "Header: value" after another.
    for title in ("Project Planning", "Model Selection", "Performance Monitoring"):
        assert title in plain, title
    assert "Task Description: ✓ Written" in " ".join(plain.split())
    assert "Environmental Sciences: ✗ Missing" in " ".join(plain.split())


def test_latex_gap_report_breaks_across_pages_and_fits_the_width(outputs):
    tex = (outputs["latex"] / "rritestcourse.tex").read_text(encoding="utf-8")
    report = tex[tex.index(r"\chapter{Gap report}") :]
    # Both tables: long tables (which break across pages) with column widths (which
    # wrap), in the block sphinxrri.sty sets in smaller type.
    assert report.count(r"\begin{sphinxuseclass}{rri-gap-report}") == 2
    tables = re.findall(r"\\begin\{(longtable|tabulary)\}\{(\\X\{\d+\}|T)", report)[:2]
    assert tables == [("longtable", r"\X{5}"), ("longtable", r"\X{5}")], tables
    package = (outputs["latex"] / "sphinxrri.sty").read_text(encoding="utf-8")
    assert r"\newenvironment{sphinxclassrri-gap-report}{\small}{}" in package


# -- the task index: titles as prose -------------------------------------------------------------

#: Where each builder writes the task index (the singlehtml builder writes no index pages).
TASK_INDEX = {"html": "rri-index.html", "dirhtml": "rri-index/index.html"}


@pytest.mark.parametrize("builder", [*TASK_INDEX, "epub"])
def test_task_index_shows_titles_as_prose(outputs, builder):
    if builder == "epub":
        with zipfile.ZipFile(outputs["epub"] / "RRItestcourse.epub") as epub:
            text = epub.read("rri-index.xhtml").decode("utf-8")
    else:
        text = (outputs[builder] / TASK_INDEX[builder]).read_text(encoding="utf-8")
    soup = BeautifulSoup(text, "html.parser")
    table = soup.select_one("table.modindextable")
    assert table is not None
    assert table.find("code") is None, "a task title set as code"
    links = [span.parent for span in table.select("span.rri-index-title")]
    titles = [link.get_text() for link in links]
    assert {"Project Planning", "Model Selection", "User Training"} <= set(titles), titles
    assert all(link.name == "a" and "#task-" in link["href"] for link in links)


def test_latex_task_index_entries_are_set_as_text(outputs):
    latex = outputs["latex"]
    tex = (latex / "rritestcourse.tex").read_text(encoding="utf-8")
    assert r"\usepackage{sphinxrri}" in tex
    # The package tells the task index by the name Sphinx gives it just before it.
    [name] = re.findall(
        r"\\renewcommand\{\\indexname\}\{([^}]*)\}\s*\\begin\{sphinxtheindex\}", tex
    )
    package = (latex / "sphinxrri.sty").read_text(encoding="utf-8")
    assert "\\newcommand{\\sphinxrriTaskIndexName}{" + name + "}" in package
    assert r"\ifx\indexname\sphinxrriTaskIndexName" in package
    assert r"\item\relax\sphinxstyleindexentry{Project Planning}" in tex
