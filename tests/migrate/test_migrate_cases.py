"""One case file per construct: mkdocs Markdown in, the expected MyST out.

A case file (``cases/<name>.md``) reads::

    What the case shows, in a sentence or two (not checked).
    %% path: course/demo-101-1.md          optional; the page's path below docs_dir
    %% whole: yes                          optional; compare the front matter too
    %% review: words of a finding          optional; a finding "to review" must say this
    <<< snippet includes/terms.md          optional, repeatable: a snippet file's text
    ...
    <<< input
    ...the page as written for mkdocs...
    >>> expected
    ...the page convert_page must produce...

Set ``SPHINX_RRI_UPDATE_CASES=1`` to rewrite the expected sections from the current
output (then read the diff: the point of a case is that a person checked it).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sphinx_rri.migrate import convert_page

CASES = Path(__file__).parent / "cases"
#: Files the case pages link to or show, created empty when the cases are built.
ASSETS = ("quadrat.png", "map.png", "form.pdf", "clip.mp4", "clip.png", "briefing.mp3")


@dataclass
class Case:
    name: str
    path: str = "course/demo-101-1.md"
    whole: bool = False
    reviews: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    snippets: dict[str, str] = field(default_factory=dict)
    source: str = ""
    expected: str = ""


def read_case(file: Path) -> Case:
    case = Case(file.stem)
    section: str | None = None
    buffers: dict[str, list[str]] = {}
    for line in file.read_text(encoding="utf-8").splitlines():
        header = re.fullmatch(r"(<<<|>>>) (input|expected|snippet (\S+))", line)
        if header:
            section = header.group(2)
            buffers[section] = []
            continue
        if section is None:
            meta = re.fullmatch(r"%% (\w+): (.*)", line)
            if meta and meta.group(1) == "path":
                case.path = meta.group(2).strip()
            elif meta and meta.group(1) == "whole":
                case.whole = meta.group(2).strip() == "yes"
            elif meta and meta.group(1) == "review":
                case.reviews.append(meta.group(2).strip())
            elif meta and meta.group(1) == "note":
                case.notes.append(meta.group(2).strip())
            continue
        buffers[section].append(line)
    case.source = "\n".join(buffers.get("input", [])) + "\n"
    case.expected = "\n".join(buffers.get("expected", [])) + "\n"
    for key, lines in buffers.items():
        if key.startswith("snippet "):
            case.snippets[key.split(" ", 1)[1]] = "\n".join(lines) + "\n"
    return case


def without_front_matter(text: str) -> str:
    """Most cases are about the body; the front matter has cases of its own."""
    assert text.startswith("---\n")
    end = text.index("\n---\n", 3) + len("\n---\n")
    return text[end:].lstrip("\n")


def write_expected(file: Path, actual: str) -> None:
    text = file.read_text(encoding="utf-8")
    head = text.split("\n>>> expected\n", 1)[0]
    file.write_text(head + "\n>>> expected\n" + actual, encoding="utf-8")


@pytest.mark.parametrize("file", sorted(CASES.glob("*.md")), ids=lambda f: f.stem)
def test_case(file: Path) -> None:
    case = read_case(file)
    result = convert_page(case.source, path=case.path, read_snippet=case.snippets.get)
    actual = result.text if case.whole else without_front_matter(result.text)
    if os.environ.get("SPHINX_RRI_UPDATE_CASES"):
        write_expected(file, actual)
    assert actual == case.expected
    reviews = [f.message for f in result.report.findings if f.review]
    for wanted in case.reviews:
        assert any(wanted in message for message in reviews), (wanted, reviews)
    if not case.reviews:
        assert not reviews, f"unexpected findings to review: {reviews}"
    notes = [f.message for f in result.report.findings if not f.review]
    for wanted in case.notes:
        assert any(wanted in message for message in notes), (wanted, notes)


def test_every_case_file_has_both_sections() -> None:
    files = sorted(CASES.glob("*.md"))
    assert len(files) >= 20
    for file in files:
        text = file.read_text(encoding="utf-8")
        assert "\n<<< input\n" in text and "\n>>> expected\n" in text, file.name


def test_expected_outputs_build_cleanly(tmp_path: Path) -> None:
    """Every expected page is valid MyST for Sphinx, sphinx-design and sphinx-rri.

    The only warnings allowed are the ones a case is about: the next-steps case points two
    steps at a page that does not exist (converted alone, a page cannot know), the links
    case into a chapter that is not there.
    """
    from migrate_helpers import sphinx_build

    from sphinx_rri.migrate.site import render_conf, toctree

    myst: set[str] = set()
    extensions: set[str] = set()
    names = []
    for file in sorted(CASES.glob("*.md")):
        case = read_case(file)
        result = convert_page(case.source, path=case.path, read_snippet=case.snippets.get)
        myst |= result.myst_extensions
        extensions |= result.sphinx_extensions
        (tmp_path / file.name).write_text(result.text, encoding="utf-8")
        names.append(file.stem)
    conf = render_conf(
        {"site_name": "Cases"},
        {},
        myst,
        extensions,
        theme="alabaster",
        css=[],
        logo=None,
        favicon=None,
    )
    (tmp_path / "conf.py").write_text(conf, encoding="utf-8")
    (tmp_path / "index.md").write_text("# Cases\n\n" + toctree(names), encoding="utf-8")
    for image in ASSETS:
        (tmp_path / image).write_bytes(b"")
    for page in ("pcr.md", "glossary.md", "checklist.md"):
        (tmp_path / page).write_text("---\norphan: true\n---\n# Linked page\n", encoding="utf-8")
    result = sphinx_build(tmp_path, tmp_path / "_build")
    assert result.returncode == 0, result.stderr
    unexpected = [
        line
        for line in result.stderr.splitlines()
        if "WARNING" in line
        and not (
            "next-steps.md" in line
            and any(code in line for code in ("[rri.ref]", "[myst.xref_missing]"))
        )
        # links.md points into a chapter the cases do not have, as real pages do.
        and not ("links.md" in line and "[myst.xref_missing]" in line)
        # sphinx-design also registers `step`; sphinx_rri, loaded after it, wins.
        and "[app.add_directive]" not in line
    ]
    assert unexpected == []
