"""``-j 2`` gives the same output as ``-j 1``, and the environment stays clean.

The course in ``tests/roots/course`` has 13 documents, so Sphinx reads them in two
chunks in two processes and merges the environments; a task card read in one chunk is
linked from a page read in the other. Every output file is compared byte by byte.
"""

from __future__ import annotations

import os
import pickle
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

COURSE = Path(__file__).parent / "roots" / "course"
TASK_IDS = {
    "project-planning": "project-design",
    "model-selection": "model-development",
    "system-implementation": "system-deployment",
    "explanation-design": "explainability",
    "explanation-review": "explainability",
    "data-stewardship": "data-governance",
    "user-training": "user-training",
    "performance-monitoring": "monitoring",
}


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    srcdir = tmp_path_factory.mktemp("parallel") / "src"
    shutil.copytree(COURSE, srcdir)
    return srcdir


@pytest.fixture(scope="module")
def serial(course: Path, build: Any) -> Path:
    outdir, warnings = build(course, "html", jobs=1, outdir=course / "_build" / "j1")
    assert warnings == ""
    return outdir


@pytest.fixture(scope="module")
def parallel(course: Path, build: Any) -> Path:
    outdir, warnings = build(course, "html", jobs=2, outdir=course / "_build" / "j2")
    assert warnings == ""
    return outdir


def files_of(outdir: Path) -> dict[str, bytes]:
    return {
        p.relative_to(outdir).as_posix(): p.read_bytes()
        for p in sorted(outdir.rglob("*"))
        if p.is_file()
    }


def load_env(outdir: Path) -> Any:
    with (outdir.parent / f".doctrees-{outdir.name}" / "environment.pickle").open("rb") as handle:
        return pickle.load(handle)


def test_parallel_build_writes_the_same_files_as_a_serial_build(serial, parallel):
    one, two = files_of(serial), files_of(parallel)
    assert sorted(one) == sorted(two)
    assert "rri.json" in one and "searchindex.js" in one
    different = [name for name in one if one[name] != two[name]]
    assert different == []


def check_env(env: Any) -> None:
    """Each document once in the course model, each task once, each task in its page."""
    pages = env.rri_pages
    assert sorted(pages) == sorted(env.found_docs)
    assert all(page.docname == name for name, page in pages.items())
    tasks = [(name, task.id) for name, page in pages.items() for task in page.tasks]
    assert sorted(task_id for _name, task_id in tasks) == sorted(TASK_IDS)
    assert all(TASK_IDS[task_id] == name for name, task_id in tasks)
    domain_tasks = env.domaindata["rri"]["tasks"]
    assert {k: v[0] for k, v in domain_tasks.items()} == TASK_IDS
    refs = sorted((name, ref.target) for name, page in pages.items() for ref in page.task_refs)
    assert refs == [
        ("explainability", "explanation-review"),
        ("fairness", "system-implementation"),
        ("system-deployment", "project-planning"),
    ]


def test_parallel_build_keeps_each_page_once_in_the_environment(parallel):
    check_env(load_env(parallel))


def test_serial_and_parallel_environments_hold_the_same_course(serial, parallel):
    assert load_env(serial).rri_pages == load_env(parallel).rri_pages


def test_incremental_parallel_build_keeps_each_page_once(course, serial, parallel, build):
    env_before = load_env(parallel)
    before, read_at = env_before.rri_pages, dict(env_before.all_docs)
    json_before = (parallel / "rri.json").read_bytes()
    # Touch one page in each read chunk, as an editor saving them would.
    now = time.time_ns()
    for name in ("data-governance.md", "user-training.rst"):
        os.utime(course / name, ns=(now, now))
    outdir, warnings = build(course, "html", jobs=2, outdir=parallel, fresh=False)
    assert warnings == ""
    env = load_env(outdir)
    # Only the touched pages were read again, and the gap report, which lists them all.
    read_again = {name for name, stamp in env.all_docs.items() if stamp != read_at[name]}
    assert read_again == {"data-governance", "user-training", "gap-report"}
    check_env(env)
    assert env.rri_pages == before
    assert (outdir / "rri.json").read_bytes() == json_before
    # And the pages written again are still the ones a serial build writes.
    for name in ("data-governance.html", "user-training.html", "gap-report.html"):
        assert (outdir / name).read_bytes() == (serial / name).read_bytes(), name
