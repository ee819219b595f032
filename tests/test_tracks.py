"""(1.1) A track of its own: domains per page and card, not-applicable examples, stages
with titles, optional parts and allow-lists, through the configuration, rri.json, the
gap report (page and CLI) and the task index."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from jsonschema import Draft202012Validator
from sphinx.cmd.build import build_main

from sphinx_rri.cli import main as cli_main
from sphinx_rri.contract.config import Settings, named_config_problems
from sphinx_rri.contract.schemas import raw_schema

CONF = """\
extensions = ["sphinx_rri"]
exclude_patterns = ["_build"]
rri_example_domains = ["Museums", "Local Government", "Schools"]
rri_stages = {"planning": "Planning the event", "delivery": "On the day"}
rri_tracks = ["ped"]
rri_modules = ["ped-101"]
"""

INDEX = """\
# Public engagement

```{toctree}
planning
report
```
"""

PLANNING = """\
---
title: Planning
track: ped
module: ped-101
stage: planning
domains: [Museums, Schools]
---
# Planning

:::::{task-card} Choose the audience
::::{task-description}
Decide who the event is for.
::::

::::{task-importance}
An event for everyone reaches no one.
::::

::::{illustrative-example}
:::{example} Museums
A science museum invites families to a Saturday talk on weather models.
:::

:::{example} Schools
:status: not-applicable
Pupils are invited by their teachers, not chosen as an audience.
:::
::::
:::::

:::::{task-card} Brief the councillors
:domains: Local Government

::::{task-description}
Tell elected members what the model does.
::::

::::{task-importance}
They answer for it to residents.
::::

::::{illustrative-example}
:::{example} Local Government
A planning committee hears how flood maps are drawn.
:::
::::
:::::
"""

REPORT = """\
---
title: Report
track: ped
module: ped-101
---
# Report

```{rri-gap-report}
```
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("track") / "src"
    root.mkdir()
    for name, text in {
        "conf.py": CONF,
        "index.md": INDEX,
        "planning.md": PLANNING,
        "report.md": REPORT,
    }.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def build(root: Path, out: Path, builder: str = "html", *extra: str) -> None:
    assert build_main(["-q", "-W", "-E", "-b", builder, *extra, str(root), str(out)]) == 0


@pytest.fixture(scope="module")
def html(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("track-html")
    build(project, out)
    return out


def test_rri_json_version_2_fields(html: Path) -> None:
    data: dict[str, Any] = json.loads((html / "rri.json").read_text(encoding="utf-8"))
    Draft202012Validator(raw_schema("rri")).validate(data)
    assert data["schema_version"] == 2
    assert data["stage_titles"] == {"planning": "Planning the event", "delivery": "On the day"}
    pages = {p["docname"]: p for p in data["pages"]}
    assert pages["planning"]["domains"] == ["Museums", "Schools"]
    assert pages["report"]["domains"] == ["Museums", "Local Government", "Schools"]
    tasks = {t["id"]: t for t in data["tasks"]}
    audience, councillors = tasks["choose-the-audience"], tasks["brief-the-councillors"]
    assert audience["domains"] == ["Museums", "Schools"]
    assert [(e["domain"], e["status"]) for e in audience["examples"]] == [
        ("Museums", "written"),
        ("Schools", "not-applicable"),
    ]
    assert councillors["domains"] == ["Local Government"]
    assert [(e["domain"], e["status"]) for e in councillors["examples"]] == [
        ("Local Government", "written")
    ]
    assert data["gaps"] == [] and data["errors"] == []


def test_report_command_shows_expected_domains_and_counts_no_gap(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_main(["report", str(project), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    rows = {t["id"]: t for t in data["tasks"]}
    assert rows["brief-the-councillors"]["domains"] == ["Local Government"]
    assert rows["brief-the-councillors"]["examples"] == {
        "Museums": "not-expected",
        "Local Government": "written",
        "Schools": "not-expected",
    }
    assert rows["choose-the-audience"]["examples"]["Schools"] == "not-applicable"
    assert data["total"]["examples"] == {
        "written": 2,
        "coming-soon": 0,
        "missing": 0,
        "not-applicable": 1,
    }
    assert cli_main(["report", str(project), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert "| Planning the event |" in out
    assert "⊘ not applicable" in out and "· not expected" in out
    assert cli_main(["validate", "--strict", str(project)]) == 0
    assert capsys.readouterr().out.strip().endswith("2 tasks, 0 gaps, 0 errors")


def test_gap_report_page_shows_stage_titles_and_states(html: Path) -> None:
    soup = BeautifulSoup((html / "report.html").read_text(encoding="utf-8"), "html.parser")
    matrix = soup.select_one("table.rri-gap-matrix")
    assert matrix is not None
    text = matrix.get_text(" ")
    assert "Planning the event" in text and "planning" not in text.replace("Planning", "")
    assert "⊘ Not applicable" in text and "· Not expected" in text
    assert "✗ Missing" not in text
    totals = soup.select_one("table.rri-gap-totals")
    assert totals is not None and "Not applicable" in totals.get_text(" ")


def test_not_applicable_example_is_shown_as_such_with_its_reason(html: Path) -> None:
    soup = BeautifulSoup((html / "planning.html").read_text(encoding="utf-8"), "html.parser")
    panels = soup.select(".rri-example-not-applicable")
    assert len(panels) == 1
    text = panels[0].get_text(" ")
    assert "Not applicable" in text and "chosen as an audience" in text
    assert "coming soon" not in soup.get_text(" ").lower()
    # Only the expected domains have tabs: no placeholder for Local Government on the
    # first card, none for Museums or Schools on the second. The not-applicable tab says
    # so in its label.
    tabs = [
        [t.get_text() for t in tl.select('[role="tab"]')] for tl in soup.select('[role="tablist"]')
    ]
    assert [sorted(t) for t in tabs] == [
        ["Museums", "Schools (not applicable)"],
        ["Local Government"],
    ]


def test_text_builder_keeps_the_not_applicable_reason(project: Path, tmp_path: Path) -> None:
    build(project, tmp_path, "text")
    text = (tmp_path / "planning.txt").read_text(encoding="utf-8")
    assert "Not applicable" in text and "chosen as an audience" in text
    assert "coming soon" not in text.lower()


def test_task_index_shows_stage_titles(html: Path) -> None:
    index = (html / "rri-index.html").read_text(encoding="utf-8")
    assert "Planning the event" in index


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("rri_stages", {"planning": ""}, "the title of stage 'planning' must be a non-empty"),
        ("rri_stages", {"Planning": "Planning"}, "not a slug: 'Planning'"),
        ("rri_stages", "planning", "or a mapping of slug to title"),
        ("rri_tracks", ["Public Engagement"], "not a slug: 'Public Engagement'"),
        ("rri_modules", "ped-101", "must be a list of strings"),
        ("rri_required_parts", ["description", "importnce"], "(did you mean 'importance'?)"),
        ("rri_labels", {"descripton": "Task"}, "(did you mean 'description'?)"),
        ("rri_labels", {"choose": "Pick some"}, "must hold %s 1 time"),
        ("rri_labels", {"examples": ""}, "must be a non-empty string"),
        ("rri_labels", ["examples"], "must be a mapping of label keys to texts"),
    ],
)
def test_bad_configuration_values_are_named(name: str, value: object, message: str) -> None:
    problems = named_config_problems({name: value})
    assert [n for n, _ in problems] == [name]
    assert message in problems[0][1]


def test_good_configuration_values_are_read_into_settings() -> None:
    values = {
        "rri_stages": {"planning": "Planning the event", "delivery": "On the day"},
        "rri_labels": {"examples": "Worked examples"},
        "rri_required_parts": ["description"],
        "rri_tracks": ["ped"],
    }
    assert named_config_problems(values) == []
    settings = Settings.from_values(values)
    assert settings.stages == ("planning", "delivery")
    assert settings.stage_title("delivery") == "On the day"
    assert settings.stage_title("elsewhere") == "elsewhere"
    assert settings.label_overrides == {"examples": "Worked examples"}
    assert settings.required_parts == ("description",)
    hash(settings)  # settings key the checks' caches


def test_a_bad_label_key_is_a_config_warning_in_the_build(tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text(
        'extensions = ["sphinx_rri"]\nrri_labels = {"importanse": "Why"}\n', encoding="utf-8"
    )
    (tmp_path / "index.md").write_text("# Home\n", encoding="utf-8")
    warnings = tmp_path / "warnings.txt"
    build_main(["-q", "-b", "dummy", "-w", str(warnings), str(tmp_path), str(tmp_path / "out")])
    text = warnings.read_text(encoding="utf-8")
    assert "'importanse' is not a label key (did you mean 'importance'?)" in text
    assert "[rri.config]" in text
