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
from typing import Any

import pytest
from hypothesis import given
from jsonschema import Draft202012Validator

from sphinx_rri.contract.checks import check_course, check_page
from sphinx_rri.contract.config import Settings
from sphinx_rri.contract.schemas import SCHEMA_NAMES, inline_refs, load_schema
from sphinx_rri.model.diagnostics import Subtype
from sphinx_rri.reader.project import POOL_THRESHOLD, load_project, scan_project
from sphinx_rri.reader.scanner import scan_page
from test_hostile import VALIDATE_EXAMPLES, hostile_settings, myst_pages

SETTINGS = Settings()
ROOT = Path(__file__).resolve().parents[1]

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
        "'sphinx.environment', 'sphinx_rri.sphinxext.events') "
        "or m.startswith('sphinx_rri.migrate.'))\n"
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


def test_the_reader_says_when_pyyaml_would_accept_the_block_without_asking_it() -> None:
    """A build asks PyYAML again (as MyST will) only when the read cannot tell."""
    import yaml

    from sphinx_rri.contract.frontmatter import read_frontmatter

    blocks = {
        "title: T\nlast_reviewed: 2026-01-02\n": True,
        "title: T\nlast_reviewed: 2026-13-45\n": False,  # not a real date
        "title: T\nalias: &a x\nagain: *a\n": True,  # the pure-Python reader read it
        "title: caf\u00e9\n": None,  # libyaml read non-ASCII text: ask PyYAML
        "title:\tT\n": None,
        "title: [unclosed\n": None,  # a problem: MyST is not asked at all
    }
    for body, expected in blocks.items():
        fm = read_frontmatter(f"---\n{body}---\n# T\n")
        assert fm.safe_load_accepts is expected, body
        if expected is not None:
            try:
                yaml.safe_load(body)
                accepted = True
            except Exception:  # what MyST catches: a bad date is a ValueError
                accepted = False
            assert accepted is expected, body


def test_placeholders_are_judged_after_reading_as_validate_judges_them(tmp_path: Path) -> None:
    """The build leaves the placeholder scan until its directives have run; a page whose
    only placeholder text is inside examples is not scanned, and a page with more is
    scanned, so code blocks and comments are left out as ``validate`` leaves them."""
    from sphinx_rri.model.records import PageRecorder
    from sphinx_rri.reader.scanner import placeholders_after_read, prescan_page

    text = (
        CARD.format(n=1).replace("Nurses use it.", "Coming soon.")
        + "\nMore is coming soon.\n\n```text\ncoming soon in code\n```\n"
    )
    prescan = prescan_page(text, "page", "page.md", SETTINGS)
    assert prescan.page.placeholders == [] and len(prescan.candidates) == 3
    scanned = scan_page(text, "page", "page.md", SETTINGS)
    # The directives fill the same page the prescan made (as in a build).
    recorder = PageRecorder(prescan.page)
    for task in scanned.tasks:
        record = recorder.open(task.name, task.line, task.argument, task.options, "x")
        for part in task.parts:
            inner = recorder.open(part.name, part.line, part.argument, part.options, "x")
            for example in getattr(part, "examples", []):
                leaf = recorder.open(example.name, example.line, example.argument, {}, "x")
                recorder.close(leaf, example.end_line)
            recorder.close(inner, part.end_line)
        recorder.close(record, task.end_line)
    found = placeholders_after_read(prescan, prescan.page, text, SETTINGS)
    assert (
        found
        == scanned.placeholders
        == [(text.split("\n").index("More is coming soon.") + 1, "More is coming soon.")]
    )
    only_in_examples = CARD.format(n=1).replace("Nurses use it.", "Coming soon.")
    prescan = prescan_page(only_in_examples, "page", "page.md", SETTINGS)
    assert len(prescan.candidates) == 1
    prescan.page.tasks = scan_page(only_in_examples, "page", "page.md", SETTINGS).tasks
    prescan.page.directive_count = 1
    assert placeholders_after_read(prescan, prescan.page, only_in_examples, SETTINGS) == []


def _token_view(tokens: list[Any]) -> list[tuple[Any, ...]]:
    return [(t.type, t.map, t.info, t.content, t.nesting, t.level, t.markup) for t in tokens]


def test_directive_bodies_read_from_the_page_give_the_tokens_of_a_parse_of_their_own(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """validate reads a directive's body from the page's own lines rather than parsing
    its text again; for every body of the course, the docs, the case files and a
    generated course, the tokens must be those a parse of the body alone gives."""
    counts = _check_bodies(monkeypatch)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import generate

    generated = generate.write_course(tmp_path / "generated", 40, flavour="rri")
    case_pages = []
    for case in sorted((ROOT / "tests" / "cases").glob("*.case")):
        case_pages += [
            chunk.split("\n", 1)[1]
            for chunk in case.read_text(encoding="utf-8").split("=== ")[1:]
            if chunk.split("\n", 1)[0].strip().endswith(".md")
        ]
    for folder in (ROOT / "content", ROOT / "docs", generated):
        for path in sorted(folder.rglob("*.md")):
            scan_page(path.read_text(encoding="utf-8"), "page", "page.md", SETTINGS)
    for text in case_pages:
        scan_page(text, "page", "page.md", SETTINGS)
    assert counts["compared"] > 200 and counts["reused"] > 100, counts


def _check_bodies(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Make every directive body read during the test compare its tokens with those of
    a parse of the body alone; returns the counts of bodies compared and of bodies read
    while the page's block state was at hand."""
    from sphinx_rri.reader import scanner

    original = scanner._body_tokens
    counts = {"compared": 0, "reused": 0}

    def checked(text: str, line_offset: int, ctx: Any, extensions: tuple[str, ...]) -> Any:
        tokens = original(text, line_offset, ctx, extensions)
        fresh = scanner._markdown_parser(extensions).parse(text)
        assert _token_view(tokens) == _token_view(fresh), text
        counts["compared"] += 1
        counts["reused"] += tokens is not None and ctx.state is not None
        return tokens

    monkeypatch.setattr(scanner, "_body_tokens", checked)
    return counts


@hostile_settings(VALIDATE_EXAMPLES, 10)
@given(myst_pages)
def test_hostile_bodies_read_from_the_page_give_the_tokens_of_a_parse_of_their_own(
    text: str,
) -> None:
    """The same, for the generated hostile pages of test_hostile (nested, unclosed and
    indented fences, comments, HTML, options blocks)."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        _check_bodies(monkeypatch)
        scan_page(text, "page", "page.md", SETTINGS)


def test_a_page_parsed_with_its_state_gives_the_tokens_of_markdown_it() -> None:
    from sphinx_rri.reader import scanner

    for path in sorted((ROOT / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        tokens, _state = scanner.parse_page(text, ())
        assert _token_view(tokens) == _token_view(scanner._markdown_parser(()).parse(text))
    assert scanner.parse_page("", ()) == ([], None)
