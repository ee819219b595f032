"""The compiled validator (jsonschema-rs) and jsonschema give the same verdicts.

validate asks jsonschema-rs whether a record is valid and asks jsonschema only to explain
an invalid one (``contract/checks.py``). That is only right while the two agree on
every instance: checked here on every record the case files, the course and the docs
produce, and on instances generated for each schema.
"""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_rri.cli import main
from sphinx_rri.contract import checks
from sphinx_rri.contract.config import Settings

ROOT = Path(__file__).resolve().parents[1]
CASES = sorted((ROOT / "tests" / "cases").glob("*.case"))


def verdicts(name: str, instance: Any, project: Settings) -> tuple[bool, bool]:
    fast = checks._fast_validator(name, project)
    assert fast is not None, "jsonschema-rs is a dependency of the package"
    slow = checks._validator(name, project)
    return bool(fast.is_valid(instance)), not any(True for _ in slow.iter_errors(instance))


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, Settings]]:
    seen: list[tuple[str, str, Settings]] = []
    original = checks._schema_errors_of

    def recording(name: str, key: str, project: Settings):  # type: ignore[no-untyped-def]
        seen.append((name, key, project))
        return original.__wrapped__(name, key, project)

    monkeypatch.setattr(checks, "_schema_errors_of", recording)
    return seen


def _write_case(case: Path, root: Path) -> None:
    from test_cases import parse_case, write_project

    files, _ = parse_case(case)
    write_project(root, files)


def test_same_verdicts_on_every_record_of_the_case_files_course_and_docs(
    recorded: list[tuple[str, str, Settings]], tmp_path: Path
) -> None:
    folders = [ROOT / "content", ROOT / "docs"]
    for case in CASES:
        folder = tmp_path / case.stem
        folder.mkdir()
        _write_case(case, folder)
        folders.append(folder)
    for folder in folders:
        with redirect_stdout(io.StringIO()):
            main(["validate", "--no-cache", "-j", "1", str(folder)])
    assert len(recorded) > 100
    invalid = 0
    for name, key, project in recorded:
        instance = json.loads(key)
        fast, slow = verdicts(name, instance, project)
        assert fast == slow, (name, instance)
        invalid += not slow
    assert invalid > 10  # the case files hold many invalid records: both engines see them


json_scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
#: Values near the edges of what the schemas accept.
edge_values = st.sampled_from(
    [
        "",
        " ",
        "x",
        "A Task",
        "a-task",
        "-a",
        "project-design",
        "nowhere",
        "Health care",
        "Elsewhere",
        "coming-soon",
        "published",
        "draft",
        "2026-10-01",
        "2026-13-40",
        "yesterday",
        0,
        1,
        -1,
        [],
        [""],
        ["a"],
        {},
        {"has_content": False},
        [{"has_content": True}, {"has_content": True}],
    ]
)


@cache
def valid_records() -> list[tuple[str, dict[str, Any], Settings]]:
    """Every valid record of the course and the docs: the bases the mutations start from."""
    seen: list[tuple[str, str, Settings]] = []
    original = checks._schema_errors_of

    def recording(name: str, key: str, project: Settings):  # type: ignore[no-untyped-def]
        seen.append((name, key, project))
        return original.__wrapped__(name, key, project)

    checks._schema_errors_of = recording  # type: ignore[assignment]
    try:
        for folder in (ROOT / "content", ROOT / "docs"):
            with redirect_stdout(io.StringIO()):
                main(["validate", "--no-cache", "-j", "1", str(folder)])
    finally:
        checks._schema_errors_of = original
    unique = {(name, key): project for name, key, project in seen}
    return [
        (name, json.loads(key), project)
        for (name, key), project in sorted(unique.items(), key=lambda item: item[0])
        if verdicts(name, json.loads(key), project)[1]
    ]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, dict[str, Any], Settings]:
    bases = valid_records()
    name, base, project = draw(st.sampled_from(bases))
    instance = json.loads(json.dumps(base))
    for _ in range(draw(st.integers(1, 3))):
        keys = sorted(instance)
        action = draw(st.sampled_from(["replace", "replace", "delete", "add", "nested"]))
        if action == "delete" and keys:
            del instance[draw(st.sampled_from(keys))]
        elif action == "add":
            instance[draw(st.sampled_from(["unknown", "titel", "stages", "x"]))] = draw(
                edge_values | json_values
            )
        elif action == "nested" and keys:
            key = draw(st.sampled_from(keys))
            if isinstance(instance[key], dict):
                instance[key][draw(st.sampled_from(["id", "stage", "domains", "x"]))] = draw(
                    edge_values
                )
            elif isinstance(instance[key], list) and instance[key]:
                instance[key][0] = draw(edge_values | json_values)
        elif keys:
            instance[draw(st.sampled_from(keys))] = draw(edge_values | json_values)
    return name, instance, project


def test_the_course_and_docs_give_valid_bases_of_every_schema() -> None:
    names = {name for name, _, _ in valid_records()}
    assert names == {"frontmatter", "task", "example", "next-steps", "callout"}


@settings(max_examples=400, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_same_verdicts_on_mutated_records(drawn: tuple[str, dict[str, Any], Settings]) -> None:
    name, instance, project = drawn
    fast, slow = verdicts(name, instance, project)
    assert fast == slow, (name, instance)


def test_text_the_compiled_validator_cannot_read_goes_to_jsonschema(tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text('extensions = ["sphinx_rri"]\n', "utf-8")
    # A lone surrogate, written as a YAML escape: a Python string, but not Unicode text.
    (tmp_path / "index.md").write_text(
        '---\ntitle: "a\\ud800"\ntrack: rri\nmodule: m\n"\\udc80": 1\n---\n# T\n', "utf-8"
    )
    out = io.StringIO()
    with redirect_stdout(out):
        status = main(["validate", "--no-cache", str(tmp_path)])
    assert status == 1
    assert "unknown front matter key" in out.getvalue()
    assert "index.md:5:" in out.getvalue()
