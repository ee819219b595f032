"""The Turing Commons sample, migrated and built: the acceptance test of issue 5.

The sample holds eight pages under ``docs/`` and one snippet file
(``includes/abbreviations.md``) that a page pulls in with ``--8<--``: nine Markdown files.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from migrate_helpers import SAMPLE_PAGES, require_sample, subprocess_env

from sphinx_rri.migrate import migrate_site

SEED = "skills-tracks/rri/rri-101-4"


def test_every_sample_page_migrates(migrated_sample) -> None:  # type: ignore[no-untyped-def]
    dest, report = migrated_sample
    assert {page.path for page in report.pages} == set(SAMPLE_PAGES)
    assert [page.path for page in report.pages if page.failed] == []
    for page in SAMPLE_PAGES:
        text = (dest / page).read_text(encoding="utf-8")
        assert text.startswith("---\ntitle: "), page
        # HTML comments are kept verbatim, mkdocs syntax and all; only live text counts.
        text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
        for leftover in ("\n!!! ", "\n??? ", '\n=== "', "--8<--", '<div class="grid'):
            assert leftover not in text, (page, leftover)
    # The snippet (the ninth file) was inlined: its abbreviations are not left as text.
    assert "*[AI]" not in (dest / "skills-tracks/ped/chapter1/index.md").read_text()
    assert (dest / "migration-report.md").is_file()


def sample_warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "WARNING" in line or "ERROR" in line]


def assert_only_reported_warnings(stderr: str, report_text: str) -> None:
    """Every warning is the sample's own problem, named in the migration report.

    The sample's next steps point at pages the nine-page sample does not include, and two
    of them at the same page (a slip in the original); `sphinx-rri validate` finds those,
    and the report lists each as a review item. Nothing else may warn: links and images
    outside the sample point at the original site, and no syntax is left over.
    """
    for line in sample_warnings(stderr):
        if "[app.add_directive]" in line:
            continue  # sphinx-design's `step`, which sphinx_rri (loaded last) replaces
        found = re.search(r"\.md:(\d+): WARNING: (.*) \[(rri\.\w+)\]$", line)
        assert found, line
        assert f"{found.group(2)} [{found.group(3)}]" in report_text, line


def test_the_migrated_sample_builds(built_sample, migrated_sample) -> None:  # type: ignore[no-untyped-def]
    out, result = built_sample
    assert result.returncode == 0, result.stderr
    assert (out / f"{SEED}.html").is_file()
    _, report = migrated_sample
    assert_only_reported_warnings(result.stderr, report.to_markdown())
    # The old address of a page (mkdocs' /a/b/) sends readers on to the new one.
    moved = (out / SEED / "index.html").read_text(encoding="utf-8")
    assert 'url=../rri-101-4.html"' in moved


def test_the_sample_builds_with_sphinx_immaterial(tmp_path: Path) -> None:
    from migrate_helpers import sphinx_build

    dest = tmp_path / "dest"
    report = migrate_site(require_sample(), dest, progress=False)  # the default theme
    assert "html_theme = 'sphinx_immaterial'" in (dest / "conf.py").read_text(encoding="utf-8")
    result = sphinx_build(dest, tmp_path / "html")
    assert result.returncode == 0, result.stderr
    assert_only_reported_warnings(result.stderr, report.to_markdown())
    assert (tmp_path / "html" / "sitemap.xml").is_file()


def test_seed_tasks_and_gaps_reach_the_course_model(built_sample) -> None:  # type: ignore[no-untyped-def]
    out, result = built_sample
    assert result.returncode == 0, result.stderr
    model = json.loads((out / "rri.json").read_text())
    tasks = [task for task in model["tasks"] if task["docname"] == SEED]
    assert [task["title"] for task in tasks] == [
        "System Implementation",
        "User Training",
        "System Use and Monitoring",
        "Model Updating or Deprovisioning",
    ]
    for task in tasks:
        assert task["parts"] == {"description": True, "importance": True, "examples": True}
        assert {(e["domain"], e["status"]) for e in task["examples"]} == {
            ("Health care", "coming-soon"),
            ("Environmental Sciences", "coming-soon"),
        }
    [steps] = [block for block in model["next_steps"] if block["docname"] == SEED]
    assert [s["status"] for s in steps["steps"]] == [
        "coming-soon",
        "coming-soon",
        "available",
        "available",
        "coming-soon",
    ]


def test_validate_finds_the_seed_tasks_and_the_duplicated_step(migrated_sample) -> None:  # type: ignore[no-untyped-def]
    dest, _ = migrated_sample
    result = subprocess.run(
        [sys.executable, "-m", "sphinx_rri", "validate", "--format", "json", str(dest)],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=600,
        check=False,
    )
    assert result.returncode == 1, result.stderr  # the sample has real errors
    found = json.loads(result.stdout)
    assert "4 tasks" in found["summary"]
    seed_gaps = [g for g in found["gaps"] if g["docname"] == SEED]
    assert sum("Health care" in g["message"] for g in seed_gaps) == 4
    assert sum("Environmental Sciences" in g["message"] for g in seed_gaps) == 4
    duplicates = [e for e in found["errors"] if e["code"] == "rri.duplicate"]
    assert len(duplicates) == 1 and duplicates[0]["docname"] == SEED
    assert "rri-203-index" in duplicates[0]["message"]
