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

import pytest
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
    """The furo build of the session fixture runs with ``-W``: not one warning."""
    out, result = built_sample
    assert result.returncode == 0, result.stderr
    assert (out / f"{SEED}.html").is_file()
    # The old address of a page (mkdocs' /a/b/) sends readers on to the new one.
    moved = (out / SEED / "index.html").read_text(encoding="utf-8")
    assert 'url=../rri-101-4.html"' in moved


@pytest.mark.parametrize("theme", ["sphinx_immaterial", "alabaster"])
def test_the_sample_builds_with_w_with_every_theme(tmp_path: Path, theme: str) -> None:
    """sphinx-immaterial (the default) and Sphinx's own default theme, the page sandbox on."""
    from migrate_helpers import sphinx_build

    dest = tmp_path / "dest"
    if theme == "sphinx_immaterial":
        migrate_site(require_sample(), dest, progress=False)  # the default theme
    else:
        migrate_site(require_sample(), dest, progress=False, theme=theme)
    conf = (dest / "conf.py").read_text(encoding="utf-8")
    assert f"html_theme = {theme!r}" in conf
    assert "rri_trust_pages" not in conf  # the sandbox as a course gets it by default
    assert "addFilter" not in conf  # no warning is hidden from the build
    result = sphinx_build(dest, tmp_path / "html", "-W", "--keep-going")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    assert (tmp_path / "html" / "sitemap.xml").is_file()


def test_broken_next_steps_are_carried_and_reviewed(migrated_sample, built_sample) -> None:  # type: ignore[no-untyped-def]
    """The sample's two steps to a page it lacks (the same page twice, a slip).

    mkdocs showed two links; the contract calls a step to a missing page, and two steps to
    one page, errors. They become coming-soon steps whose text names the original target,
    and the report lists each for review with what readers lose.
    """
    _, report = migrated_sample
    [page] = [p for p in report.pages if p.path == f"{SEED}.md"]
    reviews = [f.message for f in page.findings if f.review]
    for title in ("Fairness", "Explainability"):
        [message] = [m for m in reviews if m.startswith(f"step '{title}' leads to rri-203-index")]
        assert "coming-soon" in message and "lose" in message
    assert "a copy-paste slip" in next(m for m in reviews if "'Explainability'" in m)
    out, _ = built_sample
    html = (out / f"{SEED}.html").read_text(encoding="utf-8")
    assert html.count("skills-tracks/rri/rri-203-index/") == 2


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
        "coming-soon",
        "coming-soon",
        "coming-soon",
    ]


def test_validate_finds_the_seed_tasks_and_no_error(migrated_sample) -> None:  # type: ignore[no-untyped-def]
    dest, _ = migrated_sample
    result = subprocess.run(
        [sys.executable, "-m", "sphinx_rri", "validate", "--format", "json", str(dest)],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=600,
        check=False,
    )
    found = json.loads(result.stdout)
    assert found["errors"] == []
    assert result.returncode == 0, result.stderr
    assert "4 tasks" in found["summary"]
    seed_gaps = [g for g in found["gaps"] if g["docname"] == SEED]
    assert sum("Health care" in g["message"] for g in seed_gaps) == 4
    assert sum("Environmental Sciences" in g["message"] for g in seed_gaps) == 4
