"""The action's summary step: the gap matrix, and what the pull request changes.

Inputs (environment): ``RRI_PATH`` (the source folder, default ``.``), ``RRI_BASE``
(a revision to compare with; default: the pull request's base branch, which the runner
names in ``$GITHUB_BASE_REF``). Writes to ``$GITHUB_STEP_SUMMARY``; the output
``diff-status`` is ``sphinx-rri diff``'s exit status (empty when nothing was compared).
This step reports; failing the job is the validate step's work, so it exits 0 unless
the course cannot be read at all.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import append_summary, sphinx_rri, write_outputs

from sphinx_rri.outputs.markdown import escape


def git(*args: str) -> bool:
    done = subprocess.run(["git", *args], capture_output=True, check=False)
    return done.returncode == 0


def base_revision(base: str) -> str | None:
    """The commit to compare with: ``origin/BASE`` or ``BASE``, fetched when missing."""
    candidates = [f"origin/{base}", base]
    for _ in range(2):
        for candidate in candidates:
            if git("rev-parse", "--verify", "--quiet", f"{candidate}^{{commit}}"):
                return candidate
        # actions/checkout fetches only the merge commit: fetch the base's tip too.
        git(
            "fetch",
            "--no-tags",
            "--depth=1",
            "origin",
            f"+refs/heads/{base}:refs/remotes/origin/{base}",
        )
    return None


def main() -> int:
    path = os.environ.get("RRI_PATH", "").strip() or "."
    report = sphinx_rri("report", path, "--format", "markdown")
    if report.returncode == 2:
        return 1
    append_summary("## Course gaps\n\n" + report.stdout + "\n")
    base = os.environ.get("RRI_BASE", "").strip() or os.environ.get("GITHUB_BASE_REF", "").strip()
    if not base:
        write_outputs({"diff-status": ""})
        return 0
    revision = base_revision(base)
    if revision is None:
        append_summary(
            f"sphinx-rri could not find the base branch {escape(base)} to compare with.\n"
        )
        write_outputs({"diff-status": ""})
        return 0
    diff = sphinx_rri("diff", revision, "HEAD", "--path", path, "--format", "markdown")
    if diff.returncode in (0, 1):
        append_summary(diff.stdout + "\n")
    write_outputs({"diff-status": str(diff.returncode)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
