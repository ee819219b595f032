"""The GitHub Action (``action.yml``): its steps, run as a runner would run them.

The steps are the scripts in ``ci/action/``. Each test gives them the runner's files
and variables (``GITHUB_STEP_SUMMARY``, ``GITHUB_OUTPUT``, ``GITHUB_BASE_REF``) in a
scratch course repository and checks what they print, write and exit with.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
ACTION = REPO / "ci" / "action"
SRC = Path(__import__("sphinx_rri").__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

CONF = (
    'extensions = ["sphinx_rri"]\nrri_example_domains = ["Health care", "Environmental Sciences"]\n'
)


def card(
    title: str, task_id: str, env: str = ":status: coming-soon", importance: bool = True
) -> str:
    why = "::::{task-importance}\nWhy it matters.\n::::\n\n" if importance else ""
    return (
        f"\n:::::{{task-card}} {title}\n:id: {task_id}\n\n"
        "::::{task-description}\nWhat the task is.\n::::\n\n"
        f"{why}::::{{illustrative-example}}\n"
        ":::{example} Health care\nA hospital example.\n:::\n\n"
        f":::{{example}} Environmental Sciences\n{env}\n:::\n::::\n:::::\n"
    )


def page(*cards: str) -> str:
    return "---\ntitle: Design\ntrack: rri\nmodule: rri-101\n---\n\n# Design\n" + "".join(cards)


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=A", "-c", "user.email=a@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture
def origin(tmp_path: Path) -> Path:
    """``main`` with one task and a gap; ``feature`` closes it and adds a task with a gap."""
    root = tmp_path / "origin"
    (root / "content").mkdir(parents=True)
    (root / "README.md").write_text("# A course repository\n")
    (root / "content" / "conf.py").write_text(CONF)
    (root / "content" / "index.md").write_text("# Course\n\n```{toctree}\ndesign\n```\n")
    (root / "content" / "design.md").write_text(page(card("Problem Formulation", "problem")))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "main")
    git(root, "checkout", "-q", "-b", "feature")
    (root / "content" / "design.md").write_text(
        page(
            card("Problem Formulation", "problem", env="A river example."),
            card("Data Collection", "collection"),
        )
    )
    git(root, "commit", "-qam", "feature")
    return root


def runner(tmp_path: Path, **variables: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RRI_"))}
    env.update(
        {
            "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
            "GITHUB_OUTPUT": str(tmp_path / "output.txt"),
            "GITHUB_ACTION_PATH": str(REPO),
            "PYTHONPATH": str(SRC),
            **variables,
        }
    )
    return env


def run_step(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ACTION / script)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def outputs(path: Path) -> dict[str, str]:
    """Read ``$GITHUB_OUTPUT`` as the runner does (``name<<DELIMITER`` blocks)."""
    found: dict[str, str] = {}
    lines = iter(path.read_text().splitlines())
    for line in lines:
        name, _, delimiter = line.partition("<<")
        value = []
        for inner in lines:
            if inner == delimiter:
                break
            value.append(inner)
        found[name] = "\n".join(value)
    return found


def test_action_yml_runs_the_scripts_with_their_inputs() -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    inputs = set(action["inputs"])
    scripts = []
    for step in action["runs"]["steps"]:
        text = json.dumps(step)
        for used in re.findall(r"inputs\.([a-z-]+)", text):
            assert used in inputs, used
        found = re.search(r'ci/action/(\w+\.py)"', step.get("run", ""))
        if found:
            scripts.append(found.group(1))
            source = (ACTION / found.group(1)).read_text()
            # Every RRI_ variable a script reads is set by its step, and no input is
            # pasted into the shell command itself.
            for name in set(re.findall(r"\"(RRI_[A-Z_]+)\"", source)):
                assert name in step.get("env", {}), (found.group(1), name)
            assert "${{" not in step["run"]
    assert scripts == ["validate.py", "summary.py"]
    for output in action["outputs"].values():
        step_id = re.search(r"steps\.(\w+)\.outputs", output["value"]).group(1)
        assert step_id in {s.get("id") for s in action["runs"]["steps"]}


def test_validate_step_annotates_counts_and_writes_sarif(origin: Path, tmp_path: Path) -> None:
    env = runner(tmp_path, RRI_PATH="content", RRI_SARIF="reports/rri.sarif")
    done = run_step("validate.py", origin, env)
    assert done.returncode == 0, done.stderr
    assert "::warning file=content/design.md,line=" in done.stdout
    assert "::error" not in done.stdout
    out = outputs(tmp_path / "output.txt")
    assert out == {"tasks": "2", "gaps": "1", "errors": "0", "sarif-file": "reports/rri.sarif"}
    log = json.loads((origin / "reports" / "rri.sarif").read_text())
    assert log["version"] == "2.1.0"
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["rri.gap"]


def test_validate_step_fails_on_errors_and_on_gaps_when_strict(
    origin: Path, tmp_path: Path
) -> None:
    strict = run_step(
        "validate.py", origin, runner(tmp_path, RRI_PATH="content", RRI_STRICT="true")
    )
    assert strict.returncode == 1
    (origin / "content" / "design.md").write_text(page(card("Broken", "broken", importance=False)))
    (tmp_path / "output.txt").unlink()
    broken = run_step("validate.py", origin, runner(tmp_path, RRI_PATH="content"))
    assert broken.returncode == 1
    assert "::error file=content/design.md,line=9,title=rri.task::" in broken.stdout
    assert outputs(tmp_path / "output.txt")["errors"] == "1"
    assert outputs(tmp_path / "output.txt")["sarif-file"] == ""


def test_summary_step_writes_matrix_and_pull_request_changes(origin: Path, tmp_path: Path) -> None:
    done = run_step(
        "summary.py", origin, runner(tmp_path, RRI_PATH="content", GITHUB_BASE_REF="main")
    )
    assert done.returncode == 0, done.stderr
    summary = (tmp_path / "summary.md").read_text()
    assert summary.startswith("## Course gaps\n")
    assert "Data Collection" in summary.split("## sphinx-rri:")[0]  # the gap matrix
    changes = summary.split("## sphinx-rri: what this change does to the course")[1]
    assert "### Tasks added (1)" in changes
    assert "### Gaps opened (1)" in changes and "### Gaps closed (1)" in changes
    assert outputs(tmp_path / "output.txt") == {"diff-status": "1"}


def test_summary_step_fetches_the_base_branch_it_lacks(origin: Path, tmp_path: Path) -> None:
    # actions/checkout of a pull request fetches only the head: no main, no origin/main.
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--single-branch", "--branch", "feature", str(origin), str(clone))
    assert "origin/main" not in git(clone, "branch", "-a")
    done = run_step(
        "summary.py", clone, runner(tmp_path, RRI_PATH="content", GITHUB_BASE_REF="main")
    )
    assert done.returncode == 0, done.stderr
    assert "### Tasks added (1)" in (tmp_path / "summary.md").read_text()


def test_summary_step_without_a_pull_request(origin: Path, tmp_path: Path) -> None:
    done = run_step("summary.py", origin, runner(tmp_path, RRI_PATH="content"))
    assert done.returncode == 0, done.stderr
    summary = (tmp_path / "summary.md").read_text()
    assert "## Course gaps" in summary and "what this change does" not in summary
    assert outputs(tmp_path / "output.txt") == {"diff-status": ""}
    missing = run_step(
        "summary.py", origin, runner(tmp_path, RRI_PATH="content", GITHUB_BASE_REF="gone`*x*`")
    )
    assert missing.returncode == 0
    note = (tmp_path / "summary.md").read_text().splitlines()[-1]
    assert note.startswith("sphinx-rri could not find the base branch gone&#96;&#42;x")
