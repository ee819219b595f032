"""Find the sphinx-rri projects in a repository: ``validate --find-projects``.

The pre-commit hook runs at the repository's root, where there may be no ``conf.py`` at
all (the course lives in ``content/``, next to a ``README.md``), or several (a course
and the project's own docs). A project is a folder whose ``conf.py`` names the
extension ``sphinx_rri``; other Sphinx projects are not courses and are left alone.
In a git working tree only tracked and unignored files count, so nothing in a virtual
environment, a build folder or ``.nox`` is taken for a project.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

#: Folders never searched outside git (or when git cannot answer).
SKIPPED = frozenset({"_build", "build", "dist", "node_modules", "site-packages", "__pycache__"})

#: Largest conf.py looked into, in bytes.
MAX_CONF_BYTES = 1_000_000


def _git_candidates(root: Path) -> list[Path] | None:
    try:
        done = subprocess.run(
            [
                "git",
                "-C",
                str(root),
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
                "--",
                "conf.py",
                "*/conf.py",
            ],
            capture_output=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    names = done.stdout.decode("utf-8", "surrogateescape").split("\0")
    return [root / name for name in names if name]


def _walk_candidates(root: Path) -> list[Path]:
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED)
        if "conf.py" in files:
            found.append(Path(folder) / "conf.py")
    return found


def enables_extension(confpy: Path) -> bool:
    """Whether ``conf.py`` names ``sphinx_rri`` (read as text, never run)."""
    try:
        if confpy.is_symlink() or not confpy.is_file():
            return False
        if confpy.stat().st_size > MAX_CONF_BYTES:
            return False
        text = confpy.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return "sphinx_rri" in text


def find_projects(root: Path) -> list[Path]:
    """The source folders of the sphinx-rri projects at or below ``root``, sorted."""
    candidates = _git_candidates(root)
    if candidates is None:
        candidates = _walk_candidates(root)
    return sorted({c.parent for c in candidates if enables_extension(c)})
