"""rri.json version 2 changes nothing a version 1 consumer reads.

``tests/roots/rri-json-v1`` is a version 1 project, frozen, and
``tests/regression/rri-json-v1/`` holds what version 1 of sphinx-rri wrote for it
(``rri.json``) and the schema it was written against. A fresh build must write every
field of that file with the same value, and validate against the old schema once its
version number is allowed to move on.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from sphinx.cmd.build import build_main

from sphinx_rri.contract.schemas import raw_schema

HERE = Path(__file__).parent
ROOT = HERE / "roots" / "rri-json-v1"
FROZEN = HERE / "regression" / "rri-json-v1"


def project_onto(old: Any, new: Any) -> Any:
    """``new`` cut down to the shape of ``old``: only the keys ``old`` has, recursively.

    A key of ``old`` that ``new`` lacks, or a list of another length, is kept as it is in
    ``new`` so that the comparison fails and names it."""
    if isinstance(old, dict) and isinstance(new, dict):
        return {k: project_onto(v, new[k]) if k in new else None for k, v in old.items()}
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [project_onto(o, n) for o, n in zip(old, new, strict=True)]
    return new


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("v1") / "rri"
    assert build_main(["-q", "-E", "-b", "rri", str(ROOT), str(out)]) == 0
    data: dict[str, Any] = json.loads((out / "rri.json").read_text(encoding="utf-8"))
    return data


def test_every_version_1_field_keeps_its_value(fresh: dict[str, Any]) -> None:
    old = json.loads((FROZEN / "rri.json").read_text(encoding="utf-8"))
    assert old["schema_version"] == 1 and fresh["schema_version"] == 2
    projected = project_onto(old, fresh)
    projected["schema_version"] = 1
    assert projected == old


def test_version_2_output_passes_the_version_1_schema_but_for_the_version(
    fresh: dict[str, Any],
) -> None:
    old_schema = json.loads((FROZEN / "rri.schema.json").read_text(encoding="utf-8"))
    relaxed = copy.deepcopy(old_schema)
    relaxed["properties"]["schema_version"] = {"type": "integer", "minimum": 1}
    Draft202012Validator(relaxed).validate(fresh)
    Draft202012Validator(raw_schema("rri")).validate(fresh)


def test_the_comparison_catches_a_changed_field(fresh: dict[str, Any]) -> None:
    # The projection must not hide a change: alter one version 1 field and it shows.
    old = json.loads((FROZEN / "rri.json").read_text(encoding="utf-8"))
    changed = copy.deepcopy(fresh)
    changed["tasks"][0]["examples"][0]["status"] = "not-applicable"
    projected = project_onto(old, changed)
    projected["schema_version"] = 1
    assert projected != old
    removed = copy.deepcopy(fresh)
    del removed["pages"][0]["title"]
    assert project_onto(old, removed)["pages"][0]["title"] is None
