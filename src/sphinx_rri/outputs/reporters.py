"""How ``sphinx-rri validate`` prints what it found: text, JSON, GitHub commands or SARIF."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from ..model.diagnostics import Diagnostic, Severity, one_line
from .sarif import sarif_report


def _path(diag: Diagnostic, srcdir: Path) -> str:
    # A file name may hold a line break or a control character: written as escapes, it
    # cannot forge a second diagnostic line or move a terminal's cursor.
    return one_line(_relative(srcdir, diag.source or diag.docname))


@lru_cache(maxsize=4096)
def _relative(srcdir: Path, source: str) -> str:
    """The file's path from the working folder (one page has many diagnostics). The path
    of its folder is worked out once per folder: ``relpath`` of ``folder/name`` is that
    of the folder joined with a plain file name."""
    folder, _, name = source.rpartition("/")
    if name in ("", ".", "..") or os.sep != "/":
        return _relpath(str(srcdir / source))
    base = _folder_path(srcdir, folder)
    if base is None:
        # The working folder is inside the file's folder (it might be inside a folder
        # of the file's name): the general answer.
        return _relpath(str(srcdir / source))
    return name if base == os.curdir else f"{base}/{name}"


@lru_cache(maxsize=1024)
def _folder_path(srcdir: Path, folder: str) -> str | None:
    """The path of a folder of the source folder from the working folder, or None when
    the working folder is inside it (then a file's path cannot be joined to it)."""
    base = _relpath(str(srcdir / folder) if folder else str(srcdir))
    return None if all(part == os.pardir for part in base.split("/")) else base


@lru_cache(maxsize=1024)
def _relpath(full: str) -> str:
    try:
        return os.path.relpath(full)
    except ValueError:  # another drive on Windows
        return full


def text_report(diagnostics: list[Diagnostic], srcdir: Path, summary: str) -> str:
    lines = [
        f"{_path(d, srcdir)}:{d.line}: {d.severity.value}: {d.message} [{d.code}]"
        for d in diagnostics
    ]
    lines.append(summary)
    return "\n".join(lines) + "\n"


def json_report(diagnostics: list[Diagnostic], srcdir: Path, summary: str) -> str:
    def entry(d: Diagnostic) -> dict[str, object]:
        # JSON escapes any character itself: the path is the file's, exactly.
        path = _relative(srcdir, d.source or d.docname)
        return {**d.as_json(), "path": path, "severity": d.severity.value}

    errors = [entry(d) for d in diagnostics if d.severity is Severity.ERROR]
    gaps = [entry(d) for d in diagnostics if d.severity is Severity.GAP]
    return (
        json.dumps({"errors": errors, "gaps": gaps, "summary": summary}, indent=2, sort_keys=True)
        + "\n"
    )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_report(diagnostics: list[Diagnostic], srcdir: Path, summary: str) -> str:
    lines = []
    for d in diagnostics:
        command = "error" if d.severity is Severity.ERROR else "warning"
        props = ",".join(
            [
                f"file={_escape_property(_path(d, srcdir))}",
                f"line={d.line}",
                f"title={_escape_property(d.code)}",
            ]
        )
        lines.append(f"::{command} {props}::{_escape_data(d.message)}")
    lines.append(summary)
    return "\n".join(lines) + "\n"


REPORTERS: dict[str, Callable[[list[Diagnostic], Path, str], str]] = {
    "text": text_report,
    "json": json_report,
    "github": github_report,
    "sarif": sarif_report,
}
