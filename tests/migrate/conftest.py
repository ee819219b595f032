"""Fixtures for the migration tests: the sample migrated and built once per session."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from migrate_helpers import require_sample, sphinx_build


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "mkdocs: builds the sample with mkdocs-material to compare what readers see"
    )


@pytest.fixture(scope="session")
def migrated_sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """The sample migrated once for the whole session: (DEST, report)."""
    from sphinx_rri.migrate import migrate_site

    dest = tmp_path_factory.mktemp("sample") / "dest"
    report = migrate_site(require_sample(), dest, progress=False, theme="furo")
    return dest, report


@pytest.fixture(scope="session")
def built_sample(
    migrated_sample: tuple[Path, object], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The migrated sample built to HTML once, with furo and ``-W``: (output, process)."""
    dest, _ = migrated_sample
    out = tmp_path_factory.mktemp("sample-html")
    return out, sphinx_build(dest, out, "-W", "--keep-going")
