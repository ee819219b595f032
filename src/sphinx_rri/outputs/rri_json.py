"""``rri.json``: the course model as data for other tools (schema ``schemas/rri.schema.json``).

Written with sorted keys and sorted records, so that two builds of the same sources give
the same bytes.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from ..contract.checks import errors_and_gaps, page_domains
from ..contract.config import Settings
from ..model.diagnostics import Diagnostic
from ..model.records import COMING_SOON, CONTRACT_KEYS, Course, plain_value, resolve_docname
from .gap_matrix import task_domains, task_examples, task_stage

#: Version 2 (contract 1.1) adds to version 1 and changes nothing it wrote: examples'
#: ``status`` may be ``not-applicable``, pages carry ``domains`` (the effective list),
#: tasks carry ``domains`` (the expected ones), and ``stage_titles`` maps stage slugs to
#: the titles readers see.
SCHEMA_VERSION = 2


def course_data(
    course: Course, settings: Settings, diagnostics: list[Diagnostic]
) -> dict[str, Any]:
    pages = []
    for page in course.course_pages():
        entry: dict[str, Any] = {"docname": page.docname, "source": page.source}
        for key in CONTRACT_KEYS:
            entry[key] = plain_value(page.meta.get(key))
        entry["domains"] = list(page_domains(page, settings))
        pages.append(entry)
    tasks = []
    for page, task in course.tasks():
        tasks.append(
            {
                "id": task.id,
                "title": task.title,
                "docname": page.docname,
                "line": task.line,
                "stage": task_stage(task, page.meta.get("stage")) or None,
                "parts": {
                    kind: any(part.has_content for part in task.parts_of(kind))
                    for kind in ("description", "importance", "examples")
                },
                "domains": list(task_domains(task, page, settings)),
                "examples": [
                    {"domain": e.domain, "status": e.status, "line": e.line}
                    for e in task_examples(task, page, settings)
                ],
            }
        )
    blocks = []
    for page in course.course_pages():
        for block in page.next_steps:
            choose = (block.options.get("choose") or "").strip()
            blocks.append(
                {
                    "docname": page.docname,
                    "line": block.line,
                    "choose": int(choose) if choose.isdigit() else None,
                    "steps": [
                        {
                            "title": step.title,
                            "line": step.line,
                            "doc": resolve_docname(page.docname, step.doc) if step.doc else None,
                            "status": COMING_SOON
                            if (step.status or "").strip() == COMING_SOON or not step.doc
                            else "available",
                        }
                        for step in block.steps
                    ],
                }
            )
    errors, gaps = errors_and_gaps(diagnostics)
    return {
        "schema_version": SCHEMA_VERSION,
        "domains": list(settings.example_domains),
        "stages": list(settings.stages),
        "stage_titles": {stage: settings.stage_title(stage) for stage in settings.stages},
        "pages": pages,
        "tasks": tasks,
        "next_steps": blocks,
        "gaps": [d.as_json() for d in gaps],
        "errors": [d.as_json() for d in errors],
    }


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _json_safe(value: Any) -> Any:
    """``value`` with what JSON cannot hold made into what it can: a YAML ``.nan`` or
    ``.inf`` (a float JSON has no literal for) becomes the text the author wrote."""
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf")
    if isinstance(value, dict):
        return {key: _json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(item) for item in value]
    return value


def dumps(data: dict[str, Any]) -> str:
    """rri.json's text: always valid JSON and UTF-8. A lone surrogate (from a YAML
    escape such as ``"\\ud800"``), which UTF-8 cannot encode, is written as its JSON
    escape, so the text stays exactly the author's."""
    text = json.dumps(_json_safe(data), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if _LONE_SURROGATE.search(text):
        text = _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text
