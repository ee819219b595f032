"""``sphinx-rri validate --watch``: each round prints only what changed.

The loop is bounded: the tests hand it a fixed list of rounds (editing the project
before each), and one test drives it with real file events from watchfiles, stopped by
an event after the first batch (and by a timer, should no event come).
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sphinx_rri.cli import build_parser, run_validate
from sphinx_rri.watch import changed_lines, ignored, run_watch, watch_changes

CONF = 'extensions = ["sphinx_rri"]\nrri_example_domains = ["Health care"]\n'


def page(body: str = "", importance: bool = True) -> str:
    why = "::::{task-importance}\nWhy.\n::::\n\n" if importance else ""
    return (
        "---\ntitle: A page\ntrack: rri\nmodule: rri-101\n---\n\n# A page\n"
        f"{body}\n:::::{{task-card}} Monitoring\n\n::::{{task-description}}\nWhat.\n::::\n\n"
        f"{why}::::{{illustrative-example}}\n:::{{example}} Health care\n:status: coming-soon\n"
        ":::\n::::\n:::::\n"
    )


def args_for(srcdir: Path, *extra: str):
    return build_parser().parse_args(["validate", "--watch", *extra, str(srcdir)])


def rounds(edits: list) -> Iterator[set]:
    for edit in edits:
        edit()
        yield {("modified", "page.md")}


def test_each_round_prints_only_what_changed(tmp_path: Path, make_project) -> None:
    srcdir = make_project(tmp_path, {"page.md": page()}, conf=CONF)
    target = srcdir / "page.md"
    out = io.StringIO()
    edits = [
        lambda: target.write_text(page(importance=False)),  # an error appears
        lambda: target.write_text(page("\nSome text.\n\nMore.\n", importance=False)),  # lines move
        lambda: target.write_text(page("\nSome text.\n\nMore.\n")),  # the error is fixed
    ]
    assert run_watch(args_for(srcdir), run_validate, changes=rounds(edits), out=out) == 0
    text = out.getvalue()
    first, *later = text.split("\n[")
    assert first.splitlines()[0].endswith(
        "gap: example for 'Health care' in 'Monitoring' is marked coming soon [rri.gap]"
    )
    assert first.splitlines()[-1] == "sphinx-rri: watching for changes (Ctrl+C to stop)"
    appeared, moved, fixed = later
    assert appeared.splitlines()[1:] == [
        next(line for line in appeared.splitlines() if line.startswith("+ ")),
        "sphinx-rri: 1 task, 1 gap, 1 error",
    ]
    assert ": error: " in appeared and appeared.count("[rri.task]") == 1
    assert moved.endswith("] no change")  # the findings only moved down: nothing to show
    fixed_lines = fixed.splitlines()[1:]
    assert (
        len(fixed_lines) == 2 and fixed_lines[0].startswith("- ") and "[rri.task]" in fixed_lines[0]
    )
    assert fixed_lines[1] == "sphinx-rri: 1 task, 1 gap, 0 errors"
    assert "+ " not in fixed  # the gap was there all along: it is not shown again


def test_changed_lines_counts_repeats() -> None:
    before = ["a.md:1: gap: x [rri.gap]", "a.md:2: gap: x [rri.gap]"]
    after = ["a.md:5: gap: x [rri.gap]"]
    assert changed_lines(before, after) == ["- a.md:2: gap: x [rri.gap]"]
    assert changed_lines(after, before) == ["+ a.md:2: gap: x [rri.gap]"]


def test_watch_refuses_other_formats(tmp_path: Path, make_project, capsys) -> None:
    srcdir = make_project(tmp_path, {"page.md": page()}, conf=CONF)
    assert run_watch(args_for(srcdir, "--format", "json"), run_validate, changes=[]) == 2
    assert "--watch prints text" in capsys.readouterr().err


def test_build_output_and_hidden_folders_are_ignored(tmp_path: Path) -> None:
    assert ignored(str(tmp_path / "_build" / "html" / "index.html"), tmp_path)
    assert ignored(str(tmp_path / ".git" / "index"), tmp_path)
    assert not ignored(str(tmp_path / "sub" / "page.md"), tmp_path)
    assert ignored("/elsewhere/page.md", tmp_path)


def test_real_file_events_set_off_a_round(tmp_path: Path, make_project) -> None:
    srcdir = make_project(tmp_path, {"page.md": page()}, conf=CONF)
    stop = threading.Event()
    timer = threading.Timer(60, stop.set)  # never wait for ever
    timer.start()

    def one_batch() -> Iterator[set]:
        for batch in watch_changes(srcdir, stop=stop):
            yield batch
            stop.set()
            return

    def edit() -> None:
        time.sleep(1.0)
        (srcdir / "_build").mkdir()
        (srcdir / "_build" / "ignored.html").write_text("x")  # ignored: no round
        time.sleep(0.5)
        (srcdir / "page.md").write_text(page(importance=False))

    editor = threading.Thread(target=edit)
    editor.start()
    out = io.StringIO()
    try:
        assert run_watch(args_for(srcdir), run_validate, changes=one_batch(), out=out) == 0
    finally:
        timer.cancel()
        editor.join()
    rounds_run = out.getvalue().split("\n[")[1:]
    assert len(rounds_run) == 1
    assert "[rri.task]" in rounds_run[0] and rounds_run[0].splitlines()[1].startswith("+ ")


@pytest.mark.parametrize("status_path", ["missing"])
def test_unreadable_project_stops_at_once(tmp_path: Path, status_path: str) -> None:
    out = io.StringIO()
    args = args_for(tmp_path / status_path)
    assert run_watch(args, run_validate, changes=[{"x"}], out=out) == 2
