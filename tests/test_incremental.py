"""Incremental builds stay right: edit, add, rename and delete pages between builds.

A small project is built once and then changed one step at a time, each step followed
by an incremental HTML build into the same output folder. After every step:

* only the pages that need it were read again (a ``source-read`` hook in ``conf.py``
  logs each page read): the changed or added pages, the page with the gap report (it
  lists every page, so it is rebuilt whenever another page changes) and the page whose
  ``:glob:`` toctree gains or loses an entry;
* the environment (``<outdir>/.doctrees/environment.pickle``) holds one ``rri_pages``
  entry per document and the ``rri`` domain knows exactly the tasks on the pages;
* ``rri.json``, the gap report page and the environment's course model are the same
  as those of a fresh build of the same sources (the oracle);
* duplicate task ids are reported at both places while they exist and not after, and
  a role whose task was deleted is reported even though its page was not read again.

Every step runs with ``-j 1`` and with ``-j 2`` (the first build has enough pages for
Sphinx to read them in two processes and merge the environments).
"""

from __future__ import annotations

import json
import os
import pickle
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from test_hostile import assert_build_ok, assert_validate_ok, run_build, run_validate

CONF = """\
import os

extensions = ["sphinx_rri"]
exclude_patterns = ["_build"]

READS = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "reads.log")


def setup(app):
    def log_read(app, docname, source):
        with open(READS, "a", encoding="utf-8") as log:
            log.write(docname + "\\n")

    app.connect("source-read", log_read)
"""

INDEX = "# Course\n\n```{toctree}\n:glob:\n\n*\n```\n"


def card(task_id: str, title: str, health: str = "Nurses use it.") -> str:
    return f"""
:::::{{task-card}} {title}
:id: {task_id}

::::{{task-description}}
What {title} is.
::::

::::{{task-importance}}
Why {title} matters.
::::

::::{{illustrative-example}}
:::{{example}} Health care
{health}
:::

:::{{example}} Environmental Sciences
Rangers use it.
:::
::::
:::::
"""


def course_page(title: str, body: str) -> str:
    return f'---\ntitle: "{title}"\ntrack: rri\nmodule: rri-101\n---\n\n# {title}\n{body}'


PAGES = {
    "index.md": INDEX,
    "alpha.md": course_page("Alpha", card("alpha", "Alpha Task")),
    "beta.md": course_page("Beta", card("beta", "Beta Task") + "\nSee {rri:task}`alpha`.\n"),
    "report.md": course_page("Report", "\n:::{rri-gap-report}\n:::\n"),
    "plain.md": "# Plain\n\nNot a course page.\n",
    "notes-1.md": "# Notes 1\n\nText.\n",
    "notes-2.md": "# Notes 2\n\nText.\n",
}

WARNING = re.compile(
    r"^(?P<path>[^:\n]+):(?P<line>\d+): WARNING: (?P<message>.*) \[(?P<code>rri\.\w+)\]$"
)


@dataclass
class Result:
    reads: set[str]
    warnings: list[tuple[str, int, str]]
    """(file name, line, code) of each sphinx-rri warning."""
    rri: dict[str, Any]
    env: Any
    gap_report: list[list[str]]


def gap_report_rows(outdir: Path) -> list[list[str]]:
    soup = BeautifulSoup((outdir / "report.html").read_text(encoding="utf-8"), "html.parser")
    table = soup.select_one("table.rri-gap-matrix")
    assert table is not None
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in table.select("tbody tr")
    ]


class Project:
    """A project on disk, built incrementally into one folder."""

    def __init__(self, root: Path, jobs: int) -> None:
        self.root = root
        self.srcdir = root / "src"
        self.outdir = root / "html"
        self.jobs = jobs
        self.srcdir.mkdir(parents=True)
        (self.srcdir / "conf.py").write_text(CONF, encoding="utf-8")
        for name, text in PAGES.items():
            self.write(name, text)
        self.fresh_count = 0

    def write(self, name: str, text: str) -> None:
        path = self.srcdir / name
        path.write_text(text, encoding="utf-8")
        # A saved file is newer than the last read, even on a coarse clock.
        later = time.time_ns() + 2_000_000
        os.utime(path, ns=(later, later))

    def edit(self, name: str, old: str, new: str) -> None:
        text = (self.srcdir / name).read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        self.write(name, text.replace(old, new))

    def build(self, outdir: Path | None = None, fresh: bool = False) -> Result:
        outdir = outdir or self.outdir
        log = self.root / "reads.log"
        log.unlink(missing_ok=True)
        gate = run_build(self.srcdir, "html", outdir=outdir, jobs=self.jobs, fresh=fresh)
        assert_build_ok(gate, self.srcdir)
        assert gate.status == 0, gate.err
        warnings = []
        for chunk in gate.err_chunks:
            match = WARNING.match(chunk.strip())
            if match:
                warnings.append((Path(match["path"]).name, int(match["line"]), match["code"]))
            else:
                assert not chunk.strip(), f"unexpected output: {chunk!r}"
        reads = set(log.read_text(encoding="utf-8").split()) if log.exists() else set()
        with (outdir / ".doctrees" / "environment.pickle").open("rb") as handle:
            env = pickle.load(handle)
        rri = json.loads((outdir / "rri.json").read_text(encoding="utf-8"))
        return Result(reads, sorted(warnings), rri, env, gap_report_rows(outdir))

    def fresh(self) -> Result:
        """The oracle: a fresh build of the same sources into a folder of its own."""
        self.fresh_count += 1
        return self.build(self.root / f"fresh-{self.fresh_count}", fresh=True)


def check(project: Project, result: Result, reads: set[str]) -> Result:
    """The checks after every step; returns the fresh build to compare details with."""
    assert result.reads == reads
    env = result.env
    assert sorted(env.rri_pages) == sorted(env.found_docs)
    assert all(page.docname == name for name, page in env.rri_pages.items())
    on_pages = {task.id: name for name, page in env.rri_pages.items() for task in page.tasks}
    in_domain = {task_id: entry[0] for task_id, entry in env.domaindata["rri"]["tasks"].items()}
    duplicated = {w for w in result.warnings if w[2] == "rri.duplicate"}
    if not duplicated:
        assert in_domain == on_pages
    else:
        assert set(in_domain) == set(on_pages)
    oracle = project.fresh()
    assert result.rri == oracle.rri
    assert result.gap_report == oracle.gap_report
    assert result.warnings == oracle.warnings
    assert env.rri_pages == oracle.env.rri_pages
    # validate agrees with the build about the errors.
    gate = run_validate(project.srcdir)
    found = assert_validate_ok(gate, project.srcdir)
    from_validate = sorted(
        (Path(m["path"]).name, int(m["line"]), m["code"]) for m in found if m["severity"] == "error"
    )
    assert from_validate == result.warnings
    return oracle


def task_ids(result: Result) -> list[tuple[str, str]]:
    return sorted((t["docname"], t["id"]) for t in result.rri["tasks"])


@pytest.fixture(params=[1, 2], ids=["j1", "j2"])
def project(request: pytest.FixtureRequest, tmp_path: Path) -> Project:
    return Project(tmp_path, request.param)


def test_edit_add_rename_delete(project: Project) -> None:
    everything = {name.removesuffix(".md") for name in PAGES}

    # 1. The first build reads every page.
    first = project.build()
    check(project, first, everything)
    assert task_ids(first) == [("alpha", "alpha"), ("beta", "beta")]
    assert first.warnings == []
    assert [row[0] for row in first.gap_report] == ["Alpha Task", "Beta Task"]

    # 2. Nothing changed: nothing is read.
    check(project, project.build(), set())

    # 3. Edit a page: it and the gap report are read again, nothing else.
    project.edit("alpha.md", "Nurses use it.", ":status: coming-soon")
    project.edit("alpha.md", "Alpha Task", "Alpha Renamed")
    edited = project.build()
    check(project, edited, {"alpha", "report"})
    (alpha,) = [t for t in edited.rri["tasks"] if t["id"] == "alpha"]
    assert alpha["title"] == "Alpha Renamed"
    assert {e["domain"]: e["status"] for e in alpha["examples"]}["Health care"] == "coming-soon"
    assert edited.gap_report[0][0] == "Alpha Renamed"
    assert "coming soon" in edited.gap_report[0][4].lower()
    assert edited.env.rri_pages["alpha"].tasks[0].title == "Alpha Renamed"

    # 4. Add a page that reuses the id "beta": both places are reported.
    project.write("delta.md", course_page("Delta", "\nSome text.\n" + card("beta", "Delta Task")))
    added = project.build()
    check(project, added, {"delta", "index", "report"})
    assert [w for w in added.warnings if w[2] == "rri.duplicate"] == [
        ("beta.md", 9, "rri.duplicate"),
        ("delta.md", 11, "rri.duplicate"),
    ]
    assert {(e["docname"], e["code"]) for e in added.rri["errors"]} == {
        ("beta", "rri.duplicate"),
        ("delta", "rri.duplicate"),
    }
    assert "delta" in added.env.rri_pages

    # 5. Rename it: the old name is gone everywhere, the duplicate follows the new name.
    (project.srcdir / "delta.md").rename(project.srcdir / "epsilon.md")
    renamed = project.build()
    check(project, renamed, {"epsilon", "index", "report"})
    assert "delta" not in renamed.env.rri_pages and "epsilon" in renamed.env.rri_pages
    assert [w[0] for w in renamed.warnings if w[2] == "rri.duplicate"] == ["beta.md", "epsilon.md"]
    assert all(p["docname"] != "delta" for p in renamed.rri["pages"])
    assert ("epsilon", "beta") in task_ids(renamed)

    # 6. Delete it: the duplicate is gone, though beta.md was not read again.
    (project.srcdir / "epsilon.md").unlink()
    deleted = project.build()
    check(project, deleted, {"index", "report"})
    assert deleted.warnings == []
    assert task_ids(deleted) == [("alpha", "alpha"), ("beta", "beta")]
    assert deleted.env.domaindata["rri"]["tasks"]["beta"][0] == "beta"

    # 7. Delete the page a role points to: the role is reported where it is written.
    alpha_text = (project.srcdir / "alpha.md").read_text(encoding="utf-8")
    (project.srcdir / "alpha.md").unlink()
    orphaned = project.build()
    check(project, orphaned, {"index", "report"})
    assert orphaned.warnings == [("beta.md", 31, "rri.ref")]
    assert "alpha" not in orphaned.env.domaindata["rri"]["tasks"]
    assert [row[0] for row in orphaned.gap_report] == ["Beta Task"]

    # 8. Bring it back: the role resolves again.
    project.write("alpha.md", alpha_text)
    restored = project.build()
    check(project, restored, {"alpha", "index", "report"})
    assert restored.warnings == []

    # 9. Edit a page that is not a course page.
    project.edit("plain.md", "Not a course page.", "Still not a course page.")
    check(project, project.build(), {"plain", "report"})


def task_links(project: Project, outdir: Path | None = None) -> list[str]:
    """The text of each link from beta.html to the task ``alpha``."""
    page = (outdir or project.outdir) / "beta.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [a.get_text() for a in soup.select("a") if "#task-alpha" in (a.get("href") or "")]


def test_a_page_that_links_a_task_shows_its_new_title(project: Project) -> None:
    """The link text of ``{rri:task}`` is the task's title, also after the title changes.

    beta.md need not be read again, but it must be written again, as a fresh build
    writes it (Sphinx's ``env-get-updated`` event is the way to ask for that).
    """
    project.build()
    assert task_links(project) == ["Alpha Task"]
    project.edit("alpha.md", "Alpha Task", "Alpha Renamed")
    result = project.build()
    assert "beta" not in result.reads
    assert task_links(project) == ["Alpha Renamed"]


def test_a_page_that_links_a_deleted_task_no_longer_links_it(project: Project) -> None:
    project.build()
    (project.srcdir / "alpha.md").unlink()
    result = project.build()
    assert result.warnings == [("beta.md", 31, "rri.ref")]
    oracle = project.fresh()
    assert task_links(project, project.root / f"fresh-{project.fresh_count}") == []
    assert oracle.warnings == result.warnings
    assert task_links(project) == [], "beta.html still links to the deleted task"


def test_an_error_fixed_in_one_page_clears_the_duplicate_on_the_other(project: Project) -> None:
    project.write("gamma.md", course_page("Gamma", card("alpha", "Gamma Task")))
    first = project.build()
    assert [w[0] for w in first.warnings if w[2] == "rri.duplicate"] == ["alpha.md", "gamma.md"]
    project.edit("gamma.md", ":id: alpha", ":id: gamma")
    fixed = project.build()
    check(project, fixed, {"gamma", "report"})
    assert fixed.warnings == []
    assert task_ids(fixed) == [("alpha", "alpha"), ("beta", "beta"), ("gamma", "gamma")]


def test_an_unchanged_page_keeps_its_errors_and_a_config_change_judges_it_again(
    project: Project,
) -> None:
    """Each page is judged where it is read and keeps its findings in the environment:
    a page that is not read again is still reported, and changing an ``rri_*`` value
    reads (and so judges) every page again instead of reusing stale findings."""
    project.edit("alpha.md", "Environmental Sciences", "Marine Biology")
    first = project.build()
    assert first.warnings == [("alpha.md", 25, "rri.example")]
    assert first.env.rri_pages["alpha"].findings is not None

    project.edit("beta.md", "Beta Task", "Beta Renamed")
    second = project.build()
    check(project, second, {"beta", "report"})
    assert second.warnings == first.warnings, "alpha.md was not read, but its error stays"

    conf = project.srcdir / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8")
        + '\nrri_example_domains = ["Health care", "Marine Biology"]\n',
        encoding="utf-8",
    )
    reconfigured = project.build()
    assert "alpha" in reconfigured.reads
    assert [w for w in reconfigured.warnings if w[0] == "alpha.md"] == []
    assert ("beta.md", 25, "rri.example") in reconfigured.warnings


def test_a_page_that_links_a_task_is_not_written_again_when_the_task_is_unchanged(
    project: Project,
) -> None:
    """Editing a card's text leaves the pages that link to it alone; renaming it does not."""
    project.build()
    beta = project.outdir / "beta.html"
    marked = time.time_ns() + 3_600_000_000_000  # newer than any source: not outdated
    os.utime(beta, ns=(marked, marked))
    project.edit("alpha.md", "Nurses use it.", "Nurses and carers use it.")
    project.build()
    assert beta.stat().st_mtime_ns == marked, "beta.html was written again for nothing"
    project.edit("alpha.md", "Alpha Task", "Alpha Renamed")
    project.build()
    assert beta.stat().st_mtime_ns != marked
    assert task_links(project) == ["Alpha Renamed"]
