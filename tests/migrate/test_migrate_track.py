"""A course of another track migrates ready to build: its own domains, stages, modules.

The small site here is written for the test: a "Public engagement of data science" track
whose example tabs are Museums, Local Government and Schools and whose stages are
planning, delivery and evaluation; none of them is a default of the extension.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from migrate_helpers import sphinx_build
from test_migrate_site import write_site

from sphinx_rri.migrate import migrate_site


def task(title: str, domains: list[str]) -> str:
    tabs = "\n".join(
        f'=== "{domain}"\n\n    How {title.lower()} looks for {domain.lower()}.\n'
        for domain in domains
    )
    return (
        f"## {title}\n\n### Task Description\n\nWhat {title.lower()} asks of the team.\n\n"
        f"### Importance of the Task\n\nWhy {title.lower()} matters to the public.\n\n"
        f"### Illustrative Examples\n\n{tabs}\n"
    )


PAGES = {
    "index.md": "# Public engagement of data science\n\nA short course in two stages.\n",
    "peds-101/planning.md": (
        "---\ntitle: Planning an engagement\ntrack: peds\nmodule: peds-101\nstage: planning\n"
        "---\n\n# Planning an engagement\n\n"
        + task("Audience Mapping", ["Museums", "Local Government", "Schools"])
    ),
    "peds-101/delivery.md": (
        "---\ntitle: Delivering it\ntrack: peds\nmodule: peds-101\nstage: delivery\n---\n\n"
        "# Delivering it\n\n" + task("Running the Session", ["Schools", "Museums"])
    ),
    "peds-102/evaluation.md": (
        "---\ntitle: Evaluation\ntrack: peds\nmodule: peds-102\nstage: evaluation\n---\n\n"
        "# Evaluation\n\n" + task("Asking for Feedback", ["Local Government"])
    ),
}
NAV = (
    "nav:\n  - index.md\n  - Planning:\n      - peds-101/planning.md\n"
    "      - peds-101/delivery.md\n  - Evaluation:\n      - peds-102/evaluation.md\n"
)


def test_a_course_of_another_track_is_ready_and_builds(tmp_path: Path) -> None:
    config = (
        "site_name: Public engagement\nmarkdown_extensions:\n  - admonition\n"
        "  - pymdownx.superfences\n  - pymdownx.tabbed:\n      alternate_style: true\n" + NAV
    )
    src = write_site(tmp_path / "site", PAGES, config)
    dest = tmp_path / "dest"
    report = migrate_site(src, dest, progress=False)
    conf = (dest / "conf.py").read_text(encoding="utf-8")
    namespace: dict[str, object] = {}
    exec(compile(conf, "conf.py", "exec"), namespace)  # the file migrate wrote, nothing else
    assert namespace["rri_example_domains"] == ["Museums", "Local Government", "Schools"]
    assert namespace["rri_stages"] == ["planning", "delivery", "evaluation"]
    assert report.exit_code == 0, report.to_markdown()
    assert "(4 ready, 0 to review, 0 failed)" in report.to_markdown()
    result = sphinx_build(dest, tmp_path / "html", "-W")
    assert result.returncode == 0, result.stderr
    assert "[rri." not in result.stderr


def test_a_result_that_does_not_validate_is_not_ready(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without the course model in conf.py (what migrate wrote before), the defaults of the
    # RRI course apply: the stages are unknown and validate fails. The report must say so.
    import sphinx_rri.migrate.site as site

    monkeypatch.setattr(site, "course_model", lambda results: {})
    config = "site_name: Defaults\nmarkdown_extensions:\n  - pymdownx.tabbed\n"
    src = write_site(tmp_path / "site", PAGES, config + NAV)
    report = migrate_site(src, tmp_path / "dest", progress=False)
    text = report.to_markdown()
    assert report.exit_code == 1
    assert "### `peds-101/planning.md`: review" in text
    assert re.search(r"sphinx-rri validate: .*planning.*\[rri\.\w+\]", text), text
