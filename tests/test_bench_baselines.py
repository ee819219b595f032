"""The benchmarks' stand-ins must stay in step with the package they stand in for."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from sphinx_rri.contract.names import CONTRACT_DIRECTIVES

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture
def plain_rri():
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import plain_rri

        yield plain_rri
    finally:
        sys.path.remove(str(BENCHMARKS))


def test_plain_rri_defines_every_contract_directive(plain_rri):
    # a directive the stand-in lacks would be an error in the baseline build, and the
    # baseline would then parse less text than the build it is compared with
    assert set(plain_rri.NAMES) == set(CONTRACT_DIRECTIVES)


def test_plain_rri_reads_a_card_as_containers(plain_rri, tmp_path):
    from sphinx.cmd.build import build_main

    (tmp_path / "conf.py").write_text(
        'extensions = ["myst_parser", "plain_rri"]\nmyst_enable_extensions = ["colon_fence"]\n',
        encoding="utf-8",
    )
    (tmp_path / "index.md").write_text(
        "# Home\n\n::::{task-card} Check the data\n:id: check\n\n"
        ":::{task-description}\nLook at every *column*.\n:::\n::::\n",
        encoding="utf-8",
    )
    out = tmp_path / "_build"
    sys.path.insert(0, str(BENCHMARKS))
    try:
        status = build_main(["-q", "-W", "-b", "html", str(tmp_path), str(out)])
    finally:
        sys.path.remove(str(BENCHMARKS))
    assert status == 0
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "<strong>Check the data</strong>" in html
    assert "<em>column</em>" in html
