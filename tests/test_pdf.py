"""A real PDF: the course in ``content/`` and the builders' test project, compiled.

Each project is built with ``-b latex -W`` and compiled with ``latexmk`` (TeX Live from
Debian's packages, installed by ``.ci/install-tex``), then read back with poppler's
``pdftotext`` and ``pdftohtml -xml`` (for the outline). The PDF must hold every task
title, every written example's text and one placeholder per example gap; no reference
may be unresolved (no ``??`` in the text, no undefined reference in LaTeX's log); and
the PDF's outline (its bookmarks) must list every task card written in a page's flow.

A missing ``latexmk`` or ``pdftotext`` FAILS these tests with what to install: a PDF
that nobody compiled is what this file exists to prevent.
"""

from __future__ import annotations

import pickle
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
PROJECTS = {"content": REPO / "content", "course": REPO / "tests" / "roots" / "course"}
TOOLS = ("latexmk", "pdflatex", "pdftotext", "pdftohtml")
PLACEHOLDER = "Illustrative examples coming soon"
#: What LaTeX writes to its log for a reference or citation it cannot resolve.
UNRESOLVED = re.compile(
    r"LaTeX Warning: (Hyper )?[Rr]eference .* undefined|There were undefined references"
    r"|Citation .* undefined|destination with the same identifier"
)


def _require_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.fail(
            f"{', '.join(missing)} not found: run .ci/install-tex (TeX Live and "
            "poppler-utils from Debian's packages)",
            pytrace=False,
        )


@dataclass
class Pdf:
    name: str
    text: str
    log: str
    outline: list[str]
    env: Any
    xml: str = ""

    @property
    def flat(self) -> str:
        return flatten(self.text)


def flatten(text: str) -> str:
    """Letters and digits only, lower case: line breaks, hyphenation, ligatures' spacing
    and typographic quotes do not matter, the words do."""
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def outline_titles(xml_text: str) -> list[str]:
    """The titles of the PDF's bookmarks, at every depth, in order."""
    root = ET.fromstring(xml_text)
    return [" ".join("".join(item.itertext()).split()) for item in root.iter("item")]


def compile_pdf(name: str, source: Path, workdir: Path, build: Any) -> Pdf:
    srcdir = workdir / "src"
    shutil.copytree(source, srcdir, ignore=shutil.ignore_patterns("_build"))
    outdir, warnings = build(srcdir, "latex", outdir=workdir / "latex")
    assert warnings == "", warnings
    [tex] = [p for p in outdir.glob("*.tex") if p.stem != "sphinxmessages"]
    run = subprocess.run(
        ["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", tex.name],
        cwd=outdir,
        capture_output=True,
        text=True,
        timeout=600,
    )
    log = tex.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    pdf = tex.with_suffix(".pdf")
    assert run.returncode == 0 and pdf.is_file(), log[-3000:]
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    xml_text = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-q", "-stdout", str(pdf)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    doctrees = outdir.parent / f".doctrees-{outdir.name}"
    with (doctrees / "environment.pickle").open("rb") as handle:
        env = pickle.load(handle)
    return Pdf(name, text, log, outline_titles(xml_text), env, xml_text)


@pytest.fixture(scope="module", params=sorted(PROJECTS))
def pdf(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, build: Any
) -> Pdf:
    _require_tools()
    name = request.param
    return compile_pdf(name, PROJECTS[name], tmp_path_factory.mktemp(f"pdf-{name}"), build)


def tasks_of(pdf: Pdf) -> list[Any]:
    tasks = [task for page in pdf.env.rri_pages.values() for task in page.tasks]
    assert tasks, "the project has task cards"
    return tasks


def test_every_task_title_is_in_the_pdf(pdf):
    missing = [t.title for t in tasks_of(pdf) if flatten(t.title) not in pdf.flat]
    assert missing == []


def test_every_written_example_is_in_the_pdf(pdf):
    from sphinx_rri.contract.checks import example_gap
    from sphinx_rri.sphinxext.config import settings_from_sphinx

    settings = settings_from_sphinx(pdf.env.config)
    written = [
        example
        for task in tasks_of(pdf)
        for examples in task.example_sets
        for example in examples.examples
        if example.body.strip() and not example_gap(example, settings)
    ]
    assert written
    lost = []
    for example in written:
        # The first sentence's words, without Markdown's marks: enough to find it.
        first = re.sub(r"[`*_\[\]()]|\{[^}]*\}|https?://\S+", " ", example.body.split("\n")[0])
        if flatten(example.domain) not in pdf.flat or flatten(first)[:60] not in pdf.flat:
            lost.append((example.domain, first))
    assert lost == []


def test_one_placeholder_per_example_gap(pdf):
    from sphinx_rri.outputs.gap_matrix import COMING_SOON, MISSING, build_matrix
    from sphinx_rri.sphinxext.config import settings_from_sphinx
    from sphinx_rri.sphinxext.events import RRIEnvData

    matrix = build_matrix(RRIEnvData(pdf.env).course(), settings_from_sphinx(pdf.env.config))
    gaps = sum(matrix.total.examples[state] for state in (COMING_SOON, MISSING))
    assert gaps > 0
    assert pdf.flat.count(flatten(PLACEHOLDER)) == gaps


def test_no_reference_is_unresolved(pdf):
    assert "??" not in pdf.text
    # TeX wraps its log at 79 characters, in the middle of a warning.
    assert UNRESOLVED.findall(pdf.log.replace("\n", "")) == []


def test_outline_lists_the_tasks(pdf):
    outline = [flatten(title) for title in pdf.outline]
    assert len(outline) > len(tasks_of(pdf))
    # Cards written in a page's flow are sections, hence bookmarks; a card inside a box
    # (the test project has one) is not a section and is not listed.
    in_flow = [t for t in tasks_of(pdf) if t.id != "explanation-review"]
    missing = [t.title for t in in_flow if flatten(t.title) not in outline]
    assert missing == []


def test_task_index_sets_titles_in_the_body_font(pdf):
    # Sphinx sets a domain index's entries in typewriter type; task titles are prose.
    root = ET.fromstring(pdf.xml)
    fonts = {spec.get("id"): spec.get("family", "") for spec in root.iter("fontspec")}
    texts = [
        (int(page.get("number", "0")), fonts.get(text.get("font"), ""), "".join(text.itertext()))
        for page in root.iter("page")
        for text in page.iter("text")
    ]
    counts: dict[str, int] = {}
    for _page, family, _text in texts:
        counts[family] = counts.get(family, 0) + 1
    body = max(counts, key=lambda family: counts[family])
    start = max(page for page, _family, text in texts if text.strip() == "Task index")
    entries = {}
    for page, family, text in texts:
        for task in tasks_of(pdf):
            entry = text.strip()
            if page >= start and (entry == task.title or entry.startswith(task.title + " (")):
                entries[task.title] = family
    assert len(entries) >= 3, entries
    assert {family for family in entries.values()} == {body}, (body, entries)


def test_nothing_runs_into_a_page_foot(pdf):
    # A table LaTeX cannot break (a tabulary) ran past the text's bottom into the page
    # number's line when the gap report had many tasks; a long table breaks instead.
    root = ET.fromstring(pdf.xml)
    into_foot = []
    for page in root.iter("page"):
        texts = [
            (int(t.get("top", "0")), int(t.get("height", "0")), "".join(t.itertext()).strip())
            for t in page.iter("text")
        ]
        numbers = [t for t in texts if re.fullmatch(r"\d+|[ivxlc]+", t[2])]
        if not numbers:
            continue  # the title page
        foot = max(top for top, _height, _text in numbers)
        into_foot += [
            (page.get("number"), text) for top, height, text in texts if top < foot < top + height
        ]
    assert into_foot == []
