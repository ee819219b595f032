"""The pre-commit hook, end to end: ``pre-commit try-repo`` with this repository's
``.pre-commit-hooks.yaml`` against a scratch course repository.

The course lives in ``content/`` beside a root ``README.md``, as in most course
repositories. pre-commit installs the package from this checkout into a fresh
environment (once for the module), so the hook is tested as users get it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="needs git"),
    pytest.mark.skipif(not (REPO / ".git").exists(), reason="needs this project as a git checkout"),
]

CONF = 'extensions = ["sphinx_rri"]\nexclude_patterns = ["_build"]\n'

INDEX = """\
---
title: Course
track: rri
module: rri-101
---

# Course

```{toctree}
fairness
```

::::{next-steps}
:::{step} Fairness
:doc: fairness
What fairness means here.
:::
::::
"""

FAIRNESS = """\
---
title: Fairness
track: rri
module: rri-101
---

# Fairness

Text.
"""


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=A", "-c", "user.email=a@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This checkout as it is now (uncommitted and new files included), committed once.

    ``try-repo`` on a repository with uncommitted changes makes a new commit, and so a
    new hook environment, on every call; a clean copy is installed once for the module.
    """
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode()
    copy = tmp_path_factory.mktemp("hook-repo")
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    git(copy, "init", "-q")
    git(copy, "add", "-A")
    git(copy, "commit", "-qm", "this checkout")
    return copy


@pytest.fixture
def course(tmp_path: Path) -> Path:
    root = tmp_path / "course-repo"
    (root / "content").mkdir(parents=True)
    (root / "README.md").write_text("# My course\n\nNot a course page: *no* front matter.\n")
    (root / "content" / "conf.py").write_text(CONF)
    (root / "content" / "index.md").write_text(INDEX)
    (root / "content" / "fairness.md").write_text(FAIRNESS)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "a course")
    return root


def try_repo(course: Path, hooks: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PYTHONPATH": ""}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hooks), "sphinx-rri-validate"],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )


def test_clean_commit_passes_and_a_rename_fails_at_the_link(
    course: Path, hook_repo: Path, pre_commit_home: Path
) -> None:
    # A commit that touches only the README: the hook still checks the course, and
    # passes (the README is not read as a course page).
    (course / "README.md").write_text("# My course\n\nUpdated.\n")
    git(course, "add", "README.md")
    clean = try_repo(course, hook_repo, pre_commit_home)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "sphinx-rri validate" in clean.stdout and "Passed" in clean.stdout

    # Renaming the linked page changes only fairness.md; the broken link is in index.md.
    git(course, "mv", "content/fairness.md", "content/fair.md")
    broken = try_repo(course, hook_repo, pre_commit_home)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "Failed" in broken.stdout
    assert "content/index.md:14: error:" in broken.stdout
    assert "[rri.ref]" in broken.stdout


def test_deleting_a_linked_page_fails(course: Path, hook_repo: Path, pre_commit_home: Path) -> None:
    git(course, "rm", "-q", "content/fairness.md")
    deleted = try_repo(course, hook_repo, pre_commit_home)
    assert deleted.returncode == 1, deleted.stdout + deleted.stderr
    assert "content/index.md:14: error:" in deleted.stdout


def test_the_documented_local_hook_works_without_a_tag(course: Path, tmp_path: Path) -> None:
    """The ``repo: local`` hook of docs/guide/gate-pull-requests.md, as written there."""
    guide = (REPO / "docs" / "guide" / "gate-pull-requests.md").read_text()
    local = next(
        block
        for block in guide.split("```yaml\n")[1:]
        if block.startswith("repos:\n  - repo: local\n")
    ).split("```")[0]
    (course / ".pre-commit-config.yaml").write_text(local)
    git(course, "add", ".pre-commit-config.yaml")
    bindir = str(Path(sys.executable).parent)
    src = str(Path(__import__("sphinx_rri").__file__).resolve().parents[1])
    env = {
        **os.environ,
        "PATH": bindir + os.pathsep + os.environ.get("PATH", ""),
        "PYTHONPATH": src,
        "PRE_COMMIT_HOME": str(tmp_path / "home"),
    }

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run"],
            cwd=course,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    clean = run()
    assert clean.returncode == 0, clean.stdout + clean.stderr
    git(course, "mv", "content/fairness.md", "content/fair.md")
    broken = run()
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "content/index.md:14: error:" in broken.stdout
