"""``sphinx-rri migrate`` reads no page or asset through a link that leaves SRC, and
nothing that is not a regular file (a pipe would block the reader forever)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sphinx_rri.cli import main as cli_main

SECRET = "MIGRATE-SECRET-41c2"


def test_migrate_does_not_follow_links_out_of_src(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "secret.md").write_text(f"# Secret\n\n{SECRET}\n", encoding="utf-8")
    (tmp_path / "secret.png").write_bytes(SECRET.encode())
    src = tmp_path / "site"
    docs = src / "docs"
    docs.mkdir(parents=True)
    (src / "mkdocs.yml").write_text("site_name: Demo\n", encoding="utf-8")
    (docs / "index.md").write_text("# Home\n\nWelcome.\n", encoding="utf-8")
    (docs / "leak.md").symlink_to(tmp_path / "secret.md")
    (docs / "leak.png").symlink_to(tmp_path / "secret.png")
    os.mkfifo(docs / "pipe.md")
    (docs / "inside.md").symlink_to(docs / "index.md")  # a link inside SRC is fine
    dest = tmp_path / "dest"
    status = cli_main(["migrate", str(src), str(dest)])
    capsys.readouterr()
    assert status == 1  # the refused files are items to review
    for path in dest.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    assert not (dest / "leak.md").exists() and not (dest / "leak.png").exists()
    assert (dest / "inside.md").is_file()
    text = (dest / "migration-report.md").read_text(encoding="utf-8")
    assert "leak.md: a link out of the docs folder, or not a regular file; not read" in text
    assert "pipe.md: a link out of the docs folder, or not a regular file; not read" in text
