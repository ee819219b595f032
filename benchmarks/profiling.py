"""Profile ``sphinx-rri validate`` or a Sphinx build of a generated course, in CPU time.

The profiler's clock is the process's CPU time, not the wall clock, so that other work on
a shared machine does not show up as time spent in our functions. ``validate`` runs in
one process (``-j 1``) so that the profile sees every page.

Usage::

    python benchmarks/profiling.py validate [--pages 1000]
    python benchmarks/profiling.py edit [--pages 1000]     # after one edit, warm page cache
    python benchmarks/profiling.py build [--pages 200] [--builder html] [--flavour rri|myst]
    python benchmarks/profiling.py ... --pyinstrument     # a call tree instead (if installed)

Prints the phases, then the functions that dominate: cumulative time of sphinx_rri
functions, and the largest self times overall.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
try:
    import sphinx_rri  # noqa: F401
except ImportError:
    sys.path.insert(0, str(HERE.parent / "src"))

import generate  # noqa: E402


def _print_stats(profile: cProfile.Profile, restrict: str, limit: int) -> None:
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("cumulative").print_stats(restrict, limit)
    stats.sort_stats("tottime").print_stats(limit)
    text = out.getvalue().replace(str(HERE.parent) + "/", "").replace(sys.prefix + "/", "")
    print(text)


def profile_validate(src: Path, limit: int, pyinstrument: bool) -> None:
    from sphinx_rri.contract.checks import check_course
    from sphinx_rri.reader.project import load_project, scan_project

    def work() -> None:
        phases = {}
        t = time.process_time()
        project = load_project(src)
        phases["load conf.py, list files"] = time.process_time() - t
        t = time.process_time()
        course = scan_project(project, jobs=1)
        phases["scan pages (-j 1)"] = time.process_time() - t
        t = time.process_time()
        check_course(course, project.settings)
        phases["check_course"] = time.process_time() - t
        print("CPU seconds by phase:", ", ".join(f"{k} {v:.2f}" for k, v in phases.items()))

    run(work, "sphinx_rri", limit, pyinstrument)


def profile_edit(src: Path, limit: int, pyinstrument: bool) -> None:
    """The pre-commit hook's run: the whole project validated, through a warm page cache,
    after one page was edited. The cache is filled by a run in a process of its own
    first; the run profiled is ``sphinx-rri validate`` itself (imports of the modules
    that reading the edited page needs included, since only that page imports them)."""
    import compileall
    import io
    import os
    import subprocess
    from contextlib import redirect_stdout

    import sphinx_rri

    # As benchmarks/run.py does: with PYTHONDONTWRITEBYTECODE set, a source checkout
    # would otherwise compile every module again in the run profiled.
    compileall.compile_dir(os.path.dirname(sphinx_rri.__file__), quiet=1)
    cache = Path(tempfile.mkdtemp(prefix="rri-profile-cache-"))
    os.environ["SPHINX_RRI_CACHE_DIR"] = str(cache)
    env = dict(os.environ, PYTHONPATH=str(HERE.parent / "src"))
    fill = [sys.executable, "-m", "sphinx_rri", "validate", str(src)]
    subprocess.run(fill, env=env, capture_output=True, check=False, timeout=600)
    page = sorted(src.rglob("lesson-01.md"))[0]
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\nEdited for the profile.\n", encoding="utf-8")

    def work() -> None:
        from sphinx_rri.cli import main

        with redirect_stdout(io.StringIO()):
            main(["validate", str(src)])

    try:
        run(work, "sphinx_rri", limit, pyinstrument)
    finally:
        page.write_text(original, encoding="utf-8")
        shutil.rmtree(cache, ignore_errors=True)


def profile_build(src: Path, builder: str, limit: int, pyinstrument: bool) -> None:
    from sphinx.cmd.build import build_main

    out = Path(tempfile.mkdtemp(prefix="rri-profile-"))
    try:
        argv = ["-b", builder, "-q", "-E", "-d", str(out / "doctrees"), str(src), str(out / "out")]
        run(lambda: build_main(argv), "sphinx_rri", limit, pyinstrument)
    finally:
        shutil.rmtree(out, ignore_errors=True)


def run(work, restrict: str, limit: int, pyinstrument: bool) -> None:
    start = time.process_time()
    if pyinstrument:
        from pyinstrument import Profiler

        profiler = Profiler()
        profiler.start()
        work()
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    else:
        profile = cProfile.Profile(time.process_time)
        profile.runcall(work)
        _print_stats(profile, restrict, limit)
    print(f"total CPU time, profiler included: {time.process_time() - start:.2f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("validate", "edit", "build"))
    parser.add_argument("--pages", type=int)
    parser.add_argument("--flavour", choices=("rri", "myst"), default="rri")
    parser.add_argument("--builder", default="html")
    parser.add_argument("--limit", type=int, default=30, help="rows of each table")
    parser.add_argument("--pyinstrument", action="store_true")
    parser.add_argument(
        "--source", type=Path, help="profile this course instead of a generated one"
    )
    args = parser.parse_args(argv)
    pages = args.pages or (200 if args.what == "build" else 1000)
    with tempfile.TemporaryDirectory(prefix="rri-course-") as tmp:
        src = args.source or generate.write_course(Path(tmp) / "c", pages, flavour=args.flavour)
        if args.what == "validate":
            profile_validate(src, args.limit, args.pyinstrument)
        elif args.what == "edit":
            profile_edit(src, args.limit, args.pyinstrument)
        else:
            profile_build(src, args.builder, args.limit, args.pyinstrument)
    return 0


if __name__ == "__main__":
    sys.exit(main())
