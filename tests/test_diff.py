"""``sphinx-rri diff OLD NEW``: tasks, gaps and errors that a change adds and removes.

The sides are two revisions of a scratch git repository (read without a checkout), two
source folders, or two ``rri.json`` files written by real builds; all three agree.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sphinx_rri.cli import main as cli_main

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

CONF = (
    'extensions = ["sphinx_rri"]\nexclude_patterns = ["_build"]\n'
    'rri_example_domains = ["Health care", "Environmental Sciences"]\n'
)


def card(title: str, task_id: str, *, importance: bool = True, env: str | None = None) -> str:
    env_body = env or ":status: coming-soon"
    importance_part = "::::{task-importance}\nWhy it matters.\n::::\n\n" if importance else ""
    return f"""
:::::{{task-card}} {title}
:id: {task_id}

::::{{task-description}}
What the task is.
::::

{importance_part}::::{{illustrative-example}}
:::{{example}} Health care
A hospital example.
:::

:::{{example}} Environmental Sciences
{env_body}
:::
::::
:::::
"""


def page(title: str, *cards: str) -> str:
    head = f"---\ntitle: {title}\ntrack: rri\nmodule: rri-101\n---\n\n# {title}\n"
    return head + "".join(cards)


INDEX = "# Course\n\n```{toctree}\ndesign\ndeployment\n```\n"


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=A", "-c", "user.email=a@example.org", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with a README at its root and the course in ``course/``: two commits."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    write(
        root,
        {
            "README.md": "# Not a course page\n",
            "course/conf.py": CONF,
            "course/index.md": INDEX,
            "course/design.md": page("Design", card("Problem Formulation", "problem")),
            "course/deployment.md": page("Deployment", card("User Training", "training")),
        },
    )
    git(root, "add", "-A")
    git(root, "commit", "-qm", "first")
    write(
        root,
        {
            # the Environmental Sciences example of "problem" is written: a gap closed
            "course/design.md": page(
                "Design",
                card("Problem Formulation", "problem", env="A river example."),
                card("Data Collection", "collection"),  # a new task, with a new gap
            ),
            # "training" loses its importance (an error) and nothing else changes
            "course/deployment.md": page(
                "Deployment", card("User Training", "training", importance=False)
            ),
        },
    )
    git(root, "commit", "-qam", "second")
    return root


def run_diff(
    capsys: pytest.CaptureFixture[str], *args: str, fmt: str = "json"
) -> tuple[int, object]:
    status = cli_main(["diff", *args, "--format", fmt])
    out = capsys.readouterr().out
    return status, json.loads(out) if fmt == "json" else out


def test_two_revisions_read_without_a_checkout(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # An uncommitted edit in the working tree must survive, and HEAD must not move.
    (repo / "course" / "index.md").write_text(INDEX + "\nAn edit in progress.\n")
    head = git(repo, "rev-parse", "HEAD")
    monkeypatch.chdir(repo)
    status, data = run_diff(capsys, "HEAD~1", "HEAD", "--path", "course")
    assert isinstance(data, dict)
    assert status == 1
    assert [t["id"] for t in data["tasks_added"]] == ["collection"]
    assert data["tasks_removed"] == []
    assert [g["message"] for g in data["gaps_opened"]] == [
        "example for 'Environmental Sciences' in 'Data Collection' is marked coming soon"
    ]
    assert [g["docname"] for g in data["gaps_closed"]] == ["design"]
    assert [(e["docname"], e["code"]) for e in data["errors_introduced"]] == [
        ("deployment", "rri.task")
    ]
    assert data["errors_fixed"] == []
    assert (data["old"], data["new"]) == (
        {"tasks": 2, "gaps": 2, "errors": 0},
        {"tasks": 3, "gaps": 2, "errors": 1},
    )
    assert git(repo, "rev-parse", "HEAD") == head
    assert "An edit in progress." in (repo / "course" / "index.md").read_text()
    assert git(repo, "status", "--porcelain") == " M course/index.md\n"


def test_the_other_way_round_closes_and_removes(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo / "course")  # --path defaults to the current folder
    status, data = run_diff(capsys, "HEAD", "HEAD~1")
    assert isinstance(data, dict)
    assert status == 1  # the old revision re-opens the gap that HEAD closed
    assert [t["id"] for t in data["tasks_removed"]] == ["collection"]
    assert [e["code"] for e in data["errors_fixed"]] == ["rri.task"]
    assert data["errors_introduced"] == []


def test_exit_status(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    assert run_diff(capsys, "HEAD", "HEAD", "--path", "course")[0] == 0
    # Only a new gap: fails, unless new gaps are allowed.
    write(repo, {"course/extra.md": page("Extra", card("Monitoring", "monitoring"))})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "third")
    status, data = run_diff(capsys, "HEAD~1", "HEAD", "--path", "course")
    assert status == 1 and isinstance(data, dict) and data["errors_introduced"] == []
    assert run_diff(capsys, "HEAD~1", "HEAD", "--path", "course", "--allow-new-gaps")[0] == 0
    # An error fails even with --allow-new-gaps.
    assert run_diff(capsys, "HEAD~2", "HEAD~1", "--path", "course", "--allow-new-gaps")[0] == 1


def test_renaming_a_task_keeps_its_gaps(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        repo,
        {
            "course/deployment.md": page(
                "Deployment", card("Training the users", "training", importance=False)
            )
        },
    )
    git(repo, "commit", "-qam", "rename")
    monkeypatch.chdir(repo)
    status, data = run_diff(capsys, "HEAD~1", "HEAD", "--path", "course")
    assert isinstance(data, dict)
    assert (data["gaps_opened"], data["gaps_closed"], data["tasks_added"]) == ([], [], [])
    assert status == 0


def test_folders_and_rri_json_files_agree_with_revisions(
    repo: Path,
    tmp_path: Path,
    build,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(repo)
    _, from_revisions = run_diff(capsys, "HEAD~1", "HEAD", "--path", "course")
    old_tree = tmp_path / "old"
    subprocess.run(
        f"git -C {repo} archive HEAD~1 course | tar -x -C {tmp_path} && mv {tmp_path}/course "
        f"{old_tree}",
        shell=True,
        check=True,
    )
    _, from_folders = run_diff(capsys, str(old_tree), "course")
    assert from_folders == from_revisions
    old_out, _ = build(old_tree, "rri", warningiserror=False, outdir=tmp_path / "o")
    new_out, _ = build(repo / "course", "rri", warningiserror=False, outdir=tmp_path / "n")
    _, from_files = run_diff(capsys, str(old_out / "rri.json"), str(new_out / "rri.json"))
    assert from_files == from_revisions


def test_unreadable_sides_exit_2(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    monkeypatch.chdir(repo)
    assert cli_main(["diff", "no-such-rev", "HEAD", "--path", "course"]) == 2
    assert "no-such-rev: no such file or folder, nor a revision" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text('{"tasks": [}')
    assert cli_main(["diff", str(bad), str(bad)]) == 2
    assert f"{bad}:1: not JSON" in capsys.readouterr().err
    bad.write_text('{"tasks": []}')
    assert cli_main(["diff", str(bad), str(bad)]) == 2
    assert "'gaps' is missing" in capsys.readouterr().err
    git(repo, "rm", "-q", "course/conf.py")
    git(repo, "commit", "-qm", "no conf")
    write(repo, {"course/conf.py": CONF})  # still in the working tree, not in HEAD
    assert cli_main(["diff", "HEAD~1", "HEAD", "--path", "course"]) == 2
    assert "HEAD: no conf.py in course at this revision" in capsys.readouterr().err


def test_markdown_comment_escapes_author_text(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    hostile = "**Bold** <img src=x onerror=alert(1)> @org/team #12 | cell [a](https://e.example)"
    write(repo, {"course/extra.md": page("Extra", card(hostile, "hostile"))})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "hostile")
    monkeypatch.chdir(repo)
    status, out = run_diff(capsys, "HEAD~1", "HEAD", "--path", "course", fmt="markdown")
    assert status == 1 and isinstance(out, str)
    assert "### Tasks added (1)" in out and "### Gaps opened (1)" in out
    row = next(line for line in out.splitlines() if "hostile" in line and "Bold" in line)
    assert row.count("|") == 5  # four cells: the author's "|" did not open a fifth
    cells = row.split("|")[1:-1]
    # What is left once the character references are taken out is plain text, and the
    # references stand for exactly the author's text.
    bare = re.sub(r"&#[0-9]+;", "", cells[0])
    assert not set(bare) & set("<>@#*[]()|:&")
    assert html.unescape(cells[0].strip()) == hostile
    assert cells[0].startswith(" &#42;&#42;Bold&#42;&#42; &#60;img")
    # Every author text of the comment is escaped the same way, message cells included.
    assert not re.search(r"<img|@org|\*\*Bold", out)


def test_markdown_caps_long_sections(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cards = [card(f"Task {n}", f"task-{n}") for n in range(60)]
    write(repo, {"course/many.md": page("Many", *cards)})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "many")
    monkeypatch.chdir(repo)
    _, out = run_diff(capsys, "HEAD~1", "HEAD", "--path", "course", fmt="markdown")
    assert isinstance(out, str)
    assert "### Tasks added (60)" in out and "… and 10 more." in out
    lines = out.splitlines()
    assert sum(line.startswith("| Task ") for line in lines) == 1 + 50  # header and rows
    assert sum(line.startswith("| many |") for line in lines) == 50  # gap rows
    assert out.count("… and 10 more.") == 2
