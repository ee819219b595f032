"""``sphinx-rri diff OLD NEW``: what a change does to the course.

Each side is an ``rri.json`` file, a Sphinx source folder, or a git revision of the
project (read from git's objects, see :mod:`sphinx_rri.reader.revisions`). Both are
brought to the shape of ``rri.json`` and compared: tasks added and removed (by id),
gaps opened and closed, errors introduced and fixed. A gap or an error is the same on
both sides when its page, code and message are: lines move whenever text is added
above them, so they do not take part in the comparison (only in what is shown).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import markdown

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

#: Rows shown per section of the Markdown comment; the rest are counted.
MAX_ROWS = 50


class DiffInputError(Exception):
    """A side of the comparison cannot be read: exit status 2."""


@dataclass
class CourseDiff:
    old_counts: dict[str, int]
    new_counts: dict[str, int]
    tasks_added: list[dict[str, Any]] = field(default_factory=list)
    tasks_removed: list[dict[str, Any]] = field(default_factory=list)
    gaps_opened: list[dict[str, Any]] = field(default_factory=list)
    gaps_closed: list[dict[str, Any]] = field(default_factory=list)
    errors_introduced: list[dict[str, Any]] = field(default_factory=list)
    errors_fixed: list[dict[str, Any]] = field(default_factory=list)

    def fails(self, allow_new_gaps: bool = False) -> bool:
        return bool(self.errors_introduced or (self.gaps_opened and not allow_new_gaps))

    def is_empty(self) -> bool:
        return not any(
            (
                self.tasks_added,
                self.tasks_removed,
                self.gaps_opened,
                self.gaps_closed,
                self.errors_introduced,
                self.errors_fixed,
            )
        )


def _titles_by_page(data: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {}
    for task in data["tasks"]:
        if isinstance(task.get("title"), str) and task["title"]:
            found.setdefault(str(task.get("docname")), []).append((task["title"], task["id"]))
    for titles in found.values():
        titles.sort(key=lambda pair: -len(pair[0]))
    return found


def _key(
    record: dict[str, Any], titles: dict[str, list[tuple[str, str]]] | None = None
) -> tuple[str, ...]:
    """Page, code and message, with the page's task titles in the message replaced by
    the tasks' ids, so that renaming a task changes none of its findings."""
    docname, message = str(record.get("docname")), str(record.get("message"))
    for title, task_id in (titles or {}).get(docname, []):
        message = message.replace(f"'{title}'", f"<task {task_id}>")
    return (docname, str(record.get("code")), message)


def _gap_keys(data: dict[str, Any]) -> list[tuple[tuple[str, ...], dict[str, Any]]]:
    """Each gap with what makes it the same gap on the other side.

    A gap of an example is that task's example for that domain, whatever its message
    says (which names the task's title, and why it is a gap): renaming a task or turning
    a "coming soon" into an empty example neither closes nor opens one. Other gaps are
    their page, code and message.
    """
    at_line: dict[tuple[str, Any], list[tuple[str, ...]]] = {}
    for task in data["tasks"]:
        for example in task.get("examples") or []:
            if isinstance(example, dict) and example.get("status") not in ("written", None):
                place = (str(task.get("docname")), example.get("line"))
                key = ("example", str(task["id"]), str(example.get("domain")))
                at_line.setdefault(place, []).append(key)
    titles = _titles_by_page(data)
    keyed = []
    for record in data["gaps"]:
        candidates = at_line.get((str(record.get("docname")), record.get("line")))
        keyed.append((candidates.pop(0) if candidates else _key(record, titles), record))
    return keyed


def _changed(
    old: list[tuple[tuple[str, ...], dict[str, Any]]],
    new: list[tuple[tuple[str, ...], dict[str, Any]]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(records only in new, records only in old), by key, counting repeats."""
    old_left = Counter(key for key, _ in old)
    new_left = Counter(key for key, _ in new)
    added, removed = [], []
    for key, record in new:
        if old_left[key] > 0:
            old_left[key] -= 1
        else:
            added.append(record)
    for key, record in old:
        if new_left[key] > 0:
            new_left[key] -= 1
        else:
            removed.append(record)
    return added, removed


def _counts(data: dict[str, Any]) -> dict[str, int]:
    return {key: len(data[key]) for key in ("tasks", "gaps", "errors")}


def compare(old: dict[str, Any], new: dict[str, Any]) -> CourseDiff:
    old_ids = {t["id"] for t in old["tasks"]}
    new_ids = {t["id"] for t in new["tasks"]}
    result = CourseDiff(_counts(old), _counts(new))
    result.tasks_added = [t for t in new["tasks"] if t["id"] not in old_ids]
    result.tasks_removed = [t for t in old["tasks"] if t["id"] not in new_ids]
    result.gaps_opened, result.gaps_closed = _changed(_gap_keys(old), _gap_keys(new))
    old_titles, new_titles = _titles_by_page(old), _titles_by_page(new)
    result.errors_introduced, result.errors_fixed = _changed(
        [(_key(r, old_titles), r) for r in old["errors"]],
        [(_key(r, new_titles), r) for r in new["errors"]],
    )
    return result


# --- rendering ---------------------------------------------------------------------


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def as_json(diff: CourseDiff, allow_new_gaps: bool = False) -> str:
    data = {
        "old": diff.old_counts,
        "new": diff.new_counts,
        "tasks_added": diff.tasks_added,
        "tasks_removed": diff.tasks_removed,
        "gaps_opened": diff.gaps_opened,
        "gaps_closed": diff.gaps_closed,
        "errors_introduced": diff.errors_introduced,
        "errors_fixed": diff.errors_fixed,
        "fails": diff.fails(allow_new_gaps),
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _finding_rows(records: list[dict[str, Any]]) -> list[list[str]]:
    return [
        [
            markdown.escape(str(r.get("docname", ""))),
            str(r["line"]) if isinstance(r.get("line"), int) else "",
            markdown.escape(str(r.get("message", ""))),
            markdown.escape(str(r.get("code", ""))),
        ]
        for r in records
    ]


def _task_rows(records: list[dict[str, Any]]) -> list[list[str]]:
    return [
        [
            markdown.escape(str(t.get("title", ""))),
            markdown.escape(str(t.get("id", ""))),
            markdown.escape(str(t.get("docname", ""))),
            markdown.escape(str(t.get("stage") or "")),
        ]
        for t in records
    ]


def _section(title: str, headers: list[str], rows: list[list[str]]) -> list[str]:
    if not rows:
        return []
    lines = ["", f"### {title} ({len(rows)})", ""]
    lines += markdown.table(headers, rows[:MAX_ROWS])
    if len(rows) > MAX_ROWS:
        lines += ["", f"… and {len(rows) - MAX_ROWS:,} more."]
    return lines


def as_markdown(diff: CourseDiff, allow_new_gaps: bool = False) -> str:
    old, new = diff.old_counts, diff.new_counts
    lines = ["## sphinx-rri: what this change does to the course", ""]
    if diff.is_empty():
        lines.append("No task, gap or error was added or removed.")
    else:
        lines.append(
            f"{_plural(len(diff.tasks_added), 'task')} added, {len(diff.tasks_removed)} removed; "
            f"{_plural(len(diff.gaps_opened), 'gap')} opened, {len(diff.gaps_closed)} closed; "
            f"{_plural(len(diff.errors_introduced), 'error')} introduced, "
            f"{len(diff.errors_fixed)} fixed."
        )
    lines += [
        "",
        f"Before: {_plural(old['tasks'], 'task')}, {_plural(old['gaps'], 'gap')}, "
        f"{_plural(old['errors'], 'error')}. After: {_plural(new['tasks'], 'task')}, "
        f"{_plural(new['gaps'], 'gap')}, {_plural(new['errors'], 'error')}.",
    ]
    finding = ["Page", "Line", "Message", "Code"]
    task = ["Task", "Id", "Page", "Stage"]
    lines += _section("Errors introduced", finding, _finding_rows(diff.errors_introduced))
    lines += _section("Gaps opened", finding, _finding_rows(diff.gaps_opened))
    lines += _section("Tasks added", task, _task_rows(diff.tasks_added))
    lines += _section("Tasks removed", task, _task_rows(diff.tasks_removed))
    lines += _section("Gaps closed", finding, _finding_rows(diff.gaps_closed))
    lines += _section("Errors fixed", finding, _finding_rows(diff.errors_fixed))
    if diff.fails(allow_new_gaps):
        lines += ["", "This change adds errors or gaps that the course did not have before."]
    return "\n".join(lines) + "\n"


RENDERERS = {"markdown": as_markdown, "json": as_json}


# --- reading the two sides ------------------------------------------------------------


def _check_shape(data: Any, where: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise DiffInputError(f"{where}: not an rri.json object")
    for key in ("tasks", "gaps", "errors"):
        if not isinstance(data.get(key), list) or not all(
            isinstance(item, dict) for item in data[key]
        ):
            raise DiffInputError(f"{where}: '{key}' is missing or not a list of objects")
    if not all(isinstance(t.get("id"), str) for t in data["tasks"]):
        raise DiffInputError(f"{where}: a task without a string 'id'")
    return data


def _read_json(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise DiffInputError(f"{path}: cannot be read ({err})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise DiffInputError(f"{path}:{err.lineno}: not JSON ({err.msg})") from None
    return _check_shape(data, str(path))


def _project_data(folder: Path, jobs: int | None) -> dict[str, Any]:
    from ..contract.checks import check_course
    from ..reader.project import load_project, scan_project
    from .rri_json import course_data

    # conf.py is read, never run: a revision's conf.py is as untrusted as its pages.
    project = load_project(folder)
    course = scan_project(project, jobs=jobs)
    diagnostics = project.conf_problems + check_course(course, project.settings)
    return course_data(course, project.settings, diagnostics)


def load_side(name: str, source: Path, jobs: int | None = None) -> dict[str, Any]:
    """One side: an rri.json file, a source folder, or a revision of ``source``'s repo."""
    from ..reader.project import ProjectError, find_confpy
    from ..reader.revisions import export_revision, is_revision, repository_root

    candidate = Path(name)
    try:
        if candidate.is_file():
            return _read_json(candidate)
        if candidate.is_dir():
            return _project_data(candidate, jobs)
        repo = repository_root(source)
        if repo is None:
            raise DiffInputError(
                f"{name}: no such file or folder, and {source} is not in a git repository"
            )
        if not is_revision(repo, name):
            raise DiffInputError(f"{name}: no such file or folder, nor a revision of {repo}")
        try:
            srcdir = find_confpy(source.resolve()).parent
        except ProjectError:
            srcdir = source.resolve()
        folder = srcdir.relative_to(repo.resolve()).as_posix()
        with tempfile.TemporaryDirectory(prefix="sphinx-rri-diff-") as tmp:
            copy = export_revision(repo, name, folder, Path(tmp))
            if not (copy / "conf.py").is_file():
                raise DiffInputError(f"{name}: no conf.py in {folder or '.'} at this revision")
            return _project_data(copy, jobs)
    except ProjectError as err:
        raise DiffInputError(f"{name}: {err}") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "old", metavar="OLD", help="an rri.json file, a source folder or a git revision"
    )
    parser.add_argument("new", metavar="NEW", help="the same, for the changed course")
    parser.add_argument("--format", choices=tuple(RENDERERS), default="markdown")
    parser.add_argument(
        "--allow-new-gaps",
        action="store_true",
        help="report gaps that NEW opens without failing on them",
    )
    parser.add_argument(
        "--path",
        type=Path,
        default=Path("."),
        help="for revisions: the Sphinx source folder in the repository (default: .)",
    )
    parser.add_argument("-j", "--jobs", type=int, default=None)


def run(args: argparse.Namespace) -> int:
    try:
        old = load_side(args.old, args.path, args.jobs)
        new = load_side(args.new, args.path, args.jobs)
    except DiffInputError as err:
        print(f"sphinx-rri: {err}", file=sys.stderr)
        return EXIT_USAGE
    diff = compare(old, new)
    sys.stdout.write(RENDERERS[args.format](diff, args.allow_new_gaps))
    return EXIT_FAILED if diff.fails(args.allow_new_gaps) else EXIT_OK
