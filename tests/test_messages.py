"""Messages that name the cause: the counts each gate ends with are true for its scope."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

from sphinx_rri.cli import main as cli_main

HEAD = "---\ntitle: T\ntrack: rri\nmodule: rri-101\n---\n"
CARD = (
    ":::::{task-card} Card {n}\n::::{task-description}\nD.\n::::\n"
    "::::{task-importance}\nI.\n::::\n::::{illustrative-example}\n"
    ":::{example} Health care\nE.\n:::\n:::{example} Environmental Sciences\nE.\n:::\n"
    "::::\n:::::\n"
)


def project(tmp_path: Path) -> Path:
    (tmp_path / "conf.py").write_text('extensions = ["sphinx_rri"]\n', encoding="utf-8")
    (tmp_path / "index.md").write_text(
        HEAD + "# Index\n\n```{toctree}\none\ntwo\nmissing\n```\n", encoding="utf-8"
    )
    (tmp_path / "one.md").write_text(
        HEAD + "# One\n\n" + CARD.replace("{n}", "1"), encoding="utf-8"
    )
    two = HEAD + "# Two\n\n" + CARD.replace("{n}", "2") + "\n" + CARD.replace("{n}", "3")
    (tmp_path / "two.md").write_text(two, encoding="utf-8")
    return tmp_path


def test_the_build_summary_says_when_other_warnings_fail_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    srcdir = project(tmp_path)
    build_main(["-b", "dummy", "-E", str(srcdir), str(srcdir / "_build")])
    out = capsys.readouterr().out
    assert "sphinx-rri: 3 tasks, 0 gaps, 0 errors (and 1 other warning from the build)" in out


def test_validate_of_one_file_counts_that_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    srcdir = project(tmp_path)
    assert cli_main(["validate", "--no-cache", str(srcdir / "one.md")]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "sphinx-rri: 1 task, 0 gaps, 0 errors"
    assert cli_main(["validate", "--no-cache", str(srcdir)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "sphinx-rri: 3 tasks, 0 gaps, 0 errors"
