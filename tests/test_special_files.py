"""Pages that are not regular files: refused at their first line, never opened.

Opening a named pipe (FIFO) waits for a writer for ever, and a device may never end.
Sphinx reads the root document whatever an extension says, so a FIFO root document
hung the build. Each page here is a FIFO, a device or a link to one, as the root
document or as any other page, in MyST and in reStructuredText: both gates give the same
located error and finish, under a hard time limit (a hang fails the test).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from test_hostile import (
    CONF,
    Gate,
    assert_build_ok,
    assert_validate_ok,
    run_build,
    run_validate,
    time_limit,
)

pytestmark = pytest.mark.timeout(120)

HEAD = "---\ntitle: T\ntrack: rri\nmodule: rri-101\n---\n"
REFUSED = "page is not a regular file; not read"


def make_special(path: Path, kind: str) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        try:  # the same device as /dev/null, made inside the project
            os.mknod(path, stat.S_IFCHR | 0o644, os.makedev(1, 3))
        except PermissionError:
            pytest.skip("making a device needs root")
    elif kind == "link-to-fifo":
        target = path.with_name("pipe")
        os.mkfifo(target)
        path.symlink_to(target.name)
    else:
        raise AssertionError(kind)


def project(tmp_path: Path, special: str, kind: str, others: int = 0) -> Path:
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    stem, suffix = special.rsplit(".", 1)
    conf = CONF + f"root_doc = {('index' if stem != 'index' else stem)!r}\n"
    if suffix == "rst" or stem == "index":
        conf += 'source_suffix = {".md": "markdown", ".rst": "restructuredtext"}\n'
    (srcdir / "conf.py").write_text(conf, encoding="utf-8")
    if stem != "index":
        index = "# Index\n\n```{toctree}\n:glob:\n\n*\n```\n"
        (srcdir / "index.md").write_text(index, encoding="utf-8")
    for number in range(others):
        (srcdir / f"other-{number}.md").write_text(HEAD + f"# Other {number}\n", encoding="utf-8")
    make_special(srcdir / special, kind)
    return srcdir


def rri_lines(gate: Gate, srcdir: Path, *, build: bool) -> list[str]:
    found = assert_build_ok(gate, srcdir) if build else assert_validate_ok(gate, srcdir)
    return sorted(
        f"{Path(m['path']).name}:{m['line']}: {m['message']}"
        for m in found
        if (m["code"] or "").startswith("rri.")
    )


@pytest.mark.parametrize("jobs", [1, 2], ids=["j1", "j2"])
@pytest.mark.parametrize("kind", ["fifo", "device", "link-to-fifo"])
@pytest.mark.parametrize("special", ["index.md", "index.rst", "page.md", "page.rst"])
def test_a_page_that_is_not_a_file_is_refused_by_both_gates(
    tmp_path: Path, special: str, kind: str, jobs: int
) -> None:
    srcdir = project(tmp_path, special, kind, others=6 if jobs > 1 else 0)
    with time_limit(30, "sphinx-rri validate"):
        checked = run_validate(srcdir)
    with time_limit(60, "sphinx-build"):
        built = run_build(srcdir, "html", jobs=jobs)
    expected = [f"{special}:1: {REFUSED}"]
    assert rri_lines(checked, srcdir, build=False) == expected
    assert rri_lines(built, srcdir, build=True) == expected
    assert checked.status == 1
    # Nothing of the file is copied into the site.
    assert not (srcdir / "_build" / "html" / "_sources" / f"{special}.txt").exists()


# -- names that are not one line of text -----------------------------------------------------


@pytest.mark.parametrize(
    "name",
    # (A name with a line break is no document of Sphinx's: neither gate reads it.)
    ["a::error file=x::forged\rb.md", "bell\x07.md", os.fsdecode(b"latin-\xe9.md")],
    ids=["carriage-return", "control", "not-utf8"],
)
def test_each_format_keeps_an_odd_file_name_to_one_entry(tmp_path: Path, name: str) -> None:
    import json

    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(CONF, encoding="utf-8")
    (srcdir / "index.md").write_text("# Index\n", encoding="utf-8")
    (srcdir / name).write_text(HEAD + "# P\n\n:::{task-crad}\n:::\n", encoding="utf-8")
    github = run_validate("--format", "github", srcdir).out.splitlines()
    assert len(github) == 2 and github[0].startswith("::error file=")  # nothing forged
    assert github[0].count("::") == 2
    data = json.loads(run_validate("--format", "json", srcdir).out)
    (error,) = data["errors"]
    # JSON escapes what it must itself: the path is the file's own.
    assert Path(error["path"]).name == name
    assert os.path.lexists(error["path"])
