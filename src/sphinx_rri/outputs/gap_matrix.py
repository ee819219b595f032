"""The gap matrix: every task by its parts and by each configured domain.

Built from the course model only, so the ``rri-gap-report`` directive, ``rri.json`` and
``sphinx-rri report`` show the same facts. Rendered here as Markdown, JSON and a
standalone HTML page; the directive renders it as docutils nodes.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field

from ..contract.checks import example_gap, expected_domains, is_not_applicable
from ..contract.config import PART_NAMES, Settings
from ..model.diagnostics import one_line
from ..model.records import Course, ExampleSet, Page, Task

WRITTEN, COMING_SOON, MISSING = "written", "coming-soon", "missing"
NOT_APPLICABLE, NOT_EXPECTED = "not-applicable", "not-expected"

#: States that count in the totals; "not expected" is a domain the task does not cover.
COUNTED = (WRITTEN, COMING_SOON, MISSING, NOT_APPLICABLE)

#: Shown beside each state so that it never relies on colour alone.
SYMBOLS = {WRITTEN: "✓", COMING_SOON: "…", MISSING: "✗", NOT_APPLICABLE: "⊘", NOT_EXPECTED: "·"}
LABELS = {
    WRITTEN: "written",
    COMING_SOON: "coming soon",
    MISSING: "missing",
    NOT_APPLICABLE: "not applicable",
    NOT_EXPECTED: "not expected",
}


@dataclass
class ExampleState:
    domain: str
    status: str
    line: int


@dataclass
class TaskRow:
    id: str
    title: str
    docname: str
    source: str
    line: int
    stage: str
    parts: dict[str, bool]
    examples: list[ExampleState]
    domains: tuple[str, ...] = ()
    """The domains the task's examples are expected to cover."""
    counted_parts: tuple[str, ...] = ("description", "importance", "examples")
    """The parts that count for this task: the required ones and any it has."""
    stage_title: str = ""

    def domain_status(self, domain: str) -> str:
        for example in self.examples:
            if example.domain == domain:
                return example.status
        return MISSING if domain in self.domains else NOT_EXPECTED


@dataclass
class StageTotals:
    stage: str
    tasks: int = 0
    parts_written: int = 0
    parts_total: int = 0
    examples: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTED, 0))
    title: str = ""


@dataclass
class GapMatrix:
    domains: tuple[str, ...]
    rows: list[TaskRow]
    stages: list[StageTotals]
    total: StageTotals


def examples_expected(task: Task, settings: Settings) -> bool:
    """Whether the task is expected to have examples at all: it has an
    ``illustrative-example``, or ``rri_required_parts`` asks for one."""
    return bool(task.example_sets) or "examples" in settings.required_parts


def task_domains(task: Task, page: Page, settings: Settings) -> tuple[str, ...]:
    """The domains the task's examples are expected to cover (none when it needs none)."""
    return expected_domains(page, task, settings) if examples_expected(task, settings) else ()


def task_examples(task: Task, page: Page, settings: Settings) -> list[ExampleState]:
    """One state per expected domain (in configured order), then any other domain."""
    sets: list[ExampleSet] = task.example_sets
    found: dict[str, ExampleState] = {}
    for example_set in sets:
        for example in example_set.examples:
            if example.domain and example.domain not in found:
                if is_not_applicable(example):
                    status = NOT_APPLICABLE
                else:
                    status = COMING_SOON if example_gap(example, settings) else WRITTEN
                found[example.domain] = ExampleState(example.domain, status, example.line)
    fallback_line = sets[0].line if sets else task.line
    states = [
        found.pop(d, ExampleState(d, MISSING, fallback_line))
        for d in task_domains(task, page, settings)
    ]
    return states + [found[d] for d in sorted(found)]


def task_stage(task: Task, page_stage: object) -> str:
    stage = task.options.get("stage")
    if stage and stage.strip():
        return stage.strip()
    return page_stage if isinstance(page_stage, str) else ""


def build_matrix(course: Course, settings: Settings) -> GapMatrix:
    rows = []
    for page, task in course.tasks():
        parts = {kind: any(part.has_content for part in task.parts_of(kind)) for kind in PART_NAMES}
        stage = task_stage(task, page.meta.get("stage"))
        rows.append(
            TaskRow(
                id=task.id,
                title=task.title,
                docname=page.docname,
                source=page.source,
                line=task.line,
                stage=stage,
                parts=parts,
                examples=task_examples(task, page, settings),
                domains=task_domains(task, page, settings),
                counted_parts=tuple(
                    kind
                    for kind in PART_NAMES
                    if kind in settings.required_parts or task.parts_of(kind)
                ),
                stage_title=settings.stage_title(stage) if stage else "",
            )
        )
    order = {stage: index for index, stage in enumerate(settings.stages)}
    rows.sort(key=lambda r: (order.get(r.stage, len(order)), r.stage, r.docname, r.line))
    by_stage: dict[str, StageTotals] = {}
    total = StageTotals("")
    for row in rows:
        totals = by_stage.setdefault(row.stage, StageTotals(row.stage, title=row.stage_title))
        for bucket in (totals, total):
            bucket.tasks += 1
            bucket.parts_total += len(row.counted_parts)
            bucket.parts_written += sum(row.parts[kind] for kind in row.counted_parts)
            for domain in settings.example_domains:
                status = row.domain_status(domain)
                if status in bucket.examples:
                    bucket.examples[status] += 1
    stages = [by_stage[s] for s in sorted(by_stage, key=lambda s: (order.get(s, len(order)), s))]
    return GapMatrix(settings.example_domains, rows, stages, total)


def matrix_as_data(matrix: GapMatrix) -> dict[str, object]:
    def totals(t: StageTotals) -> dict[str, object]:
        return {
            "stage": t.stage or None,
            "tasks": t.tasks,
            "parts_written": t.parts_written,
            "parts_total": t.parts_total,
            "examples": dict(t.examples),
        }

    return {
        "domains": list(matrix.domains),
        "tasks": [
            {
                "id": r.id,
                "title": r.title,
                "docname": r.docname,
                "line": r.line,
                "stage": r.stage or None,
                "parts": r.parts,
                "domains": list(r.domains),
                "examples": {d: r.domain_status(d) for d in matrix.domains},
            }
            for r in matrix.rows
        ],
        "stages": [totals(t) for t in matrix.stages],
        "total": totals(matrix.total),
    }


def cell(status: str) -> str:
    return f"{SYMBOLS[status]} {LABELS[status]}"


def part_state(row: TaskRow, kind: str) -> str:
    if row.parts[kind]:
        return WRITTEN
    return MISSING if kind in row.counted_parts else NOT_EXPECTED


def part_cell(written: bool) -> str:
    return cell(WRITTEN if written else MISSING)


def stage_name(stage: str, title: str) -> str:
    """A stage as readers see it: its title, else its slug ("-" for none)."""
    return title or stage or "-"


#: ASCII punctuation, every character of which Markdown lets a backslash make literal.
_MD_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def _md_escape(text: str) -> str:
    """Author text as literal Markdown: the report is posted as a pull-request comment,
    where a title must not become a link, an image, emphasis, HTML or a mention. Every
    ASCII punctuation character is escaped with a backslash (CommonMark makes each
    literal), and line breaks and other control characters are written as escapes."""
    return _MD_PUNCTUATION.sub(r"\\\1", one_line(text))


def render_markdown(matrix: GapMatrix) -> str:
    head = ["Task", "Stage", "Description", "Importance", *matrix.domains]
    lines = ["| " + " | ".join(_md_escape(h) for h in head) + " |", "|" + " --- |" * len(head)]
    for r in matrix.rows:
        cells = [
            f"{_md_escape(r.title or r.id)} ({_md_escape(f'{r.source}:{r.line}')})",
            _md_escape(stage_name(r.stage, r.stage_title)),
            cell(part_state(r, "description")),
            cell(part_state(r, "importance")),
            *(cell(r.domain_status(d)) for d in matrix.domains),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "| Stage | Tasks | Parts written | Examples written | Coming soon | Missing "
        "| Not applicable |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for t in [*matrix.stages, matrix.total]:
        name = _md_escape(stage_name(t.stage, t.title)) if t is not matrix.total else "**Course**"
        lines.append(
            f"| {name} | {t.tasks} | {t.parts_written} of {t.parts_total} | "
            f"{t.examples[WRITTEN]} | {t.examples[COMING_SOON]} | {t.examples[MISSING]} | "
            f"{t.examples[NOT_APPLICABLE]} |"
        )
    return "\n".join(lines) + "\n"


def render_json(matrix: GapMatrix) -> str:
    return json.dumps(matrix_as_data(matrix), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def render_html(matrix: GapMatrix) -> str:
    esc = html.escape
    head = ["Task", "Stage", "Description", "Importance", *matrix.domains]
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><title>Gap report</title>',
        "<style>table{border-collapse:collapse}td,th{border:1px solid #999;padding:.3em .6em}"
        ".missing{font-weight:bold}.coming-soon{font-style:italic}</style></head><body>",
        "<h1>Gap report</h1>",
        "<table><thead><tr>"
        + "".join(f'<th scope="col">{esc(h)}</th>' for h in head)
        + "</tr></thead><tbody>",
    ]

    def td(status: str) -> str:
        return f'<td class="{status}">{esc(cell(status))}</td>'

    for r in matrix.rows:
        out.append(
            f'<tr><th scope="row">{esc(r.title or r.id)} '
            f"<small>{esc(r.source)}:{r.line}</small></th>"
            f"<td>{esc(stage_name(r.stage, r.stage_title))}</td>"
            + td(part_state(r, "description"))
            + td(part_state(r, "importance"))
            + "".join(td(r.domain_status(d)) for d in matrix.domains)
            + "</tr>"
        )
    out.append("</tbody></table>")
    out.append(
        "<h2>Totals</h2><table><thead><tr><th>Stage</th><th>Tasks</th><th>Parts written</th>"
        "<th>Examples written</th><th>Coming soon</th><th>Missing</th><th>Not applicable</th>"
        "</tr></thead><tbody>"
    )
    for t in [*matrix.stages, matrix.total]:
        name = "Course" if t is matrix.total else stage_name(t.stage, t.title)
        out.append(
            f'<tr><th scope="row">{esc(name)}</th><td>{t.tasks}</td>'
            f"<td>{t.parts_written} of {t.parts_total}</td><td>{t.examples[WRITTEN]}</td>"
            f"<td>{t.examples[COMING_SOON]}</td><td>{t.examples[MISSING]}</td>"
            f"<td>{t.examples[NOT_APPLICABLE]}</td></tr>"
        )
    out.append("</tbody></table></body></html>")
    return "\n".join(out) + "\n"


RENDERERS = {"markdown": render_markdown, "json": render_json, "html": render_html}
