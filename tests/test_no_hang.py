"""Neither gate falls over: each hang or crash class at a size where it would show.

Each test feeds one class of hostile page to ``sphinx-rri validate`` and to a Sphinx
build, at a size where code that is quadratic (or worse) in it would take minutes or
where recursion would exhaust Python's stack, and checks that both finish, give no
traceback, and report the same located findings. The per-test timeout is generous
(pytest-timeout): a hang is a failure, not a benchmark.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from sphinx_rri.contract.checks import check_course
from sphinx_rri.contract.config import Settings
from sphinx_rri.model.records import Course, Page, Task, TaskRef
from test_hostile import (
    CONF,
    assert_build_ok,
    assert_validate_ok,
    run_build,
    run_validate,
)

pytestmark = pytest.mark.timeout(300)

HEAD = "---\ntitle: T\ntrack: rri\nmodule: rri-101\n---\n"
RST_HEAD = ":title: T\n:track: rri\n:module: rri-101\n\nTitle\n=====\n\n"


def project(tmp_path: Path, name: str, text: str, extra: dict[str, str] | None = None) -> Path:
    """A project whose root document is the page ``name``."""
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    stem = name.rsplit(".", 1)[0]
    conf = CONF + 'rri_gaps = "warning"\n' + f"root_doc = {stem!r}\n"
    (srcdir / "conf.py").write_text(conf, encoding="utf-8")
    (srcdir / name).write_text(text, encoding="utf-8")
    for other, content in (extra or {}).items():
        (srcdir / other).write_text(content, encoding="utf-8")
    return srcdir


def findings(
    srcdir: Path,
) -> tuple[list[tuple[str, int, str, str]], list[tuple[str, int, str, str]]]:
    """The rri findings of each gate as (file, line, code, message); neither may crash."""
    checked = assert_validate_ok(run_validate(srcdir), srcdir)
    built = assert_build_ok(run_build(srcdir), srcdir)

    def rri(matches: list[re.Match[str]]) -> list[tuple[str, int, str, str]]:
        return sorted(
            (Path(m["path"]).name, int(m["line"]), m["code"], m["message"])
            for m in matches
            if (m["code"] or "").startswith("rri.")
        )

    return rri(checked), rri(built)


def agree(srcdir: Path) -> list[tuple[str, int, str, str]]:
    from_validate, from_build = findings(srcdir)
    assert from_validate == from_build
    return from_validate


def limit_at(found: list[tuple[str, int, str, str]], line: int, words: str) -> bool:
    return any(f[1] == line and f[2] == "rri.limit" and words in f[3] for f in found)


# -- regular expressions and per-use work ----------------------------------------------------


def test_empty_html_comments_then_text(tmp_path: Path) -> None:
    comments = "<!---->" * 40 + "x"
    text = HEAD + f"# P\n\n{comments}\n\n:::{{illustrative-example}}\n{comments}\n:::\n"
    found = agree(project(tmp_path, "page.md", text))
    stray = "illustrative-example may hold only example directives"
    assert ("page.md", 10, "rri.example", stray) in found


def test_task_roles_holding_a_hundred_thousand_blanks(tmp_path: Path) -> None:
    blanks = " " * 100_000
    text = (
        HEAD
        + f"# P\n\nSee {{rri:task}}`{blanks}x`.\n\nAnd {{rri:task}}`a{blanks}<b{blanks}`.\n\n"
        + f"And {{rri:task}}`t{blanks}<c>`.\n"
    )
    found = agree(project(tmp_path, "page.md", text))
    assert [(f[1], f[3]) for f in found] == [
        (8, "unknown task id 'x'"),
        (10, f"unknown task id 'a{blanks}<b'"),
        (12, "unknown task id 'c'"),
    ]


def test_thousands_of_roles_in_one_paragraph(tmp_path: Path) -> None:
    count = 3000
    roles = "\n".join(f"{{rri:task}}`t{i}` {{rri:tsk}}`t{i}`" for i in range(count))
    found = agree(project(tmp_path, "page.md", HEAD + "# P\n\n" + roles + "\n"))
    assert len([f for f in found if f[2] == "rri.ref"]) == count
    assert len([f for f in found if f[2] == "rri.unknown"]) == count


def test_one_id_on_thousands_of_cards_is_capped(tmp_path: Path) -> None:
    count = 2000
    cards = "".join(":::{task-card} T\n:id: same\n:::\n\n" for _ in range(count))
    srcdir = project(tmp_path, "page.md", HEAD + "# P\n\n" + cards)
    gate = run_validate(srcdir)
    assert_validate_ok(gate, srcdir)
    duplicates = [line for line in gate.out.splitlines() if "[rri.duplicate]" in line]
    assert len(duplicates) == count
    assert all(line.endswith(f"and {count - 4:,} more) [rri.duplicate]") for line in duplicates)
    assert max(len(line) for line in duplicates) < 400  # all places: 2,000 x 40 characters


def test_did_you_mean_is_not_tasks_times_references() -> None:
    """5,000 ids and 5,000 distinct unknown references: one look-up per name, and a
    bounded number of them (all pairs would be 25 million comparisons)."""
    count = 5000
    page = Page(docname="page", source="page.md", meta={"title": "T"})
    page.tasks = [
        Task("task-card", i + 1, f"Task {i}", {"id": f"task-{i:05d}"}) for i in range(count)
    ]
    page.task_refs = [TaskRef(f"tsak-{i:05d}-x", i + 1) for i in range(count)]
    course = Course(pages={"page": page}, docnames=frozenset({"page"}))
    found = [d for d in check_course(course, Settings()) if d.code == "rri.ref"]
    assert len(found) == count
    assert "did you mean 'task-00000'" in found[0].message


# -- depth -------------------------------------------------------------------------------------

DEEP = 3000

DEEP_PAGES = {
    "rst-lists-on-one-line": ("page.rst", RST_HEAD + "- " * DEEP + "x\n", 8),
    "rst-directives-on-one-line": ("page.rst", RST_HEAD + ".. note:: " * DEEP + "x\n", 8),
    "rst-indentation": (
        "page.rst",
        RST_HEAD + "\n\n".join(" " * i + "x" for i in range(DEEP)) + "\n",
        8 + 2 * 51,
    ),
    "myst-nested-emphasis": (
        "page.md",
        HEAD + "# P\n\n" + "*a " * DEEP + "x" + " a*" * DEEP + "\n",
        8,
    ),
    "myst-nested-strong": ("page.md", HEAD + "# P\n\n" + "**" * DEEP + "x" + "**" * DEEP + "\n", 8),
    "myst-deep-eval-rst": (
        "page.md",
        HEAD
        + "# P\n\n```{eval-rst}\n"
        + "".join("   " * i + ".. note::\n\n" for i in range(300))
        + "```\n",
        9 + 2 * 50,
    ),
}


@pytest.mark.parametrize("case", sorted(DEEP_PAGES))
def test_deep_markup_is_a_located_limit_in_both_gates(tmp_path: Path, case: str) -> None:
    name, text, line = DEEP_PAGES[case]
    found = agree(project(tmp_path, name, text))
    assert limit_at(found, line, "rri_max_nesting (50)"), found


@pytest.mark.parametrize(
    "value",
    ["[" * DEEP + "]" * DEEP, "{a: " * DEEP + "1" + "}" * DEEP],
    ids=["flow-sequences", "flow-mappings"],
)
def test_deep_yaml_names_the_limit(tmp_path: Path, value: str) -> None:
    text = f"---\ntitle: T\ntrack: rri\nmodule: rri-101\ntags: {value}\n---\n# P\n"
    found = agree(project(tmp_path, "page.md", text))
    assert limit_at(found, 5, "rri_max_nesting (50)"), found
    assert not any("RecursionError" in f[3] for f in found)


def test_deep_block_yaml_names_the_limit(tmp_path: Path) -> None:
    # One blank per level, to stay within rri_max_frontmatter_bytes.
    levels = 300
    block = "".join(" " * i + f"k{i}:\n" for i in range(levels)) + " " * levels + "v\n"
    text = f"---\ntitle: T\ntrack: rri\nmodule: rri-101\ntags:\n{block}---\n# P\n"
    found = agree(project(tmp_path, "page.md", text))
    assert any(f[2] == "rri.limit" and "rri_max_nesting (50)" in f[3] for f in found), found


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("page.rst", RST_HEAD + ".. include:: page.rst\n"),
        ("page.md", HEAD + "# P\n\n```{include} page.md\n```\n"),
    ],
    ids=["rst", "myst"],
)
def test_a_page_that_includes_itself_is_a_cycle(tmp_path: Path, name: str, text: str) -> None:
    found = agree(project(tmp_path, name, text))
    assert any("includes itself" in f[3] for f in found), found


# -- text that cannot be written ---------------------------------------------------------------


def test_values_json_and_utf8_cannot_hold_keep_rri_json_valid(tmp_path: Path) -> None:
    """A lone surrogate from a YAML escape and YAML's .nan and .inf: rri.json stays valid
    JSON in UTF-8, and validate's outputs can be written."""
    import json

    text = (
        '---\ntitle: "A \\ud800 title"\ntrack: rri\nmodule: rri-101\n'
        "tags: [.nan, .inf, -.inf]\n---\n# P\n\n:::{task-card} Card \\ud800\n:::\n"
    )
    srcdir = project(tmp_path, "page.md", text)
    built = run_build(srcdir, "html")
    assert_build_ok(built, srcdir)
    data = json.loads((srcdir / "_build" / "html" / "rri.json").read_bytes().decode("utf-8"))
    page = data["pages"][0]
    assert page["title"] == "A \ud800 title"
    assert page["tags"] == [".nan", ".inf", "-.inf"]
    gate = run_validate(srcdir)
    assert_validate_ok(gate, srcdir)
    gate.out.encode("utf-8")
    json_gate = run_validate("--format", "json", srcdir)
    json.loads(json_gate.out)


@pytest.mark.parametrize(
    "name",
    ["line\nbreak.md", "bell\x07.md", os.fsdecode(b"latin-\xe9.md")],
    ids=["newline", "control", "not-utf8"],
)
def test_file_names_cannot_forge_or_garble_a_line(tmp_path: Path, name: str) -> None:
    srcdir = project(
        tmp_path, "index.md", HEAD + "# Index\n", {name: HEAD + ":::{task-crad}\n:::\n"}
    )
    gate = run_validate(srcdir)
    lines = gate.out.splitlines()
    if "\n" in name:
        # Sphinx's patterns never match a name with a line break, so it is no document
        # of the build, nor of validate (which lists documents as Sphinx does).
        assert lines == ["sphinx-rri: 0 tasks, 0 gaps, 0 errors"], gate.out
        return
    assert len(lines) == 2, gate.out  # one diagnostic and the summary: nothing forged
    assert lines[0].endswith(
        "error: unknown directive 'task-crad' (did you mean 'task-card'?) [rri.unknown]"
    )
    assert lines[0].isprintable()
    lines[0].encode("utf-8")
