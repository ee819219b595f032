"""``rri-gap-report``: the gap matrix rendered inside the built site.

The directive leaves a placeholder node; a post-transform replaces it, at write time,
with tables built from the whole course model, so the report is never older than the
pages it reports on. ``env-get-outdated`` marks every page with a report as outdated
whenever another page is added, changed or removed, so an incremental build rewrites it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from ...outputs.gap_matrix import (
    COMING_SOON,
    COUNTED,
    MISSING,
    NOT_APPLICABLE,
    NOT_EXPECTED,
    SYMBOLS,
    WRITTEN,
    GapMatrix,
    build_matrix,
    part_state,
    stage_name,
)
from ..compat import builder_class
from ..config import settings_from_sphinx
from ..events import RRIEnvData
from ..trees import elements
from .base import recorder_of, rri_label

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


class gap_report(nodes.General, nodes.Element):
    """Placeholder, replaced by tables before any writer sees it."""


class GapReportDirective(SphinxDirective):
    has_content = False
    option_spec: dict[str, Any] = {}

    def run(self) -> list[nodes.Node]:
        recorder = recorder_of(self.env)
        if recorder is not None:
            recorder.page.has_gap_report = True
        node = gap_report()
        self.set_source_info(node)
        return [node]


def _table(headers: list[str], rows: list[list[nodes.Node]], classes: list[str]) -> nodes.table:
    table = nodes.table(classes=["rri-gap-report", *classes])
    group = nodes.tgroup(cols=len(headers))
    table += group
    group.extend(nodes.colspec(colwidth=1) for _ in headers)
    head = nodes.thead()
    row = nodes.row()
    for text in headers:
        row += nodes.entry("", nodes.paragraph(text, text))
    head += row
    group += head
    body = nodes.tbody()
    for cells in rows:
        row = nodes.row()
        for content in cells:
            entry = nodes.entry()
            entry += content
            row += entry
        body += row
    group += body
    return table


def _state(text: str, status: str) -> nodes.paragraph:
    return nodes.paragraph(text, "", nodes.inline(text, text, classes=[f"rri-state-{status}"]))


def _task_link(docname: str, task_id: str, title: str, fromdoc: str) -> nodes.paragraph:
    ref = addnodes.pending_xref(
        "", refdomain="rri", reftype="task", reftarget=task_id, refexplicit=True, refdoc=fromdoc
    )
    ref += nodes.inline(title, title)
    return nodes.paragraph("", "", ref)


#: The label key of each state a cell can show.
STATE_LABELS = {
    WRITTEN: "written",
    COMING_SOON: "coming-soon",
    MISSING: "missing",
    NOT_APPLICABLE: "not-applicable",
    NOT_EXPECTED: "not-expected",
}


def _as_list(headers: list[str], rows: list[list[nodes.Node]], classes: list[str]) -> nodes.Node:
    """The rows of a table as a definition list: each row's first cell as the term, the
    others as "Header: value" on one wrapped line. What text and man pages get, where a
    table of many columns is squeezed to a few characters each."""
    listing = nodes.definition_list(classes=["rri-gap-report", *classes])
    for cells in rows:
        first = cells[0]
        term = nodes.term(
            "", "", *(first.children if isinstance(first, nodes.paragraph) else [first])
        )
        line = " · ".join(f"{h}: {c.astext()}" for h, c in zip(headers[1:], cells[1:], strict=True))
        listing += nodes.definition_list_item(
            "", term, nodes.definition("", nodes.paragraph(line, line))
        )
    return listing


#: Builders that get the report as lists (a terminal's width), and builders whose
#: default engine has no glyphs for the state symbols (pdflatex), which get words only.
LIST_FORMATS = ("text", "man")
WORDS_ONLY_FORMATS = ("latex",)
#: In print, a task's title and a stage's name take more of the line than a state's
#: one or two words (shares of the line, as a colspec's widths are).
PRINT_WIDE, PRINT_NARROW = 5, 3
#: The class of the block around each table in LaTeX: ``sphinxrri.sty`` sets it in a
#: smaller type, so that a course's domains fit the page's width.
PRINT_BLOCK_CLASS = "rri-gap-report"


def _in_print(table: nodes.table, wide: int) -> nodes.container:
    """A table as LaTeX should set it: a ``longtable``, which breaks across pages (a
    ``tabulary`` cannot: a report of many tasks ran into the page's foot and off it),
    with column widths (without them a long table's columns do not wrap, and nine
    columns ran off the page's side), its first ``wide`` columns wider, in a block of
    smaller type."""
    table["classes"] += ["longtable", "colwidths-given"]
    for index, colspec in enumerate(table.findall(nodes.colspec)):
        colspec["colwidth"] = PRINT_WIDE if index < wide else PRINT_NARROW
    return nodes.container("", table, classes=[PRINT_BLOCK_CLASS])


def render_matrix(
    matrix: GapMatrix, fromdoc: str, config: Config, output_format: str = "html"
) -> list[nodes.Node]:
    def text(key: str) -> str:
        return rri_label(config, key)

    def cell(status: str) -> str:
        if output_format in WORDS_ONLY_FORMATS:
            return text(STATE_LABELS[status])
        return f"{SYMBOLS[status]} {text(STATE_LABELS[status])}"

    def layout(headers: list[str], rows: list[list[nodes.Node]], classes: list[str]) -> nodes.Node:
        if output_format in LIST_FORMATS:
            return _as_list(headers, rows, classes)
        table = _table(headers, rows, classes)
        if output_format == "latex":
            # The matrix's task and stage columns; the totals' stage column.
            return _in_print(table, wide=1 if "rri-gap-totals" in classes else 2)
        return table

    headers = [text("task"), text("stage"), text("description"), text("importance")]
    headers += matrix.domains
    rows: list[list[nodes.Node]] = []
    for r in matrix.rows:
        rows.append(
            [
                _task_link(r.docname, r.id, r.title or r.id, fromdoc),
                nodes.paragraph(
                    stage_name(r.stage, r.stage_title), stage_name(r.stage, r.stage_title)
                ),
                *(
                    _state(cell(part_state(r, kind)), part_state(r, kind))
                    for kind in ("description", "importance")
                ),
                *(_state(cell(r.domain_status(d)), r.domain_status(d)) for d in matrix.domains),
            ]
        )
    totals_rows: list[list[nodes.Node]] = []
    for t in [*matrix.stages, matrix.total]:
        name = text("course") if t is matrix.total else stage_name(t.stage, t.title)
        values = [
            name,
            str(t.tasks),
            f"{t.parts_written} / {t.parts_total}",
            *(str(t.examples[state]) for state in COUNTED),
        ]
        totals_rows.append([nodes.paragraph(v, v) for v in values])
    legend = " · ".join(cell(s) for s in (*COUNTED, NOT_EXPECTED))
    return [
        nodes.paragraph(legend, legend, classes=["rri-gap-legend"]),
        layout(headers, rows, ["rri-gap-matrix"]),
        layout(
            [
                text("stage"),
                text("tasks"),
                text("parts-written"),
                text("examples-written"),
                text("coming-soon"),
                text("missing"),
                text("not-applicable"),
            ],
            totals_rows,
            ["rri-gap-totals"],
        ),
    ]


class ResolveGapReports(SphinxPostTransform):
    # Before the references resolver (priority 10), so that the task links resolve.
    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        found = elements(self.document, gap_report)
        if not found:
            return
        matrix = build_matrix(RRIEnvData(self.env).course(), settings_from_sphinx(self.config))
        for node in found:
            node.replace_self(
                render_matrix(matrix, self.env.docname, self.config, builder_class(self.env).format)
            )


def _outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    touched = added | changed | removed
    reports = [name for name, page in RRIEnvData(env).pages.items() if page.has_gap_report]
    return [name for name in reports if touched - {name} and name not in touched]


def setup_gap_report(app: Sphinx) -> None:
    app.add_directive("rri-gap-report", GapReportDirective)
    app.add_node(gap_report)
    app.add_post_transform(ResolveGapReports)
    app.connect("env-get-outdated", _outdated)
