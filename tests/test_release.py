"""The release: one version source, pins that name it, and a wheel that holds what it
must and nothing else (``ci/release_check.py``, which ``nox -s release-check`` runs)."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import sphinx_rri
from sphinx_rri import scaffold

REPO = Path(__file__).resolve().parents[1]


def load_release_check():
    spec = importlib.util.spec_from_file_location("release_check", REPO / "ci" / "release_check.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_one_version_source() -> None:
    tomllib = pytest.importorskip("tomllib", reason="tomllib is in Python 3.11+")
    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert project["project"]["dynamic"] == ["version"]
    assert "version" not in project["project"]
    assert project["tool"]["hatch"]["version"]["path"] == "src/sphinx_rri/__init__.py"
    assert load_release_check().version() == sphinx_rri.__version__
    assert project["project"]["urls"]["Repository"] == scaffold.REPOSITORY_URL
    assert "LICENSE" in project["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]
    assert (REPO / "LICENSE").read_text().startswith("MIT License\n")


def test_the_docs_pin_this_release() -> None:
    """Every tag, version and repository the docs and the README tell users to pin is
    this release's, so no snippet names a tag that does not exist."""
    texts = {p: p.read_text() for p in [REPO / "README.md", *(REPO / "docs").rglob("*.md")]}
    pins = 0
    for path, text in texts.items():
        if path.name in ("performance.md", "changelog.md"):
            continue
        for tag in re.findall(r"(?:rev: |@)(v\d+\.\d+\.\d+)", text):
            assert tag == scaffold.RELEASE_TAG, (path, tag)
            pins += 1
        for pinned in re.findall(r"sphinx-rri==(\d+\.\d+\.\d+)", text):
            assert pinned == sphinx_rri.__version__, (path, pinned)
        for repo in re.findall(r"github\.com/([\w.-]+/sphinx-rri)\b", text):
            assert repo == scaffold.REPOSITORY, (path, repo)
        for uses in re.findall(r"uses: ([\w.-]+/sphinx-rri)@", text):
            assert uses == scaffold.REPOSITORY, (path, uses)
        assert not re.search(r"\bOWNER\b", text), path
    assert pins >= 4


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from this checkout's files (as git lists them), like a clean clone."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs this project as a git checkout")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode()
    copy = tmp_path_factory.mktemp("clone")
    for name in filter(None, listed.split("\0")):
        if (REPO / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, copy / name)
    # A cache left in the tree must not reach the wheel.
    (copy / "src" / "sphinx_rri" / "__pycache__").mkdir(exist_ok=True)
    (copy / "src" / "sphinx_rri" / "__pycache__" / "cli.cpython-311.pyc").write_bytes(b"x")
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(copy)],
        check=True,
        capture_output=True,
        timeout=900,
    )
    (found,) = dist.glob("sphinx_rri-*.whl")
    return found


def test_the_wheel_holds_what_it_must(wheel: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "ci" / "release_check.py"),
            "--contents-only",
            str(wheel.parent),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    names = zipfile.ZipFile(wheel).namelist()
    assert "sphinx_rri/schemas/rri.schema.json" in names
    assert any(n.startswith("sphinx_rri/locale/fr/") for n in names)
    assert not any("__pycache__" in n or n.startswith("tests/") for n in names)


def test_a_wrong_wheel_is_refused(wheel: Path, tmp_path: Path) -> None:
    bad = tmp_path / wheel.name
    with zipfile.ZipFile(wheel) as good, zipfile.ZipFile(bad, "w") as out:
        for item in good.infolist():
            if item.filename not in ("sphinx_rri/py.typed", "sphinx_rri/schemas/task.schema.json"):
                out.writestr(item, good.read(item))
        out.writestr("sphinx_rri/tests/test_x.py", "")
        out.writestr("sphinx_rri/.mypy_cache/x.json", "{}")
    problems = load_release_check().wheel_problems(bad)
    assert "missing from the wheel: sphinx_rri/py.typed" in problems
    assert "missing from the wheel: sphinx_rri/schemas/task.schema.json" in problems
    assert "does not belong in a wheel: sphinx_rri/tests/test_x.py" in problems
    assert "does not belong in a wheel: sphinx_rri/.mypy_cache/x.json" in problems


def test_the_changelog_has_a_dated_section_for_this_version() -> None:
    text = (REPO / "CHANGELOG.md").read_text()
    versions = re.findall(r"^## (\d+\.\d+\.\d+) - (\d{4}-\d{2}-\d{2})$", text, re.M)
    assert versions, "no dated version section"
    assert versions[0][0] == sphinx_rri.__version__
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings.index(f"{versions[0][0]} - {versions[0][1]}") <= 1  # after Unreleased
