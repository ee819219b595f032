"""The same sources give the same bytes: across builds, folders, ``-j`` and hash seeds.

The course in ``content/`` is copied to two different temporary folders (never built in
the repository) and built to HTML three times: in folder A with ``-j 1`` and ``-j 2``,
and in folder B with ``-j 1``. Every output file (HTML, ``rri.json``, the search index,
static files) must be byte-for-byte the same. A rebuild with nothing changed must not
rewrite ``rri.json``, and builds in child processes with different ``PYTHONHASHSEED``
values (which reorder every ``set`` of strings) must agree too.

``sphinx-rri validate`` must print its findings sorted by page and line, the same on
every run, with ``-j 1`` and with a process pool (``-j 2`` on more than 200 pages), and
under different hash seeds.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import sphinx_rri
from test_hostile import VALIDATE_LINE, assert_build_ok, assert_validate_ok, run_build, run_validate

CONTENT = Path(__file__).parents[1] / "content"
#: Where the sphinx_rri being tested lives, so that child processes import the same one.
SRC = Path(sphinx_rri.__file__).parents[1]

#: The course is themed with furo; where furo is not installed, build with the default.
THEME = () if importlib.util.find_spec("furo") else ("-D", "html_theme=alabaster")


def copy_course(target: Path) -> Path:
    shutil.copytree(CONTENT, target, ignore=shutil.ignore_patterns("_build", ".doctrees"))
    return target


def files_of(outdir: Path) -> dict[str, bytes]:
    """Every output file by relative path; Sphinx's own cache (.doctrees) is not output."""
    return {
        p.relative_to(outdir).as_posix(): p.read_bytes()
        for p in sorted(outdir.rglob("*"))
        if p.is_file() and ".doctrees" not in p.relative_to(outdir).parts
    }


def assert_same_files(one: dict[str, bytes], two: dict[str, bytes]) -> None:
    assert sorted(one) == sorted(two)
    different = [name for name in sorted(one) if one[name] != two[name]]
    assert different == [], f"files that differ: {different}"


def child_env(seed: str) -> dict[str, str]:
    path = os.pathsep.join(p for p in (str(SRC), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, "PYTHONHASHSEED": seed}


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Three HTML builds of the course: A with -j 1, A with -j 2, B with -j 1."""
    # sphinx-immaterial, once imported, changes Sphinx's search indexing for the whole
    # process: these in-process builds would then differ from the child processes'.
    assert "sphinx_immaterial" not in sys.modules, (
        "an earlier test built with sphinx-immaterial in this process; build in a child"
    )
    a = copy_course(tmp_path_factory.mktemp("course-a") / "src")
    b = copy_course(tmp_path_factory.mktemp("course-b") / "deeper" / "course")
    out = {
        "a-j1": (a, a.parent / "html-j1", 1),
        "a-j2": (a, a.parent / "html-j2", 2),
        "b-j1": (b, b.parent / "html", 1),
    }
    for name, (srcdir, outdir, jobs) in out.items():
        gate = run_build(srcdir, "html", outdir=outdir, jobs=jobs, extra=THEME)
        assert_build_ok(gate, srcdir)
        assert gate.status == 0 and gate.err == "", f"build {name}:\n{gate.err}"
    return {name: outdir for name, (_src, outdir, _jobs) in out.items()} | {"src-a": a}


def test_two_builds_in_different_folders_write_the_same_files(builds: dict[str, Path]) -> None:
    one, two = files_of(builds["a-j1"]), files_of(builds["b-j1"])
    assert "rri.json" in one and "gap-report.html" in one and "searchindex.js" in one
    assert_same_files(one, two)


def test_parallel_build_writes_the_same_files(builds: dict[str, Path]) -> None:
    assert_same_files(files_of(builds["a-j1"]), files_of(builds["a-j2"]))


def test_rri_json_is_sorted(builds: dict[str, Path]) -> None:
    data = json.loads((builds["a-j1"] / "rri.json").read_text(encoding="utf-8"))
    docnames = [p["docname"] for p in data["pages"]]
    assert docnames == sorted(docnames) and len(docnames) == len(set(docnames))
    tasks = [(t["docname"], t["line"]) for t in data["tasks"]]
    assert tasks == sorted(tasks) and len(tasks) == 12 + 5  # lifecycle and engagement
    blocks = [(b["docname"], b["line"]) for b in data["next_steps"]]
    assert blocks == sorted(blocks)
    for kind in ("gaps", "errors"):
        found = [(d["docname"], d["line"], d["code"], d["message"]) for d in data[kind]]
        assert found == sorted(found)
    assert data["gaps"], "the course has gaps; the ordering test needs some"


def test_rri_builder_writes_the_same_rri_json(builds: dict[str, Path], tmp_path: Path) -> None:
    gate = run_build(builds["src-a"], "rri", outdir=tmp_path / "rri")
    assert gate.status == 0 and gate.err == "", gate.err
    assert (tmp_path / "rri" / "rri.json").read_bytes() == (
        builds["a-j1"] / "rri.json"
    ).read_bytes()


def test_rebuild_with_nothing_changed_rewrites_nothing(
    tmp_path: Path, builds: dict[str, Path]
) -> None:
    srcdir = copy_course(tmp_path / "src")
    outdir = tmp_path / "html"
    assert run_build(srcdir, "html", outdir=outdir, extra=THEME).status == 0
    before = files_of(outdir)
    stamp = (outdir / "rri.json").stat().st_mtime_ns
    gate = run_build(srcdir, "html", outdir=outdir, fresh=False, extra=THEME)
    assert gate.status == 0 and gate.err == "", gate.err
    assert_same_files(before, files_of(outdir))
    assert (outdir / "rri.json").stat().st_mtime_ns == stamp, "rri.json was written again"
    assert_same_files(before, files_of(builds["a-j1"]))


def test_hash_seed_does_not_change_the_html(tmp_path: Path, builds: dict[str, Path]) -> None:
    """Two child processes whose sets and dicts of strings iterate in different orders."""
    srcdir = builds["src-a"]
    outputs = {}
    for seed in ("1", "4242"):
        outdir = tmp_path / f"seed-{seed}"
        command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E", "-N", "-j", "2"]
        command += [*THEME, str(srcdir), str(outdir)]
        done = subprocess.run(
            command, capture_output=True, text=True, env=child_env(seed), timeout=120
        )
        assert done.returncode == 0 and done.stderr == "", done.stderr[-3000:]
        outputs[seed] = files_of(outdir)
    assert_same_files(outputs["1"], outputs["4242"])
    assert_same_files(outputs["1"], files_of(builds["a-j1"]))


# -- sphinx-rri validate -----------------------------------------------------------------------


def untidy_page(number: int, rng: random.Random) -> str:
    """A course page with errors and gaps at lines that vary from page to page."""
    padding = "\n" * rng.randint(0, 6)
    title = rng.choice(["", "T", "Zeta", "alpha"])
    card_id = rng.choice(["dup", "dup", f"card-{number}", "Not A Slug"])
    return f"""---
title: "{title}"
track: rri
module: {rng.choice(["rri-101", "Bad Module"])}
titel: typo
---
# Page {number}
{padding}
Illustrative examples coming soon.

:::::{{task-card}} Card {number}
:id: {card_id}
:stage: {rng.choice(["system-deployment", "nowhere"])}

::::{{task-importance}}
::::

::::{{illustrative-example}}
:::{{example}} Health care
:::
::::
:::::

See {{rri:task}}`card-{rng.randint(0, 400)}`.

:::{{key-concept}}
:::
"""


@pytest.fixture(scope="module")
def untidy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """210 pages (above the process pool threshold) in names that sort in tricky ways."""
    srcdir = tmp_path_factory.mktemp("untidy") / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinx_rri"]\n', encoding="utf-8")
    rng = random.Random(6)
    names = [f"p{n}" for n in range(200)]
    names += ["a", "a-b", "a_b", "A", "sub/a", "sub-a", "sub/z/deep", "é", "z.x", "10", "9"]
    rng.shuffle(names)  # the order the files are created in
    for number, name in enumerate(names):
        path = srcdir / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(untidy_page(number, rng), encoding="utf-8")
    return srcdir


def docname_and_line(line: str, srcdir: Path) -> tuple[str, int]:
    match = VALIDATE_LINE.match(line)
    assert match, line
    path = Path(os.path.normpath(Path.cwd() / match["path"])).relative_to(srcdir).as_posix()
    return path.rsplit(".", 1)[0], int(match["line"])


def test_validate_output_is_sorted_by_page_and_line(untidy: Path) -> None:
    gate = run_validate(untidy)
    assert_validate_ok(gate, untidy)
    lines = gate.out.splitlines()[:-1]
    assert len(lines) > 1000
    keys = [docname_and_line(line, untidy) for line in lines]
    assert keys == sorted(keys)
    assert len(lines) == len(set(lines)), "a message is printed twice"


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_validate_output_is_stable(untidy: Path, fmt: str) -> None:
    first = run_validate(untidy, "--format", fmt, "-j", "1")
    again = run_validate(untidy, "--format", fmt, "-j", "1")
    pooled = run_validate(untidy, "--format", fmt, "-j", "2")
    assert first.status == again.status == pooled.status == 1
    assert first.err == again.err == pooled.err == ""
    assert first.out == again.out
    assert first.out == pooled.out
    if fmt == "json":
        data = json.loads(first.out)
        for kind in ("errors", "gaps"):
            keys = [(e["docname"], e["line"], e["code"], e["message"]) for e in data[kind]]
            assert keys == sorted(keys)


def test_validate_output_does_not_depend_on_the_hash_seed(untidy: Path) -> None:
    outputs = []
    for seed in ("0", "1", "987654"):
        done = subprocess.run(
            [sys.executable, "-m", "sphinx_rri", "validate", "-j", "2", str(untidy)],
            capture_output=True,
            text=True,
            env=child_env(seed),
            cwd=untidy,
            timeout=120,
        )
        assert done.returncode == 1 and done.stderr == "", done.stderr[-2000:]
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] == outputs[2]


def test_validate_of_the_course_is_stable(tmp_path: Path) -> None:
    srcdir = copy_course(tmp_path / "src")
    runs = [run_validate(srcdir, "--format", fmt) for fmt in ("text", "text", "json", "json")]
    assert all(r.status == 0 and r.err == "" for r in runs)
    assert runs[0].out == runs[1].out and runs[2].out == runs[3].out
    gaps = runs[0].out.splitlines()[:-1]
    assert gaps and all(": gap: " in line for line in gaps)
    keys = [docname_and_line(line, srcdir) for line in gaps]
    assert keys == sorted(keys)
