"""rri.json, the rri builder, the gap report (directive and CLI) and incremental rebuilds."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from jsonschema import Draft202012Validator
from sphinx.cmd.build import build_main

from sphinx_rri.cli import main as cli_main
from sphinx_rri.contract.schemas import raw_schema

CONTENT = Path(__file__).parents[1] / "content"


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the course in content/, so builds never write into the repository."""
    target = tmp_path_factory.mktemp("course") / "src"
    shutil.copytree(CONTENT, target, ignore=shutil.ignore_patterns("_build"))
    return target


def sphinx(src: Path, out: Path, builder: str, *extra: str) -> int:
    doctrees = out.parent / f"{out.name}.doctrees"
    return build_main(["-q", "-W", "-b", builder, "-d", str(doctrees), *extra, str(src), str(out)])


def test_rri_builder_writes_only_rri_json_and_it_validates(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "rri"
    assert sphinx(course, out, "rri") == 0
    assert sorted(p.name for p in out.iterdir()) == ["rri.json"]
    data = json.loads((out / "rri.json").read_text(encoding="utf-8"))
    Draft202012Validator(raw_schema("rri")).validate(data)
    assert data["schema_version"] == 2
    assert len(data["tasks"]) == 12 + 5
    assert {t["stage"] for t in data["tasks"]} == {
        "project-design",
        "model-development",
        "system-deployment",
        "engagement-planning",
        "engagement-delivery",
        "engagement-evaluation",
    }
    assert data["errors"] == []
    lifecycle = [t for t in data["tasks"] if not t["docname"].startswith("engagement/")]
    engagement = [t for t in data["tasks"] if t["docname"].startswith("engagement/")]
    # Every example of the lifecycle module is written (24 of 24), for its two domains.
    statuses = [e["status"] for t in lifecycle for e in t["examples"]]
    assert statuses == ["written"] * 24
    assert {tuple(t["domains"]) for t in lifecycle} == {("Health care", "Environmental Sciences")}
    # The engagement module: per-card domains, one example not applicable, one honest gap.
    domains = {t["id"]: t["domains"] for t in engagement}
    assert domains["classroom-consent"] == ["Schools"]
    assert domains["evaluating-engagement"] == ["Museums", "Local government"]
    assert domains["engagement-purpose"] == ["Museums", "Local government", "Schools"]
    found = sorted(
        (t["id"], e["domain"], e["status"])
        for t in engagement
        for e in t["examples"]
        if e["status"] != "written"
    )
    assert found == [
        ("explaining-data-systems", "Schools", "coming-soon"),
        ("recruiting-participants", "Schools", "not-applicable"),
    ]
    assert all(
        t["parts"] == {"description": True, "importance": True, "examples": True}
        for t in data["tasks"]
    )


def test_html_build_writes_the_same_rri_json_twice(course: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert sphinx(course, first, "html") == 0
    assert sphinx(course, second, "html", "-E") == 0
    assert (first / "rri.json").read_bytes() == (second / "rri.json").read_bytes()
    rri_only = tmp_path / "c"
    assert sphinx(course, rri_only, "rri") == 0
    assert (first / "rri.json").read_bytes() == (rri_only / "rri.json").read_bytes()


def test_gap_report_page_shows_every_task_with_states_in_words(
    course: Path, tmp_path: Path
) -> None:
    out = tmp_path / "html"
    assert sphinx(course, out, "html") == 0
    soup = BeautifulSoup((out / "gap-report.html").read_text(encoding="utf-8"), "html.parser")
    matrix = soup.select_one("table.rri-gap-matrix")
    assert matrix is not None
    rows = matrix.select("tbody tr")
    assert len(rows) == 12 + 5
    links = [a["href"] for a in matrix.select("tbody tr td:first-child a")]
    assert len(links) == 17 and all("#task-" in href for href in links)
    # The lifecycle module's rows: everything written, the other track's settings not
    # expected of it.
    text = " ".join(row.get_text(" ") for row in rows[:12])
    assert text.count("· Not expected") == 12 * 3
    assert text.count("✓ Written") == 12 * 4  # two parts and two domains per task
    assert "coming soon" not in text.lower() and "missing" not in text.lower()
    totals = soup.select_one("table.rri-gap-totals").get_text(" ")
    for stage in ("Project design", "Model development", "System deployment", "Course"):
        assert stage in totals
    engagement = " ".join(row.get_text(" ") for row in rows[12:])
    assert engagement.count("… Coming soon") == 1 and engagement.count("⊘ Not applicable") == 1


def test_gap_report_is_rebuilt_when_another_page_changes(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(CONTENT, src, ignore=shutil.ignore_patterns("_build"))
    out = tmp_path / "html"
    assert sphinx(src, out, "html") == 0

    def coming_soon_cells() -> int:
        soup = BeautifulSoup((out / "gap-report.html").read_text(encoding="utf-8"), "html.parser")
        return len(soup.select("table.rri-gap-matrix .rri-state-coming-soon"))

    before = coming_soon_cells()
    page = src / "project-design.md"
    text = page.read_text(encoding="utf-8")
    # Turn one written example into a gap; the report page itself is not edited.
    marker = ":::{example} Health care\n"
    assert marker in text
    page.write_text(text.replace(marker, marker + ":status: coming-soon\n", 1), encoding="utf-8")
    future = time.time() + 5
    os.utime(page, (future, future))
    assert sphinx(src, out, "html") == 0
    assert coming_soon_cells() == before + 1


@pytest.mark.parametrize("fmt", ["markdown", "json", "html"])
def test_report_command_in_each_format(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["report", str(CONTENT), "--format", fmt]) == 0
    out = capsys.readouterr().out
    if fmt == "json":
        data = json.loads(out)
        assert len(data["tasks"]) == 17
        assert data["total"]["tasks"] == 17
        assert [s["stage"] for s in data["stages"]] == [
            "project-design",
            "model-development",
            "system-deployment",
            "engagement-planning",
            "engagement-delivery",
            "engagement-evaluation",
        ]
    elif fmt == "markdown":
        assert out.count("\n| ") >= 17 + 7
        assert "System Implementation" in out and "✓ written" in out
        # Lifecycle: 24 of 24 written; engagement: 10 written, one gap, one not applicable.
        assert "| **Course** | 17 | 51 of 51 | 34 | 1 | 0 | 1 |" in out
    else:
        soup = BeautifulSoup(out, "html.parser")
        assert len(soup.select("table")[0].select("tbody tr")) == 17


def test_report_escapes_author_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "conf.py").write_text('extensions = ["sphinx_rri"]\n')
    (tmp_path / "index.md").write_text(
        "---\ntitle: T\ntrack: rri\nmodule: m\n---\n# T\n\n"
        ":::{task-card} <script>alert(1)</script> | pipe\n:::\n",
        encoding="utf-8",
    )
    # The card has no parts: the matrix is printed, and the exit status and standard
    # error say that the project has errors.
    assert cli_main(["report", str(tmp_path), "--format", "html"]) == 1
    captured = capsys.readouterr()
    html_out = captured.out
    assert "<script>alert(1)" not in html_out
    assert captured.err == (
        "sphinx-rri: the project has 3 errors; run 'sphinx-rri validate' to see them\n"
    )
    assert cli_main(["report", str(tmp_path), "--format", "markdown"]) == 1
    md_out = capsys.readouterr().out
    assert "<script>" not in md_out and "\\| pipe" in md_out


def test_validate_content_reports_no_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["validate", str(CONTENT)]) == 0
    out = capsys.readouterr().out
    assert ": error:" not in out
    assert out.strip().splitlines()[-1].startswith("sphinx-rri: 17 tasks, ")


def test_validate_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["validate", str(tmp_path / "missing")]) == 2
    assert cli_main(["validate", str(tmp_path)]) == 2  # no conf.py anywhere above
    err = capsys.readouterr().err
    assert "no conf.py" in err


def test_strict_fails_on_gaps_and_github_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["validate", "--strict", "--format", "github", str(CONTENT)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("::warning file=")
    assert ",line=" in lines[0] and "title=rri.gap::" in lines[0]


def test_bad_configuration_is_a_clear_warning_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "conf.py").write_text(
        'extensions = ["sphinx_rri"]\nrri_gaps = "loud"\nrri_stages = ["Stage One"]\n'
    )
    (tmp_path / "index.md").write_text("# Index\n")
    warnings = tmp_path / "warnings.txt"
    status = build_main(
        ["-q", "-b", "dummy", "-w", str(warnings), str(tmp_path), str(tmp_path / "out")]
    )
    assert status == 0
    text = warnings.read_text(encoding="utf-8")
    assert (
        "rri_gaps must be one of 'note', 'warning', 'error', not 'loud'; "
        "using the default, 'note' [rri.config]" in text
    )
    assert "rri_stages must hold slugs ([a-z0-9][a-z0-9-]*); not a slug: 'Stage One'" in text
    assert "Traceback" not in capsys.readouterr().err
    assert build_main(["-q", "-W", "-b", "dummy", str(tmp_path), str(tmp_path / "out2")]) != 0
    assert cli_main(["validate", str(tmp_path)]) == 2
    assert "rri_gaps must be one of" in capsys.readouterr().err


def test_unchanged_rebuild_still_fails_on_errors(tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text('extensions = ["sphinx_rri"]\n')
    (tmp_path / "index.md").write_text("---\ntitle: T\ntrack: rri\n---\n# T\n", encoding="utf-8")
    out = tmp_path / "out"
    assert sphinx(tmp_path, out, "html") != 0
    # Nothing changed: the missing 'module' is still an error and -W still fails.
    assert sphinx(tmp_path, out, "html") != 0


def test_epub_gets_labelled_sections_not_tabs(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "epub"
    assert sphinx(course, out, "epub") == 0
    page = (out / "system-deployment.xhtml").read_text(encoding="utf-8")
    assert 'role="tablist"' not in page and "<details" not in page
    soup = BeautifulSoup(page, "html.parser")
    domains = [r.get_text() for r in soup.select(".rri-example-domain")]
    assert domains.count("Health care") == 4 and domains.count("Environmental Sciences") == 4
