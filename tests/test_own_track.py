"""The example project of the guide "Use sphinx-rri for your own track"
(``docs/examples/own-track``): every builder with ``-W``, ``-j 2`` equal to ``-j 1``, a
translated build, and regression files for what 1.1 renders (a not-applicable example,
domains narrowed per page and per card, replaced labels, a translated card, a card that
names its own stage by its title)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from sphinx_rri.cli import main as cli_main
from test_regression import check, doctree_text, html_fragment

EXAMPLE = Path(__file__).parents[1] / "docs" / "examples" / "own-track"
BUILDERS = ("html", "dirhtml", "singlehtml", "latex", "text", "man", "texinfo", "epub")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    srcdir = tmp_path_factory.mktemp("own-track") / "src"
    shutil.copytree(EXAMPLE, srcdir, ignore=shutil.ignore_patterns("_build"))
    return srcdir


@pytest.fixture(scope="module")
def html(project: Path, build: Any) -> Path:
    outdir, warnings = build(project, "html")
    assert warnings == ""
    return outdir


@pytest.fixture(scope="module")
def french(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    # In a child process, as in test_languages.py: a translated build leaves Sphinx's
    # own texts translated for the rest of the process.
    from test_languages import build as build_in_child

    out = tmp_path_factory.mktemp("own-track-fr") / "html"
    build_in_child(project, out, "html", "-D", "language=fr")
    return out


@pytest.mark.parametrize("builder", BUILDERS)
def test_every_builder_builds_it_without_a_warning(
    project: Path, build: Any, builder: str, tmp_path: Path
) -> None:
    outdir, warnings = build(project, builder, outdir=tmp_path / builder)
    assert warnings == ""
    text = " ".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in outdir.rglob("*")
        if p.suffix in (".html", ".xhtml", ".tex", ".txt", ".1", ".texi")
    )
    text = " ".join(re.sub(r"\\[a-z]+\{|[{}]", " ", text).split())
    # The reason a domain does not apply reaches every reader; the replaced heading too.
    assert "the class that attends is the audience" in text
    assert "Worked examples" in text and "Illustrative Example" not in text
    # The card of another stage than its page's names that stage by its title, and the
    # line under the page's title names the page's stage (in text and man the gap report
    # writes "Stage: <title> · ..." too, hence the look at what follows).
    assert len(re.findall(r"Stage: Looking back(?! ·)", text)) == 1
    assert len(re.findall(r"Stage: On the day(?! ·)", text)) == 1


def test_validate_reports_the_one_honest_gap(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["validate", str(EXAMPLE)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "sphinx-rri: 5 tasks, 1 gap, 0 errors"
    assert (
        "example for 'Schools' in 'Agree what success looks like' is marked coming soon"
        in (lines[0])
    )


def test_parallel_build_writes_the_same_files(project: Path, build: Any, tmp_path: Path) -> None:
    # Enough pages for Sphinx to read them in two processes.
    srcdir = tmp_path / "src"
    shutil.copytree(project, srcdir)
    text = (srcdir / "planning.md").read_text(encoding="utf-8")
    names = []
    for n in range(6):
        name = f"planning-{n}"
        names.append(name)
        copy = text.replace(":id: choose-the-audience", f":id: choose-{n}")
        copy = copy.replace(":id: agree-success", f":id: agree-{n}")
        (srcdir / f"{name}.md").write_text(copy, encoding="utf-8")
    index = srcdir / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("report\n", "report\n" + "\n".join(names) + "\n"),
        encoding="utf-8",
    )
    one, warnings_one = build(srcdir, "html", jobs=1, outdir=tmp_path / "j1")
    two, warnings_two = build(srcdir, "html", jobs=2, outdir=tmp_path / "j2")
    assert warnings_one == warnings_two == ""
    files_one = {
        p.relative_to(one).as_posix(): p.read_bytes() for p in one.rglob("*") if p.is_file()
    }
    files_two = {
        p.relative_to(two).as_posix(): p.read_bytes() for p in two.rglob("*") if p.is_file()
    }
    assert sorted(files_one) == sorted(files_two)
    assert [name for name in files_one if files_one[name] != files_two[name]] == []


def test_french_build_translates_what_the_labels_do_not_replace(french: Path) -> None:
    soup = BeautifulSoup((french / "planning.html").read_text(encoding="utf-8"), "html.parser")
    headings = [r.get_text() for r in soup.select("p.rubric.rri-part-title, .rri-part-title")]
    assert "Description de la tâche" in headings and "Importance de la tâche" in headings
    assert "Worked examples" in headings  # rri_labels wins in every language
    assert "Sans objet" in soup.get_text(" ")


#: Regression files: (name, docname, CSS selector of the element, which build).
FRAGMENTS = [
    ("not-applicable", "planning", "#task-choose-the-audience", "html"),
    ("card-domains", "delivery", "#task-explain-plainly", "html"),
    ("custom-labels", "planning", "#task-agree-success", "html"),
    ("translated", "planning", "#task-choose-the-audience", "french"),
    ("card-stage", "delivery", "#task-ask-how-it-went", "html"),
    ("card-stage-translated", "delivery", "#task-ask-how-it-went", "french"),
]


@pytest.mark.parametrize(
    ("name", "docname", "selector", "which"), FRAGMENTS, ids=[f[0] for f in FRAGMENTS]
)
def test_rendering_matches_regression_file(
    request: pytest.FixtureRequest,
    project: Path,
    regen: bool,
    name: str,
    docname: str,
    selector: str,
    which: str,
) -> None:
    outdir = request.getfixturevalue(which)
    check(f"own-track/{name}.html.txt", html_fragment(project, outdir, docname, selector), regen)
    if which == "html":
        check(f"own-track/{docname}.doctree.txt", doctree_text(project, outdir, docname), regen)
