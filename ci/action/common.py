"""What the action's steps share: running sphinx-rri and writing to the runner's files.

The steps run with the Python that the action installed sphinx-rri into, and read
their inputs from environment variables that ``action.yml`` sets (never from text
pasted into a shell command, so an input cannot run code).
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path


def sphinx_rri(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``sphinx-rri ARGS`` with this Python; standard error goes to the log."""
    return subprocess.run(
        [sys.executable, "-m", "sphinx_rri", *args],
        stdout=subprocess.PIPE,
        stderr=None,
        text=True,
        check=False,
    )


def flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("true", "1", "yes")


def write_outputs(values: dict[str, str]) -> None:
    """Append step outputs to ``$GITHUB_OUTPUT`` (with a delimiter no value contains)."""
    target = os.environ.get("GITHUB_OUTPUT")
    if not target:
        return
    with Path(target).open("a", encoding="utf-8") as out:
        for name, value in values.items():
            delimiter = f"RRI_{secrets.token_hex(8)}"
            out.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")


def append_summary(markdown: str) -> None:
    """Append Markdown to the job summary (``$GITHUB_STEP_SUMMARY``), else print it."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        sys.stdout.write(markdown)
        return
    with Path(target).open("a", encoding="utf-8") as out:
        out.write(markdown)
