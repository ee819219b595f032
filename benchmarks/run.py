"""Run every sphinx-rri benchmark and print a table of ratios.

Every number is a ratio against a baseline measured side by side in the same run: the
commands of one benchmark are interleaved (A, B, A, B, ...) so that a busy machine slows
both alike, and each is the median of several runs. Each command runs in its own
process; its wall-clock time is measured around it and its CPU time and peak memory are
read from ``wait4``. Nothing here is a timed assertion: goals are reported, never
enforced, and the exit status is 0 unless a command fails or outputs differ when they
must not.

Usage::

    python benchmarks/run.py            # everything (about 8-12 minutes on 2 cores)
    python benchmarks/run.py --quick    # smaller courses, fewer runs (under 3 minutes)
    python benchmarks/run.py --only validate,scaling --docs

``--docs`` also writes ``docs/_static/scaling.png`` and the results block of
``docs/performance.md``; ``--json FILE`` writes every measurement.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import filecmp
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

BENCHMARKS = (
    "validate",
    "edit",
    "html",
    "incremental",
    "parallel",
    "memory",
    "scaling",
    "lsp",
    "migrate",
)


@dataclass(frozen=True)
class Sizes:
    validate: int
    html: int
    memory: int
    scaling: tuple[int, ...]
    repeat_fast: int
    """runs of the commands that take seconds (validate, the floor)"""
    repeat_slow: int
    """runs of the commands that take a minute (Sphinx builds)"""


FULL = Sizes(
    validate=1000, html=500, memory=5000, scaling=(250, 1000, 4000), repeat_fast=7, repeat_slow=3
)
QUICK = Sizes(
    validate=250, html=100, memory=1000, scaling=(100, 250, 1000), repeat_fast=3, repeat_slow=2
)


# -- running commands ------------------------------------------------------------------------


@dataclass
class Run:
    wall: float
    cpu: float
    maxrss_mb: float
    tree_rss_mb: float = 0.0


@dataclass
class Series:
    name: str
    runs: list[Run] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    def spread(self) -> str:
        walls = [r.wall for r in self.runs]
        return f"{min(walls):.2f}-{max(walls):.2f}"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    try:
        import sphinx_rri  # noqa: F401
    except ImportError:  # a source checkout without an install: use src/
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")])
        )
    env.setdefault("PYTHONHASHSEED", "0")
    env["LC_ALL"] = env.get("LC_ALL", "C.UTF-8")
    return env


ENV = _env()


def compile_package() -> None:
    """Write the bytecode of the sphinx_rri being measured, as installing it does: with
    ``PYTHONDONTWRITEBYTECODE`` set and ``src/`` on the path, every command would
    otherwise compile the whole package again, which no installed copy does."""
    import compileall

    done = subprocess.run(
        [PY, "-c", "import sphinx_rri, os; print(os.path.dirname(sphinx_rri.__file__))"],
        env=ENV,
        capture_output=True,
        text=True,
        check=True,
    )
    compileall.compile_dir(done.stdout.strip(), quiet=1)


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(c) for c in children)
    return found


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeSampler(threading.Thread):
    """Samples the summed resident memory of a process and its descendants."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_kb = pid, interval, 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            total = sum(_rss_kb(p) for p in _descendants(self.pid))
            self.peak_kb = max(self.peak_kb, total)
            self.stopped.wait(self.interval)


def run(cmd: list[str], *, cwd: Path | None = None, sample_tree: bool = False) -> Run:
    """Run ``cmd``; fail loudly if it fails. Wall time, CPU time and peak RSS of the child."""
    log = Path(os.environ.get("RRI_BENCH_LOG", os.devnull))
    with open(log, "a") as out:
        start = time.perf_counter()
        process = subprocess.Popen(
            cmd, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        sampler = TreeSampler(process.pid) if sample_tree else None
        if sampler:
            sampler.start()
        stderr = process.stderr.read() if process.stderr else b""
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if sampler:
            sampler.stopped.set()
            sampler.join()
        out.write(f"$ {' '.join(cmd)}\n{stderr.decode(errors='replace')}\n")
    if process.returncode != 0:
        raise SystemExit(
            f"command failed ({process.returncode}): {' '.join(cmd)}\n"
            + stderr.decode(errors="replace")[-3000:]
        )
    if b"WARNING" in stderr or b"ERROR" in stderr:
        raise SystemExit(
            f"command warned: {' '.join(cmd)}\n" + stderr.decode(errors="replace")[-3000:]
        )
    return Run(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        maxrss_mb=usage.ru_maxrss / 1024,
        tree_rss_mb=(sampler.peak_kb / 1024) if sampler else 0.0,
    )


def interleave(
    commands: dict[str, tuple[list[str], Any]], repeat: dict[str, int]
) -> dict[str, Series]:
    """Run each command ``repeat[name]`` times, round-robin; ``commands[name]`` is
    ``(argv, prepare)`` where ``prepare()`` runs untimed before each run."""
    series = {name: Series(name) for name in commands}
    for round_ in range(max(repeat.values())):
        for name, (argv, prepare) in commands.items():
            if round_ >= repeat[name]:
                continue
            if prepare:
                prepare()
            series[name].runs.append(run(argv))
            print(f"  {name:<22} run {round_ + 1}: {series[name].runs[-1].wall:7.2f} s", flush=True)
    return series


PY = sys.executable


def validate_cmd(src: Path, jobs: int | None = None, cache: bool = False) -> list[str]:
    """validate, cold (no page cache) unless ``cache``; a console script's start-up."""
    cmd = [PY, "-m", "sphinx_rri", "validate", str(src)]
    return cmd + (["-j", str(jobs)] if jobs else []) + ([] if cache else ["--no-cache"])


def sphinx_cmd(
    builder: str, src: Path, out: Path, doctrees: Path, jobs: int = 1, fresh: bool = True
):
    cmd = [PY, "-m", "sphinx", "-b", builder, "-q", "-j", str(jobs), "-d", str(doctrees)]
    return cmd + (["-E"] if fresh else []) + [str(src), str(out)]


def wipe(*paths: Path):
    def prepare() -> None:
        for path in paths:
            shutil.rmtree(path, ignore_errors=True)

    return prepare


# -- the benchmarks ---------------------------------------------------------------------------


class Bench:
    def __init__(self, work: Path, sizes: Sizes, seed: int) -> None:
        self.work, self.sizes, self.seed = work, sizes, seed
        self.results: dict[str, Any] = {}
        self.rows: list[dict[str, str]] = []
        self.problems: list[str] = []

    def course(self, pages: int, flavour: str = "rri", shape: str = "standard") -> Path:
        suffix = "" if shape == "standard" else f"-{shape}"
        dest = self.work / "courses" / f"{flavour}-{pages}{suffix}"
        stamp = dest / ".generated"
        key = f"{pages}:{flavour}:{shape}:{self.seed}:{Path(generate.__file__).stat().st_mtime}"
        if not (stamp.is_file() and stamp.read_text() == key):
            generate.write_course(dest, pages, flavour=flavour, seed=self.seed, shape=shape)
            stamp.write_text(key)
        return dest

    def row(self, name: str, measured: str, baseline: str, ratio: str, goal: str, met: bool | None):
        mark = {True: "yes", False: "**no**", None: "-"}[met]
        self.rows.append(
            {
                "benchmark": name,
                "measured": measured,
                "baseline": baseline,
                "ratio": ratio,
                "goal": goal,
                "met": mark,
            }
        )

    # validate against sphinx-build -b dummy and against the floor, on every course shape
    def validate(self) -> None:
        n = self.sizes.validate
        ratios: dict[str, float] = {}
        floors: dict[str, float] = {}
        for shape in generate.SHAPES:
            src = self.course(n, shape=shape)
            out, doctrees = self.work / "out" / "dummy", self.work / "out" / "dummy-doctrees"
            print(f"validate vs dummy vs floor, {n} pages, shape {shape}", flush=True)
            commands = {
                "validate": (validate_cmd(src), None),
                "floor": ([PY, str(HERE / "floor.py"), str(src)], None),
                "sphinx-build -b dummy": (
                    sphinx_cmd("dummy", src, out, doctrees),
                    wipe(out, doctrees),
                ),
            }
            repeats = {
                "validate": self.sizes.repeat_fast,
                "floor": self.sizes.repeat_fast,
                "sphinx-build -b dummy": self.sizes.repeat_slow,
            }
            if shape == "standard":
                commands["validate -j 1"] = (validate_cmd(src, 1), None)
                repeats["validate -j 1"] = self.sizes.repeat_fast
            series = interleave(commands, repeats)
            v, floor, dummy = series["validate"], series["floor"], series["sphinx-build -b dummy"]
            self.results[f"validate-{shape}"] = {k: _dump(s) for k, s in series.items()} | {
                "pages": n,
                "describe": generate.describe(n, shape=shape),
            }
            ratios[shape] = speedup = dummy.wall / v.wall
            floors[shape] = over = v.wall / floor.wall
            self.row(
                f"`validate` vs `sphinx-build -b dummy`, {shape} shape ({n:,} pages)",
                f"{v.wall:.2f} s",
                f"{dummy.wall:.2f} s",
                f"{speedup:.1f}x faster (CPU {dummy.cpu / v.cpu:.1f}x)",
                ">= 40x",
                speedup >= 40,
            )
            self.row(
                f"`validate` vs floor (front matter only), {shape} shape ({n:,} pages)",
                f"{v.wall:.2f} s",
                f"{floor.wall:.2f} s",
                f"{over:.2f}x the floor (CPU {v.cpu / floor.cpu:.2f}x)",
                "<= 3x",
                over <= 3,
            )
            if shape == "standard":
                v1 = series["validate -j 1"]
                self.row(
                    f"`validate -j 1` vs `sphinx-build -b dummy` ({n:,} pages)",
                    f"{v1.wall:.2f} s",
                    f"{dummy.wall:.2f} s",
                    f"{dummy.wall / v1.wall:.1f}x faster (CPU {dummy.cpu / v1.cpu:.1f}x)",
                    "(serial, for reference)",
                    None,
                )
        worst = min(ratios, key=ratios.__getitem__)
        self.row(
            "`validate` vs `sphinx-build -b dummy`: the worst shape",
            worst,
            "",
            f"{ratios[worst]:.1f}x faster",
            ">= 40x",
            ratios[worst] >= 40,
        )
        worst = max(floors, key=floors.__getitem__)
        self.row(
            "`validate` vs floor: the worst shape",
            worst,
            "",
            f"{floors[worst]:.2f}x the floor",
            "<= 3x",
            floors[worst] <= 3,
        )

    # The pre-commit hook's case: the whole project validated after one page changed,
    # with the page cache; and the start-up of a 10-page project, imports included.
    def edit(self) -> None:
        n = self.sizes.validate
        src = self.course(n)
        cache = self.work / "page-cache"
        shutil.rmtree(cache, ignore_errors=True)
        target = src / "module-001" / "lesson-01.md"
        original = target.read_text(encoding="utf-8")
        counter = iter(range(1_000_000))

        def edit_one() -> None:
            target.write_text(original + f"\nEdited {next(counter)}.\n", encoding="utf-8")

        os.environ["SPHINX_RRI_CACHE_DIR"] = str(cache)
        ENV["SPHINX_RRI_CACHE_DIR"] = str(cache)
        try:
            run(validate_cmd(src, cache=True))  # fill the cache
            small = self.course(10)
            print(f"validate after one edit, {n} pages; cold start, 10 pages", flush=True)
            series = interleave(
                {
                    "after one edit": (validate_cmd(src, cache=True), edit_one),
                    "cold, no cache": (validate_cmd(src), None),
                    "10 pages, cold start": (validate_cmd(small), None),
                    "python -c pass": ([PY, "-c", "pass"], None),
                },
                {
                    "after one edit": self.sizes.repeat_fast,
                    "cold, no cache": self.sizes.repeat_slow,
                    "10 pages, cold start": self.sizes.repeat_fast,
                    "python -c pass": self.sizes.repeat_fast,
                },
            )
        finally:
            target.write_text(original, encoding="utf-8")
            ENV.pop("SPHINX_RRI_CACHE_DIR", None)
        warm, cold = series["after one edit"], series["cold, no cache"]
        start, bare = series["10 pages, cold start"], series["python -c pass"]
        self.results["edit"] = {k: _dump(s) for k, s in series.items()} | {"pages": n}
        self.row(
            f"whole-project `validate` after one edit, page cache ({n:,} pages)",
            f"{warm.wall:.2f} s",
            f"{cold.wall:.2f} s (no cache)",
            f"{cold.wall / warm.wall:.1f}x faster than cold",
            "<= 0.3 s",
            warm.wall <= 0.3,
        )
        self.row(
            "`sphinx-rri validate` cold start, 10 pages (imports included)",
            f"{start.wall:.3f} s",
            f"{bare.wall:.3f} s (`python -c pass`)",
            f"{start.wall / bare.wall:.1f}x a bare interpreter",
            "<= 0.25 s",
            start.wall <= 0.25,
        )

    # A full HTML build with sphinx_rri and in plain MyST; -j 2 against -j 1; and, after each
    # cold -j 1 build, one page edited and built again incrementally (then restored and
    # built again: two incremental builds a round).
    def html(self, parallel: bool, incremental: bool) -> None:
        n = self.sizes.html
        rri, myst = self.course(n, "rri"), self.course(n, "myst")
        o = self.work / "out"
        out, doctrees = o / "html-rri", o / "html-rri-d"
        print(f"HTML builds, {n} pages", flush=True)
        lessons = sorted(rri.glob("module-*/lesson-*.md"))
        page = lessons[len(lessons) // 2]
        original = page.read_text(encoding="utf-8")
        series = {
            name: Series(name)
            for name in (
                "html sphinx_rri -j 1",
                "html plain MyST -j 1",
                *(["html sphinx_rri -j 2"] if parallel else []),
                *(["incremental"] if incremental else []),
            )
        }
        rewritten: list[str] = []

        def timed(name: str, argv: list[str]) -> None:
            series[name].runs.append(run(argv))
            print(f"  {name:<22} {series[name].runs[-1].wall:7.2f} s", flush=True)

        for _round in range(self.sizes.repeat_slow):
            wipe(out, doctrees)()
            timed("html sphinx_rri -j 1", sphinx_cmd("html", rri, out, doctrees))
            wipe(o / "html-rri-cold")()
            shutil.copytree(out, o / "html-rri-cold")
            if incremental:
                try:
                    for text in (original + "\nA sentence added by the benchmark.\n", original):
                        before = {p: p.stat().st_mtime_ns for p in out.rglob("*.html")}
                        page.write_text(text, encoding="utf-8")
                        timed("incremental", sphinx_cmd("html", rri, out, doctrees, fresh=False))
                        rewritten = sorted(
                            p.relative_to(out).as_posix()
                            for p in out.rglob("*.html")
                            if before.get(p) != p.stat().st_mtime_ns
                        )
                finally:
                    page.write_text(original, encoding="utf-8")
            wipe(o / "html-myst", o / "html-myst-d")()
            timed(
                "html plain MyST -j 1", sphinx_cmd("html", myst, o / "html-myst", o / "html-myst-d")
            )
            if parallel:
                wipe(o / "html-rri-j2", o / "html-rri-j2-d")()
                timed(
                    "html sphinx_rri -j 2",
                    sphinx_cmd("html", rri, o / "html-rri-j2", o / "html-rri-j2-d", jobs=2),
                )
        self.results["html"] = {k: _dump(s) for k, s in series.items()} | {"pages": n}
        r, m = series["html sphinx_rri -j 1"], series["html plain MyST -j 1"]
        slower = r.wall / m.wall - 1
        self.row(
            f"HTML build, sphinx_rri vs plain MyST ({n:,} pages)",
            f"{r.wall:.1f} s",
            f"{m.wall:.1f} s",
            f"{slower:+.1%} (CPU {r.cpu / m.cpu - 1:+.1%})",
            "<= +5%",
            slower <= 0.05,
        )
        if incremental:
            incr = series["incremental"]
            share = incr.wall / r.wall
            same = compare_trees(o / "html-rri-cold", out, search_terms_pruned=True)
            self.results["incremental"] = {
                "edited": page.relative_to(rri).as_posix(),
                "html_rewritten": rewritten,
                "differs_from_cold_build": same,
            }
            if same:
                self.problems.append(
                    f"after an edit and its undo, the incremental output differs from the cold "
                    f"build in {len(same)} files: {same[:10]}"
                )
            self.row(
                f"Incremental HTML build, one page edited ({n:,} pages)",
                f"{incr.wall:.2f} s",
                f"{r.wall:.1f} s (cold)",
                f"{share:.1%} of the cold build (CPU {incr.cpu / r.cpu:.1%}); "
                f"{len(rewritten)} pages rewritten: {', '.join(rewritten)}",
                "< 10%",
                share < 0.10,
            )
        if parallel:
            j2 = series["html sphinx_rri -j 2"]
            differing = compare_trees(o / "html-rri-cold", o / "html-rri-j2")
            self.results["parallel"] = {"differing_files": differing}
            if differing:
                self.problems.append(
                    f"-j 2 output differs from -j 1 in {len(differing)} files: {differing[:10]}"
                )
            speedup = r.wall / j2.wall
            verdict = "identical" if not differing else f"{len(differing)} files differ"
            self.row(
                f"HTML build `-j 2` vs `-j 1` ({n:,} pages)",
                f"{j2.wall:.1f} s",
                f"{r.wall:.1f} s",
                f"{speedup:.2f}x faster (CPU {j2.cpu / r.cpu:.2f}x); output {verdict}",
                "faster, identical output",
                speedup > 1 and not differing,
            )

    def memory(self) -> None:
        n = self.sizes.memory
        src = self.course(n)
        print(f"peak memory of validate, {n} pages", flush=True)
        runs = [run(validate_cmd(src), sample_tree=True) for _ in range(2)]
        for r in runs:
            print(
                f"  validate: {r.wall:.2f} s, largest process {r.maxrss_mb:.0f} MB, "
                f"all processes {r.tree_rss_mb:.0f} MB"
            )
        largest = max(r.maxrss_mb for r in runs)
        tree = max(r.tree_rss_mb for r in runs)
        self.results["memory"] = {"pages": n, "runs": [asdict(r) for r in runs]}
        self.row(
            f"Peak memory of `validate` ({n:,} pages)",
            f"{largest:.0f} MB",
            "-",
            f"largest process (ru_maxrss); the main process and its pool workers "
            f"together: {tree:.0f} MB",
            "< 300 MB (ru_maxrss)",
            largest < 300,
        )

    def scaling(self) -> None:
        sizes = self.sizes.scaling
        print(f"validate scaling, {', '.join(map(str, sizes))} pages", flush=True)
        commands = {f"{n} pages": (validate_cmd(self.course(n)), None) for n in sizes}
        series = interleave(commands, {k: self.sizes.repeat_fast for k in commands})
        xs = list(sizes)
        ys = [series[f"{n} pages"].wall for n in sizes]
        slope, intercept, r2 = linear_fit(xs, ys)
        self.results["scaling"] = {
            "pages": xs,
            "wall": ys,
            "cpu": [series[f"{n} pages"].cpu for n in sizes],
            "slope_s_per_page": slope,
            "intercept_s": intercept,
            "r2": r2,
            "series": {k: _dump(s) for k, s in series.items()},
        }
        # Linear: the marginal cost per page does not grow with the course.
        first = (ys[1] - ys[0]) / (xs[1] - xs[0])
        last = (ys[-1] - ys[-2]) / (xs[-1] - xs[-2])
        self.row(
            f"`validate` scaling ({', '.join(f'{x:,}' for x in xs)} pages)",
            " / ".join(f"{y:.2f} s" for y in ys),
            "-",
            f"{slope * 1000:.2f} s per 1,000 pages + {intercept:.2f} s; R^2 = {r2:.4f}; "
            f"marginal cost {first * 1000:.2f} then {last * 1000:.2f} s per 1,000",
            "linear",
            r2 >= 0.99 and last <= 1.5 * first,
        )


def linear_fit(xs: list[float], ys: list[float]) -> tuple[float, float, float]:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    intercept = my - slope * mx
    ss_res = sum((y - (intercept + slope * x)) ** 2 for x, y in zip(xs, ys, strict=True))
    ss_tot = sum((y - my) ** 2 for y in ys)
    return slope, intercept, 1 - ss_res / ss_tot if ss_tot else 1.0


def compare_trees(a: Path, b: Path, *, search_terms_pruned: bool = False) -> list[str]:
    """Relative paths of files that differ between two output folders, or exist in one.

    With ``search_terms_pruned``, ``searchindex.js`` is compared as data without the
    terms that no page uses any more: Sphinx keeps a word removed by an incremental build
    in its search index with an empty list of pages, which a cold build never writes.
    """
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    differing = sorted(files_a ^ files_b)
    for name in sorted(files_a & files_b):
        if filecmp.cmp(a / name, b / name, shallow=False):
            continue
        pruned = search_terms_pruned and name == "searchindex.js"
        if pruned and _search_index(a / name) == _search_index(b / name):
            continue
        differing.append(name)
    return differing


def _search_index(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    data = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    for key in ("terms", "titleterms"):
        if isinstance(data.get(key), dict):
            data[key] = {term: pages for term, pages in data[key].items() if pages not in ([], {})}
    return data


def _dump(series: Series) -> dict[str, Any]:
    return {
        "median_wall": series.wall,
        "median_cpu": series.cpu,
        "runs": [asdict(r) for r in series.runs],
    }


# -- the machine, the table, the docs ----------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = platform.processor() or ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GB"
    versions = {}
    for name in (
        "sphinx_rri",
        "sphinx",
        "myst_parser",
        "docutils",
        "markdown_it",
        "sphinx_tabs",
        "jsonschema",
        "yaml",
    ):
        with contextlib.suppress(Exception):
            out = subprocess.run(
                [PY, "-c", f"import {name}; print(getattr({name}, '__version__', '?'))"],
                env=ENV,
                capture_output=True,
                text=True,
                check=True,
            )
            versions[name] = out.stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "versions": versions,
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "date": datetime.date.today().isoformat(),
        "commit": _commit(),
    }


def _commit() -> str:
    """The commit benchmarked, and whether src/ had changes not yet committed
    (``RRI_BENCH_COMMIT`` overrides it, e.g. to benchmark an export of another commit)."""
    if os.environ.get("RRI_BENCH_COMMIT"):
        return os.environ["RRI_BENCH_COMMIT"]
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "src", "schemas"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return ""
    return f"{head}{' with uncommitted changes in src/' if dirty else ''}" if head else ""


def table(rows: list[dict[str, str]]) -> str:
    header = "| Benchmark | Measured | Baseline | Ratio | Goal | Met |\n" + "| --- " * 6 + "|"
    lines = [
        "| "
        + " | ".join(r[k] for k in ("benchmark", "measured", "baseline", "ratio", "goal", "met"))
        + " |"
        for r in rows
    ]
    return "\n".join([header, *lines])


def chart(results: dict[str, Any], path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: no chart (pip install matplotlib)", file=sys.stderr)
        return False
    scaling = results.get("scaling")
    if not scaling:
        return False
    xs, ys = scaling["pages"], scaling["wall"]
    slope, intercept = scaling["slope_s_per_page"], scaling["intercept_s"]
    fig, ax = plt.subplots(figsize=(6.4, 4.2), dpi=100)
    ax.plot(xs, ys, "o", color="#1f6feb", label="sphinx-rri validate (median)", zorder=3)
    line_x = [0, max(xs) * 1.05]
    ax.plot(
        line_x,
        [intercept + slope * x for x in line_x],
        "-",
        color="#1f6feb",
        alpha=0.5,
        label=f"fit: {intercept:.2f} s + {slope * 1000:.2f} s per 1,000 pages "
        f"(R² {scaling['r2']:.3f})",
    )
    standard = results.get("validate-standard", {})
    dummy = standard.get("sphinx-build -b dummy")
    if dummy:
        n, seconds = standard["pages"], dummy["median_wall"]
        ax.plot(
            [n], [seconds], "s", color="#cf222e", label=f"sphinx-build -b dummy ({seconds:.0f} s)"
        )
        ax.plot(
            [n],
            [seconds / 40],
            "_",
            color="#cf222e",
            markersize=18,
            mew=2,
            label="goal: 1/40 of sphinx-build -b dummy",
        )
    ax.set_xlabel("pages in the course")
    ax.set_ylabel("wall-clock seconds")
    ax.set_xlim(left=0)
    ax.set_ylim(bottom=0)
    ax.set_title("sphinx-rri validate: time against course size")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)
    return True


QUICK_NOTE = (
    "Quick mode: the courses are smaller than the sizes the goals are stated for, and fixed "
    "costs weigh more in the ratios; run without --quick to judge the goals."
)


def _load(load: Any) -> str:
    return ", ".join(f"{x:.1f}" for x in load) if load else "unknown"


START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def update_docs(page: Path, text: str) -> None:
    content = page.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    if not pattern.search(content):
        raise SystemExit(f"{page}: no {START} ... {END} block to update")
    page.write_text(pattern.sub(lambda _: f"{START}\n{text}\n{END}", content), encoding="utf-8")


def results_block(
    rows: list[dict[str, str]], info: dict[str, Any], seconds: float, quick: bool, sizes: Sizes
) -> str:
    courses = [
        f"Generated course for {what}: {generate.describe(n)}."
        for what, n in (("validate", sizes.validate), ("the HTML builds", sizes.html))
    ]
    versions = ", ".join(f"{k.replace('_', '-')} {v}" for k, v in info["versions"].items())
    load = info["load_average"]
    return "\n".join(
        [
            f"Measured on {info['date']} with "
            f"`python benchmarks/run.py{' --quick' if quick else ''}` "
            f"(the run took {seconds / 60:.1f} minutes):",
            "",
            table(rows),
            "",
            *([QUICK_NOTE, ""] if quick else []),
            f"- Machine: {info['cpu']}, {info['cores']} cores, {info['memory']} of memory, "
            f"{info['os']}, Python {info['python']}.",
            f"- Versions: {versions}"
            + (f"; sphinx-rri at commit {info['commit']}." if info.get("commit") else "."),
            f"- Load average at the start of the run: {_load(load)}, at the end: "
            f"{_load(info.get('load_average_end'))}"
            " (the machine is shared; ratios are taken between commands run side by side).",
            f"- Medians of {sizes.repeat_fast} runs (validate, the floor), "
            f"{sizes.repeat_slow} runs "
            f"(cold Sphinx builds) and {2 * sizes.repeat_slow} runs (incremental builds).",
            *(f"- {line}" for line in courses),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller courses and fewer runs")
    parser.add_argument(
        "--only", default=",".join(BENCHMARKS), help=f"comma-separated: {', '.join(BENCHMARKS)}"
    )
    parser.add_argument("--repeat", type=int, help="runs of every command (overrides the defaults)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=HERE / "_build")
    parser.add_argument("--json", type=Path, help="write every measurement to this file")
    parser.add_argument(
        "--docs",
        action="store_true",
        help="update docs/performance.md and docs/_static/scaling.png",
    )
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    if args.repeat:
        sizes = Sizes(
            sizes.validate, sizes.html, sizes.memory, sizes.scaling, args.repeat, args.repeat
        )
    only = [b.strip() for b in args.only.split(",") if b.strip()]
    unknown = set(only) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    args.workdir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("RRI_BENCH_LOG", str(args.workdir / "commands.log"))
    Path(os.environ["RRI_BENCH_LOG"]).write_text("")
    info = machine()
    print(
        f"{info['cpu']}, {info['cores']} cores, Python {info['python']}, "
        f"load average {_load(info['load_average'])}"
    )
    compile_package()
    started = time.perf_counter()
    bench = Bench(args.workdir, sizes, args.seed)
    if "validate" in only:
        bench.validate()
    if "edit" in only:
        bench.edit()
    if {"html", "incremental", "parallel"} & set(only):
        bench.html(parallel="parallel" in only, incremental="incremental" in only)
    if "memory" in only:
        bench.memory()
    if "scaling" in only:
        bench.scaling()
    if "lsp" in only:
        import lsp  # the language server's benchmark (benchmarks/lsp.py)

        lsp.run(bench)
    if "migrate" in only:
        import migrate_bench  # the migration's rows, in a module of their own

        migrate_bench.run(bench)
    seconds = time.perf_counter() - started
    info["load_average_end"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    print()
    print(table(bench.rows))
    if args.quick:
        print(f"\n{QUICK_NOTE}")
    print(
        f"\n{len(bench.rows)} results in {seconds / 60:.1f} minutes; "
        f"load average now {_load(info['load_average_end'])}"
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {"machine": info, "rows": bench.rows, "results": bench.results, "seconds": seconds},
                indent=2,
            )
        )
    if args.docs:
        if chart(bench.results, ROOT / "docs" / "_static" / "scaling.png"):
            print("wrote docs/_static/scaling.png")
        update_docs(
            ROOT / "docs" / "performance.md",
            results_block(bench.rows, info, seconds, args.quick, sizes),
        )
        print("updated docs/performance.md")
    for problem in bench.problems:
        print(f"problem: {problem}", file=sys.stderr)
    return 1 if bench.problems else 0


if __name__ == "__main__":
    sys.exit(main())
