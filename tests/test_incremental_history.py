"""An incremental build equals a fresh one, whatever the history of the build.

After each step, an incremental HTML build into the same folder is compared with a
fresh build of the same sources: the warnings, ``rri.json``, the card each
``{rri:task}`` link leads to, and ``validate``'s errors.

* Which card a duplicate id's links lead to must not depend on which page was read
  first or again: the card on the page whose name sorts first wins, as in a fresh build.
* A page whose name comes to lead to another file without the file being newer (it
  became a symbolic link to an older file, its link was pointed elsewhere, it became a
  plain copy that kept its date, a link out of the source folder) is read again.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from test_hostile import assert_validate_ok, run_validate
from test_incremental import Project, Result, card, course_page

pytestmark = pytest.mark.timeout(600)

#: A date well before any build of the test: a file with it is never "newer".
OLD = 1_000_000_000


def links(outdir: Path, page: str = "linker") -> list[str]:
    """Where each ``{rri:task}`` link on ``page`` leads (file and anchor)."""
    soup = BeautifulSoup((outdir / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    return [str(a.get("href")) for a in soup.select("a") if "#task-" in str(a.get("href"))]


def same_as_fresh(project: Project, result: Result) -> Result:
    oracle = project.fresh()
    assert result.warnings == oracle.warnings
    assert result.rri == oracle.rri
    assert result.gap_report == oracle.gap_report
    fresh_out = project.root / f"fresh-{project.fresh_count}"
    if (fresh_out / "linker.html").exists():
        assert links(project.outdir) == links(fresh_out)
    assert result.env.domaindata["rri"]["tasks"] == oracle.env.domaindata["rri"]["tasks"]
    gate = run_validate(project.srcdir)
    found = assert_validate_ok(gate, project.srcdir)
    errors = sorted(
        (Path(m["path"]).name, int(m["line"]), m["code"]) for m in found if m["severity"] == "error"
    )
    assert errors == result.warnings
    return oracle


@pytest.fixture(params=[1, 2], ids=["j1", "j2"])
def project(request: pytest.FixtureRequest, tmp_path: Path) -> Project:
    made = Project(tmp_path, request.param)
    made.write("linker.md", course_page("Linker", "\nSee {rri:task}`shared`.\n"))
    return made


def test_a_duplicate_id_leads_to_the_same_card_whatever_was_read_first(project: Project) -> None:
    project.write("mid.md", course_page("Mid", card("shared", "Mid Task")))
    first = project.build()
    same_as_fresh(project, first)
    assert links(project.outdir) == ["mid.html#task-shared"]

    # A page that sorts first takes the id: the new card wins, as in a fresh build.
    project.write("aaa.md", course_page("Aaa", card("shared", "Aaa Task")))
    same_as_fresh(project, project.build())
    assert links(project.outdir) == ["aaa.html#task-shared"]

    # The other page is read again: the winner stays.
    project.edit("mid.md", "Nurses use it.", "Nurses and carers use it.")
    same_as_fresh(project, project.build())
    assert links(project.outdir) == ["aaa.html#task-shared"]

    # The winner is read again, and a third page takes the id: no change of winner.
    project.edit("aaa.md", "Nurses use it.", "Carers use it.")
    project.write("zzz.md", course_page("Zzz", card("shared", "Zzz Task")))
    same_as_fresh(project, project.build())
    assert links(project.outdir) == ["aaa.html#task-shared"]

    # The winner goes: the links lead to the next page's card, though it was not read.
    (project.srcdir / "aaa.md").unlink()
    deleted = project.build()
    assert "mid" not in deleted.reads
    same_as_fresh(project, deleted)
    assert links(project.outdir) == ["mid.html#task-shared"]

    # The winner stops using the id: the last one left wins.
    project.edit("mid.md", ":id: shared", ":id: mid")
    same_as_fresh(project, project.build())
    assert links(project.outdir) == ["zzz.html#task-shared"]


def make_old(path: Path) -> None:
    os.utime(path, (OLD, OLD), follow_symlinks=False)


def replace_with_link(path: Path, target: str | Path) -> None:
    path.unlink()
    path.symlink_to(target)
    make_old(path)


def test_a_page_whose_file_changes_without_being_newer_is_read_again(
    project: Project, tmp_path: Path
) -> None:
    stock = project.srcdir / "stock"
    stock.mkdir()
    for name, task in (("one", "stock-one"), ("two", "stock-two")):
        (stock / f"{name}.txt").write_text(
            course_page(name.title(), card(task, f"{name.title()} Task")), encoding="utf-8"
        )
        make_old(stock / f"{name}.txt")
    outside = tmp_path / "outside.md"
    outside.write_text(course_page("Outside", card("outside", "Outside Task")), encoding="utf-8")
    make_old(outside)
    page = project.srcdir / "alpha.md"

    project.build()

    # 1. The page becomes a link to an older file.
    replace_with_link(page, "stock/one.txt")
    became_link = project.build()
    assert "alpha" in became_link.reads
    same_as_fresh(project, became_link)
    assert ("alpha", "stock-one") in {(t["docname"], t["id"]) for t in became_link.rri["tasks"]}

    # 2. The link is pointed at another older file.
    replace_with_link(page, "stock/two.txt")
    retargeted = project.build()
    assert "alpha" in retargeted.reads
    same_as_fresh(project, retargeted)
    assert ("alpha", "stock-two") in {(t["docname"], t["id"]) for t in retargeted.rri["tasks"]}

    # 3. The link is pointed out of the source folder: refused, its old tasks gone.
    replace_with_link(page, outside)
    left = project.build()
    same_as_fresh(project, left)
    assert all(t["docname"] != "alpha" for t in left.rri["tasks"])
    assert ("alpha.md", 1, "rri.limit") in left.warnings

    # 4. It becomes a plain file again, a copy that kept the old file's date.
    page.unlink()
    shutil.copy2(stock / "one.txt", page)
    copied = project.build()
    assert "alpha" in copied.reads
    same_as_fresh(project, copied)
    assert ("alpha", "stock-one") in {(t["docname"], t["id"]) for t in copied.rri["tasks"]}

    # 5. Another old file is moved over it (a rename keeps the date).
    moved = tmp_path / "moved.md"
    moved.write_text(course_page("Moved", card("moved", "Moved Task")), encoding="utf-8")
    make_old(moved)
    time.sleep(0.01)
    moved.replace(page)
    renamed = project.build()
    assert "alpha" in renamed.reads
    same_as_fresh(project, renamed)
    assert ("alpha", "moved") in {(t["docname"], t["id"]) for t in renamed.rri["tasks"]}

    # 6. Nothing changed: nothing is read.
    assert project.build().reads == set()
