"""validate learns the names other extensions define without running the repository's code.

An extension listed in ``conf.py`` whose top-level package lives in the repository is
never imported, even by a dotted name (``find_spec("pkg.sub")`` imports ``pkg``), and
even when validate runs from the repository's folder, which puts it on the path.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PAGE = "---\ntitle: P\ntrack: rri\nmodule: m\n---\n# P\n\n:::{note}\nText.\n:::\n"


@pytest.mark.parametrize("listed", ["planted", "planted.sub", "planted.sub.deeper"])
def test_a_package_of_the_repository_is_never_imported(tmp_path: Path, listed: str) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    package = repo / "planted"
    (package / "sub").mkdir(parents=True)
    marker = tmp_path / "ran"
    code = f"open({str(marker)!r}, 'w').write('ran')\n"
    (package / "__init__.py").write_text(code, encoding="utf-8")
    (package / "sub" / "__init__.py").write_text(code, encoding="utf-8")
    course = repo / "course"
    course.mkdir()
    (course / "conf.py").write_text(f'extensions = ["sphinx_rri", "{listed}"]\n', encoding="utf-8")
    (course / "index.md").write_text(PAGE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONSAFEPATH"}
    # ``python -m`` puts the working folder, the repository, first on the path.
    done = subprocess.run(
        [sys.executable, "-m", "sphinx_rri", "validate", "--no-cache", "course"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in done.stderr
    assert not marker.exists(), done.stdout + done.stderr
