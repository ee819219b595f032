"""Both gates read the same documents: ``validate``'s list is Sphinx's own discovery.

Each project below is laid out with files Sphinx's discovery treats specially (folders
and files whose names start with a dot, Sphinx's own exclusions, ``exclude_patterns``,
``include_patterns``, ``source_suffix``, the HTML builder's template, static and extra
folders, two files of one docname, a name in decomposed Unicode). The documents
``validate`` lists (``reader.project``) must be those a Sphinx HTML build finds
(``env.found_docs``, from the same files), and a property test draws more layouts.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
import unicodedata
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_rri.reader.project import SPHINX_EXCLUDE_PATHS, load_project

NFD_NAME = unicodedata.normalize("NFD", "café.md")

LAYOUTS = {
    "dot folders and files": (
        "",
        [
            "index.md",
            ".hidden/page.md",
            ".hidden/deeper/page.rst",
            ".page.md",
            ".#lock.md",
            "sub/.#lock.md",
            "sub/_sources/page.md",
            "_sources/top.md",
            "fr.lproj/page.md",
            "sub/page.md",
        ],
    ),
    "exclude and include patterns": (
        'exclude_patterns = ["_build", "**/drafts", "old", "*.rst", "notes/*.md"]\n'
        'include_patterns = ["**/*.md", "**/*.rst", "index*"]\n',
        [
            "index.md",
            "drafts/top.md",
            "a/drafts/deep.md",
            "old/page.md",
            "a/old/page.md",
            "page.rst",
            "a/page.rst",
            "notes/n.md",
            "notes/sub/n.md",
            "plain.txt",
        ],
    ),
    "only some folders included": (
        'include_patterns = ["index.md", "chapters/**"]\n',
        ["index.md", "chapters/one.md", "chapters/sub/two.rst", "other/three.md", "four.md"],
    ),
    "source suffixes": (
        'source_suffix = [".txt", ".rst"]\n',
        ["index.md", "a.txt", "b.rst", "c.md", "d.markdown", "dup.txt", "dup.md", "x.rst.txt"],
    ),
    "one docname, two files": ("", ["index.md", "page.md", "page.rst", "sub/x.rst", "sub/x.md"]),
    "html asset folders": (
        'templates_path = ["_templates"]\nhtml_static_path = ["_static", "media"]\n'
        'html_extra_path = ["extra/files"]\n',
        [
            "index.md",
            "_templates/page.md",
            "_static/page.md",
            "media/a.md",
            "extra/files/robots.md",
            "extra/kept.md",
            "sub/_static/kept.md",
        ],
    ),
    "decomposed unicode name": ("", ["index.md", NFD_NAME, "crème/page.md"]),
}


def lay_out(root: Path, conf: str, names: list[str]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "conf.py").write_text(
        'extensions = ["sphinx_rri"]\nexclude_patterns = ["_build"]\n' + conf, encoding="utf-8"
    )
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# Page\n", encoding="utf-8")


def sphinx_documents(root: Path) -> dict[str, str]:
    """docname -> file (relative) of the documents a Sphinx HTML build of ``root`` finds."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    out = root.parent / f"{root.name}-out"
    # As sphinx-build does: what the app registers with docutils is undone afterwards.
    with contextlib.redirect_stderr(io.StringIO()), patch_docutils(root), docutils_namespace():
        app = Sphinx(
            str(root),
            str(root),
            str(out / "html"),
            str(out / "doctrees"),
            "html",
            status=None,
            warning=io.StringIO(),
            freshenv=True,
        )
        app.env.find_files(app.config, app.builder)
    project = app.env.project
    return {d: Path(project.doc2path(d, absolute=False)).as_posix() for d in app.env.found_docs}


def validate_documents(root: Path) -> dict[str, str]:
    project = load_project(root)
    return {d: p.relative_to(root).as_posix() for d, p in project.documents.items()}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_validate_reads_the_documents_sphinx_reads(layout: str, tmp_path: Path) -> None:
    conf, names = LAYOUTS[layout]
    root = tmp_path / "src"
    lay_out(root, conf, names)
    found = validate_documents(root)
    assert found == sphinx_documents(root)
    assert found, "the layout has documents"


def test_dot_folders_are_read_as_sphinx_reads_them(tmp_path: Path) -> None:
    """A page in a dot-folder is a document of the build: validate reads it too."""
    root = tmp_path / "src"
    lay_out(root, "", ["index.md", ".course/page.md"])
    assert ".course/page" in validate_documents(root)


def test_sphinx_exclusions_are_sphinx_own() -> None:
    from sphinx.project import EXCLUDE_PATHS

    assert list(SPHINX_EXCLUDE_PATHS) == EXCLUDE_PATHS


segment = st.sampled_from(["a", "b", ".dot", "_sources", "x.lproj", "_static", "drafts", "é"])
file_name = st.sampled_from(["p.md", "p.rst", "q.txt", ".#p.md", ".p.md", "index.md", "r.md"])
pattern = st.sampled_from(
    ["_build", "**/drafts", "drafts", "a", "a/*", "**/*.rst", "*.md", "b/**", ".dot", "**/.*"]
)
include = st.sampled_from(["**", "**/*.md", "a/**", "*.md", "index.md", "**/p.*"])


@settings(
    max_examples=25,
    deadline=timedelta(seconds=30),
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(st.tuples(st.lists(segment, max_size=3), file_name), min_size=1, max_size=10),
    st.lists(pattern, max_size=3),
    st.lists(include, min_size=1, max_size=2),
    st.booleans(),
)
def test_drawn_layouts_agree(
    files: list[tuple[list[str], str]], excluded: list[str], included: list[str], txt: bool
) -> None:
    conf = f"exclude_patterns = {excluded!r}\ninclude_patterns = {included!r}\n"
    conf += 'html_static_path = ["_static"]\n'
    if txt:
        conf += 'source_suffix = {".txt": "restructuredtext", ".rst": "restructuredtext"}\n'
    names = sorted({"/".join([*folders, name]) for folders, name in files})
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory) / "src"
        lay_out(root, conf, names)
        assert validate_documents(root) == sphinx_documents(root)
