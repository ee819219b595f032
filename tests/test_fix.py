"""``sphinx-rri fix``: the repairs the checks know, shown as a diff, written on request.

Fixing and then validating must leave no finding that a fix covers, on every case file;
a file that needed no fix is never written; and each kind of repair (a check's own
``Fix``, fence lengths, placeholder examples, missing parts) gives a page both gates
accept.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sphinx_rri.cli import main as cli_main
from sphinx_rri.contract.checks import check_course
from sphinx_rri.contract.config import Settings
from sphinx_rri.fix.command import fix_course
from sphinx_rri.fix.edits import apply_edits, choose, plan_edits
from sphinx_rri.model.diagnostics import Diagnostic, Fix, Subtype
from sphinx_rri.reader.project import load_project, scan_project
from sphinx_rri.reader.scanner import scan_page
from test_cases import CASES, build_gate, parse_case, write_project

FENCES = """\
---
title: Fences
track: rri
module: rri-101
---
# Fences

:::{task-card} Data Analysis
:::{task-description}
What it is.
:::

:::{task-importance}
Why it matters.
:::

:::{illustrative-example}
:::{example} Health care
A worked example.
:::

:::{example} Environmental Sciences
Illustrative examples coming soon!
:::
:::
:::
"""

TITLE_ONLY = """\
---
title: Bare
track: rri
module: rri-101
---
# Bare

:::::{task-card} Only a title
:::::
"""


def covered_findings(root: Path) -> list[str]:
    """Every finding of the project that some fix covers, as ``docname:line: message``."""
    project = load_project(root)
    course = scan_project(project, jobs=1)
    findings = check_course(course, project.settings)
    found = []
    for docname, page in course.pages.items():
        text = project.documents[docname].read_text(encoding="utf-8")
        own = [d for d in findings if d.docname == docname]
        for edit in plan_edits(text, page, own, project.settings):
            found += [f"{d.docname}:{d.line}: {d.message}" for d in edit.covers]
    return sorted(set(found))


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file() and "_build" not in p.parts
    }


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_fixing_then_validating_leaves_nothing_a_fix_covers(
    case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files, _ = parse_case(case)
    files.pop("other-warnings", None)
    write_project(tmp_path, files)
    before = snapshot(tmp_path)
    project = load_project(tmp_path)
    result = fix_course(project, scan_project(project, jobs=1), set(project.documents))
    status = cli_main(["fix", "--write", str(tmp_path)])
    assert status == 0
    assert covered_findings(tmp_path) == []
    after = snapshot(tmp_path)
    changed = {project.documents[d].relative_to(tmp_path).as_posix() for d in result.changed()}
    assert {name for name in before if before[name] != after[name]} == changed
    capsys.readouterr()


def test_the_diff_is_shown_and_nothing_written_without_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_project(tmp_path, {"fences.md": FENCES, "bare.md": TITLE_ONLY})
    before = snapshot(tmp_path)
    assert cli_main(["fix", str(tmp_path)]) == 1
    out = capsys.readouterr()
    assert snapshot(tmp_path) == before
    assert "--- a/fences.md\n+++ b/fences.md\n" in out.out
    assert "-:::{task-card} Data Analysis\n+:::::{task-card} Data Analysis\n" in out.out
    assert "+:status: coming-soon\n" in out.out
    assert "sphinx-rri fix: " in out.err and "use --write" in out.err


def test_fixed_fences_placeholders_and_parts_pass_both_gates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_project(tmp_path, {"fences.md": FENCES, "bare.md": TITLE_ONLY})
    monkeypatch.chdir(tmp_path)
    assert cli_main(["validate", "."]) == 1
    capsys.readouterr()
    assert cli_main(["fix", "--write", "."]) == 0
    capsys.readouterr()
    assert cli_main(["validate", "."]) == 0
    validated = sorted(capsys.readouterr().out.splitlines()[:-1])
    assert validated == [
        "bare.md:11: gap: placeholder text: 'Coming soon.' [rri.gap]",
        "bare.md:15: gap: placeholder text: 'Coming soon.' [rri.gap]",
        "bare.md:19: gap: example for 'Health care' in 'Only a title' is marked coming soon "
        "[rri.gap]",
        "bare.md:23: gap: example for 'Environmental Sciences' in 'Only a title' is marked "
        "coming soon [rri.gap]",
        "fences.md:22: gap: example for 'Environmental Sciences' in 'Data Analysis' is marked "
        "coming soon [rri.gap]",
    ]
    assert build_gate(tmp_path) == validated
    # A second run finds nothing left to do.
    assert cli_main(["fix", "."]) == 0
    assert capsys.readouterr().out == ""


def test_a_checks_own_fix_is_applied_to_its_line() -> None:
    settings = Settings()
    text = "---\ntitle: T\ntrack: rri\nmodule: rri-101\n---\n\n:::{task-crad} X\n:::\n"
    page = scan_page(text, "page", "page.md", settings)
    finding = Diagnostic(
        "page",
        7,
        Subtype.OPTION,
        "unknown directive 'task-crad' (did you mean 'task-card'?)",
        "page.md",
        fix=Fix(7, "task-crad", "task-card", "Change 'task-crad' to 'task-card'"),
    )
    edits = plan_edits(text, page, [finding], settings)
    assert [(e.kind, e.title, e.covers) for e in edits] == [
        ("name", "Change 'task-crad' to 'task-card'", (finding,))
    ]
    assert apply_edits(text, choose(edits)).split("\n")[6] == ":::{task-card} X"
    # A fix whose text is no longer on its line (the page changed) is not applied.
    stale = Diagnostic("page", 6, Subtype.OPTION, "m", "page.md", fix=Fix(6, "task-crad", "x", "t"))
    assert plan_edits(text, page, [stale], settings) == []


def test_line_breaks_and_other_pages_are_kept(tmp_path: Path) -> None:
    fences = FENCES.replace("\n", "\r\n")
    write_project(tmp_path, {"fences.md": "", "clean.md": "# Clean\n"})
    (tmp_path / "fences.md").write_bytes(fences.encode("utf-8"))
    clean = (tmp_path / "clean.md").stat().st_mtime_ns
    assert cli_main(["fix", "--write", str(tmp_path)]) == 0
    data = (tmp_path / "fences.md").read_bytes()
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert (tmp_path / "clean.md").stat().st_mtime_ns == clean


def test_fences_that_do_not_balance_are_left_alone(tmp_path: Path) -> None:
    unbalanced = FENCES.rsplit(":::\n", 1)[0]  # the card's closing fence is gone
    write_project(tmp_path, {"fences.md": unbalanced})
    copy = tmp_path.parent / "copy"
    shutil.copytree(tmp_path, copy)
    cli_main(["fix", "--write", str(tmp_path)])
    text = (tmp_path / "fences.md").read_text(encoding="utf-8")
    assert ":::{task-card} Data Analysis" in text  # its fences were not guessed at


RST = """\
:title: RST
:track: rri
:module: rri-101

Cards
=====

.. task-card:: Data Analysis

   .. task-description::

      What.

   .. task-importance::

      Why.

   .. illustrative-example::

      .. example:: Health care

         Coming soon!

      .. example:: Environmental Sciences

         Written.
"""


def test_a_placeholder_example_in_restructuredtext_gets_its_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_project(tmp_path, {"page.rst": RST})
    assert cli_main(["fix", "--write", str(tmp_path)]) == 0
    assert "1 fix written to 1 file" in capsys.readouterr().err
    text = (tmp_path / "page.rst").read_text(encoding="utf-8")
    assert "      .. example:: Health care\n         :status: coming-soon\n\n" in text
    assert "Coming soon!" not in text
    assert covered_findings(tmp_path) == []
    assert build_gate(tmp_path) == [
        "page.rst:20: gap: example for 'Health care' in 'Data Analysis' is marked coming soon "
        "[rri.gap]"
    ]


def test_fence_lengths_are_planned_without_recursion() -> None:
    """The fence reader is the gates' own (reader/fences.py), and lengths are settled
    innermost first in a loop: fences nested far beyond Python's stack are lengthened,
    each one colon longer than the fence inside it."""
    from sphinx_rri.fix.edits import fence_edits

    depth = 3000
    lines = [":::{note}"] * depth + ["x"] + [":::"] * depth
    [edit] = fence_edits(lines, 0, [])
    assert edit.kind == "fences" and (edit.start, edit.end) == (1, 2 * depth + 1)
    new = list(edit.lines)
    assert new[0] == ":" * (depth + 2) + "{note}"
    assert new[depth - 2 : depth + 2] == ["::::{note}", ":::{note}", "x", ":::"]
    assert new[depth + 2] == "::::" and new[-1] == ":" * (depth + 2)
