"""Helpers for the migration tests: the sample's location and child-process builds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# Nine real Turing Commons pages (CC BY 4.0, attribution in sample/README.md), kept
# unchanged as test data for the migration.
SAMPLE = Path(__file__).resolve().parent / "sample"
#: The sample's pages, relative to its docs folder.
SAMPLE_PAGES = (
    "skills-tracks/aeg/chapter3/impact.md",
    "skills-tracks/aeg/index.md",
    "skills-tracks/dj/dj-101-1.md",
    "skills-tracks/ped/chapter1/index.md",
    "skills-tracks/ped/chapter4/uncertainty.md",
    "skills-tracks/rri/rri-100-4.md",
    "skills-tracks/rri/rri-101-4.md",
    "skills-tracks/rri/rri-200-index.md",
)


def require_sample() -> Path:
    """The sample site; its absence is a broken checkout, not a reason to skip."""
    if not (SAMPLE / "mkdocs.yml").is_file():
        pytest.fail(
            f"the mkdocs sample is missing: expected {SAMPLE}/mkdocs.yml "
            "(it is part of the repository: restore tests/migrate/sample)",
            pytrace=False,
        )
    return SAMPLE


def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        part for part in (str(REPO / "src"), env.get("PYTHONPATH", "")) if part
    )
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    return env


def mkdocs_build(site: Path, out: Path) -> None:
    """Build the mkdocs site in ``site`` into ``out`` in a child process (snippets are
    read relative to where mkdocs runs, so it runs in ``site``)."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)],
        cwd=site,
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def sphinx_build(source: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Build ``source`` with Sphinx in a child process, so each build starts clean."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            "--no-color",
            "-b",
            "html",
            *extra,
            str(source),
            str(out),
        ],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=600,
        check=False,
    )


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder``, by relative path."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
