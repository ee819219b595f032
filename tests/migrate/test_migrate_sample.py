"""The Turing Commons sample, migrated and built: the acceptance test of issue 5.

The sample holds eight pages under ``docs/`` and one snippet file
(``includes/abbreviations.md``) that a page pulls in with ``--8<--``: nine Markdown files.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
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


def test_the_migrated_sample_builds(built_sample) -> None:  # type: ignore[no-untyped-def]
    out, result = built_sample
    assert result.returncode == 0, result.stderr
    assert (out / f"{SEED}.html").is_file()
    # What Sphinx warns about is what the sample itself gets wrong (links to pages it does
    # not include, images it does not ship, the duplicated next step), never syntax.
    for line in result.stderr.splitlines():
        if "WARNING" not in line:
            continue
        assert any(
            kind in line
            for kind in (
                "myst.xref_missing",
                "image.not_readable",
                "rri.ref",
                "rri.duplicate",
                "app.add_directive",
            )
        ), line


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


def test_migration_takes_well_under_a_second_per_page(tmp_path: Path) -> None:
    sample = require_sample()
    migrate_site(sample, tmp_path / "warm", progress=False)  # imports, caches
    start = time.perf_counter()
    report = migrate_site(sample, tmp_path / "timed", progress=False)
    per_page = (time.perf_counter() - start) / len(report.pages)
    assert per_page < 0.25, f"{per_page:.3f} s per page"
