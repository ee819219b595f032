"""validate's page cache: never stale, never trusted from outside, never needed.

Each test runs ``sphinx-rri validate`` twice on the same project state, once with the
cache and once with ``--no-cache``, after every kind of change an author makes (edit,
rename, delete, add, a change of settings, an included file, a page becoming a link)
and asserts the outputs are the same, and that the cached run read only what changed.
"""

from __future__ import annotations

import io
import os
import pickle
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from sphinx_rri.cli import main
from sphinx_rri.reader import cache as cache_module
from sphinx_rri.reader import project as project_module

CONF = 'extensions = ["sphinx_rri"]\nexclude_patterns = ["_build"]\n'


def card(title: str, domain_body: str = "Nurses try it on past cases.") -> str:
    return (
        f":::::{{task-card}} {title}\n"
        "::::{task-description}\nWhat it is.\n::::\n\n"
        "::::{task-importance}\nWhy it matters.\n::::\n\n"
        "::::{illustrative-example}\n"
        f":::{{example}} Health care\n{domain_body}\n:::\n\n"
        ":::{example} Environmental Sciences\n:status: coming-soon\n:::\n"
        "::::\n:::::\n"
    )


def page(title: str, body: str) -> str:
    return f"---\ntitle: {title}\ntrack: rri\nmodule: rri-101\n---\n# {title}\n\n{body}"


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SPHINX_RRI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "index.md").write_text("# Index\n\n```{toctree}\n:glob:\n\n*\n```\n", encoding="utf-8")
    for n in range(12):
        link = f"\nSee {{rri:task}}`task-{(n + 1) % 12}`.\n"
        (src / f"p{n}.md").write_text(page(f"Page {n}", card(f"Task {n}") + link), "utf-8")
    return src


def validate(src: Path, *extra: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        status = main(["validate", "--format", "json", *extra, str(src)])
    return status, out.getvalue()


def same_as_cold(src: Path) -> tuple[int, str]:
    warm = validate(src)
    cold = validate(src, "--no-cache")
    assert warm == cold
    return warm


@pytest.fixture
def scans(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The docnames read (not taken from the cache) by each validate run."""
    read: list[str] = []
    original = project_module.read_page

    def counting(docname: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        read.append(docname)
        return original(docname, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(project_module, "read_page", counting)
    return read


def test_a_second_run_reads_nothing_again(course: Path, scans: list[str]) -> None:
    first = validate(course)
    assert len(scans) == 13
    scans.clear()
    assert validate(course) == first
    assert scans == []


def test_an_edit_is_read_again_and_only_it(course: Path, scans: list[str]) -> None:
    validate(course)
    scans.clear()
    (course / "p3.md").write_text(page("Page 3", card("Task 3", "coming soon")), "utf-8")
    status, out = validate(course)
    assert scans == ["p3"]
    assert "p3.md" in out and status == 0
    scans.clear()
    # A broken card: an error, the same as a cold run gives.
    (course / "p4.md").write_text(page("Page 4", ":::{task-card} Broken\n:::\n"), "utf-8")
    status, out = same_as_cold(course)
    assert status == 1 and "Broken" in out


def test_rename_delete_and_add_are_seen(course: Path) -> None:
    validate(course)
    (course / "p5.md").rename(course / "renamed.md")
    same_as_cold(course)
    (course / "p6.md").unlink()
    _status, out = same_as_cold(course)
    # p5 links to task-6, which is gone with its page: an unknown id.
    assert "task-6" in out
    (course / "new.md").write_text(page("New", card("Task 6")), "utf-8")
    assert same_as_cold(course)[1] != out


def test_a_change_of_settings_starts_afresh(course: Path, scans: list[str]) -> None:
    before = validate(course)
    scans.clear()
    conf = course / "conf.py"
    conf.write_text(CONF + 'rri_placeholder_patterns = ["nurses try"]\n', "utf-8")
    after = same_as_cold(course)
    assert len(scans) == 13 * 2  # the cached run and the cold one both read every page
    # Every written example now matches a placeholder: twelve more gaps.
    assert after != before and after[1].count('"rri.gap"') == before[1].count('"rri.gap"') + 12


def test_a_change_of_extensions_starts_afresh(course: Path, scans: list[str]) -> None:
    validate(course)
    scans.clear()
    (course / "conf.py").write_text(CONF.replace('"sphinx_rri"]', '"sphinx_rri", "x.y"]'), "utf-8")
    same_as_cold(course)
    assert len(scans) == 13 * 2


def test_an_included_file_is_never_cached_behind_its_page(course: Path) -> None:
    (course / "part.txt").write_text(card("Included"), "utf-8")
    (course / "inc.md").write_text(page("Inc", "```{include} part.txt\n```\n"), "utf-8")
    first = same_as_cold(course)
    (course / "part.txt").write_text(":::{task-card} Included\n:::\n", "utf-8")
    second = same_as_cold(course)
    assert first != second and second[0] == 1


def test_a_page_that_becomes_a_link_is_judged_again(course: Path, tmp_path: Path) -> None:
    validate(course)
    secret = tmp_path / "outside.md"
    secret.write_text(page("Page 7", card("Task 7")), "utf-8")
    (course / "p7.md").unlink()
    (course / "p7.md").symlink_to(secret)
    _status, out = same_as_cold(course)
    assert "outside the source folder" in out


def test_the_cache_is_written_outside_the_project(course: Path, tmp_path: Path) -> None:
    before = sorted(p.relative_to(course) for p in course.rglob("*"))
    validate(course)
    assert sorted(p.relative_to(course) for p in course.rglob("*")) == before
    assert list((tmp_path / "cache").glob("validate-*.pickle"))


def _cache_file(tmp_path: Path) -> Path:
    (found,) = (tmp_path / "cache").glob("validate-*.pickle")
    return found


class Planted:
    """Stands for code an attacker would have a pickle run: it must never run."""

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (os.system, ("touch planted-by-cache",))


def test_a_cache_file_others_can_write_is_ignored(course: Path, tmp_path: Path) -> None:
    validate(course)
    path = _cache_file(tmp_path)
    path.write_bytes(pickle.dumps(Planted()))
    path.chmod(0o666)
    assert same_as_cold(course)[0] == 0
    assert not (tmp_path / "planted-by-cache").exists()


def test_a_damaged_cache_is_ignored(course: Path, tmp_path: Path) -> None:
    expected = validate(course)
    _cache_file(tmp_path).write_bytes(b"\x80\x05not a pickle")
    assert validate(course) == expected
    _cache_file(tmp_path).write_bytes(pickle.dumps({"key": "other", "pages": {}}))
    assert validate(course) == expected


def test_an_unwritable_cache_folder_costs_only_speed(
    course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", "utf-8")
    monkeypatch.setenv("SPHINX_RRI_CACHE_DIR", str(blocker / "cache"))
    assert validate(course) == validate(course, "--no-cache")


def test_the_environment_turns_it_off(
    course: Path, scans: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPHINX_RRI_CACHE", "0")
    validate(course)
    validate(course)
    assert len(scans) == 26


def test_prose_does_not_make_a_page_uncacheable() -> None:
    assert cache_module.cacheable(b"The steps include: data, an image of it, a raw file.")
    for markup in (
        b"```{include} a.md\n```",
        b".. include:: a.rst",
        b"```{literalinclude} a.py\n```",
        b":::{figure} a.png\n:::",
        b".. image:: a.png",
        b"{download}`a.zip`",
        b":download:`a.zip`",
        b".. csv-table::\n   :file: a.csv",
        b"![alt](a.png)",
        b'<img src="a.png">',
    ):
        assert not cache_module.cacheable(markup), markup


# -- the file status shortcut -----------------------------------------------------------------
# A file whose status (device, inode, size, modification and change times) is the one
# recorded is not read again. Statuses are recorded only for files that last changed
# RACY_NS before the run started; these tests set it to 0 so that the files they have
# just written are trusted, except the one that checks the margin itself.


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files whose bytes each validate run read (to hash them or to scan them)."""
    read: list[str] = []
    original = project_module._read_bytes

    def counting(path: Path, relpath: str) -> bytes:
        read.append(relpath)
        return original(path, relpath)

    monkeypatch.setattr(project_module, "_read_bytes", counting)
    return read


@pytest.fixture
def trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_module, "RACY_NS", 0)


def test_an_unchanged_file_is_not_read_again(
    course: Path, trusted: None, reads: list[str], scans: list[str]
) -> None:
    first = validate(course)
    assert len(reads) == 13
    reads.clear()
    scans.clear()
    assert validate(course) == first
    assert reads == [] and scans == []


def test_a_same_size_edit_that_keeps_the_times_is_seen(
    course: Path, trusted: None, scans: list[str]
) -> None:
    before = validate(course)
    target = course / "p3.md"
    old = target.read_text("utf-8")
    status = os.stat(target)
    new = old.replace("Nurses try it on past cases.", "coming soon".ljust(28, "."))
    assert len(new) == len(old) and new != old
    target.write_text(new, "utf-8")
    # The modification time put back as it was, to the nanosecond, as a tool might.
    os.utime(target, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert os.stat(target).st_size == status.st_size
    assert os.stat(target).st_mtime_ns == status.st_mtime_ns
    scans.clear()
    after = same_as_cold(course)
    assert "p3" in scans
    assert after != before and after[1].count('"p3"') > before[1].count('"p3"')


def test_a_touch_without_change_is_hashed_and_found_unchanged(
    course: Path, trusted: None, reads: list[str], scans: list[str]
) -> None:
    first = validate(course)
    os.utime(course / "p2.md")
    reads.clear()
    scans.clear()
    assert validate(course) == first
    assert reads == ["p2.md"] and scans == []
    reads.clear()
    assert validate(course) == first
    assert reads == []


def test_renames_deletes_and_settings_are_seen_through_statuses(
    course: Path, trusted: None
) -> None:
    first = validate(course)
    # Two pages swap names: each name now has the other's bytes (and inode).
    (course / "p1.md").rename(course / "swap.md")
    (course / "p2.md").rename(course / "p1.md")
    (course / "swap.md").rename(course / "p2.md")
    swapped = same_as_cold(course)
    assert swapped != first
    (course / "p6.md").unlink()
    assert "task-6" in same_as_cold(course)[1]
    (course / "conf.py").write_text(CONF + 'rri_placeholder_patterns = ["nurses try"]\n', "utf-8")
    assert same_as_cold(course)[1].count('"rri.gap"') > swapped[1].count('"rri.gap"')


def test_a_file_that_changed_just_before_the_run_is_read_every_time(
    course: Path, reads: list[str]
) -> None:
    # The files were written a moment ago, within RACY_NS of each run's start: a write in
    # the same clock tick could leave their status as it was, so it is not trusted.
    assert cache_module.RACY_NS >= 2_000_000_000
    first = validate(course)
    reads.clear()
    assert validate(course) == first
    assert len(reads) == 13


# -- what validate keeps of a page ------------------------------------------------------------


def _findings(course: object, settings: object) -> tuple[list[object], int]:
    from sphinx_rri.contract.checks import check_course

    return check_course(course, settings), len(course.tasks())  # type: ignore[arg-type,attr-defined]


def test_pages_kept_for_checks_give_the_findings_of_whole_pages(tmp_path: Path) -> None:
    """validate's cache keeps pages without their cards' parts and examples: the rules
    across pages and the summary must find the same in them as in whole pages, on every
    case file, content/ and docs/."""
    from dataclasses import replace

    from sphinx_rri.reader.project import load_project, scan_project
    from test_cases import CASES, parse_case, write_project

    root = Path(__file__).resolve().parent.parent
    projects = [root / "content", root / "docs"]
    for case in CASES:
        files, _ = parse_case(case)
        files.pop("other-warnings", None)
        (tmp_path / case.stem).mkdir()
        write_project(tmp_path / case.stem, files)
        projects.append(tmp_path / case.stem)
    kept_out = 0
    for src in projects:
        project = load_project(src)
        whole = scan_project(project, jobs=1)
        kept = replace(whole, pages={d: cache_module.for_checks(p) for d, p in whole.pages.items()})
        kept_out += sum(len(t.parts) for p in whole.pages.values() for t in p.tasks)
        assert _findings(kept, project.settings) == _findings(whole, project.settings), src
    assert kept_out > 100  # the comparison is not between two empty courses
