"""What keeps the gates fast and small must not change what they find.

The speed work of the benchmarks (see docs/performance.md) changed where and how often
the checks run: pages are judged where they are read (in validate's pool workers), the
schemas' ``$ref`` are followed once when a validator is made, records that differ only
in their line are validated once, records keep only the text a check reads, and the
command line does not import the Sphinx build or the migration converter to validate. Each test
here pins one of those down against the plain way of doing the same thing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from jsonschema import Draft202012Validator

from sphinx_rri.checks import check_course, check_page
from sphinx_rri.config import Settings
from sphinx_rri.diagnostics import Subtype
from sphinx_rri.project import POOL_THRESHOLD, load_project, scan_project
from sphinx_rri.scanner import scan_page
from sphinx_rri.schemas import SCHEMA_NAMES, inline_refs, load_schema

SETTINGS = Settings()

CARD = """\
---
title: Page {n}
track: rri
module: rri-101
---

# Page {n}

:::::{{task-card}} Task {n}
:id: task-{n}

::::{{task-description}}
What task {n} is.
::::

::::{{task-importance}}
Why it matters.
::::

::::{{illustrative-example}}
:::{{example}} Health care
Nurses use it.
:::

:::{{example}} Marine Biology
Not a configured domain.
:::
::::
:::::

```{{next-steps}}
:choose: 1
```
"""


def test_every_shipped_schema_is_inlined_without_a_ref() -> None:
    for name in SCHEMA_NAMES:
        schema = load_schema(name, stages=("design",), domains=("Health care",))
        assert "$ref" not in json.dumps(inline_refs(schema)), name


def test_inlined_schemas_judge_as_the_originals() -> None:
    instances = [
        ("task", {"line": 1, "title": "", "id": "Bad Id", "stage": "nowhere", "options": {}}),
        ("task", {"line": 1, "title": "T", "id": "t", "description": [{"has_content": False}]}),
        ("example", {"line": 3, "domain": "Marine Biology", "options": {}, "status": "later"}),
        ("frontmatter", {"title": 3, "track": "Not A Slug", "stage": "x", "tilte": "typo"}),
        ("next-steps", {"line": 1, "choose": 0, "steps": [{"line": 2, "title": ""}]}),
    ]
    for name, instance in instances:
        schema = load_schema(name, stages=("design",), domains=("Health care",))
        plain = Draft202012Validator(schema)
        inlined = Draft202012Validator(inline_refs(schema))
        expected = sorted((list(e.absolute_path), e.message) for e in plain.iter_errors(instance))
        found = sorted((list(e.absolute_path), e.message) for e in inlined.iter_errors(instance))
        assert expected, f"{name}: the instance should break a rule"
        assert found == expected, name


def test_a_ref_whose_siblings_clash_is_kept() -> None:
    schema = {
        "$defs": {"short": {"type": "string", "maxLength": 3}},
        "properties": {
            "a": {"$ref": "#/$defs/short", "description": "fine to merge"},
            "b": {"$ref": "#/$defs/short", "maxLength": 10},
        },
    }
    inlined = inline_refs(schema)["properties"]
    assert inlined["a"] == {"type": "string", "maxLength": 3, "description": "fine to merge"}
    assert inlined["b"] == {"$ref": "#/$defs/short", "maxLength": 10}


def test_records_that_differ_only_in_line_are_each_reported_at_their_line() -> None:
    text = "\n".join(CARD.format(n=n) for n in (1,)) + "\n" + CARD.format(n=2).split("---\n")[2]
    page = scan_page(text, "page", "page.md", SETTINGS)
    found = check_page(page, SETTINGS)
    example_errors = [d.line for d in found if d.subtype is Subtype.EXAMPLE]
    examples = [
        e.line
        for task in page.tasks
        for s in task.example_sets
        for e in s.examples
        if e.domain == "Marine Biology"
    ]
    assert len(examples) == 2 and examples[0] != examples[1]
    assert example_errors == examples


def test_records_keep_only_the_text_a_check_reads() -> None:
    page = scan_page(CARD.format(n=1), "page", "page.md", SETTINGS)
    (task,) = page.tasks
    assert task.has_body and task.body == ""
    assert all(part.has_body and part.body == "" for part in task.parts)
    examples = task.example_sets[0].examples
    assert [e.body for e in examples] == ["Nurses use it.", "Not a configured domain."]
    (block,) = page.next_steps
    assert not block.has_body


def test_pool_workers_judge_pages_as_the_main_process_does(tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text('extensions = ["sphinx_rri"]\n', encoding="utf-8")
    for n in range(POOL_THRESHOLD + 10):
        (tmp_path / f"page-{n:03}.md").write_text(CARD.format(n=n), encoding="utf-8")
    project = load_project(tmp_path)
    pooled = scan_project(project, jobs=2)
    assert all(page.findings is not None for page in pooled.pages.values())
    serial = scan_project(project, jobs=1)
    for page in serial.pages.values():
        page.findings = None  # judged again below, in this process
    expected = check_course(serial, project.settings)
    assert expected, "the pages hold errors"
    assert check_course(pooled, project.settings) == expected


def test_validate_imports_neither_the_build_nor_the_converter(tmp_path: Path) -> None:
    """``validate`` borrows Sphinx's pattern matcher (sphinx.util.matching), nothing of
    the build, and describes ``migrate`` without importing the converter."""
    (tmp_path / "conf.py").write_text('extensions = ["sphinx_rri"]\n', encoding="utf-8")
    (tmp_path / "page.md").write_text(CARD.format(n=1), encoding="utf-8")
    script = (
        "import sys\n"
        "from sphinx_rri.cli import main\n"
        f"status = main(['validate', {str(tmp_path)!r}])\n"
        "heavy = sorted(m for m in sys.modules if m in ('sphinx.application', "
        "'sphinx.environment', 'sphinx_rri.build') or m.startswith('sphinx_rri.migrate.'))\n"
        "print('IMPORTED', heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert "error: " in result.stdout, result.stdout + result.stderr
    assert result.stdout.strip().endswith("IMPORTED []"), result.stdout + result.stderr


def test_the_migrate_package_still_offers_its_names_on_demand() -> None:
    import sphinx_rri.migrate as migrate

    assert callable(migrate.convert_page) and callable(migrate.migrate_site)
    assert migrate.REPORT_NAME
