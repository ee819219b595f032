"""Include options that a case file cannot show: a file in another encoding, tabs read
at another width, and options the parser refuses. Both gates read the same part of the
file (or nothing), at the same lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_cases import build_gate, validate_gate, write_project

HEAD = ":title: Includes\n:track: rri\n:module: rri-101\n\nIncludes\n========\n\n"
MD_HEAD = "---\ntitle: Includes\ntrack: rri\nmodule: rri-101\n---\n# Includes\n\n"


#: Parts of the lines of docutils' messages for an include it refuses.
ALLOWED = [
    "[docutils]",
    "include::",
    "   :",
    "Text not found",
    "invalid literal",
    "option of",
    "Error in",
    "invalid option",
]


def both_gates(
    root: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *,
    refused: bool = False,
) -> list[str]:
    _, validated = validate_gate(root, capsys, monkeypatch)
    # A refused include gets docutils' own message (on several lines), besides ours.
    built = build_gate(root, ALLOWED) if refused else build_gate(root)
    assert validated == built
    return validated


def test_an_include_in_another_encoding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_project(
        tmp_path,
        {
            "page.rst": HEAD + ".. include:: latin.txt\n   :encoding: latin-1\n",
            "page2.md": MD_HEAD + "```{include} latin.txt\n:encoding: latin-1\n```\n",
        },
    )
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 :rri:task:`caf\xe9`\n".encode("latin-1"))
    found = both_gates(tmp_path, capsys, monkeypatch)
    assert found == [
        "latin.txt:1: error: unknown task id 'café' (included from page.rst:8) [rri.ref]"
    ]


CARD_WITH_A_TAB = (
    ".. task-card:: Tabbed\n"
    "\t:id: given-id\n\n"
    "   .. task-description::\n\n      D.\n\n"
    "   .. task-importance::\n\n      I.\n\n"
    "   .. illustrative-example::\n\n      .. example:: Health care\n\n         E.\n"
)


@pytest.mark.parametrize("width", [3, 8])
def test_tab_width_of_an_rst_include(
    width: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """At a width of three the tab is the card's indent and ``:id:`` its option; at
    docutils' default of eight it runs into the title, and the id is the title's."""
    page = HEAD + f".. include:: card.txt\n   :tab-width: {width}\n\nSee :rri:task:`given-id`.\n"
    write_project(tmp_path, {"page.rst": page, "card.txt": CARD_WITH_A_TAB})
    found = both_gates(tmp_path, capsys, monkeypatch)
    refs = [line for line in found if "[rri.ref]" in line]
    if width == 3:
        assert refs == []
    else:
        assert len(refs) == 1
        assert refs[0].startswith("page.rst:11: error: unknown task id 'given-id'")


@pytest.mark.parametrize(
    "options",
    [
        ":start-after: no such text",
        ":end-before: no such text",
        ":start-line: three",
        ":tab-width: wide",
        ":literal:",
        ":code: rst",
    ],
)
def test_an_include_that_reads_no_markup(
    options: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    part = "See :rri:task:`never-read`.\n"
    write_project(
        tmp_path,
        {"page.rst": HEAD + f".. include:: part.txt\n   {options}\n", "part.txt": part},
    )
    refused = "literal" not in options and "code" not in options
    assert both_gates(tmp_path, capsys, monkeypatch, refused=refused) == []
